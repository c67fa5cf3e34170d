import { implement } from '#runtime';
import { sendService } from '#usecases/service';

/** 电子送达: a document served on the consenting parties. */
export const main = implement('service-send', sendService);
