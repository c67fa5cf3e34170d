import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { yuan } from '../../lib/format';
import { choices, run } from '../../lib/page';
import { PAPER_TYPES, pickAndUpload } from '../../lib/upload';
import { AidGrounds, AidKindLabels, MIN_REDUCTION_PERCENT, type AidGround, type AidKind } from '../../shared/judicial-aid-words';
import type { AidApplicationView, FeeAidInput } from '../../../cloudfunctions/_core/schemas/fees';

const APPLICANTS = ['plaintiff', 'agent'];
const DECIDERS = ['presiding-judge', 'registrar'];

/** The grounds of one form of aid, as the articles list them (第四十五条至第四十七条). */
function groundsOf(kind: AidKind): { value: string; label: string }[] {
  return choices(AidGrounds).filter((g) => AidGrounds[g.value as AidGround].kind === kind);
}

/**
 * 司法救助: the party who owes the fee applies for exemption, reduction (at least 30%) or deferral
 * with proof of hardship (诉讼费用交纳办法 第四十四条至第四十八条); the court grants it or refuses
 * it with written reasons, and the fee notice follows the decision.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    applies: false,
    decides: false,
    applications: [] as (AidApplicationView & { line: string })[],
    feeLine: '',
    kinds: choices(AidKindLabels),
    kind: 'exemption' as AidKind,
    grounds: groundsOf('exemption'),
    ground: '' as AidGround | '',
    percent: '',
    deferTo: '',
    facts: '',
    proofs: [] as { name: string; fileID: string }[],
    minPercent: MIN_REDUCTION_PERCENT,
    grantPercent: '',
    deferredTo: '',
    reason: '',
  },
  methods: {
    async refresh() {
      const detail = await run(this, () => call('case-detail', { caseId: this.caseId() }));
      if (!detail) return;
      this.setData({ applies: detail.myRoles.some((r) => APPLICANTS.includes(r)), decides: detail.myRoles.some((r) => DECIDERS.includes(r)) });
      const answer = await run(this, () => call('fee-aid', { op: 'view', caseId: this.caseId() }));
      if (answer?.op !== 'view') return;
      const { fee } = answer;
      this.setData({
        applications: answer.applications.map((a) => ({
          ...a,
          line: `${a.party} 申请${a.kindLabel}${a.percent ? ` ${a.percent}%` : ''}${a.deferTo ? `至 ${a.deferTo}` : ''}：${a.ground}`,
        })),
        feeLine: `${fee.aid ? `${fee.aid.kindLabel}（原应交 ${yuan(fee.aid.assessedFen)}，${fee.aid.basis}）；` : ''}应交 ${yuan(fee.feeFen)}，${fee.state === 'paid' ? '无需再交' : `缴费截止 ${fee.dueOn}`}`,
      });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: AidKind }>) {
      this.setData({ kind: e.detail.value, grounds: groundsOf(e.detail.value), ground: '' });
    },
    async addProof() {
      const file = await pickAndUpload(this, 'fee-aid', PAPER_TYPES);
      if (file) this.setData({ proofs: [...this.data.proofs, file] });
    },
    async apply() {
      const d = this.data;
      const input: FeeAidInput = {
        op: 'apply',
        requestId: newRequestId(),
        caseId: this.caseId(),
        kind: d.kind,
        ground: d.ground as AidGround,
        ...(d.kind === 'reduction' && d.percent ? { percent: Number(d.percent) } : {}),
        ...(d.kind === 'deferral' && d.deferTo ? { deferTo: d.deferTo } : {}),
        facts: d.facts.trim(),
        proofs: d.proofs.map((p) => p.fileID),
      };
      const done = await run(this, () => call('fee-aid', input), { success: '已提交申请' });
      if (!done) return;
      this.setData({ facts: '', proofs: [], percent: '', deferTo: '' });
      await this.refresh();
    },
    async decide(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { application: string; decision: 'grant' | 'refuse' }>) {
      const { application, decision } = e.currentTarget.dataset;
      const d = this.data;
      const reason = d.reason.trim();
      const done = await run(
        this,
        () =>
          call('fee-aid', {
            op: 'decide',
            requestId: newRequestId(),
            caseId: this.caseId(),
            applicationId: application,
            decision,
            ...(decision === 'grant' && d.grantPercent ? { percent: Number(d.grantPercent) } : {}),
            ...(decision === 'grant' && d.deferredTo ? { deferredTo: d.deferredTo } : {}),
            ...(decision === 'refuse' && reason ? { reason } : {}),
          }),
        { success: decision === 'grant' ? '已准予' : '已决定不予准许' },
      );
      if (!done) return;
      this.setData({ reason: '', grantPercent: '', deferredTo: '' });
      await this.refresh();
    },
  },
});
