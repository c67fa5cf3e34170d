import { implement } from '#runtime';
import { calculateLimit } from '#usecases/public';

/** 审限计算器: the last day of a trial limit, with extensions and excluded periods. Public. */
export const main = implement('limit-calc', calculateLimit);
