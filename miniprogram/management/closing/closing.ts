import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { yuan } from '../../lib/format';
import { choices, run } from '../../lib/page';
import { PAPER_TYPES, pickAndUpload } from '../../lib/upload';
import { ClosingOutcomes, publicationKindOf, type ClosingOutcome } from '../../shared/judgments';
import type { CaseCloseInput, ClosingView } from '../../../cloudfunctions/_core/schemas/closing';

type CloseInput = Extract<CaseCloseInput, { op: 'close' }>;
type PublicationKind = NonNullable<CloseInput['publication']>['kind'];

/** 裁判文书上网规定 第四条, 第八条: the kind of case decides what is withheld and what is anonymised. */
const PUBLICATION_KINDS: Record<PublicationKind, string> = {
  civil: '民事案件',
  'marriage-family': '婚姻家庭案件',
  inheritance: '继承案件',
  divorce: '离婚诉讼',
  'custody-guardianship': '涉及未成年子女抚养、监护',
  criminal: '刑事案件',
  'juvenile-criminal': '未成年人犯罪',
  administrative: '行政案件',
  enforcement: '执行案件',
};
/** Outcomes decided by a ruling that states its ground (撤诉、按撤诉处理、终结诉讼). */
const GROUNDED: ClosingOutcome[] = ['withdrawal', 'treated-withdrawn', 'termination'];
/** The refund each outcome gives, as fee-refund names its ground (诉讼费用交纳办法 第八条、第十五条). */
const REFUND_GROUNDS: Partial<Record<ClosingOutcome, 'mediation' | 'withdrawal' | 'dismissal'>> = {
  mediation: 'mediation',
  withdrawal: 'withdrawal',
  'treated-withdrawn': 'withdrawal',
  dismissal: 'dismissal',
};
const REFUND_LABELS: Record<string, string> = {
  mediation: '调解结案，减半交纳',
  withdrawal: '撤诉，减半交纳',
  dismissal: '驳回起诉，退还受理费',
  simplified: '适用简易程序，减半交纳',
  'claim-reduced': '减少诉讼请求',
};
const PARTY_SIDE = ['plaintiff', 'defendant', 'third-party', 'agent'];
const PARTY_ROLES: Record<string, string> = { plaintiff: '原告', defendant: '被告', 'third-party': '第三人' };
const REVIEWERS = ['president', 'division-leader'];

interface Shown {
  closing: ClosingView;
  periodLines: string[];
  shareLines: string[];
  feeLine: string;
  refundLine: string;
}

