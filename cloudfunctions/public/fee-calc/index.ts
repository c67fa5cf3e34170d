import { AppError, implement } from '#runtime';
import { calculateFee, FeeInputError } from '#domain/fees';
import type { FeeCalcOutput } from '#schemas/fees';

/** 诉讼费计算器: what a case or application costs, with the bands and articles applied. Public. */
export const main = implement('fee-calc', async (input): Promise<FeeCalcOutput> => {
  try {
    return calculateFee(input);
  } catch (error) {
    if (error instanceof FeeInputError) throw new AppError('INVALID_INPUT', error.message, { fields: { [error.field]: error.message } });
    throw error;
  }
});
