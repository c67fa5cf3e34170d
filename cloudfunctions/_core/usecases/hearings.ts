import type * as z from 'zod';
import { facePurposes, unsigned, type ESignature } from '#domain/e-signature';
import {
  absenceConsequence,
  absenceProblem,
  CHECKIN_OPENS_MINUTES,
  hearingMode,
  HearingStages,
  recordingMayReplaceTranscript,
  transcriptDueOn,
  withdrawalInTime,
  type Absence,
  type Consent,
  type Disconnect,
  type DisconnectCause,
  type HearingMode,
  type HearingStage,
  type OnlineBar,
  type RecordingGap,
} from '#domain/online-hearing';
import { PARTY_SIDE, type CaseRole } from '#domain/authorization';
import { chinaDate } from '#domain/time';
import {
  AppError,
  assert,
  attachUpload,
  findById,
  invalidField,
  knownRead,
  knowsRead,
  rememberRead,
  roomTicket,
  sha256Hex,
  sha256OfBytes,
  type ActionContext,
  type StoredFile,
  type Transaction,
} from '#runtime';
import type { CaseEventType } from '#domain/case-events';
import type {
  HearingCheckinInput,
  HearingCheckinOutput,
  HearingConsentInput,
  HearingConsentOutput,
  HearingRoomInput,
  HearingRoomOutput,
  HearingRunInput,
  HearingRunOutput,
  TranscriptInput,
  TranscriptOutput,
} from '#schemas/hearings';
import { authorize, authorizeOn, type Actor } from './access';
import { changeCase } from './case-change';
import { commitSignature, prepareSignature } from './e-signature';
import { confirmFaceCheck, useFaceCheck } from './face';
import type { AsyncHearing } from './async-hearing';
import type { Publicity } from './publicity';
import type { CaseRecord, HearingRecord } from './records';

/**
 * 在线庭审, one hearing's record from consent to the signed transcript, kept in `hearing_sessions`
 * (`<caseId>:<hearingId>`) beside the case; every step is also an event in the case's chain.
 */
export interface HearingSession {
  _id: string;
  caseId: string;
  hearingId: string;
  /** Bumped by every write: what a transaction compares to refuse a lost update. */
  revision: number;
  consents: Consent[];
  bars: { ground: OnlineBar; reason: string; by: string; at: Date }[];
  mode: HearingMode;
  online: number[];
  state: 'pending' | 'open' | 'closed';
  participants: {
    id: string;
    openid: string;
    name: string;
    /** A witness is no member of the case: heard from a designated room, with no account of their own there. */
    role: CaseRole | 'witness';
    party?: number;
    checkedInAt: Date;
    /** The face check of this hearing; for a witness, who checked their identity in the designated room. */
    faceCheck: string;
    room?: string;
    admittedAt?: Date;
    admittedBy?: string;
  }[];
  opening?: { at: Date; by: string; presiding: string; members: string[]; clerk?: string; assistant?: string };
  stages: { stage: HearingStage; at: Date; by: string }[];
  disconnects: (Disconnect & { id: string })[];
  absences: { party: number; kind: Absence; at: Date; by: string }[];
  recording: { mark: 'start' | 'stop' | 'gap' | 'resume'; gap?: RecordingGap; reason?: string; at: Date; by: string }[];
  recordings: StoredFile[];
  closedAt?: Date;
  transcript?: Transcript;
  /** 公开审理与庭审直播 (usecases/publicity.ts). */
  publicity?: Publicity;
  /** 非同步审理 (usecases/async-hearing.ts). */
  async?: AsyncHearing;
}

interface Transcript {
  kind: 'text' | 'recording';
  version: number;
  text: string;
  sha256: string;
  history: { version: number; sha256: string; at: Date; by: string }[];
  signatures: ESignature[];
  corrections: { id: string; openid: string; name: string; text: string; at: Date; decision?: 'accepted' | 'refused'; reason?: string; decidedBy?: string }[];
  dueOn?: string;
  filedDocumentId?: string;
}

const sessionId = (caseId: string, hearingId: string) => `${caseId}:${hearingId}`;
const freshSession = (record: CaseRecord, hearingId: string): HearingSession => ({
  _id: sessionId(record._id, hearingId),
  caseId: record._id,
  hearingId,
  revision: 0,
  consents: [],
  bars: [],
  mode: 'offline',
  online: [],
  state: 'pending',
  participants: [],
  stages: [],
  disconnects: [],
  absences: [],
  recording: [],
  recordings: [],
});

