import { implement } from '#runtime';
import { readService } from '#usecases/service';

/** 阅读回执: opening a served document, which is service where the address was never confirmed. */
export const main = implement('service-read', readService);
