import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { pageParam, run } from '../../lib/page';
import { uploadOwn } from '../../lib/upload';
import type { HearingAsyncInput, HearingAsyncOutput } from '../../../cloudfunctions/_core/schemas/hearings';

/** What each party reads before consenting: the function keeps its hash with the consent. */
const ASYNC_NOTICE =
  '非同步审理告知：经各方同意，法院确定各庭审阶段的期间，您在期间内自行登录平台，按阶段录制并上传视频；' +
  '逾期上传的，由法院决定如何处理（人民法院在线诉讼规则 第二十条、第六条）。非同步审理与在线庭审具有同等法律效力。';

const STATE_TEXT: Record<HearingAsyncOutput['state'], string> = {
  none: '尚未申请非同步审理',
  applied: '已申请，等待各方同意',
  consented: '各方均已同意，等待法院决定',
  approved: '法院已准许：请在各阶段期间内录制并上传',
  refused: '法院未准许非同步审理，本次开庭按原方式进行',
  closed: '非同步审理已结束，请阅读并签署笔录',
};

type Stage = Extract<HearingAsyncInput, { op: 'upload' }>['stage'];
type Window = HearingAsyncOutput['windows'][number];

/** The judges decide with these stages by default; each window is editable before deciding. */
const DEFAULT_STAGES: Stage[] = ['investigation', 'evidence', 'debate', 'final-statement'];

/**
 * 非同步审理 (在线诉讼规则 第二十条第二款): a party applies in writing, the others consent, the judges
 * decide and set each stage's window; each party records each stage with the camera in its own time
 * and uploads it; the judges see who is missing and what came late, and close it.
 */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, hearing: { type: String, value: '' } },
  data: {
    notice: ASYNC_NOTICE,
    judge: false,
    state: 'none' as HearingAsyncOutput['state'],
    stateText: STATE_TEXT.none,
    windows: [] as (Window & { uploaded: string[]; missing: string })[],
    late: 0,
    application: '',
    difficulty: '',
    reason: '',
    undisputed: false,
    proposed: [] as { stage: Stage; from: string; to: string }[],
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
    show(answer: HearingAsyncOutput) {
      const windows = answer.windows.map((w) => ({
        ...w,
        uploaded: answer.uploads.filter((u) => u.stage === w.stage).map((u) => `当事人${u.party + 1} ${chinaTime(u.at)}${u.late ? '（逾期）' : ''}`),
        missing: (answer.missing.find((m) => m.stage === w.stage)?.parties ?? []).map((p) => `当事人${p + 1}`).join('、'),
      }));
      this.setData({ state: answer.state, stateText: STATE_TEXT[answer.state], windows, late: answer.uploads.filter((u) => u.late).length });
    },
    async refresh() {
      const [session, answer] = await Promise.all([
        run(this, () => call('session-info', {})),
        run(this, () => call('hearing-async', { op: 'view', ...this.ids() })),
      ]);
      if (session) this.setData({ judge: session.roles.includes('judge') });
      if (answer) this.show(answer);
    },
    onApplication(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ application: e.detail.value });
    },
    onDifficulty(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ difficulty: e.detail.value });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    onUndisputed(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ undisputed: e.detail.checked });
    },
    /** The judges' windows: every default stage from `from` to `to`, as typed. */
    onWindow(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { stage: Stage; end: 'from' | 'to' }>) {
      const { stage, end } = e.currentTarget.dataset;
      const proposed = DEFAULT_STAGES.map((s) => this.data.proposed.find((p) => p.stage === s) ?? { stage: s, from: '', to: '' });
      const index = proposed.findIndex((p) => p.stage === stage);
      const current = proposed[index];
      if (current) proposed[index] = { ...current, [end]: e.detail.value };
      this.setData({ proposed });
    },
    async act(input: Record<string, unknown>, success: string) {
      const answer = await run(this, () => call('hearing-async', { requestId: newRequestId(), ...this.ids(), ...input } as HearingAsyncInput), { success });
      if (answer) this.show(answer);
      return answer;
    },
    async apply() {
      await this.act({ op: 'apply', application: this.data.application.trim(), difficulty: this.data.difficulty.trim() }, '已提交申请');
    },
    async consent() {
      await this.act({ op: 'consent', textShown: ASYNC_NOTICE }, '已同意');
    },
    async decide(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { approve: string }>) {
      const approve = e.currentTarget.dataset.approve === 'yes';
      const windows = this.data.proposed.filter((p) => p.from && p.to);
      await this.act(
        { op: 'decide', approve, mainFactsUndisputed: this.data.undisputed, reason: this.data.reason.trim(), windows },
        approve ? '已准许' : '已决定不准许',
      );
    },
    /** A stage recorded with the camera, uploaded to the caller's own area, then hashed by the function. */
    async record(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { stage: Stage }>) {
      const { stage } = e.currentTarget.dataset;
      let chosen: WechatMiniprogram.ChooseMediaSuccessCallbackResult;
      try {
        chosen = await wx.chooseMedia({ count: 1, mediaType: ['video'], sourceType: ['camera'], maxDuration: 60 });
      } catch {
        return;
      }
      const picked = chosen.tempFiles[0];
      if (!picked) return;
      const fileID = await uploadOwn(this, 'hearing-async', { name: `${stage}.mp4`, path: picked.tempFilePath });
      if (fileID) await this.act({ op: 'upload', stage, file: fileID }, '录像已上传');
    },
    async close() {
      await this.act({ op: 'close' }, '已结束');
    },
    openTranscript() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/transcript/transcript?id=${caseId}&hearing=${hearingId}` });
    },
  },
});
