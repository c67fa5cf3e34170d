import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { yuan } from '../../lib/format';
import { pageParam, run } from '../../lib/page';
import type { EnforcementViewOutput } from '../../../cloudfunctions/_core/schemas/enforcement';

type Detail = NonNullable<EnforcementViewOutput['case']>;

/**
 * 执行案件: the steps with their dates, the public logs, the money received and paid out, the
 * CPL 237 date. The applicant's progress page and the executor's case page; the court's people
 * (whose answer carries the urges) also record logs from here.
 */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' } },
  data: {
    detail: null as (Detail & { receivedText: string; paidText: string; court: boolean }) | null,
    objection: '',
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    attached() {
      void this.refresh();
    },
  },
  methods: {
    enforcementId(): string {
      return pageParam(this);
    },
    async refresh() {
      const result = await run(this, () => call('enforcement-view', { op: 'detail', enforcementId: this.enforcementId() }));
      if (result?.case)
        this.setData({
          detail: { ...result.case, receivedText: yuan(result.case.receivedFen), paidText: yuan(result.case.paidFen), court: result.case.urges !== undefined },
        });
    },
    /** The logs with a photo or video, in the case's dossier (dossier-list), each opened through the court's logged link. */
    dossier() {
      void wx.navigateTo({ url: `/litigation/dossier/dossier?id=${this.enforcementId()}` });
    },
    capture() {
      void wx.navigateTo({ url: `/enforcement/capture/capture?id=${this.enforcementId()}` });
    },
    onObjection(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ objection: e.detail.value });
    },
    /** 民事诉讼法 第二百三十六条: an objection to an act of enforcement, reviewed within 15 days. */
    async object() {
      const done = await run(
        this,
        () => call('enforcement-apply', { op: 'object', requestId: newRequestId(), enforcementId: this.enforcementId(), reason: this.data.objection }),
        { success: '异议已提交' },
      );
      if (done) {
        this.setData({ objection: '' });
        await this.refresh();
      }
    },
  },
});
