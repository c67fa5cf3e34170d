import type * as z from 'zod';
import { PANEL, PARTY_SIDE, type CaseMember, type Matter, type Permission } from '#domain/authorization';
import { maskMobile } from '#domain/identity';
import {
  canMove,
  checkTerms,
  confirmationBarOf,
  confirmationDeadline,
  confirmationDecisionDue,
  CONFIRMATION_TYPE_CODE,
  ConfirmationBars,
  ConfirmationRejections,
  effectiveOn,
  isOpen,
  mediationPeriod,
  MediationStates,
  MediatorKinds,
  obligationsOf,
  renderAgreement,
  ReturnReasons,
  stepDueOn,
  TerminationReasons,
  type MediationState,
  type MediationTrack,
  type WorkingDayStep,
} from '#domain/mediation';
import { facePurposes } from '#domain/e-signature';
import { chinaDate } from '#domain/time';
import {
  AppError,
  allocateCaseNumber,
  assert,
  attachUpload,
  findById,
  lookupHash,
  MAX_PAGE,
  nextInSequence,
  query,
  roomTicket,
  sha256Hex,
  verifyCaseChain,
  appendCaseEvent,
  GENESIS_HASH,
  type ActionContext,
  type CaseEventInput,
  type ChainHead,
  type Transaction,
  readWithCaller,
} from '#runtime';
import type {
  MediationAgreementInput,
  MediationAgreementOutput,
  MediationApplyInput,
  MediationApplyOutput,
  MediationAssignInput,
  MediationAssignOutput,
  MediationConfirmInput,
  MediationConfirmOutput,
  MediationDetailInput,
  MediationDetailOutput,
  MediationSessionInput,
  MediationSessionOutput,
  MediatorRosterInput,
  MediatorRosterOutput,
} from '#schemas/mediation';
import { authorize, authorizeInOwnCourt, authorizeOn, nothingThere, type Actor, type Authorized } from './access';
import { changeCase } from './case-change';
import { commitSignature, prepareSignature } from './e-signature';
import { confirmFaceCheck, useFaceCheck } from './face';
import type { CaseRecord, DecisionRecord, MediationRecord, MediatorRecord } from './records';
import { freshRecipients, notifyServed, serveDocument, withdrawOffline } from './service';

/*
 * 在线调解: one mediation from application (or the court's proposal in a case) to its end. Every
 * step is an event in the mediation's own chain (`case_events` under the mediation's id, its head
 * on the mediation); a mediation inside a case also writes its start and end on the case's chain.
 * Access is the permission table's, over the mediation as a matter: its members, and inside a case
 * the case's members too (an agent revoked on the case is revoked here).
 */

type Input<T extends { op: string }, O extends string> = Extract<T, { op: O }>;
const INADMISSIBLE = '调解过程中当事人为达成调解协议作出妥协而认可的事实，不得在诉讼中作为对其不利的根据（在线调解规则 第十八条）';
const mediatorId = (courtId: string, openid: string) => `${courtId}:${openid}`;
const signerOf = (party: number) => `party:${party}`;

/** The mediation as a matter of the authorization model; inside a case, with the case's members. */
export function mediationMatter(m: MediationRecord, record: CaseRecord | null): Matter {
  if (!record) return { courtId: m.courtId, divisionId: m.divisionId, members: m.members, parties: m.parties };
  return {
    courtId: record.courtId,
    divisionId: record.divisionId,
    members: [...record.members, ...m.members.filter((x) => x.role === 'mediator')],
    parties: record.parties,
    representations: record.representations,
  };
}

interface Loaded extends Authorized {
  m: MediationRecord;
  record: CaseRecord | null;
  matter: Matter;
}

async function loadMediation(ctx: ActionContext, mediationId: string, permission: Permission): Promise<Loaded> {
  const m = await findById<MediationRecord>(ctx.db, 'mediations', mediationId);
  if (!m) throw nothingThere(permission);
  const record = m.caseId ? await readWithCaller<CaseRecord>(ctx, 'cases', m.caseId) : null;
  const matter = mediationMatter(m, record);
  return { m, record, matter, ...authorizeOn(ctx, matter, permission) };
}

/** One change of a mediation: re-read in the transaction, the event appended to its own chain. */
async function changeMediation(
  tx: Transaction,
  ctx: ActionContext,
  m: MediationRecord,
  change: (current: MediationRecord) => { event: Omit<CaseEventInput, 'state'> & { state?: MediationState }; update?: Record<string, unknown> },
): Promise<{ current: MediationRecord; chain: ChainHead }> {
  return changeCase<MediationRecord>(
    tx,
    m._id,
    ctx.now,
    (current) => {
      assert(current.chain.seq === m.chain.seq, 'CONFLICT', '调解记录已更新，请刷新后重试');
      const { event, update } = change(current);
      if (event.state && event.state !== current.state)
        assert(canMove(current.state, event.state), 'STATE', `调解当前为“${MediationStates[current.state]}”，不能办理此事项`);
      return { event: { ...event, requestId: ctx.requestId }, update: { ...update, ...(event.state ? { state: event.state } : {}) } };
    },
    'mediations',
  );
}

/** A second event of the same change (the last signature, then the agreement taking effect), appended at the head the first left. */
async function followUp(
  tx: Transaction,
  ctx: ActionContext,
  id: string,
  head: ChainHead,
  event: Omit<CaseEventInput, 'state'> & { state: MediationState },
  update: Record<string, unknown>,
) {
  const chain = await appendCaseEvent(tx, id, head, { ...event, requestId: ctx.requestId }, ctx.now);
  await tx
    .collection('mediations')
    .doc(id)
    .update({ data: { ...update, state: event.state, chain, updatedAt: ctx.now } });
}

/** A mediation in a case also writes on the case's chain. */
async function onCase(
  tx: Transaction,
  ctx: ActionContext,
  m: MediationRecord,
  event: Omit<CaseEventInput, 'state'> & { state?: string },
  update?: Record<string, unknown>,
) {
  if (!m.caseId) return;
  await changeCase(tx, m.caseId, ctx.now, () => ({
    event: { ...event, data: { mediationId: m._id, ...event.data }, requestId: ctx.requestId },
    ...(update ? { update } : {}),
  }));
}

const today = (ctx: ActionContext) => chinaDate(ctx.now);
const step = (kind: WorkingDayStep, ctx: ActionContext) => ({ kind, dueOn: stepDueOn(kind, today(ctx)) });
const periodView = (m: Pick<MediationRecord, 'period'>) =>
  m.period ? { startOn: m.period.startOn, endOn: m.period.endOn, extensionDays: m.period.extensionDays } : undefined;

function startPeriod(track: MediationTrack, startOn: string): NonNullable<MediationRecord['period']> {
  const p = mediationPeriod({ track, startOn });
  return { startOn, endOn: p.endOn, extendedTo: [], excluded: [], extensionDays: 0 };
}

/**
 * 在线调解规则 第二十四条、第二十五条第六项: a mediation past its period, not extended by every party's consent, goes no
 * further (no session, no statement, no agreement drafted or signed); the parties may still agree to extend it, or the
 * mediator ends it.
 */
function assertInPeriod(m: Pick<MediationRecord, 'period'>, ctx: ActionContext): void {
  const endOn = m.period?.endOn;
  if (endOn && today(ctx) > endOn)
    throw new AppError(
      'DEADLINE',
      `调解期限已于 ${endOn} 届满：各方当事人同意延长的，可以继续调解（在线调解规则 第二十四条）；否则调解员应当终结调解（第二十五条第六项）`,
    );
}

/** Every party consented (在线调解规则 第八条; for judge-led mediation the period runs from then, 第二十四条). */
const allConsented = (m: MediationRecord) => m.parties.every((p) => p.consentedAt);

/** Which party the caller acts as or for. */
function partyOf(a: Authorized): number {
  const grant = a.grants.find((g) => g.via === 'case' && PARTY_SIDE.includes(g.role));
  const member = grant && grant.via === 'case' ? grant.member : undefined;
  assert(member?.for !== undefined, 'FORBIDDEN', '您不是本次调解的当事人');
  return Number(member.for);
}

// ---------------------------------------------------------------------------------------------
// mediator-roster

