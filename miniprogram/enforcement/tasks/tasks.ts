import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { run } from '../../lib/page';
import type { EnforcementViewOutput } from '../../../cloudfunctions/_core/schemas/enforcement';

type Row = NonNullable<EnforcementViewOutput['rows']>[number];

/** 我的执行待办: the executor's open steps, overdue first, then by due date. */
Component({
  behaviors: [largeText],
  data: { rows: [] as Row[], loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      const result = await run(this, () => call('enforcement-view', { op: 'tasks' }));
      if (result) this.setData({ rows: result.rows ?? [] });
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    open(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/enforcement/case/case?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
