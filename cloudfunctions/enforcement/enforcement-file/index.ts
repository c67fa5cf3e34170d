import { implement } from '#runtime';
import { fileEnforcement } from '#usecases/enforcement';

/** 执行立案 (7 days), the executor drawn or chosen (7 days), resumption as a new 执恢 case. */
export const main = implement('enforcement-file', fileEnforcement);