/** 调解员名册: the court's mediation office registers, updates and retires mediators (在线调解规则 第五条、第二十七条、第二十八条). */
export async function keepRoster(input: z.output<typeof MediatorRosterInput>, ctx: ActionContext): Promise<MediatorRosterOutput> {
  const { courtId } = await authorizeInOwnCourt(ctx, 'mediation.roster');
  const id = mediatorId(courtId, input.mediator);
  const [court, existing] = await Promise.all([
    findById<{ name: string }>(ctx.db, 'courts', courtId, { name: true }),
    findById<MediatorRecord>(ctx.db, 'mediators', id),
  ]);
  assert(court, 'NOT_FOUND', '未找到本院信息');
  if (input.op === 'retire') {
    assert(existing, 'NOT_FOUND', '名册中没有该调解员');
    return ctx.commit(async (tx) => {
      await tx
        .collection('mediators')
        .doc(id)
        .update({ data: { active: false, retired: { reason: input.reason, at: ctx.now }, updatedAt: ctx.now, updatedBy: ctx.caller.openid } });
      return { mediatorId: id, active: false };
    });
  }
  const staff = await findById<{ courtId: string; roles: string[]; active: boolean }>(ctx.db, 'staff', input.mediator, {
    courtId: true,
    roles: true,
    active: true,
  });
  assert(staff?.active, 'NOT_FOUND', '该调解员尚未由法院信息部门开通账号（npm run court-admin -- add-staff --roles mediator）');
  assert(staff.roles.includes('mediator') || staff.roles.includes('judge'), 'INVALID_INPUT', '名册中的调解员须为法官或具有调解员身份的人员');
  const { requestId: _r, op: _o, mediator, mediatorKind, feeCharged, feeNote, ...profile } = input;
  const record: Omit<MediatorRecord, '_id'> = {
    ...profile,
    kind: mediatorKind,
    fee: { charged: feeCharged, ...(feeNote ? { note: feeNote } : {}) },
    invitingCourt: court.name,
    courtId,
    openid: mediator,
    active: true,
    caseload: existing?.caseload ?? 0,
    updatedAt: ctx.now,
    updatedBy: ctx.caller.openid,
  };
  return ctx.commit(async (tx) => {
    await tx.collection('mediators').doc(id).set({ data: record });
    return { mediatorId: id, active: true };
  });
}

// ---------------------------------------------------------------------------------------------
// mediation-apply

type ApplyInput = z.output<typeof MediationApplyInput>;

export async function applyMediation(input: ApplyInput, ctx: ActionContext): Promise<MediationApplyOutput> {
  switch (input.op) {
    case 'apply':
      return apply(input, ctx);
    case 'propose':
      return propose(input, ctx);
    case 'screen':
      return screen(input, ctx);
    case 'respond':
      return respond(input, ctx);
  }
}

/** 申请诉前调解 (在线调解规则 第八条): identity (verified), the dispute, the e-service address, materials, consent. */
async function apply(input: Input<ApplyInput, 'apply'>, ctx: ActionContext): Promise<MediationApplyOutput> {
  const user = ctx.caller.user;
  assert(user?.verifiedAt && user.name, 'NOT_VERIFIED', '申请调解前请先完成实名认证');
  const court = await findById<{ code: string; name: string }>(ctx.db, 'courts', input.courtId, { code: true, name: true });
  assert(court, 'NOT_FOUND', '未找到所选法院');
  const respondentLookup = lookupHash('resident-id', input.respondent.idNumber);
  assert(respondentLookup !== user.idLookup, 'INVALID_INPUT', '被申请人不能是申请人本人');
  const year = Number(today(ctx).slice(0, 4));
  return ctx.commit(async (tx) => {
    const seq = await nextInSequence(tx, `${court.code}|民诉前调|${year}`, ctx.now);
    const id = `med-${input.courtId}-${year}-${seq}`;
    const materials = [];
    for (const fileID of input.materials) materials.push(await attachUpload(ctx.cloud, ctx.caller.openid, fileID, `mediations/${id}`));
    const record: MediationRecord = {
      _id: id,
      stage: 'pre-filing',
      track: 'pre-filing',
      courtId: input.courtId,
      courtCode: court.code,
      courtName: court.name,
      cause: input.cause,
      summary: input.summary,
      amountFen: input.amountFen,
      parties: [
        {
          name: user.name ?? '',
          kind: 'natural',
          role: 'plaintiff',
          ...(user.idLookup ? { idLookup: user.idLookup } : {}),
          mobileMasked: maskMobile(input.mobile),
          addressConfirmed: true,
          consentedAt: ctx.now,
        },
        { name: input.respondent.name, kind: 'natural', role: 'defendant', idLookup: respondentLookup, mobileMasked: maskMobile(input.respondent.mobile) },
      ],
      members: [{ openid: ctx.caller.openid, role: 'plaintiff', for: '0' }],
      materials,
      state: 'applied',
      chain: { seq: 0, hash: GENESIS_HASH },
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    const number = `（${year}）${court.code}民诉前调${seq}号`;
    const { chain: _none, ...doc } = record;
    await tx.collection('mediations').add({ data: { ...doc, number, participants: [ctx.caller.openid] } });
    await changeCase<MediationRecord>(
      tx,
      id,
      ctx.now,
      () => ({
        event: {
          action: 'mediation.applied',
          actor: ctx.caller.openid,
          actorRole: 'plaintiff',
          data: { number, materials: materials.length },
          requestId: ctx.requestId,
        },
      }),
      'mediations',
    );
    return { mediationId: id, state: 'applied', number };
  });
}

/** 诉中调解: the presiding judge proposes mediation in a case; each party consents (在线调解规则 第八条; 特邀 第十一条). */
async function propose(input: Input<ApplyInput, 'propose'>, ctx: ActionContext): Promise<MediationApplyOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'mediation.conduct');
  assert(record.state === 'in-trial' || record.state === 'accepted', 'STATE', '本案当前不能调解');
  const open = await query<MediationRecord>(ctx.db.collection('mediations').where({ caseId: record._id }).limit(MAX_PAGE));
  assert(!open.some((x) => !['returned', 'failed', 'terminated', 'closed', 'resumed', 'filed'].includes(x.state)), 'CONFLICT', '本案已有正在进行的调解');
  const id = `${record._id}M${open.length + 1}`;
  const judge = record.panel?.presiding;
  const judgeLed = input.mediatedBy === 'judge';
  const members: CaseMember[] = judgeLed && judge ? [{ openid: judge.openid, role: 'mediator' }] : [];
  const partyIndexes = record.parties.map((p, i) => ({ p, i })).filter(({ p }) => p.role === 'plaintiff' || p.role === 'defendant');
  const m: MediationRecord = {
    _id: id,
    stage: 'in-case',
    track: record.procedure,
    courtId: record.courtId,
    courtCode: record.courtCode,
    courtName: record.courtName,
    ...(record.divisionId ? { divisionId: record.divisionId } : {}),
    caseId: record._id,
    caseNumber: record.caseNumber,
    cause: record.cause,
    summary: record.cause,
    amountFen: record.amountFen,
    parties: partyIndexes.map(({ p }) => ({ name: p.name, kind: p.kind, role: p.role as 'plaintiff' | 'defendant' })),
    members,
    materials: [],
    state: 'awaiting-respondent',
    step: step('respondent', ctx),
    ...(judgeLed && judge ? { mediator: { openid: judge.openid, name: judge.name, by: 'court' as const, acceptedOn: today(ctx) } } : {}),
    chain: { seq: 0, hash: GENESIS_HASH },
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const participants = [
    ...new Set([...record.members.filter((x) => PARTY_SIDE.includes(x.role) || PANEL.includes(x.role)).map((x) => x.openid), ...members.map((x) => x.openid)]),
  ];
  return ctx.commit(async (tx) => {
    const { chain: _none, ...doc } = m;
    await tx.collection('mediations').add({ data: { ...doc, participants } });
    await changeCase<MediationRecord>(
      tx,
      id,
      ctx.now,
      () => ({ event: { action: 'mediation.proposed', ...actor, data: { caseId: record._id, mediatedBy: input.mediatedBy }, requestId: ctx.requestId } }),
      'mediations',
    );
    await onCase(tx, ctx, m, { action: 'mediation.proposed', ...actor, data: { mediatedBy: input.mediatedBy } });
    return { mediationId: id, state: m.state, ...(m.step ? { step: m.step } : {}) };
  });
}

/** 审查 (在线调解规则 第九条): the office accepts the application, or returns it with the article's reason. */
async function screen(input: Input<ApplyInput, 'screen'>, ctx: ActionContext): Promise<MediationApplyOutput> {
  const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.manage');
  if (input.decision === 'return') {
    assert(input.returnReason, 'INVALID_INPUT', '退回须写明在线调解规则第九条所列理由');
    const reason = input.returnReason;
    return ctx.commit(async (tx) => {
      await changeMediation(tx, ctx, m, () => ({
        event: { action: 'mediation.returned', ...actor, state: 'returned', data: { reason, text: ReturnReasons[reason] } },
      }));
      return { mediationId: m._id, state: 'returned' };
    });
  }
  // 在线调解规则 第十条: with one party applying, the court designates the mediator within 3 working days.
  const due = step('designation', ctx);
  return ctx.commit(async (tx) => {
    await changeMediation(tx, ctx, m, () => ({
      event: { action: 'mediation.screened', ...actor, state: 'assigning', data: { step: due } },
      update: { step: due },
    }));
    return { mediationId: m._id, state: 'assigning', step: due };
  });
}

