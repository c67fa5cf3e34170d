import { createHash, randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { divisionHearing, drawPanel, type Candidate, type Division } from '#domain/assignment';
import { decide, type CaseMember, type Matter } from '#domain/authorization';
import type { CaseEventType } from '#domain/case-events';
import {
  applicationPeriod,
  performanceDueOn,
  ClosingMethods,
  dashboardRank,
  DUE_SOON_DAYS,
  enforcementPeriod,
  higherCourtAfter,
  instalmentsDue,
  nextSearchDue,
  noticeDue,
  objectionRemedy,
  resumptionLastDay,
  StepStateLabels,
  stepDue,
  stepState,
  StepTemplates,
  terminationChecklist,
  terminationEarliest,
  unmetFilingConditions,
  urgeEscalatesAt,
  type ClosingMethod,
  type Exclusion,
  type StepKind,
} from '#domain/enforcement';
import { normaliseCaseNumber } from '#domain/case-numbers';
import { calculateFee } from '#domain/fees';
import { servedEffectOn } from '#domain/mediation';
import { chinaDate, chinaDateTime } from '#domain/time';
import {
  allocateCaseNumber,
  appendCaseEvent,
  AppError,
  assert,
  attachUpload,
  findById,
  MAX_PAGE,
  notify,
  pages,
  query,
  queryWithCaller,
  readWithCaller,
  runWithRetry,
  storageOf,
  verifyCaseChain,
  type ActionContext,
  type ChainHead,
  type Notice,
  type StoredFile,
  type TimerContext,
  type Transaction,
} from '#runtime';
import type { ObjectionView } from '#schemas/enforcement';
import type {
  EnforcementActInput,
  EnforcementActOutput,
  EnforcementApplyInput,
  EnforcementApplyOutput,
  EnforcementFileInput,
  EnforcementFileOutput,
  EnforcementSuperviseInput,
  EnforcementSuperviseOutput,
  EnforcementViewInput,
  EnforcementViewOutput,
} from '#schemas/enforcement';
import {
  authorize,
  authorizeGlobally,
  authorizeInOwnCourt,
  authorizeInOwnUnit,
  authorizeOn,
  nothingThere,
  subjectOf,
  type Actor,
  type Authorized,
} from './access';
import { effectiveOnOf } from './closing';
import { authorizeEnforcement, seesInternal, visibleLogs } from './enforcement-logs';
import type { CaseRecord, DecisionRecord, EnforcementLogRecord, EnforcementRecord, EnforcementStep, EnforcementUrge, MediationRecord } from './records';

/*
 * 微执行 (legal-rules-2 §3). An enforcement case lives in `enforcements`, its events in the same
 * `case_events` chain as every case, its executor's logs in `enforcement_logs`. Every access is a
 * permission of the table, asked through `authorizeOn`.
 */

type Op<T, K> = Extract<T, { op: K }>;
const OPEN_STATES = ['filed', 'in-progress'] as const;
/** An application under way: a second one of the same decision is refused. */
const PENDING_STATES: readonly EnforcementRecord['state'][] = ['applied', 'filed', 'in-progress'];
const StateLabels: Record<EnforcementRecord['state'], string> = {
  applied: '已申请，待立案审查',
  refused: '不予受理',
  filed: '已立案，待确定承办人',
  'in-progress': '执行中',
  settled: '执行和解',
  closed: '已结案',
};

/** Whether the caller also holds `permission` on the matter: what they are shown, never what they may do. */
const holds = (ctx: ActionContext, matter: Matter, permission: Parameters<typeof decide>[2]) => decide(subjectOf(ctx.caller), matter, permission, ctx.now).ok;

/**
 * One change of an enforcement case inside a transaction: re-read, the event appended at its
 * current head, the record updated with the new head (as `changeCase` does for a case).
 */
export async function changeEnforcement(
  tx: Transaction,
  id: string,
  at: Date,
  change: (current: EnforcementRecord) => {
    action: CaseEventType;
    actor: Actor;
    data?: Record<string, unknown>;
    requestId?: string;
    update?: Record<string, unknown>;
  } | null,
): Promise<{ current: EnforcementRecord; chain: ChainHead; update: Record<string, unknown> }> {
  const current = await findById<EnforcementRecord>(tx, 'enforcements', id);
  assert(current, 'NOT_FOUND', '未找到该执行案件');
  const changed = change(current);
  // Nothing to change (a sweep that finds the case already seen to): no event, no write.
  if (!changed) return { current, chain: current.chain, update: {} };
  const { action, actor, data, requestId, update = {} } = changed;
  const state = (update.state as string | undefined) ?? current.state;
  const chain = await appendCaseEvent(tx, id, current.chain, { action, ...actor, state, ...(data ? { data } : {}), ...(requestId ? { requestId } : {}) }, at);
  await tx
    .collection('enforcements')
    .doc(id)
    .update({ data: { ...update, chain, updatedAt: at } });
  return { current, chain, update };
}

/** The earliest due day of the open steps: what the dashboard and the task list sort by. */
function nextDue(steps: readonly EnforcementStep[]): string | null {
  const open = steps.filter((s) => !s.doneOn).map((s) => s.dueOn);
  return open.length ? open.reduce((a, b) => (a < b ? a : b)) : null;
}

const newStep = (kind: StepKind, triggerOn: string, options: { urgent?: boolean; realEstate?: boolean; amountFen?: number } = {}): EnforcementStep => ({
  id: kind,
  kind,
  triggerOn,
  dueOn: stepDue(kind, triggerOn, options),
  ...(options.urgent ? { urgent: true } : {}),
  ...(options.realEstate ? { realEstate: true } : {}),
  ...(options.amountFen !== undefined ? { amountFen: options.amountFen } : {}),
  acts: [],
});

/** A step's id unique in the case: its kind, then kind-2, kind-3 for a repeated step. */
function withUniqueId(steps: readonly EnforcementStep[], step: EnforcementStep): EnforcementStep {
  let id = step.id;
  for (let n = 2; steps.some((s) => s.id === id); n += 1) id = `${step.kind}-${n}`;
  return { ...step, id };
}

function period(record: EnforcementRecord): string | undefined {
  if (!record.filedOn) return undefined;
  return enforcementPeriod({ filedOn: record.filedOn, extensions: record.extensions, excluded: record.exclusions }).lastDay;
}

// ---------------------------------------------------------------------------------------------
// enforcement-apply

export async function applyForEnforcement(input: z.output<typeof EnforcementApplyInput>, ctx: ActionContext): Promise<EnforcementApplyOutput> {
  if (input.op === 'object' || input.op === 'outsider-object') return object(input, ctx);
  if (input.op === 'consent-termination') return terminationAgreed(input, ctx);
  const { source, collection, grants, actor, uploaded } = input.op === 'apply-upload' ? await uploadedSource(ctx, input) : await enforcedSource(ctx, input);
  const decisionId = input.op === 'apply' ? input.decisionId : source.decisions?.[0]?.id;
  const decision = (source.decisions ?? []).find((d) => d.id === decisionId);
  if (!decision) throw new AppError('NOT_FOUND', '未找到该法律文书');
  const member = grants.find((g) => g.via === 'case');
  const party = uploaded
    ? 0
    : member && member.via === 'case'
      ? Number(member.member.for ?? source.members.findIndex((m) => m.openid === ctx.caller.openid))
      : -1;
  const obligation = (decision.obligations ?? []).find((o) => o.creditor === party) ?? (decision.obligations ?? [])[0];
  const today = chinaDate(ctx.now);
  // 民事诉讼法 第一百零三条: a preservation ruling is carried out at once, from the day it is made.
  const preservation = decision.preservation === true;
  // A judgment's effect follows from its services and appeal periods, read now (民事诉讼法 第一百五十八条).
  const effectiveOn = preservation
    ? decision.issuedOn
    : collection === 'cases'
      ? await effectiveOnOf(ctx, source as CaseRecord, decision)
      : collection === 'mediations'
        ? await servedEffect(ctx, source, decision)
        : decision.effectiveOn;
  // The period for performance: a day the decision names, or "within N days of its effect" (a party's period, 民事诉讼法 第八十五条).
  const performance = effectiveOn
    ? {
        effectiveOn,
        ...(obligation?.dueOn && !preservation ? { dueOn: obligation.dueOn } : {}),
        ...(obligation?.performanceDays && !preservation ? { performanceDays: obligation.performanceDays } : {}),
      }
    : null;
  // Payable in instalments: enforced for those whose own day has passed, from the first one's day on.
  const instalments = obligation?.instalments?.length && !preservation ? instalmentsDue(obligation.instalments, today) : undefined;
  const periodEnd = instalments?.firstDueOn ?? (performance ? performanceDueOn(performance) : undefined);
  // 执行工作若干问题的规定 第十六条: every filing condition, each named when it fails. An uploaded decision's effect,
  // the applicant's right and this court's jurisdiction are as the applicant states them, for the filing officer to check.
  const unmet = unmetFilingConditions({
    effective: Boolean(effectiveOn) && decision.enforceable,
    'right-holder': obligation !== undefined && obligation.creditor === party,
    'clear-content': obligation !== undefined && (obligation.amountFen !== undefined || obligation.act !== undefined),
    'period-passed': performance !== null && (preservation || today > (periodEnd ?? performance.effectiveOn)),
    // 民事诉讼法 第二百三十五条: the court of first instance enforces its own decision; another's, the court of the debtor's domicile or property.
    jurisdiction: true,
  });
  if (unmet.length > 0) throw new AppError('STATE', `不符合执行立案条件：${unmet.map((u) => u.label).join('；')}`);
  if (!obligation || !performance) throw new AppError('STATE', '不符合执行立案条件');
  const period = preservation
    ? { performanceDueOn: performance.effectiveOn, lastDay: performance.effectiveOn, late: false }
    : applicationPeriod(performance, today);
  const pending = await query<{ _id: string }>(
    ctx.db
      .collection('enforcements')
      .where({ 'source.caseId': source._id, 'source.decisionId': decision.id, state: ctx.db.command.in([...PENDING_STATES]) })
      .field({ _id: true })
      .limit(1),
  );
  assert(pending.length === 0, 'STATE', '该法律文书已申请执行，正在办理中');
  const court = await findById<{ divisions?: (Division & { enforcement?: boolean })[] }>(ctx.db, 'courts', source.courtId, { divisions: true });
  const divisions = court?.divisions ?? [];
  const bureau = divisions.find((d) => d.hears?.includes('enforcement')) ?? null;
  const hearing = bureau ? { ok: true as const, division: bureau } : divisionHearing(divisions, 'enforcement');
  if (!hearing.ok) throw new AppError('STATE', `本院尚未设置执行部门：${hearing.reason}`);
  const creditorName = source.parties[obligation.creditor]?.name ?? '';
  const debtorName = source.parties[obligation.debtor]?.name ?? '';
  // The parties' side of the source case carries over: the creditor's as applicant, the debtor's as respondent, agents with their powers.
  const sideOf = (index: number, role: 'applicant' | 'respondent', at: number): CaseMember[] =>
    source.members
      .filter((m) => m.for === String(index) && !m.revokedAt && ['plaintiff', 'defendant', 'third-party', 'agent'].includes(m.role))
      .map((m) => ({ openid: m.openid, role: m.role === 'agent' ? 'agent' : role, for: String(at), ...(m.powers ? { powers: m.powers } : {}) }));
  const members = [...sideOf(obligation.creditor, 'applicant', 0), ...sideOf(obligation.debtor, 'respondent', 1)];
  if (!members.some((m) => m.openid === ctx.caller.openid)) members.unshift({ openid: ctx.caller.openid, role: 'applicant', for: '0' });
  // A platform decision's application is named by the attempt; an uploaded one by the decision and
  // how many applications of it came before (`uploadedApplicationId`), so racing twins collide.
  const id = uploaded
    ? uploadedApplicationId(source._id, 0)
    : `E${createHash('sha256')
        .update(`${source._id}:${decision.id}:${ctx.caller.openid}:${ctx.requestId ?? ''}`)
        .digest('hex')
        .slice(0, 20)}`;
  const record: EnforcementRecord = {
    _id: id,
    typeCode: preservation ? '执保' : '执',
    courtId: source.courtId,
    courtCode: source.courtCode,
    courtName: source.courtName,
    divisionId: hearing.division.id,
    state: 'applied',
    source: { caseId: source._id, caseNumber: source.caseNumber, decisionId: decision.id, title: decision.title },
    parties: [
      { role: 'applicant', name: creditorName },
      { role: 'respondent', name: debtorName },
    ],
    members,
    amountFen: instalments ? instalments.amountFen : (obligation.amountFen ?? 0),
    ...(obligation.act ? { act: obligation.act } : {}),
    appliedOn: today,
    application: { performanceDueOn: period.performanceDueOn, lastDay: period.lastDay, late: period.late },
    ...(input.leads ? { leads: input.leads } : {}),
    ...(preservation || (input.op === 'apply' && input.urgent) ? { urgent: true } : {}),
    ...(uploaded ? { uploaded } : {}),
    steps: [newStep('filing', today)],
    exclusions: [],
    extensions: [],
    urges: [],
    objections: [],
    searches: [],
    receivedFen: 0,
    paidFen: 0,
    nextDueOn: stepDue('filing', today),
    chain: { seq: 0, hash: '' },
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  return ctx.commit(async (tx) => {
    // One application of a decision under way at a time, however many race (民事诉讼法 第二百三十五条:
    // one court enforces it). A platform decision: the source case names its application, read and
    // written in this transaction, so a second one conflicts and then sees the first (a twin of the
    // same attempt too, which the runtime then answers with the first answer).
    let applicationId = id;
    if (collection !== 'uploaded') {
      const named = (await findById<{ enforcing?: Record<string, string> }>(tx, collection, source._id, { enforcing: true }))?.enforcing?.[decision.id];
      if (named) {
        const running = await findById<Pick<EnforcementRecord, 'state'>>(tx, 'enforcements', named, { state: true });
        assert(!running || !PENDING_STATES.includes(running.state), 'STATE', '该法律文书已申请执行，正在办理中');
      }
      await tx
        .collection(collection)
        .doc(source._id)
        .update({ data: { [`enforcing.${decision.id}`]: id } });
    } else {
      // An uploaded decision has no document of ours to name it: its applications are numbered, the
      // first free number taken, and a racing twin that took it first makes the insert collide
      // (`isRacingInsert`); the next attempt finds it under way and refuses.
      for (let n = 0; ; n += 1) {
        applicationId = uploadedApplicationId(source._id, n);
        const before = await findById<Pick<EnforcementRecord, 'state'>>(tx, 'enforcements', applicationId, { state: true });
        if (!before) break;
        assert(!PENDING_STATES.includes(before.state), 'STATE', '该法律文书已申请执行，正在办理中');
      }
    }
    const chain = await appendCaseEvent(
      tx,
      applicationId,
      undefined,
      {
        action: 'enforcement.applied',
        ...actor,
        actorRole: 'applicant',
        state: 'applied',
        data: {
          source: source.caseNumber,
          decisionId: decision.id,
          typeCode: record.typeCode,
          amountFen: record.amountFen,
          ...(instalments ? { instalmentsDue: instalments.due, instalments: obligation.instalments?.length } : {}),
          lastDay: period.lastDay,
          late: period.late,
          ...(uploaded ? { uploaded: { court: uploaded.court, sha256: uploaded.file.sha256 } } : {}),
        },
        ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      },
      ctx.now,
    );
    await tx.collection('enforcements').add({ data: { ...record, _id: applicationId, chain } });
    return {
      op: input.op,
      enforcementId: applicationId,
      state: 'applied',
      appliedOn: today,
      filingDueOn: stepDue('filing', today),
      // 民事诉讼法 第一百零三条: a preservation ruling is carried out at once; no period of application runs for it.
      ...(preservation ? {} : { applicationLastDay: period.lastDay }),
      late: period.late,
      typeCode: record.typeCode,
      ...(uploaded ? { sha256: uploaded.file.sha256 } : {}),
    };
  });
}

/** The id of an uploaded decision's n-th application: it follows from the decision, so two at once collide. */
const uploadedApplicationId = (sourceKey: string, n: number) => `EU${createHash('sha256').update(`${sourceKey}#${n}`).digest('hex').slice(0, 20)}`;

/**
 * A confirmation ruling's effect: the day its last party was served (民事诉讼法 第一百五十八条、第一百八十五条),
 * on the platform or off it as the clerk recorded (直接送达 or 邮寄送达 on the day the proof shows, 第八十七条至第九十一条).
 * A public notice published but not yet deemed served (第九十五条: thirty days on) has not served the party yet.
 */
async function servedEffect(ctx: ActionContext, source: EnforcedSource, decision: DecisionRecord): Promise<string | undefined> {
  const services = await query<{ party: number; servedAt?: Date; state?: string; servedOn?: string }>(
    ctx.db
      .collection('services')
      .where({ caseId: source._id, documentId: decision.documentId })
      .field({ party: true, servedAt: true, state: true, servedOn: true })
      .limit(MAX_PAGE),
  );
  const today = chinaDate(ctx.now);
  const dayOf = (s: (typeof services)[number]) =>
    s.servedAt ? chinaDate(new Date(s.servedAt)) : s.state === 'served' && s.servedOn && s.servedOn <= today ? s.servedOn : undefined;
  return servedEffectOn(
    source.parties.length,
    services.map((s) => ({ party: s.party, servedOn: dayOf(s) })),
  );
}

/** What an application enforces, as the application reads it: a case's decisions, or a 民特 case's confirmation ruling. */
type EnforcedSource = Pick<CaseRecord, '_id' | 'caseNumber' | 'courtId' | 'courtCode' | 'courtName' | 'members' | 'decisions'> & {
  parties: { name: string }[];
};

/**
 * The source of an application and the caller's grant on it: a case of this platform, or a
 * pre-filing mediation whose agreement the court confirmed (民事诉讼法 第二百零六条: the confirmed
 * agreement is enforced on one party's application; its ruling is the mediation's decision).
 */
async function enforcedSource(
  ctx: ActionContext,
  input: Op<z.output<typeof EnforcementApplyInput>, 'apply'>,
): Promise<{
  source: EnforcedSource;
  collection: 'cases' | 'mediations' | 'uploaded';
  grants: Authorized['grants'];
  actor: Actor;
  uploaded?: EnforcementRecord['uploaded'];
}> {
  if (input.caseId !== undefined) {
    const { record, grants, actor } = await authorize(ctx, input.caseId, 'enforcement.apply');
    return { source: record, collection: 'cases', grants, actor };
  }
  // The caller's cached record confirmed by this first read, as `authorize` does for a case.
  const m = await readWithCaller<
    Pick<MediationRecord, 'courtId' | 'courtCode' | 'courtName' | 'divisionId' | 'members' | 'parties' | 'confirmation' | 'decisions'>
  >(ctx, 'mediations', input.mediationId ?? '', {
    courtId: true,
    courtCode: true,
    courtName: true,
    divisionId: true,
    members: true,
    parties: true,
    'confirmation.caseNumber': true,
    decisions: true,
  });
  if (!m) throw nothingThere('enforcement.apply');
  const { grants, actor } = authorizeOn(ctx, { courtId: m.courtId, divisionId: m.divisionId, members: m.members, parties: m.parties }, 'enforcement.apply');
  const source: EnforcedSource = {
    _id: m._id,
    caseNumber: m.confirmation?.caseNumber ?? '',
    courtId: m.courtId,
    courtCode: m.courtCode,
    courtName: m.courtName,
    members: m.members,
    parties: m.parties,
    decisions: m.decisions ?? [],
  };
  return { source, collection: 'mediations', grants, actor };
}

/**
 * An application from an effective decision of another court, uploaded as a PDF (执行工作若干问题的规定 第十八条:
 * a copy of the document): the function hashes it, and the decision stands as the applicant states it
 * (court, number, effect, debtor, what is owed) until the filing officer checks it before filing. The
 * caller is the applicant; the debtor is named, not yet on the platform.
 */
async function uploadedSource(
  ctx: ActionContext,
  input: Op<z.output<typeof EnforcementApplyInput>, 'apply-upload'>,
): Promise<{
  source: EnforcedSource;
  collection: 'uploaded';
  grants: Authorized['grants'];
  actor: Actor;
  uploaded: NonNullable<EnforcementRecord['uploaded']>;
}> {
  const { grants, actor } = await authorizeGlobally(ctx, 'enforcement.apply-upload');
  assert(input.amountFen !== undefined || input.act, 'INVALID_INPUT', '请写明应履行的金额或行为');
  const court = await findById<{ code: string; name: string }>(ctx.db, 'courts', input.courtId, { code: true, name: true });
  assert(court, 'NOT_FOUND', '未找到所选法院');
  const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.file, `enforcements/uploads/${input.courtId}`);
  if (file.type !== 'application/pdf') throw new AppError('INVALID_INPUT', '生效法律文书请上传 PDF 文件', { fields: { file: '请上传 PDF 文件' } });
  const decision: DecisionRecord = {
    // One application under way per decision of the other court, by its number (the source below), whatever file carries it.
    id: 'uploaded',
    kind: 'judgment',
    title: `${input.issuingCourt} ${input.title}`,
    documentId: `upload-${file.sha256.slice(0, 16)}`,
    issuedOn: input.effectiveOn,
    effectiveOn: input.effectiveOn,
    obligations: [
      {
        debtor: 1,
        creditor: 0,
        ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}),
        ...(input.act ? { act: input.act } : {}),
        ...(input.dueOn ? { dueOn: input.dueOn } : {}),
      },
    ],
    enforceable: true,
  };
  const source: EnforcedSource = {
    // The decision of the other court, whichever court it is brought to: its court and its number
    // (a case number names its court too), written as the number is normalised.
    _id: `upload:${input.issuingCourt.replace(/\s+/g, '')}:${normaliseCaseNumber(input.decisionNumber) ?? input.decisionNumber.replace(/\s+/g, '')}`,
    caseNumber: input.decisionNumber,
    courtId: input.courtId,
    courtCode: court.code,
    courtName: court.name,
    members: [{ openid: ctx.caller.openid, role: 'plaintiff', for: '0' }],
    parties: [{ name: ctx.caller.user?.name ?? '' }, { name: input.respondent }],
    decisions: [decision],
  };
  return {
    source,
    collection: 'uploaded',
    grants,
    actor: { ...actor, actorRole: 'applicant' },
    uploaded: { court: input.issuingCourt, file, effectiveOn: input.effectiveOn, jurisdiction: input.jurisdiction },
  };
}

