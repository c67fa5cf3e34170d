import { defineAction } from '#runtime';
import { FeeCalcInput } from '#schemas/fees';
import { quoteFee } from '#usecases/public';

/** 诉讼费计算器: what a case or application costs, with the bands and articles applied. Public. */
export const main = defineAction({ name: 'fee-calc', input: FeeCalcInput, allow: 'public' }, quoteFee);
