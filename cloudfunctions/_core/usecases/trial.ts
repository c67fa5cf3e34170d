import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { divisionHearing, drawPanel, panelSize, type Candidate, type Division } from '#domain/assignment';
import {
  adjournmentGapProblem,
  adjournmentLimit,
  earliestHearingDay,
  overlaps,
  sittingHoursOf,
  sittingProblem,
  unrecordedYearOf,
  type HearingSpan,
} from '#domain/hearings';
import { chinaDate, chinaDateTime } from '#domain/time';
import { AppError, assert, findById, invalidField, notify, pages, query, type ActionContext, type CaseMember, type Transaction } from '#runtime';
import { authorize } from './access';
import { changeCase } from './case-change';
import { DEFAULT_HEARING_MINUTES, type CaseAssignInput, type CaseAssignOutput, type HearingScheduleInput, type HearingScheduleOutput } from '#schemas/trial';
import type { CaseRecord, HearingNotice, HearingRecord } from './records';
import { freshRecipients, notifyServed, partyMembers, proofsOf, serveDocument, withdrawOffline } from './service';

/** At most this many judges (or clerks) of one division are read as candidates: more than any division has. */
const MAX_CANDIDATES = 200;

interface StaffRow {
  _id: string;
  name: string;
  roles: string[];
  caseload?: number;
}

/**
 * 分案: the leader of the case's division, or a registrar of its court, draws the panel at random
 * among the division's active judges, weighted by their open caseload; seed, candidates and result
 * go into the case's event so the draw can be re-checked. A clerk is named or drawn. The case's
 * division is the one it was accepted into; a case accepted before divisions were recorded is given
 * one of its court's divisions here, by a registrar.
 */
export async function assignCase(input: z.output<typeof CaseAssignInput>, ctx: ActionContext): Promise<CaseAssignOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'case.assign');
  assert(!record.panel, 'STATE', '本案已分案');
  const divisionId = record.divisionId ?? input.divisionId;
  if (!divisionId) throw invalidField('divisionId', '请选择承办部门');
  assert(input.divisionId === undefined || input.divisionId === divisionId, 'FORBIDDEN', '本案已确定承办部门，只能在该部门内分案');
  // Judges and clerks of the case's own court (a division's id means nothing in another court), in one query.
  const [staffRows, court] = await Promise.all([
    query<StaffRow>(
      ctx.db
        .collection('staff')
        .where({ courtId: record.courtId, divisionId, roles: ctx.db.command.in(['judge', 'clerk']), active: true })
        .field({ name: true, roles: true, caseload: true })
        .limit(2 * MAX_CANDIDATES),
    ),
    record.divisionId ? Promise.resolve(null) : findById<{ divisions?: Division[] }>(ctx.db, 'courts', record.courtId, { divisions: true }),
  ]);
  const judgeRows = staffRows.filter((row) => row.roles.includes('judge')).slice(0, MAX_CANDIDATES);
  const clerkRows = staffRows.filter((row) => row.roles.includes('clerk')).slice(0, MAX_CANDIDATES);
  if (!record.divisionId) {
    const hearing = divisionHearing(court?.divisions ?? [], record.caseType, divisionId);
    if (!hearing.ok) throw new AppError('FORBIDDEN', hearing.reason);
  }
  const candidates: Candidate[] = judgeRows.map((row) => ({ openid: row._id, name: row.name, caseload: row.caseload ?? 0 }));
  const size = panelSize(record.procedure);
  assert(candidates.length >= size, 'STATE', `该部门可分案的法官不足 ${size} 名`);
  const seed = randomBytes(16).toString('hex');
  const [presiding, ...others] = drawPanel(seed, candidates, size);
  assert(presiding, 'STATE', '分案失败');
  let clerk: { openid: string; name: string } | undefined;
  if (input.clerk) {
    const named = clerkRows.find((row) => row._id === input.clerk);
    assert(named, 'INVALID_INPUT', '所选书记员不在该部门');
    clerk = { openid: named._id, name: named.name };
  } else if (clerkRows.length > 0) {
    const [drawn] = drawPanel(
      `${seed}:clerk`,
      clerkRows.map((row) => ({ openid: row._id, name: row.name, caseload: 0 })),
      1,
    );
    if (drawn) clerk = { openid: drawn.openid, name: drawn.name };
  }
  const person = (c: Candidate) => ({ openid: c.openid, name: c.name });
  const draw = { seed, candidates: candidates.map((c) => ({ openid: c.openid, caseload: c.caseload })).sort((a, b) => (a.openid < b.openid ? -1 : 1)) };
  const newMembers: CaseMember[] = [
    { openid: presiding.openid, role: 'presiding-judge' },
    ...others.map((c): CaseMember => ({ openid: c.openid, role: 'panel-member' })),
    ...(clerk ? [{ openid: clerk.openid, role: 'clerk' as const }] : []),
  ];
  const answer: CaseAssignOutput = { presiding: person(presiding), members: others.map(person), ...(clerk ? { clerk } : {}), draw };
  const result = await ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert(!current.panel, 'STATE', '本案已分案');
      return {
        event: {
          action: 'case.assigned',
          ...actor,
          state: 'in-trial',
          data: { ...draw, divisionId, presiding: presiding.openid, members: others.map((c) => c.openid), clerk: clerk?.openid ?? null },
          requestId: input.requestId,
        },
        update: {
          panel: { presiding: person(presiding), members: others.map(person), ...(clerk ? { clerk } : {}), draw },
          divisionId,
          members: ctx.db.command.push(newMembers),
          state: 'in-trial',
        },
      };
    });
    await tx
      .collection('staff')
      .doc(presiding.openid)
      .update({ data: { caseload: ctx.db.command.inc(1) } });
    return answer;
  });
  await notify(
    ctx,
    partyMembers(record, ctx.now).map((m) => ({
      template: 'MC_TPL_CASE_PROGRESS',
      touser: m.openid,
      page: pages.caseDetail(record._id),
      values: { caseNumber: record.caseNumber, progress: `承办法官：${presiding.name}` },
    })),
  );
  return result;
}

