import { implement } from '#runtime';
import { actInEnforcement } from '#usecases/enforcement';

/** The executor's steps, mobile logs, records (民事诉讼法 第二百三十九条、第二百五十六条), answers to urges and closing. */
export const main = implement('enforcement-act', actInEnforcement);