/**
 * The respondent (or, in a case, each party) answers: consent, or refusal, which ends the mediation
 * with the reason recorded (在线调解规则 第十五条). A pre-filing respondent is recognised by the
 * verified identity the applicant named, and joins the mediation by answering.
 */
async function respond(input: Input<ApplyInput, 'respond'>, ctx: ActionContext): Promise<MediationApplyOutput> {
  const m = await findById<MediationRecord>(ctx.db, 'mediations', input.mediationId);
  if (!m) throw nothingThere('mediation.respond');
  const record = m.caseId ? await readWithCaller<CaseRecord>(ctx, 'cases', m.caseId) : null;
  let party: number;
  let actor: Actor;
  let joins: CaseMember | undefined;
  const lookup = ctx.caller.user?.idLookup;
  const named = m.stage === 'pre-filing' && lookup ? m.parties.findIndex((p, i) => p.idLookup === lookup && !m.members.some((x) => x.for === String(i))) : -1;
  if (named >= 0) {
    party = named;
    joins = { openid: ctx.caller.openid, role: 'defendant', for: String(named) };
    actor = { actor: ctx.caller.openid, actorRole: 'defendant' };
  } else {
    const granted = authorizeOn(ctx, mediationMatter(m, record), 'mediation.respond');
    actor = granted.actor;
    party = partyOf(granted);
  }
  assert(m.state === 'awaiting-respondent' || (m.stage === 'in-case' && m.state === 'assigning'), 'STATE', `调解当前为“${MediationStates[m.state]}”，无需答复`);
  const index = m.stage === 'in-case' ? caseToMediationParty(m, record, party) : party;
  assert(!m.parties[index]?.consentedAt, 'CONFLICT', '您已同意调解');
  if (!input.consent) {
    return ctx.commit(async (tx) => {
      await changeMediation(tx, ctx, m, () => ({
        event: { action: 'mediation.refused', ...actor, state: 'terminated', data: { party: index, reason: 'respondent-refuses' } },
        update: { [`parties.${index}.refusedAt`]: ctx.now, end: { outcome: 'terminated', reason: 'respondent-refuses', by: actor.actor, at: ctx.now } },
      }));
      await onCase(tx, ctx, m, { action: 'mediation.terminated', ...actor, data: { reason: 'respondent-refuses' } });
      return { mediationId: m._id, state: 'terminated' };
    });
  }
  const consented = { ...m, parties: m.parties.map((p, i) => (i === index ? { ...p, consentedAt: ctx.now } : p)) };
  const everyone = allConsented(consented);
  let next: MediationState = m.state;
  let update: Record<string, unknown> = {
    [`parties.${index}.consentedAt`]: ctx.now,
    ...(input.addressConfirmed !== undefined ? { [`parties.${index}.addressConfirmed`]: input.addressConfirmed } : {}),
  };
  if (everyone && m.mediator?.acceptedOn) {
    // 在线调解规则 第二十四条: from the mediator's acceptance, or for a judge-led mediation from all parties' consent.
    const startOn =
      m.stage === 'in-case' && m.mediator.by === 'court' && m.members.some((x) => x.role === 'mediator' && x.openid === record?.panel?.presiding.openid)
        ? today(ctx)
        : m.mediator.acceptedOn;
    next = 'in-session';
    update = { ...update, period: startPeriod(m.track, startOn), step: ctx.db.command.remove() };
  } else if (everyone) {
    next = 'assigning';
    update = { ...update, step: step('joint-choice', ctx) };
  }
  return ctx.commit(async (tx) => {
    const changed = await changeMediation(tx, ctx, m, () => ({
      event: { action: 'mediation.consented', ...actor, state: next, data: { party: index } },
      update: { ...update, ...(joins ? { members: ctx.db.command.push([joins]), participants: ctx.db.command.push([ctx.caller.openid]) } : {}) },
    }));
    const after = { ...changed, state: next };
    if (next === 'in-session') await onCase(tx, ctx, m, { action: 'mediation.consented', ...actor, data: { allConsented: true } });
    const period = next === 'in-session' ? (update.period as MediationRecord['period']) : undefined;
    return { mediationId: m._id, state: after.state, ...(period ? { period: { startOn: period.startOn, endOn: period.endOn, extensionDays: 0 } } : {}) };
  });
}

/** A case party's place among the mediation's parties (a mediation in a case takes its plaintiffs and defendants in order). */
function caseToMediationParty(m: MediationRecord, record: CaseRecord | null, casePartyIndex: number): number {
  if (!record) return casePartyIndex;
  const indexes = record.parties.map((p, i) => ({ p, i })).filter(({ p }) => p.role === 'plaintiff' || p.role === 'defendant');
  const at = indexes.findIndex(({ i }) => i === casePartyIndex);
  assert(at >= 0 && at < m.parties.length, 'FORBIDDEN', '您不是本次调解的当事人');
  return at;
}

/**
 * 调解不成，转立案 (在线调解规则 第二十一条): the applicant files the case online in one step, with
 * `filing-submit` naming the mediation. This is what the filing's transaction carries beside the
 * filing: the mediation's materials go into it as evidence, and the mediation records the filing.
 * Checked before the filing is made: the caller may file from it, and it failed or was terminated.
 */
