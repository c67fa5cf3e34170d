import { callingPage } from '../../lib/calling-page';
import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { run } from '../../lib/page';
import { ConfirmationBars, ConfirmationRejections } from '../../shared/mediation-words';
import { loadMediation, mediationIdOf, type OneMediation as One } from '../roles';
import type { MediationConfirmInput } from '../../../cloudfunctions/_core/schemas/mediation';
const options = (table: Record<string, string>) => Object.entries(table).map(([value, label]) => ({ value, label }));

/**
 * 司法确认: the parties apply jointly within 30 days of the agreement taking effect (民事诉讼法
 * 第二百零五条); the court accepts it (a 民特 number, no fee) or refuses it for a bar of 民诉法解释
 * 第三百五十五条, decides within 15 days (10 more with the president's approval), and rules it valid
 * (enforceable) or rejects it for a reason of 第三百五十八条.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    m: null as One | null,
    appliedText: '',
    can: { party: false, mediator: false, court: false, president: false, office: false },
    bars: options(ConfirmationBars),
    rejections: options(ConfirmationRejections),
    /** A judge of the court reviewing an application: the function decides, the mediation itself is not the judge's to read. */
    reviewing: false,
    decided: '',
    bar: '',
    rejection: '',
  },
  methods: {
    mediationId(): string {
      return mediationIdOf(this);
    },
    async refresh() {
      const loaded = await loadMediation(this);
      if (loaded)
        this.setData({
          m: loaded.m,
          appliedText: (loaded.m.confirmation?.applied ?? []).join('、') || '无',
          can: loaded.can,
        });
      else if ((this.data as { errorCode?: string }).errorCode === 'FORBIDDEN') this.setData({ error: '', reviewing: true });
    },
    async confirm(input: MediationConfirmInput, success: string) {
      const answer = await run(this, () => call('mediation-confirm', input), { success });
      if (!answer) return;
      const ruling = answer.ruling
        ? `${answer.ruling.on} 裁定${answer.ruling.valid ? '调解协议有效' : `驳回申请${answer.ruling.reason ? `（${answer.ruling.reason}）` : ''}`}`
        : '';
      const accepted = answer.caseNumber ? `已受理，案号 ${answer.caseNumber}${answer.decisionDueOn ? `，应于 ${answer.decisionDueOn} 前作出裁定` : ''}` : '';
      this.setData({ decided: ruling || accepted || success });
      await this.refresh();
    },
    apply() {
      return this.confirm({ op: 'apply', requestId: newRequestId(), mediationId: this.mediationId() }, '已申请');
    },
    accept(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { decision: 'accept' | 'refuse' }>) {
      const { decision } = e.currentTarget.dataset;
      const bar = this.data.bar as keyof typeof ConfirmationBars;
      return this.confirm(
        { op: 'accept', requestId: newRequestId(), mediationId: this.mediationId(), decision, ...(decision === 'refuse' && bar ? { bar } : {}) },
        decision === 'accept' ? '已受理' : '已不予受理',
      );
    },
    /** 司法确认程序规定 第五条: ten more days with the president's approval. */
    extend() {
      return this.confirm({ op: 'extend', requestId: newRequestId(), mediationId: this.mediationId() }, '已批准延长');
    },
    rule(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { valid: string }>) {
      const valid = e.currentTarget.dataset.valid === 'true';
      const rejection = this.data.rejection as keyof typeof ConfirmationRejections;
      return this.confirm(
        { op: 'rule', requestId: newRequestId(), mediationId: this.mediationId(), valid, ...(!valid && rejection ? { rejection } : {}) },
        valid ? '已裁定确认有效' : '已裁定驳回',
      );
    },
  },
});
