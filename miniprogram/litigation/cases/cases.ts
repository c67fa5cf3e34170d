import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { pageOptions, run } from '../../lib/page';
import type { CaseListOutput } from '../../../cloudfunctions/_core/schemas/cases';

type Item = CaseListOutput['items'][number];
const PAGE_SIZE = 20;

/** 我的案件: cases and filings with status tags; pull to refresh, more at the bottom. */
Component({
  behaviors: [largeText],
  data: {
    view: 'cases' as 'cases' | 'filings',
    items: [] as Item[],
    page: 0,
    hasMore: false,
    then: '',
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    attached() {
      const options = pageOptions();
      this.setData({ then: options.then ?? '' });
      void this.load(0);
    },
  },
  methods: {
    async load(page: number) {
      const view = this.data.view;
      const result = await run(this, () => call('case-list', { view, page, pageSize: PAGE_SIZE }));
      // A slower answer for the tab the person already left must not overwrite the one they see.
      if (result && view === this.data.view)
        this.setData({ items: page === 0 ? result.items : [...this.data.items, ...result.items], page, hasMore: result.hasMore });
    },
    switchView(view: 'cases' | 'filings') {
      this.setData({ view, items: [] });
      void this.load(0);
    },
    showCases() {
      this.switchView('cases');
    },
    showFilings() {
      this.switchView('filings');
    },
    async onPullDownRefresh() {
      await this.load(0);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      if (this.data.hasMore && !this.data.loading) void this.load(this.data.page + 1);
    },
    open(e: WechatMiniprogram.CustomEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      wx.navigateTo({ url: this.data.then === 'messages' ? `/litigation/messages/messages?id=${id}` : `/litigation/case/case?id=${id}` });
    },
  },
});
