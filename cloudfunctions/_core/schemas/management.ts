import * as z from 'zod';
import { DEADLINE_KINDS, REMINDER_TEMPLATES } from '#domain/case-deadlines';
import { EXCLUDED_KINDS, LIMIT_PROCEDURES } from '#domain/trial-limits';
import { IsoDate, Page, RequestId } from './common';
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

const WorkbenchDeadline = z.object({
  kind: z.enum(DEADLINE_KINDS),
  label: z.string(),
  date: IsoDate,
  daysLeft: z.number().int(),
  state: z.enum(['overdue', 'due-soon', 'later']),
  stateLabel: z.string(),
  basis: z.string(),
});
export type WorkbenchDeadline = z.infer<typeof WorkbenchDeadline>;

const WorkbenchCase = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  cause: z.string(),
  stateLabel: z.string(),
  /** The presiding judge (承办法官), as the unit view groups cases. */
  judge: z.string().optional(),
  next: WorkbenchDeadline.optional(),
  deadlines: z.array(WorkbenchDeadline),
});
export type WorkbenchCase = z.infer<typeof WorkbenchCase>;

const DeadlineCounts = z.object({
  byKind: z.array(z.object({ kind: z.enum(DEADLINE_KINDS), label: z.string(), count: z.number().int() })),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  later: z.number().int(),
});

const ReminderView = z.object({
  template: z.enum(REMINDER_TEMPLATES),
  kind: z.string(),
  label: z.string(),
  /** The template's id in WeChat, for wx.requestSubscribeMessage (absent: not configured). */
  templateId: z.string().optional(),
  /** Messages the person has accepted and not yet been sent (each acceptance allows one). */
  remaining: z.number().int(),
});

/**
 * 工作台: `mine`, the judge's or clerk's own cases ordered by the next deadline of any kind, with
 * counts per kind; `unit`, the division leader's (his division) or the president's (the court, or
 * one division) cases, overdue first, by judge; `review-queue`, the registrar's queue of filings
 * awaiting review, paged, with what is past its review day (登记立案规定 第八条); `case`, one case's deadlines. `reminders` and `subscribe`: the
 * deadline reminders a party or lawyer accepted on the phone (wx.requestSubscribeMessage), one
 * message per acceptance.
 */
export const WorkbenchInput = z.discriminatedUnion(
  'op',
  [
    // The views: a requestId, when the phone sends one with every call, changes nothing.
    z.strictObject({ op: z.literal('mine'), requestId: RequestId.optional() }),
    z.strictObject({ op: z.literal('unit'), requestId: RequestId.optional(), divisionId: id({ min: 2, max: 80, message: '审判庭编号不正确' }).optional() }),
    // The registrar's whole queue, paged (case-list no longer has a view of it).
    z.strictObject({ op: z.literal('review-queue'), requestId: RequestId.optional(), ...Page.shape }),
    z.strictObject({ op: z.literal('case'), requestId: RequestId.optional(), caseId: CaseId }),
    z.strictObject({ op: z.literal('reminders'), requestId: RequestId.optional() }),
    z.strictObject({
      op: z.literal('subscribe'),
      requestId: RequestId,
      /** The reminders the person accepted in wx.requestSubscribeMessage ('accept'), by template. */
      accepted: z.array(z.enum(REMINDER_TEMPLATES, { error: '提醒类型不正确，请更新小程序后重试' })).max(REMINDER_TEMPLATES.length),
    }),
  ],
  { error: '工作台操作应为 mine、unit、review-queue、case、reminders 或 subscribe' },
);
export type WorkbenchInput = z.input<typeof WorkbenchInput>;

export const WorkbenchOutput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('mine'), cases: z.array(WorkbenchCase), counts: DeadlineCounts, more: z.boolean() }),
  z.object({
    op: z.literal('unit'),
    scope: z.enum(['division', 'court']),
    cases: z.array(WorkbenchCase),
    byJudge: z.array(z.object({ judge: z.string(), cases: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() })),
    counts: DeadlineCounts,
    more: z.boolean(),
  }),
  z.object({
    op: z.literal('review-queue'),
    /** One page of the filings awaiting review, the earliest review day first (so the overdue lead). */
    filings: z.array(
      z.object({
        filingId: z.string(),
        cause: z.string(),
        receivedOn: IsoDate,
        reviewDueOn: IsoDate,
        state: z.enum(['overdue', 'due-soon', 'later']),
        stateLabel: z.string(),
        /** Days to the review day; negative: days overdue. */
        daysLeft: z.number().int(),
      }),
    ),
    /** Over the whole queue, not the page. */
    overdueCount: z.number().int(),
    dueSoonCount: z.number().int(),
    pendingCount: z.number().int(),
    page: z.number().int(),
    hasMore: z.boolean(),
  }),
  z.object({ op: z.literal('case'), caseId: z.string(), deadlines: z.array(WorkbenchDeadline) }),
  z.object({ op: z.literal('reminders'), reminders: z.array(ReminderView) }),
  z.object({ op: z.literal('subscribe'), reminders: z.array(ReminderView) }),
]);
export type WorkbenchOutput = z.infer<typeof WorkbenchOutput>;
