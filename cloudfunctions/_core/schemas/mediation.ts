import * as z from 'zod';
import { ConfirmationBars, ConfirmationRejections, MediatorKinds, MediationStates, ReturnReasons, TerminationReasons } from '#domain/mediation';
import { Fen, IsoDate, RequestId } from './common';
import { CaseId, code, FaceVerifyId, id, personText, Sha256Of } from './fields';
import { UPLOADED_FILE, UploadedFile } from './filing';

/*
 * Online mediation (在线调解规则): the roster, the flow, sessions, the agreement and 调解书, judicial
 * confirmation. One function per person's task, each with operations (design notes: "Fewer
 * functions, more operations").
 */

const MediationId = id({ min: 8, max: 80, required: '缺少调解编号' });
const Openid = code(/^[A-Za-z0-9_-]{1,64}$/, 64, '请选择调解员', '请选择调解员');
const Reason = personText(500, { min: 2, lines: true, required: '请写明理由', tooShort: '请写明理由', tooLong: '理由最多500字' });
const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const Words = z.array(personText(30, { tooShort: '请填写', tooLong: '每项最多30字' })).max(20, '最多20项');

// ---------------------------------------------------------------------------------------------
// mediator-roster: the mediation office keeps the court's roster (在线调解规则 第五条)

export const MediatorRosterInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('save'),
      requestId: RequestId,
      mediator: Openid,
      name: personText(50, { min: 2, required: '请填写调解员姓名', tooShort: '请填写调解员姓名', tooLong: '姓名最多50字' }),
      mediatorKind: z.enum(keys(MediatorKinds), { error: '调解员类别应为法官、专职、兼职、特邀调解组织、特邀调解员或其他' }),
      organisation: personText(100, { min: 2, tooShort: '请填写所在调解组织', tooLong: '调解组织名称最多100字' }).optional(),
      introduction: personText(500, { min: 4, lines: true, required: '请填写调解员简介', tooShort: '请填写调解员简介（至少4字）', tooLong: '简介最多500字' }),
      caseRange: Words.min(1, '请至少填写一类可调解的纠纷'),
      specialities: Words,
      feeCharged: z.boolean({ error: '请说明是否收费' }),
      feeNote: personText(200, { tooShort: '请填写收费说明', tooLong: '收费说明最多200字' }).optional(),
      /** 在线调解规则 第六条: the regions whose cases a foreign, Hong Kong, Macau or Taiwan mediator takes. */
      regions: Words.optional(),
    }),
    z.strictObject({ op: z.literal('retire'), requestId: RequestId, mediator: Openid, reason: Reason }),
  ],
  { error: '操作应为 save（登记或更新调解员）或 retire（移出名册）' },
);
export type MediatorRosterInput = z.input<typeof MediatorRosterInput>;
export const MediatorRosterOutput = z.object({ mediatorId: z.string(), active: z.boolean() });
export type MediatorRosterOutput = z.infer<typeof MediatorRosterOutput>;

// ---------------------------------------------------------------------------------------------
// mediation-apply: application, the court's proposal in a case, screening, the respondent's answer, filing after failure

const Respondent = z.strictObject({
  name: personText(50, { min: 2, required: '请填写被申请人姓名', tooShort: '请填写被申请人姓名', tooLong: '姓名最多50字' }),
  idNumber: z
    .string({ error: '请填写被申请人身份证号码' })
    .max(20, '被申请人身份证号码应为18位')
    .trim()
    .regex(/^\d{17}[\dX]$/, '被申请人身份证号码应为18位'),
  mobile: z
    .string({ error: '请填写被申请人手机号码' })
    .max(11, '被申请人手机号码应为11位')
    .regex(/^1\d{10}$/, '被申请人手机号码应为11位'),
});

