import * as z from 'zod';
import { FeeCategories, RefundGrounds } from '#domain/fees';
import { AID_GROUNDS, AID_KINDS } from '#domain/judicial-aid';
import { Fen, IsoDate, RequestId } from './common';
import { CaseId, code, notice, personText } from './fields';
import { UploadedFile } from './filing';

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

const AidApplicationId = code(/^aid-[0-9]{1,3}$/, 8, '司法救助申请编号不正确', '请选择司法救助申请');
const AidPercent = z.number({ error: '请填写减交比例' }).int('减交比例须为整数').min(1, '减交比例须为整数百分比').max(99, '全部免交请申请免交');

/**
 * 司法救助 (诉讼费用交纳办法 第四十四条至第五十一条): the plaintiff's side `apply`s for exemption,
 * reduction (≥ 30%) or deferral of the fee with proof (第四十八条); the court `decide`s, a refusal
 * with written reasons; `view` shows the applications and the fee as it now stands.
 */
export const FeeAidInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('apply'),
      requestId: RequestId,
      caseId: CaseId,
      kind: z.enum(AID_KINDS, { error: '救助方式应为 exemption（免交）、reduction（减交）或 deferral（缓交）' }),
      ground: z.enum(AID_GROUNDS, { error: `申请理由不正确，可选：${AID_GROUNDS.join('、')}` }),
      /** A reduction: the percentage asked (at least 30, 第四十六条). */
      percent: AidPercent.optional(),
      /** A deferral: the day asked for. */
      deferTo: IsoDate.optional(),
      facts: personText(2000, { min: 4, lines: true, required: '请写明经济困难的情况', tooShort: '请写明经济困难的情况', tooLong: '最多2000字' }),
      proofs: z.array(UploadedFile).min(1, '请提交经济困难的证明材料（诉讼费用交纳办法 第四十八条）').max(10, '证明材料最多10份'),
    }),
    z.strictObject({
      op: z.literal('decide'),
      requestId: RequestId,
      caseId: CaseId,
      applicationId: AidApplicationId,
      decision: z.enum(['grant', 'refuse'], { error: '决定应为 grant（准予）或 refuse（不予准许）' }),
      /** A reduction granted: the percentage (at least 30, 第四十六条); the one asked when absent. */
      percent: AidPercent.optional(),
      /** A deferral granted: the day the fee is now due. */
      deferredTo: IsoDate.optional(),
      /** A refusal: the written reasons (第四十八条). */
      reason: personText(1000, { min: 4, lines: true, tooShort: '请写明不予准许的理由（至少4字）', tooLong: '理由最多1000字' }).optional(),
    }),
    // A read: a requestId, when the phone sends one with every call, changes nothing.
    z.strictObject({ op: z.literal('view'), requestId: RequestId.optional(), caseId: CaseId }),
  ],
  { error: '操作应为 apply、decide 或 view' },
);
export type FeeAidInput = z.input<typeof FeeAidInput>;

const AidApplicationView = z.object({
  applicationId: z.string(),
  party: z.string(),
  kind: z.enum(AID_KINDS),
  kindLabel: z.string(),
  ground: z.string(),
  percent: z.number().int().optional(),
  deferTo: z.string().optional(),
  appliedOn: z.string(),
  proofs: z.array(z.object({ name: z.string(), sha256: z.string() })),
  /** Applied after the complaint (at the hearing, or past the fee's day): outside 第四十八条, left to the court. */
  warning: z.string().optional(),
  state: z.enum(['applied', 'granted', 'refused']),
  stateLabel: z.string(),
  decidedOn: z.string().optional(),
  reason: z.string().optional(),
});
const AidFeeView = z.object({
  feeFen: z.number().int(),
  dueOn: z.string(),
  state: z.string(),
  /** What was assessed before the aid, and the aid granted (stated in the judgment, 第五十一条). */
  aid: z
    .object({ kind: z.enum(AID_KINDS), kindLabel: z.string(), assessedFen: z.number().int(), percent: z.number().int().optional(), basis: z.string() })
    .optional(),
});
export const FeeAidOutput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('apply'), application: AidApplicationView }),
  z.object({ op: z.literal('decide'), application: AidApplicationView, fee: AidFeeView }),
  z.object({ op: z.literal('view'), applications: z.array(AidApplicationView), fee: AidFeeView }),
]);
export type FeeAidOutput = z.infer<typeof FeeAidOutput>;
export type AidApplicationView = z.infer<typeof AidApplicationView>;
export type AidFeeView = z.infer<typeof AidFeeView>;
