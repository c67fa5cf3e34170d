import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { drawPanel, HEARING_NOTICE_DAYS, panelSize, type Candidate } from '#domain/assignment';
import { chinaDate, chinaDateTime, utcDay } from '#domain/time';
import { AppError, assert, findById, notify, pages, query, type ActionContext, type CaseMember } from '#runtime';
import { caseForCaller } from './access';
import { changeCase } from './case-change';
import type { CaseAssignInput, CaseAssignOutput, HearingScheduleInput, HearingScheduleOutput } from '#schemas/trial';
import type { CaseRecord } from './records';
import { notifyServed, partyMembers, serveDocument } from './service';

interface StaffRow {
  _id: string;
  name: string;
  caseload?: number;
}

async function loadCase(ctx: ActionContext, caseId: string): Promise<CaseRecord> {
  const record = await findById<CaseRecord>(ctx.db, 'cases', caseId);
  // A stranger learns nothing, not even whether the case exists.
  if (!record) throw new AppError('FORBIDDEN', '您不是本案的承办人员，无权办理');
  return record;
}

/**
 * 分案: the division leader (or registrar) draws the panel at random among the division's
 * active judges, weighted by their open caseload; seed, candidates and result go into the
 * case's event so the draw can be re-checked. A clerk is named or drawn.
 */
export async function assignCase(input: z.output<typeof CaseAssignInput>, ctx: ActionContext): Promise<CaseAssignOutput> {
  const record = await loadCase(ctx, input.caseId);
  const staff = ctx.caller.staff;
  assert(staff?.courtId === record.courtId, 'FORBIDDEN', '该案件不属于您所在的法院');
  assert(!record.panel, 'STATE', '本案已分案');
  const divisionId = input.divisionId ?? staff.divisionId;
  assert(divisionId, 'INVALID_INPUT', '请选择承办部门');
  const [judgeRows, clerkRows] = await Promise.all([
    query<StaffRow>(ctx.db.collection('staff').where({ divisionId, roles: 'judge', active: true }).field({ name: true, caseload: true }).limit(200)),
    query<StaffRow>(ctx.db.collection('staff').where({ divisionId, roles: 'clerk', active: true }).field({ name: true }).limit(200)),
  ]);
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
          actor: ctx.caller.openid,
          actorRole: ctx.caller.roles.has('leader') ? 'leader' : 'registrar',
          state: 'in-trial',
          data: { ...draw, presiding: presiding.openid, members: others.map((c) => c.openid), clerk: clerk?.openid ?? null },
          requestId: input.requestId,
        },
        update: {
          panel: { presiding: person(presiding), members: others.map(person), ...(clerk ? { clerk } : {}), draw },
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
    partyMembers(record).map((m) => ({
      template: 'MC_TPL_CASE_PROGRESS',
      touser: m.openid,
      page: pages.caseDetail(record._id),
      values: { caseNumber: record.caseNumber, progress: `承办法官：${presiding.name}` },
    })),
  );
  return result;
}

/**
 * 排期开庭: the presiding judge or clerk sets the hearing; the notice is served electronically
 * on every consenting party at least three days ahead (民事诉讼法 第一百三十九条).
 */
export async function scheduleHearing(input: z.output<typeof HearingScheduleInput>, ctx: ActionContext): Promise<HearingScheduleOutput> {
  const { record, actor } = await caseForCaller(ctx, input.caseId, ['presiding-judge', 'clerk']);
  assert(record.state === 'in-trial', 'STATE', '本案尚未分案，不能排期');
  const startsAt = new Date(input.startsAt);
  const earliest = utcDay(chinaDate(ctx.now)).add(HEARING_NOTICE_DAYS, 'day').format('YYYY-MM-DD');
  assert(chinaDate(startsAt) >= earliest, 'DEADLINE', `开庭时间应不早于 ${earliest}（须在开庭三日前通知当事人）`);
  const n = record.hearings.length + 1;
  const hearingId = `hearing-${n}`;
  const place = input.place.kind === 'online' ? '在线庭审' : input.place.room;
  const document = { id: `hearing-notice-${n}`, title: `开庭传票（${chinaDateTime(startsAt)}，${place}）` };
  const result = await ctx.commit(async (tx) => {
    const service = await serveDocument(tx, record, document, ctx.caller, ctx.now);
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert(current.hearings.length + 1 === n, 'CONFLICT', '开庭安排已被他人更新，请刷新后重试');
      return {
        event: {
          action: 'hearing.scheduled',
          ...actor,
          data: { hearingId, startsAt: startsAt.toISOString(), place, served: service.served.length, offline: service.offline.length },
          requestId: input.requestId,
        },
        update: {
          hearings: ctx.db.command.push([{ id: hearingId, startsAt, place: input.place, scheduledBy: ctx.caller.openid }]),
          documents: ctx.db.command.push([{ id: document.id, kind: 'hearing-notice', title: document.title, at: ctx.now, by: ctx.caller.openid }]),
        },
      };
    });
    return { hearingId, startsAt: chinaDateTime(startsAt), place, served: service.served.length, offline: service.offline.length };
  });
  await notifyServed(ctx, record, { document: '开庭传票', hearingAt: startsAt });
  return result;
}