export const MediationApplyInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('apply'),
      requestId: RequestId,
      courtId: id({ min: 2, required: '请选择法院', message: '请选择法院' }),
      cause: personText(50, { min: 2, required: '请填写纠纷类型', tooShort: '请填写纠纷类型', tooLong: '纠纷类型最多50字' }),
      summary: personText(2000, { min: 10, lines: true, required: '请简述纠纷', tooShort: '请简述纠纷（至少10字）', tooLong: '纠纷简述最多2000字' }),
      amountFen: Fen,
      respondent: Respondent,
      mobile: z
        .string({ error: '请填写手机号码' })
        .max(11, '手机号码应为11位')
        .regex(/^1\d{10}$/, '手机号码应为11位'),
      /** 在线调解规则 第八条: consent to mediate online; 第十七条: the e-service address confirmed. */
      consent: z.literal(true, { error: '申请在线调解须同意在线调解规则' }),
      addressConfirmed: z.literal(true, { error: '请确认送达地址（电子送达）' }),
      materials: z.array(UploadedFile).max(20, '材料最多20份').default([]),
    }),
    z.strictObject({
      op: z.literal('propose'),
      requestId: RequestId,
      caseId: CaseId,
      /** Judge-led (the presiding judge mediates, 法官主持) or entrusted to a mediator of the roster (委托调解, 特邀 第十一条). */
      mediatedBy: z.enum(['judge', 'roster'], { error: '调解方式应为 judge（法官主持）或 roster（委托名册调解员）' }),
    }),
    z.strictObject({
      op: z.literal('screen'),
      requestId: RequestId,
      mediationId: MediationId,
      decision: z.enum(['accept', 'return'], { error: '审查结论应为 accept（受理）或 return（退回）' }),
      returnReason: z.enum(keys(ReturnReasons), { error: '退回理由应为在线调解规则第九条所列情形之一' }).optional(),
    }),
    z.strictObject({
      op: z.literal('respond'),
      requestId: RequestId,
      mediationId: MediationId,
      consent: z.boolean({ error: '请选择是否同意调解' }),
      addressConfirmed: z.boolean({ error: '请确认送达地址（电子送达）' }).optional(),
    }),
  ],
  { error: '操作应为 apply（申请调解）、propose（引导调解）、screen（审查）或 respond（答复）' },
);
export type MediationApplyInput = z.input<typeof MediationApplyInput>;

const Step = z.object({ kind: z.string(), dueOn: z.string() });
const Period = z.object({ startOn: z.string(), endOn: z.string(), extensionDays: z.number().int() });

export const MediationApplyOutput = z.object({
  mediationId: z.string(),
  state: z.enum(keys(MediationStates)),
  number: z.string().optional(),
  step: Step.optional(),
  period: Period.optional(),
  filingId: z.string().optional(),
});
export type MediationApplyOutput = z.infer<typeof MediationApplyOutput>;

// ---------------------------------------------------------------------------------------------
// mediation-assign: choosing, designating, accepting the mediator; disclosure and recusal

const Ref = { requestId: RequestId, mediationId: MediationId };
export const MediationAssignInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('choose'), ...Ref, mediator: Openid }),
    z.strictObject({ op: z.literal('designate'), ...Ref, mediator: Openid }),
    z.strictObject({ op: z.literal('accept'), ...Ref }),
    z.strictObject({ op: z.literal('decline'), ...Ref, reason: Reason }),
    z.strictObject({
      op: z.literal('disclose'),
      ...Ref,
      text: personText(500, { min: 4, lines: true, required: '请写明需要披露的情形', tooShort: '请写明需要披露的情形', tooLong: '披露内容最多500字' }),
    }),
    z.strictObject({ op: z.literal('object'), ...Ref, reason: Reason }),
  ],
  { error: '操作应为 choose、designate、accept、decline、disclose 或 object' },
);
export type MediationAssignInput = z.input<typeof MediationAssignInput>;
export const MediationAssignOutput = z.object({
  state: z.enum(keys(MediationStates)),
  mediator: z.string().optional(),
  step: Step.optional(),
  period: Period.optional(),
});
export type MediationAssignOutput = z.infer<typeof MediationAssignOutput>;

// ---------------------------------------------------------------------------------------------
// mediation-session: sessions online, by text or asynchronous; caucus; extension; appraisal; the end

export const MediationSessionInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('open'),
      ...Ref,
      mode: z.enum(['online', 'text', 'async'], { error: '调解方式应为 online（视频）、text（文字）或 async（非同步）' }),
      /** A caucus (背靠背) with one party: its place in the mediation's parties. */
      caucus: z.number({ error: '请选择单独沟通的当事人' }).int().min(0).max(49).optional(),
    }),
    z.strictObject({
      op: z.literal('join'),
      ...Ref,
      sessionId: id({ max: 40, required: '缺少会话编号' }),
      /** A face check started for `facePurposes.mediationSession(<mediationId>:<sessionId>)` (在线调解规则 第七条、第十七条). */
      verifyId: FaceVerifyId,
    }),
    z.strictObject({
      op: z.literal('say'),
      ...Ref,
      sessionId: id({ max: 40, required: '缺少会话编号' }),
      text: personText(2000, { lines: true, required: '请输入内容', tooShort: '请输入内容', tooLong: '每次发言最多2000字' }),
    }),
    z.strictObject({ op: z.literal('extend'), ...Ref, to: IsoDate }),
    z.strictObject({ op: z.literal('appraisal'), ...Ref, from: IsoDate, to: IsoDate }),
    z.strictObject({
      op: z.literal('end'),
      ...Ref,
      outcome: z.enum(['failed', 'terminated'], { error: '结果应为 failed（调解不成）或 terminated（终结）' }),
      reason: z.enum(keys(TerminationReasons), { error: '终结理由应为在线调解规则第二十五条所列情形之一' }),
      facts: personText(2000, { min: 4, lines: true, required: '请记录调解的基本事实', tooShort: '请记录调解的基本事实', tooLong: '最多2000字' }),
      /** 在线调解规则 第二十一条: conduct that raised the cost of resolving the dispute. */
      costConduct: personText(1000, { min: 2, lines: true, tooShort: '请写明增加纠纷解决成本的行为', tooLong: '最多1000字' }).optional(),
    }),
  ],
  { error: '操作应为 open、join、say、extend、appraisal 或 end' },
);
export type MediationSessionInput = z.input<typeof MediationSessionInput>;
export const MediationSessionOutput = z.object({
  state: z.enum(keys(MediationStates)),
  sessionId: z.string().optional(),
  period: Period.optional(),
  /** Extensions await every party's consent. */
  awaiting: z.array(z.string()).optional(),
  /** 在线调解规则 第十八条: what was said may not be used later as evidence. */
  notice: z.string().optional(),
  /** An online session's video room (TRTC), issued after the face check. */
  room: z
    .object({ sdkAppId: z.number().int(), userId: z.string(), roomId: z.string(), userSig: z.string(), privateMapKey: z.string(), expiresAt: z.string() })
    .optional(),
});
export type MediationSessionOutput = z.infer<typeof MediationSessionOutput>;

