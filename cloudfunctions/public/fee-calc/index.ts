import { implement } from '#runtime';
import { quoteFee } from '#usecases/public';

/** 诉讼费计算器: what a case or application costs, with the bands and articles applied. Public. */
export const main = implement('fee-calc', quoteFee);
