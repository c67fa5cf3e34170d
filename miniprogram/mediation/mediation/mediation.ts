import { callingPage } from '../../lib/calling-page';
import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime, yuan } from '../../lib/format';
import { run } from '../../lib/page';
import { MediationStates, ReturnReasons, TerminationReasons } from '../../shared/mediation-words';
import { loadMediation, MEDIATION_PAGES, mediationIdOf, type OneMediation as One } from '../roles';
import type { MediationSessionInput } from '../../../cloudfunctions/_core/schemas/mediation';
type TerminationReason = keyof typeof TerminationReasons;

const MODES: Record<string, string> = { online: '视频', text: '文字', async: '非同步' };
const STEPS: Record<string, string> = { choice: '共同选定调解员', designation: '指定调解员', acceptance: '调解员接受', respondent: '被申请人答复' };

/**
 * 调解详情: one mediation for its parties and its mediator: where it stands and by when, the
 * mediator and any disclosure (and a party's objection, 在线调解规则 第十四条), the sessions (a
 * caucus only to its side), and for the mediator: accept or decline, disclose, open a session,
 * and record the end (第二十一条、第二十五条).
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    m: null as (One & { amountText: string; stepText: string; endText: string; sessionRows: { id: string; title: string }[] }) | null,
    can: { party: false, mediator: false, court: false, president: false, office: false },
    reasons: Object.entries(TerminationReasons).map(([value, label]) => ({ value, label })),
    returnReasons: Object.entries(ReturnReasons).map(([value, label]) => ({ value, label })),
    returnReason: '',
    mode: 'text',
    caucus: 'all',
    caucusOptions: [] as { label: string; value: string }[],
    text: '',
    outcome: 'failed',
    reason: 'gap-too-wide',
    facts: '',
    costConduct: '',
  },
  methods: {
    mediationId(): string {
      return mediationIdOf(this);
    },
    async refresh() {
      const loaded = await loadMediation(this);
      if (!loaded) return;
      const { m, can } = loaded;
      const partyName = (i: number | undefined) => (i === undefined ? '' : (m.parties[i]?.name ?? ''));
      this.setData({
        m: {
          ...m,
          amountText: yuan(m.amountFen),
          endText: m.end ? `${MediationStates[m.end.outcome as keyof typeof MediationStates] ?? m.end.outcome}${m.end.reason ? `：${m.end.reason}` : ''}` : '',
          stepText: m.step ? `${STEPS[m.step.kind] ?? m.step.kind}：${m.step.dueOn} 前` : '',
          sessionRows: m.sessions.map((s, i) => ({
            id: s.id,
            title: `第 ${i + 1} 次 · ${MODES[s.mode] ?? s.mode}${s.caucus !== undefined ? ` · 背靠背（${partyName(s.caucus)}）` : ''}`,
          })),
          disclosures: m.disclosures.map((d) => ({ ...d, at: chinaTime(d.at) })),
        },
        can,
        caucusOptions: [{ label: '全体当事人', value: 'all' }, ...m.parties.map((p, i) => ({ label: `仅与${p.name}`, value: String(i) }))],
      });
    },
    async assign(op: 'accept' | 'decline' | 'disclose' | 'object', success: string) {
      const text = this.data.text.trim();
      const input =
        op === 'accept'
          ? { op, requestId: newRequestId(), mediationId: this.mediationId() }
          : op === 'disclose'
            ? { op, requestId: newRequestId(), mediationId: this.mediationId(), text }
            : { op, requestId: newRequestId(), mediationId: this.mediationId(), reason: text };
      if (await run(this, () => call('mediation-assign', input), { success })) {
        this.setData({ text: '' });
        await this.refresh();
      }
    },
    accept() {
      return this.assign('accept', '已接受');
    },
    /** A reasoned decline sends the mediation back to designation. */
    decline() {
      return this.assign('decline', '已回复');
    },
    /** 第十三条: what might raise doubts about the mediator's impartiality, told to the parties. */
    disclose() {
      return this.assign('disclose', '已披露');
    },
    /** 第十四条: a party asks that the mediator step aside. */
    object() {
      return this.assign('object', '已申请回避');
    },
    /** 第九条: the mediation office accepts an application, or returns it with the reason. */
    async screen(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { decision: 'accept' | 'return' }>) {
      const { decision } = e.currentTarget.dataset;
      const returnReason = this.data.returnReason as keyof typeof ReturnReasons;
      const done = await run(
        this,
        () =>
          call('mediation-apply', {
            op: 'screen',
            requestId: newRequestId(),
            mediationId: this.mediationId(),
            decision,
            ...(decision === 'return' && returnReason ? { returnReason } : {}),
          }),
        { success: decision === 'accept' ? '已受理' : '已退回' },
      );
      if (done) await this.refresh();
    },
    /** A session for everyone, or a caucus (背靠背) with one party. */
    async openSession() {
      const { mode, caucus } = this.data;
      const input: MediationSessionInput = {
        op: 'open',
        requestId: newRequestId(),
        mediationId: this.mediationId(),
        mode: mode as 'online' | 'text' | 'async',
        ...(caucus === 'all' ? {} : { caucus: Number(caucus) }),
      };
      const answer = await run(this, () => call('mediation-session', input), { success: '已开始' });
      if (answer?.sessionId) void wx.navigateTo({ url: MEDIATION_PAGES.session(this.mediationId(), answer.sessionId) });
    },
    /** 第二十一条、第二十五条: failed or terminated, with the facts, the reason and any cost-raising conduct. */
    async end() {
      const { outcome, reason, facts, costConduct } = this.data;
      const answer = await run(
        this,
        () =>
          call('mediation-session', {
            op: 'end',
            requestId: newRequestId(),
            mediationId: this.mediationId(),
            outcome: outcome as 'failed' | 'terminated',
            reason: reason as TerminationReason,
            facts: facts.trim(),
            ...(costConduct.trim() ? { costConduct: costConduct.trim() } : {}),
          }),
        { success: '已记录' },
      );
      if (answer) await this.refresh();
    },
    openSessionPage(e: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { session: string }>) {
      void wx.navigateTo({ url: MEDIATION_PAGES.session(this.mediationId(), e.currentTarget.dataset.session) });
    },
    openAgreement() {
      void wx.navigateTo({ url: MEDIATION_PAGES.agreement(this.mediationId()) });
    },
    openConfirm() {
      void wx.navigateTo({ url: MEDIATION_PAGES.confirm(this.mediationId()) });
    },
    openRoster() {
      void wx.navigateTo({ url: MEDIATION_PAGES.roster(this.mediationId()) });
    },
  },
});