export const partyIndexes = (record: CaseRecord) => record.parties.map((_, i) => i);
const partyOf = (actor: Actor, record: CaseRecord): number => {
  const member = record.members.find((m) => m.openid === actor.actor && (PARTY_SIDE as readonly string[]).includes(m.role));
  return Number(member?.for ?? -1);
};

export function hearingOf(record: CaseRecord, hearingId: string): HearingRecord {
  const hearing = record.hearings.find((h) => h.id === hearingId);
  assert(hearing && hearing.state !== 'cancelled', 'NOT_FOUND', '未找到该次开庭，或已取消');
  return hearing;
}

/**
 * The hearing's session as stored, or a fresh one. Read after its case (`authorize`), it is kept for
 * the transaction's first attempt: every change of a session chains an event on its case
 * (`saveSession`), so one made since the case was read makes this call's event collide, and the
 * transaction is tried again with both read afresh.
 */
export async function loadSession(ctx: ActionContext, record: CaseRecord, hearingId: string): Promise<HearingSession> {
  const session = (await findById<HearingSession>(ctx.db, 'hearing_sessions', sessionId(record._id, hearingId))) ?? freshSession(record, hearingId);
  // None stored yet is kept too, as the fresh session at revision 0: one saved since chained its event.
  if (knowsRead(ctx, 'cases', record._id)) rememberRead(ctx, 'hearing_sessions', session);
  return session;
}

/**
 * Writes the session and chains the event in one transaction. The session must still be the
 * revision the action read, so two clerks acting at once cannot both write: re-read inside the
 * transaction, or, on the first attempt while the case read before it still stands for the case,
 * taken as read (`loadSession`: a change since collides in the case's chain).
 */
export async function saveSession(
  ctx: ActionContext,
  tx: Transaction,
  after: HearingSession,
  event: { action: CaseEventType; actor: Actor; data?: Record<string, unknown> },
  caseUpdate?: (current: CaseRecord) => Record<string, unknown>,
): Promise<void> {
  const asRead = knownRead<CaseRecord>(tx, 'cases', after.caseId, true) && knownRead<HearingSession>(tx, 'hearing_sessions', after._id);
  const current = asRead || (await findById<HearingSession>(tx, 'hearing_sessions', after._id));
  assert((current?.revision ?? 0) === after.revision, 'CONFLICT', '庭审记录已被他人更新，请刷新后重试');
  const { _id, ...data } = after;
  // Revision 0 is a session not stored yet (`loadSession`): the first is an insert, a racing first collides.
  if (after.revision === 0) await tx.collection('hearing_sessions').add({ data: { _id, ...data, revision: 1 } });
  else
    await tx
      .collection('hearing_sessions')
      .doc(_id)
      .set({ data: { ...data, revision: after.revision + 1 } });
  await changeCase(tx, after.caseId, ctx.now, (currentCase) => ({
    event: { action: event.action, ...event.actor, data: { hearingId: after.hearingId, ...event.data }, requestId: ctx.requestId },
    ...(caseUpdate ? { update: caseUpdate(currentCase) } : {}),
  }));
}

const iso = (at: Date) => at.toISOString();

type HearingPermission = 'hearing.attend' | 'hearing.enter' | 'hearing.conduct' | 'hearing.rule';

/**
 * The permission one operation needs. A caller who holds another of the action's permissions but
 * not this one (a judge choosing a party's consent, a party admitting someone) is told whose act it
 * is, not that the case is closed to them.
 */
async function authorizeOp(ctx: ActionContext, caseId: string, needed: HearingPermission, others: readonly HearingPermission[]) {
  try {
    return await authorize(ctx, caseId, needed);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'FORBIDDEN') throw error;
    for (const other of others) {
      const held = await authorize(ctx, caseId, other).then(
        () => true,
        () => false,
      );
      if (held) throw new AppError('FORBIDDEN', `本操作须由${WHOSE[needed]}办理`);
    }
    throw error;
  }
}
const WHOSE: Record<HearingPermission, string> = {
  'hearing.attend': '当事人或其诉讼代理人',
  'hearing.enter': '本案当事人或审判人员',
  'hearing.conduct': '本案审判人员或书记员',
  'hearing.rule': '审判长或合议庭成员',
};

/** A party-side caller's own party (its place in the case's parties), or a refusal. */
export function ownParty(actor: Actor, record: CaseRecord): number {
  const party = partyOf(actor, record);
  assert(party >= 0 && party < record.parties.length, 'FORBIDDEN', '您不是本案当事人或其代理人');
  return party;
}

// —— 在线诉讼规则 第四条、第五条、第二十一条: consent per step, withdrawal, refusals, bars ——

