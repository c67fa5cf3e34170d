import { implement } from '#runtime';
import { queryCase } from '#usecases/cases';

/** 扫码查案: the public case query behind the acceptance notice's QR code. No login. */
export const main = implement('case-query', queryCase);
