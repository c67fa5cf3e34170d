import cloud from 'wx-server-sdk';

import { callFunction, callWithAnyInput, ok, operation, resetEmulator, countOf as countInDb } from '../support/emulator';
import { acceptedHuCase, recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { CLERK, HU, REGISTRAR, seedCourts, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const messagesTo = async (openid: string) =>
  (await operation<{ messages: { touser: string }[] }>('GET', 'outbox')).messages.filter((m) => m.touser === openid).length;

let caseId: string;
let caseNumber: string;
let presiding: string;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  await verify(WU);
  ({ caseId, caseNumber } = await acceptedHuCase());
  presiding = ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid)).presiding.openid;
});

/** The defendant company's legal representative answers the suit on the platform, and the clerk recognises him from his papers. */
const wuJoins = async (consent: boolean, requestId = 'join-0001') => {
  const joined = await callFunction('case-join', await wuJoinsFor(requestId, caseNumber, { consent, addressConfirmed: consent }), WU.openid);
  if (joined.result.ok && joined.result.data.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid, `examine-${requestId}`);
  return joined;
};
const scheduleHearing = (requestId = 'hearing-0001') =>
  callFunction('hearing-schedule', { requestId, caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'courtroom', room: '第三法庭' } }, presiding);
const offlineList = async (openid = CLERK.openid) => ok(await callFunction('service-inbox', { view: 'offline' }, openid)).items;

describe('service per addressee', () => {
  it('a document served once is served again on a party who joined later; a repeat answers the first service', async () => {
    const first = ok(await callFunction('service-send', { requestId: 'serve-0001', caseId, documentId: 'fee-notice' }, CLERK.openid));
    expect(first.served).toHaveLength(1);
    const huMessages = await messagesTo(HU.openid);

    // The defendant joins the case; the clerk serves the notice again.
    ok(await wuJoins(true));
    const again = ok(await callFunction('service-send', { requestId: 'serve-0002', caseId, documentId: 'fee-notice' }, CLERK.openid));
    expect(again.served).toHaveLength(2);
    expect(again.served).toContainEqual(first.served[0]);
    expect(again.offline).toBe(0);

    // A third time changes nothing: the same services, one record each, no second message to Mr Hu.
    const third = ok(await callFunction('service-send', { requestId: 'serve-0003', caseId, documentId: 'fee-notice' }, CLERK.openid));
    expect(third.served).toEqual(again.served);
    expect(await countOf('services', { documentId: 'fee-notice', recipient: HU.openid })).toBe(1);
    expect(await countOf('services', { documentId: 'fee-notice', recipient: WU.openid })).toBe(1);
    expect(await messagesTo(HU.openid)).toBe(huMessages);
    const inbox = ok(await callFunction('service-inbox', {}, WU.openid));
    expect(inbox.items.map((i) => i.title)).toEqual(['交纳诉讼费用通知书']);
    // The defendant, not yet on the platform at the first service, was counted for offline service.
    expect(first.offline).toBe(1);
  });
});

describe('service ids carry no one’s openid', () => {
  it('the services answered and the proofs of service every member sees name no party’s openid', async () => {
    ok(await wuJoins(true));
    const sent = ok(await callFunction('service-send', { requestId: 'serve-0901', caseId, documentId: 'fee-notice' }, CLERK.openid));
    expect(sent.served).toHaveLength(2);
    const shown = ok(await callFunction('case-detail', { caseId }, WU.openid));
    const proofs = shown.documents.filter((d) => d.kind === 'service-proof');
    expect(proofs).toHaveLength(2);
    for (const openid of [HU.openid, WU.openid]) expect(JSON.stringify([sent, proofs])).not.toContain(openid);
    // Still one service per addressee: a repeat answers the same ids.
    expect(ok(await callFunction('service-send', { requestId: 'serve-0902', caseId, documentId: 'fee-notice' }, CLERK.openid)).served).toEqual(sent.served);
  });
});