/**
 * An objection, reviewed within 15 days of its receipt as a case of its own (执异, legal-rules-2 §3.2):
 * a party's or an interested person's to an act of enforcement (民事诉讼法 第二百三十六条), or an
 * outsider's to the object of enforcement (第二百三十八条), raised while enforcement on it is not
 * yet over (民诉法解释 第四百六十二条), with the proof of the outsider's right.
 */
/**
 * 终本规定 第一条第（五）项: 终结本次执行程序 needs the applicant's own written consent, or the panel's
 * view with the president's approval. Each is the act of the one who gives it, recorded in the chain:
 * the applicant consents here, the president approves in `enforcement-supervise`, and `close` reads
 * what is recorded, never what the executor says was given.
 */
async function terminationAgreed<O extends 'consent-termination' | 'approve-termination'>(
  input: { op: O; requestId: string; enforcementId: string; reason?: string },
  ctx: ActionContext,
): Promise<{ op: O; enforcementId: string; state: string }> {
  const consent = input.op === 'consent-termination';
  const { record, actor } = await authorizeEnforcement(
    ctx,
    input.enforcementId,
    consent ? 'enforcement.consent-termination' : 'enforcement.approve-termination',
  );
  assert(record.state === 'in-progress' || record.state === 'filed', 'STATE', '执行案件未在办理中');
  return ctx.commit(async (tx) => {
    await changeEnforcement(tx, record._id, ctx.now, () => ({
      action: consent ? 'enforcement.termination-consented' : 'enforcement.termination-approved',
      actor,
      ...(consent ? {} : { data: { reason: input.reason ?? '' } }),
      requestId: input.requestId,
      update: consent
        ? { terminationConsent: { by: ctx.caller.openid, at: ctx.now } }
        : { terminationApproval: { by: ctx.caller.openid, at: ctx.now, reason: input.reason ?? '' } },
    }));
    return { op: input.op, enforcementId: record._id, state: record.state };
  });
}

