import { defineAction } from '#runtime';
import { FeePaidInput } from '#schemas/fees';
import { feePaid, payCallbackReply } from '#usecases/fees';

/**
 * The payment callback. No caller identity: WeChat Pay invokes it, and the payment is confirmed
 * with the pay service instead; WeChat Pay reads its own reply shape, not the envelope.
 */
export const main = payCallbackReply(defineAction({ name: 'fee-paid', input: FeePaidInput, allow: 'public', mutating: true, requestIdOf: (input) => input.transactionId }, feePaid));
