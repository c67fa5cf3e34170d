import cloud from 'wx-server-sdk';
import { findById } from '#runtime';

import { callFunction, callWithAnyInput, ok, resetEmulator } from '../support/emulator';
import { acceptedHuCase, recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { CLERK, HU, JUDGES, REGISTRAR, seedCourts, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

type Panel = { presiding: { openid: string; name: string }; members: { openid: string }[] };
const panelOf = async (caseId: string) => (await findById<{ panel: Panel }>(db, 'cases', caseId))?.panel as Panel;
const setActive = (openids: string[], active: boolean) => Promise.all(openids.map((openid) => db.collection('staff').doc(openid).update({ data: { active } })));

/** A further case of Mr Hu's, under simplified procedure, heard by the one judge left active in the division. */
async function caseHeardBy(judge: string, tag: string): Promise<string> {
  const others = JUDGES.map((j) => j.openid).filter((id) => id !== judge);
  await setActive(others, false);
  const { caseId } = await acceptedHuCase({ procedure: 'simplified', tag });
  ok(await callFunction('case-assign', { requestId: `assign-${tag}`, caseId }, REGISTRAR.openid));
  await setActive(others, true);
  return caseId;
}

const courtroom = (room: string) => ({ kind: 'courtroom', room }) as const;
const schedule = (
  caseId: string,
  requestId: string,
  startsAt: string,
  place: { kind: 'online' } | { kind: 'courtroom'; room: string },
  openid = CLERK.openid,
) => callFunction('hearing-schedule', { requestId, caseId, startsAt, place }, openid);

let caseId: string;
let panel: Panel;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  ({ caseId } = await acceptedHuCase());
  ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid));
  panel = await panelOf(caseId);
});

describe('clashes', () => {
  it('refuses the same case at the same minute in two rooms, a room booked twice and a judge booked twice; back-to-back is taken', async () => {
    ok(await schedule(caseId, 'hearing-0001', '2026-03-20T09:30:00+08:00', courtroom('第三法庭')));
    expect((await schedule(caseId, 'hearing-0002', '2026-03-20T09:30:00+08:00', courtroom('第五法庭'))).result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('本案在 2026-03-20 09:30–10:30 已有开庭安排') },
    });

    // Another judge's case: the room is taken until 10:30, and free from then.
    const free = JUDGES.find((j) => j.openid !== panel.presiding.openid && !panel.members.some((m) => m.openid === j.openid))?.openid ?? '';
    const other = await caseHeardBy(free, '0002');
    expect((await schedule(other, 'hearing-0003', '2026-03-20T10:00:00+08:00', courtroom('第三法庭'))).result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('第三法庭在 2026-03-20 09:30–10:30') },
    });
    ok(await schedule(other, 'hearing-0004', '2026-03-20T10:30:00+08:00', courtroom('第三法庭')));

    // The presiding judge of the first case cannot sit in another case meanwhile, online or not.
    const third = await caseHeardBy(panel.presiding.openid, '0003');
    expect((await schedule(third, 'hearing-0005', '2026-03-20T10:00:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(`审判人员${panel.presiding.name}`) },
    });
    expect((await findById<{ hearings: unknown[] }>(db, 'cases', caseId))?.hearings).toHaveLength(1);
  });

  it('two concurrent bookings of one room: one wins, the other is told the room is taken', async () => {
    const free = JUDGES.find((j) => j.openid !== panel.presiding.openid && !panel.members.some((m) => m.openid === j.openid))?.openid ?? '';
    const other = await caseHeardBy(free, '0002');
    const replies = await Promise.all([
      schedule(caseId, 'race-0001', '2026-03-20T09:30:00+08:00', courtroom('第三法庭')),
      schedule(other, 'race-0002', '2026-03-20T09:45:00+08:00', courtroom('第三法庭')),
    ]);
    const won = replies.filter((r) => r.result.ok);
    const lost = replies.filter((r) => !r.result.ok);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.result)).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) })]);
    const booked = ((await db.collection('calendars').where({ day: '2026-03-20' }).get()) as unknown as { data: { bookings: { kind: string }[] }[] }).data;
    expect(booked.flatMap((d) => d.bookings.filter((b) => b.kind === 'room'))).toHaveLength(1);
  });
});