type ConsentInput = z.output<typeof HearingConsentInput>;

export async function recordHearingConsent(input: ConsentInput, ctx: ActionContext): Promise<HearingConsentOutput> {
  const byParty = input.op === 'choose' || input.op === 'withdraw';
  const { record, actor } = await authorizeOp(ctx, input.caseId, byParty ? 'hearing.attend' : 'hearing.rule', byParty ? ['hearing.rule'] : ['hearing.attend']);
  const hearing = hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  assert(session.state === 'pending', 'STATE', '庭审已开始，不能再变更庭审方式');
  const next: HearingSession = { ...session, consents: [...session.consents], bars: [...session.bars] };
  const hearingStep = `hearing:${input.hearingId}`;
  let action: CaseEventType;
  let data: Record<string, unknown>;
  switch (input.op) {
    case 'choose': {
      const party = ownParty(actor, record);
      const step = input.step === 'hearing' ? hearingStep : `recording-as-transcript:${input.hearingId}`;
      next.consents.push({
        party,
        step,
        choice: input.choice,
        source: 'platform',
        at: ctx.now,
        text: input.textShown,
        ...(input.reason ? { reason: input.reason } : {}),
      });
      action = 'hearing.consent';
      data = { party, step, choice: input.choice, textSha256: sha256Hex(input.textShown), ...(input.reason ? { reason: input.reason } : {}) };
      break;
    }
    case 'withdraw': {
      const party = ownParty(actor, record);
      // 在线诉讼规则 第五条: raised a reasonable time before the step — here, before the hearing's day.
      assert(withdrawalInTime(chinaDate(ctx.now), chinaDate(hearing.startsAt)), 'DEADLINE', '撤回在线庭审的同意应在开庭日前提出（在线诉讼规则 第五条）');
      const index = lastIndex(next.consents, (c) => c.party === party && c.step === hearingStep && !c.withdrawnAt);
      const consent = next.consents[index];
      assert(consent && consent.choice === 'online', 'STATE', '您尚未同意在线庭审，无需撤回');
      next.consents[index] = { ...consent, withdrawnAt: ctx.now, reason: input.reason };
      action = 'hearing.consent-withdrawn';
      data = { party, reason: input.reason };
      break;
    }
    case 'decide': {
      const index = lastIndex(next.consents, (c) => c.party === input.party && c.step === hearingStep && !c.withdrawnAt);
      const consent = next.consents[index];
      assert(consent && consent.choice === 'offline' && consent.reason, 'NOT_FOUND', '该当事人没有说明理由的不同意在线庭审');
      next.consents[index] = { ...consent, reasonAccepted: input.accept };
      action = 'hearing.refusal-decided';
      data = { party: input.party, accepted: input.accept };
      break;
    }
    case 'bar': {
      next.bars.push({ ground: input.ground, reason: input.reason, by: ctx.caller.openid, at: ctx.now });
      action = 'hearing.barred';
      data = { ground: input.ground, reason: input.reason };
      break;
    }
  }
  const { mode, online } = hearingMode(
    partyIndexes(record),
    next.consents.filter((c) => c.step === hearingStep),
    next.bars.map((b) => b.ground),
  );
  return ctx.commit(async (tx) => {
    await saveSession(ctx, tx, { ...next, mode, online }, { action, actor, data: { ...data, mode } });
    return { hearingId: input.hearingId, mode, online };
  });
}

function lastIndex<T>(list: readonly T[], match: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (match(list[i] as T)) return i;
  return -1;
}

// —— Check-in (第七条第三款), the waiting room, admission, the court's opening (民事诉讼法 第一百四十条) ——

type CheckinInput = z.output<typeof HearingCheckinInput>;

function checkinView(session: HearingSession): HearingCheckinOutput {
  return {
    hearingId: session.hearingId,
    state: session.state,
    participants: session.participants.map((p) => ({
      participant: p.id,
      name: p.name,
      role: p.role,
      ...(p.party !== undefined ? { party: p.party } : {}),
      checkedInAt: iso(p.checkedInAt),
      ...(p.admittedAt ? { admittedAt: iso(p.admittedAt) } : {}),
      ...(p.room ? { room: p.room } : {}),
    })),
    ...(session.opening
      ? {
          opening: {
            at: iso(session.opening.at),
            presiding: session.opening.presiding,
            members: session.opening.members,
            ...(session.opening.clerk ? { clerk: session.opening.clerk } : {}),
            ...(session.opening.assistant ? { assistant: session.opening.assistant } : {}),
          },
        }
      : {}),
  };
}

