import { implement } from '#runtime';
import { orderFee } from '#usecases/fees';

/** 网上缴费: the WeChat Pay order for the case's fee notice, and its state. */
export const main = implement('fee-order', orderFee);