/** One hearing's hold on a room or a judge for a day. */
interface Booking {
  hearingId: string;
  caseId: string;
  startsAt: Date;
  endsAt: Date;
  /** Whose hold it is: the room's or the judge's key for the day (`roomKey`, `judgeKey`). */
  key: string;
  kind: 'room' | 'judge';
  /** The room's name, or the judge's openid. */
  holder: string;
}

/**
 * A court's hearings of one day, every room's and judge's: one document, read and written once
 * however many the hearing books, so that two bookings of the same day cannot both commit.
 */
interface CalendarDay {
  _id: string;
  courtId: string;
  day: string;
  bookings: Booking[];
}

const calendarKey = (courtId: string, day: string) => `day:${courtId}:${day}`;
const roomKey = (courtId: string, room: string, day: string) => `room:${courtId}:${createHash('sha256').update(room.trim()).digest('hex').slice(0, 16)}:${day}`;
const judgeKey = (openid: string, day: string) => `judge:${openid}:${day}`;

interface Holder {
  key: string;
  kind: Booking['kind'];
  holder: string;
  /** Who the holder is, in a person's words, for the message that it is taken. */
  label: string;
}

/** What a hearing books: its courtroom, and its judges (those it was set with, when it frees them). */
function holdersOf(record: CaseRecord, place: HearingRecord['place'], day: string, bookedJudges?: readonly string[]): Holder[] {
  const panel = record.panel ? [record.panel.presiding, ...record.panel.members] : [];
  const judges = bookedJudges ? bookedJudges.map((openid) => panel.find((j) => j.openid === openid) ?? { openid, name: '' }) : panel;
  return [
    ...(place.kind === 'courtroom' && place.room
      ? [{ key: roomKey(record.courtId, place.room, day), kind: 'room' as const, holder: place.room, label: place.room }]
      : []),
    ...judges.map((j) => ({ key: judgeKey(j.openid, day), kind: 'judge' as const, holder: j.openid, label: `审判人员${j.name}` })),
  ];
}

const hhmm = (at: Date) => chinaDateTime(at).slice(11);
const placeOf = (place: HearingRecord['place']) => (place.kind === 'online' ? '在线庭审' : (place.room ?? '法庭'));
const endOf = (h: HearingRecord) => h.endsAt ?? new Date(h.startsAt.getTime() + DEFAULT_HEARING_MINUTES * 60_000);

/**
 * Books the hearing's room and judges for its span and frees what it held before (a reschedule or
 * a cancellation), inside the transaction: the court's day is one document read and written here
 * (two, when a hearing moves to another day), so a concurrent booking of the same day conflicts
 * and retries, and then sees this one. A clash is refused naming who is taken and when.
 */