export async function hearingCheckin(input: CheckinInput, ctx: ActionContext): Promise<HearingCheckinOutput> {
  const party = input.op === 'checkin';
  const { record, actor } = await authorizeOp(
    ctx,
    input.caseId,
    party ? 'hearing.attend' : 'hearing.conduct',
    party ? ['hearing.conduct'] : ['hearing.attend'],
  );
  const hearing = hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  assert(session.state !== 'closed', 'STATE', '本次庭审已闭庭');
  if (input.op === 'waiting') return checkinView(session);
  const next: HearingSession = { ...session, participants: [...session.participants] };

  if (input.op === 'checkin') {
    const party = ownParty(actor, record);
    assert(session.online.includes(party), 'STATE', '您未选择在线参加本次庭审（或本次庭审不在线进行），请按传票到庭');
    const opens = hearing.startsAt.getTime() - CHECKIN_OPENS_MINUTES * 60_000;
    assert(ctx.now.getTime() >= opens, 'DEADLINE', `签到于开庭前 ${CHECKIN_OPENS_MINUTES} 分钟开放`);
    // 在线诉讼规则 第七条第三款: identity is checked again for this hearing, by a face check started for it.
    const proof = await confirmFaceCheck(ctx, input.verifyId, facePurposes.hearing(record._id, input.hearingId));
    const member = record.members.find((m) => m.openid === ctx.caller.openid && (PARTY_SIDE as readonly string[]).includes(m.role));
    const existing = next.participants.findIndex((p) => p.openid === ctx.caller.openid);
    const participant = {
      id: existing >= 0 ? (next.participants[existing]?.id ?? '') : `p${next.participants.length + 1}`,
      openid: ctx.caller.openid,
      name: proof.name,
      role: member?.role ?? 'agent',
      party,
      checkedInAt: ctx.now,
      faceCheck: proof.checkId,
      ...(existing >= 0 && next.participants[existing]?.admittedAt
        ? { admittedAt: next.participants[existing]?.admittedAt, admittedBy: next.participants[existing]?.admittedBy }
        : {}),
    } as HearingSession['participants'][number];
    if (existing >= 0) next.participants[existing] = participant;
    else next.participants.push(participant);
    return ctx.commit(async (tx) => {
      await useFaceCheck(tx, proof, ctx.now);
      await saveSession(ctx, tx, next, { action: 'hearing.checked-in', actor, data: { participant: participant.id, party, faceCheck: proof.checkId } });
      return checkinView(next);
    });
  }
  if (input.op === 'witness') {
    // 在线诉讼规则 第二十二条: a witness testifies online from a place the court designates, where the
    // court's staff check who they are; admitted as they are entered, and never a signer on the phone.
    if (input.calledBy >= record.parties.length) throw invalidField('calledBy', '申请证人出庭的当事人不是本案当事人');
    const participant = {
      id: `p${next.participants.length + 1}`,
      openid: '',
      name: input.name,
      role: 'witness' as const,
      party: input.calledBy,
      checkedInAt: ctx.now,
      faceCheck: `designated-room:${ctx.caller.openid}`,
      room: input.room,
      admittedAt: ctx.now,
      admittedBy: ctx.caller.openid,
    };
    next.participants.push(participant);
    return ctx.commit(async (tx) => {
      await saveSession(ctx, tx, next, {
        action: 'hearing.admitted',
        actor,
        data: { participant: participant.id, witness: true, calledBy: input.calledBy, room: input.room },
      });
      return checkinView(next);
    });
  }
  if (input.op === 'admit') {
    const index = next.participants.findIndex((p) => p.id === input.participant);
    const participant = next.participants[index];
    assert(participant, 'NOT_FOUND', '候庭名单中没有该参加人');
    assert(!participant.admittedAt, 'STATE', '该参加人已准许进入');
    next.participants[index] = { ...participant, admittedAt: ctx.now, admittedBy: ctx.caller.openid };
    return ctx.commit(async (tx) => {
      await saveSession(ctx, tx, next, { action: 'hearing.admitted', actor, data: { participant: participant.id, party: participant.party ?? null } });
      return checkinView(next);
    });
  }
  // open: 民事诉讼法 第一百四十条 (2023): the presiding judge announces the panel, the clerk and the 法官助理.
  assert(session.state === 'pending', 'STATE', '本次庭审已宣布开庭');
  assert(record.panel, 'STATE', '本案尚未确定审判人员');
  next.state = 'open';
  next.opening = {
    at: ctx.now,
    by: ctx.caller.openid,
    presiding: record.panel.presiding.name,
    members: record.panel.members.map((m) => m.name),
    ...(record.panel.clerk ? { clerk: record.panel.clerk.name } : {}),
    ...(input.assistant ? { assistant: input.assistant } : {}),
  };
  const opening = next.opening;
  return ctx.commit(async (tx) => {
    await saveSession(ctx, tx, next, {
      action: 'hearing.opened',
      actor,
      data: { presiding: opening.presiding, members: opening.members, clerk: opening.clerk ?? null, assistant: opening.assistant ?? null },
    });
    return checkinView(next);
  });
}

