/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import { callFunction, resetEmulator } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { installPhone, renderPage, settle, tap, tapNode, text, typeInto, until } from '../support/miniprogram';
import { assignedHuCase, seedManagement } from '../support/management';
import { CLERK, HU, REGISTRAR, seedCourts, verify } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

beforeEach(() => resetEmulator());

describe('home', () => {
  it('offers every service and a large-text mode', async () => {
    installPhone('o-visitor');
    const page = renderPage('pages/index/index');
    for (const entry of ['我要立案', '我的案件', '扫码查案', '诉讼费计算', '期限计算', '送达文书', '联系法官']) expect(text(page)).toContain(entry);
    const phone = (globalThis as unknown as { wx: { navigateTo(o: { url: string }): void } }).wx;
    const opened: string[] = [];
    phone.navigateTo = ({ url }) => opened.push(url);
    await until(() => text(page).includes('请先完成实名认证'));
    const index = (page.instance.data.entries as { text: string }[]).findIndex((e) => e.text === '我要立案');
    tapNode(page.querySelectorAll('.entry')[index] as Parameters<typeof tapNode>[0]);
    await settle();
    expect(opened).toEqual(['/litigation/filing/filing']);
    tap(page, '.large-text');
    await settle();
    expect(text(page)).toContain('已开启');
  });
});

describe('home by role', () => {
  it('puts verification first for someone not yet verified, and the review queue first for a registrar', async () => {
    await seedCourts(db);
    installPhone('o-new-visitor');
    const page = renderPage('pages/index/index');
    await until(() => text(page).includes('请先完成实名认证'));
    expect((page.instance.data.entries as { text: string }[])[0]?.text).toBe('实名认证');
    installPhone(REGISTRAR.openid);
    const staffPage = renderPage('pages/index/index');
    await until(() => (staffPage.instance.data.entries as { text: string }[])[0]?.text === '立案审查');
    expect((staffPage.instance.data.entries as { text: string }[])[0]?.text).toBe('立案审查');
  });
});

describe('large-text mode', () => {
  it('every page follows the setting', async () => {
    installPhone('o-visitor');
    (globalThis as unknown as { wx: { setStorageSync(k: string, v: unknown): void } }).wx.setStorageSync('mc-settings', { largeText: true });
    const page = renderPage('public/deadline/deadline');
    await settle();
    expect(page.instance.data.textClass).toBe('large');
  });
});

describe('fee calculator', () => {
  it('shows 8,800 yuan for a 500,000-yuan claim, band by band', async () => {
    installPhone('o-visitor');
    const page = renderPage('public/fee/fee');
    typeInto(page, ['.amount'], { fen: 50_000_000 });
    tap(page, '.calculate');
    await settle();
    expect(text(page)).toContain('应交纳 8,800.00 元');
    expect(text(page)).toContain('诉讼费用交纳办法 第十三条第（一）项');
  });

  it('shows a function’s Chinese message and what to do next, never raw JSON', async () => {
    installPhone('o-visitor');
    const page = renderPage('public/fee/fee');
    tap(page, '.calculate');
    await settle();
    expect(text(page)).toContain('请填写诉讼请求金额');
    expect(text(page)).toContain('请按提示修改标红的内容后再提交');
    expect(text(page)).not.toContain('INVALID_INPUT');
  });
});

describe('deadline calculator', () => {
  it('moves an appeal deadline off the weekend', async () => {
    installPhone('o-visitor');
    const page = renderPage('public/deadline/deadline');
    page.instance.onDate?.({ detail: { value: '2024-03-01' } });
    tap(page, '.calculate');
    await settle();
    expect(text(page)).toContain('截止日：2024-03-18');
    expect(text(page)).toContain('顺延');
  });
});

describe('QR case query', () => {
  it('scans the acceptance notice and shows the case without a name', async () => {
    await seedCourts(db);
    await verify(HU);
    const { caseId } = await acceptedHuCase();
    const stored = await findById<{ publicCode: string }>(db, 'cases', caseId);
    const phone = installPhone('o-visitor');
    phone.scan = { result: '', path: `public/query/query?scene=c%3D${stored?.publicCode}` };
    const page = renderPage('public/query/query');
    tap(page, '.scan-button');
    await until(() => text(page).includes('案号'));
    expect(text(page)).toContain('（2026）粤0106民初1号');
    expect(text(page)).not.toContain('胡建国');
  });
});

describe('法院公告: announcements, live hearings and the court, without login', () => {
  it('lists a public hearing with its parties, shows the broadcasts and the court, and opens the map', async () => {
    await seedManagement(db);
    await db
      .collection('courts')
      .doc('gz-tianhe')
      .update({ data: { info: { address: '广州市天河区天河北路 1 号', phone: '020-8765 4321', location: { latitude: 23.1248, longitude: 113.3612 } } } });
    const { caseId, caseNumber } = await assignedHuCase();
    const scheduled = await callFunction(
      'hearing-schedule',
      { requestId: 'schedule-page', caseId, startsAt: '2026-03-06T09:30:00+08:00', place: { kind: 'online' } },
      CLERK.openid,
    );
    expect(scheduled.result.ok).toBe(true);

    const phone = installPhone('o-visitor');
    phone.options = { court: 'gz-tianhe' };
    const page = renderPage('public/notices/notices');
    await until(() => text(page).includes(caseNumber));
    expect(text(page)).toContain('2026-03-06 09:30 · 在线庭审');
    expect(text(page)).toContain(`原告 ${HU.name}`);

    typeInto(page, ['.tabs'], { value: 'live' });
    await until(() => text(page).includes('目前没有直播的庭审'));
    expect(text(page)).not.toContain(caseNumber);

    typeInto(page, ['.tabs'], { value: 'service' });
    await until(() => text(page).includes('目前没有公告送达'));

    typeInto(page, ['.tabs'], { value: 'court' });
    await until(() => text(page).includes('天河北路'));
    expect(text(page)).toContain('民事审判第一庭');
    tap(page, '.address');
    tap(page, '.phone');
    await settle();
    expect(phone.opened).toEqual(['map:23.1248,113.3612', 'tel:02087654321']);
  });

  it('says in Chinese what went wrong when the phone is offline', async () => {
    const phone = installPhone('o-visitor');
    phone.offline = true;
    const page = renderPage('public/notices/notices');
    await settle();
    expect(text(page)).toMatch(/网络/);
    expect(text(page)).not.toContain('errMsg');
  });
});