// ---------------------------------------------------------------------------------------------
// mediation-agreement: draft, sign, refuse; in a case the 调解书's receipts, or backing out

const Term = z.strictObject({
  debtor: z.number({ error: '请选择履行方' }).int().min(0).max(49),
  creditor: z.number({ error: '请选择接受方' }).int().min(0).max(49),
  amountFen: Fen.optional(),
  dueOn: IsoDate.optional(),
  instalments: z
    .array(z.strictObject({ amountFen: Fen, dueOn: IsoDate }))
    .max(60, '分期最多60期')
    .optional(),
  act: personText(500, { min: 2, lines: true, tooShort: '请写明应履行的事项', tooLong: '最多500字' }).optional(),
});

export const MediationAgreementInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('draft'),
      ...Ref,
      facts: personText(2000, { min: 4, lines: true, required: '请写明纠纷事实', tooShort: '请写明纠纷事实', tooLong: '最多2000字' }),
      terms: z.array(Term).min(1, '调解协议至少应有一项内容').max(30, '最多30项'),
      feeBearing: personText(200, { min: 2, tooShort: '请写明诉讼费用的负担', tooLong: '最多200字' }).optional(),
    }),
    z.strictObject({
      op: z.literal('sign'),
      ...Ref,
      /** The SHA-256 of the text the signer read: a signature binds that version only. */
      sha256: Sha256Of('协议'),
      /** The drawn signature, uploaded to the signer's own area. */
      signature: code(UPLOADED_FILE, 500, '请手写签名', '请手写签名'),
      /** A face check started for `facePurposes.signature(sha256)` (在线诉讼规则 第三十三条). */
      verifyId: FaceVerifyId,
    }),
    z.strictObject({ op: z.literal('refuse'), ...Ref, reason: Reason }),
    z.strictObject({ op: z.literal('receive'), ...Ref }),
    z.strictObject({ op: z.literal('back-out'), ...Ref, reason: Reason }),
  ],
  { error: '操作应为 draft、sign、refuse、receive 或 back-out' },
);
export type MediationAgreementInput = z.input<typeof MediationAgreementInput>;
export const MediationAgreementOutput = z.object({
  state: z.enum(keys(MediationStates)),
  version: z.number().int().optional(),
  sha256: z.string().optional(),
  signed: z.array(z.string()),
  awaiting: z.array(z.string()),
  effectiveOn: z.string().optional(),
  /** In a case: the 调解书, effective on the last signed receipt, and the case closed. */
  statementEffectiveOn: z.string().optional(),
  caseClosed: z.boolean().optional(),
});
export type MediationAgreementOutput = z.infer<typeof MediationAgreementOutput>;

// ---------------------------------------------------------------------------------------------
// mediation-confirm: judicial confirmation (民事诉讼法 第二百零五条、第二百零六条)

