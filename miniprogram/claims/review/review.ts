import { call, newRequestId } from '../lib/call';
import { initCloud } from '../lib/env';
import { yuan } from '../lib/format';
import { pageOptions, run } from '../lib/page';
import { bankruptcyOf } from '../scene';

type Row = { claimId: string; creditorName: string; total: string; late: boolean };

/** 债权审查 (企业破产法 第五十七条): the administrator's queue of claims awaiting review. */
Component({
  data: { bankruptcyId: '', rows: [] as Row[], reason: '', reviewed: 0, loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    attached() {
      initCloud();
      this.setData({ bankruptcyId: bankruptcyOf(pageOptions()) });
      void this.load();
    },
  },
  methods: {
    async load() {
      const table = await run(this, () => call('claims-table', { bankruptcyId: this.data.bankruptcyId, state: 'pending', pageSize: 50, totals: false }));
      if (table) this.setData({ rows: table.rows.map((r) => ({ claimId: r.claimId, creditorName: r.creditorName, total: yuan(r.totalFen), late: r.late })) });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ reason: e.detail.value });
    },
    async decide(e: WechatMiniprogram.TouchEvent) {
      const { id, decision } = e.currentTarget.dataset as { id: string; decision: 'confirmed' | 'rejected' };
      const done = await run(this, () =>
        call('claim-review', {
          requestId: newRequestId(),
          bankruptcyId: this.data.bankruptcyId,
          reviews: [{ claimId: id, decision, ...(this.data.reason ? { reason: this.data.reason } : {}) }],
        }),
      );
      if (done) {
        this.setData({ reviewed: this.data.reviewed + done.reviewed });
        await this.load();
      }
    },
  },
});
