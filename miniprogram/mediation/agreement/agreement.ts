import { callingPage } from '../../lib/calling-page';
import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { eSignature } from '../../lib/e-signature';
import { run } from '../../lib/page';
import { loadMediation, mediationIdOf, type OneMediation as One } from '../roles';
import type { MediationAgreementInput } from '../../../cloudfunctions/_core/schemas/mediation';
type Draft = Extract<MediationAgreementInput, { op: 'draft' }>;
interface TermForm {
  debtor: string;
  creditor: string;
  amountFen: number | null;
  dueOn: string;
  act: string;
}
const blankTerm = (): TermForm => ({ debtor: '1', creditor: '0', amountFen: null, dueOn: '', act: '' });

/**
 * 调解协议: the mediator drafts it from structured terms (who pays whom, how much, by when, what
 * else is done); every party and the mediator read the rendered text and sign it, each signature
 * a drawn signature with a fresh face check bound to its SHA-256 (the first signature freezes it);
 * a party may refuse (在线调解规则 第二十五条第七项). Inside a case the 调解书 is then signed for
 * (民事诉讼法 第一百条), or a party backs out before it reaches him (第一百零二条).
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    m: null as One | null,
    signedText: '',
    awaitingText: '',
    can: { party: false, mediator: false, court: false, president: false, office: false },
    parties: [] as { label: string; value: string }[],
    facts: '',
    feeBearing: '',
    terms: [blankTerm()] as TermForm[],
    drawn: false,
    reason: '',
  },
  methods: {
    mediationId(): string {
      return mediationIdOf(this);
    },
    async refresh() {
      const loaded = await loadMediation(this);
      if (!loaded) return;
      const { m, can } = loaded;
      this.setData({
        m,
        signedText: (m.agreement?.signed ?? []).join('、') || '无',
        awaitingText: (m.agreement?.awaiting ?? []).join('、'),
        can,
        parties: m.parties.map((p, i) => ({ label: p.name, value: String(i) })),
      });
    },
    onTerm(e: WechatMiniprogram.CustomEvent<{ value?: string; fen?: number | null }, Record<string, never>, { index: number; field: keyof TermForm }>) {
      const { index, field } = e.currentTarget.dataset;
      this.setData({ [`terms[${index}].${field}`]: field === 'amountFen' ? (e.detail.fen ?? null) : e.detail.value });
    },
    addTerm() {
      this.setData({ terms: [...this.data.terms, blankTerm()] });
    },
    /** The terms as the function takes them: amounts in fen, parties by their place. */
    async draft() {
      const terms: Draft['terms'] = this.data.terms.map((t) => ({
        debtor: Number(t.debtor),
        creditor: Number(t.creditor),
        ...(t.amountFen ? { amountFen: t.amountFen } : {}),
        ...(t.dueOn ? { dueOn: t.dueOn } : {}),
        ...(t.act.trim() ? { act: t.act.trim() } : {}),
      }));
      const feeBearing = this.data.feeBearing.trim();
      const done = await run(
        this,
        () =>
          call('mediation-agreement', {
            op: 'draft',
            requestId: newRequestId(),
            mediationId: this.mediationId(),
            facts: this.data.facts.trim(),
            terms,
            ...(feeBearing ? { feeBearing } : {}),
          }),
        { success: '已生成协议' },
      );
      if (done) await this.refresh();
    },
    onPad(e: WechatMiniprogram.CustomEvent<{ drawn: boolean }>) {
      this.setData({ drawn: e.detail.drawn });
    },
    async sign() {
      const sha256 = this.data.m?.agreement?.sha256;
      if (!sha256) return;
      const signed = await eSignature(this, 'mediation-agreement', sha256);
      if (!signed) return;
      const done = await run(
        this,
        () =>
          call('mediation-agreement', {
            op: 'sign',
            requestId: newRequestId(),
            mediationId: this.mediationId(),
            sha256,
            signature: signed.image,
            verifyId: signed.verifyId,
          }),
        { success: '签名成功' },
      );
      if (done) await this.refresh();
    },
    async refuse() {
      const done = await run(this, () =>
        call('mediation-agreement', { op: 'refuse', requestId: newRequestId(), mediationId: this.mediationId(), reason: this.data.reason.trim() }),
      );
      if (done) await this.refresh();
    },
    /** 民诉法解释 第一百四十九条: the 调解书 takes effect on the last party's signed receipt. */
    async receive() {
      const done = await run(this, () => call('mediation-agreement', { op: 'receive', requestId: newRequestId(), mediationId: this.mediationId() }), {
        success: '已签收',
      });
      if (done) await this.refresh();
    },
    async backOut() {
      const done = await run(this, () =>
        call('mediation-agreement', { op: 'back-out', requestId: newRequestId(), mediationId: this.mediationId(), reason: this.data.reason.trim() }),
      );
      if (done) await this.refresh();
    },
  },
});
