import * as z from 'zod';
import { STEP_KINDS, EnforcementExclusions, type ExclusionKind, type StepKind } from '#domain/enforcement';
import { Fen, IsoDate, RequestId } from './common';
import { UploadedFile } from './filing';
import { CaseId, CaseNumber, code, id, personText } from './fields';

const FileId = UploadedFile;

/*
 * 微执行: applying for enforcement, filing and assigning it, the executor's steps and logs, the
 * leader's supervision, and what each side sees. Five functions with operations (court-2's quota).
 */

export const EnforcementId = code(/^[A-Za-z0-9_-]{6,64}$/, 64, '执行案件编号格式不正确', '缺少执行案件编号，请更新小程序后重试');
const Reason = (what: string) => personText(1000, { min: 2, lines: true, required: `请填写${what}`, tooShort: `请填写${what}`, tooLong: `${what}最多1000字` });
const StepKindField = z.enum(STEP_KINDS as [StepKind, ...StepKind[]], { error: '执行事项不正确，请更新小程序后重试' });
const StepId = code(/^[a-z0-9-]{2,40}$/, 40, '执行事项编号格式不正确', '请选择执行事项');
const EXCLUSION_KINDS = Object.keys(EnforcementExclusions) as [ExclusionKind, ...ExclusionKind[]];

// ---------------------------------------------------------------------------------------------
// enforcement-apply: the applicant's acts.

