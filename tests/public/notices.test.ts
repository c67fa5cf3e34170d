import cloud from 'wx-server-sdk';
import type { ActionInput, ActionName, ActionOutput } from '#contract';
import { apply, connect, plan, readCourts } from '../../scripts/lib/court-admin';
import { callFunction, emulatorUrl, operation, resetEmulator } from '../support/emulator';
import { assignedHuCase, OTHER_PRESIDENT, PRESIDENT, seedManagement, today } from '../support/management';
import { CLERK, HU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid?: string): Promise<ActionOutput<N>> {
  const reply = await callFunction(name, data, openid);
  if (!reply.result?.ok) throw new Error(`${name}: ${JSON.stringify(reply.result)} ${reply.errMsg}`);
  return reply.result.data;
}
async function refused<N extends ActionName>(
  name: N,
  data: ActionInput<N>,
  openid?: string,
): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const reply = await callFunction(name, data, openid);
  if (reply.result.ok) throw new Error(`${name} should have been refused: ${JSON.stringify(reply.result.data)}`);
  return reply.result.error;
}
const events = async (caseId: string, action: string) =>
  ((await db.collection('case_events').where({ caseId, action }).get()) as { data: unknown[] }).data.length;
const announcements = async (courtId = 'gz-tianhe', extra: { page?: number; pageSize?: number } = {}) => {
  const listed = await call('public-notices', { view: 'hearings', courtId, ...extra });
  if (listed.view !== 'hearings') throw new Error('not the announcements');
  return listed;
};
const live = async (courtId?: string) => {
  const listed = await call('public-notices', { view: 'live', ...(courtId ? { courtId } : {}) });
  if (listed.view !== 'live') throw new Error('not the live list');
  return listed.hearings;
};

const H = 'hearing-1';
const FRIDAY = '2026-03-06T09:30:00+08:00';
let caseId: string;
let caseNumber: string;
let presiding: string;

beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
  ({ caseId, caseNumber, presiding } = await assignedHuCase());
  await call('hearing-schedule', { requestId: 'schedule-0001', caseId, startsAt: FRIDAY, place: { kind: 'online' } }, CLERK.openid);
});

