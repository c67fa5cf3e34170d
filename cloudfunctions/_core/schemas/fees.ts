import * as z from 'zod';
import { FeeCategories, RefundGrounds } from '#domain/fees';
import { Fen, RequestId } from './common';
import { CaseId, code, notice } from './fields';

const CATEGORY_NAMES =
  '财产案件 property、离婚 divorce、人格权 personality、其他非财产 other-non-property、知识产权 ip、劳动争议 labour、行政 administrative、商标专利海事行政 administrative-special、管辖权异议 jurisdiction-objection、申请执行 enforcement、申请保全 preservation、支付令 payment-order、公示催告 public-summons、仲裁审查 arbitration-review、破产 bankruptcy';

export const FeeCalcInput = z.strictObject({
  category: z.enum(FeeCategories, { error: `案件类别不正确，可选：${CATEGORY_NAMES}` }),
  amountFen: Fen.optional(),
  procedure: z.enum(['ordinary', 'simplified'], { error: '审理程序应为 ordinary（普通程序）或 simplified（简易程序）' }).optional(),
  outcome: z.enum(['judgment', 'mediation', 'withdrawal'], { error: '结案方式应为 judgment（判决）、mediation（调解）或 withdrawal（撤诉）' }).optional(),
  counterclaim: z.boolean().optional(),
  appeal: z.boolean().optional(),
  rounding: z.strictObject({ unit: z.enum(['fen', 'yuan']), mode: z.enum(['half-up', 'down', 'up', 'half-even']) }).optional(),
});
export type FeeCalcInput = z.input<typeof FeeCalcInput>;

export const FeeLine = z.object({
  label: z.string(),
  baseFen: z.number().int().optional(),
  rate: z.string().optional(),
  amountFen: z.number().int(),
});

export const FeeCalcOutput = z.object({
  feeFen: z.number().int(),
  breakdown: z.array(FeeLine),
  basis: z.array(z.string()),
  rangeFen: z.tuple([z.number().int(), z.number().int()]).optional(),
  notes: z.array(z.string()),
});
export type FeeCalcOutput = z.infer<typeof FeeCalcOutput>;

export const FeeOrderInput = z.strictObject({ requestId: RequestId, caseId: CaseId });
export type FeeOrderInput = z.input<typeof FeeOrderInput>;

/** The party's fee record: paid, refunded (confirmed by WeChat Pay), on its way back, and the net. */
export const FeeAccount = z.object({
  paidFen: z.number().int(),
  refundedFen: z.number().int(),
  refundingFen: z.number().int(),
  netFen: z.number().int(),
});

export const FeeOrderOutput = z.object({
  state: z.enum(['unpaid', 'paid']),
  feeFen: z.number().int(),
  account: FeeAccount,
  dueOn: z.string(),
  overdue: z.boolean(),
  /** What wx.requestPayment takes. */
  payment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.string(), paySign: z.string() }).optional(),
});
export type FeeOrderOutput = z.infer<typeof FeeOrderOutput>;

/** WeChat Pay's return and result codes: SUCCESS or FAIL. */
const PayCode = code(/^[A-Z_]{1,16}$/, 16, '支付通知的结果代码不正确');
const OutTradeNo = code(/^[0-9a-f]{24}F\d{1,10}$/, 40, '订单号不属于诉讼费');
const TransactionId = code(/^[A-Za-z0-9_-]{8,64}$/, 64, '支付交易号不正确');

/** WeChat Pay's payment-result event, as cloudPay delivers it to the callback function. */
const FeePaymentEvent = notice({
  returnCode: PayCode,
  resultCode: PayCode,
  outTradeNo: OutTradeNo,
  transactionId: TransactionId,
  totalFee: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** yyyyMMddHHmmss. */
  timeEnd: code(/^\d{14}$/, 14, '支付完成时间格式不正确').optional(),
  subMchId: code(/^[A-Za-z0-9_-]{1,32}$/, 32, '子商户号不正确').optional(),
});

/**
 * WeChat Pay's refund-result notice (退款结果通知), which cloudPay.refund's `functionName`
 * receives: the notice's fields, its req_info decrypted, camelCased.
 */
const FeeRefundEvent = notice({
  returnCode: PayCode,
  outTradeNo: OutTradeNo,
  outRefundNo: code(/^[0-9a-f]{24}R\d{1,10}$/, 40, '退款单号不属于诉讼费'),
  transactionId: TransactionId,
  refundId: code(/^[A-Za-z0-9_-]{1,64}$/, 64, '退款单号不正确'),
  refundFee: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  refundStatus: z.enum(['SUCCESS', 'CHANGE', 'REFUNDCLOSE']),
  /** yyyy-MM-dd HH:mm:ss. */
  successTime: code(/^[0-9: -]{1,32}$/, 32, '退款成功时间格式不正确').optional(),
});

/** The one callback of the fee: a payment's result, or a refund's (the environment's function quota is 50). */
export const FeePaidInput = z.union([FeeRefundEvent, FeePaymentEvent]);
export type FeePaidInput = z.input<typeof FeePaidInput>;

export const FeeRefundInput = z.strictObject({
  requestId: RequestId,
  caseId: CaseId,
  /**
   * The recorded outcome the refund follows from: 调解结案 or 撤诉 (第十五条), 简易程序 (第十六条),
   * a claim reduced before the end of court investigation (第二十一条).
   */
  reason: z.enum(RefundGrounds, {
    error: '退费事由应为 mediation（调解结案）、withdrawal（撤诉）、simplified（简易程序）、claim-reduced（减少诉讼请求）或 dismissal（驳回起诉）',
  }),
});
export type FeeRefundInput = z.input<typeof FeeRefundInput>;

export const FeeRefundOutput = z.object({ refundFen: z.number().int(), feeFen: z.number().int(), basis: z.array(z.string()) });
export type FeeRefundOutput = z.infer<typeof FeeRefundOutput>;

/** The payment callback's record: a repeated notice from WeChat Pay finds the payment already there. */
export const FeePaidOutput = z.object({ recorded: z.enum(['paid', 'duplicate', 'refunded', 'refund-failed']) });
export type FeePaidOutput = z.infer<typeof FeePaidOutput>;
