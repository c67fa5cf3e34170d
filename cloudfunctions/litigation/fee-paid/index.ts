import { implement } from '#runtime';
import { feePaid, payCallbackReply } from '#usecases/fees';

/**
 * The payment callback. No caller identity: WeChat Pay invokes it, and the payment is confirmed
 * with the pay service instead; WeChat Pay reads its own reply shape, not the envelope.
 */
export const main = payCallbackReply(implement('fee-paid', feePaid));
