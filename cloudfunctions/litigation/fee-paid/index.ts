import { implement } from '#runtime';
import { feePaid } from '../../_core/usecases/fees';

const recordPaidFee = implement('fee-paid', feePaid);

/** The payment callback: WeChat Pay expects `{ errcode: 0 }` once the payment is recorded, and retries otherwise. */
export async function main(event: Record<string, unknown>): Promise<{ errcode: number; errmsg: string }> {
  const result = await recordPaidFee(event);
  return result.ok ? { errcode: 0, errmsg: 'OK' } : { errcode: 1, errmsg: `${result.error.code}: ${result.error.message}` };
}
