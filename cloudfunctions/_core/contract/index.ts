import type * as z from 'zod';
import { action, CASE_READERS, type ActionEntry, type EnvironmentKey } from './base';
import * as agents from '../schemas/agents';
import * as cases from '../schemas/cases';
import * as claims from '../schemas/claims';
import * as closing from '../schemas/closing';
import * as deadlines from '../schemas/deadlines';
import * as dossier from '../schemas/dossier';
import * as drafts from '../schemas/drafts';
import * as enforcement from '../schemas/enforcement';
import * as fees from '../schemas/fees';
import * as filing from '../schemas/filing';
import * as hearings from '../schemas/hearings';
import * as identity from '../schemas/identity';
import * as management from '../schemas/management';
import * as mediation from '../schemas/mediation';
import * as notices from '../schemas/notices';
import * as review from '../schemas/review';
import * as trial from '../schemas/trial';
import * as verify from '../schemas/verify';

/**
 * The one contract between the phone and the cloud: every action with its module, schemas,
 * callers, deployment environment. A function's index.ts, the mini-program's call(), the tests'
 * callFunction, the build's checks and the published JSON Schemas all derive from it.
 *
 * This file is imported by the mini-program's type checker and by scripts at run time: it may
 * import schemas, and only types from the runtime (which starts the SDK when loaded).
 */

export * from './base';

const staffOfCase = ['judge', 'clerk'] as const;
const citizens = ['party', 'lawyer'] as const;

