import type { ActionName } from '#contract';
import type { Permission } from '#domain/authorization';
import { huComplaint } from '../support/filing';
import type { EffectCall } from './effects';
import { residentId } from '../support/people';
import { PEOPLE, rosterProfile, STAFF, WORLD_JUDGMENT_TEXT, type World } from './world';

/** One who opens the mini-program for the first time. */
const NEWCOMER = { openid: 'w-newcomer', name: '钟新来', idNumber: residentId('44010619910606606') };

/*
 * Inputs for the actions whose schema the generator cannot satisfy by itself (a pattern, a
 * refinement across fields): one valid call each, over the world's ids. The generated tests
 * (matrix, retries, faults) take an action's sample when it has one, its generated input
 * otherwise, and fail by name an action that has neither. `requestId` is replaced per call.
 */
export type Sample = (world: World) => Record<string, unknown>;

/** The world's case closed by judgment: the PDF the presiding judge signed, the fee on the company (诉讼费用交纳办法 第二十九条). */
const closeByJudgment = (world: World) => ({
  op: 'close',
  caseId: world.caseId,
  outcome: 'judgment',
  document: { title: '民事判决书', file: world.ids.case.decisionFile, text: WORLD_JUDGMENT_TEXT, issuedOn: '2026-03-02' },
  obligations: [{ debtor: 1, creditor: 0, amountFen: 50_000_000 }],
  feeShares: [{ party: 1, fen: 880_000 }],
});

