import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { pageParam, run } from '../../lib/page';
import { pickAndUpload } from '../../lib/upload';
import type { HearingCheckinOutput, HearingRunInput, HearingRunOutput } from '../../../cloudfunctions/_core/schemas/hearings';

/** One hearing-run operation without what the page adds itself (distributed over the ops, so each keeps its own fields). */
type RunOp = HearingRunInput extends infer T ? (T extends unknown ? Omit<T, 'requestId' | 'caseId' | 'hearingId'> : never) : never;

const STAGES = [
  { value: 'investigation', label: '法庭调查' },
  { value: 'evidence', label: '举证质证' },
  { value: 'debate', label: '法庭辩论' },
  { value: 'final-statement', label: '最后陈述' },
  { value: 'mediation', label: '法庭调解' },
] as const;
const CAUSES = [
  { value: 'network', label: '网络故障' },
  { value: 'device', label: '设备故障' },
  { value: 'power', label: '断电' },
  { value: 'force-majeure', label: '不可抗力' },
  { value: 'left-voluntarily', label: '自行退出' },
  { value: 'unknown', label: '原因不明' },
] as const;
const GAPS = [
  { value: 'recess', label: '休庭' },
  { value: 'non-public-evidence', label: '不公开质证' },
  { value: 'mediation-unsuitable', label: '调解不宜录制' },
  { value: 'failure', label: '设备故障' },
] as const;
const STEP_LABEL = { prompted: '已提示', warned: '已警告', rejoined: '已重新进入' } as const;
const label = (list: readonly { value: string; label: string }[], value: string) => list.find((x) => x.value === value)?.label ?? value;

interface Disconnect {
  disconnectId: string;
  name: string;
  cause: string;
  at: string;
  steps: string[];
  rejoined: boolean;
}

/**
 * 庭审控制台: the clerk's and the judge's page for one hearing: who is waiting and admitting them
 * (在线诉讼规则 第七条), the court's opening (民事诉讼法 第一百四十条), the stages as they start,
 * the disconnect log with its prompt, warning and rejoin, an absence only as 第二十五条第二款 allows
 * (its consequence offered, not applied), the recording's marks (录音录像规定 第三条), and closing.
 */
