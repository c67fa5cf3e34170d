import { randomBytes } from 'node:crypto';
import type cloud from 'wx-server-sdk';
import { AppError } from './errors';

/** cloudPay's answers, camelCased by wx-server-sdk. */
export interface PayReply {
  returnCode: string;
  resultCode?: string;
  errCode?: string | number;
  errCodeDes?: string;
}
export interface UnifiedOrderReply extends PayReply {
  payment?: { appId: string; timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string };
}
export interface QueryOrderReply extends PayReply {
  tradeState?: 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'PAYERROR';
  totalFee?: number;
  transactionId?: string;
  timeEnd?: string;
}
export interface RefundReply extends PayReply {
  refundId?: string;
  refundFee?: number;
}
/**
 * queryRefund's answer: one entry per refund at the same index of each list (the pay channel's
 * out_refund_no_$n, refund_fee_$n, refund_status_$n as camelCased lists).
 */
export interface QueryRefundReply extends PayReply {
  outTradeNo?: string;
  refundCount?: number;
  outRefundNoList?: string[];
  refundFeeList?: number[];
  refundStatusList?: ('SUCCESS' | 'REFUNDCLOSE' | 'PROCESSING' | 'CHANGE')[];
}

interface CloudPay {
  unifiedOrder(params: Record<string, unknown>): Promise<UnifiedOrderReply>;
  queryOrder(params: Record<string, unknown>): Promise<QueryOrderReply>;
  refund(params: Record<string, unknown>): Promise<RefundReply>;
  queryRefund(params: Record<string, unknown>): Promise<QueryRefundReply>;
}

/** WeChat Pay through cloud calls (cloud.cloudPay), present at run time but absent from the SDK's types. */
export function cloudPay(sdk: typeof cloud): CloudPay {
  return (sdk as unknown as { cloudPay: CloudPay }).cloudPay;
}

/** nonce_str of every cloudPay call: "随机字符串，不长于32位". */
export const payNonce = (): string => randomBytes(16).toString('hex');

/** A refused pay call becomes PAYMENT with WeChat's own explanation. */
export function assertPayOk<R extends PayReply>(reply: R, what: string): R {
  if (reply.returnCode !== 'SUCCESS' || reply.resultCode !== 'SUCCESS') {
    throw new AppError('PAYMENT', `${what}未成功：${reply.errCodeDes ?? String(reply.errCode ?? '支付服务拒绝了请求')}`);
  }
  return reply;
}
