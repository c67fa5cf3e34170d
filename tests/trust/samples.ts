import type { ActionName } from '#contract';
import { huComplaint } from '../support/filing';
import type { EffectCall } from './effects';
import { residentId } from '../support/people';
import { PEOPLE, STAFF, type World } from './world';

/** One who opens the mini-program for the first time. */
const NEWCOMER = { openid: 'w-newcomer', name: '钟新来', idNumber: residentId('44010619910606606') };

/*
 * Inputs for the actions whose schema the generator cannot satisfy by itself (a pattern, a
 * refinement across fields): one valid call each, over the world's ids. The generated tests
 * (matrix, retries, faults) take an action's sample when it has one, its generated input
 * otherwise, and fail by name an action that has neither. `requestId` is replaced per call.
 */
export type Sample = (world: World) => Record<string, unknown>;

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
};

/**
 * For the retry, race and fault tests: one call of a mutating action that changes the world,
 * where its generated input by the first caller the model lets in changes nothing (the world's
 * case is joined and paid already; Mr Hu's claim is declared).
 */
export const EFFECTS: Partial<Record<ActionName, (world: World) => EffectCall>> = {
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
 * ordering its fee, declaring one's claim): ten at once with ten requestIds have the effect of one.
 */
export const ONCE_ONLY: readonly ActionName[] = ['case-join', 'fee-order', 'claim-register'];

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
  'service-read': { paths: ['/notices/'], why: 'the notice rendered to HTML at its fixed path, which the retry (and any read) writes the same' },
};

/**
 * Actions the generated tests do not cover yet, each with why: printed by every run, and routed
 * (the world has no matter of theirs yet). An action missing from the contract's coverage and
 * not named here fails the matrix by name.
 */
const uncovered = (names: ActionName[], why: string) => Object.fromEntries(names.map((name) => [name, why]));
export const NOT_YET_COVERED: Partial<Record<ActionName, string>> = {
  ...uncovered(
    ['mediator-roster', 'mediation-apply', 'mediation-assign', 'mediation-session', 'mediation-agreement', 'mediation-confirm', 'mediation-detail'],
    'the trust world has no mediation yet, and the matrix no `mediation` matter (tests/trust/actions.ts matterOfKind)',
  ),
  ...uncovered(
    ['enforcement-apply', 'enforcement-file', 'enforcement-act', 'enforcement-supervise', 'enforcement-view'],
    'the trust world has no effective decision and no enforcement case yet, so no valid input reaches the action',
  ),
  ...uncovered(
    ['hearing-checkin', 'hearing-run', 'transcript', 'hearing-public', 'hearing-async'],
    'the trust world has no scheduled hearing with checked-in participants yet',
  ),
  ...uncovered(['trial-limit', 'deliberation'], 'the trust world has no limit request or deliberation yet to retry against'),
};