async function object(input: Op<z.output<typeof EnforcementApplyInput>, 'object' | 'outsider-object'>, ctx: ActionContext): Promise<EnforcementApplyOutput> {
  const outsider = input.op === 'outsider-object';
  const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, outsider ? 'enforcement.outsider-object' : 'enforcement.object');
  assert(record.state !== 'applied' && record.state !== 'refused', 'STATE', '执行案件尚未立案，不能提出执行异议');
  if (outsider) {
    assert(OPEN_STATES.includes(record.state as (typeof OPEN_STATES)[number]), 'STATE', '执行程序已经终结，不能再提出案外人异议（民诉法解释 第四百六十二条）');
    assert(!record.members.some((m) => m.openid === ctx.caller.openid && !m.revokedAt), 'STATE', '您是本案当事人，请提出执行异议（民事诉讼法 第二百三十六条）');
  }
  const proofs: StoredFile[] = [];
  if (input.op === 'outsider-object')
    for (const file of input.proofs) proofs.push(await attachUpload(ctx.cloud, ctx.caller.openid, file, `enforcements/${record._id}/objections`));
  const today = chinaDate(ctx.now);
  const reviewDueOn = stepDue('objection-review', today);
  return ctx.commit(async (tx) => {
    const caseNumber = await allocateCaseNumber(
      tx,
      { courtCode: record.courtCode, specialised: '', typeCode: '执异', year: Number(today.slice(0, 4)) },
      ctx.now,
    );
    let objectionId = '';
    await changeEnforcement(tx, record._id, ctx.now, (current) => {
      objectionId = `objection-${current.objections.length + 1}`;
      const step = withUniqueId(current.steps, newStep('objection-review', today));
      const steps = [...current.steps, step];
      const objection: EnforcementRecord['objections'][number] = {
        id: objectionId,
        kind: outsider ? 'outsider' : 'act',
        caseNumber,
        reason: input.reason,
        by: ctx.caller.openid,
        filedOn: today,
        reviewDueOn,
        stepId: step.id,
        ...(input.op === 'outsider-object' ? { object: input.object, proofs } : {}),
      };
      return {
        action: 'enforcement.objected',
        // An outsider holds no role on the case: the event's data names the objection as 案外人异议.
        actor,
        data: {
          objectionId,
          caseNumber,
          kind: objection.kind,
          reviewDueOn,
          ...(outsider ? { object: objection.object, proofs: proofs.map((p) => p.sha256) } : {}),
        },
        requestId: input.requestId,
        update: {
          objections: ctx.db.command.push([objection]),
          steps,
          nextDueOn: nextDue(steps),
        },
      };
    });
    return { op: input.op, enforcementId: record._id, state: record.state, objectionId, objectionNumber: caseNumber, reviewDueOn };
  });
}

// ---------------------------------------------------------------------------------------------
// enforcement-file

export async function fileEnforcement(input: z.output<typeof EnforcementFileInput>, ctx: ActionContext): Promise<EnforcementFileOutput> {
  if (input.op === 'assign') return assignExecutor(input, ctx);
  if (input.op === 'resume') return resume(input, ctx);
  const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, 'enforcement.file');
  assert(record.state === 'applied', 'STATE', '该执行申请已审查完毕');
  const today = chinaDate(ctx.now);
  if (input.op === 'refuse') {
    return ctx.commit(async (tx) => {
      await changeEnforcement(tx, record._id, ctx.now, () => ({
        action: 'enforcement.refused',
        actor,
        data: { reason: input.reason },
        requestId: input.requestId,
        update: { state: 'refused', refusal: { reason: input.reason, on: today, by: ctx.caller.openid }, nextDueOn: null },
      }));
      return { op: 'refuse' as const, enforcementId: record._id, state: 'refused' };
    });
  }
  // A decision of another court is filed only once the filing officer has checked it (执行工作若干问题的规定 第十六条、第十八条).
  assert(!record.uploaded || input.documentChecked === true, 'STATE', '外院作出的法律文书须经核对（核对原件或向作出法院核实）后方可立案');
  const preservation = record.typeCode === '执保';
  // 诉讼费用交纳办法 第十四条第（一）项; paid after enforcement, by the debtor (第二十条、第三十八条). A preservation was
  // paid for when it was applied for (第十四条第（二）项): carrying it out costs nothing more.
  const fee = preservation
    ? { feeFen: 0, basis: ['诉讼费用交纳办法 第十四条第（二）项'] }
    : calculateFee(record.amountFen > 0 ? { category: 'enforcement', amountFen: record.amountFen } : { category: 'enforcement' });
  const result = await ctx.commit(async (tx) => {
    const caseNumber = await allocateCaseNumber(
      tx,
      { courtCode: record.courtCode, specialised: '', typeCode: record.typeCode, year: Number(today.slice(0, 4)) },
      ctx.now,
    );
    await changeEnforcement(tx, record._id, ctx.now, (current) => {
      assert(current.state === 'applied', 'STATE', '该执行申请已审查完毕');
      const filed = current.steps.map((s) => (s.kind === 'filing' && !s.doneOn ? { ...s, doneOn: today } : s));
      // 民事诉讼法 第一百零三条: a preservation is carried out at once: the property searched and frozen online (网络查控), no notice to perform.
      const steps = preservation
        ? [...filed, newStep('assignment', today), newStep('online-search', today, { urgent: true }), newStep('close', today)]
        : [
            ...filed,
            newStep('assignment', today),
            { ...newStep('notice', current.appliedOn) },
            { ...newStep('report-order', current.appliedOn) },
            newStep('close', today),
          ];
      const checked = current.uploaded ? { by: ctx.caller.openid, on: today } : undefined;
      return {
        action: 'enforcement.filed',
        actor,
        data: { caseNumber, feeFen: fee.feeFen, late: current.application.late, ...(checked ? { documentChecked: true } : {}) },
        requestId: input.requestId,
        update: {
          state: 'filed',
          caseNumber,
          filedOn: today,
          fee: { feeFen: fee.feeFen, basis: fee.basis },
          steps,
          nextDueOn: nextDue(steps),
          ...(checked ? { 'uploaded.checked': checked } : {}),
        },
      };
    });
    return { op: 'file' as const, enforcementId: record._id, state: 'filed', caseNumber, feeFen: fee.feeFen, assignmentDueOn: stepDue('assignment', today) };
  });
  await notify(
    ctx,
    record.members
      .filter((m) => m.role === 'applicant' || m.role === 'agent')
      .map((m) => ({
        template: 'MC_TPL_CASE_PROGRESS' as const,
        touser: m.openid,
        page: pages.enforcementCase(record._id),
        values: { caseNumber: result.caseNumber ?? '', progress: '执行立案' },
      })),
  );
  return result;
}