// —— The video room: tickets only for this hearing's admitted participants and its court ——

export async function hearingRoom(input: z.output<typeof HearingRoomInput>, ctx: ActionContext): Promise<HearingRoomOutput> {
  const { record } = await authorize(ctx, input.caseId, 'hearing.enter');
  hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  assert(session.state !== 'closed', 'STATE', '本次庭审已闭庭');
  const court = holds(ctx, record, 'hearing.conduct');
  if (!court) {
    const admitted = session.participants.some((p) => p.openid === ctx.caller.openid && p.admittedAt);
    assert(admitted, 'FORBIDDEN', '您尚未签到或尚未被准许进入本次庭审');
  }
  return roomTicket({ scope: facePurposes.hearing(record._id, input.hearingId), openid: ctx.caller.openid, now: ctx.now });
}

/** Whether the caller also holds a permission on a case already read (no second read). */
function holds(ctx: ActionContext, record: CaseRecord, permission: 'hearing.conduct' | 'hearing.rule'): boolean {
  try {
    authorizeOn(ctx, record, permission);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') return false;
    throw error;
  }
}

// —— During the hearing: stages, disconnects (第二十五条), absences, recording (录音录像规定 第三条、第四条), close ——

type RunInput = z.output<typeof HearingRunInput>;

function runView(session: HearingSession, extra: Partial<HearingRunOutput> = {}): HearingRunOutput {
  return { hearingId: session.hearingId, state: session.state, ...extra };
}

/** Whether the recording is running, paused in a gap, or stopped, from its marks. */
function recordingState(session: HearingSession): 'stopped' | 'running' | 'gap' {
  const last = session.recording[session.recording.length - 1];
  if (!last || last.mark === 'stop') return 'stopped';
  return last.mark === 'gap' ? 'gap' : 'running';
}

