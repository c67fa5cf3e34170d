import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { faceCheckFor } from '../../lib/face-check';
import { chinaTime } from '../../lib/format';
import { pageOptions, run } from '../../lib/page';
import { facePurposes } from '../../shared/e-signature';
import type { MediationDetailOutput, MediationSessionOutput } from '../../../cloudfunctions/_core/schemas/mediation';

type One = Extract<MediationDetailOutput, { view: 'one' }>['mediation'];

/** Who spoke, in the mediation's own terms. */
function speaker(by: string, stage: One['stage']): string {
  if (by === 'plaintiff') return stage === 'in-case' ? '原告' : '申请人';
  if (by === 'defendant') return stage === 'in-case' ? '被告' : '被申请人';
  return by === 'agent' ? '代理人' : by;
}

/**
 * 调解室: one session: what was said (not admissible later, 在线调解规则 第十八条; a caucus, 背靠背,
 * only between the mediator and one side), saying something, and for a video session a fresh face
 * check for this session (第七条) before the room.
 */
Component({
  behaviors: [largeText],
  data: {
    title: '',
    mode: '',
    inadmissible: '',
    statements: [] as { at: string; by: string; text: string }[],
    text: '',
    ticket: null as MediationSessionOutput['room'] | null,
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
    ids(): { mediationId: string; sessionId: string } {
      const options = pageOptions();
      return { mediationId: options.id ?? '', sessionId: options.session ?? '' };
    },
    async refresh() {
      const { mediationId, sessionId } = this.ids();
      const answer = await run(this, () => call('mediation-detail', { view: 'one', mediationId }));
      if (answer?.view !== 'one') return;
      const m = answer.mediation;
      const session = m.sessions.find((s) => s.id === sessionId);
      if (!session) {
        this.setData({ error: '未找到该次调解，或您不能查看（背靠背调解仅对调解员和该方当事人开放）' });
        return;
      }
      const partyName = session.caucus === undefined ? '' : (m.parties[session.caucus]?.name ?? '');
      this.setData({
        title: session.caucus === undefined ? '全体当事人' : `背靠背：调解员与${partyName}`,
        mode: session.mode,
        inadmissible: m.inadmissible,
        statements: m.statements.filter((s) => s.session === sessionId).map((s) => ({ at: chinaTime(s.at), by: speaker(s.by, m.stage), text: s.text })),
      });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    async say() {
      const done = await run(this, () => call('mediation-session', { op: 'say', requestId: newRequestId(), ...this.ids(), text: this.data.text.trim() }));
      if (done) {
        this.setData({ text: '' });
        await this.refresh();
      }
    },
    /** A video session: a face check made for this session, then the room's ticket. */
    async join() {
      const { mediationId, sessionId } = this.ids();
      const verifyId = await faceCheckFor(this, facePurposes.mediationSession(`${mediationId}:${sessionId}`));
      if (!verifyId) return;
      const answer = await run(this, () => call('mediation-session', { op: 'join', requestId: newRequestId(), mediationId, sessionId, verifyId }), {
        loading: '正在进入调解室',
      });
      if (answer?.room) this.setData({ ticket: answer.room });
    },
    onDropped() {
      this.setData({ ticket: null, error: '网络中断，您已离开调解室，请重新进入。' });
    },
  },
});