/**
 * 审结报结 and what follows it (legal-rules-2 §4.5, §5): the presiding judge closes the case with
 * its outcome, the signed decision (a PDF, hashed by the function), who bears the fee (诉讼费用
 * 交纳办法 第二十九条) and the publication decision (裁判文书上网规定 第三条、第四条); everyone on the
 * case then sees each party's service and appeal period and the effective date; a party appeals
 * here within its own period (民事诉讼法 第一百七十一条); the president or division leader checks
 * the anonymised text and publishes it.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    caseNumber: '',
    parties: [] as { index: number; label: string }[],
    roles: { judge: false, panel: false, party: false, reviewer: false },
    shown: null as Shown | null,
    outcomes: choices(ClosingOutcomes),
    kinds: choices(PUBLICATION_KINDS),
    outcome: 'judgment' as ClosingOutcome,
    grounded: false,
    title: '',
    text: '',
    issuedOn: '',
    file: null as { name: string; fileID: string } | null,
    shares: {} as Record<string, number>,
    abroad: {} as Record<string, boolean>,
    obligation: { debtor: '', creditor: '', fen: 0, days: '' },
    ground: '',
    transferTo: '',
    publicationKind: 'civil' as PublicationKind,
    unsuitable: '',
    preview: null as { text: string; sha256: string; replacedText: string; reason: string; decision: 'publish' | 'withhold' } | null,
    published: '',
    appealReasons: '',
    appealFen: 0,
    petition: null as { name: string; fileID: string } | null,
    appealed: '',
  },
  methods: {
    async refresh() {
      const detail = await run(this, () => call('case-detail', { caseId: this.caseId() }));
      if (!detail) return;
      this.setData({
        caseNumber: detail.caseNumber ?? '',
        publicationKind: publicationKindOf(detail.cause),
        parties: detail.parties.map((p, index) => ({ index, label: `${PARTY_ROLES[p.role] ?? ''}${p.name}` })),
        roles: {
          judge: detail.myRoles.includes('presiding-judge'),
          panel: detail.myRoles.some((r) => r === 'presiding-judge' || r === 'clerk'),
          party: detail.myRoles.some((r) => PARTY_SIDE.includes(r)),
          reviewer: detail.myRoles.some((r) => REVIEWERS.includes(r)),
        },
      });
      if (detail.state !== 'closed') return;
      const status = await run(this, () => call('case-close', { op: 'status', caseId: this.caseId() }));
      if (status?.op === 'status') this.show(status.closing);
    },
    show(closing: ClosingView) {
      const fees = closing.fees;
      this.setData({
        shown: {
          closing,
          periodLines: (closing.decision?.periods ?? []).map(
            (p) => `${p.name}：${p.servedOn ? `${p.servedOn} 送达` : '尚未送达'}${p.appealBy ? `，上诉期至 ${p.appealBy}` : ''}${p.appealed ? '，已上诉' : ''}`,
          ),
          shareLines: (fees?.shares ?? []).map((s) => `${s.name} 负担 ${yuan(s.fen)}`),
          feeLine: fees ? `受理费 ${yuan(fees.billedFen)}，已缴 ${yuan(fees.paidFen)}，应负担 ${yuan(fees.dueFen)}` : '',
          refundLine: fees?.refund
            ? `应退 ${yuan(fees.refund.fen)}（${REFUND_LABELS[fees.refund.ground] ?? fees.refund.ground}）${fees.refund.by ? `，于 ${fees.refund.by} 前退还` : ''}${fees.refund.requested ? '，已办理退费' : ''}`
            : '',
        },
      });
    },
    onOutcome(e: WechatMiniprogram.CustomEvent<{ value: ClosingOutcome }>) {
      this.setData({ outcome: e.detail.value, grounded: GROUNDED.includes(e.detail.value) });
    },
    onShare(e: WechatMiniprogram.CustomEvent<{ fen: number | null }, Record<string, never>, { party: number }>) {
      this.setData({ [`shares.${e.currentTarget.dataset.party}`]: e.detail.fen ?? 0 });
    },
    onAbroad(e: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { party: number }>) {
      this.setData({ [`abroad.${e.currentTarget.dataset.party}`]: e.detail.checked });
    },
    onObligation(
      e: WechatMiniprogram.CustomEvent<{ value?: string; fen?: number | null }, Record<string, never>, { field: 'debtor' | 'creditor' | 'fen' | 'days' }>,
    ) {
      const { field } = e.currentTarget.dataset;
      this.setData({ [`obligation.${field}`]: field === 'fen' ? (e.detail.fen ?? 0) : (e.detail.value ?? '') });
    },
    onAppealAmount(e: WechatMiniprogram.CustomEvent<{ fen: number | null }>) {
      this.setData({ appealFen: e.detail.fen ?? 0 });
    },
    /** The signed decision, a PDF, into the caller's own area; the function hashes it when it closes the case. */
    async pickDecision() {
      const file = await pickAndUpload(this, 'case-close', ['pdf']);
      if (file) this.setData({ file });
    },
    async close() {
      const d = this.data;
      const shares = Object.entries(d.shares)
        .filter(([, fen]) => fen > 0)
        .map(([party, fen]) => ({ party: Number(party), fen }));
      const abroad = Object.keys(d.abroad)
        .filter((party) => d.abroad[party])
        .map(Number);
      const { debtor, creditor, fen } = d.obligation;
      // 自本判决生效之日起N日内: what enforcement counts the period for performance from.
      const days = Number(d.obligation.days);
      const input: CloseInput = {
        op: 'close',
        requestId: newRequestId(),
        caseId: this.caseId(),
        outcome: d.outcome,
        ...(d.file ? { document: { title: d.title.trim(), file: d.file.fileID, text: d.text.trim(), issuedOn: d.issuedOn } } : {}),
        ...(shares.length ? { feeShares: shares } : {}),
        ...(abroad.length ? { abroad } : {}),
        ...(debtor !== '' && creditor !== '' && fen > 0
          ? {
              obligations: [
                {
                  debtor: Number(debtor),
                  creditor: Number(creditor),
                  amountFen: fen,
                  ...(Number.isInteger(days) && days > 0 ? { performanceDays: days } : {}),
                },
              ],
            }
          : {}),
        ...(d.grounded && d.ground.trim() ? { ground: d.ground.trim() } : {}),
        ...(d.outcome === 'transfer' && d.transferTo.trim() ? { transferTo: d.transferTo.trim() } : {}),
        publication: { kind: d.publicationKind, ...(d.unsuitable.trim() ? { unsuitable: d.unsuitable.trim() } : {}) },
      };
      const closed = await run(this, () => call('case-close', input), { success: '已结案' });
      if (closed?.op === 'close') this.show(closed.closing);
    },
    /** The refund the closing gives (诉讼费用交纳办法 第五十三条: within 15 days of effect), through fee-refund. */
    async refund() {
      const reason = this.data.shown ? REFUND_GROUNDS[this.data.shown.closing.outcome] : undefined;
      if (!reason) return;
      const answer = await run(this, () => call('fee-refund', { requestId: newRequestId(), caseId: this.caseId(), reason }), { success: '已办理退费' });
      if (answer) await this.refresh();
    },
    /** The reviewer reads the text as it will be published: natural persons, ID numbers, addresses and accounts replaced (第八条至第十条). */
    async previewText() {
      const answer = await run(this, () => call('case-close', { op: 'preview', caseId: this.caseId() }));
      if (answer?.op !== 'preview') return;
      this.setData({
        preview: {
          decision: answer.decision,
          text: answer.text ?? '',
          sha256: answer.sha256 ?? '',
          reason: answer.reason ?? '',
          replacedText: answer.replaced.map((r) => `${r.kind} ${r.count} 处`).join('，'),
        },
      });
    },
    async publish() {
      const preview = this.data.preview;
      if (!preview) return;
      const answer = await run(
        this,
        () => call('case-close', { op: 'publish', requestId: newRequestId(), caseId: this.caseId(), ...(preview.sha256 ? { sha256: preview.sha256 } : {}) }),
        { success: preview.decision === 'publish' ? '已公开' : '已登记不公开' },
      );
      if (answer?.op !== 'publish') return;
      this.setData({
        published: `${answer.publishedOn} ${answer.state === 'published' ? '已在裁判文书公开平台公开' : '已登记不公开的案号、法院、日期和理由'}${answer.late ? '（已超过七个工作日）' : ''}`,
      });
      await this.refresh();
    },
    /** The appeal petition (上诉状), if the party has one signed: into its own area, attached and hashed by the function. */
    async pickPetition() {
      const file = await pickAndUpload(this, 'appeal', PAPER_TYPES);
      if (file) this.setData({ petition: file });
    },
    async appeal() {
      const d = this.data;
      const answer = await run(
        this,
        () =>
          call('appeal', {
            requestId: newRequestId(),
            caseId: this.caseId(),
            reasons: d.appealReasons.trim(),
            ...(d.appealFen > 0 ? { amountFen: d.appealFen } : {}),
            ...(d.petition ? { file: d.petition.fileID } : {}),
          }),
        { success: '已提交上诉' },
      );
      if (!answer) return;
      this.setData({ appealed: `${answer.filedOn} 已提起上诉，上诉案件受理费 ${yuan(answer.feeFen)}（${answer.basis.join('；')}）` });
      await this.refresh();
    },
  },
});