interface StaffRow {
  _id: string;
  name: string;
  caseload?: number;
}

/**
 * 执行期限规定（2006） 第二条: the executor assigned within 7 days of filing, drawn at random among
 * the division's active executors weighted by caseload (the seed and candidates kept in the event, as
 * the panel draw), or chosen by the leader.
 */
async function assignExecutor(input: Op<z.output<typeof EnforcementFileInput>, 'assign'>, ctx: ActionContext): Promise<EnforcementFileOutput> {
  const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, 'case.assign');
  assert(record.state === 'filed', 'STATE', record.state === 'applied' ? '执行申请尚未立案' : '本案已确定承办人');
  const rows = await query<StaffRow>(
    ctx.db
      .collection('staff')
      .where({ courtId: record.courtId, divisionId: record.divisionId, roles: 'executor', active: true })
      .field({ name: true, caseload: true })
      .limit(200),
  );
  const candidates: Candidate[] = rows.map((r) => ({ openid: r._id, name: r.name, caseload: r.caseload ?? 0 }));
  let chosen: Candidate | undefined;
  let draw: { seed: string; candidates: { openid: string; caseload: number }[] } | undefined;
  if (input.executor) {
    chosen = candidates.find((c) => c.openid === input.executor);
    assert(chosen, 'INVALID_INPUT', '所选承办人不是本执行部门的执行人员');
  } else {
    assert(candidates.length > 0, 'STATE', '本执行部门没有可分案的执行人员');
    const seed = randomBytes(16).toString('hex');
    [chosen] = drawPanel(seed, candidates, 1);
    draw = { seed, candidates: candidates.map((c) => ({ openid: c.openid, caseload: c.caseload })).sort((a, b) => (a.openid < b.openid ? -1 : 1)) };
  }
  assert(chosen, 'STATE', '分案失败');
  const executor = { openid: chosen.openid, name: chosen.name };
  const today = chinaDate(ctx.now);
  const result = await ctx.commit(async (tx) => {
    await changeEnforcement(tx, record._id, ctx.now, (current) => {
      assert(current.state === 'filed', 'STATE', '本案已确定承办人');
      const steps = [
        ...current.steps.map((s) => {
          if (s.kind === 'assignment' && !s.doneOn) return { ...s, doneOn: today };
          // 执行期限规定（2006） 第四条: the notice 3 days from the file, where earlier than 10 days from the application.
          if (s.kind === 'notice' || s.kind === 'report-order') return { ...s, dueOn: noticeDue(current.appliedOn, today) };
          return s;
        }),
        newStep('ask-leads', today),
        newStep('investigation', today),
        newStep('online-search', today),
        ...(current.leads ? [newStep('verify-leads', today, { urgent: current.urgent === true })] : []),
      ];
      return {
        action: 'enforcement.assigned',
        actor,
        data: { executor: executor.openid, ...(draw ? { seed: draw.seed, candidates: draw.candidates } : { chosenBy: ctx.caller.openid }) },
        requestId: input.requestId,
        update: {
          state: 'in-progress',
          executor,
          assignedOn: today,
          ...(draw ? { draw } : {}),
          members: ctx.db.command.push([{ openid: executor.openid, role: 'executor' }]),
          steps,
          nextDueOn: nextDue(steps),
        },
      };
    });
    await tx
      .collection('staff')
      .doc(executor.openid)
      .update({ data: { caseload: ctx.db.command.inc(1) } });
    return { op: 'assign' as const, enforcementId: record._id, state: 'in-progress', executor, ...(draw ? { draw } : {}) };
  });
  await notify(ctx, [
    {
      template: 'MC_TPL_CASE_PROGRESS',
      touser: executor.openid,
      page: pages.enforcementCase(record._id),
      values: { caseNumber: record.caseNumber ?? '', progress: '您被确定为本案承办人' },
    },
  ]);
  return result;
}

/**
 * 恢复执行 as a new 执恢 case (2014 意见 第六条): a breached settlement (执行和解规定 第九条) or
 * property found after 终本 (终本规定 第九条). The period after a settlement runs from its last
 * performance day (民诉法解释 第四百六十六条).
 */