export async function fromFailedMediation(ctx: ActionContext, mediationId: string): Promise<ActionContext> {
  const { m, actor } = await loadMediation(ctx, mediationId, 'mediation.file');
  assert(m.stage === 'pre-filing' && (m.state === 'failed' || m.state === 'terminated'), 'STATE', '只有调解不成或终结的诉前调解可以转立案');
  return {
    ...ctx,
    commit: <T>(work: (tx: Transaction) => Promise<T>) =>
      ctx.commit(async (tx) => {
        const answer = await work(tx);
        const { filingId } = answer as { filingId: string };
        const evidence = m.materials.map((file) => ({ title: `调解材料：${file.name}`.slice(0, 100), proves: '诉前调解中提交的材料', file }));
        await tx
          .collection('filings')
          .doc(filingId)
          .update({ data: { ...(evidence.length > 0 ? { evidence: ctx.db.command.push(evidence) } : {}), fromMediation: m._id } });
        await changeMediation(tx, ctx, m, () => ({ event: { action: 'mediation.filed', ...actor, state: 'filed', data: { filingId } }, update: { filingId } }));
        return answer;
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// mediation-assign

type AssignInput = z.output<typeof MediationAssignInput>;

async function rosterMediator(ctx: ActionContext, courtId: string, openid: string): Promise<MediatorRecord> {
  const found = await findById<MediatorRecord>(ctx.db, 'mediators', mediatorId(courtId, openid));
  assert(found?.active, 'NOT_FOUND', '该调解员不在本院调解员名册中');
  return found;
}

export async function assignMediation(input: AssignInput, ctx: ActionContext): Promise<MediationAssignOutput> {
  switch (input.op) {
    case 'choose': {
      // 在线调解规则 第十条: both parties choose together within 2 working days.
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.respond');
      const { m, actor } = loaded;
      assert(m.state === 'assigning', 'STATE', '当前不在选定调解员阶段');
      if (m.step?.kind === 'joint-choice' && today(ctx) > m.step.dueOn)
        throw new AppError('DEADLINE', `共同选定调解员的期限已于 ${m.step.dueOn} 届满，由人民法院指定调解员（在线调解规则 第十条）`);
      const chosen = await rosterMediator(ctx, m.courtId, input.mediator);
      const party = m.stage === 'in-case' ? caseToMediationParty(m, loaded.record, partyOf(loaded)) : partyOf(loaded);
      const choices = { ...(m.choices ?? {}), [String(party)]: chosen.openid };
      const joint = m.parties.every((_, i) => choices[String(i)] === chosen.openid);
      const due = step('acceptance', ctx);
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: {
            action: 'mediation.chosen',
            ...actor,
            ...(joint ? { state: 'awaiting-acceptance' as const } : {}),
            data: { party, mediator: chosen.name, joint },
          },
          update: {
            [`choices.${party}`]: chosen.openid,
            ...(joint
              ? {
                  mediator: { openid: chosen.openid, name: chosen.name, by: 'parties' },
                  step: due,
                  members: ctx.db.command.push([{ openid: chosen.openid, role: 'mediator' }]),
                }
              : {}),
          },
        }));
        return { state: joint ? 'awaiting-acceptance' : m.state, ...(joint ? { mediator: chosen.name, step: due } : m.step ? { step: m.step } : {}) };
      });
    }
    case 'designate': {
      // 在线调解规则 第十条: otherwise the court designates within 3 working days; 特邀 第十二条: refusing the designation is refusing mediation.
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.manage');
      assert(m.state === 'assigning', 'STATE', '当前不在指定调解员阶段');
      // 在线调解规则 第十条: the court designates once the parties' two working days to choose together have passed.
      assert(
        !(m.step?.kind === 'joint-choice' && today(ctx) <= m.step.dueOn),
        'STATE',
        `当事人可于 ${m.step?.dueOn ?? ''} 前共同选定调解员；期满未能共同选定的，再由人民法院指定（在线调解规则 第十条）`,
      );
      assert(!(m.declined ?? []).some((d) => d.openid === input.mediator), 'CONFLICT', '该调解员已拒绝本次调解，请另行指定');
      const chosen = await rosterMediator(ctx, m.courtId, input.mediator);
      const due = step('acceptance', ctx);
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.designated', ...actor, state: 'awaiting-acceptance', data: { mediator: chosen.name } },
          update: {
            mediator: { openid: chosen.openid, name: chosen.name, by: 'court' },
            step: due,
            members: ctx.db.command.push([{ openid: chosen.openid, role: 'mediator' }]),
            participants: ctx.db.command.push([chosen.openid]),
          },
        }));
        return { state: 'awaiting-acceptance', mediator: chosen.name, step: due };
      });
    }
    case 'accept':
    case 'decline': {
      // 在线调解规则 第十二条: the mediator accepts within 3 working days, or declines with reasons and the court reassigns.
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.conduct');
      assert(m.state === 'awaiting-acceptance' && m.mediator?.openid === ctx.caller.openid, 'STATE', '当前没有等待您接受的调解');
      if (input.op === 'decline') {
        const due = step('designation', ctx);
        return ctx.commit(async (tx) => {
          await changeMediation(tx, ctx, m, () => ({
            event: { action: 'mediation.declined', ...actor, state: 'assigning', data: { reason: input.reason } },
            update: {
              mediator: ctx.db.command.remove(),
              choices: ctx.db.command.remove(),
              step: due,
              declined: ctx.db.command.push([{ openid: ctx.caller.openid, reason: input.reason, at: ctx.now }]),
              members: m.members.filter((x) => !(x.role === 'mediator' && x.openid === ctx.caller.openid)),
            },
          }));
          return { state: 'assigning', step: due };
        });
      }
      const acceptedOn = today(ctx);
      const everyone = allConsented(m);
      const next: MediationState = everyone ? 'in-session' : 'awaiting-respondent';
      const period = everyone ? startPeriod(m.track, acceptedOn) : undefined;
      const due = everyone ? undefined : step('respondent', ctx);
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.accepted', ...actor, state: next, data: { acceptedOn } },
          update: { 'mediator.acceptedOn': acceptedOn, ...(period ? { period, step: ctx.db.command.remove() } : { step: due }) },
        }));
        await tx
          .collection('mediators')
          .doc(mediatorId(m.courtId, ctx.caller.openid))
          .update({ data: { caseload: ctx.db.command.inc(1) } });
        return { state: next, mediator: m.mediator?.name ?? '', ...(due ? { step: due } : {}), ...(period ? { period: periodView({ period }) } : {}) };
      });
    }
    case 'disclose': {
      // 在线调解规则 第十三条: the mediator discloses what may affect impartiality; the parties may still agree to continue.
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.conduct');
      assert(isOpen(m.state), 'STATE', '调解已结束');
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.disclosed', ...actor, data: { text: input.text } },
          update: { disclosures: ctx.db.command.push([{ text: input.text, at: ctx.now }]) },
        }));
        return { state: m.state };
      });
    }
    case 'object': {
      // 在线调解规则 第十四条; 特邀 第十五条: a party asks the mediator to step aside; the court designates another.
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.respond');
      assert(m.mediator && isOpen(m.state) && m.state !== 'assigning', 'STATE', '当前没有可申请回避的调解员');
      const due = step('designation', ctx);
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.objected', ...actor, state: 'assigning', data: { mediator: m.mediator?.name, reason: input.reason } },
          update: {
            mediator: ctx.db.command.remove(),
            choices: ctx.db.command.remove(),
            step: due,
            declined: ctx.db.command.push([{ openid: m.mediator?.openid ?? '', reason: `当事人申请回避：${input.reason}`, at: ctx.now }]),
            members: m.members.filter((x) => x.role !== 'mediator'),
          },
        }));
        return { state: 'assigning', step: due };
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// mediation-session

type SessionInput = z.output<typeof MediationSessionInput>;

/** Who may read or speak in a session: a caucus only the mediator (and the panel) and that party's side. */
function inSession(loaded: Loaded, caucus: number | undefined): boolean {
  // The judge deciding a pre-filing confirmation reviews the agreement, not what was said to reach it (在线调解规则 第十八条).
  if (loaded.m.stage === 'pre-filing' && loaded.roles.includes('presiding-judge') && !loaded.roles.includes('mediator')) return false;
  if (caucus === undefined) return true;
  if (loaded.roles.some((r) => r === 'mediator' || PANEL.includes(r)) || loaded.grants.some((g) => g.via === 'unit')) return true;
  try {
    const party = partyOf(loaded);
    return (loaded.m.stage === 'in-case' ? caseToMediationParty(loaded.m, loaded.record, party) : party) === caucus;
  } catch {
    return false;
  }
}

export async function runSession(input: SessionInput, ctx: ActionContext): Promise<MediationSessionOutput> {
  switch (input.op) {
    case 'open': {
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.conduct');
      assert(m.state === 'in-session', 'STATE', '调解尚未开始或已结束');
      assertInPeriod(m, ctx);
      assert(input.caucus === undefined || input.caucus < m.parties.length, 'INVALID_INPUT', '单独沟通的当事人不存在');
      const sessionId = `s${(m.sessions?.length ?? 0) + 1}`;
      const session = { id: sessionId, mode: input.mode, ...(input.caucus !== undefined ? { caucus: input.caucus } : {}), openedAt: ctx.now, attended: [] };
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.session', ...actor, data: { sessionId, mode: input.mode, caucus: input.caucus ?? null } },
          update: { sessions: ctx.db.command.push([session]) },
        }));
        return { state: m.state, sessionId, notice: INADMISSIBLE };
      });
    }
    case 'join':
    case 'say': {
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.read');
      const { m, actor } = loaded;
      const index = (m.sessions ?? []).findIndex((s) => s.id === input.sessionId);
      const session = m.sessions?.[index];
      assert(session, 'NOT_FOUND', '未找到该调解会话');
      assert(m.state === 'in-session', 'STATE', '调解已结束');
      assert(inSession(loaded, session.caucus), 'FORBIDDEN', '这是调解员与另一方当事人的单独沟通，您不能参加');
      assert(loaded.roles.length > 0, 'FORBIDDEN', '您不是本次调解的当事人或调解员');
      assertInPeriod(m, ctx);
      if (input.op === 'join') {
        // 在线调解规则 第七条、第十七条; 在线诉讼规则 第七条第三款: identity checked afresh for each session, then its video room.
        const purpose = facePurposes.mediationSession(`${m._id}:${session.id}`);
        const proof = await confirmFaceCheck(ctx, input.verifyId, purpose);
        const room = session.mode === 'online' ? roomTicket({ scope: purpose, openid: ctx.caller.openid, now: ctx.now }) : undefined;
        return ctx.commit(async (tx) => {
          await useFaceCheck(tx, proof, ctx.now);
          await changeMediation(tx, ctx, m, () => ({
            event: { action: 'mediation.session', ...actor, data: { sessionId: session.id, joined: true, faceCheck: proof.checkId } },
            update: { [`sessions.${index}.attended`]: ctx.db.command.push([{ openid: ctx.caller.openid, faceAt: proof.at }]) },
          }));
          return { state: m.state, sessionId: session.id, notice: INADMISSIBLE, ...(room ? { room } : {}) };
        });
      }
      const statement = {
        at: ctx.now,
        by: ctx.caller.openid,
        byRole: actor.actorRole,
        text: input.text,
        session: session.id,
        ...(session.caucus !== undefined ? { caucus: session.caucus } : {}),
      };
      return ctx.commit(async (tx) => {
        // The chain keeps the statement's hash, not its words: what is said stays out of the dossier (第十八条).
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.said', ...actor, data: { sessionId: session.id, sha256: sha256Hex(input.text), caucus: session.caucus ?? null } },
          update: { statements: ctx.db.command.push([statement]) },
        }));
        return { state: m.state, sessionId: session.id, notice: INADMISSIBLE };
      });
    }
    case 'extend': {
      // 在线调解规则 第二十四条: extended when every party agrees; after filing, not counted in the trial limit (民事调解规定 第四条).
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.respond');
      const { m, actor } = loaded;
      assert(m.state === 'in-session' && m.period, 'STATE', '调解尚未开始或已结束');
      assert(input.to > m.period.endOn, 'INVALID_INPUT', `延长后的期限应晚于现期限 ${m.period.endOn}`);
      const party = m.stage === 'in-case' ? caseToMediationParty(m, loaded.record, partyOf(loaded)) : partyOf(loaded);
      const pending = (m as MediationRecord & { extension?: { to: string; parties: number[] } }).extension;
      const agreed = pending && pending.to === input.to ? [...new Set([...pending.parties, party])] : [party];
      const everyone = m.parties.every((_, i) => agreed.includes(i));
      const extendedTo = everyone ? [...m.period.extendedTo, input.to] : m.period.extendedTo;
      const computed = mediationPeriod({ track: m.track, startOn: m.period.startOn, extendedTo, excluded: m.period.excluded });
      const period = { ...m.period, extendedTo, endOn: computed.endOn, extensionDays: computed.extensionDays };
      const record = loaded.record;
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.extended', ...actor, data: { party, to: input.to, agreedByAll: everyone } },
          update: everyone ? { period, extension: ctx.db.command.remove() } : { extension: { to: input.to, parties: agreed } },
        }));
        // 民事调解规定 第四条: in a case, the extended mediation period is not counted in the trial limit, by the parties'
        // consent alone (no approval); the limit leaves out the days from the old end to the new one.
        if (everyone && record && m.period) {
          const excluded = { type: 'mediation' as const, from: m.period.endOn, to: input.to, approvedOn: today(ctx) };
          await onCase(
            tx,
            ctx,
            m,
            { action: 'mediation.extended', ...actor, data: { from: excluded.from, to: excluded.to } },
            record.limit
              ? { 'limit.excluded': ctx.db.command.push([excluded]) }
              : { limit: { procedure: record.procedure, extensions: [], excluded: [excluded] } },
          );
        }
        const awaiting = m.parties.filter((_, i) => !agreed.includes(i)).map((p) => p.name);
        return { state: m.state, period: periodView({ period: everyone ? period : m.period }), awaiting };
      });
    }
    case 'appraisal': {
      // 在线调解规则 第二十六条: appraisal time is not counted in the mediation period.
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.conduct');
      assert(m.state === 'in-session' && m.period, 'STATE', '调解尚未开始或已结束');
      assert(input.to >= input.from, 'INVALID_INPUT', '鉴定结束日期不能早于开始日期');
      const excluded = [...m.period.excluded, { from: input.from, to: input.to }];
      const computed = mediationPeriod({ track: m.track, startOn: m.period.startOn, extendedTo: m.period.extendedTo, excluded });
      const period = { ...m.period, excluded, endOn: computed.endOn, extensionDays: computed.extensionDays };
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.appraisal', ...actor, data: { from: input.from, to: input.to } },
          update: { period },
        }));
        return { state: m.state, period: periodView({ period }) };
      });
    }
    case 'end': {
      // 在线调解规则 第二十一条 (failure: facts, reason, cost-raising conduct), 第二十五条 (termination's reasons).
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.conduct');
      assert(isOpen(m.state), 'STATE', '调解已结束');
      const next: MediationState = input.outcome;
      const end = {
        outcome: input.outcome,
        reason: input.reason,
        facts: input.facts,
        ...(input.costConduct ? { costConduct: input.costConduct } : {}),
        by: ctx.caller.openid,
        at: ctx.now,
      };
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: {
            action: input.outcome === 'failed' ? 'mediation.failed' : 'mediation.terminated',
            ...actor,
            state: next,
            data: { reason: input.reason, text: TerminationReasons[input.reason] },
          },
          update: { end },
        }));
        await onCase(tx, ctx, m, {
          action: input.outcome === 'failed' ? 'mediation.failed' : 'mediation.terminated',
          ...actor,
          data: { reason: input.reason },
        });
        return { state: next };
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// mediation-agreement

