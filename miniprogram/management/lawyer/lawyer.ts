import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { run } from '../../lib/page';
import type { CaseListOutput } from '../../../cloudfunctions/_core/schemas/cases';
import type { WorkbenchOutput } from '../../../cloudfunctions/_core/schemas/management';

type Item = CaseListOutput['items'][number];
type Reminder = Extract<WorkbenchOutput, { op: 'reminders' }>['reminders'][number];
/** case-list's largest page. */
const PAGE_SIZE = 50;
/** wx.requestSubscribeMessage asks for at most three templates at a time. */
const ASK_AT_ONCE = 3;

const ROLE_WORDS: Record<string, string> = { agent: '代理', plaintiff: '原告', defendant: '被告', 'third-party': '第三人' };

/** Earliest next deadline first; a case with none last. */
const byNext = (a: Item, b: Item) => (a.nextDeadline?.date ?? '9999').localeCompare(b.nextDeadline?.date ?? '9999');

/** What the phone asks consent for: the reminders with the fewest messages left first, three at most. */
export function toAsk(reminders: readonly Reminder[]): Reminder[] {
  return reminders
    .filter((r) => r.templateId)
    .sort((a, b) => a.remaining - b.remaining)
    .slice(0, ASK_AT_ONCE);
}

/** wx.requestSubscribeMessage as a promise: each template id answered 'accept', 'reject', 'ban' or 'filter'. */
function askConsent(tmplIds: string[]): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => resolve(res as unknown as Record<string, string>),
      fail: reject,
    });
  });
}

/**
 * 律师通: every case of every client (as the plaintiff's or the defendant's agent) and the
 * person's own, each with its next deadline of any kind; and the consent to deadline reminders
 * (one message per acceptance, so the person may accept again after each).
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    items: [] as (Item & { roleText: string })[],
    reminders: [] as Reminder[],
    /** The next page of each list, and whether it has one (case-list pages by `page`, `hasMore`). */
    next: { cases: 0, filings: 0 },
    more: { cases: false, filings: false },
    hasMore: false,
  },
  methods: {
    async refresh() {
      const found = await run(this, () =>
        Promise.all([
          call('case-list', { view: 'cases', page: 0, pageSize: PAGE_SIZE }),
          call('case-list', { view: 'filings', page: 0, pageSize: PAGE_SIZE }),
          call('workbench', { op: 'reminders' }),
        ]),
      );
      if (!found) return;
      const [cases, filings, reminders] = found;
      this.show([], { cases, filings });
      this.setData({ reminders: reminders.op === 'reminders' ? reminders.reminders : [] });
    },
    /** 加载更多: the next page of whichever list has more, merged into the order by next deadline. */
    async loadMore() {
      if (!this.data.hasMore || this.data.loading) return;
      const { next, more } = this.data;
      const found = await run(this, () =>
        Promise.all([
          more.cases ? call('case-list', { view: 'cases', page: next.cases, pageSize: PAGE_SIZE }) : null,
          more.filings ? call('case-list', { view: 'filings', page: next.filings, pageSize: PAGE_SIZE }) : null,
        ]),
      );
      if (!found) return;
      const [cases, filings] = found;
      this.show(this.data.items, { ...(cases ? { cases } : {}), ...(filings ? { filings } : {}) });
    },
    /** Adds pages to what is shown (a case listed twice, when the lists moved between pages, once), earliest deadline first. */
    show(shown: readonly Item[], pages: { cases?: CaseListOutput; filings?: CaseListOutput }) {
      const byId = new Map(shown.map((item) => [item.id, item] as const));
      for (const item of [...(pages.cases?.items ?? []), ...(pages.filings?.items ?? [])]) byId.set(item.id, item);
      const items = [...byId.values()].sort(byNext).map((item) => ({ ...item, roleText: item.myRoles.map((r) => ROLE_WORDS[r] ?? r).join('、') }));
      const next = { ...this.data.next };
      const more = { ...this.data.more };
      for (const view of ['cases', 'filings'] as const) {
        const page = pages[view];
        if (!page) continue;
        next[view] = page.page + 1;
        more[view] = page.hasMore;
      }
      this.setData({ items, next, more, hasMore: more.cases || more.filings });
    },
    async subscribe() {
      const asked = toAsk(this.data.reminders);
      if (asked.length === 0) {
        wx.showToast({ title: '提醒暂未开通', icon: 'none' });
        return;
      }
      let answers: Record<string, string>;
      try {
        answers = await askConsent(asked.map((r) => r.templateId as string));
      } catch {
        wx.showToast({ title: '未能订阅提醒', icon: 'none' });
        return;
      }
      const accepted = asked.filter((r) => answers[r.templateId as string] === 'accept').map((r) => r.template);
      if (accepted.length === 0) {
        wx.showToast({ title: '您未同意接收提醒', icon: 'none' });
        return;
      }
      const done = await run(this, () => call('workbench', { op: 'subscribe', requestId: newRequestId(), accepted }), {
        success: `已订阅 ${accepted.length} 项提醒`,
      });
      if (done?.op === 'subscribe') this.setData({ reminders: done.reminders });
    },
    async onPullDownRefresh() {
      await this.refresh();
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      void this.loadMore();
    },
    open(e: WechatMiniprogram.CustomEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      wx.navigateTo({ url: `/litigation/case/case?id=${id}` });
    },
  },
});
