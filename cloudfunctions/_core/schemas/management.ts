import * as z from 'zod';
import { EXCLUDED_KINDS, LIMIT_PROCEDURES } from '#domain/trial-limits';
import { IsoDate, RequestId } from './common';
import { CaseId, id, personText } from './fields';

/** 审限计算器: a trial limit from the procedure, the filing day, approved extensions and excluded periods. */
export const LimitCalcInput = z
  .object({
    procedure: z.enum(LIMIT_PROCEDURES, { error: `审理程序不正确，可选：${LIMIT_PROCEDURES.join('、')}` }),
    filedOn: IsoDate,
    extensions: z
      .array(z.strictObject({ months: z.number().int('延长月数须为整数').min(1, '延长至少为1个月').max(60, '延长月数过大') }))
      .max(10)
      .optional(),
    excluded: z
      .array(z.strictObject({ from: IsoDate, to: IsoDate }))
      .max(50)
      .optional(),
  })
  .strict();
export type LimitCalcInput = z.input<typeof LimitCalcInput>;

export const LimitCalcOutput = z.object({ expiresOn: IsoDate, basis: z.array(z.string()) });
export type LimitCalcOutput = z.infer<typeof LimitCalcOutput>;

const LimitRequestId = id({ min: 8, max: 80, required: '请选择审批事项', message: '请选择审批事项' });
const Reasons = personText(1000, { min: 4, lines: true, required: '请写明理由', tooShort: '请写明理由（至少4字）', tooLong: '理由最多1000字' });

/**
 * 审限管理: `view` the case's limit (the parties see it too, with every extension and deduction:
 * 延长审限规定 第七条); `request` an extension or a period not counted (the presiding judge, ≥ 15
 * days before expiry for an extension); `decide` one (the president, ≥ 5 days before); `inbox`, the
 * president's pending requests; `convert` simplified to ordinary procedure (民诉法解释 第二百五十八条).
 */
export const TrialLimitInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('view'), caseId: CaseId }),
    z
      .object({
        op: z.literal('request'),
        requestId: RequestId,
        caseId: CaseId,
        kind: z.enum(['extension', 'exclusion'], { error: '申请事项应为 extension（延长审限）或 exclusion（扣除审限）' }),
        /** An extension: how many months. */
        months: z.number({ error: '请填写延长月数' }).int('延长月数须为整数').min(1, '延长至少为1个月').max(12, '一次延长最多12个月').optional(),
        /** A period not counted: its kind and days (民诉法解释 第二百四十三条). */
        exclusion: z
          .object({ type: z.enum(EXCLUDED_KINDS, { error: `扣除事由不正确，可选：${EXCLUDED_KINDS.join('、')}` }), from: IsoDate, to: IsoDate })
          .strict()
          .optional(),
        reasons: Reasons,
      })
      .strict()
      .refine((input) => (input.kind === 'extension' ? input.months !== undefined : input.exclusion !== undefined), {
        message: '延长审限须填写月数，扣除审限须填写扣除事由和起止日期',
        path: ['kind'],
      }),
    z
      .object({
        op: z.literal('decide'),
        requestId: RequestId,
        caseId: CaseId,
        limitRequestId: LimitRequestId,
        decision: z.enum(['approve', 'refuse'], { error: '审批结论应为 approve（批准）或 refuse（不批准）' }),
        reason: personText(1000, { min: 2, lines: true, required: '请写明审批意见', tooShort: '请写明审批意见', tooLong: '审批意见最多1000字' }).optional(),
      })
      .strict()
      .refine((input) => input.decision === 'approve' || input.reason !== undefined, { message: '不批准须写明理由', path: ['reason'] }),
    z.strictObject({ op: z.literal('inbox') }),
    z.strictObject({ op: z.literal('convert'), requestId: RequestId, caseId: CaseId, reasons: Reasons }),
  ],
  { error: '审限操作应为 view、request、decide、inbox 或 convert' },
);
export type TrialLimitInput = z.input<typeof TrialLimitInput>;

