import { defineAction } from '#runtime';
import { FeePaidInput } from '#schemas/fees';
import { feePaid } from '../../_core/usecases/fees';

// No caller identity: WeChat Pay invokes this; the payment is confirmed with the pay service instead.
const recordPaidFee = defineAction({ name: 'fee-paid', input: FeePaidInput, allow: 'public', mutating: true, requestIdOf: (input) => input.transactionId }, feePaid);

/** The payment callback: WeChat Pay expects `{ errcode: 0 }` once the payment is recorded, and retries otherwise. */
export async function main(event: Record<string, unknown>): Promise<{ errcode: number; errmsg: string }> {
  const result = await recordPaidFee(event);
  return result.ok ? { errcode: 0, errmsg: 'OK' } : { errcode: 1, errmsg: `${result.error.code}: ${result.error.message}` };
}
