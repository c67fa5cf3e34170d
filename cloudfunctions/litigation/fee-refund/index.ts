import { defineAction } from '#runtime';
import { FeeRefundInput } from '#schemas/fees';
import { refundFee } from '#usecases/fees';

/** 退费: halving on mediation or withdrawal, or a reduced claim, refunded through WeChat Pay. */
export const main = defineAction({ name: 'fee-refund', input: FeeRefundInput, allow: ['judge', 'clerk'], mutating: true }, refundFee);
