import cloud from 'wx-server-sdk';
import { drawPanel } from '#domain/assignment';
import { findById, query } from '#runtime';

import { callFunction, callWithAnyInput, operation, resetEmulator, countOf as countInDb } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { CLERK, HU, JUDGES, OTHER_REGISTRAR, REGISTRAR, seedCourts, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const assign = (openid: string, caseId: string, requestId = 'assign-0001') => callFunction('case-assign', { requestId, caseId }, openid);
const schedule = (openid: string, input: Record<string, unknown>) => callWithAnyInput('hearing-schedule', input, openid);

let caseId: string;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  ({ caseId } = await acceptedHuCase());
});

describe('case-assign', () => {
  it('draws a collegial panel of three and a clerk; the published draw re-runs to the same panel', async () => {
    const reply = await assign(REGISTRAR.openid, caseId);
    if (!reply.result.ok) throw new Error(JSON.stringify(reply.result));
    const { presiding, members, clerk, draw } = reply.result.data;
    expect(members).toHaveLength(2);
    expect(clerk).toEqual({ openid: CLERK.openid, name: CLERK.name });
    const rerun = drawPanel(
      draw.seed,
      draw.candidates.map((c) => ({ ...c, name: JUDGES.find((j) => j.openid === c.openid)?.name ?? '' })),
      3,
    );
    expect(rerun.map((j) => j.openid)).toEqual([presiding.openid, ...members.map((m) => m.openid)]);
    // The event records the draw, so the check needs nothing but the case's own chain.
    const event = (await db.collection('case_events').where({ caseId, action: 'case.assigned' }).get()) as unknown as { data: { data: { seed: string } }[] };
    expect(event.data[0]?.data.seed).toBe(draw.seed);
    expect((await findById<{ caseload: number }>(db, 'staff', presiding.openid))?.caseload).toBe(1);
    const shown = await callFunction('case-detail', { caseId }, HU.openid);
    expect(shown.result).toMatchObject({
      ok: true,
      data: { stateLabel: '审理中', panel: { presiding: presiding.name, clerk: CLERK.name }, chainVerified: true },
    });
  });

  it('a sole judge for simplified procedure', async () => {
    await resetEmulator();
    await seedCourts(db);
    await verify(HU);
    const simple = await acceptedHuCase({ procedure: 'simplified' });
    const reply = await assign(REGISTRAR.openid, simple.caseId);
    expect(reply.result).toMatchObject({ ok: true, data: { members: [] } });
  });

  it('assigns once; a retry answers the same panel', async () => {
    const first = await assign(REGISTRAR.openid, caseId);
    expect((await assign(REGISTRAR.openid, caseId)).result).toEqual(first.result);
    expect((await assign(REGISTRAR.openid, caseId, 'assign-0002')).result).toMatchObject({ ok: false, error: { code: 'STATE' } });
  });

  it('FORBIDDEN to another court’s registrar, to a judge, and to a party', async () => {
    expect((await assign(OTHER_REGISTRAR.openid, caseId)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await assign(JUDGES[0]?.openid ?? '', caseId)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await assign(HU.openid, caseId)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await countOf('case_events', { action: 'case.assigned' })).toBe(0);
  });
});

describe('hearing-schedule', () => {
  let presiding: string;
  beforeEach(async () => {
    const reply = await assign(REGISTRAR.openid, caseId);
    if (!reply.result.ok) throw new Error(JSON.stringify(reply.result));
    presiding = reply.result.data.presiding.openid;
  });

  it('sets the hearing and serves the summons on Mr Hu, effective on arrival at his confirmed address; the defendant, not on the platform, awaits offline service', async () => {
    const reply = await schedule(presiding, { requestId: 'hearing-0001', caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } });
    expect(reply.result).toEqual({
      ok: true,
      data: {
        hearingId: 'hearing-1',
        state: 'scheduled',
        startsAt: '2026-03-20 09:30',
        endsAt: '2026-03-20 10:30',
        place: '在线庭审',
        noticeId: 'hearing-notice-1',
        served: 1,
        offline: 1,
      },
    });
    const services = await query<{ servedAt: Date; recipient: string }>(
      db.collection('services').where({ caseId, documentId: 'hearing-notice-1', recipient: HU.openid }),
    );
    expect(services).toEqual([expect.objectContaining({ recipient: HU.openid, servedAt: expect.any(Date) })]);
    const shown = await callFunction('case-detail', { caseId }, HU.openid);
    expect(shown.result).toMatchObject({
      ok: true,
      data: { hearings: [{ startsAt: '2026-03-20 09:30', endsAt: '2026-03-20 10:30', place: '在线庭审' }], chainVerified: true },
    });
    const { messages } = await operation<{ messages: { touser: string; templateId: string }[] }>('GET', 'outbox');
    expect(messages.some((m) => m.touser === HU.openid && m.templateId === 'dev-mc_tpl_service')).toBe(true);
  });

  it('DEADLINE: a hearing must be at least three days after the notice (民诉法 第一百三十九条)', async () => {
    const reply = await schedule(presiding, {
      requestId: 'hearing-0002',
      caseId,
      startsAt: '2026-03-04T09:30:00+08:00',
      place: { kind: 'courtroom', room: '第三法庭' },
    });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'DEADLINE', message: expect.stringContaining('2026-03-05') } });
  });

  it('FORBIDDEN to a judge not on the case and to a party; INVALID_INPUT for a bad time; a retry schedules once', async () => {
    await verify(WU);
    // Four judges in the division, three on the panel: one is a stranger to the case.
    const onPanel = ((await findById<{ members: { openid: string }[] }>(db, 'cases', caseId))?.members ?? []).map((m) => m.openid);
    const stranger = JUDGES.map((j) => j.openid).find((id) => !onPanel.includes(id)) ?? '';
    expect(
      (await schedule(stranger, { requestId: 'hearing-0003', caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } })).result,
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      (await schedule(HU.openid, { requestId: 'hearing-0004', caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } })).result,
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await schedule(presiding, { requestId: 'hearing-0005', caseId, startsAt: '明天上午', place: { kind: 'online' } })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { startsAt: expect.any(String) } },
    });
    const input = { requestId: 'hearing-0006', caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'courtroom', room: '第三法庭' } };
    const first = await schedule(CLERK.openid, input);
    expect((await schedule(CLERK.openid, input)).result).toEqual(first.result);
    // Mr Hu's e-service and the defendant's place on the clerk's list, once each.
    expect(await countOf('services')).toBe(2);
  });
});