export const SAMPLES: Partial<Record<ActionName, Sample>> = {
  'deadline-calc': () => ({ from: '2026-03-02', period: { days: 15 } }),
  'filing-submit': () => huComplaint('sample-file-0001', { courtId: 'gz-tianhe' }),
  'filing-review': (world) => ({ filingId: world.filingId, outcome: 'accept', procedure: 'simplified', divisionId: 'tianhe-civil-1' }),
  // A payment notice WeChat Pay never sent: the callback asks the pay service and records nothing.
  'fee-paid': (world) => ({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    outTradeNo: `${world.caseId}F2`,
    transactionId: '4200000000000000forged',
    totalFee: 5000,
  }),
  'hearing-schedule': (world) => ({
    caseId: world.caseId,
    startsAt: '2026-03-27T09:30:00+08:00',
    place: { kind: 'courtroom', room: '第五法庭' },
  }),
  // The world's bankruptcy is open already: the rightful caller is answered CONFLICT, past access.
  'claims-open': (world) => ({
    bankruptcyId: world.bankruptcyId,
    caseNumber: '（2026）粤0106破1号',
    debtor: '广州悦骑信息科技有限公司',
    acceptedOn: '2026-02-20',
    announcedOn: '2026-02-21',
    deadlineOn: '2026-04-30',
  }),
  'service-send': (world) => ({ caseId: world.caseId, documentId: 'acceptance-notice' }),
  // Mediation: the office enters a judge of the court in its roster; in Mr Hu's case, where a mediation is under way,
  // the presiding judge proposes another (CONFLICT, past access), discloses, opens a session, drafts the agreement;
  // the parties of the mediation before filing apply for its confirmation (Mr Hu has: CONFLICT; Mr Wu's completes it).
  'mediator-roster': () => rosterProfile('sample-roster-0001', STAFF.otherDivision),
  'mediation-apply': (world) => ({ op: 'propose', caseId: world.caseId, mediatedBy: 'roster' }),
  'mediation-assign': (world) => ({ op: 'disclose', mediationId: world.ids.case.mediationId, text: '本人与双方当事人均无利害关系' }),
  'mediation-session': (world) => ({ op: 'open', mediationId: world.ids.case.mediationId, mode: 'text' }),
  'mediation-agreement': (world) => ({
    op: 'draft',
    mediationId: world.ids.case.mediationId,
    facts: '买卖合同货款纠纷',
    terms: [{ debtor: 1, creditor: 0, amountFen: 40_000_000, dueOn: '2026-05-31' }],
  }),
  'mediation-confirm': (world) => ({ op: 'apply', mediationId: world.ids.case.preFilingMediationId }),
  'mediation-detail': (world) => ({ view: 'one', mediationId: world.ids.case.mediationId }),
  // Hearings: the first, pending, is opened; in the second, open, a stage is recorded and the transcript written.
  'hearing-checkin': (world) => ({ op: 'open', caseId: world.caseId, hearingId: world.ids.case.hearingId }),
  'hearing-run': (world) => ({ op: 'stage', caseId: world.caseId, hearingId: world.ids.case.openHearingId, stage: 'investigation' }),
  // The presiding judge proposes to broadcast the first hearing; Mr Hu applies to hear it asynchronously.
  'hearing-public': (world) => ({ op: 'propose', caseId: world.caseId, hearingId: world.ids.case.hearingId, reason: '本案具有普法教育意义' }),
  'hearing-async': (world) => ({
    op: 'apply',
    caseId: world.caseId,
    hearingId: world.ids.case.hearingId,
    application: '申请人因在外地务工，申请以非同步方式审理本案。',
    difficulty: '开庭期间无法请假返回',
  }),
  transcript: (world) => ({ op: 'edit', caseId: world.caseId, hearingId: world.ids.case.openHearingId, text: '书记员：现在宣布法庭纪律。' }),
  // The exclusion the presiding judge asked for, decided; a panel's note recorded.
  'trial-limit': (world) => ({ op: 'decide', caseId: world.caseId, limitRequestId: world.ids.case.limitRequestId, decision: 'approve' }),
  deliberation: (world) => ({ op: 'record', caseId: world.caseId, question: '是否准许被告延期举证', note: '被告申请理由不充分', vote: 'disagree' }),
  // Enforcement: the third judgment applied for; the second's application filed; in the first, assigned, a step done,
  // its period extended, the case read.
  'enforcement-apply': (world) => ({ op: 'apply', caseId: world.caseId, decisionId: 'judgment-3' }),
  'enforcement-file': (world) => ({ op: 'file', enforcementId: world.ids.case.appliedEnforcementId }),
  'enforcement-act': (world) => ({ op: 'step', enforcementId: world.ids.case.enforcementId, stepId: 'notice', done: true, note: '已送达执行通知书' }),
  'enforcement-supervise': (world) => ({ op: 'extend', enforcementId: world.ids.case.enforcementId, months: 1, reason: '处置被执行人财产需要时间' }),
  'enforcement-view': (world) => ({ op: 'detail', enforcementId: world.ids.case.enforcementId }),
  // Who acts for whom on the world's case: what every reader of the case may see (joining is a lawyer's own act, in EFFECTS).
  agent: (world) => ({ op: 'list', caseId: world.caseId }),
  // The fee's 司法救助 applications on the world's case: the plaintiff's side and the court read them.
  'fee-aid': (world) => ({ op: 'view', caseId: world.caseId }),
  // One case's deadlines, as every reader of the world's case sees them (the unit views are over the caller's own court).
  workbench: (world) => ({ op: 'case', caseId: world.caseId }),
  // The presiding judge closes the world's case by judgment, with the PDF he signed; Mr Hu appeals the closed case's judgment.
  'case-close': (world) => closeByJudgment(world),
  appeal: (world) => ({ caseId: world.ids.closed.caseId, reasons: '一审判决认定事实不清，请求撤销原判，依法改判。' }),
};

/**
 * For an action of several operations, the permissions its sample's operation is checked against
 * (of those its contract entry names): who the matrix expects let in is who holds one of them on
 * the matter the sample's input names.
 */
