import { call } from '../lib/call';
import { initCloud } from '../lib/env';
import { yuan } from '../lib/format';
import { pageOptions, run } from '../lib/page';
import { bankruptcyOf } from '../scene';

const REVIEW: Record<string, string> = {
  pending: '待管理人审查',
  confirmed: '已确认',
  'partly-confirmed': '部分确认',
  disputed: '有争议',
  rejected: '不予确认',
};

/** 我的债权: what I declared and how the administrator reviewed it. */
Component({
  data: {
    claim: null as { total: string; review: string; confirmed: string; reason: string; account: string; version: number; late: boolean } | null,
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    async attached() {
      initCloud();
      const claim = await run(this, () => call('claim-status', { bankruptcyId: bankruptcyOf(pageOptions()) }));
      if (claim) {
        this.setData({
          claim: {
            total: yuan(claim.totalFen),
            review: REVIEW[claim.review.state] ?? claim.review.state,
            confirmed: claim.review.confirmedFen !== undefined ? yuan(claim.review.confirmedFen) : '',
            reason: claim.review.reason ?? '',
            account: claim.bankAccountMasked,
            version: claim.version,
            late: claim.late,
          },
        });
      }
    },
  },
});