export const contract = {
  // 群众服务: no login.
  'court-list': action({ module: 'public', title: '法院列表', input: cases.CourtListInput, output: cases.CourtListOutput, allow: 'public', access: 'public' }),
  'fee-calc': action({ module: 'public', title: '诉讼费计算器', input: fees.FeeCalcInput, output: fees.FeeCalcOutput, allow: 'public', access: 'public' }),
  'deadline-calc': action({
    module: 'public',
    title: '期限计算器',
    input: deadlines.DeadlineCalcInput,
    output: deadlines.DeadlineCalcOutput,
    allow: 'public',
    access: 'public',
  }),
  'limit-calc': action({
    module: 'public',
    title: '审限计算器',
    input: management.LimitCalcInput,
    output: management.LimitCalcOutput,
    allow: 'public',
    access: 'public',
  }),
  'judgment-search': action({
    module: 'public',
    title: '裁判文书公开查询',
    input: closing.JudgmentSearchInput,
    output: closing.JudgmentSearchOutput,
    allow: 'public',
    access: 'public',
  }),
  'case-query': action({ module: 'public', title: '扫码查案', input: cases.CaseQueryInput, output: cases.CaseQueryOutput, allow: 'public', access: 'public' }),
  'public-notices': action({
    module: 'public',
    title: '开庭公告、庭审直播与法院信息',
    input: notices.PublicNoticesInput,
    output: notices.PublicNoticesOutput,
    allow: 'public',
    access: 'public',
  }),

  // 微诉讼.
  'session-info': action({
    module: 'litigation',
    title: '我的身份',
    input: cases.SessionInfoInput,
    output: cases.SessionInfoOutput,
    allow: CASE_READERS,
    access: 'own',
  }),
  'identity-verify': action({
    module: 'litigation',
    title: '实名认证',
    input: identity.IdentityVerifyInput,
    output: identity.IdentityVerifyOutput,
    allow: ['party'],
    access: 'own',
    mutating: true,
  }),
  'filing-draft': action({
    module: 'litigation',
    title: '立案草稿',
    input: drafts.FilingDraftInput,
    output: drafts.FilingDraftOutput,
    allow: citizens,
    access: 'own',
    mutating: true,
    // Loading a draft changes nothing and needs no requestId.
    requestIdDefault: 'load',
  }),
  'filing-submit': action({
    module: 'litigation',
    title: '网上立案',
    input: filing.FilingSubmitInput,
    output: filing.FilingSubmitOutput,
    allow: citizens,
    access: 'own',
    verified: true,
    mutating: true,
  }),
  'filing-review': action({
    module: 'litigation',
    title: '立案审查',
    input: review.FilingReviewInput,
    output: review.FilingReviewOutput,
    allow: ['registrar'],
    access: ['filing.review'],
    mutating: true,
  }),
  'case-join': action({
    module: 'litigation',
    title: '应诉',
    input: cases.CaseJoinInput,
    output: cases.CaseJoinOutput,
    allow: citizens,
    access: 'own',
    verified: true,
    mutating: true,
    eventFirst: { chains: ['cases'] },
  }),
  'case-list': action({
    module: 'litigation',
    title: '我的案件',
    input: cases.CaseListInput,
    output: cases.CaseListOutput,
    allow: CASE_READERS,
    access: 'own',
  }),
  'case-detail': action({
    module: 'litigation',
    title: '案件详情',
    input: cases.CaseDetailInput,
    output: cases.CaseDetailOutput,
    allow: CASE_READERS,
    access: ['case.read', 'filing.read'],
  }),
  'fee-aid': action({
    module: 'litigation',
    title: '司法救助',
    input: fees.FeeAidInput,
    output: fees.FeeAidOutput,
    allow: ['registrar', 'judge', 'clerk', 'lawyer', 'party'],
    access: ['fee.aid-apply', 'fee.aid-decide', 'fee.aid-read'],
    verified: true,
    mutating: true,
    // Viewing the applications changes nothing and needs no requestId.
    requestIdDefault: 'view',
  }),
  'fee-order': action({
    module: 'litigation',
    title: '网上缴费',
    input: fees.FeeOrderInput,
    output: fees.FeeOrderOutput,
    allow: citizens,
    access: ['fee.pay'],
    verified: true,
    mutating: true,
    eventFirst: { chains: ['cases'], sides: ['payments'] },
  }),
  'fee-paid': action({
    module: 'litigation',
    title: '缴费回调',
    input: fees.FeePaidInput,
    output: fees.FeePaidOutput,
    // No caller identity: WeChat Pay invokes it; the payment is confirmed with the pay service instead.
    allow: 'public',
    access: 'public',
    mutating: true,
    eventFirst: { chains: ['cases'], sides: ['payments'] },
    // A refund's notice carries the payment's transaction id too: it is identified by its refund number.
    requestIdField: ['outRefundNo', 'transactionId'],
    callback: true,
  }),
  'fee-refund': action({
    module: 'litigation',
    title: '退费',
    input: fees.FeeRefundInput,
    output: fees.FeeRefundOutput,
    allow: staffOfCase,
    access: ['fee.refund'],
    mutating: true,
  }),
  'hearing-schedule': action({
    module: 'litigation',
    title: '排期开庭',
    input: trial.HearingScheduleInput,
    output: trial.HearingScheduleOutput,
    allow: staffOfCase,
    access: ['hearing.schedule'],
    mutating: true,
  }),
  // 在线庭审.
  'hearing-consent': action({
    module: 'litigation',
    title: '在线庭审的同意',
    input: hearings.HearingConsentInput,
    output: hearings.HearingConsentOutput,
    allow: [...citizens, ...staffOfCase],
    access: ['hearing.attend', 'hearing.rule'],
    mutating: true,
    eventFirst: { chains: ['cases'], sides: ['hearing_sessions'] },
  }),
  'hearing-checkin': action({
    module: 'litigation',
    title: '庭前签到与候庭',
    input: hearings.HearingCheckinInput,
    output: hearings.HearingCheckinOutput,
    allow: [...citizens, ...staffOfCase],
    access: ['hearing.attend', 'hearing.conduct'],
    mutating: true,
  }),
  'hearing-room': action({
    module: 'litigation',
    title: '进入庭审视频房间',
    input: hearings.HearingRoomInput,
    output: hearings.HearingRoomOutput,
    allow: [...citizens, ...staffOfCase],
    access: ['hearing.enter'],
  }),
  'hearing-run': action({
    module: 'litigation',
    title: '庭审记录',
    input: hearings.HearingRunInput,
    output: hearings.HearingRunOutput,
    allow: staffOfCase,
    access: ['hearing.conduct', 'hearing.rule'],
    mutating: true,
  }),
  'hearing-async': action({
    module: 'litigation',
    title: '非同步审理',
    input: hearings.HearingAsyncInput,
    output: hearings.HearingAsyncOutput,
    allow: [...citizens, ...staffOfCase],
    access: ['hearing.enter', 'hearing.attend', 'hearing.rule'],
    mutating: true,
    // Viewing changes nothing and needs no requestId.
    requestIdDefault: 'view',
  }),
  'hearing-public': action({
    module: 'litigation',
    title: '公开审理与庭审直播',
    input: hearings.HearingPublicInput,
    output: hearings.HearingPublicOutput,
    allow: CASE_READERS,
    access: ['case.read', 'hearing.attend', 'hearing.publicity', 'broadcast.decide'],
    mutating: true,
    // Viewing changes nothing and needs no requestId.
    requestIdDefault: 'view',
  }),
  transcript: action({
    module: 'litigation',
    title: '庭审笔录',
    input: hearings.TranscriptInput,
    output: hearings.TranscriptOutput,
    allow: [...citizens, ...staffOfCase],
    access: ['hearing.enter', 'hearing.attend', 'hearing.conduct'],
    mutating: true,
  }),
  'evidence-add': action({
    module: 'litigation',
    title: '提交证据',
    input: dossier.EvidenceAddInput,
    output: dossier.EvidenceAddOutput,
    allow: citizens,
    access: ['evidence.add'],
    verified: true,
    mutating: true,
    eventFirst: { chains: ['cases'], sides: ['evidence'] },
  }),
  'evidence-list': action({
    module: 'litigation',
    title: '证据目录',
    input: dossier.EvidenceListInput,
    output: dossier.EvidenceListOutput,
    allow: CASE_READERS,
    access: ['evidence.read'],
  }),
  'evidence-opinion': action({
    module: 'litigation',
    title: '质证',
    input: dossier.EvidenceOpinionInput,
    output: dossier.EvidenceOpinionOutput,
    allow: citizens,
    access: ['evidence.opinion'],
    verified: true,
    mutating: true,
  }),
  'evidence-verify': action({
    module: 'litigation',
    title: '证据校验',
    input: dossier.EvidenceVerifyInput,
    output: dossier.EvidenceVerifyOutput,
    allow: CASE_READERS,
    access: ['evidence.read'],
  }),
  'dossier-list': action({
    module: 'litigation',
    title: '电子卷宗',
    input: dossier.DossierListInput,
    output: dossier.DossierListOutput,
    allow: CASE_READERS,
    access: ['dossier.read', 'enforcement.read'],
  }),
  'dossier-url': action({
    module: 'litigation',
    title: '阅卷',
    input: dossier.DossierUrlInput,
    output: dossier.DossierUrlOutput,
    allow: CASE_READERS,
    access: ['dossier.read', 'enforcement.read'],
  }),
  'service-send': action({
    module: 'litigation',
    title: '电子送达',
    input: dossier.ServiceSendInput,
    output: dossier.ServiceSendOutput,
    // The registrar records the offline service of a refusal ruling on a filing that never became a case.
    allow: [...staffOfCase, 'registrar'],
    access: ['service.send', 'service.record', 'filing.record-service'],
    mutating: true,
    eventFirst: { chains: ['cases', 'filings'], sides: ['services'] },
  }),
  'service-inbox': action({
    module: 'litigation',
    title: '送达文书',
    input: dossier.ServiceInboxInput,
    output: dossier.ServiceInboxOutput,
    allow: CASE_READERS,
    access: 'own',
  }),
  'service-read': action({
    module: 'litigation',
    title: '阅读回执',
    input: dossier.ServiceReadInput,
    output: dossier.ServiceReadOutput,
    allow: citizens,
    access: 'own',
    mutating: true,
    eventFirst: { chains: ['cases', 'filings'], sides: ['services'] },
  }),
  'message-send': action({
    module: 'litigation',
    title: '联系法官',
    input: dossier.MessageSendInput,
    output: dossier.MessageSendOutput,
    allow: CASE_READERS,
    access: ['message.send'],
    mutating: true,
  }),
  'message-list': action({
    module: 'litigation',
    title: '案件留言',
    input: dossier.MessageListInput,
    output: dossier.MessageListOutput,
    allow: CASE_READERS,
    access: ['message.read'],
  }),

  // 案件管理.
  // 在线调解 (在线调解规则): deployed in the court's second environment, over the court's database.
  'mediator-roster': action({
    module: 'litigation',
    env: 'court-2',
    title: '调解员名册',
    input: mediation.MediatorRosterInput,
    output: mediation.MediatorRosterOutput,
    allow: ['mediation-office'],
    access: ['mediation.roster'],
    mutating: true,
  }),
  'mediation-apply': action({
    module: 'litigation',
    env: 'court-2',
    title: '申请调解',
    input: mediation.MediationApplyInput,
    output: mediation.MediationApplyOutput,
    allow: [...citizens, ...staffOfCase, 'mediation-office'],
    access: ['mediation.respond', 'mediation.manage', 'mediation.conduct'],
    mutating: true,
  }),
  'mediation-assign': action({
    module: 'litigation',
    env: 'court-2',
    title: '选定调解员',
    input: mediation.MediationAssignInput,
    output: mediation.MediationAssignOutput,
    allow: [...citizens, 'judge', 'mediator', 'mediation-office'],
    access: ['mediation.respond', 'mediation.manage', 'mediation.conduct'],
    mutating: true,
  }),
  'mediation-session': action({
    module: 'litigation',
    env: 'court-2',
    title: '调解会话',
    input: mediation.MediationSessionInput,
    output: mediation.MediationSessionOutput,
    allow: [...citizens, 'judge', 'clerk', 'mediator'],
    access: ['mediation.read', 'mediation.conduct', 'mediation.respond'],
    mutating: true,
  }),
  'mediation-agreement': action({
    module: 'litigation',
    env: 'court-2',
    title: '调解协议与调解书',
    input: mediation.MediationAgreementInput,
    output: mediation.MediationAgreementOutput,
    allow: [...citizens, 'judge', 'mediator'],
    access: ['mediation.sign', 'mediation.conduct'],
    mutating: true,
  }),
  'mediation-confirm': action({
    module: 'litigation',
    env: 'court-2',
    title: '司法确认',
    input: mediation.MediationConfirmInput,
    output: mediation.MediationConfirmOutput,
    allow: [...citizens, 'judge', 'president'],
    access: ['mediation.respond', 'confirmation.decide', 'confirmation.rule', 'confirmation.extend'],
    mutating: true,
  }),
  'mediation-detail': action({
    module: 'litigation',
    env: 'court-2',
    title: '调解详情',
    input: mediation.MediationDetailInput,
    output: mediation.MediationDetailOutput,
    allow: [...CASE_READERS, 'mediation-office'],
    access: ['mediation.read'],
  }),

  'case-assign': action({
    module: 'management',
    title: '分案',
    input: trial.CaseAssignInput,
    output: trial.CaseAssignOutput,
    allow: ['leader', 'registrar'],
    access: ['case.assign'],
    mutating: true,
    eventFirst: { chains: ['cases'], counters: ['staff'] },
  }),

  // 微执行: in the court's second environment (court-2), over the court's database.
  'enforcement-apply': action({
    module: 'enforcement',
    title: '申请执行、提出执行异议和案外人异议',
    input: enforcement.EnforcementApplyInput,
    output: enforcement.EnforcementApplyOutput,
    allow: citizens,
    access: ['enforcement.apply', 'enforcement.object', 'enforcement.outsider-object', 'enforcement.apply-upload'],
    verified: true,
    mutating: true,
    env: 'court-2',
  }),
  'enforcement-file': action({
    module: 'enforcement',
    title: '执行立案、确定承办人、恢复执行',
    input: enforcement.EnforcementFileInput,
    output: enforcement.EnforcementFileOutput,
    allow: ['registrar', 'leader'],
    access: ['enforcement.file', 'case.assign'],
    mutating: true,
    env: 'court-2',
  }),
  'enforcement-act': action({
    module: 'enforcement',
    title: '办理执行事项、执行日志、结案',
    input: enforcement.EnforcementActInput,
    output: enforcement.EnforcementActOutput,
    allow: ['executor'],
    access: ['enforcement.act'],
    mutating: true,
    env: 'court-2',
  }),
  'enforcement-supervise': action({
    module: 'enforcement',
    title: '催办、督办巡查、延长执行期限、执行异议裁定',
    input: enforcement.EnforcementSuperviseInput,
    output: enforcement.EnforcementSuperviseOutput,
    allow: ['leader', 'president'],
    access: ['case.supervise', 'limit.decide', 'enforcement.dashboard', 'enforcement.rule-objection'],
    mutating: true,
    env: 'court-2',
    // Hourly, its trigger sweeps every court's cases (usecases/enforcement sweepOnTimer).
    timer: 'enforcement-sweep',
  }),
  'enforcement-view': action({
    module: 'enforcement',
    title: '执行案件详情、我的待办、督办看板、待立案审查的执行申请',
    input: enforcement.EnforcementViewInput,
    output: enforcement.EnforcementViewOutput,
    allow: CASE_READERS,
    access: ['enforcement.read', 'enforcement.dashboard', 'enforcement.file'],
    env: 'court-2',
  }),

  // 核验: the record chain of a case, and who acts for a legal person. One function, the court's one for
  // trust (quota); its timer trigger also anchors every case's chain head daily (see cloudfunctions/README.md).
  'case-verify': action({
    module: 'litigation',
    title: '核验',
    input: verify.CaseVerifyInput,
    output: verify.CaseVerifyOutput,
    allow: CASE_READERS,
    access: ['case.verify', 'representation.examine'],
    mutating: true,
    // Checking the chain changes nothing and needs no requestId; an examination carries one.
    requestIdDefault: 'chain',
    // Daily, its trigger anchors every chain's head (chain_anchors, usecases/chain anchorChains).
    timer: 'chain-anchor',
  }),

  // 案件管理.
  'trial-limit': action({
    module: 'management',
    title: '审限管理',
    input: management.TrialLimitInput,
    output: management.TrialLimitOutput,
    allow: CASE_READERS,
    access: ['case.read', 'limit.request', 'limit.decide', 'limit.decide-higher', 'limit.inbox'],
    mutating: true,
    // Viewing the limit and the inbox change nothing and need no requestId.
    requestIdDefault: 'view',
  }),

  deliberation: action({
    module: 'management',
    title: '合议',
    input: management.DeliberationInput,
    output: management.DeliberationOutput,
    allow: ['judge', 'president'],
    access: ['deliberation.read', 'deliberation.write'],
    mutating: true,
    requestIdDefault: 'read',
  }),
  agent: action({
    module: 'management',
    title: '诉讼代理人',
    input: agents.AgentInput,
    output: agents.AgentOutput,
    allow: ['judge', 'clerk', 'lawyer', 'party'],
    // Joining is the lawyer's own act (agent.join, held by any approved lawyer, asked of the case it names by number), as case-join is.
    access: ['agent.manage', 'case.read'],
    verified: true,
    mutating: true,
    // Listing a case's agents changes nothing and needs no requestId.
    requestIdDefault: 'list',
  }),

  // 工作台: every case's deadlines of every kind, for the judge, the unit's leaders and the registrar; a party's
  // and a lawyer's reminders accepted on the phone. Its timer trigger sends each reminder due soon once, daily.
  workbench: action({
    module: 'management',
    title: '工作台与期限提醒',
    input: management.WorkbenchInput,
    output: management.WorkbenchOutput,
    allow: CASE_READERS,
    access: ['case.read', 'workbench.own', 'workbench.unit', 'filing.review-queue', 'reminders.subscribe'],
    mutating: true,
    // Only recording accepted reminders changes anything; the views need no requestId.
    requestIdDefault: 'view',
    timer: 'deadline-reminders',
  }),

  // 审结报结, service of the decision's effect, publication (legal-rules-2 §4.5, §5).
  'case-close': action({
    module: 'management',
    title: '结案与裁判文书生效、公开',
    input: closing.CaseCloseInput,
    output: closing.CaseCloseOutput,
    allow: CASE_READERS,
    access: ['case.read', 'case.close', 'judgment.publish'],
    mutating: true,
    // The status and the preview change nothing and need no requestId.
    requestIdDefault: 'status',
  }),
  appeal: action({
    module: 'management',
    title: '网上上诉',
    input: closing.AppealInput,
    output: closing.AppealOutput,
    allow: ['party', 'lawyer'],
    access: ['appeal.file'],
    verified: true,
    mutating: true,
  }),

  // 破产债权申报插件: deployed and retired with the bankruptcy.
  'claims-open': action({
    module: 'plugins/claims',
    title: '开放债权申报',
    input: claims.ClaimsOpenInput,
    output: claims.ClaimsOpenOutput,
    allow: ['administrator', 'judge'],
    access: ['claims.open'],
    mutating: true,
  }),
  // Creditors verify their identity inside the plug-in: its environment has its own users.
  'creditor-verify': action({
    module: 'plugins/claims',
    title: '债权人实名认证',
    input: identity.IdentityVerifyInput,
    output: identity.IdentityVerifyOutput,
    allow: ['party'],
    access: 'own',
    mutating: true,
  }),
  'claim-register': action({
    module: 'plugins/claims',
    title: '申报债权',
    input: claims.ClaimRegisterInput,
    output: claims.ClaimRegisterOutput,
    allow: citizens,
    access: 'own',
    verified: true,
    mutating: true,
  }),
  'claim-status': action({
    module: 'plugins/claims',
    title: '我的债权',
    input: claims.ClaimStatusInput,
    output: claims.ClaimStatusOutput,
    allow: citizens,
    access: 'own',
  }),
  'claim-review': action({
    module: 'plugins/claims',
    title: '审查债权',
    input: claims.ClaimReviewInput,
    output: claims.ClaimReviewOutput,
    allow: ['administrator'],
    access: ['claims.review'],
    mutating: true,
  }),
  'claims-table': action({
    module: 'plugins/claims',
    title: '债权表',
    input: claims.ClaimsTableInput,
    output: claims.ClaimsTableOutput,
    allow: ['administrator', 'judge'],
    access: ['claims.table'],
  }),
} satisfies Record<string, ActionEntry>;

export type Contract = typeof contract;
export type ActionName = keyof Contract;
export type ActionInput<N extends ActionName> = z.input<Contract[N]['input']>;
export type ActionOutput<N extends ActionName> = z.output<Contract[N]['output']>;
/** The actions the mini-program calls: all but WeChat's own callbacks. */
export type PhoneActionName = { [N in ActionName]: Contract[N] extends { callback: true } ? never : N }[ActionName];

export const actionNames = Object.keys(contract) as ActionName[];

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Where a function is deployed: its entry's environment; a function outside the contract (a test's own) is the court's. */
export function environmentOf(name: string): EnvironmentKey {
  return isActionName(name) ? contract[name].env : 'court';
}

/** The environment key of each action, for the phone's router (a plain map it can package). */
export function environmentMap(): Record<ActionName, EnvironmentKey> {
  return Object.fromEntries(actionNames.map((name) => [name, contract[name].env])) as Record<ActionName, EnvironmentKey>;
}