describe('法院信息 (public, no login)', () => {
  it('shows what court IT set with court-admin, and refuses a court that does not exist', async () => {
    const admin = connect({ emulator: emulatorUrl(), env: 'microcourt-local', secretId: 'local', secretKey: 'local' });
    const writes = plan(
      'set-court-info',
      {
        court: 'gz-tianhe',
        address: '广州市天河区天河北路 1 号',
        hours: '工作日 9:00–12:00，14:00–17:30',
        phone: '020-8765 4321',
        location: '23.1248,113.3612',
      },
      new Date(),
      { courts: await readCourts(admin) },
    );
    await apply(admin, writes);
    // A second command changes what it names and keeps the rest.
    await apply(
      admin,
      plan('set-court-info', { court: 'gz-tianhe', directions: '地铁3号线天河区政府站 B 出口' }, new Date(), { courts: await readCourts(admin) }),
    );
    expect(() =>
      plan('set-court-info', { court: 'gz-tianhe', location: '91,200' }, new Date(), { courts: new Map([['gz-tianhe', { divisions: [] }]]) }),
    ).toThrow('位置应为 纬度,经度');
    expect(() => plan('set-court-info', { court: 'gz-nowhere', phone: '020-1' }, new Date(), { courts: new Map() })).toThrow('法院 gz-nowhere 不存在');

    expect(await call('public-notices', { view: 'court', courtId: 'gz-tianhe' })).toEqual({
      view: 'court',
      court: {
        courtId: 'gz-tianhe',
        code: '粤0106',
        name: '广州市天河区人民法院',
        address: '广州市天河区天河北路 1 号',
        hours: '工作日 9:00–12:00，14:00–17:30',
        phone: '020-8765 4321',
        location: { latitude: 23.1248, longitude: 113.3612 },
        directions: '地铁3号线天河区政府站 B 出口',
        divisions: [{ name: '民事审判第一庭' }],
      },
    });
    expect(await refused('public-notices', { view: 'court', courtId: 'gz-nowhere' })).toMatchObject({ code: 'NOT_FOUND', message: '未找到该法院' });
    expect(await refused('public-notices', { view: 'court', courtId: '../x' } as never)).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('开庭公告 (民事诉讼法 第一百三十七条、第一百三十九条、第一百六十三条)', () => {
  it('lists a public ordinary-procedure hearing with the parties, 案由, time and place; not a simplified one, not a private one', async () => {
    const listed = await announcements();
    expect(listed).toEqual({
      view: 'hearings',
      page: 0,
      more: false,
      announcements: [
        {
          caseNumber,
          courtName: '广州市天河区人民法院',
          cause: expect.any(String),
          parties: expect.arrayContaining([{ role: '原告', name: HU.name }]),
          startsAt: '2026-03-06T01:30:00.000Z',
          place: '在线庭审',
          announceBy: '2026-03-03',
        },
      ],
    });
    expect((await announcements('gz-yuexiu')).announcements).toEqual([]);

    // Simplified procedure is exempt (第一百六十三条): scheduled, not announced.
    const simple = await assignedHuCase({ procedure: 'simplified', tag: 'simple' });
    await call(
      'hearing-schedule',
      { requestId: 'schedule-simple', caseId: simple.caseId, startsAt: '2026-03-09T09:30:00+08:00', place: { kind: 'online' } },
      CLERK.openid,
    );
    expect((await announcements()).announcements.map((a) => a.caseNumber)).toEqual([caseNumber]);

    // Heard in private for privacy (第一百三十七条第一款): off the list, and back when the decision is undone.
    const heard = await call(
      'hearing-public',
      { op: 'private', requestId: 'private-1', caseId, hearingId: H, ground: 'privacy', reason: '涉及当事人的病历' },
      presiding,
    );
    expect(heard).toMatchObject({ public: false, private: { ground: 'privacy', label: '涉及个人隐私' }, announcement: { required: false } });
    expect((await announcements()).announcements).toEqual([]);
    await call('hearing-public', { op: 'public', requestId: 'public-1', caseId, hearingId: H, reason: '经审查不涉及个人隐私' }, presiding);
    expect((await announcements()).announcements).toHaveLength(1);

    // A divorce or a trade secret is private only on a party's application (第二款), and a divorce only in a divorce case.
    expect(
      await refused(
        'hearing-public',
        { op: 'private', requestId: 'private-2', caseId, hearingId: H, ground: 'trade-secret', reason: '涉及商业秘密' },
        presiding,
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', fields: { appliedBy: expect.stringContaining('请选择申请不公开审理的当事人') } });
    expect(
      await refused(
        'hearing-public',
        { op: 'private', requestId: 'private-3', caseId, hearingId: H, ground: 'divorce', appliedBy: 0, reason: '当事人申请' },
        presiding,
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', fields: { ground: '本案不是离婚案件' } });
    // Deciding it is the judges' act: not the clerk's, not a party's.
    expect(
      await refused('hearing-public', { op: 'private', requestId: 'private-4', caseId, hearingId: H, ground: 'privacy', reason: '涉及隐私' }, CLERK.openid),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refused('hearing-public', { op: 'private', requestId: 'private-5', caseId, hearingId: H, ground: 'privacy', reason: '涉及隐私' }, HU.openid),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await events(caseId, 'hearing.private')).toBe(1);
    expect(await events(caseId, 'hearing.public')).toBe(1);
  });

  it('pages the list in hearing order, and a cancelled hearing leaves it', async () => {
    await call('hearing-schedule', { requestId: 'schedule-0002', caseId, startsAt: '2026-03-05T14:30:00+08:00', place: { kind: 'online' } }, CLERK.openid);
    const first = await announcements('gz-tianhe', { pageSize: 1 });
    expect(first.announcements.map((a) => a.startsAt)).toEqual(['2026-03-05T06:30:00.000Z']);
    expect(first.more).toBe(true);
    const second = await announcements('gz-tianhe', { page: 1, pageSize: 1 });
    expect(second.announcements.map((a) => a.startsAt)).toEqual(['2026-03-06T01:30:00.000Z']);
    expect(second.more).toBe(false);
    await call('hearing-schedule', { requestId: 'cancel-0001', op: 'cancel', caseId, hearingId: H, reason: '原告申请延期' }, CLERK.openid);
    expect((await announcements()).announcements.map((a) => a.startsAt)).toEqual(['2026-03-05T06:30:00.000Z']);
    // Yesterday's hearings are not announced any more.
    await today('2026-03-06');
    expect((await announcements()).announcements).toEqual([]);
  });
});

describe('庭审直播 (直播录播庭审规定 第二条、第五条)', () => {
  const propose = (requestId = 'propose-1') =>
    call('hearing-public', { op: 'propose', requestId, caseId, hearingId: H, reason: '典型的金融借款纠纷，具有普法意义' }, presiding);

  it('proposed by the judges, objected to by a party, the objection answered and the broadcast approved by the president; live while it sits', async () => {
    expect((await propose()).broadcast).toEqual({ state: 'proposed', proposal: '典型的金融借款纠纷，具有普法意义', objections: [] });
    const objected = await call('hearing-public', { op: 'object', requestId: 'object-1', caseId, hearingId: H, reason: '不希望个人经济状况被公开' }, HU.openid);
    expect(objected.broadcast.objections).toEqual([{ id: 'objection-1', party: 0, reason: '不希望个人经济状况被公开' }]);

    // Every objection is answered before a decision; another court's president and the judges do not decide.
    const decide = (extra: Partial<ActionInput<'hearing-public'>> = {}) =>
      ({
        op: 'decide',
        requestId: 'decide-1',
        caseId,
        hearingId: H,
        approve: true,
        reason: '具有普法意义',
        streamUrl: 'https://tingshen.court.gov.cn/live/1001',
        ...extra,
      }) as ActionInput<'hearing-public'>;
    expect(await refused('hearing-public', decide(), PRESIDENT.openid)).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { answers: expect.stringContaining('objection-1') },
    });
    expect(await refused('hearing-public', decide(), OTHER_PRESIDENT.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('hearing-public', decide(), presiding)).toMatchObject({ code: 'FORBIDDEN' });
    // An objection accepted as well founded bars the broadcast (第二条第二款第三项).
    expect(
      await refused('hearing-public', decide({ answers: [{ objectionId: 'objection-1', accepted: true, answer: '理由正当' }] } as never), PRESIDENT.openid),
    ).toMatchObject({ code: 'INVALID_INPUT', fields: { approve: expect.stringContaining('当事人明确提出不进行庭审直播') } });
    expect(
      await refused(
        'hearing-public',
        decide({ answers: [{ objectionId: 'objection-1', accepted: false, answer: '不涉及隐私' }], streamUrl: undefined } as never),
        PRESIDENT.openid,
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', fields: { streamUrl: '批准直播须填写直播地址' } });

    const approved = decide({
      answers: [{ objectionId: 'objection-1', accepted: false, answer: '庭审不涉及原告的个人经济状况以外的隐私，且将隐去身份信息' }],
    } as never);
    const decided = await call('hearing-public', approved, PRESIDENT.openid);
    expect(decided.broadcast).toMatchObject({
      state: 'approved',
      objections: [{ id: 'objection-1', accepted: false }],
      decision: { approve: true, reason: '具有普法意义' },
      streamUrl: 'https://tingshen.court.gov.cn/live/1001',
    });
    // A retry answers the first decision and records it once.
    expect(await call('hearing-public', approved, PRESIDENT.openid)).toEqual(decided);
    expect(await events(caseId, 'broadcast.decided')).toBe(1);

    // The public list: next, then live while it sits; only in its own court's list.
    expect(await live('gz-tianhe')).toEqual([
      {
        caseNumber,
        courtName: '广州市天河区人民法院',
        cause: expect.any(String),
        startsAt: '2026-03-06T01:30:00.000Z',
        state: 'approved',
        streamUrl: 'https://tingshen.court.gov.cn/live/1001',
      },
    ]);
    expect(await live('gz-yuexiu')).toEqual([]);
    expect(await live()).toHaveLength(1);
    await operation('POST', 'clock', { now: '2026-03-06T09:31:00+08:00' });
    await call('hearing-checkin', { op: 'open', requestId: 'open-0001', caseId, hearingId: H }, presiding);
    expect((await live()).map((h) => h.state)).toEqual(['live']);
    // The parties read the decision on their case; a stranger reads nothing of it.
    expect((await call('hearing-public', { op: 'view', caseId, hearingId: H }, HU.openid)).broadcast.state).toBe('live');
    expect(await refused('hearing-public', { op: 'view', caseId, hearingId: H }, OTHER_PRESIDENT.openid)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a private hearing is never broadcast: not proposed, and an approval falls when the hearing is made private', async () => {
    await propose();
    await call(
      'hearing-public',
      {
        op: 'decide',
        requestId: 'decide-1',
        caseId,
        hearingId: H,
        approve: true,
        reason: '具有普法意义',
        streamUrl: 'https://tingshen.court.gov.cn/live/1002',
      },
      PRESIDENT.openid,
    );
    expect(await live()).toHaveLength(1);
    const made = await call(
      'hearing-public',
      { op: 'private', requestId: 'private-1', caseId, hearingId: H, ground: 'state-secret', reason: '证据涉及国家秘密' },
      presiding,
    );
    expect(made.broadcast).toMatchObject({ state: 'rejected', bar: expect.stringContaining('不得在互联网公开') });
    expect(await live()).toEqual([]);
    expect(await refused('hearing-public', { op: 'propose', requestId: 'propose-2', caseId, hearingId: H, reason: '再次提请直播' }, presiding)).toMatchObject({
      code: 'STATE',
      message: expect.stringContaining('不公开审理的案件不得直播'),
    });
    // Bad input writes nothing.
    const before = await events(caseId, 'broadcast.proposed');
    expect(
      await refused(
        'hearing-public',
        { op: 'decide', requestId: 'decide-2', caseId, hearingId: H, approve: true, reason: '批准', streamUrl: 'http://example.com/x' },
        PRESIDENT.openid,
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', fields: { streamUrl: '直播地址应为 https:// 开头的网址' } });
    expect(await events(caseId, 'broadcast.proposed')).toBe(before);
  });
});

describe('公告送达 (民事诉讼法 第九十五条)', () => {
  it('the clerk serves a party who cannot be reached by public notice: published on the court’s list, deemed served thirty days on', async () => {
    // The company never joined: its summons waits on the clerk's list.
    const listed = await call('service-inbox', { view: 'offline' }, CLERK.openid);
    const summons = listed.items.find((i) => i.title.includes('开庭传票'));
    if (!summons) throw new Error('no summons on the clerk’s list');
    const serve = (offlineService: Record<string, unknown>, requestId = 'notice-0001') =>
      callFunction(
        'service-send',
        { requestId, caseId, offlineService: { serviceId: summons.serviceId, ...offlineService } } as ActionInput<'service-send'>,
        CLERK.openid,
      );

    // Bad input writes nothing: no reason, or a service day that a public notice does not have.
    expect((await serve({ method: 'public-notice' }, 'notice-bad-01')).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'offlineService.reason': expect.stringContaining('受送达人下落不明') } },
    });
    expect((await serve({ method: 'public-notice', reason: '被告下落不明', servedOn: '2026-03-02' }, 'notice-bad-02')).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'offlineService.servedOn': expect.stringContaining('经过三十日视为送达') } },
    });
    expect(await call('public-notices', { view: 'service', courtId: 'gz-tianhe' })).toMatchObject({ view: 'service', notices: [] });

    const served = await serve({ method: 'public-notice', reason: '被告经营地址人去楼空，法定代表人下落不明' });
    // Published 2026-03-02, deemed served 2026-04-01: too late for the hearing of 03-06, which is flagged.
    expect(served.result).toMatchObject({
      ok: true,
      data: { recorded: { method: 'public-notice', servedOn: '2026-04-01', noticeInTime: false, announcementId: `notice-${summons.serviceId}` } },
    });
    expect((await serve({ method: 'public-notice', reason: '被告经营地址人去楼空，法定代表人下落不明' })).result).toEqual(served.result);

    const notices = await call('public-notices', { view: 'service', courtId: 'gz-tianhe' });
    expect(notices).toEqual({
      view: 'service',
      page: 0,
      more: false,
      notices: [
        {
          caseNumber,
          title: expect.stringContaining('公告送达'),
          body: expect.stringContaining('自公告之日起经过三十日，即视为送达'),
          publishedOn: '2026-03-02',
          deemedServedOn: '2026-04-01',
        },
      ],
    });
    expect(notices.view === 'service' && notices.notices[0]?.body).toContain('第九十五条');
    expect(await call('public-notices', { view: 'service', courtId: 'gz-yuexiu' })).toMatchObject({ view: 'service', notices: [] });
    expect(await events(caseId, 'service.recorded')).toBe(1);
  });
});