export const SAMPLE_ACCESS: Partial<Record<ActionName, readonly Permission[]>> = {
  'mediation-apply': ['mediation.conduct'],
  'mediation-assign': ['mediation.conduct'],
  'mediation-session': ['mediation.conduct'],
  'mediation-agreement': ['mediation.conduct'],
  'mediation-confirm': ['mediation.respond'],
  'hearing-checkin': ['hearing.conduct'],
  'hearing-run': ['hearing.conduct'],
  transcript: ['hearing.conduct'],
  'hearing-public': ['hearing.publicity'],
  'hearing-async': ['hearing.attend'],
  'trial-limit': ['limit.decide'],
  deliberation: ['deliberation.write'],
  'enforcement-apply': ['enforcement.apply'],
  'enforcement-file': ['enforcement.file'],
  'enforcement-supervise': ['limit.decide'],
  'enforcement-view': ['enforcement.read'],
  workbench: ['case.read'],
  'case-close': ['case.close'],
};

/**
 * For the retry, race and fault tests: one call of a mutating action that changes the world,
 * where its generated input by the first caller the model lets in changes nothing (the world's
 * case is joined and paid already; Mr Hu's claim is declared).
 */
export const EFFECTS: Partial<Record<ActionName, (world: World) => EffectCall>> = {
  // Mr Hu applies to mediate another dispute before filing.
  'mediation-apply': () => ({
    openid: PEOPLE.hu.openid,
    input: (requestId) => ({
      op: 'apply',
      requestId,
      courtId: 'gz-tianhe',
      cause: '民间借贷纠纷',
      summary: '郑某人向胡建国借款五万元，到期未还。',
      amountFen: 5_000_000,
      respondent: { name: PEOPLE.stranger.name, idNumber: PEOPLE.stranger.idNumber, mobile: '13600136000' },
      mobile: '13800138000',
      consent: true,
      addressConfirmed: true,
    }),
  }),
  // Someone new starts a face check (the world's people finished theirs).
  'identity-verify': () => ({
    openid: NEWCOMER.openid,
    input: (requestId) => ({ op: 'start', requestId, name: NEWCOMER.name, idNumber: NEWCOMER.idNumber }),
  }),
  'creditor-verify': () => ({
    openid: NEWCOMER.openid,
    input: (requestId) => ({ op: 'start', requestId, name: NEWCOMER.name, idNumber: NEWCOMER.idNumber }),
  }),
  'evidence-add': (world) => ({
    openid: PEOPLE.hu.openid,
    input: (requestId) => ({ requestId, caseId: world.caseId, items: [{ title: '补充证据', proves: '被告收货的事实', file: world.ids.fresh.file }] }),
  }),
  'case-assign': (world) => ({ openid: STAFF.leader.openid, input: (requestId) => ({ requestId, caseId: world.ids.fresh.caseId }) }),
  'claims-open': (world) => ({
    openid: STAFF.administrator.openid,
    input: (requestId) => ({
      requestId,
      bankruptcyId: world.ids.fresh.bankruptcyId,
      caseNumber: '（2026）粤0106破3号',
      debtor: '广州某电动车有限公司',
      acceptedOn: '2026-02-25',
      announcedOn: '2026-02-26',
      deadlineOn: '2026-04-30',
    }),
  }),
  'case-join': (world) => ({
    openid: PEOPLE.otherClient.openid,
    input: (requestId) => ({ requestId, caseNumber: world.ids.fresh.caseNumber, service: { consent: true, addressConfirmed: true } }),
  }),
  'fee-order': (world) => ({ openid: PEOPLE.hu.openid, input: (requestId) => ({ requestId, caseId: world.ids.fresh.caseId }) }),
  // Mr Hu asks to defer the second case's fee, his file as the proof.
  'fee-aid': (world) => ({
    openid: PEOPLE.hu.openid,
    input: (requestId) => ({
      op: 'apply',
      requestId,
      caseId: world.ids.fresh.caseId,
      kind: 'deferral',
      ground: 'legal-aid',
      deferTo: '2026-06-30',
      facts: '本人正在接受法律援助中心的法律援助',
      proofs: [world.ids.fresh.file],
    }),
  }),
  // The other lawyer applies to act for the second case's defendant with the power of attorney it holds.
  agent: (world) => ({
    openid: PEOPLE.otherLawyer.openid,
    input: (requestId) => ({
      op: 'join',
      requestId,
      caseNumber: world.ids.fresh.caseNumber,
      partyName: PEOPLE.otherClient.name,
      powerOfAttorney: world.ids.fresh.powerOfAttorney,
      powers: ['receive-service'],
      service: { consent: true, addressConfirmed: true },
    }),
  }),
  // Mr Hu accepts the fee and hearing reminders on his phone.
  workbench: () => ({
    openid: PEOPLE.hu.openid,
    input: (requestId) => ({ op: 'subscribe', requestId, accepted: ['MC_TPL_REMIND_FEE', 'MC_TPL_REMIND_HEARING'] }),
  }),
  'case-close': (world) => ({ openid: world.presiding, input: (requestId) => ({ ...closeByJudgment(world), requestId }) }),
  // Mr Hu appeals the closed case's judgment within his period, with his petition (上诉状) uploaded.
  appeal: (world) => ({
    openid: PEOPLE.hu.openid,
    input: (requestId) => ({
      requestId,
      caseId: world.ids.closed.caseId,
      reasons: '一审判决认定事实不清，请求撤销原判，依法改判。',
      amountFen: 20_000_000,
      file: world.ids.fresh.file,
    }),
  }),
  'claim-register': (world) => ({
    openid: PEOPLE.otherClient.openid,
    input: (requestId) => ({
      requestId,
      bankruptcyId: world.bankruptcyId,
      principalFen: 50_000,
      basis: '小鸣单车用户押金未退还',
      bankAccount: { bank: '中国建设银行', name: PEOPLE.otherClient.name, account: '6217000012345678901' },
      eService: { consent: true, mobile: '13700137000' },
    }),
  }),
};

