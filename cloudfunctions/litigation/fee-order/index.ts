import { defineAction } from '#runtime';
import { FeeOrderInput } from '#schemas/fees';
import { orderFee } from '#usecases/fees';

/** 网上缴费: the WeChat Pay order for the case's fee notice, and its state. */
export const main = defineAction({ name: 'fee-order', input: FeeOrderInput, allow: ['party', 'lawyer'], verified: true, mutating: true }, orderFee);