export async function runHearing(input: RunInput, ctx: ActionContext): Promise<HearingRunOutput> {
  const { record, actor } = await authorizeOp(ctx, input.caseId, input.op === 'absence' ? 'hearing.rule' : 'hearing.conduct', [
    'hearing.conduct',
    'hearing.rule',
  ]);
  const hearing = hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  const next: HearingSession = {
    ...session,
    stages: [...session.stages],
    disconnects: [...session.disconnects],
    absences: [...session.absences],
    recording: [...session.recording],
    recordings: [...session.recordings],
  };
  const save = (action: CaseEventType, data: Record<string, unknown>, answer: HearingRunOutput, caseUpdate?: (c: CaseRecord) => Record<string, unknown>) =>
    ctx.commit(async (tx) => {
      await saveSession(ctx, tx, next, { action, actor, data }, caseUpdate);
      return answer;
    });

  if (input.op === 'recording-file') {
    // 录音录像规定 第五条、第十五条: every file kept, defective ones included, never deleted; its hash into the dossier.
    const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.file, `cases/${record._id}/recordings`);
    next.recordings.push(file);
    const documentId = `recording-${input.hearingId}-${next.recordings.length}`;
    return save(
      'hearing.recording-filed',
      { documentId, sha256: file.sha256, size: file.size },
      runView(next, { recording: { fileID: file.fileID, sha256: file.sha256 } }),
      () => ({
        documents: ctx.db.command.push([
          { id: documentId, kind: 'hearing-recording', title: `庭审录音录像（${chinaDate(hearing.startsAt)}）`, file, at: ctx.now, by: ctx.caller.openid },
        ]),
      }),
    );
  }
  assert(session.state === 'open', 'STATE', session.state === 'pending' ? '尚未宣布开庭' : '本次庭审已闭庭');
  switch (input.op) {
    case 'stage': {
      next.stages.push({ stage: input.stage, at: ctx.now, by: ctx.caller.openid });
      return save('hearing.stage', { stage: input.stage, label: HearingStages[input.stage] }, runView(next));
    }
    case 'disconnect': {
      const participant = session.participants.find((p) => p.id === input.participant && p.admittedAt);
      assert(participant, 'NOT_FOUND', '庭审中没有该参加人');
      const id = `d${next.disconnects.length + 1}`;
      next.disconnects.push({ id, openid: participant.openid, party: participant.party ?? -1, at: ctx.now, cause: input.cause as DisconnectCause });
      return save(
        'hearing.disconnected',
        { disconnectId: id, participant: participant.id, party: participant.party ?? null, cause: input.cause },
        runView(next, { disconnectId: id }),
      );
    }
    case 'disconnect-step': {
      const index = next.disconnects.findIndex((d) => d.id === input.disconnectId);
      const disconnect = next.disconnects[index];
      assert(disconnect, 'NOT_FOUND', '没有该断线记录');
      assert(!disconnect.rejoinedAt, 'STATE', '该参加人已重新进入庭审');
      const field = input.step === 'prompted' ? 'promptedAt' : input.step === 'warned' ? 'warnedAt' : 'rejoinedAt';
      assert(!disconnect[field], 'STATE', '该步骤已记录');
      if (input.step === 'warned') assert(disconnect.promptedAt, 'STATE', '应先提示，再警告（在线诉讼规则 第二十五条第二款）');
      next.disconnects[index] = { ...disconnect, [field]: ctx.now };
      return save(
        input.step === 'rejoined' ? 'hearing.rejoined' : 'hearing.disconnect-step',
        { disconnectId: disconnect.id, step: input.step },
        runView(next, { disconnectId: disconnect.id }),
      );
    }
    case 'absence': {
      assert(input.party < record.parties.length, 'NOT_FOUND', '没有该当事人');
      const admitted = session.participants.some((p) => p.party === input.party && p.admittedAt);
      const problem = absenceProblem(input.kind, input.party, session.disconnects, admitted);
      if (problem) throw new AppError('STATE', problem);
      const consequence = absenceConsequence(record.parties[input.party]?.role ?? '');
      next.absences.push({ party: input.party, kind: input.kind, at: ctx.now, by: ctx.caller.openid });
      // Offered, not applied: withdrawal (第一百四十六条) or default judgment (第一百四十七条) is the court's later decision.
      return save('hearing.absence', { party: input.party, kind: input.kind, offered: consequence }, runView(next, consequence ? { consequence } : {}));
    }
    case 'recording': {
      const now = recordingState(session);
      const allowed = { start: now === 'stopped', gap: now === 'running', resume: now === 'gap', stop: now !== 'stopped' }[input.mark];
      assert(
        allowed,
        'STATE',
        `录音录像当前为${{ stopped: '未录制', running: '录制中', gap: '中断' }[now]}，不能${{ start: '开始', gap: '中断', resume: '恢复', stop: '停止' }[input.mark]}`,
      );
      if (input.mark === 'gap') {
        // 录音录像规定 第三条: a gap only for recess, non-public evidence, unsuitable mediation; 第四条: a failure explained in writing.
        if (!input.gap) throw invalidField('gap', '请选择中断原因');
        if (input.gap === 'failure' && !input.reason) throw invalidField('reason', '设备故障须书面说明情况', '请说明故障情况');
      }
      next.recording.push({
        mark: input.mark,
        ...(input.gap ? { gap: input.gap } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
        at: ctx.now,
        by: ctx.caller.openid,
      });
      return save('hearing.recording', { mark: input.mark, gap: input.gap ?? null, reason: input.reason ?? null }, runView(next));
    }
    case 'close': {
      assert(recordingState(session) === 'stopped', 'STATE', '请先停止录音录像（录音录像规定 第三条：从开庭到闭庭全程录制）');
      next.state = 'closed';
      next.closedAt = ctx.now;
      const dueOn = transcriptDueOn(chinaDate(ctx.now));
      if (next.transcript) next.transcript = { ...next.transcript, dueOn };
      return save('hearing.closed', { transcriptDueOn: dueOn }, runView(next, { transcriptDueOn: dueOn }));
    }
  }
}

// —— 庭审笔录: edited by the clerk, corrected on request, e-signed by every participant (民事诉讼法 第一百五十条) ——

type TranscriptIn = z.output<typeof TranscriptInput>;