/**
 * Actions whose effect must happen once however many distinct attempts race (joining a case,
 * ordering its fee, declaring one's claim, a party's appeal): ten at once with ten requestIds have the effect of one.
 */
export const ONCE_ONLY: readonly ActionName[] = ['case-join', 'fee-order', 'claim-register', 'enforcement-apply', 'appeal'];

/**
 * Mutating actions whose effect the world cannot bring about by one call, so retries are not
 * generated for them: each names where its retries are tested instead.
 */
export const RETRIES_ELSEWHERE: Partial<Record<ActionName, string>> = {
  'fee-paid': 'WeChat Pay’s own notice, delivered by the emulator (tests/litigation/fees.test.ts: a repeated notice changes nothing)',
  'fee-refund': 'needs a case closed by mediation (tests/litigation/fees.test.ts)',
  'case-assign':
    'its panel is drawn at random, so two runs change differently shaped staff records (tests/trust/boundaries.test.ts assigns within the division)',
  'case-verify': 'its change is an examination of a legal person’s representative (tests/trust/boundaries.test.ts); checking the chain writes nothing',
};

/**
 * What a call may leave when a write after its intent fails: the intent an action records before
 * it calls an outside service, so that whatever the service does finds its record.
 */
export const FAULT_INTENTS: Partial<Record<ActionName, { paths: readonly string[]; why: string }>> = {
  'fee-order': { paths: ['/cases/', '/case_events/'], why: 'the order number and its event, recorded before WeChat Pay’s unifiedOrder' },
  'fee-aid': { paths: ['/aid/'], why: 'the proof of hardship attached under its hash before the transaction, which the retry writes the same' },
  agent: { paths: ['/agents/'], why: 'the power of attorney attached under its hash before the transaction, which the retry writes the same' },
};

/**
 * Actions the generated tests do not cover yet, each with why: printed by every run, and routed
 * (the world has no matter of theirs yet). An action missing from the contract's coverage and
 * not named here fails the matrix by name.
 */
export const NOT_YET_COVERED: Partial<Record<ActionName, string>> = {};
