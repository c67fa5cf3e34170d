import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime, yuan } from '../../lib/format';
import { pageParam, run } from '../../lib/page';
import type { CaseDetailOutput } from '../../../cloudfunctions/_core/schemas/cases';

/** The roles on a case that examine a company representative's papers. */
const COURT_ROLES = ['presiding-judge', 'panel-member', 'clerk', 'registrar'];

/**
 * The case-management pages the caller's roles open: deliberation for the panel's judges and the
 * president only; the limit, closing and agents for everyone on the case; judicial aid for the
 * plaintiff's side and the court that decides it.
 */
export function managementLinks(roles: readonly string[]): { deliberation: boolean; aid: boolean } {
  const has = (...wanted: string[]) => roles.some((r) => wanted.includes(r));
  return { deliberation: has('presiding-judge', 'panel-member', 'president'), aid: has('plaintiff', 'agent', 'presiding-judge', 'clerk', 'registrar') };
}

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
    detail: null as
      | (CaseDetailOutput & {
          feeText?: string;
          timelineItems: { seq: number; label: string; at: string }[];
          examines?: boolean;
          manage?: { deliberation: boolean; aid: boolean };
        })
      | null,
    /** What the last whole check of the record chain found. */
    chainResult: '',
    chainIntact: true,
    /** The reason the court gives for not recognising a representative. */
    examineReason: '',
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
      return pageParam(this);
    },
    async refresh() {
      const detail = await run(this, () => call('case-detail', { caseId: this.caseId() }));
      if (detail) {
        this.setData({
          detail: {
            ...detail,
            ...(detail.fee ? { feeText: yuan(detail.fee.feeFen), feeAccountText: feeAccountText(detail.fee.account) } : {}),
            timelineItems: detail.timeline.map((e) => ({ seq: e.seq, label: e.label, at: chinaTime(e.at) })),
            // The panel, its clerk and the registrar examine who acts for a company (case-verify answers for the rest).
            examines: detail.myRoles.some((role) => COURT_ROLES.includes(role)),
            manage: managementLinks(detail.myRoles),
          },
        });
      }
    },
    /** 核验全部记录: the whole chain, however long, and its sealed head. */
    async verifyChain() {
      const verdict = await run(this, () => call('case-verify', { op: 'chain', caseId: this.caseId() }), { loading: '正在核验' });
      if (!verdict || verdict.op !== 'chain') return;
      this.setData({
        chainIntact: verdict.intact,
        chainResult: verdict.intact
          ? `已核验全部 ${verdict.events} 条记录，均未被改动（${chinaTime(verdict.checkedAt)}）`
          : `第 ${verdict.brokenAt ?? verdict.events + 1} 条记录核验未通过：${verdict.reason ?? ''}。请联系法院`,
      });
    },
    onExamineReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ examineReason: e.detail.value });
    },
    /** 审核代表资格: the court recognises a company's representative from the papers, or does not, saying why. */
    async examine(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { party: number; decision: 'accept' | 'reject' }>) {
      const { party, decision } = e.currentTarget.dataset;
      const reason = this.data.examineReason.trim();
      const done = await run(this, () =>
        call('case-verify', {
          op: 'representation',
          requestId: newRequestId(),
          caseId: this.caseId(),
          party: Number(party),
          decision,
          ...(decision === 'reject' ? { reason } : {}),
        }),
      );
      if (!done) return;
      wx.showToast({ title: decision === 'accept' ? '已认可' : '已不予认可', icon: 'success' });
      this.setData({ examineReason: '' });
      await this.refresh();
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
    /** A hearing: the party's page (consent, check-in, room, transcript), or the court's console. */
    openHearing(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { hearing: string; cancelled?: boolean }>) {
      const { hearing, cancelled } = e.currentTarget.dataset;
      if (cancelled) return;
      const page = this.data.detail?.examines ? 'console/console' : 'hearing/hearing';
      void wx.navigateTo({ url: `/hearing/${page}?id=${this.caseId()}&hearing=${hearing}` });
    },
    openDossier() {
      wx.navigateTo({ url: `/litigation/dossier/dossier?id=${this.caseId()}` });
    },
    openMessages() {
      wx.navigateTo({ url: `/litigation/messages/messages?id=${this.caseId()}` });
    },
    /** 合议, 审限, 结案与上诉, 诉讼代理人, 司法救助: the management pages of this case. */
    openManagement(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { page: string }>) {
      const page = e.currentTarget.dataset.page;
      wx.navigateTo({ url: `/management/${page}/${page}?id=${this.caseId()}` });
    },
  },
});