export const MediationConfirmInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('apply'), ...Ref }),
    z.strictObject({
      op: z.literal('accept'),
      ...Ref,
      decision: z.enum(['accept', 'refuse'], { error: '结论应为 accept（受理）或 refuse（不予受理）' }),
      bar: z.enum(keys(ConfirmationBars), { error: '不予受理的理由应为民诉法解释第三百五十五条所列情形之一' }).optional(),
    }),
    z.strictObject({ op: z.literal('extend'), ...Ref }),
    z.strictObject({
      op: z.literal('rule'),
      ...Ref,
      valid: z.boolean({ error: '请选择是否确认调解协议有效' }),
      rejection: z.enum(keys(ConfirmationRejections), { error: '驳回理由应为民诉法解释第三百五十八条所列情形之一' }).optional(),
    }),
  ],
  { error: '操作应为 apply、accept、extend 或 rule' },
);
export type MediationConfirmInput = z.input<typeof MediationConfirmInput>;
export const MediationConfirmOutput = z.object({
  state: z.enum(keys(MediationStates)),
  dueOn: z.string().optional(),
  caseNumber: z.string().optional(),
  decisionDueOn: z.string().optional(),
  awaiting: z.array(z.string()).optional(),
  ruling: z.object({ valid: z.boolean(), enforceable: z.boolean(), reason: z.string().optional(), on: z.string() }).optional(),
  /** The ruling's services on the platform (each party, or its agent who receives service). */
  served: z.number().int().optional(),
  /** A valid ruling, as the decision an enforcement application names (enforcement-apply with `mediationId`). */
  decisionId: z.string().optional(),
});
export type MediationConfirmOutput = z.infer<typeof MediationConfirmOutput>;

// ---------------------------------------------------------------------------------------------
// mediation-detail: one mediation, mine, the mediator's workbench, the roster

export const MediationDetailInput = z.discriminatedUnion(
  'view',
  [
    z.strictObject({ view: z.literal('one'), mediationId: MediationId }),
    z.strictObject({ view: z.literal('mine') }),
    z.strictObject({ view: z.literal('workbench') }),
    z.strictObject({ view: z.literal('roster'), courtId: id({ min: 2, required: '请选择法院', message: '请选择法院' }) }),
  ],
  { error: '查看内容应为 one、mine、workbench 或 roster' },
);
export type MediationDetailInput = z.input<typeof MediationDetailInput>;

export const MediatorView = z.object({
  mediator: z.string(),
  name: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  organisation: z.string().optional(),
  introduction: z.string(),
  caseRange: z.array(z.string()),
  specialities: z.array(z.string()),
  fee: z.object({ charged: z.boolean(), note: z.string().optional() }),
  invitingCourt: z.string(),
  regions: z.array(z.string()).optional(),
});

const Summary = z.object({
  mediationId: z.string(),
  stage: z.enum(['pre-filing', 'in-case']),
  state: z.enum(keys(MediationStates)),
  stateLabel: z.string(),
  cause: z.string(),
  caseNumber: z.string().optional(),
  /** The nearest deadline: the running step's, or the mediation period's end. */
  dueOn: z.string().optional(),
  dueWhat: z.string().optional(),
});

export const MediationDetailOutput = z.discriminatedUnion('view', [
  z.object({
    view: z.literal('one'),
    mediation: Summary.extend({
      courtName: z.string(),
      summary: z.string(),
      amountFen: z.number().int(),
      parties: z.array(z.object({ name: z.string(), role: z.string(), consented: z.boolean() })),
      myRoles: z.array(z.string()),
      mediator: z.object({ name: z.string(), accepted: z.boolean() }).optional(),
      step: Step.optional(),
      period: Period.optional(),
      disclosures: z.array(z.object({ text: z.string(), at: z.string() })),
      sessions: z.array(z.object({ id: z.string(), mode: z.string(), caucus: z.number().int().optional(), attended: z.number().int() })),
      /** What was said, each marked not admissible later (在线调解规则 第十八条); a caucus only to its side and the mediator. */
      statements: z.array(z.object({ at: z.string(), by: z.string(), session: z.string(), caucus: z.number().int().optional(), text: z.string() })),
      inadmissible: z.string(),
      agreement: z
        .object({
          version: z.number().int(),
          text: z.string(),
          sha256: z.string(),
          frozen: z.boolean(),
          signed: z.array(z.string()),
          awaiting: z.array(z.string()),
          effectiveOn: z.string().optional(),
        })
        .optional(),
      statement: z.object({ issuedOn: z.string(), received: z.array(z.string()), effectiveOn: z.string().optional() }).optional(),
      end: z.object({ outcome: z.string(), reason: z.string().optional(), facts: z.string().optional() }).optional(),
      confirmation: z
        .object({
          dueOn: z.string(),
          applied: z.array(z.string()),
          caseNumber: z.string().optional(),
          decisionDueOn: z.string().optional(),
          ruling: z.object({ valid: z.boolean(), enforceable: z.boolean(), reason: z.string().optional(), on: z.string() }).optional(),
          refused: z.string().optional(),
        })
        .optional(),
      filingId: z.string().optional(),
      chainVerified: z.boolean(),
    }),
  }),
  z.object({ view: z.literal('mine'), mediations: z.array(Summary) }),
  z.object({ view: z.literal('workbench'), mediations: z.array(Summary) }),
  z.object({ view: z.literal('roster'), mediators: z.array(MediatorView) }),
]);
export type MediationDetailOutput = z.infer<typeof MediationDetailOutput>;
