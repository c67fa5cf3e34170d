import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { run } from '../../lib/page';
import { requestRow, type RequestRow } from '../limits';

/**
 * 审限审批: the president's inbox of requests to extend a trial limit or not to count a period,
 * each decided (approve or refuse, a refusal with its reason) at least 5 days before the limit
 * expires (审限规定（2000） 第三条; 延长审限规定 第三条).
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    requests: [] as RequestRow[],
    /** The opinion typed for each request, by its id. */
    reasons: {} as Record<string, string>,
    decided: '',
  },
  methods: {
    async refresh() {
      const answer = await run(this, () => call('trial-limit', { op: 'inbox' }));
      if (answer?.op === 'inbox') this.setData({ requests: answer.requests.map(requestRow) });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { request: string }>) {
      this.setData({ [`reasons.${e.currentTarget.dataset.request}`]: e.detail.value });
    },
    async decide(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { request: string; decision: 'approve' | 'refuse' }>) {
      const { request, decision } = e.currentTarget.dataset;
      const row = this.data.requests.find((r) => r.limitRequestId === request);
      if (!row) return;
      const reason = (this.data.reasons[request] ?? '').trim();
      const answer = await run(
        this,
        () =>
          call('trial-limit', {
            op: 'decide',
            requestId: newRequestId(),
            caseId: row.caseId,
            limitRequestId: request,
            decision,
            ...(reason ? { reason } : {}),
          }),
        { success: decision === 'approve' ? '已批准' : '已不批准' },
      );
      if (answer?.op !== 'decide') return;
      this.setData({
        decided: `${row.caseNumber}：${decision === 'approve' ? '已批准' : '不批准'}，审限届满日为 ${answer.limit.expiresOn}`,
      });
      await this.refresh();
    },
    openCase(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { case: string }>) {
      void wx.navigateTo({ url: `/management/limit/limit?id=${e.currentTarget.dataset.case}` });
    },
  },
});