function transcriptView(session: HearingSession): TranscriptOutput {
  const t = session.transcript;
  assert(t, 'NOT_FOUND', '本次庭审尚无笔录');
  const names = new Map(session.participants.map((p) => [p.openid, p.name]));
  return {
    hearingId: session.hearingId,
    kind: t.kind,
    version: t.version,
    text: t.text,
    sha256: t.sha256,
    ...(t.dueOn ? { dueOn: t.dueOn } : {}),
    signatures: t.signatures.map((s) => ({
      name: s.name,
      role: s.role,
      version: s.version,
      signedAt: iso(s.signedAt),
      current: s.documentSha256 === t.sha256,
    })),
    unsigned: unsigned(signers(session), t.signatures, t.sha256).map((openid) => names.get(openid) ?? ''),
    corrections: t.corrections.map((c) => ({
      id: c.id,
      name: c.name,
      text: c.text,
      at: iso(c.at),
      ...(c.decision ? { decision: c.decision } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    ...(t.filedDocumentId ? { filedDocumentId: t.filedDocumentId } : {}),
  };
}

/** Who signs: everyone admitted to the hearing (those heard offline sign on paper). */
const signers = (session: HearingSession) => [...new Set(session.participants.filter((p) => p.admittedAt && p.openid).map((p) => p.openid))];

export async function keepTranscript(input: TranscriptIn, ctx: ActionContext): Promise<TranscriptOutput> {
  const permission = input.op === 'read' ? 'hearing.enter' : input.op === 'correct' || input.op === 'sign' ? 'hearing.attend' : 'hearing.conduct';
  const { record, actor } = await authorizeOp(ctx, input.caseId, permission, ['hearing.enter', 'hearing.attend', 'hearing.conduct']);
  const hearing = hearingOf(record, input.hearingId);
  const session = await loadSession(ctx, record, input.hearingId);
  if (input.op === 'read') return transcriptView(session);
  const next: HearingSession = { ...session };
  const save = (
    action: CaseEventType,
    data: Record<string, unknown>,
    caseUpdate?: (c: CaseRecord) => Record<string, unknown>,
    before?: (tx: Transaction) => Promise<void>,
  ) =>
    ctx.commit(async (tx) => {
      if (before) await before(tx);
      await saveSession(ctx, tx, next, { action, actor, data }, caseUpdate);
      return transcriptView(next);
    });
  const newVersion = (kind: Transcript['kind'], text: string, sha256: string): Transcript => {
    const t = session.transcript;
    return {
      kind,
      version: (t?.version ?? 0) + 1,
      text,
      sha256,
      history: [...(t?.history ?? []), ...(t ? [{ version: t.version, sha256: t.sha256, at: ctx.now, by: ctx.caller.openid }] : [])],
      signatures: t?.signatures ?? [],
      corrections: t?.corrections ?? [],
      ...(t?.dueOn ? { dueOn: t.dueOn } : {}),
    };
  };

  switch (input.op) {
    case 'edit': {
      assert(session.state !== 'pending', 'STATE', '尚未开庭，不能制作笔录');
      const sha256 = sha256Hex(input.text);
      if (session.transcript?.sha256 === sha256) return transcriptView(session);
      // Any edit after a signature is a new version: every signature is asked again.
      next.transcript = newVersion('text', input.text, sha256);
      return save('transcript.edited', { version: next.transcript.version, sha256, resign: (session.transcript?.signatures.length ?? 0) > 0 });
    }
    case 'use-recording': {
      assert(session.state === 'closed', 'STATE', '闭庭后方可以录音录像代替笔录');
      const recording = session.recordings[session.recordings.length - 1];
      assert(recording, 'STATE', '尚未归档庭审录音录像文件');
      const consenting = session.consents
        .filter((c) => c.step === `recording-as-transcript:${input.hearingId}` && c.choice === 'online' && !c.withdrawnAt)
        .map((c) => c.party);
      // 庭审录音录像规定 第八条: civil simplified procedure with every party's consent; 第九条: the parties sign its hash.
      assert(
        recordingMayReplaceTranscript(record.caseType, record.procedure, partyIndexes(record), consenting),
        'STATE',
        '仅适用简易程序的民事案件、经各方当事人同意，方可以录音录像代替庭审笔录（庭审录音录像规定 第八条）',
      );
      next.transcript = newVersion('recording', `庭审录音录像（代替庭审笔录，${recording.name}）`, recording.sha256);
      return save('transcript.edited', { version: next.transcript.version, sha256: recording.sha256, recording: true });
    }
    case 'correct': {
      const t = session.transcript;
      assert(t, 'NOT_FOUND', '本次庭审尚无笔录');
      ownParty(actor, record);
      const name = session.participants.find((p) => p.openid === ctx.caller.openid)?.name ?? '';
      const id = `c${t.corrections.length + 1}`;
      next.transcript = { ...t, corrections: [...t.corrections, { id, openid: ctx.caller.openid, name, text: input.text, at: ctx.now }] };
      return save('transcript.correction', { correctionId: id, version: t.version });
    }
    case 'decide': {
      const t = session.transcript;
      assert(t, 'NOT_FOUND', '本次庭审尚无笔录');
      const index = t.corrections.findIndex((c) => c.id === input.correctionId);
      const correction = t.corrections[index];
      assert(correction, 'NOT_FOUND', '没有该补正申请');
      assert(!correction.decision, 'STATE', '该补正申请已处理');
      // 民事诉讼法 第一百五十条: a correction not made is recorded, with why.
      if (!input.accept && !input.reason) throw invalidField('reason', '不予补正的，请说明理由', '请说明不予补正的理由');
      const corrections = [...t.corrections];
      corrections[index] = {
        ...correction,
        decision: input.accept ? 'accepted' : 'refused',
        ...(input.reason ? { reason: input.reason } : {}),
        decidedBy: ctx.caller.openid,
      };
      next.transcript = { ...t, corrections };
      return save('transcript.correction-decided', { correctionId: correction.id, decision: input.accept ? 'accepted' : 'refused' });
    }
    case 'sign': {
      const t = session.transcript;
      assert(t, 'NOT_FOUND', '本次庭审尚无笔录');
      assert(session.state === 'closed', 'STATE', '闭庭后方可签名确认笔录');
      assert(input.sha256 === t.sha256, 'CONFLICT', '笔录已更新，请阅读最新版本后再签名');
      const required = signers(session);
      assert(required.includes(ctx.caller.openid), 'FORBIDDEN', '您不是本次在线庭审的参加人，无需在此签名');
      assert(unsigned([ctx.caller.openid], t.signatures, t.sha256).length > 0, 'STATE', '您已签名确认该版本笔录');
      const role = record.members.find((m) => m.openid === ctx.caller.openid && (PARTY_SIDE as readonly string[]).includes(m.role))?.role ?? 'agent';
      const prepared = await prepareSignature(ctx, {
        caseId: record._id,
        documentSha256: t.sha256,
        version: t.version,
        image: input.image,
        verifyId: input.verifyId,
        role,
      });
      const signatures = [...t.signatures, prepared.signature];
      next.transcript = { ...t, signatures };
      let filed: { id: string; file: StoredFile } | undefined;
      if (unsigned(required, signatures, t.sha256).length === 0) {
        // Everyone signed this version: the signed transcript goes into the dossier (在线诉讼规则 第三十四条、第三十五条).
        const id = `transcript-${input.hearingId}-v${t.version}`;
        const text = signedTranscriptText(record, hearing, t, signatures);
        const bytes = Buffer.from(text, 'utf8');
        const name = `${id}.txt`;
        const cloudPath = `cases/${record._id}/transcripts/${name}`;
        const { fileID } = (await ctx.cloud.uploadFile({ cloudPath, fileContent: bytes })) as { fileID: string };
        filed = { id, file: { fileID, name, type: 'text/plain', size: bytes.length, sha256: sha256OfBytes(bytes) } };
        next.transcript = { ...next.transcript, filedDocumentId: id };
      }
      const document = filed;
      return save(
        'transcript.signed',
        { version: t.version, sha256: t.sha256, image: prepared.signature.image.sha256, faceCheck: prepared.signature.faceCheck, filed: document?.id ?? null },
        document
          ? () => ({
              documents: ctx.db.command.push([
                {
                  id: document.id,
                  kind: 'transcript',
                  title: `庭审笔录（${chinaDate(hearing.startsAt)}，第 ${t.version} 版，已电子签名）`,
                  file: document.file,
                  at: ctx.now,
                  by: ctx.caller.openid,
                },
              ]),
            })
          : undefined,
        (tx) => commitSignature(tx, prepared, ctx.now),
      );
    }
  }
}

/** The dossier's copy: the version signed, its hash, and each signature's image hash and face check. */
function signedTranscriptText(record: CaseRecord, hearing: HearingRecord, t: Transcript, signatures: readonly ESignature[]): string {
  const lines = [
    `${record.courtName} 庭审笔录`,
    `案号：${record.caseNumber}，案由：${record.cause}，开庭：${chinaDate(hearing.startsAt)}`,
    `版本：第 ${t.version} 版，SHA-256：${t.sha256}`,
    '',
    t.text,
    '',
    '电子签名（人民法院在线诉讼规则 第三十三条）：',
    ...signatures
      .filter((s) => s.documentSha256 === t.sha256)
      .map((s) => `${s.name}（${s.role}）于 ${s.signedAt.toISOString()} 签名；签名图像 SHA-256 ${s.image.sha256}；人脸识别 ${s.faceCheck}`),
  ];
  return `${lines.join('\n')}\n`;
}
