import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { eSignature } from '../../lib/e-signature';
import { chinaTime } from '../../lib/format';
import { pageParam, run } from '../../lib/page';
import type { TranscriptOutput } from '../../../cloudfunctions/_core/schemas/hearings';

/** The global roles of the court's people who keep the transcript. */
const KEEPERS = ['clerk', 'judge'];

/**
 * 庭审笔录 (民事诉讼法 第一百五十条): each participant reads the version the clerk last saved, asks
 * for a correction, or signs it with a drawn signature and a fresh face check bound to that
 * version's SHA-256; the clerk edits it and accepts or refuses each correction with a reason.
 */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, hearing: { type: String, value: '' } },
  data: {
    transcript: null as (TranscriptOutput & { signed: { name: string; role: string; version: number; signedAt: string; current: boolean }[] }) | null,
    keeper: false,
    draft: '',
    correction: '',
    refusal: '',
    drawn: false,
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
    show(t: TranscriptOutput) {
      this.setData({ transcript: { ...t, signed: t.signatures.map((s) => ({ ...s, signedAt: chinaTime(s.signedAt) })) }, draft: t.text });
    },
    async refresh() {
      const [session, t] = await Promise.all([
        run(this, () => call('session-info', {})),
        run(this, () => call('transcript', { op: 'read', requestId: newRequestId(), ...this.ids() })),
      ]);
      if (session) this.setData({ keeper: session.roles.some((role) => KEEPERS.includes(role)) });
      if (t) this.show(t);
    },
    onDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value });
    },
    onCorrection(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ correction: e.detail.value });
    },
    onRefusal(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ refusal: e.detail.value });
    },
    onPad(e: WechatMiniprogram.CustomEvent<{ drawn: boolean }>) {
      this.setData({ drawn: e.detail.drawn });
    },
    /** The clerk saves the text: after a signature, a new version that everyone signs again. */
    async save() {
      const t = await run(this, () => call('transcript', { op: 'edit', requestId: newRequestId(), ...this.ids(), text: this.data.draft }), {
        success: '已保存',
      });
      if (t) this.show(t);
    },
    /** A participant asks the clerk to correct an omission or a mistake. */
    async askCorrection() {
      const t = await run(this, () => call('transcript', { op: 'correct', requestId: newRequestId(), ...this.ids(), text: this.data.correction.trim() }), {
        success: '已申请补正',
      });
      if (t) {
        this.setData({ correction: '' });
        this.show(t);
      }
    },
    async decide(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { correction: string; accept: string }>) {
      const { correction, accept } = e.currentTarget.dataset;
      const accepted = accept === 'true';
      const t = await run(this, () =>
        call('transcript', {
          op: 'decide',
          requestId: newRequestId(),
          ...this.ids(),
          correctionId: correction,
          accept: accepted,
          ...(accepted ? {} : { reason: this.data.refusal.trim() }),
        }),
      );
      if (t) {
        this.setData({ refusal: '' });
        this.show(t);
      }
    },
    /** 签名确认: the drawn signature and a face check, bound to the version read on this page. */
    async sign() {
      const t = this.data.transcript;
      if (!t) return;
      const signed = await eSignature(this, 'transcript', t.sha256);
      if (!signed) return;
      const answer = await run(this, () => call('transcript', { op: 'sign', requestId: newRequestId(), ...this.ids(), sha256: t.sha256, ...signed }), {
        success: '签名成功',
      });
      if (answer) this.show(answer);
    },
  },
});