/** Who a participant is, in the words the clerk reads. */
const ROLE_LABELS: Record<string, string> = { plaintiff: '原告', defendant: '被告', 'third-party': '第三人', agent: '诉讼代理人', witness: '证人' };

Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, hearing: { type: String, value: '' } },
  data: {
    stages: STAGES,
    causes: CAUSES,
    gaps: GAPS,
    session: null as HearingCheckinOutput | null,
    openingText: '',
    assistant: '',
    cause: 'network',
    gap: 'recess',
    gapReason: '',
    currentStage: '',
    disconnects: [] as Disconnect[],
    log: [] as { at: string; text: string }[],
    consequence: '',
    transcriptDueOn: '',
    witnessName: '',
    witnessRoom: '',
    witnessParty: '0',
    partyOptions: [
      { label: '原告申请', value: '0' },
      { label: '被告申请', value: '1' },
    ],
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
    ids(): { caseId: string; hearingId: string } {
      return { caseId: pageParam(this), hearingId: pageParam(this, 'hearing') };
    },
    show(session: HearingCheckinOutput) {
      const o = session.opening;
      this.setData({
        session: { ...session, participants: session.participants.map((p) => ({ ...p, roleLabel: ROLE_LABELS[p.role] ?? p.role })) },
        openingText: o
          ? `${chinaTime(o.at)} 宣布开庭：审判长 ${o.presiding}${o.members.length ? `，审判员 ${o.members.join('、')}` : ''}${o.clerk ? `，书记员 ${o.clerk}` : ''}${o.assistant ? `，法官助理 ${o.assistant}` : ''}`
          : '',
      });
    },
    note(text: string) {
      this.setData({ log: [{ at: chinaTime(new Date().toISOString()), text }, ...this.data.log] });
    },
    /** 候庭名单: who has checked in with a face check, and who is admitted. */
    async refresh() {
      const session = await run(this, () => call('hearing-checkin', { op: 'waiting', requestId: newRequestId(), ...this.ids() }));
      if (session) this.show(session);
    },
    async admit(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { participant: string }>) {
      const session = await run(
        this,
        () => call('hearing-checkin', { op: 'admit', requestId: newRequestId(), ...this.ids(), participant: e.currentTarget.dataset.participant }),
        {
          success: '已准许进入',
        },
      );
      if (session) this.show(session);
    },
    onWitnessName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ witnessName: e.detail.value });
    },
    onWitnessRoom(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ witnessRoom: e.detail.value });
    },
    onWitnessParty(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ witnessParty: e.detail.value });
    },
    /** 在线诉讼规则 第二十二条: a witness in a room the court designates, identified there by its staff. */
    async addWitness() {
      const { witnessName, witnessRoom, witnessParty } = this.data;
      const session = await run(
        this,
        () =>
          call('hearing-checkin', {
            op: 'witness',
            requestId: newRequestId(),
            ...this.ids(),
            name: witnessName.trim(),
            room: witnessRoom.trim(),
            calledBy: Number(witnessParty),
          }),
        { success: '证人已准许出庭' },
      );
      if (session) {
        this.setData({ witnessName: '', witnessRoom: '' });
        this.show(session);
      }
    },
    onAssistant(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ assistant: e.detail.value });
    },
    /** 宣布开庭: the panel, the clerk and the judge's assistant announced. */
    async open() {
      const assistant = this.data.assistant.trim();
      const session = await run(
        this,
        () => call('hearing-checkin', { op: 'open', requestId: newRequestId(), ...this.ids(), ...(assistant ? { assistant } : {}) }),
        {
          success: '已宣布开庭',
        },
      );
      if (session) this.show(session);
    },
    async record(input: RunOp, success?: string): Promise<HearingRunOutput | undefined> {
      return run(this, () => call('hearing-run', { ...input, requestId: newRequestId(), ...this.ids() } as HearingRunInput), success ? { success } : {});
    },
    async stage(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { stage: (typeof STAGES)[number]['value'] }>) {
      const { stage } = e.currentTarget.dataset;
      if (await this.record({ op: 'stage', stage })) {
        this.setData({ currentStage: stage });
        this.note(`进入${label(STAGES, stage)}`);
      }
    },
    onCause(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ cause: e.detail.value });
    },
    /** 记录断线: who, when, why; a network failure is not a refusal to appear. */
    async disconnect(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { participant: string; name: string }>) {
      const { participant, name } = e.currentTarget.dataset;
      const cause = this.data.cause as (typeof CAUSES)[number]['value'];
      const answer = await this.record({ op: 'disconnect', participant, cause });
      if (!answer?.disconnectId) return;
      const entry: Disconnect = {
        disconnectId: answer.disconnectId,
        name,
        cause: label(CAUSES, cause),
        at: chinaTime(new Date().toISOString()),
        steps: [],
        rejoined: false,
      };
      this.setData({ disconnects: [entry, ...this.data.disconnects] });
      this.note(`${name} 断线（${entry.cause}）`);
    },
    async disconnectStep(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { disconnect: string; step: keyof typeof STEP_LABEL }>) {
      const { disconnect, step } = e.currentTarget.dataset;
      if (!(await this.record({ op: 'disconnect-step', disconnectId: disconnect, step }))) return;
      this.setData({
        disconnects: this.data.disconnects.map((d) =>
          d.disconnectId === disconnect ? { ...d, steps: [...d.steps, STEP_LABEL[step]], rejoined: d.rejoined || step === 'rejoined' } : d,
        ),
      });
    },
    /** 第二十五条第二款: 拒不到庭 or 中途退庭 recorded; the court decides whether to apply the consequence. */
    async absence(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { party: number; kind: 'no-show' | 'walked-out' }>) {
      const { party, kind } = e.currentTarget.dataset;
      const answer = await this.record({ op: 'absence', party: Number(party), kind });
      if (answer?.consequence) this.setData({ consequence: `可依${answer.consequence.article}：${answer.consequence.consequence}（由合议庭决定是否适用）` });
    },
    onGap(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ gap: e.detail.value });
    },
    onGapReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ gapReason: e.detail.value });
    },
    /** 录音录像: start, stop, and every gap with its reason. */
    async recording(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { mark: 'start' | 'stop' | 'gap' | 'resume' }>) {
      const { mark } = e.currentTarget.dataset;
      const reason = this.data.gapReason.trim();
      const gap = this.data.gap as (typeof GAPS)[number]['value'];
      const input = mark === 'gap' ? { op: 'recording' as const, mark, gap, ...(reason ? { reason } : {}) } : { op: 'recording' as const, mark };
      if (!(await this.record(input))) return;
      const text = {
        start: '开始录音录像',
        stop: '停止录音录像',
        resume: '恢复录音录像',
        gap: `录音录像中断：${label(GAPS, gap)}${reason ? `（${reason}）` : ''}`,
      }[mark];
      this.note(text);
      if (mark === 'gap') this.setData({ gapReason: '' });
    },
    /** The recording's file into the dossier, hashed by the function (录音录像规定 第三条). */
    async uploadRecording() {
      const uploaded = await pickAndUpload(this, 'hearing-run');
      if (!uploaded) return;
      const fileID = uploaded.fileID;
      const answer = await this.record({ op: 'recording-file', file: fileID }, '录像已归档');
      if (answer?.recording) this.note(`录像文件已归入卷宗（SHA-256 ${answer.recording.sha256.slice(0, 16)}…）`);
    },
    async close() {
      const answer = await this.record({ op: 'close' }, '已闭庭');
      if (!answer) return;
      this.setData({ transcriptDueOn: answer.transcriptDueOn ?? '' });
      this.note('闭庭');
      await this.refresh();
    },
    openAsync() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/async/async?id=${caseId}&hearing=${hearingId}` });
    },
    openTranscript() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/transcript/transcript?id=${caseId}&hearing=${hearingId}` });
    },
    openRoom() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/room/room?id=${caseId}&hearing=${hearingId}` });
    },
  },
});