type AgreementInput = z.output<typeof MediationAgreementInput>;

/** Who must sign: every party (in person or by an agent with special authority) and the mediator (在线调解规则 第十九条). */
const requiredSigners = (m: MediationRecord) => [...m.parties.map((_, i) => signerOf(i)), 'mediator'];
const signerLabel = (m: MediationRecord, who: string) =>
  who === 'mediator' ? `调解员${m.mediator?.name ?? ''}` : (m.parties[Number(who.slice(6))]?.name ?? who);

function agreementView(m: MediationRecord): Pick<MediationAgreementOutput, 'signed' | 'awaiting'> {
  const signed = (m.agreement?.signatures ?? []).map((s) => s.role);
  return {
    signed: signed.map((w) => signerLabel(m, w)),
    awaiting: requiredSigners(m)
      .filter((w) => !signed.includes(w))
      .map((w) => signerLabel(m, w)),
  };
}

export async function handleAgreement(input: AgreementInput, ctx: ActionContext): Promise<MediationAgreementOutput> {
  switch (input.op) {
    case 'draft': {
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'mediation.conduct');
      assert(m.state === 'in-session', 'STATE', '调解尚未开始或已结束');
      assertInPeriod(m, ctx);
      assert(!m.agreement?.frozenAt, 'CONFLICT', '调解协议已有人签名，内容不能再修改（在线调解规则 第十九条）');
      const problems = checkTerms(input.terms, m.parties.length);
      if (problems.length > 0) throw new AppError('INVALID_INPUT', problems.join('；'), { fields: { terms: problems.join('；') } });
      const version = (m.agreement?.version ?? 0) + 1;
      const text = renderAgreement({
        title: m.stage === 'in-case' ? `${m.caseNumber ?? ''} 调解协议` : '调解协议',
        parties: m.parties.map((p) => ({
          name: p.name,
          role: m.stage === 'in-case' ? (p.role === 'plaintiff' ? '原告' : '被告') : p.role === 'plaintiff' ? '申请人' : '被申请人',
        })),
        mediator: m.mediator?.name ?? '',
        facts: input.facts,
        terms: input.terms,
        feeBearing: input.feeBearing,
        version,
      });
      const sha256 = sha256Hex(text);
      const agreement = { version, terms: input.terms, ...(input.feeBearing ? { feeBearing: input.feeBearing } : {}), text, sha256, signatures: [] };
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({ event: { action: 'mediation.drafted', ...actor, data: { version, sha256 } }, update: { agreement } }));
        return { state: m.state, version, sha256, ...agreementView({ ...m, agreement }) };
      });
    }
    case 'sign': {
      // 在线调解规则 第十九条; 民诉法解释 第一百四十七条: an agent signs only with special authority (the permission's power).
      const m0 = await findById<MediationRecord>(ctx.db, 'mediations', input.mediationId);
      if (!m0) throw nothingThere('mediation.sign');
      const record = m0.caseId ? await readWithCaller<CaseRecord>(ctx, 'cases', m0.caseId) : null;
      const matter = mediationMatter(m0, record);
      const asMediator = m0.mediator?.openid === ctx.caller.openid;
      const granted = authorizeOn(ctx, matter, asMediator ? 'mediation.conduct' : 'mediation.sign');
      const m = m0;
      assert(m.state === 'in-session' && m.agreement, 'STATE', '尚无待签署的调解协议');
      assertInPeriod(m, ctx);
      assert(input.sha256 === m.agreement.sha256, 'CONFLICT', '调解协议已更新，请重新阅读后再签名');
      const who = asMediator ? 'mediator' : signerOf(m.stage === 'in-case' ? caseToMediationParty(m, record, partyOf(granted)) : partyOf(granted));
      assert(!m.agreement.signatures.some((s) => s.role === who), 'CONFLICT', '已签名');
      // 在线诉讼规则 第三十三条: the drawn signature, a fresh face check for this very version, bound to its SHA-256.
      const prepared = await prepareSignature(ctx, {
        caseId: m._id,
        documentSha256: m.agreement.sha256,
        version: m.agreement.version,
        image: input.signature,
        verifyId: input.verifyId,
        role: who,
      });
      const on = today(ctx);
      const entry = { ...prepared.signature, ...(granted.actor.onBehalfOf !== undefined ? { for: granted.actor.onBehalfOf } : {}), on };
      const signatures = [...m.agreement.signatures, entry];
      const effective = effectiveOn(
        requiredSigners(m),
        signatures.map((s) => ({ who: s.role, on: s.on })),
      );
      const after: MediationRecord = { ...m, agreement: { ...m.agreement, signatures, ...(effective ? { effectiveOn: effective } : {}) } };
      return ctx.commit(async (tx) => {
        await commitSignature(tx, prepared, ctx.now);
        const { chain } = await changeMediation(tx, ctx, m, () => ({
          event: {
            action: 'mediation.signed',
            ...granted.actor,
            data: { signer: who, sha256: m.agreement?.sha256, image: entry.image.sha256, faceCheck: entry.faceCheck },
          },
          update: { 'agreement.signatures': ctx.db.command.push([entry]), ...(m.agreement?.frozenAt ? {} : { 'agreement.frozenAt': ctx.now }) },
        }));
        if (!effective) return { state: m.state, version: m.agreement?.version, sha256: m.agreement?.sha256, ...agreementView(after) };
        await agreementTakesEffect(tx, ctx, after, chain, granted.actor, effective, record);
        return { state: 'signed' as const, version: m.agreement?.version, sha256: m.agreement?.sha256, effectiveOn: effective, ...agreementView(after) };
      });
    }
    case 'refuse': {
      // 在线调解规则 第二十五条第七项: a party who refuses to sign ends the mediation.
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.sign');
      const { m, actor } = loaded;
      assert(m.state === 'in-session' && m.agreement, 'STATE', '尚无待签署的调解协议');
      const end = { outcome: 'terminated', reason: 'refused-to-sign', facts: input.reason, by: ctx.caller.openid, at: ctx.now };
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.refused-to-sign', ...actor, state: 'terminated', data: { reason: input.reason } },
          update: { end },
        }));
        await onCase(tx, ctx, m, { action: 'mediation.terminated', ...actor, data: { reason: 'refused-to-sign' } });
        return { state: 'terminated', ...agreementView(m) };
      });
    }
    case 'receive': {
      // 民事诉讼法 第一百条; 民诉法解释 第一百四十九条: the 调解书 takes effect on the last party's signed receipt; never by leaving it (第一百三十三条).
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.sign');
      const { m, actor, record } = loaded;
      assert(m.stage === 'in-case' && m.state === 'signed' && m.statement && !m.statement.effectiveOn && record, 'STATE', '当前没有待签收的调解书');
      const party = caseToMediationParty(m, record, partyOf(loaded));
      assert(!m.statement.receipts.some((r) => r.party === party), 'CONFLICT', '您已签收该调解书');
      return ctx.commit(async (tx) => {
        const { effective, onCase: change } = await receiveStatement(
          tx,
          ctx,
          m,
          record,
          { party, openid: ctx.caller.openid, on: today(ctx), at: ctx.now },
          actor,
        );
        await onCase(tx, ctx, m, change.event, change.update);
        if (!effective) return { state: m.state, ...agreementView(m) };
        return { state: 'closed', statementEffectiveOn: effective, caseClosed: true, ...agreementView(m) };
      });
    }
    case 'back-out': {
      // 民事诉讼法 第一百零二条: a party backing out before the 调解书 is served: the court gives judgment.
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.sign');
      const { m, actor } = loaded;
      assert(m.stage === 'in-case' && m.state === 'signed' && m.statement && !m.statement.effectiveOn, 'STATE', '当前没有待签收的调解书');
      const party = caseToMediationParty(m, loaded.record, partyOf(loaded));
      assert(!m.statement.receipts.some((r) => r.party === party), 'STATE', '您已签收调解书，调解书不能反悔');
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'mediation.backed-out', ...actor, state: 'resumed', data: { party, reason: input.reason } },
        }));
        // The 调解书 has no effect now (民事诉讼法 第一百零二条): off the clerk's list of what awaits service.
        if (loaded.record && m.statement) await withdrawOffline(tx, loaded.record, m.statement.documentId);
        await onCase(tx, ctx, m, { action: 'mediation.backed-out', ...actor, data: { party, reason: input.reason } });
        return { state: 'resumed', ...agreementView(m) };
      });
    }
  }
}

