/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { callFunction, ok, resetEmulator } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { assignedHuCase, PRESIDENT, seedManagement, today } from '../support/management';
import { installPhone, renderPage, tap, text, until } from '../support/miniprogram';
import { HU, REGISTRAR } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

let caseNumber: string;
let presiding: string;
beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
  ({ caseNumber, presiding } = await assignedHuCase({ tag: 'wb-page' }));
});

describe('the judge’s workbench and the lawyer’s (律师通) pages', () => {
  it('the judge sees the case by its next deadline with counts per kind; the president the court by judge; the registrar the overdue review', async () => {
    ok(await callFunction('filing-submit', huComplaint('wb-page-late'), HU.openid));
    await today('2026-03-08');
    installPhone(presiding);
    const home = renderPage('pages/index/index');
    await until(() => text(home).includes('工作台'));
    expect((home.instance.data.entries as { text: string; url: string }[])[0]).toEqual(
      expect.objectContaining({ text: '工作台', url: '/management/workbench/workbench' }),
    );
    const mine = renderPage('management/workbench/workbench');
    await until(() => text(mine).includes(caseNumber));
    expect(text(mine)).toContain('我承办的案件');
    expect(text(mine)).toContain('预交诉讼费截止：2026-03-09');
    expect(text(mine)).toContain('即将到期');
    expect(text(mine)).toContain('审理期限届满 1');

    await today('2026-03-10');
    installPhone(PRESIDENT.openid);
    const court = renderPage('management/workbench/workbench');
    await until(() => text(court).includes('本院案件期限'));
    expect(text(court)).toContain('已超期 1');
    expect(text(court)).toMatch(/法官：在办 1 · 超期 1/);

    await today('2026-03-12');
    // The registrar's 立案审查 on the home page is the workbench's queue: every filing awaiting review, the overdue first.
    const phone = installPhone(REGISTRAR.openid);
    const registrarHome = renderPage('pages/index/index');
    await until(() => text(registrarHome).includes('立案审查'));
    expect((registrarHome.instance.data.entries as { text: string; url: string }[])[0]).toEqual({
      text: '立案审查',
      icon: 'task',
      url: '/management/workbench/workbench',
    });
    expect((registrarHome.instance.data.entries as { text: string }[]).filter((e) => e.text === '工作台')).toEqual([]);
    const queue = renderPage('management/workbench/workbench');
    await until(() => text(queue).includes('已超过审查期限'));
    expect(text(queue)).toContain('已超过审查期限 1 件');
    expect(text(queue)).toContain('应于 2026-03-09 前审查 · 超期 3 天');
    expect(text(queue)).toContain('已超期');
    tap(queue, '.queue__row');
    expect(phone.navigations.pop()).toMatch(/^\/litigation\/case\/case\?id=/);
  });

  it('a party’s list shows each case’s next deadline, and the consent button records the reminders accepted', async () => {
    await today('2026-03-06');
    const phone = installPhone(HU.openid);
    const home = renderPage('pages/index/index');
    await until(() => text(home).includes('期限提醒'));
    phone.subscribeAnswers = { 'dev-mc_tpl_remind_appeal': 'reject' };
    const page = renderPage('management/lawyer/lawyer');
    await until(() => text(page).includes(caseNumber));
    expect(text(page)).toContain('预交诉讼费截止：2026-03-09（还有 3 天）');
    expect(text(page)).toContain('缴费、开庭、笔录签名、上诉期限');

    tap(page, '.subscribe');
    await until(() => phone.toasts.some((t) => t.startsWith('已订阅')));
    // Three templates at most a call; the one he rejected is not recorded.
    expect(phone.subscribeAsked[0]?.length).toBe(3);
    const accepted = phone.subscribeAsked[0]?.filter((id) => id !== 'dev-mc_tpl_remind_appeal').length ?? 0;
    expect(phone.toasts).toContain(`已订阅 ${accepted} 项提醒`);
    const reminders = ok(await callFunction('workbench', { op: 'reminders' }, HU.openid));
    if (reminders.op !== 'reminders') throw new Error('unreachable');
    expect(reminders.reminders.reduce((sum, r) => sum + r.remaining, 0)).toBe(accepted);
    expect(reminders.reminders.find((r) => r.template === 'MC_TPL_REMIND_APPEAL')?.remaining ?? 0).toBe(0);
  });

  it('the list goes past the first 50 cases: 加载更多 pages further, each case once, by next deadline', async () => {
    await today('2026-03-06');
    // 55 older cases of Mr Hu's beside the one he filed (seeded: the list reads only these fields).
    for (let i = 0; i < 55; i++) {
      await db.collection('cases').add({
        data: {
          caseNumber: `（2025）粤0106民初${1000 + i}号`,
          publicCode: `seeded-${i}`,
          cause: '买卖合同纠纷',
          courtName: '广州市天河区人民法院',
          state: 'closed',
          members: [{ openid: HU.openid, role: 'plaintiff', for: '0' }],
          parties: [{ name: '胡建国', role: 'plaintiff' }],
          updatedAt: new Date(Date.UTC(2025, 0, 1 + i)),
        },
      });
    }
    installPhone(HU.openid);
    const page = renderPage('management/lawyer/lawyer');
    await until(() => text(page).includes(caseNumber));
    const listed = () => (page.instance.data.items as { id: string }[]).map((item) => item.id);
    expect(listed()).toHaveLength(50);
    // His own open case, with a deadline, comes first; the oldest seeded cases are not yet shown.
    expect((page.instance.data.items as { caseNumber?: string }[])[0]?.caseNumber).toBe(caseNumber);
    expect(text(page)).not.toContain('（2025）粤0106民初1000号');
    tap(page, '.more');
    await until(() => listed().length === 56);
    expect(new Set(listed()).size).toBe(56);
    expect(text(page)).toContain('（2025）粤0106民初1000号');
    expect(page.instance.data.hasMore).toBe(false);
    expect(page.querySelector('.more')).toBeFalsy();
  });
});