export const EnforcementApplyInput = z.discriminatedUnion(
  'op',
  [
    z
      .strictObject({
        op: z.literal('apply'),
        requestId: RequestId,
        /** The case whose decision is to be enforced (民事诉讼法 第二百四十七条). */
        caseId: CaseId.optional(),
        /** Or the pre-filing mediation whose agreement a 民特 ruling confirmed (民事诉讼法 第二百零六条). */
        mediationId: id({ min: 8, max: 80, required: '缺少调解编号', message: '调解编号不正确' }).optional(),
        decisionId: id({ min: 1, max: 64, required: '请选择要申请执行的生效法律文书', message: '请选择要申请执行的生效法律文书' }),
        /** Known assets (财产线索), as the applicant gives them (执行工作若干问题的规定 第十八条). */
        leads: personText(1000, { lines: true, required: '财产线索应为文字', tooLong: '财产线索最多1000字' }).optional(),
        /** Assets at risk of transfer: leads are verified in 3 days (财产调查规定 第二条). */
        urgent: z.boolean({ error: '是否紧急应为是或否' }).optional(),
      })
      .refine((v) => (v.caseId === undefined) !== (v.mediationId === undefined), { message: '请选择要申请执行的案件或司法确认案件', path: ['caseId'] }),
    z.strictObject({
      op: z.literal('object'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** 民事诉讼法 第二百三十六条: an objection to an act of enforcement. */
      reason: Reason('异议理由'),
    }),
    z.strictObject({
      op: z.literal('outsider-object'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** 民事诉讼法 第二百三十八条: the object of enforcement the outsider claims (a house, an account, goods). */
      object: personText(200, { min: 2, required: '请写明异议的执行标的', tooShort: '请写明异议的执行标的', tooLong: '执行标的最多200字' }),
      reason: Reason('异议理由'),
      /** Proof of the outsider's right (产权证明、合同), uploaded to the caller's own area. */
      proofs: z.array(FileId).min(1, '请提交权利证明材料').max(10, '证明材料最多10份'),
    }),
    z.strictObject({
      op: z.literal('apply-upload'),
      requestId: RequestId,
      /** The court applied to: of the debtor's domicile or where its property is (民事诉讼法 第二百三十五条第二款). */
      courtId: id({ min: 2, required: '请选择法院', message: '请选择法院' }),
      jurisdiction: z.enum(['domicile', 'property'], { error: '请选择向本院申请的理由：被执行人住所地或被执行的财产所在地' }),
      /** The effective decision of another court, as a PDF the applicant uploads. */
      issuingCourt: personText(50, { min: 4, required: '请填写作出生效法律文书的法院', tooShort: '请填写作出生效法律文书的法院', tooLong: '法院名称最多50字' }),
      decisionNumber: CaseNumber,
      title: personText(50, { min: 2, required: '请填写法律文书名称', tooShort: '请填写法律文书名称', tooLong: '文书名称最多50字' }),
      effectiveOn: IsoDate,
      dueOn: IsoDate.optional(),
      file: FileId,
      respondent: personText(100, { min: 2, required: '请填写被执行人名称', tooShort: '请填写被执行人名称', tooLong: '被执行人名称最多100字' }),
      amountFen: Fen.optional(),
      act: personText(200, { min: 2, required: '请写明应履行的行为', tooShort: '请写明应履行的行为', tooLong: '应履行的行为最多200字' }).optional(),
      leads: personText(1000, { lines: true, required: '财产线索应为文字', tooLong: '财产线索最多1000字' }).optional(),
    }),
    /** 民诉法解释 第五百一十七条; 终本规定 第一条第（五）项: the applicant's own written consent to 终结本次执行程序. */
    z.strictObject({ op: z.literal('consent-termination'), requestId: RequestId, enforcementId: EnforcementId }),
  ],
  {
    error:
      '操作应为 apply（申请执行）、apply-upload（依外院法律文书申请执行）、object（提出执行异议）、outsider-object（案外人异议）或 consent-termination（同意终结本次执行程序）',
  },
);
export type EnforcementApplyInput = z.input<typeof EnforcementApplyInput>;

export const EnforcementApplyOutput = z.object({
  op: z.enum(['apply', 'apply-upload', 'object', 'outsider-object', 'consent-termination']),
  enforcementId: z.string(),
  state: z.string(),
  appliedOn: z.string().optional(),
  filingDueOn: z.string().optional(),
  applicationLastDay: z.string().optional(),
  /** Applied after the two years of 民事诉讼法 第二百五十条: accepted, and the debtor told he may object (民诉法解释 第四百八十一条). */
  late: z.boolean().optional(),
  /** The uploaded decision's SHA-256, computed by the function; the filing officer checks the decision before filing. */
  sha256: z.string().optional(),
  /** A 执保 case: a preservation ruling carried out at once (民事诉讼法 第一百零三条). */
  typeCode: z.string().optional(),
  objectionId: z.string().optional(),
  /** The objection's own case number (执异, legal-rules-2 §3.2). */
  objectionNumber: z.string().optional(),
  reviewDueOn: z.string().optional(),
});
export type EnforcementApplyOutput = z.infer<typeof EnforcementApplyOutput>;

// ---------------------------------------------------------------------------------------------
// enforcement-file: the registrar's or the bureau leader's acts.

export const EnforcementFileInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('file'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** For a decision uploaded from another court: the filing officer has checked it against the original or with that court. */
      documentChecked: z.boolean({ error: '是否已核对应为是或否' }).optional(),
    }),
    z.strictObject({ op: z.literal('refuse'), requestId: RequestId, enforcementId: EnforcementId, reason: Reason('不予受理的理由') }),
    z.strictObject({
      op: z.literal('assign'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** The leader's choice; without one, drawn at random among the division's executors. */
      executor: id({ min: 1, max: 64, required: '请选择承办人', message: '请选择承办人' }).optional(),
    }),
    z.strictObject({
      op: z.literal('resume'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** 执行和解规定 第九条; 终本规定 第九条: a breached settlement, or property found after 终本. */
      reason: Reason('恢复执行的理由'),
    }),
  ],
  { error: '操作应为 file（立案）、refuse（不予受理）、assign（确定承办人）或 resume（恢复执行）' },
);
export type EnforcementFileInput = z.input<typeof EnforcementFileInput>;

export const EnforcementFileOutput = z.object({
  op: z.enum(['file', 'refuse', 'assign', 'resume']),
  enforcementId: z.string(),
  state: z.string(),
  caseNumber: z.string().optional(),
  /** 诉讼费用交纳办法 第十四条: the application fee, paid after enforcement by the debtor (第二十条). */
  feeFen: z.number().int().optional(),
  assignmentDueOn: z.string().optional(),
  /** 执恢 after a breached settlement: the period of application from the settlement's last performance day (民诉法解释 第四百六十六条). */
  applicationLastDay: z.string().optional(),
  late: z.boolean().optional(),
  executor: z.object({ openid: z.string(), name: z.string() }).optional(),
  draw: z.object({ seed: z.string(), candidates: z.array(z.object({ openid: z.string(), caseload: z.number() })) }).optional(),
});
export type EnforcementFileOutput = z.infer<typeof EnforcementFileOutput>;

// ---------------------------------------------------------------------------------------------
// enforcement-act: the executor's acts.

const Place = z.strictObject(
  {
    latitude: z.number({ error: '纬度应为数字' }).min(-90, '纬度不正确').max(90, '纬度不正确'),
    longitude: z.number({ error: '经度应为数字' }).min(-180, '经度不正确').max(180, '经度不正确'),
    name: personText(100, { required: '地点名称应为文字', tooLong: '地点名称最多100字' }).optional(),
  },
  { error: '请选择拍摄地点' },
);

export const TerminationFactsInput = z.strictObject({
  consumptionRestricted: z.boolean({ error: '是否已发出限制消费令应为是或否' }),
  dishonestListedOrIneligible: z.boolean({ error: '是否已纳入失信名单（或不符合条件）应为是或否' }),
  measuresExhausted: z.boolean({ error: '是否已穷尽财产调查措施应为是或否' }),
  debtorSearched: z.boolean({ error: '是否已查找被执行人或采取强制措施应为是或否' }),
  applicantInterviewed: z.boolean({ error: '是否已约谈申请执行人应为是或否' }),
});

export const EnforcementActInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('step'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** A step already open, now done; or a new step of `kind` opened from `triggerOn`. */
      stepId: StepId.optional(),
      kind: StepKindField.optional(),
      triggerOn: IsoDate.optional(),
      done: z.boolean({ error: '是否已完成应为是或否' }).optional(),
      note: personText(1000, { lines: true, required: '办理情况应为文字', tooLong: '办理情况最多1000字' }).optional(),
      urgent: z.boolean({ error: '是否紧急应为是或否' }).optional(),
      realEstate: z.boolean({ error: '是否为不动产应为是或否' }).optional(),
      /** Money received (执行款到账) or paid out, in fen. */
      amountFen: Fen.optional(),
    }),
    z.strictObject({
      op: z.literal('log'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** The phone's own id for the log: a log synced twice (offline, then retried) is kept once. */
      clientId: code(/^[A-Za-z0-9_-]{8,64}$/, 64, '日志编号格式不正确', '缺少日志编号，请更新小程序后重试'),
      kind: z.enum(['text', 'photo', 'video'], { error: '日志类型应为文字、照片或视频' }),
      stepId: StepId.optional(),
      capturedAt: z.iso.datetime({ offset: true, error: '拍摄时间格式不正确' }).max(40, '拍摄时间格式不正确'),
      place: Place.optional(),
      file: FileId.optional(),
      text: personText(2000, { lines: true, required: '日志内容应为文字', tooLong: '日志内容最多2000字' }).optional(),
      /** The executor's internal note: never shown to the parties. */
      internal: personText(1000, { lines: true, required: '内部备注应为文字', tooLong: '内部备注最多1000字' }).optional(),
      /** Shown to the parties (执行公开): the default. */
      public: z.boolean({ error: '是否公开应为是或否' }).optional(),
    }),
    z.strictObject({
      op: z.literal('record'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      /** 民事诉讼法 第二百三十九条 the enforcement record; 第二百五十六条 the seizure inventory. */
      kind: z.enum(['record', 'inventory'], { error: '笔录类型应为执行笔录或查封清单' }),
      stepId: StepId.optional(),
      text: Reason('笔录内容'),
      present: z
        .array(
          z.strictObject({
            name: personText(40, { min: 1, required: '请填写在场人姓名', tooShort: '请填写在场人姓名', tooLong: '在场人姓名最多40字' }),
            capacity: personText(40, { min: 1, required: '请填写在场人身份', tooShort: '请填写在场人身份', tooLong: '在场人身份最多40字' }),
            signed: z.boolean({ error: '是否签名应为是或否' }),
          }),
          { error: '请填写在场人' },
        )
        .min(1, '笔录应由在场人签名')
        .max(20, '在场人最多20人'),
      items: z
        .array(
          z.strictObject({
            name: personText(100, { min: 1, required: '请填写财产名称', tooShort: '请填写财产名称', tooLong: '财产名称最多100字' }),
            quantity: personText(40, { min: 1, required: '请填写数量', tooShort: '请填写数量', tooLong: '数量最多40字' }),
          }),
          { error: '查封清单应列明财产' },
        )
        .max(200, '查封清单最多200项')
        .optional(),
      /** The signed record, photographed or scanned. */
      file: FileId.optional(),
      /** CPL 256: the inventory given to the debtor. */
      givenToDebtor: z.boolean({ error: '是否已交被执行人应为是或否' }).optional(),
    }),
    z.strictObject({
      op: z.literal('answer'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      urgeId: code(/^urge-\d{1,4}$/, 9, '催办编号格式不正确', '请选择要答复的催办'),
      reason: Reason('超期原因'),
      newDueOn: IsoDate,
    }),
    z.strictObject({
      op: z.literal('exclude'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      kind: z.enum(EXCLUSION_KINDS, { error: '不计入期限的事由不正确' }),
      from: IsoDate,
      to: IsoDate,
    }),
    z.strictObject({
      op: z.literal('close'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      method: z.enum(['completed', 'terminated-this-round', 'terminated', 'settlement'], { error: '结案方式不正确' }),
      reason: personText(1000, { lines: true, required: '结案理由应为文字', tooLong: '结案理由最多1000字' }).optional(),
      /** 终本: the conditions of 终本规定 第一条 as the executor records them. */
      termination: TerminationFactsInput.optional(),
      /** 执行和解: the settlement's last performance day (执行和解规定 第十条). */
      lastPerformanceOn: IsoDate.optional(),
    }),
    z.strictObject({
      op: z.literal('search'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      found: z.boolean({ error: '是否发现财产应为是或否' }),
      note: personText(1000, { lines: true, required: '查控情况应为文字', tooLong: '查控情况最多1000字' }).optional(),
    }),
  ],
  { error: '操作应为 step、log、record、answer、exclude、close 或 search' },
);
export type EnforcementActInput = z.input<typeof EnforcementActInput>;

const ChecklistItem = z.object({ condition: z.string(), label: z.string(), met: z.boolean() });

export const EnforcementActOutput = z.object({
  op: z.string(),
  enforcementId: z.string(),
  state: z.string(),
  stepId: z.string().optional(),
  dueOn: z.string().optional(),
  logId: z.string().optional(),
  sha256: z.string().optional(),
  capturedAt: z.string().optional(),
  uploadedAt: z.string().optional(),
  recordId: z.string().optional(),
  periodLastDay: z.string().optional(),
  checklist: z.array(ChecklistItem).optional(),
  nextSearchOn: z.string().optional(),
});
export type EnforcementActOutput = z.infer<typeof EnforcementActOutput>;

// ---------------------------------------------------------------------------------------------
// enforcement-supervise: the leader's (and the president's) acts.

export const EnforcementSuperviseInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('urge'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      stepId: StepId,
      note: Reason('催办意见'),
    }),
    /** The sweep (also run hourly by the function's timer trigger): urges unanswered past their time go up a level, overruns are recorded. */
    z.strictObject({ op: z.literal('sweep'), requestId: RequestId }),
    /** 执行期限规定（2006） 第一条: the (vice-)president extends the period. */
    z.strictObject({
      op: z.literal('extend'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      months: z.number({ error: '延长期限应为月数' }).int('延长期限应为整月').min(1, '延长期限至少1个月').max(6, '延长期限最多6个月'),
      reason: Reason('延长理由'),
    }),
    /** 终本规定 第一条第（五）项: without the applicant's consent, the panel's view and the president's approval of 终结本次执行程序. */
    z.strictObject({ op: z.literal('approve-termination'), requestId: RequestId, enforcementId: EnforcementId, reason: Reason('合议庭意见') }),
    /** 民事诉讼法 第二百三十六条、第二百三十八条: the ruling on an objection, within 15 days of its receipt. */
    z.strictObject({
      op: z.literal('rule-objection'),
      requestId: RequestId,
      enforcementId: EnforcementId,
      objectionId: code(/^objection-\d{1,4}$/, 20, '异议编号格式不正确', '请选择异议'),
      sustained: z.boolean({ error: '请选择异议是否成立' }),
      reason: Reason('裁定理由'),
    }),
  ],
  { error: '操作应为 urge（催办）、sweep（督办巡查）、extend（延长期限）或 rule-objection（异议裁定）' },
);
export type EnforcementSuperviseInput = z.input<typeof EnforcementSuperviseInput>;

export const ObjectionView = z.object({
  objectionId: z.string(),
  kind: z.enum(['act', 'outsider']),
  caseNumber: z.string().optional(),
  object: z.string().optional(),
  reason: z.string(),
  filedOn: z.string(),
  reviewDueOn: z.string(),
  ruling: z
    .object({
      sustained: z.boolean(),
      reason: z.string(),
      on: z.string(),
      /** What follows the ruling, as the law gives it (复议 in 10 days; 中止执行该标的; 诉讼 in 15 days). */
      remedy: z.string(),
      remedyDueOn: z.string().optional(),
    })
    .optional(),
});

export const EnforcementSuperviseOutput = z.object({
  op: z.enum(['urge', 'sweep', 'extend', 'rule-objection', 'approve-termination']),
  enforcementId: z.string().optional(),
  urgeId: z.string().optional(),
  answerDueAt: z.string().optional(),
  escalated: z.number().int().optional(),
  /** Steps past their due day the sweep recorded. */
  overdue: z.number().int().optional(),
  /** The sweep took a full page: more of the unit's cases await the next one. */
  more: z.boolean().optional(),
  periodLastDay: z.string().optional(),
  objection: ObjectionView.optional(),
});
export type EnforcementSuperviseOutput = z.infer<typeof EnforcementSuperviseOutput>;

// ---------------------------------------------------------------------------------------------
// enforcement-view: what each one sees.

export const EnforcementViewInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('detail'), enforcementId: EnforcementId }),
    /** The executor's own cases' open steps, by due date. */
    z.strictObject({ op: z.literal('tasks') }),
    /** The leader's dashboard of the unit: overdue and due soon first, by executor. */
    z.strictObject({ op: z.literal('dashboard'), limit: z.number({ error: '条数应为数字' }).int().min(1, '条数至少1').max(500, '条数最多500').optional() }),
    /** The filing officer's queue: the court's applications awaiting the filing decision, the earliest due first. */
    z.strictObject({ op: z.literal('applications') }),
  ],
  { error: '操作应为 detail（案件详情）、tasks（我的待办）、dashboard（督办看板）或 applications（待立案审查的执行申请）' },
);
export type EnforcementViewInput = z.input<typeof EnforcementViewInput>;