type Receipt = NonNullable<MediationRecord['statement']>['receipts'][number];

/**
 * One party's signed receipt of the 调解书, on the mediation's chain (民事诉讼法 第一百条; 民诉法解释 第一百四十九条):
 * the last makes it effective on the latest day any party signed, and the case closes by mediation (审结: 调解), which
 * halves the fee (诉讼费用交纳办法 第十五条; fee-refund then refunds the payer). Answers what the case's chain takes.
 */
async function receiveStatement(
  tx: Transaction,
  ctx: ActionContext,
  m: MediationRecord,
  record: CaseRecord,
  receipt: Receipt,
  actor: Actor,
): Promise<{ effective: string | null; onCase: { event: Omit<CaseEventInput, 'state'> & { state?: string }; update?: Record<string, unknown> } }> {
  const statement = m.statement as NonNullable<MediationRecord['statement']>;
  const receipts = [...statement.receipts, receipt];
  const effective = effectiveOn(
    m.parties.map((_, i) => String(i)),
    receipts.map((r) => ({ who: String(r.party), on: r.on })),
  );
  await changeMediation(tx, ctx, m, () => ({
    event: {
      action: 'mediation.statement-received',
      ...actor,
      ...(effective ? { state: 'closed' as const } : {}),
      data: { party: receipt.party, on: receipt.on, ...(receipt.serviceId ? { serviceId: receipt.serviceId } : {}) },
    },
    update: { 'statement.receipts': ctx.db.command.push([receipt]), ...(effective ? { 'statement.effectiveOn': effective } : {}) },
  }));
  if (!effective) return { effective, onCase: { event: { action: 'mediation.statement-received', ...actor, data: { party: receipt.party } } } };
  const decisionIndex = (record.decisions ?? []).findIndex((d) => d.documentId === statement.documentId);
  return {
    effective,
    onCase: {
      event: { action: 'mediation.statement-effective', ...actor, state: 'closed', data: { effectiveOn: effective } },
      update: {
        state: 'closed',
        closing: { outcome: 'mediation', on: effective },
        ...(decisionIndex >= 0 ? { [`decisions.${decisionIndex}.effectiveOn`]: effective } : {}),
      },
    },
  };
}

/**
 * 直接送达 of the 调解书 recorded by the clerk (service-send, offline): the party's signature on the proof of service
 * is its receipt, on the day it shows (民事诉讼法 第一百条; 民诉法解释 第一百三十三条). A receipt already signed on the
 * platform stands. Answers the case's event and change when this receipt makes the 调解书 effective.
 */
export async function statementSignedFor(
  tx: Transaction,
  ctx: ActionContext,
  record: CaseRecord,
  served: { documentId: string; party: number; on: string; serviceId: string },
  actor: Actor,
  requestId: string,
): Promise<{ event: CaseEventInput; update: Record<string, unknown> } | undefined> {
  const m = await findById<MediationRecord>(tx, 'mediations', served.documentId.replace(/-statement$/, ''));
  assert(m?.statement?.documentId === served.documentId && m.caseId === record._id, 'NOT_FOUND', '未找到该调解书所属的调解');
  // 民事诉讼法 第一百零二条: a party who backed out before service leaves no 调解书 to serve.
  assert(m.state === 'signed' || m.state === 'closed', 'STATE', '调解书送达前已有当事人反悔，本案恢复审理，该调解书不再送达');
  const party = caseToMediationParty(m, record, served.party);
  if (m.statement.effectiveOn || m.statement.receipts.some((r) => r.party === party)) return undefined;
  const { effective, onCase: change } = await receiveStatement(
    tx,
    ctx,
    m,
    record,
    { party, openid: actor.actor, on: served.on, at: ctx.now, serviceId: served.serviceId },
    actor,
  );
  if (!effective) return undefined;
  return { event: { ...change.event, state: 'closed', data: { mediationId: m._id, ...change.event.data }, requestId }, update: change.update ?? {} };
}

/**
 * Everyone has signed: the agreement takes effect (在线调解规则 第十九条). Before filing the dispute
 * is closed out of court, and the parties may apply for confirmation within 30 days (第二十条;
 * 民事诉讼法 第二百零五条); in a case the court makes the 调解书 from it and serves it for signature (第二十条; 民事诉讼法 第一百条).
 */
async function agreementTakesEffect(
  tx: Transaction,
  ctx: ActionContext,
  m: MediationRecord,
  head: ChainHead,
  actor: Actor,
  effective: string,
  record: CaseRecord | null,
): Promise<void> {
  const end = { outcome: 'agreed', by: actor.actor, at: ctx.now };
  if (m.stage === 'pre-filing' || !record) {
    // 在线调解规则 第十九条: the agreement is served through the platform on every party who consented to e-service (the
    // others receive it from the mediator on paper). The confirmation window runs from its effect all the same (民事诉讼法 第二百零五条).
    const served = servedMediation(m, m.number ?? m._id);
    const online = m.parties.map((_, i) => i).filter((i) => served.members.some((x) => x.for === String(i) && served.eService[x.openid]?.consent));
    const document = { id: AGREEMENT_DOCUMENT, kind: 'mediation-agreement' as const, title: '调解协议', at: ctx.now, by: actor.actor };
    await serveDocument(tx, served, { id: document.id, title: document.title }, { openid: m.mediator?.openid ?? actor.actor }, ctx.now, online);
    await followUp(
      tx,
      ctx,
      m._id,
      head,
      {
        action: 'mediation.agreed',
        ...actor,
        state: 'signed',
        data: { effectiveOn: effective, confirmationDueOn: confirmationDeadline(effective), served: online.length },
      },
      { 'agreement.effectiveOn': effective, end, step: ctx.db.command.remove(), documents: ctx.db.command.push([document]) },
    );
    return;
  }
  const documentId = `${m._id}-statement`;
  const statement = { documentId, issuedOn: effective, receipts: [] };
  await followUp(
    tx,
    ctx,
    m._id,
    head,
    { action: 'mediation.statement-issued', ...actor, state: 'signed', data: { effectiveOn: effective, documentId } },
    { 'agreement.effectiveOn': effective, end, statement, step: ctx.db.command.remove() },
  );
  const decision = {
    id: documentId,
    kind: 'mediation-statement',
    title: `${record.caseNumber} 民事调解书`,
    documentId,
    issuedOn: effective,
    obligations: obligationsOf(m.agreement?.terms ?? []).map((o) => ({
      ...o,
      debtor: mediationToCaseParty(record, o.debtor),
      creditor: mediationToCaseParty(record, o.creditor),
    })),
    enforceable: true,
  };
  const document = { id: documentId, kind: 'mediation-statement', title: decision.title, at: ctx.now, by: actor.actor, sha256: m.agreement?.sha256 };
  // Served on every party (在线调解规则 第十九条): on the platform (their inbox) to sign for it there, otherwise on the
  // panel's list to be served in person (民诉法解释 第一百三十三条). Either way it takes effect only on the signed receipts.
  await serveDocument(tx, record, { id: documentId, title: decision.title }, { openid: record.panel?.presiding.openid ?? actor.actor }, ctx.now);
  await onCase(
    tx,
    ctx,
    m,
    { action: 'mediation.statement-issued', ...actor, data: { documentId, sha256: m.agreement?.sha256 } },
    { decisions: ctx.db.command.push([decision]), documents: ctx.db.command.push([document]) },
  );
}