async function book(
  tx: Transaction,
  record: CaseRecord,
  hearingId: string,
  before: { holders: Holder[] } | undefined,
  after: { holders: Holder[]; span: HearingSpan } | undefined,
): Promise<void> {
  const dayOf = (holder: Holder) => holder.key.slice(holder.key.lastIndexOf(':') + 1);
  const days = [...new Set([...(before?.holders ?? []), ...(after?.holders ?? [])].map(dayOf))];
  for (const day of days) {
    const key = calendarKey(record.courtId, day);
    const current = await findById<CalendarDay>(tx, 'calendars', key);
    const bookings = (current?.bookings ?? []).filter((b) => b.hearingId !== hearingId || b.caseId !== record._id);
    for (const holder of after?.holders.filter((h) => dayOf(h) === day) ?? []) {
      const span = (after as { span: HearingSpan }).span;
      const clash = bookings.find((b) => b.key === holder.key && overlaps(b, span));
      if (clash) {
        const when = `${chinaDateTime(clash.startsAt)}–${hhmm(clash.endsAt)}`;
        const who = clash.caseId === record._id && holder.kind === 'judge' ? '本案' : holder.label;
        throw new AppError('CONFLICT', `${who}在 ${when} 已有开庭安排，请另选时间${holder.kind === 'room' ? '或法庭' : ''}`);
      }
      bookings.push({ hearingId, caseId: record._id, startsAt: span.startsAt, endsAt: span.endsAt, key: holder.key, kind: holder.kind, holder: holder.holder });
    }
    const next: Omit<CalendarDay, '_id'> = { courtId: record.courtId, day, bookings };
    // set, not add: a day document created by a racing booking makes this transaction conflict and retry.
    await tx.collection('calendars').doc(key).set({ data: next });
  }
}

/**
 * 排期开庭: the presiding judge or clerk sets a hearing, reschedules it or cancels it. A hearing
 * sits on a working day within the court's sitting hours, books its room and its judges for
 * its span (a clash is refused), and leaves the summons period (民事诉讼法 第一百三十九条, not
 * for simplified procedure: 第一百六十三条). Every party the case names is served the notice:
 * on the platform if it consented, otherwise on the clerk's list for service by post or in person.
 */