const StepView = z.object({
  stepId: z.string(),
  kind: z.string(),
  label: z.string(),
  triggerOn: z.string(),
  dueOn: z.string(),
  doneOn: z.string().optional(),
  state: z.enum(['done', 'overdue', 'due-soon', 'open']),
  stateLabel: z.string(),
  basis: z.string(),
});

const LogView = z.object({
  logId: z.string(),
  kind: z.enum(['text', 'photo', 'video']),
  stepId: z.string().optional(),
  capturedAt: z.string(),
  uploadedAt: z.string(),
  place: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional() }).optional(),
  text: z.string().optional(),
  sha256: z.string().optional(),
  fileName: z.string().optional(),
  /** Only to the court's people. */
  internal: z.string().optional(),
  public: z.boolean(),
});

const UrgeView = z.object({
  urgeId: z.string(),
  stepId: z.string(),
  note: z.string(),
  urgedAt: z.string(),
  level: z.string(),
  answer: z.object({ reason: z.string(), newDueOn: z.string(), at: z.string() }).optional(),
  escalatedAt: z.string().optional(),
});

/** A decision of another court as the applicant stated it, with the hash of the PDF the function computed. */
const UploadedView = z.object({
  court: z.string(),
  effectiveOn: z.string(),
  jurisdiction: z.enum(['domicile', 'property']),
  sha256: z.string(),
  fileName: z.string(),
  /** When the filing officer checked it (执行工作若干问题的规定 第十八条). */
  checkedOn: z.string().optional(),
});