function mediationToCaseParty(record: CaseRecord, index: number): number {
  const indexes = record.parties.map((p, i) => ({ p, i })).filter(({ p }) => p.role === 'plaintiff' || p.role === 'defendant');
  return indexes[index]?.i ?? index;
}

// ---------------------------------------------------------------------------------------------
// mediation-confirm

type ConfirmInput = z.output<typeof MediationConfirmInput>;

export async function confirmAgreement(input: ConfirmInput, ctx: ActionContext): Promise<MediationConfirmOutput> {
  switch (input.op) {
    case 'apply': {
      // 民事诉讼法 第二百零五条: the parties apply jointly within 30 days of the agreement taking effect.
      const loaded = await loadMediation(ctx, input.mediationId, 'mediation.respond');
      const { m, actor } = loaded;
      assert(m.stage === 'pre-filing' && m.state === 'signed' && m.agreement?.effectiveOn, 'STATE', '只有已生效的诉前调解协议可以申请司法确认');
      const dueOn = confirmationDeadline(m.agreement.effectiveOn);
      assert(today(ctx) <= dueOn, 'DEADLINE', `申请司法确认的期限已于 ${dueOn} 届满（民事诉讼法 第二百零五条）`);
      const party = partyOf(loaded);
      const applications = m.confirmation?.applications ?? [];
      assert(!applications.some((a) => a.party === party), 'CONFLICT', '您已提出申请，待对方共同申请');
      const all = [...applications, { party, openid: ctx.caller.openid, at: ctx.now }];
      const joint = m.parties.every((_, i) => all.some((a) => a.party === i));
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'confirmation.applied', ...actor, ...(joint ? { state: 'confirmation' as const } : {}), data: { party, joint } },
          update: { confirmation: { ...(m.confirmation ?? {}), applications: all, dueOn } },
        }));
        return { state: joint ? 'confirmation' : m.state, dueOn, awaiting: m.parties.filter((_, i) => !all.some((a) => a.party === i)).map((p) => p.name) };
      });
    }
    case 'accept': {
      // 民诉法解释 第三百五十五条 bars; accepted: a 民特 number from the same gap-free counters, no fee (司法确认程序规定 第十一条).
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'confirmation.decide');
      assert(m.state === 'confirmation' && m.confirmation && !m.confirmation.acceptedOn && !m.confirmation.refused, 'STATE', '没有待受理的司法确认申请');
      if (input.decision === 'refuse') {
        assert(input.bar, 'INVALID_INPUT', '不予受理须写明民诉法解释第三百五十五条所列理由');
        const bar = input.bar;
        return ctx.commit(async (tx) => {
          await changeMediation(tx, ctx, m, () => ({
            event: { action: 'confirmation.refused', ...actor, state: 'closed', data: { bar, text: ConfirmationBars[bar] } },
            update: { 'confirmation.refused': { bar, by: ctx.caller.openid, at: ctx.now } },
          }));
          return { state: 'closed' };
        });
      }
      // 民诉法解释 第三百五十五条: what the cause itself bars is not accepted, whoever reviews it.
      const barred = confirmationBarOf(m.cause);
      if (barred) throw new AppError('STATE', `该调解协议${ConfirmationBars[barred]}，依照民诉法解释第三百五十五条不予受理，请作出不予受理的决定`);
      const acceptedOn = today(ctx);
      const decisionDueOn = confirmationDecisionDue(acceptedOn, false);
      return ctx.commit(async (tx) => {
        const caseNumber = await allocateCaseNumber(
          tx,
          { courtCode: m.courtCode, specialised: '', typeCode: CONFIRMATION_TYPE_CODE, year: Number(acceptedOn.slice(0, 4)) },
          ctx.now,
        );
        // The accepting judge is the 民特 case's 承办法官: he reads the mediation and rules. The mediation takes no
        // division (its leader would read it); the judge's is kept on the confirmation.
        const divisionId = ctx.caller.staff?.divisionId;
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'confirmation.accepted', ...actor, data: { caseNumber, decisionDueOn, feeFen: 0 } },
          update: {
            'confirmation.caseNumber': caseNumber,
            'confirmation.acceptedOn': acceptedOn,
            'confirmation.decisionDueOn': decisionDueOn,
            members: ctx.db.command.push([{ openid: ctx.caller.openid, role: 'presiding-judge' }]),
            ...(divisionId ? { 'confirmation.divisionId': divisionId } : {}),
          },
        }));
        return { state: m.state, caseNumber, decisionDueOn };
      });
    }
    case 'extend': {
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'confirmation.extend');
      assert(m.state === 'confirmation' && m.confirmation?.acceptedOn && !m.confirmation.extended, 'STATE', '没有可延长审查期限的司法确认案件');
      const decisionDueOn = confirmationDecisionDue(m.confirmation.acceptedOn, true);
      return ctx.commit(async (tx) => {
        await changeMediation(tx, ctx, m, () => ({
          event: { action: 'confirmation.extended', ...actor, data: { decisionDueOn } },
          update: { 'confirmation.extended': true, 'confirmation.decisionDueOn': decisionDueOn },
        }));
        return { state: m.state, decisionDueOn, ...(m.confirmation?.caseNumber ? { caseNumber: m.confirmation.caseNumber } : {}) };
      });
    }
    case 'rule': {
      // 民事诉讼法 第二百零六条: valid → enforceable; rejected (民诉法解释 第三百五十八条) → mediate again or sue.
      const { m, actor } = await loadMediation(ctx, input.mediationId, 'confirmation.rule');
      assert(m.state === 'confirmation' && m.confirmation?.acceptedOn && !m.confirmation.ruling, 'STATE', '没有待裁定的司法确认案件');
      assert(input.valid || input.rejection, 'INVALID_INPUT', '驳回申请须写明民诉法解释第三百五十八条所列理由');
      const on = today(ctx);
      const ruling = {
        valid: input.valid,
        ...(input.valid ? {} : { reason: ConfirmationRejections[input.rejection ?? 'other'] }),
        on,
        by: ctx.caller.openid,
        enforceable: input.valid,
        obligations: input.valid ? obligationsOf(m.agreement?.terms ?? []) : [],
      };
      const caseNumber = m.confirmation.caseNumber ?? m._id;
      const document = { id: CONFIRMATION_RULING, kind: 'confirmation-ruling' as const, title: `${caseNumber} 民事裁定书`, at: ctx.now, by: ctx.caller.openid };
      // 民事诉讼法 第一百八十五条: a ruling of the special procedure is final, effective once served (第一百五十八条): its
      // effect is read from its services when enforcement is asked (`servedEffectOn`), enforceable then (第二百零六条).
      const decision: DecisionRecord = {
        id: CONFIRMATION_RULING,
        kind: 'confirmation-ruling',
        title: document.title,
        documentId: document.id,
        issuedOn: on,
        obligations: ruling.obligations,
        enforceable: ruling.enforceable,
        appealKind: null,
      };
      const served = servedMediation(m, caseNumber);
      let fresh: string[] = [];
      const answer = await ctx.commit(async (tx) => {
        const service = await serveDocument(tx, served, document, ctx.caller, ctx.now);
        await changeMediation(tx, ctx, m, () => ({
          event: {
            action: 'confirmation.ruled',
            ...actor,
            state: 'closed',
            data: { valid: input.valid, caseNumber: m.confirmation?.caseNumber, served: service.served.length, offline: service.offline.length },
          },
          update: {
            'confirmation.ruling': ruling,
            documents: ctx.db.command.push([document]),
            ...(input.valid ? { decisions: ctx.db.command.push([decision]) } : {}),
          },
        }));
        fresh = freshRecipients(service);
        return {
          state: 'closed' as const,
          ...(m.confirmation?.caseNumber ? { caseNumber: m.confirmation.caseNumber } : {}),
          ruling: { valid: ruling.valid, enforceable: ruling.enforceable, on, ...(ruling.reason ? { reason: ruling.reason } : {}) },
          served: service.served.length,
          ...(input.valid ? { decisionId: CONFIRMATION_RULING } : {}),
        };
      });
      await notifyServed(ctx, served, { document: document.title }, fresh);
      return answer;
    }
  }
}