async function resume(input: Op<z.output<typeof EnforcementFileInput>, 'resume'>, ctx: ActionContext): Promise<EnforcementFileOutput> {
  const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, 'enforcement.file');
  const resumable = record.state === 'settled' || (record.state === 'closed' && record.closing?.method === 'terminated-this-round');
  assert(resumable, 'STATE', '只有执行和解未履行或终结本次执行后发现财产的案件可以恢复执行');
  assert(!record.resumedAs, 'STATE', '本案已恢复执行');
  const today = chinaDate(ctx.now);
  const id = `${record._id}R`;
  // After a settlement, the period of application runs again from the settlement's last performance day
  // (民诉法解释 第四百六十六条; 执行和解规定 第十条); a late one is filed and flagged, as a first one is (第四百八十一条).
  // After 终本 it is not limited in time (民诉法解释 第五百一十七条).
  const settledUntil = record.state === 'settled' ? (record.settlement?.lastPerformanceOn ?? record.settlement?.on) : undefined;
  const application: EnforcementRecord['application'] = settledUntil
    ? { performanceDueOn: settledUntil, lastDay: resumptionLastDay(settledUntil), late: today > resumptionLastDay(settledUntil) }
    : { ...record.application, late: false, unlimited: true };
  return ctx.commit(async (tx) => {
    const caseNumber = await allocateCaseNumber(
      tx,
      { courtCode: record.courtCode, specialised: '', typeCode: '执恢', year: Number(today.slice(0, 4)) },
      ctx.now,
    );
    const steps = [newStep('assignment', today), newStep('notice', today), newStep('report-order', today), newStep('close', today)];
    const fresh: EnforcementRecord = {
      ...record,
      _id: id,
      typeCode: '执恢',
      caseNumber,
      state: 'filed',
      members: record.members.filter((m) => m.role !== 'executor'),
      appliedOn: today,
      application,
      filedOn: today,
      steps,
      exclusions: [],
      extensions: [],
      urges: [],
      objections: [],
      searches: [],
      resumedFrom: record._id,
      nextDueOn: nextDue(steps),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    delete fresh.executor;
    delete fresh.draw;
    delete fresh.assignedOn;
    delete fresh.closing;
    delete fresh.settlement;
    delete fresh.resumedAs;
    const chain = await appendCaseEvent(
      tx,
      id,
      undefined,
      {
        action: 'enforcement.filed',
        ...actor,
        state: 'filed',
        data: {
          caseNumber,
          resumedFrom: record.caseNumber ?? record._id,
          reason: input.reason,
          ...(application.unlimited ? {} : { lastDay: application.lastDay, late: application.late }),
        },
        requestId: input.requestId,
      },
      ctx.now,
    );
    await tx.collection('enforcements').add({ data: { ...fresh, chain } });
    await changeEnforcement(tx, record._id, ctx.now, () => ({
      action: 'enforcement.closed',
      actor,
      data: { resumedAs: caseNumber, reason: input.reason },
      requestId: input.requestId,
      update: { state: 'closed', resumedAs: id, nextDueOn: null, nextSearchOn: null },
    }));
    return {
      op: 'resume' as const,
      enforcementId: id,
      state: 'filed',
      caseNumber,
      assignmentDueOn: stepDue('assignment', today),
      ...(application.unlimited ? {} : { applicationLastDay: application.lastDay, late: application.late }),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// enforcement-act: the executor.

export async function actInEnforcement(input: z.output<typeof EnforcementActInput>, ctx: ActionContext): Promise<EnforcementActOutput> {
  const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, 'enforcement.act');
  const today = chinaDate(ctx.now);
  const open = (OPEN_STATES as readonly string[]).includes(record.state);
  switch (input.op) {
    case 'log':
      return addLog(input, ctx, record, actor);
    case 'step': {
      assert(open, 'STATE', '执行案件未在办理中');
      if (!input.stepId && !input.kind) throw new AppError('INVALID_INPUT', '请选择执行事项', { fields: { kind: '请选择执行事项' } });
      return ctx.commit(async (tx) => {
        let stepId = input.stepId ?? '';
        let dueOn = '';
        const { update } = await changeEnforcement(tx, record._id, ctx.now, (current) => {
          let steps = current.steps;
          let receivedFen = current.receivedFen;
          let paidFen = current.paidFen;
          const act = { at: ctx.now, by: ctx.caller.openid, ...(input.note ? { note: input.note } : {}), ...(input.done ? { done: true } : {}) };
          if (input.stepId) {
            const step = steps.find((s) => s.id === input.stepId);
            if (!step) throw new AppError('NOT_FOUND', '未找到该执行事项');
            assert(!step.doneOn, 'STATE', '该执行事项已办结');
            dueOn = step.dueOn;
            // 执行款物管理规定: paying out what was received.
            if (step.kind === 'payout' && input.done) paidFen += input.amountFen ?? step.amountFen ?? 0;
            steps = steps.map((s) => (s.id === step.id ? { ...s, ...(input.done ? { doneOn: today } : {}), acts: [...s.acts, act] } : s));
          } else {
            const kind = input.kind as StepKind;
            const step = withUniqueId(
              steps,
              newStep(kind, input.triggerOn ?? today, {
                ...(input.urgent ? { urgent: true } : {}),
                ...(input.realEstate ? { realEstate: true } : {}),
                ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}),
              }),
            );
            if (kind === 'payout') receivedFen += input.amountFen ?? 0;
            // Received and paid out the same day: the payout recorded with the arrival.
            if (kind === 'payout' && input.done) paidFen += input.amountFen ?? 0;
            stepId = step.id;
            dueOn = step.dueOn;
            steps = [...steps, { ...step, acts: [act], ...(input.done ? { doneOn: today } : {}) }];
          }
          // 执行款物管理规定: only money the court received is paid out.
          if (paidFen > receivedFen)
            throw new AppError('INVALID_INPUT', `发放金额超过已到账未发放的执行款 ${((receivedFen - current.paidFen) / 100).toFixed(2)} 元`, {
              fields: { amountFen: '发放金额不能超过已到账的执行款' },
            });
          return {
            action: 'enforcement.step',
            actor,
            data: { stepId, kind: steps.find((s) => s.id === stepId)?.kind, done: input.done === true, dueOn, amountFen: input.amountFen ?? null },
            requestId: input.requestId,
            update: { steps, receivedFen, paidFen, nextDueOn: nextDue(steps), state: 'in-progress' },
          };
        });
        return { op: 'step', enforcementId: record._id, state: String(update.state), stepId, dueOn };
      });
    }
    case 'record':
      return addRecord(input, ctx, record, actor);
    case 'answer': {
      const urge = record.urges.find((u) => u.id === input.urgeId);
      if (!urge) throw new AppError('NOT_FOUND', '未找到该催办');
      assert(!urge.answer, 'STATE', '该催办已答复');
      assert(input.newDueOn >= today, 'INVALID_INPUT', '承诺办结日期不能早于今天');
      return ctx.commit(async (tx) => {
        await changeEnforcement(tx, record._id, ctx.now, (current) => {
          const urges = current.urges.map((u) =>
            u.id === input.urgeId ? { ...u, answer: { reason: input.reason, newDueOn: input.newDueOn, at: ctx.now, by: ctx.caller.openid } } : u,
          );
          return {
            action: 'enforcement.answered',
            actor,
            data: { urgeId: input.urgeId, newDueOn: input.newDueOn },
            requestId: input.requestId,
            update: { urges, pendingUrgeDueAt: pendingUrge(urges) },
          };
        });
        return { op: 'answer', enforcementId: record._id, state: record.state, dueOn: input.newDueOn };
      });
    }
    case 'exclude': {
      assert(input.to >= input.from, 'INVALID_INPUT', '结束日期不能早于开始日期');
      return ctx.commit(async (tx) => {
        let lastDay = '';
        await changeEnforcement(tx, record._id, ctx.now, (current) => {
          const exclusions: Exclusion[] = [...current.exclusions, { kind: input.kind, from: input.from, to: input.to }];
          lastDay = period({ ...current, exclusions }) ?? '';
          return {
            action: 'enforcement.excluded',
            actor,
            data: { kind: input.kind, from: input.from, to: input.to, periodLastDay: lastDay },
            requestId: input.requestId,
            update: { exclusions, steps: current.steps.map((s) => (s.kind === 'close' && !s.doneOn ? { ...s, dueOn: lastDay } : s)) },
          };
        });
        return { op: 'exclude', enforcementId: record._id, state: record.state, periodLastDay: lastDay };
      });
    }
    case 'close':
      return close(input, ctx, record, actor);
    case 'search': {
      assert(record.state === 'closed' && record.closing?.method === 'terminated-this-round', 'STATE', '只有终结本次执行的案件需要定期查控');
      return ctx.commit(async (tx) => {
        const nextSearchOn = nextSearchDue(record.closing?.on ?? today, today) ?? null;
        await changeEnforcement(tx, record._id, ctx.now, () => ({
          action: 'enforcement.searched',
          actor,
          data: { found: input.found, note: input.note ?? null },
          requestId: input.requestId,
          update: { searches: ctx.db.command.push([{ on: today, found: input.found, by: ctx.caller.openid }]), nextSearchOn },
        }));
        return { op: 'search', enforcementId: record._id, state: record.state, ...(nextSearchOn ? { nextSearchOn } : {}) };
      });
    }
  }
}

const pendingUrge = (urges: EnforcementRecord['urges']) =>
  urges
    .filter((u) => !u.answer && !u.escalatedAt)
    .map((u) => u.answerDueAt)
    .reduce<Date | null>((a, b) => (a && a < b ? a : b), null);

/**
 * 执行日志: a text, photo or video captured on the phone, with its capture time and place and the act
 * it belongs to. The function hashes the upload (SHA-256) as it attaches it; the phone's own id makes
 * a log synced twice (captured offline, retried) one log; the hash goes into the case's chain.
 */
async function addLog(
  input: Op<z.output<typeof EnforcementActInput>, 'log'>,
  ctx: ActionContext,
  record: EnforcementRecord,
  actor: Actor,
): Promise<EnforcementActOutput> {
  const logId = `${record._id}-${input.clientId}`;
  const answerOf = (log: EnforcementLogRecord): EnforcementActOutput => ({
    op: 'log',
    enforcementId: record._id,
    state: record.state,
    logId: log._id,
    ...(log.file ? { sha256: log.file.sha256 } : {}),
    capturedAt: chinaDateTime(log.capturedAt),
    uploadedAt: chinaDateTime(log.uploadedAt),
  });
  const existing = await findById<EnforcementLogRecord>(ctx.db, 'enforcement_logs', logId);
  if (existing) return answerOf(existing);
  assert(record.state !== 'applied' && record.state !== 'refused', 'STATE', '执行案件尚未立案');
  if (input.kind !== 'text' && !input.file) throw new AppError('INVALID_INPUT', '请拍摄照片或视频', { fields: { file: '请拍摄照片或视频' } });
  if (input.kind === 'text' && !input.text) throw new AppError('INVALID_INPUT', '请填写日志内容', { fields: { text: '请填写日志内容' } });
  if (input.stepId && !record.steps.some((s) => s.id === input.stepId)) throw new AppError('NOT_FOUND', '未找到该执行事项');
  const capturedAt = new Date(input.capturedAt);
  assert(capturedAt.getTime() <= ctx.now.getTime() + 5 * 60_000, 'INVALID_INPUT', '拍摄时间不能晚于当前时间');
  const file: StoredFile | undefined = input.file ? await attachUpload(ctx.cloud, ctx.caller.openid, input.file, `enforcement/${record._id}/logs`) : undefined;
  const log: EnforcementLogRecord = {
    _id: logId,
    enforcementId: record._id,
    clientId: input.clientId,
    kind: input.kind,
    ...(input.stepId ? { stepId: input.stepId } : {}),
    capturedAt,
    uploadedAt: ctx.now,
    ...(input.place ? { place: input.place } : {}),
    ...(file ? { file } : {}),
    ...(input.text ? { text: input.text } : {}),
    ...(input.internal ? { internal: input.internal } : {}),
    public: input.public !== false,
    by: ctx.caller.openid,
  };
  return ctx.commit(async (tx) => {
    // Two syncs of the same log racing: the second finds the first here and answers it.
    const twin = await findById<EnforcementLogRecord>(tx, 'enforcement_logs', logId);
    if (twin) return answerOf(twin);
    await tx.collection('enforcement_logs').add({ data: log });
    await changeEnforcement(tx, record._id, ctx.now, () => ({
      action: 'enforcement.logged',
      actor,
      data: {
        logId,
        kind: log.kind,
        stepId: log.stepId ?? null,
        capturedAt: log.capturedAt,
        place: log.place ?? null,
        sha256:
          file?.sha256 ??
          createHash('sha256')
            .update(log.text ?? '')
            .digest('hex'),
      },
      requestId: input.requestId,
    }));
    return answerOf(log);
  });
}

/** 民事诉讼法 第二百三十九条: the record signed by those present; 第二百五十六条: the seizure inventory, given to the debtor. */
async function addRecord(
  input: Op<z.output<typeof EnforcementActInput>, 'record'>,
  ctx: ActionContext,
  record: EnforcementRecord,
  actor: Actor,
): Promise<EnforcementActOutput> {
  assert((OPEN_STATES as readonly string[]).includes(record.state), 'STATE', '执行案件未在办理中');
  const unsigned = input.present.filter((p) => !p.signed);
  // CPL 239: those present sign; one who refuses is noted on the record (text), and the record is not complete without the others.
  assert(unsigned.length < input.present.length, 'STATE', '执行笔录应由在场人签名（民事诉讼法 第二百三十九条）');
  if (input.kind === 'inventory') {
    assert((input.items ?? []).length > 0, 'INVALID_INPUT', '查封清单应列明财产（民事诉讼法 第二百五十六条）');
    assert(input.givenToDebtor === true, 'STATE', '查封清单应交被执行人一份（民事诉讼法 第二百五十六条）');
  }
  const file = input.file ? await attachUpload(ctx.cloud, ctx.caller.openid, input.file, `enforcement/${record._id}/records`) : undefined;
  return ctx.commit(async (tx) => {
    let recordId = '';
    await changeEnforcement(tx, record._id, ctx.now, (current) => {
      recordId = `record-${(current.records ?? []).length + 1}`;
      return {
        action: 'enforcement.record',
        actor,
        data: { recordId, kind: input.kind, present: input.present.length, items: input.items?.length ?? 0, sha256: file?.sha256 ?? null },
        requestId: input.requestId,
        update: {
          records: [
            ...(current.records ?? []),
            {
              id: recordId,
              kind: input.kind,
              ...(input.stepId ? { stepId: input.stepId } : {}),
              text: input.text,
              present: input.present,
              ...(input.items ? { items: input.items } : {}),
              ...(file ? { file } : {}),
              at: ctx.now,
              by: ctx.caller.openid,
            },
          ],
        },
      };
    });
    return { op: 'record', enforcementId: record._id, state: record.state, recordId, ...(file ? { sha256: file.sha256 } : {}) };
  });
}

/** Closing (执行工作若干问题的规定 第六十四条): 执行完毕, 终本 only when every condition holds, 终结执行, or settlement. */
async function close(
  input: Op<z.output<typeof EnforcementActInput>, 'close'>,
  ctx: ActionContext,
  record: EnforcementRecord,
  actor: Actor,
): Promise<EnforcementActOutput> {
  // A settlement performed in full closes the case as 执行完毕 (民诉法解释 第四百六十五条: no resumption after it).
  const settledAndPerformed = record.state === 'settled' && input.method === 'completed';
  assert((OPEN_STATES as readonly string[]).includes(record.state) || settledAndPerformed, 'STATE', '执行案件未在办理中');
  const today = chinaDate(ctx.now);
  const doneKind = (kind: StepKind) => record.steps.some((s) => s.kind === kind && s.doneOn);
  let checklist: ReturnType<typeof terminationChecklist> | undefined;
  if (input.method === 'completed') {
    assert(
      record.paidFen >= record.receivedFen,
      'STATE',
      `尚有执行款 ${((record.receivedFen - record.paidFen) / 100).toFixed(2)} 元未发放，不能以执行完毕结案`,
    );
  }
  if (input.method === 'terminated-this-round') {
    const facts = input.termination;
    checklist = terminationChecklist({
      filedOn: record.filedOn ?? record.appliedOn,
      today,
      noticeIssued: doneKind('notice'),
      reportOrdered: doneKind('report-order'),
      consumptionRestricted: facts?.consumptionRestricted === true,
      dishonestListedOrIneligible: facts?.dishonestListedOrIneligible === true,
      measuresExhausted: facts?.measuresExhausted === true,
      debtorSearched: facts?.debtorSearched === true,
      applicantInterviewed: facts?.applicantInterviewed === true,
      confirmation: record.terminationConsent ? 'applicant-signed' : record.terminationApproval ? 'panel-and-president' : undefined,
    });
    if (!checklist.ok) {
      const unmet = checklist.items.filter((i) => !i.met);
      const early = unmet.some((i) => i.condition === 'three-months') ? `（最早 ${terminationEarliest(record.filedOn ?? record.appliedOn)}）` : '';
      throw new AppError('STATE', `不能终结本次执行程序，尚不具备：${unmet.map((i) => i.label).join('；')}${early}（终本规定 第一条）`);
    }
  }
  if (input.method === 'terminated') assert(input.reason, 'INVALID_INPUT', '终结执行须写明民事诉讼法第二百六十八条规定的情形');
  if (input.method === 'settlement') assert(input.lastPerformanceOn, 'INVALID_INPUT', '请填写和解协议约定的最后履行日期');
  const method = input.method === 'settlement' ? null : (input.method as ClosingMethod);
  const nextSearchOn = method === 'terminated-this-round' ? (nextSearchDue(today) ?? null) : null;
  return ctx.commit(async (tx) => {
    const { update } = await changeEnforcement(tx, record._id, ctx.now, (current) => {
      const steps = current.steps.map((s) => (s.kind === 'close' && !s.doneOn && method ? { ...s, doneOn: today } : s));
      if (!method) {
        // 民事诉讼法 第二百四十一条; 执行和解规定 第二条: the settlement recorded, enforcement suspended.
        return {
          action: 'enforcement.settled',
          actor,
          data: { lastPerformanceOn: input.lastPerformanceOn },
          requestId: input.requestId,
          update: { state: 'settled', settlement: { on: today, lastPerformanceOn: input.lastPerformanceOn }, nextDueOn: null },
        };
      }
      return {
        action: 'enforcement.closed',
        actor,
        data: { method, label: ClosingMethods[method], reason: input.reason ?? null, checklist: checklist?.items.map((i) => i.condition) ?? null },
        requestId: input.requestId,
        update: {
          state: 'closed',
          closing: {
            method,
            on: today,
            by: ctx.caller.openid,
            ...(input.reason ? { reason: input.reason } : {}),
            ...(checklist ? { checklist: checklist.items } : {}),
          },
          steps,
          nextDueOn: null,
          nextSearchOn,
        },
      };
    });
    return {
      op: 'close',
      enforcementId: record._id,
      state: String(update.state),
      ...(checklist ? { checklist: checklist.items } : {}),
      ...(nextSearchOn ? { nextSearchOn } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// enforcement-supervise: the leader's urge, the timed sweep, the president's extension.

export async function supervise(input: z.output<typeof EnforcementSuperviseInput>, ctx: ActionContext): Promise<EnforcementSuperviseOutput> {
  if (input.op === 'sweep') return sweep(input, ctx);
  if (input.op === 'rule-objection') return ruleObjection(input, ctx);
  if (input.op === 'approve-termination') return terminationAgreed(input, ctx);
  if (input.op === 'extend') {
    // 执行期限规定（2006） 第一条: the (vice-)president extends.
    const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, 'limit.decide');
    assert((OPEN_STATES as readonly string[]).includes(record.state), 'STATE', '执行案件未在办理中');
    const lastDay = period(record);
    assert(lastDay && chinaDate(ctx.now) <= lastDay, 'STATE', '执行期限已届满，不能再延长');
    return ctx.commit(async (tx) => {
      let periodLastDay = '';
      await changeEnforcement(tx, record._id, ctx.now, (current) => {
        const extensions = [...current.extensions, { months: input.months, by: ctx.caller.openid, at: ctx.now, reason: input.reason }];
        periodLastDay = period({ ...current, extensions }) ?? '';
        return {
          action: 'enforcement.extended',
          actor,
          data: { months: input.months, periodLastDay },
          requestId: input.requestId,
          update: { extensions, steps: current.steps.map((s) => (s.kind === 'close' && !s.doneOn ? { ...s, dueOn: periodLastDay } : s)) },
        };
      });
      return { op: 'extend' as const, enforcementId: record._id, periodLastDay };
    });
  }
  const { record, actor, grants } = await authorizeEnforcement(ctx, input.enforcementId, 'case.supervise');
  const step = record.steps.find((s) => s.id === input.stepId);
  if (!step) throw new AppError('NOT_FOUND', '未找到该执行事项');
  const today = chinaDate(ctx.now);
  assert(stepState(step, today) === 'overdue', 'STATE', `该执行事项期限为 ${step.dueOn}，尚未超期，无需催办`);
  assert(record.executor, 'STATE', '本案尚未确定承办人');
  const level: EnforcementUrge['level'] =
    grants.some((g) => g.via === 'unit' && g.role === 'president') && !grants.some((g) => g.via === 'unit' && g.role === 'division-leader')
      ? 'president'
      : 'division-leader';
  const answerDueAt = urgeEscalatesAt(ctx.now);
  const result = await ctx.commit(async (tx) => {
    let urgeId = '';
    await changeEnforcement(tx, record._id, ctx.now, (current) => {
      urgeId = `urge-${current.urges.length + 1}`;
      const urges = [...current.urges, { id: urgeId, stepId: step.id, note: input.note, by: ctx.caller.openid, level, at: ctx.now, answerDueAt }];
      return {
        action: 'enforcement.urged',
        actor,
        data: { urgeId, stepId: step.id, dueOn: step.dueOn, level, answerDueAt },
        requestId: input.requestId,
        update: { urges, pendingUrgeDueAt: pendingUrge(urges) },
      };
    });
    return { op: 'urge' as const, enforcementId: record._id, urgeId, answerDueAt: chinaDateTime(answerDueAt) };
  });
  await notify(ctx, [
    {
      template: 'MC_TPL_CASE_PROGRESS',
      touser: record.executor.openid,
      page: pages.enforcementAnswer(record._id, result.urgeId ?? ''),
      values: { caseNumber: record.caseNumber ?? '', progress: `催办：${StepTemplates[step.kind].label}已超期` },
    },
  ]);
  return result;
}

/** The ruling on an objection within its 15 days (民事诉讼法 第二百三十六条、第二百三十八条), served on the platform the day it is made. */
async function ruleObjection(input: Op<z.output<typeof EnforcementSuperviseInput>, 'rule-objection'>, ctx: ActionContext): Promise<EnforcementSuperviseOutput> {
  const { record, actor } = await authorizeEnforcement(ctx, input.enforcementId, 'enforcement.rule-objection');
  const found = record.objections.find((o) => o.id === input.objectionId);
  if (!found) throw new AppError('NOT_FOUND', '未找到该异议');
  assert(!found.ruling, 'STATE', '该异议已作出裁定');
  const today = chinaDate(ctx.now);
  const remedy = objectionRemedy(found.kind ?? 'act', input.sustained, today);
  const ruling = { sustained: input.sustained, reason: input.reason, on: today, by: ctx.caller.openid, remedy: remedy.remedy, remedyDueOn: remedy.dueOn };
  return ctx.commit(async (tx) => {
    await changeEnforcement(tx, record._id, ctx.now, (current) => {
      const objections = current.objections.map((o) => (o.id === found.id ? { ...o, ruling } : o));
      const steps = current.steps.map((s) => (s.id === found.stepId && !s.doneOn ? { ...s, doneOn: today } : s));
      return {
        action: 'enforcement.objection-ruled',
        actor,
        data: { objectionId: found.id, caseNumber: found.caseNumber ?? null, sustained: input.sustained, basis: remedy.basis, remedyDueOn: remedy.dueOn },
        requestId: input.requestId,
        update: { objections, steps, nextDueOn: nextDue(steps) },
      };
    });
    return { op: 'rule-objection' as const, enforcementId: record._id, objection: objectionView({ ...found, ruling }) };
  });
}

/** An objection as the case's readers see it. */
function objectionView(o: EnforcementRecord['objections'][number]): z.infer<typeof ObjectionView> {
  return {
    objectionId: o.id,
    kind: o.kind ?? 'act',
    ...(o.caseNumber ? { caseNumber: o.caseNumber } : {}),
    ...(o.object ? { object: o.object } : {}),
    reason: o.reason,
    filedOn: o.filedOn,
    reviewDueOn: o.reviewDueOn,
    ...(o.ruling
      ? {
          ruling: {
            sustained: o.ruling.sustained,
            reason: o.ruling.reason,
            on: o.ruling.on,
            remedy: o.ruling.remedy,
            ...(o.ruling.remedyDueOn ? { remedyDueOn: o.ruling.remedyDueOn } : {}),
          },
        }
      : {}),
  };
}

/** What one sweep did: urges raised to the president, steps whose overrun it recorded. */
interface Swept {
  escalated: number;
  overdue: number;
  /** Subscribe messages to send once the changes are written. */
  notices: Notice[];
}

const SWEEP_FIELDS = { _id: true, courtId: true, caseNumber: true, executor: true } as const;
/** The cases one leader's sweep takes in its one transaction. */
const SWEEP_PAGE = 100;

/**
 * One case's sweep inside a transaction: its urges unanswered past their time go to the president
 * (执行期限规定（2006） and 民事诉讼法 第二百三十七条: the leaders chase what runs over), and each open step
 * past its due day not yet recorded as such is recorded once (its `overdueNoted` is the due day it
 * ran over: a step given a new date and overrunning again is recorded again). Nothing to do: no event.
 */
async function sweepOne(tx: Transaction, id: string, now: Date, actor: Actor, requestId?: string): Promise<{ escalated: number; overdue: EnforcementStep[] }> {
  const today = chinaDate(now);
  let escalated = 0;
  let overdue: EnforcementStep[] = [];
  let swept = false;
  let open = false;
  await changeEnforcement(tx, id, now, (current) => {
    open = (OPEN_STATES as readonly string[]).includes(current.state);
    const late = current.urges.filter((u) => !u.answer && !u.escalatedAt && new Date(u.answerDueAt).getTime() <= now.getTime());
    overdue = (OPEN_STATES as readonly string[]).includes(current.state)
      ? current.steps.filter((s) => stepState(s, today) === 'overdue' && s.overdueNoted !== s.dueOn)
      : [];
    escalated = late.length;
    if (late.length === 0 && overdue.length === 0) return null;
    swept = true;
    const urges = current.urges.map((u) => (late.includes(u) ? { ...u, escalatedAt: now, level: 'president' as const } : u));
    const steps = current.steps.map((s) => (overdue.includes(s) ? { ...s, overdueNoted: s.dueOn } : s));
    return {
      action: late.length > 0 ? 'enforcement.escalated' : 'enforcement.overdue',
      actor,
      data: {
        ...(late.length > 0 ? { urges: late.map((u) => u.id), to: 'president' } : {}),
        ...(overdue.length > 0 ? { overdue: overdue.map((s) => ({ stepId: s.id, dueOn: s.dueOn })) } : {}),
      },
      ...(requestId ? { requestId } : {}),
      update: { urges, steps, pendingUrgeDueAt: pendingUrge(urges), ...(open ? { sweptOn: today } : {}) },
    };
  });
  // Looked at today: it stops matching the sweep until tomorrow, when its steps may have run over anew.
  if (!swept && open)
    await tx
      .collection('enforcements')
      .doc(id)
      .update({ data: { sweptOn: today } });
  return { escalated, overdue };
}

/** The messages a case's sweep sends: the presidents hear of an escalation, the executor of an overrun. */
function sweepNotices(
  record: Pick<EnforcementRecord, '_id' | 'caseNumber' | 'executor'>,
  done: { escalated: number; overdue: EnforcementStep[] },
  presidents: readonly string[],
): Notice[] {
  const caseNumber = record.caseNumber ?? '';
  return [
    ...(done.escalated > 0
      ? presidents.map((p) => ({
          template: 'MC_TPL_CASE_PROGRESS' as const,
          touser: p,
          page: pages.enforcementCase(record._id),
          values: { caseNumber, progress: '催办逾期未答复，提请督办' },
        }))
      : []),
    ...(done.overdue.length > 0 && record.executor
      ? [
          {
            template: 'MC_TPL_CASE_PROGRESS' as const,
            touser: record.executor.openid,
            page: pages.enforcementCase(record._id),
            values: { caseNumber, progress: `已超期：${done.overdue.map((s) => StepTemplates[s.kind].label).join('、')}` },
          },
        ]
      : []),
  ];
}

/** The cases a sweep looks at: an urge unanswered past its time, or an open step past its due day (by `nextDueOn`). */
function sweepWhere(db: ActionContext['db'], now: Date, scope: Record<string, unknown>) {
  const _ = db.command;
  return _.or([
    { ...scope, pendingUrgeDueAt: _.lte(now) },
    { ...scope, state: _.in([...OPEN_STATES]), nextDueOn: _.lt(chinaDate(now)), sweptOn: _.neq(chinaDate(now)) },
  ]);
}

const presidentsOf = async (db: ActionContext['db'], courtId: string) =>
  (await query<{ _id: string }>(db.collection('staff').where({ courtId, roles: 'president', active: true }).field({ _id: true }).limit(10))).map((p) => p._id);

/**
 * The sweep a leader or president asks for (op 'sweep'): the unit's cases (the president's whole
 * court), in the one transaction of the call, so a retry answers what the first did.
 */
async function sweep(input: Op<z.output<typeof EnforcementSuperviseInput>, 'sweep'>, ctx: ActionContext): Promise<EnforcementSuperviseOutput> {
  const { courtId, grants } = await authorizeInOwnCourt(ctx, 'enforcement.dashboard');
  const courtWide = grants.some((g) => g.via === 'unit' && g.role === 'president');
  const scope: Record<string, unknown> = { courtId, ...(courtWide ? {} : { divisionId: ctx.caller.staff?.divisionId }) };
  const due = await query<Pick<EnforcementRecord, '_id' | 'courtId' | 'caseNumber' | 'executor'>>(
    ctx.db
      .collection('enforcements')
      .where(sweepWhere(ctx.db, ctx.now, scope))
      .field(SWEEP_FIELDS)
      .limit(SWEEP_PAGE),
  );
  const presidents = await presidentsOf(ctx.db, courtId);
  const actor: Actor = { actor: ctx.caller.openid, actorRole: courtWide ? 'president' : 'leader' };
  const swept: Swept = { escalated: 0, overdue: 0, notices: [] };
  const result = await ctx.commit(async (tx) => {
    swept.notices = [];
    let escalated = 0;
    let overdue = 0;
    for (const record of due) {
      const done = await sweepOne(tx, record._id, ctx.now, actor, input.requestId);
      escalated += done.escalated;
      overdue += done.overdue.length;
      swept.notices.push(...sweepNotices(record, done, presidents));
    }
    // A full page: more of the unit's cases await the next sweep (this one's are no longer matched today).
    return { op: 'sweep' as const, escalated, overdue, ...(due.length === SWEEP_PAGE ? { more: true } : {}) };
  });
  await notify(ctx, swept.notices);
  return result;
}

/** The name of enforcement-supervise's timer trigger (cloudbaserc.json), and the actor of what it records. */
const SWEEP_TRIGGER = 'enforcement-sweep';

/**
 * The sweep on enforcement-supervise's timer trigger (hourly): every court's cases, page by page,
 * each case in its own transaction, so one case's conflict neither undoes nor holds up another. A
 * second run finds nothing left to do: escalated urges and recorded overruns are not done twice.
 */
export async function sweepOnTimer(ctx: TimerContext): Promise<{ escalated: number; overdue: number; cases: number }> {
  const actor: Actor = { actor: SWEEP_TRIGGER, actorRole: 'timer' };
  const presidents = new Map<string, string[]>();
  const totals = { escalated: 0, overdue: 0, cases: 0 };
  let after = '';
  for (;;) {
    const page = await query<Pick<EnforcementRecord, '_id' | 'courtId' | 'caseNumber' | 'executor'>>(
      ctx.db
        .collection('enforcements')
        .where(ctx.db.command.and([sweepWhere(ctx.db, ctx.now, {}), { _id: ctx.db.command.gt(after) }]))
        .orderBy('_id', 'asc')
        .field(SWEEP_FIELDS)
        .limit(MAX_PAGE),
    );
    for (const record of page) {
      const done = await runWithRetry(ctx.db, (tx) => sweepOne(tx, record._id, ctx.now, actor));
      if (done.escalated === 0 && done.overdue.length === 0) continue;
      totals.cases += 1;
      totals.escalated += done.escalated;
      totals.overdue += done.overdue.length;
      if (!presidents.has(record.courtId)) presidents.set(record.courtId, await presidentsOf(ctx.db, record.courtId));
      // Told as soon as the case's change is written: a run stopped later has sent what it wrote.
      await notify(ctx, sweepNotices(record, done, presidents.get(record.courtId) ?? []));
    }
    const last = page[page.length - 1];
    if (page.length < MAX_PAGE || !last) break;
    after = last._id;
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// enforcement-view

const stepView = (s: EnforcementStep, today: string) => {
  const state = stepState(s, today);
  return {
    stepId: s.id,
    kind: s.kind,
    label: StepTemplates[s.kind].label,
    triggerOn: s.triggerOn,
    dueOn: s.dueOn,
    ...(s.doneOn ? { doneOn: s.doneOn } : {}),
    state,
    stateLabel: StepStateLabels[state],
    basis: StepTemplates[s.kind].basis,
  };
};

export async function viewEnforcement(input: z.output<typeof EnforcementViewInput>, ctx: ActionContext): Promise<EnforcementViewOutput> {
  const today = chinaDate(ctx.now);
  if (input.op === 'tasks') return tasks(ctx, today);
  if (input.op === 'dashboard') return dashboard(ctx, today, input.limit ?? 200);
  if (input.op === 'applications') return applications(ctx);
  const { record } = await authorizeEnforcement(ctx, input.enforcementId, 'enforcement.read');
  // The court's people see internal notes and the urges; the parties the public parts only (执行公开).
  const internal = seesInternal(ctx, record);
  const [logs, chain] = await Promise.all([visibleLogs(ctx, record, internal), verifyCaseChain(ctx.db, record._id, record.chain)]);
  const executorName = record.executor?.name;
  return {
    op: 'detail',
    case: {
      enforcementId: record._id,
      caseNumber: record.caseNumber ?? '（待立案）',
      state: record.state,
      stateLabel: record.closing ? ClosingMethods[record.closing.method] : StateLabels[record.state],
      source: { caseNumber: record.source.caseNumber, title: record.source.title },
      parties: record.parties.map((p) => ({ role: p.role === 'applicant' ? '申请执行人' : '被执行人', name: p.name })),
      appliedOn: record.appliedOn,
      late: record.application.late,
      typeCode: record.typeCode,
      urgent: record.urgent === true,
      // 民事诉讼法 第一百零三条: a preservation ruling has no period of application to run out.
      // after 终本 no period runs for the 执恢 case (民诉法解释 第五百一十七条).
      ...(record.typeCode === '执保' || record.application.unlimited ? {} : { applicationLastDay: record.application.lastDay }),
      ...(record.uploaded ? { uploaded: uploadedView(record.uploaded) } : {}),
      ...(record.filedOn ? { filedOn: record.filedOn } : {}),
      ...(executorName ? { executor: executorName } : {}),
      ...(record.fee ? { feeFen: record.fee.feeFen } : {}),
      ...(period(record) ? { periodLastDay: period(record) } : {}),
      higherCourtAfter: higherCourtAfter(record.appliedOn, record.exclusions),
      receivedFen: record.receivedFen,
      paidFen: record.paidFen,
      ...(record.closing
        ? {
            closing: {
              method: record.closing.method,
              label: ClosingMethods[record.closing.method],
              on: record.closing.on,
              ...(record.nextSearchOn ? { nextSearchOn: record.nextSearchOn } : {}),
            },
          }
        : {}),
      steps: record.steps.map((s) => stepView(s, today)),
      logs: logs.map((log) => ({
        logId: log._id,
        kind: log.kind,
        ...(log.stepId ? { stepId: log.stepId } : {}),
        capturedAt: chinaDateTime(log.capturedAt),
        uploadedAt: chinaDateTime(log.uploadedAt),
        ...(log.place ? { place: log.place } : {}),
        ...(log.text ? { text: log.text } : {}),
        ...(log.file ? { sha256: log.file.sha256, fileName: log.file.name } : {}),
        ...(internal && log.internal ? { internal: log.internal } : {}),
        public: log.public,
      })),
      ...(internal
        ? {
            urges: record.urges.map((u) => ({
              urgeId: u.id,
              stepId: u.stepId,
              note: u.note,
              urgedAt: chinaDateTime(u.at),
              level: u.level === 'president' ? '院长督办' : '执行局局长催办',
              ...(u.answer ? { answer: { reason: u.answer.reason, newDueOn: u.answer.newDueOn, at: chinaDateTime(u.answer.at) } } : {}),
              ...(u.escalatedAt ? { escalatedAt: chinaDateTime(u.escalatedAt) } : {}),
            })),
          }
        : {}),
      objections: record.objections.map(objectionView),
      chainVerified: chain.ok,
    },
  };
}

const uploadedView = (u: NonNullable<EnforcementRecord['uploaded']>) => ({
  court: u.court,
  effectiveOn: u.effectiveOn,
  jurisdiction: u.jurisdiction,
  sha256: u.file.sha256,
  fileName: u.file.name,
  ...(u.checked ? { checkedOn: u.checked.on } : {}),
});

/**
 * The filing officer's queue (执行工作若干问题的规定 第十六条: filed or refused within 7 days): the court's
 * applications not yet decided, the earliest due first; an uploaded decision of another court with
 * a short-lived link to its PDF, to check before filing (第十八条).
 */
async function applications(ctx: ActionContext): Promise<EnforcementViewOutput> {
  const { courtId, divisionId, grants } = authorizeInOwnUnit(ctx, 'enforcement.file');
  // The court's registrar files for the whole court; a division leader only what his division enforces.
  const courtWide = grants.some((g) => g.via === 'unit' && g.role === 'court-registrar');
  const records = await queryWithCaller<EnforcementRecord>(
    ctx,
    'enforcements',
    courtWide ? { courtId, state: 'applied' } : { courtId, divisionId: divisionId ?? '', state: 'applied' },
    {
      orderBy: ['nextDueOn', 'asc'],
      limit: MAX_PAGE,
      fields: {
        typeCode: true,
        urgent: true,
        appliedOn: true,
        nextDueOn: true,
        source: true,
        parties: true,
        amountFen: true,
        act: true,
        application: true,
        uploaded: true,
      },
    },
  );
  const files = records.flatMap((r) => (r.uploaded ? [r.uploaded.file.fileID] : []));
  const urls = new Map<string, string>();
  // Each file from the storage its fileID names (court-2's older uploads, the court's since).
  for (const fileID of files) {
    const { fileList } = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 600 }], ...storageOf(fileID) })) as {
      fileList: { tempFileURL: string }[];
    };
    urls.set(fileID, fileList[0]?.tempFileURL ?? '');
  }
  return {
    op: 'applications',
    applications: records.map((r) => ({
      enforcementId: r._id,
      typeCode: r.typeCode,
      urgent: r.urgent === true,
      appliedOn: r.appliedOn,
      filingDueOn: r.nextDueOn ?? stepDue('filing', r.appliedOn),
      source: { caseNumber: r.source.caseNumber, title: r.source.title },
      parties: r.parties.map((p) => ({ role: p.role === 'applicant' ? '申请执行人' : '被执行人', name: p.name })),
      amountFen: r.amountFen,
      ...(r.act ? { act: r.act } : {}),
      late: r.application.late,
      ...(r.uploaded ? { uploaded: { ...uploadedView(r.uploaded), url: urls.get(r.uploaded.file.fileID) ?? '' } } : {}),
    })),
  };
}

type Row = NonNullable<EnforcementViewOutput['rows']>[number];

function rowsOf(record: Pick<EnforcementRecord, '_id' | 'caseNumber' | 'executor' | 'steps' | 'urges'>, today: string): Row[] {
  const urged = new Set(record.urges.filter((u) => !u.answer).map((u) => u.stepId));
  return record.steps
    .filter((s) => !s.doneOn)
    .map((s) => {
      const state = stepState(s, today);
      return {
        enforcementId: record._id,
        caseNumber: record.caseNumber ?? '（待立案）',
        executor: record.executor?.name ?? '（未确定）',
        stepId: s.id,
        label: StepTemplates[s.kind].label,
        dueOn: s.dueOn,
        state,
        stateLabel: StepStateLabels[state],
        urged: urged.has(s.id),
      };
    });
}

const byRank = (a: Row, b: Row) => dashboardRank(a.state, a.dueOn).localeCompare(dashboardRank(b.state, b.dueOn));

/**
 * The executor's own open steps, by due date (overdue first); and the cases closed by 终本 whose
 * search every six months is due (终本规定 第九条), from the day it is due soon: the reminder.
 */
async function tasks(ctx: ActionContext, today: string): Promise<EnforcementViewOutput> {
  const _ = ctx.db.command;
  const [records, searches] = await Promise.all([
    query<EnforcementRecord>(
      ctx.db
        .collection('enforcements')
        .where({ 'members.openid': ctx.caller.openid, state: _.in([...OPEN_STATES]) })
        .orderBy('nextDueOn', 'asc')
        .limit(200),
    ),
    query<EnforcementRecord>(
      ctx.db
        .collection('enforcements')
        .where({ 'members.openid': ctx.caller.openid, state: 'closed', nextSearchOn: _.lte(stepDueSoon(today)) })
        .orderBy('nextSearchOn', 'asc')
        .limit(200),
    ),
  ]);
  // Only where the caller acts as the executor now: a staff role counts only while active in the case's court.
  const mine = records.filter((r) => holds(ctx, r, 'enforcement.act'));
  const searchRows = searches
    .filter((r) => r.nextSearchOn && holds(ctx, r, 'enforcement.act'))
    .map((r): Row => {
      const dueOn = r.nextSearchOn ?? today;
      const state = stepState({ dueOn }, today);
      return {
        enforcementId: r._id,
        caseNumber: r.caseNumber ?? '',
        executor: r.executor?.name ?? '（未确定）',
        stepId: 'search',
        label: '终本后定期查询财产（终本规定 第九条）',
        dueOn,
        state,
        stateLabel: StepStateLabels[state],
        urged: false,
      };
    });
  const rows = [...mine.flatMap((r) => rowsOf(r, today)), ...searchRows].sort(byRank);
  return { op: 'tasks', rows, total: rows.length };
}

/** What a dashboard row needs of a case (`rowsOf`): never its parties, logs or money. */
const ROW_FIELDS = { caseNumber: true, executor: true, steps: true, urges: true } as const;

/**
 * The leader's dashboard (对超限节点予以追踪催办): the unit's cases with open steps, overdue and due
 * soon first, and per executor the counts. A division leader sees his division, a president the court.
 * Two reads at once: the cases, with the caller's stored record joined (`queryWithCaller` confirms a
 * kept record, so no read of its own), and the unit's executors with their counts in one aggregate.
 */
async function dashboard(ctx: ActionContext, today: string, limit: number): Promise<EnforcementViewOutput> {
  const { courtId, divisionId, grants } = authorizeInOwnUnit(ctx, 'enforcement.dashboard');
  const courtWide = grants.some((g) => g.via === 'unit' && g.role === 'president');
  const unit: Record<string, unknown> = courtWide ? { courtId } : { courtId, divisionId: divisionId ?? '' };
  const _ = ctx.db.command;
  const [records, executors] = await Promise.all([
    queryWithCaller<Pick<EnforcementRecord, '_id' | 'caseNumber' | 'executor' | 'steps' | 'urges'>>(
      ctx,
      'enforcements',
      { ...unit, nextDueOn: _.neq(null), state: _.in([...OPEN_STATES]) },
      { orderBy: ['nextDueOn', 'asc'], limit, fields: ROW_FIELDS },
    ),
    executorCounts(ctx, unit, today),
  ]);
  const byExecutor = executors.map((e) => ({ executor: e.name, overdue: e.overdue, dueSoon: e.dueSoon, open: e.open }));
  byExecutor.sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon);
  const rows = records.flatMap((r) => rowsOf(r, today)).sort(byRank);
  return { op: 'dashboard', rows, byExecutor, total: rows.length };
}

/**
 * The unit's active executors, each with his open cases, those overdue and those due soon: one
 * aggregate over `staff`, the counts of every executor grouped once over the unit's open cases in
 * an uncorrelated `$lookup` (run once, however many executors). A case without a due day counts as
 * open only: '0' sorts before any day and after null.
 */
async function executorCounts(
  ctx: ActionContext,
  unit: Record<string, unknown>,
  today: string,
): Promise<{ openid: string; name: string; open: number; overdue: number; dueSoon: number }[]> {
  const soon = stepDueSoon(today);
  // Plain pipeline operators: the stages of a `$lookup` pipeline are sent as they are written.
  const dueBy = (from: string, to: string) => ({ $cond: { if: { $and: [{ $gte: ['$nextDueOn', from] }, { $lt: ['$nextDueOn', to] }] }, then: 1, else: 0 } });
  const res = (await ctx.db
    .collection('staff')
    .aggregate()
    .match({ ...unit, roles: 'executor', active: true })
    .limit(200)
    .group({ _id: null, executors: { $push: { openid: '$_id', name: '$name' } } })
    .lookup({
      from: 'enforcements',
      pipeline: [
        { $match: { ...unit, state: { $in: [...OPEN_STATES] } } },
        { $group: { _id: '$executor.openid', open: { $sum: 1 }, overdue: { $sum: dueBy('0', today) }, dueSoon: { $sum: dueBy(today, `${soon}~`) } } },
      ],
      as: 'counts',
    })
    .end()) as {
    list: { executors: { openid: string; name: string }[]; counts: { _id: string | null; open: number; overdue: number; dueSoon: number }[] }[];
  };
  const found = res.list[0];
  if (!found) return [];
  const counts = new Map(found.counts.map((c) => [c._id, c]));
  return found.executors.map((e) => {
    const mine = counts.get(e.openid);
    return { ...e, open: mine?.open ?? 0, overdue: mine?.overdue ?? 0, dueSoon: mine?.dueSoon ?? 0 };
  });
}

const stepDueSoon = (today: string) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + DUE_SOON_DAYS);
  return d.toISOString().slice(0, 10);
};