describe('offline service and service on joining', () => {
  it('a summons set before the defendant joined waits on the clerk’s list, and is served on the platform the moment it joins', async () => {
    const set = ok(await scheduleHearing());
    expect(set).toMatchObject({ served: 1, offline: 1 });

    const waiting = await offlineList();
    expect(waiting).toEqual([
      expect.objectContaining({
        caseId,
        caseNumber,
        title: expect.stringContaining('开庭传票'),
        partyName: '广州某贸易有限公司',
        address: '广东省广州市天河区天河路385号',
      }),
    ]);
    expect(await offlineList(presiding)).toHaveLength(1);
    // A party sees nothing of the clerk's list.
    expect((await callFunction('service-inbox', { view: 'offline' }, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    ok(await wuJoins(true));
    const inbox = ok(await callFunction('service-inbox', {}, WU.openid));
    expect(inbox.items).toEqual([expect.objectContaining({ caseId, title: expect.stringContaining('开庭传票'), servedAt: '2026-03-02T02:00:00.000Z' })]);
    // Two messages: that the court recognised him for the company, and the summons served.
    expect(await messagesTo(WU.openid)).toBe(2);
    expect(await offlineList()).toEqual([]);
    const detail = ok(await callFunction('case-detail', { caseId }, WU.openid));
    expect(detail.chainVerified).toBe(true);
    expect(detail.documents.map((d) => d.kind)).toContain('service-proof');
  });

  it('a party who declined e-service and consents later, joining again, is served on the platform what awaited it', async () => {
    ok(await wuJoins(false));
    expect(ok(await scheduleHearing())).toMatchObject({ served: 1, offline: 1 });
    expect(await offlineList()).toHaveLength(1);
    const before = await messagesTo(WU.openid);
    // Joining again the same way changes nothing; joining again consenting serves the summons now, and it leaves the list.
    ok(await wuJoins(false, 'join-0002'));
    expect(await offlineList()).toHaveLength(1);
    ok(await wuJoins(true, 'join-0003'));
    expect(await offlineList()).toEqual([]);
    const inbox = ok(await callFunction('service-inbox', {}, WU.openid)).items;
    expect(inbox.map((item) => item.title)).toContainEqual(expect.stringContaining('开庭传票'));
    expect(await messagesTo(WU.openid)).toBe(before + 1);
    // A retry of that join is answered once: nothing served twice.
    ok(await wuJoins(true, 'join-0003'));
    expect(await messagesTo(WU.openid)).toBe(before + 1);
    const timeline = ok(await callFunction('case-detail', { caseId }, WU.openid)).timeline.map((e) => e.label);
    expect(timeline).toContain('当事人同意电子送达');
  });

  it('a party who refuses e-service stays on the list until the clerk records the posted summons (date, method)', async () => {
    ok(await wuJoins(false));
    expect(ok(await scheduleHearing())).toMatchObject({ served: 1, offline: 1 });
    const [waiting] = await offlineList();
    const serviceId = waiting?.serviceId ?? '';
    expect(waiting).toMatchObject({ partyName: '广州某贸易有限公司' });

    // The return receipt comes back dated 03-04; the clerk records it the next day.
    await operation('POST', 'clock', { now: '2026-03-05T02:00:00.000Z' });
    const record = {
      requestId: 'offline-0001',
      caseId,
      offlineService: { serviceId, method: 'post', servedOn: '2026-03-04', reference: 'EMS 1234567890' },
    } as const;
    expect((await callFunction('service-send', { ...record, requestId: 'offline-0000' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const servedOnRefused = async (servedOn: string, requestId: string) =>
      (await callFunction('service-send', { ...record, requestId, offlineService: { ...record.offlineService, servedOn } }, CLERK.openid)).result;
    expect(await servedOnRefused('2026-03-09', 'offline-0002')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'offlineService.servedOn': '送达日期不能晚于今天' } },
    });
    // Nor before the summons was sent, on 03-02.
    expect(await servedOnRefused('2026-03-01', 'offline-0006')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'offlineService.servedOn': '送达日期不能早于文书发出之日（2026-03-02）' } },
    });
    expect(
      (
        await callWithAnyInput(
          'service-send',
          { ...record, requestId: 'offline-0003', offlineService: { ...record.offlineService, method: 'fax' } },
          CLERK.openid,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { 'offlineService.method': expect.any(String) } } });

    const done = ok(await callFunction('service-send', record, CLERK.openid));
    expect(done).toMatchObject({ offline: 0, recorded: { serviceId, method: 'post', servedOn: '2026-03-04', noticeInTime: true } });
    expect(ok(await callFunction('service-send', record, CLERK.openid))).toEqual(done);
    expect((await callFunction('service-send', { ...record, requestId: 'offline-0004' }, CLERK.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    expect(await offlineList()).toEqual([]);
    const detail = ok(await callFunction('case-detail', { caseId }, presiding));
    expect(detail.timeline.map((e) => e.action)).toContain('service.recorded');
    expect(detail.chainVerified).toBe(true);
  });

  it('a summons posted too late for the three days is recorded and flagged', async () => {
    ok(await scheduleHearing());
    const [waiting] = await offlineList();
    await operation('POST', 'clock', { now: '2026-03-19T02:00:00.000Z' });
    const late = ok(
      await callFunction(
        'service-send',
        { requestId: 'offline-0005', caseId, offlineService: { serviceId: waiting?.serviceId ?? '', method: 'in-person', servedOn: '2026-03-18' } },
        CLERK.openid,
      ),
    );
    expect(late.recorded).toMatchObject({ noticeInTime: false });
  });
});

describe('a party served by post is not served again', () => {
  it('after the posted summons is recorded, the defendant who joins later is not served it again on the platform', async () => {
    ok(await scheduleHearing());
    const [waiting] = await offlineList();
    const recorded = {
      requestId: 'offline-0601',
      caseId,
      offlineService: { serviceId: waiting?.serviceId ?? '', method: 'post', servedOn: '2026-03-03' },
    } as const;
    await operation('POST', 'clock', { now: '2026-03-04T02:00:00.000Z' });
    ok(await callFunction('service-send', recorded, CLERK.openid));
    ok(await wuJoins(true));
    const noticeId = ok(await callFunction('case-detail', { caseId }, presiding)).documents.find((d) => d.kind === 'hearing-notice')?.id ?? '';
    const again = ok(await callFunction('service-send', { requestId: 'serve-0601', caseId, documentId: noticeId }, CLERK.openid));
    expect(again).toMatchObject({ served: [expect.any(Object)], offline: 0 });
    expect(ok(await callFunction('service-inbox', {}, WU.openid)).items).toEqual([]);
    expect(await countOf('services', { documentId: noticeId, recipient: WU.openid })).toBe(0);
  });
});

describe('only a hearing’s current notice is served', () => {
  it('the summons of a rescheduled hearing is refused; the new one is served', async () => {
    ok(await scheduleHearing());
    const moved = ok(
      await callFunction(
        'hearing-schedule',
        { requestId: 'hearing-1901', caseId, op: 'reschedule', hearingId: 'hearing-1', startsAt: '2026-03-23T09:30:00+08:00', reason: '法官临时公务' },
        presiding,
      ),
    );
    expect(moved.noticeId).not.toBe('hearing-notice-1');
    const stale = await callFunction('service-send', { requestId: 'serve-1901', caseId, documentId: 'hearing-notice-1' }, CLERK.openid);
    expect(stale.result).toMatchObject({ ok: false, error: { code: 'STATE', message: '该开庭传票已因开庭变更或取消而失效，请送达现行的开庭通知' } });
    ok(await callFunction('service-send', { requestId: 'serve-1902', caseId, documentId: moved.noticeId }, CLERK.openid));
  });
});