export async function scheduleHearing(input: z.output<typeof HearingScheduleInput>, ctx: ActionContext): Promise<HearingScheduleOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'hearing.schedule');
  assert(record.state === 'in-trial', 'STATE', '本案尚未分案，不能排期');
  const index = input.op === 'schedule' ? record.hearings.length : record.hearings.findIndex((h) => h.id === input.hearingId);
  const existing = input.op === 'schedule' ? undefined : record.hearings[index];
  if (input.op !== 'schedule') {
    assert(existing, 'NOT_FOUND', '未找到该次开庭');
    assert(existing.state !== 'cancelled', 'STATE', '该次开庭已取消');
    assert(existing.startsAt.getTime() > ctx.now.getTime(), 'STATE', '该次开庭时间已到，不能再变更或取消');
  }
  const hearingId = existing?.id ?? `hearing-${index + 1}`;
  const revision = record.documents.filter((d) => d.hearing?.hearingId === hearingId).length;
  const before = existing ? { holders: holdersOf(record, existing.place, chinaDate(existing.startsAt), existing.judges) } : undefined;

  let hearing: HearingRecord;
  let notice: HearingNotice;
  let after: { holders: Holder[]; span: HearingSpan } | undefined;
  if (input.op === 'cancel' && existing) {
    hearing = { ...existing, state: 'cancelled', noticeId: `hearing-cancel-${index + 1}` };
    notice = {
      hearingId,
      change: 'cancelled',
      startsAt: existing.startsAt,
      endsAt: endOf(existing),
      place: placeOf(existing.place),
      reason: input.reason ?? '',
    };
  } else {
    const startsAt = new Date(input.startsAt ?? existing?.startsAt ?? ctx.now);
    const minutes =
      input.durationMinutes ?? (existing ? Math.round((endOf(existing).getTime() - existing.startsAt.getTime()) / 60_000) : DEFAULT_HEARING_MINUTES);
    const span = { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
    const place = input.place ?? existing?.place ?? { kind: 'online' as const };
    const court = await findById<{ sittingHours?: unknown; unrecordedYear?: unknown }>(ctx.db, 'courts', record.courtId, {
      sittingHours: true,
      unrecordedYear: true,
    });
    const problem = sittingProblem(span, sittingHoursOf(court?.sittingHours), unrecordedYearOf(court?.unrecordedYear));
    if (problem) throw invalidField('startsAt', problem);
    assert(startsAt.getTime() > ctx.now.getTime(), 'DEADLINE', '开庭时间应晚于现在');
    const earliest = earliestHearingDay(chinaDate(ctx.now), record.procedure);
    assert(chinaDate(startsAt) >= earliest, 'DEADLINE', `开庭时间应不早于 ${earliest}（须在开庭三日前传唤当事人）`);
    // Put off (延期): moved later, or set anew in place of the hearing last cancelled.
    const adjourned = existing ? startsAt.getTime() > existing.startsAt.getTime() : record.hearings.at(-1)?.state === 'cancelled';
    if (adjourned) {
      const putOff = existing ?? record.hearings.at(-1);
      const gap = putOff ? adjournmentGapProblem(chinaDate(putOff.startsAt), chinaDate(startsAt), input.beyondMonth) : null;
      if (gap) throw new AppError('DEADLINE', gap, { fields: { startsAt: gap } });
      const limit = adjournmentLimit(record.procedure);
      const soFar = record.hearings.reduce((sum, h) => sum + (h.adjourned ?? 0), 0);
      assert(
        soFar < limit,
        'STATE',
        `本案已延期开庭 ${soFar} 次，${record.procedure === 'simplified' ? '简易程序' : '普通程序'}至多延期 ${limit} 次（延长审限和延期开庭规定 第三条）`,
      );
    }
    hearing = {
      id: hearingId,
      startsAt,
      endsAt: span.endsAt,
      place,
      scheduledBy: existing?.scheduledBy ?? ctx.caller.openid,
      state: 'scheduled',
      judges: record.panel ? [record.panel.presiding.openid, ...record.panel.members.map((m) => m.openid)] : [],
      noticeId: existing ? `hearing-notice-${index + 1}-${revision + 1}` : `hearing-notice-${index + 1}`,
      adjourned: (existing?.adjourned ?? 0) + (adjourned ? 1 : 0),
    };
    notice = {
      hearingId,
      change: existing ? 'rescheduled' : 'scheduled',
      startsAt,
      endsAt: span.endsAt,
      place: placeOf(place),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    after = { holders: holdersOf(record, place, chinaDate(startsAt)), span };
  }
  const noticeId = hearing.noticeId ?? hearingId;
  const when = `${chinaDateTime(notice.startsAt)}，${notice.place}`;
  const title =
    notice.change === 'cancelled' ? `撤销开庭通知书（原定${when}）` : notice.change === 'rescheduled' ? `开庭传票（变更为${when}）` : `开庭传票（${when}）`;
  const action = notice.change === 'cancelled' ? 'hearing.cancelled' : notice.change === 'rescheduled' ? 'hearing.rescheduled' : 'hearing.scheduled';

  let notified: string[] = [];
  const answer = await ctx.commit(async (tx) => {
    await book(tx, record, hearingId, before, after);
    if (existing?.noticeId) await withdrawOffline(tx, record, existing.noticeId);
    const service = await serveDocument(tx, record, { id: noticeId, title, hearingOn: chinaDate(notice.startsAt) }, ctx.caller, ctx.now);
    notified = freshRecipients(service);
    await changeCase(tx, record._id, ctx.now, (current) => {
      const now = current.hearings[index];
      if (existing)
        assert(
          now && now.noticeId === existing.noticeId && now.startsAt.getTime() === existing.startsAt.getTime(),
          'CONFLICT',
          '开庭安排已被他人更新，请刷新后重试',
        );
      else assert(current.hearings.length === index, 'CONFLICT', '开庭安排已被他人更新，请刷新后重试');
      const hearings = existing ? current.hearings.map((h, i) => (i === index ? hearing : h)) : [...current.hearings, hearing];
      return {
        event: {
          action,
          ...actor,
          data: {
            hearingId,
            startsAt: notice.startsAt.toISOString(),
            endsAt: notice.endsAt.toISOString(),
            place: notice.place,
            ...(input.reason ? { reason: input.reason } : {}),
            served: service.served.length,
            offline: service.offline.length,
          },
          requestId: input.requestId,
        },
        update: {
          hearings: ctx.db.command.set(hearings),
          documents: ctx.db.command.push([
            { id: noticeId, kind: 'hearing-notice', title, hearing: notice, at: ctx.now, by: ctx.caller.openid },
            ...proofsOf(service, title, ctx.now, ctx.caller.openid),
          ]),
        },
      };
    });
    return {
      hearingId,
      state: hearing.state ?? 'scheduled',
      startsAt: chinaDateTime(notice.startsAt),
      endsAt: chinaDateTime(notice.endsAt),
      place: notice.place,
      noticeId,
      served: service.served.length,
      offline: service.offline.length,
    };
  });
  await notifyServed(ctx, record, { document: notice.change === 'cancelled' ? '撤销开庭通知书' : '开庭传票', hearingAt: notice.startsAt }, notified);
  return answer;
}
