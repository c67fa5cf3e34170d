import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime, yuan } from '../../lib/format';
import { pageOptions, run } from '../../lib/page';
import type { CaseDetailOutput } from '../../../cloudfunctions/_core/schemas/cases';

/** 案件详情: progress, panel, hearing, deadlines counting down, the fee to pay, documents and messages. */
/** The fee record once money has gone back: 已退 / 退款中, and what the fee nets to. */
function feeAccountText(account: { paidFen: number; refundedFen: number; refundingFen: number; netFen: number }): string {
  if (account.refundedFen === 0 && account.refundingFen === 0) return '';
  const parts = [`已缴 ${yuan(account.paidFen)}`];
  if (account.refundedFen > 0) parts.push(`已退 ${yuan(account.refundedFen)}`);
  if (account.refundingFen > 0) parts.push(`退款中 ${yuan(account.refundingFen)}`);
  return `${parts.join('，')}，实缴 ${yuan(account.netFen)}`;
}

Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' } },
  data: {
    detail: null as (CaseDetailOutput & { feeText?: string; timelineItems: { seq: number; label: string; at: string }[] }) | null,
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
    caseId(): string {
      return (this.data as { id: string }).id || pageOptions().id || '';
    },
    async refresh() {
      const detail = await run(this, () => call('case-detail', { caseId: this.caseId() }));
      if (detail) {
        this.setData({
          detail: {
            ...detail,
            ...(detail.fee ? { feeText: yuan(detail.fee.feeFen), feeAccountText: feeAccountText(detail.fee.account) } : {}),
            timelineItems: detail.timeline.map((e) => ({ seq: e.seq, label: e.label, at: chinaTime(e.at) })),
          },
        });
      }
    },
    async pay() {
      const order = await run(this, () => call('fee-order', { requestId: newRequestId(), caseId: this.caseId() }), { loading: '正在下单' });
      if (!order) return;
      if (order.state === 'paid' || !order.payment) {
        await this.refresh();
        return;
      }
      try {
        await wx.requestPayment({ ...order.payment, signType: order.payment.signType as 'MD5' });
      } catch {
        this.setData({ error: '支付未完成。如已扣款，请稍后刷新查看。' });
        return;
      }
      wx.showToast({ title: '缴费成功', icon: 'success' });
      // The payment callback records it; asking again also records a payment whose callback is late.
      await run(this, () => call('fee-order', { requestId: newRequestId(), caseId: this.caseId() }));
      await this.refresh();
    },
    openDossier() {
      wx.navigateTo({ url: `/litigation/dossier/dossier?id=${this.caseId()}` });
    },
    openMessages() {
      wx.navigateTo({ url: `/litigation/messages/messages?id=${this.caseId()}` });
    },
  },
});
