import { implement } from '#runtime';
import { refundFee } from '#usecases/fees';

/** 退费: halving on mediation or withdrawal, or a reduced claim, refunded through WeChat Pay. */
export const main = implement('fee-refund', refundFee);
