import * as z from 'zod';
import { FeeCategories } from '#domain/fees';
import { Fen, RequestId } from './common';

const CATEGORY_NAMES =
  '财产案件 property、离婚 divorce、人格权 personality、其他非财产 other-non-property、知识产权 ip、劳动争议 labour、行政 administrative、商标专利海事行政 administrative-special、管辖权异议 jurisdiction-objection、申请执行 enforcement、申请保全 preservation、支付令 payment-order、公示催告 public-summons、仲裁审查 arbitration-review、破产 bankruptcy';

export const FeeCalcInput = z.object({
  category: z.enum(FeeCategories, { error: `案件类别不正确，可选：${CATEGORY_NAMES}` }),
  amountFen: Fen.optional(),
  procedure: z.enum(['ordinary', 'simplified'], { error: '审理程序应为 ordinary（普通程序）或 simplified（简易程序）' }).optional(),
  outcome: z.enum(['judgment', 'mediation', 'withdrawal'], { error: '结案方式应为 judgment（判决）、mediation（调解）或 withdrawal（撤诉）' }).optional(),
  counterclaim: z.boolean().optional(),
  appeal: z.boolean().optional(),
  rounding: z.object({ unit: z.enum(['fen', 'yuan']), mode: z.enum(['half-up', 'down', 'up', 'half-even']) }).optional(),
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

export const FeeOrderInput = z.object({ requestId: RequestId, caseId: z.string().min(8).max(64) });
export type FeeOrderInput = z.input<typeof FeeOrderInput>;

export const FeeOrderOutput = z.object({
  state: z.enum(['unpaid', 'paid']),
  feeFen: z.number().int(),
  dueOn: z.string(),
  overdue: z.boolean(),
  /** What wx.requestPayment takes. */
  payment: z.object({ timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.string(), paySign: z.string() }).optional(),
});
export type FeeOrderOutput = z.infer<typeof FeeOrderOutput>;

/** WeChat Pay's payment-result event, as cloudPay delivers it to the callback function. */
export const FeePaidInput = z.object({
  returnCode: z.string(),
  resultCode: z.string(),
  outTradeNo: z.string().regex(/^[0-9a-f]{24}F\d+$/, '订单号不属于诉讼费'),
  transactionId: z.string().min(8).max(64),
  totalFee: z.number().int().positive(),
  timeEnd: z.string().optional(),
  subMchId: z.string().optional(),
});
export type FeePaidInput = z.input<typeof FeePaidInput>;

export const FeeRefundInput = z.object({
  requestId: RequestId,
  caseId: z.string().min(8).max(64),
  /** 第十五条: mediation or withdrawal halves the fee; 第二十一条: a claim reduced before the end of court investigation. */
  reason: z.enum(['mediation', 'withdrawal', 'claim-reduced'], { error: '退费事由应为 mediation、withdrawal 或 claim-reduced' }),
  reducedAmountFen: Fen.optional(),
});
export type FeeRefundInput = z.input<typeof FeeRefundInput>;

export const FeeRefundOutput = z.object({ refundFen: z.number().int(), feeFen: z.number().int(), basis: z.array(z.string()) });
export type FeeRefundOutput = z.infer<typeof FeeRefundOutput>;

/** The payment callback's record: a repeated notice from WeChat Pay finds the payment already there. */
export const FeePaidOutput = z.object({ recorded: z.enum(['paid', 'duplicate']) });
export type FeePaidOutput = z.infer<typeof FeePaidOutput>;
