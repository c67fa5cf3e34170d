import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { choices, run } from '../../lib/page';
import { PAPER_TYPES, pickAndUpload } from '../../lib/upload';
import { AgentPowers, type AgentPower } from '../../shared/agents';
import type { AgencyView, AgentInput } from '../../../cloudfunctions/_core/schemas/agents';

/**
 * 诉讼代理人: opened for a case, its agents with their powers, confirmed or refused by the party
 * (or the panel on the power of attorney), their powers changed, or the mandate ended (民事诉讼法
 * 第六十二条、第六十三条); opened without a case, a lawyer joins one for a party by its number with
 * the power of attorney and the powers it names ("全权代理" alone names none of the special ones).
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    joining: false,
    agencies: [] as AgencyView[],
    powers: choices(AgentPowers),
    chosen: {} as Record<string, boolean>,
    reason: '',
    caseNumber: '',
    partyName: '',
    powerOfAttorney: null as { name: string; fileID: string } | null,
    consent: false,
    addressConfirmed: false,
    joined: '',
  },
  methods: {
    async refresh() {
      if (!this.caseId()) {
        this.setData({ joining: true });
        return;
      }
      const answer = await run(this, () => call('agent', { op: 'list', caseId: this.caseId() }));
      if (answer?.op === 'list') this.setData({ agencies: answer.agencies });
    },
    onPower(e: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { power: string }>) {
      this.setData({ [`chosen.${e.currentTarget.dataset.power}`]: e.detail.checked });
    },
    onCheck(e: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.checked });
    },
    chosenPowers(): AgentPower[] {
      return Object.keys(this.data.chosen).filter((p) => this.data.chosen[p]) as AgentPower[];
    },
    async pickPowerOfAttorney() {
      const file = await pickAndUpload(this, 'agent', PAPER_TYPES);
      if (file) this.setData({ powerOfAttorney: file });
    },
    async join() {
      const d = this.data;
      const answer = await run(
        this,
        () =>
          call('agent', {
            op: 'join',
            requestId: newRequestId(),
            caseNumber: d.caseNumber.trim(),
            partyName: d.partyName.trim(),
            powerOfAttorney: d.powerOfAttorney?.fileID ?? '',
            powers: this.chosenPowers(),
            service: { consent: d.consent, addressConfirmed: d.addressConfirmed },
          }),
        { success: '已提交' },
      );
      if (answer?.op === 'join')
        this.setData({
          joined: `已申请作为${answer.agency.party}的诉讼代理人（${answer.agency.powersText}），待委托人或法院确认后即可查看和办理本案`,
          agencies: [answer.agency],
        });
    },
    /** One change to an agency: confirm or refuse it, change its powers, end it. */
    async act(input: AgentInput, success: string) {
      const done = await run(this, () => call('agent', input), { success });
      if (!done) return;
      this.setData({ reason: '' });
      await this.refresh();
    },
    confirm(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { agency: string; decision: 'confirm' | 'reject' }>) {
      const { agency, decision } = e.currentTarget.dataset;
      const reason = this.data.reason.trim();
      return this.act(
        { op: 'confirm', requestId: newRequestId(), caseId: this.caseId(), agencyId: agency, decision, ...(reason ? { reason } : {}) },
        decision === 'confirm' ? '已确认委托' : '已不予确认',
      );
    },
    change(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { agency: string }>) {
      return this.act(
        { op: 'change', requestId: newRequestId(), caseId: this.caseId(), agencyId: e.currentTarget.dataset.agency, powers: this.chosenPowers() },
        '已变更代理权限',
      );
    },
    revoke(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { agency: string }>) {
      const reason = this.data.reason.trim();
      return this.act(
        { op: 'revoke', requestId: newRequestId(), caseId: this.caseId(), agencyId: e.currentTarget.dataset.agency, ...(reason ? { reason } : {}) },
        '已解除委托',
      );
    },
  },
});