/** An application awaiting the filing decision (执行工作若干问题的规定 第十六条: 7 days), as the filing officer examines it. */
const ApplicationRow = z.object({
  enforcementId: z.string(),
  typeCode: z.string(),
  urgent: z.boolean(),
  appliedOn: z.string(),
  filingDueOn: z.string(),
  source: z.object({ caseNumber: z.string(), title: z.string() }),
  parties: z.array(z.object({ role: z.string(), name: z.string() })),
  amountFen: z.number().int(),
  act: z.string().optional(),
  late: z.boolean(),
  uploaded: UploadedView.extend({ url: z.string() }).optional(),
});

const TaskRow = z.object({
  enforcementId: z.string(),
  caseNumber: z.string(),
  executor: z.string(),
  stepId: z.string(),
  label: z.string(),
  dueOn: z.string(),
  state: z.enum(['done', 'overdue', 'due-soon', 'open']),
  stateLabel: z.string(),
  urged: z.boolean(),
});

export const EnforcementViewOutput = z.object({
  op: z.enum(['detail', 'tasks', 'dashboard', 'applications']),
  case: z
    .object({
      enforcementId: z.string(),
      caseNumber: z.string(),
      state: z.string(),
      stateLabel: z.string(),
      source: z.object({ caseNumber: z.string(), title: z.string() }),
      parties: z.array(z.object({ role: z.string(), name: z.string() })),
      appliedOn: z.string(),
      late: z.boolean(),
      /** 执, 执恢 or 执保 (a preservation ruling carried out at once: no performance period, no 2-year period, urgent). */
      typeCode: z.string(),
      urgent: z.boolean(),
      /** The last day of the 2-year period of 民事诉讼法 第二百五十条; none for a 执保 case. */
      applicationLastDay: z.string().optional(),
      uploaded: UploadedView.optional(),
      filedOn: z.string().optional(),
      executor: z.string().optional(),
      feeFen: z.number().int().optional(),
      periodLastDay: z.string().optional(),
      /** 民事诉讼法 第二百三十七条: after this day without enforcement the applicant may apply to the higher court. */
      higherCourtAfter: z.string(),
      receivedFen: z.number().int(),
      paidFen: z.number().int(),
      closing: z.object({ method: z.string(), label: z.string(), on: z.string(), nextSearchOn: z.string().optional() }).optional(),
      steps: z.array(StepView),
      logs: z.array(LogView),
      urges: z.array(UrgeView).optional(),
      objections: z.array(ObjectionView),
      chainVerified: z.boolean(),
    })
    .optional(),
  rows: z.array(TaskRow).optional(),
  applications: z.array(ApplicationRow).optional(),
  byExecutor: z.array(z.object({ executor: z.string(), overdue: z.number().int(), dueSoon: z.number().int(), open: z.number().int() })).optional(),
  total: z.number().int().optional(),
});
export type EnforcementViewOutput = z.infer<typeof EnforcementViewOutput>;
