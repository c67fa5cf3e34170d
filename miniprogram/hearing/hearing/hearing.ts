import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { faceCheckFor } from '../../lib/face-check';
import { pageParam, run } from '../../lib/page';
import { facePurposes } from '../../shared/e-signature';
import type { HearingConsentOutput } from '../../../cloudfunctions/_core/schemas/hearings';

/** What the party reads before choosing (在线诉讼规则 第四条): the function stores this very text with the choice. */
const ONLINE_HEARING_NOTICE =
  '在线庭审告知：经您同意，本案以在线方式开庭；在线庭审与线下庭审具有同等法律效力，您享有与到庭同等的诉讼权利，须遵守法庭纪律，' +
  '选择安静、光线充足的场所，不得由他人代为参加，未经许可不得录制、传播庭审（人民法院在线诉讼规则 第四条、第二十四条）。' +
  '开庭前您可以撤回同意，改为到庭参加（第五条）；您不同意的，可以说明理由，由法院决定。';

const MODE_TEXT: Record<HearingConsentOutput['mode'], string> = {
  online: '本次庭审在线进行',
  mixed: '本次庭审部分当事人在线、部分到庭（混合庭审）',
  offline: '本次庭审线下进行，请按传票到庭',
};

/**
 * 我的庭审: the party's page for one hearing: the notice and the choice of online or offline
 * (withdrawn before the day), the device check, check-in with a fresh face check for this hearing,
 * the waiting room, and the way into the video room and to the transcript.
 */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, hearing: { type: String, value: '' } },
  data: {
    notice: ONLINE_HEARING_NOTICE,
    caseNumber: '',
    hearingInfo: null as { startsAt: string; place: string } | null,
    choice: 'online',
    reason: '',
    withdrawReason: '',
    modeText: '',
    deviceText: '',
    checkedIn: false,
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
    async refresh() {
      const { caseId, hearingId } = this.ids();
      const detail = await run(this, () => call('case-detail', { caseId }));
      if (!detail) return;
      const hearing = detail.hearings.find((h) => h.id === hearingId);
      this.setData({ caseNumber: detail.caseNumber ?? '', hearingInfo: hearing ? { startsAt: hearing.startsAt, place: hearing.place } : null });
    },
    onChoice(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ choice: e.detail.value });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    onWithdrawReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ withdrawReason: e.detail.value });
    },
    /** 在线诉讼规则 第四条: the choice for this hearing, with the text shown. */
    async choose() {
      const { choice, reason } = this.data;
      const answer = await run(
        this,
        () =>
          call('hearing-consent', {
            op: 'choose',
            requestId: newRequestId(),
            ...this.ids(),
            choice: choice as 'online' | 'offline',
            textShown: ONLINE_HEARING_NOTICE,
            ...(choice === 'offline' && reason.trim() ? { reason: reason.trim() } : {}),
          }),
        { success: '已提交' },
      );
      if (answer) this.setData({ modeText: MODE_TEXT[answer.mode] });
    },
    /** 第五条: consent withdrawn before the hearing's day. */
    async withdraw() {
      const answer = await run(
        this,
        () => call('hearing-consent', { op: 'withdraw', requestId: newRequestId(), ...this.ids(), reason: this.data.withdrawReason.trim() }),
        { success: '已撤回' },
      );
      if (answer) this.setData({ modeText: MODE_TEXT[answer.mode], choice: 'offline', withdrawReason: '' });
    },
    /** 设备检测: the camera and the microphone the room needs, allowed before the day. */
    async checkDevices() {
      try {
        await wx.authorize({ scope: 'scope.camera' });
        await wx.authorize({ scope: 'scope.record' });
        this.setData({ deviceText: '摄像头和麦克风可以使用' });
      } catch {
        this.setData({ deviceText: '请在小程序设置中允许使用摄像头和麦克风，否则无法在线参加庭审' });
      }
    },
    /** 第七条第三款: a face check made for this hearing, then the waiting room. */
    async checkIn() {
      const ids = this.ids();
      const verifyId = await faceCheckFor(this, facePurposes.hearing(ids.caseId, ids.hearingId));
      if (!verifyId) return;
      const answer = await run(this, () => call('hearing-checkin', { op: 'checkin', requestId: newRequestId(), ...ids, verifyId }), { success: '签到成功' });
      if (answer) this.setData({ checkedIn: true });
    },
    enterRoom() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/room/room?id=${caseId}&hearing=${hearingId}` });
    },
    openAsync() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/async/async?id=${caseId}&hearing=${hearingId}` });
    },
    openTranscript() {
      const { caseId, hearingId } = this.ids();
      void wx.navigateTo({ url: `/hearing/transcript/transcript?id=${caseId}&hearing=${hearingId}` });
    },
  },
});