/** The confirmation ruling's id, as a document and as a decision of the mediation. */
const CONFIRMATION_RULING = 'confirmation-ruling';
/** The signed agreement of a pre-filing mediation, as a document served on its parties. */
const AGREEMENT_DOCUMENT = 'mediation-agreement';

/**
 * A pre-filing mediation as the services see a case: its parties, their members, and the e-service
 * address each confirmed when applying or answering (在线调解规则 第八条、第十七条). A party who
 * declined to confirm one (`addressConfirmed: false`) did not consent to e-service and is served on
 * paper, from the judge's offline list (民事诉讼法 第九十条); one never asked consented to mediating
 * online, and is served when it reads the document (在线诉讼规则 第二十九条).
 */
function servedMediation(m: MediationRecord, caseNumber: string): Parameters<typeof serveDocument>[1] {
  const eService: CaseRecord['eService'] = {};
  for (const member of m.members) {
    const party = member.for === undefined ? undefined : m.parties[Number(member.for)];
    if (party && PARTY_SIDE.includes(member.role))
      eService[member.openid] = { consent: party.addressConfirmed !== false, addressConfirmed: party.addressConfirmed === true };
  }
  return { _id: m._id, caseNumber, courtId: m.courtId, members: m.members, parties: m.parties as unknown as CaseRecord['parties'], eService };
}

// ---------------------------------------------------------------------------------------------
// mediation-detail

type DetailInput = z.output<typeof MediationDetailInput>;

function summaryOf(m: MediationRecord) {
  const due = m.step ? { dueOn: m.step.dueOn, dueWhat: m.step.kind } : m.period && isOpen(m.state) ? { dueOn: m.period.endOn, dueWhat: 'period' } : {};
  return {
    mediationId: m._id,
    stage: m.stage,
    state: m.state,
    stateLabel: MediationStates[m.state],
    cause: m.cause,
    ...(m.caseNumber ? { caseNumber: m.caseNumber } : {}),
    ...due,
  };
}

export async function readMediation(input: DetailInput, ctx: ActionContext): Promise<MediationDetailOutput> {
  if (input.view === 'roster') {
    // 在线调解规则 第五条第二款: the profile, range of cases, specialities, fee or free, inviting court.
    const rows = await query<MediatorRecord>(ctx.db.collection('mediators').where({ courtId: input.courtId, active: true }).limit(MAX_PAGE));
    return {
      view: 'roster',
      mediators: rows.map((r) => ({
        mediator: r.openid,
        name: r.name,
        kind: r.kind,
        kindLabel: MediatorKinds[r.kind],
        ...(r.organisation ? { organisation: r.organisation } : {}),
        introduction: r.introduction,
        caseRange: [...r.caseRange],
        specialities: [...r.specialities],
        fee: { charged: r.fee.charged, ...(r.fee.note ? { note: r.fee.note } : {}) },
        invitingCourt: r.invitingCourt,
        ...(r.regions ? { regions: [...r.regions] } : {}),
      })),
    };
  }
  if (input.view === 'mine' || input.view === 'workbench') {
    const where = input.view === 'mine' ? { participants: ctx.caller.openid } : { 'mediator.openid': ctx.caller.openid };
    const rows = await query<MediationRecord>(ctx.db.collection('mediations').where(where).orderBy('updatedAt', 'desc').limit(MAX_PAGE));
    const officeRows =
      input.view === 'workbench' && ctx.caller.staff?.active && ctx.caller.staff.roles.includes('mediation-office')
        ? await query<MediationRecord>(
            ctx.db
              .collection('mediations')
              .where({ courtId: ctx.caller.staff.courtId, state: ctx.db.command.in(['applied', 'assigning']) })
              .limit(MAX_PAGE),
          )
        : [];
    const seen = new Set<string>();
    const all = [...rows, ...officeRows].filter((m) => !seen.has(m._id) && Boolean(seen.add(m._id)));
    const summaries = all.map(summaryOf);
    if (input.view === 'workbench') summaries.sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'));
    return { view: input.view, mediations: summaries };
  }
  const loaded = await loadMediation(ctx, input.mediationId, 'mediation.read');
  const { m } = loaded;
  const verdict = await verifyCaseChain(ctx.db, m._id, m.chain);
  const signedRoles = (m.agreement?.signatures ?? []).map((s) => s.role);
  return {
    view: 'one',
    mediation: {
      ...summaryOf(m),
      courtName: m.courtName,
      summary: m.summary,
      amountFen: m.amountFen,
      parties: m.parties.map((p) => ({
        name: p.name,
        role: p.role === 'plaintiff' ? (m.stage === 'in-case' ? '原告' : '申请人') : m.stage === 'in-case' ? '被告' : '被申请人',
        consented: Boolean(p.consentedAt),
      })),
      myRoles: [...new Set(loaded.grants.map((g) => g.role))],
      ...(m.mediator ? { mediator: { name: m.mediator.name, accepted: Boolean(m.mediator.acceptedOn) } } : {}),
      ...(m.step ? { step: m.step } : {}),
      ...(m.period ? { period: periodView(m) } : {}),
      disclosures: (m.disclosures ?? []).map((d) => ({ text: d.text, at: d.at.toISOString() })),
      sessions: (m.sessions ?? [])
        .filter((s) => inSession(loaded, s.caucus))
        .map((s) => ({ id: s.id, mode: s.mode, ...(s.caucus !== undefined ? { caucus: s.caucus } : {}), attended: s.attended.length })),
      // 在线调解规则 第十八条; 民诉法解释 第一百四十六条: a caucus is sealed from the other side.
      statements: (m.statements ?? [])
        .filter((s) => inSession(loaded, s.caucus))
        .map((s) => ({
          at: s.at.toISOString(),
          by: s.byRole === 'mediator' ? '调解员' : s.byRole,
          session: s.session,
          ...(s.caucus !== undefined ? { caucus: s.caucus } : {}),
          text: s.text,
        })),
      inadmissible: INADMISSIBLE,
      ...(m.agreement
        ? {
            agreement: {
              version: m.agreement.version,
              text: m.agreement.text,
              sha256: m.agreement.sha256,
              frozen: Boolean(m.agreement.frozenAt),
              signed: signedRoles.map((w) => signerLabel(m, w)),
              awaiting: requiredSigners(m)
                .filter((w) => !signedRoles.includes(w))
                .map((w) => signerLabel(m, w)),
              ...(m.agreement.effectiveOn ? { effectiveOn: m.agreement.effectiveOn } : {}),
            },
          }
        : {}),
      ...(m.statement
        ? {
            statement: {
              issuedOn: m.statement.issuedOn,
              received: m.statement.receipts.map((r) => m.parties[r.party]?.name ?? ''),
              ...(m.statement.effectiveOn ? { effectiveOn: m.statement.effectiveOn } : {}),
            },
          }
        : {}),
      ...(m.end
        ? {
            end: {
              outcome: m.end.outcome,
              ...(m.end.reason ? { reason: TerminationReasons[m.end.reason] } : {}),
              ...(m.end.facts ? { facts: m.end.facts } : {}),
            },
          }
        : {}),
      ...(m.confirmation
        ? {
            confirmation: {
              dueOn: m.confirmation.dueOn,
              applied: m.confirmation.applications.map((a) => m.parties[a.party]?.name ?? ''),
              ...(m.confirmation.caseNumber ? { caseNumber: m.confirmation.caseNumber } : {}),
              ...(m.confirmation.decisionDueOn ? { decisionDueOn: m.confirmation.decisionDueOn } : {}),
              ...(m.confirmation.ruling
                ? {
                    ruling: {
                      valid: m.confirmation.ruling.valid,
                      enforceable: m.confirmation.ruling.enforceable,
                      on: m.confirmation.ruling.on,
                      ...(m.confirmation.ruling.reason ? { reason: m.confirmation.ruling.reason } : {}),
                    },
                  }
                : {}),
              ...(m.confirmation.refused ? { refused: ConfirmationBars[m.confirmation.refused.bar as keyof typeof ConfirmationBars] } : {}),
            },
          }
        : {}),
      ...(m.filingId ? { filingId: m.filingId } : {}),
      chainVerified: verdict.ok,
    },
  };
}