const Extension = z.object({ months: z.number().int(), approvedOn: IsoDate, approver: z.enum(['president', 'higher-court']) });
const Excluded = z.object({ type: z.string(), label: z.string(), from: IsoDate, to: IsoDate, days: z.number().int(), basis: z.string(), approvedOn: IsoDate });
export const LimitRequestView = z.object({
  limitRequestId: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  kind: z.enum(['extension', 'exclusion']),
  months: z.number().int().optional(),
  exclusion: z.object({ type: z.string(), label: z.string(), from: IsoDate, to: IsoDate }).optional(),
  reasons: z.string(),
  requestedOn: IsoDate,
  expiresOn: IsoDate,
  decideBy: IsoDate,
  approver: z.enum(['president', 'higher-court']),
  state: z.enum(['pending', 'approved', 'refused']),
  decision: z.object({ on: IsoDate, reason: z.string().optional() }).optional(),
});

export const LimitView = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  procedure: z.enum(LIMIT_PROCEDURES),
  procedureLabel: z.string(),
  filedOn: IsoDate,
  expiresOn: IsoDate,
  requestBy: IsoDate,
  decideBy: IsoDate,
  daysLeft: z.number().int(),
  extensions: z.array(Extension),
  excluded: z.array(Excluded),
  adjournments: z.object({ used: z.number().int(), allowed: z.number().int() }),
  conversion: z.object({ on: IsoDate, from: z.string(), feeDueFen: z.number().int(), feeDueOn: IsoDate }).optional(),
  basis: z.array(z.string()),
});

export const TrialLimitOutput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('view'), limit: LimitView, requests: z.array(LimitRequestView) }),
  z.object({ op: z.literal('request'), request: LimitRequestView }),
  z.object({ op: z.literal('decide'), request: LimitRequestView, limit: LimitView }),
  z.object({ op: z.literal('inbox'), requests: z.array(LimitRequestView) }),
  z.object({ op: z.literal('convert'), limit: LimitView }),
]);
export type TrialLimitOutput = z.infer<typeof TrialLimitOutput>;
export type LimitView = z.infer<typeof LimitView>;
export type LimitRequestView = z.infer<typeof LimitRequestView>;

/**
 * 合议: the panel's notes and votes on a case. Only the panel and the president read them; they are
 * never in a party's case detail, dossier, timeline or export (最高人民法院关于人民法院合议庭工作的若干规定 第十条、第十四条: 合议笔录 入副卷).
 */
export const DeliberationInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('read'), caseId: CaseId, deliberationId: id({ min: 8, max: 120, required: '缺少合议记录编号' }).optional() }),
    z
      .object({
        op: z.literal('record'),
        requestId: RequestId,
        caseId: CaseId,
        /** What is deliberated: the issue voted on. */
        question: personText(200, { min: 2, lines: true, required: '请填写合议事项', tooShort: '请填写合议事项', tooLong: '合议事项最多200字' }),
        note: personText(5000, { min: 2, lines: true, required: '请填写合议意见', tooShort: '请填写合议意见', tooLong: '合议意见最多5000字' }),
        vote: z.enum(['agree', 'disagree', 'abstain'], { error: '表决意见应为 agree（同意）、disagree（不同意）或 abstain（保留意见）' }).optional(),
      })
      .strict(),
  ],
  { error: '合议操作应为 record（记录）或 read（查看）' },
);
export type DeliberationInput = z.input<typeof DeliberationInput>;

const DeliberationEntry = z.object({
  deliberationId: z.string(),
  question: z.string(),
  note: z.string(),
  vote: z.enum(['agree', 'disagree', 'abstain']).optional(),
  byName: z.string(),
  byRole: z.string(),
  at: z.string(),
  /** Each entry's hash, chained to the one before it: the record cannot be changed unseen. */
  hash: z.string(),
});
export const DeliberationOutput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('record'), entry: DeliberationEntry }),
  z.object({
    op: z.literal('read'),
    entries: z.array(DeliberationEntry),
    tally: z.object({ agree: z.number().int(), disagree: z.number().int(), abstain: z.number().int() }),
  }),
]);
export type DeliberationOutput = z.infer<typeof DeliberationOutput>;