describe('court hours and the notice period', () => {
  it('refuses 03:00, a Saturday and a holiday, and a hearing longer than a day; a court’s own hours are its setting', async () => {
    expect((await schedule(caseId, 'hours-0001', '2026-03-20T03:00:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('法院工作时间（08:30–12:00、14:00–17:30）'), fields: { startsAt: expect.any(String) } },
    });
    expect((await schedule(caseId, 'hours-0002', '2026-03-21T09:30:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('2026-03-21 是休息日') },
    });
    expect((await schedule(caseId, 'hours-0003', '2026-04-06T09:30:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('休息日') },
    });
    expect(
      (
        await callWithAnyInput(
          'hearing-schedule',
          { requestId: 'hours-0004', caseId, startsAt: '2026-03-20T09:00:00+08:00', durationMinutes: 600, place: { kind: 'online' } },
          CLERK.openid,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { durationMinutes: '庭审时长最多480分钟（8小时）' } } });

    await db
      .collection('courts')
      .doc('gz-tianhe')
      .update({ data: { sittingHours: [{ from: '09:00', to: '12:30' }] } });
    expect((await schedule(caseId, 'hours-0005', '2026-03-20T14:30:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('09:00–12:30') },
    });
    ok(await schedule(caseId, 'hours-0006', '2026-03-20T11:30:00+08:00', { kind: 'online' }));
  });

  it('simplified procedure is not bound by the three days (民事诉讼法 第一百六十三条); a time already past is refused', async () => {
    const free = JUDGES.find((j) => j.openid !== panel.presiding.openid)?.openid ?? '';
    const simple = await caseHeardBy(free, '0002');
    expect(ok(await schedule(simple, 'simple-0001', '2026-03-03T09:30:00+08:00', { kind: 'online' }))).toMatchObject({ startsAt: '2026-03-03 09:30' });
    expect((await schedule(simple, 'simple-0002', '2026-03-02T09:00:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE' },
    });
  });
});

describe('rescheduling and cancelling', () => {
  it('the judge moves the hearing and then cancels it: new notices to everyone, on the platform and on the clerk’s list, and the room freed each time', async () => {
    const judge = panel.presiding.openid;
    ok(await schedule(caseId, 'move-0001', '2026-03-20T09:30:00+08:00', courtroom('第三法庭'), judge));
    expect(
      (
        await callWithAnyInput(
          'hearing-schedule',
          { requestId: 'move-0002', caseId, op: 'reschedule', hearingId: 'hearing-1', startsAt: '2026-03-27T14:00:00+08:00' },
          judge,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { reason: '请说明变更开庭的理由' } } });

    const moved = ok(
      await callFunction(
        'hearing-schedule',
        { requestId: 'move-0003', caseId, op: 'reschedule', hearingId: 'hearing-1', startsAt: '2026-03-27T14:00:00+08:00', reason: '被告申请延期举证' },
        judge,
      ),
    );
    expect(moved).toEqual({
      hearingId: 'hearing-1',
      state: 'scheduled',
      startsAt: '2026-03-27 14:00',
      endsAt: '2026-03-27 15:00',
      place: '第三法庭',
      noticeId: 'hearing-notice-1-2',
      served: 1,
      offline: 1,
    });
    const link = ok(await callFunction('dossier-url', { caseId, documentId: 'hearing-notice-1-2' }, HU.openid));
    const summons = await (await fetch(encodeURI(link.url))).text();
    expect(summons).toContain('2026-03-27 14:00');
    expect(summons).toContain('被告申请延期举证');
    const first = await (await fetch(encodeURI(ok(await callFunction('dossier-url', { caseId, documentId: 'hearing-notice-1' }, HU.openid)).url))).text();
    expect(first).toContain('2026-03-20 09:30');
    // The first slot is free again for the same case.
    ok(await schedule(caseId, 'move-0004', '2026-03-20T09:30:00+08:00', courtroom('第三法庭'), judge));

    // The defendant joins now; once the judge recognises him from his papers he is served the summonses in force (the superseded one came off the clerk's list).
    await verify(WU);
    const detail = ok(await callFunction('case-detail', { caseId }, HU.openid));
    ok(await callFunction('case-join', await wuJoinsFor('move-join-01', detail.caseNumber ?? '', { consent: true, addressConfirmed: true }), WU.openid));
    expect(ok(await callFunction('service-inbox', {}, WU.openid)).items).toEqual([]);
    expect(await recogniseRepresentative(caseId, judge, 'move-examine-01')).toEqual({ served: 2 });
    expect(
      ok(await callFunction('service-inbox', {}, WU.openid))
        .items.map((i) => i.title)
        .sort(),
    ).toEqual(['开庭传票（2026-03-20 09:30，第三法庭）', '开庭传票（变更为2026-03-27 14:00，第三法庭）']);
    expect(ok(await callFunction('service-inbox', { view: 'offline' }, CLERK.openid)).items).toEqual([]);

    const cancelled = ok(
      await callFunction('hearing-schedule', { requestId: 'move-0005', caseId, op: 'cancel', hearingId: 'hearing-1', reason: '双方申请庭外和解' }, judge),
    );
    expect(cancelled).toMatchObject({ hearingId: 'hearing-1', state: 'cancelled', noticeId: 'hearing-cancel-1', served: 2, offline: 0 });
    const inbox = ok(await callFunction('service-inbox', {}, WU.openid)).items;
    // The test's clock stands still, so the inbox's newest-first order cannot tell these apart: look for it.
    expect(inbox.map((item) => item.title)).toContainEqual(expect.stringContaining('撤销开庭通知书'));
    const shown = ok(await callFunction('case-detail', { caseId }, WU.openid));
    expect(shown.hearings).toEqual([
      expect.objectContaining({ id: 'hearing-1', startsAt: '2026-03-27 14:00', cancelled: true }),
      expect.objectContaining({ id: 'hearing-2', startsAt: '2026-03-20 09:30' }),
    ]);
    expect(shown.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['hearing.rescheduled', 'hearing.cancelled']));
    expect(shown.chainVerified).toBe(true);
    // A cancelled hearing cannot be moved, and its slot is free.
    expect(
      (
        await callFunction(
          'hearing-schedule',
          { requestId: 'move-0006', caseId, op: 'reschedule', hearingId: 'hearing-1', startsAt: '2026-03-30T09:30:00+08:00', reason: '重新排期' },
          judge,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'STATE' } });
    ok(await schedule(caseId, 'move-0007', '2026-03-27T14:00:00+08:00', courtroom('第三法庭'), judge));
  });

  it('a hearing is put off at most twice in ordinary procedure (延期开庭规定 第三条)', async () => {
    ok(await schedule(caseId, 'adjourn-0001', '2026-03-20T09:30:00+08:00', { kind: 'online' }));
    const putOff = (requestId: string, startsAt: string) =>
      callFunction('hearing-schedule', { requestId, caseId, op: 'reschedule', hearingId: 'hearing-1', startsAt, reason: '当事人申请延期' }, CLERK.openid);
    ok(await putOff('adjourn-0002', '2026-03-23T09:30:00+08:00'));
    ok(await putOff('adjourn-0003', '2026-03-24T09:30:00+08:00'));
    // Brought forward is no adjournment.
    ok(await putOff('adjourn-0004', '2026-03-23T14:00:00+08:00'));
    expect((await putOff('adjourn-0005', '2026-03-25T09:30:00+08:00')).result).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('至多延期 2 次') },
    });
  });

  it('a hearing put off sits again within a month, unless the parties agree (延长审限和延期开庭规定 第五条)', async () => {
    ok(await schedule(caseId, 'month-0001', '2026-03-20T09:30:00+08:00', { kind: 'online' }));
    const putOff = (requestId: string, beyondMonth?: 'consent') =>
      callFunction(
        'hearing-schedule',
        {
          requestId,
          caseId,
          op: 'reschedule',
          hearingId: 'hearing-1',
          startsAt: '2026-04-29T09:30:00+08:00',
          reason: '当事人申请延期',
          ...(beyondMonth ? { beyondMonth } : {}),
        },
        CLERK.openid,
      );
    expect((await putOff('month-0002')).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE', message: expect.stringContaining('不晚于 2026-04-20') },
    });
    ok(await putOff('month-0003', 'consent'));
  });

  it('cancelling a hearing and setting a new one puts the hearing off as much as moving it does', async () => {
    ok(await schedule(caseId, 'recast-0001', '2026-03-20T09:30:00+08:00', { kind: 'online' }));
    const cancel = (requestId: string, hearingId: string) =>
      callFunction('hearing-schedule', { requestId, caseId, op: 'cancel', hearingId, reason: '当事人申请延期' }, CLERK.openid);
    ok(await cancel('recast-0002', 'hearing-1'));
    ok(await schedule(caseId, 'recast-0003', '2026-03-23T09:30:00+08:00', { kind: 'online' }));
    ok(await cancel('recast-0004', 'hearing-2'));
    ok(await schedule(caseId, 'recast-0005', '2026-03-24T09:30:00+08:00', { kind: 'online' }));
    ok(await cancel('recast-0006', 'hearing-3'));
    expect((await schedule(caseId, 'recast-0007', '2026-03-25T09:30:00+08:00', { kind: 'online' })).result).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('至多延期 2 次') },
    });
  });
});
