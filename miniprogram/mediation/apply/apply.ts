import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { pageOptions, run } from '../../lib/page';
import { PAPER_TYPES, pickAndUpload } from '../../lib/upload';
import { MEDIATION_PAGES } from '../roles';

/**
 * 申请调解: before filing, a party applies (在线调解规则 第八条: identity, the dispute, the
 * e-service address, materials, consent); a party named in one answers whether it agrees
 * (`?id=<mediationId>`, 第十五条); inside a case the judge proposes mediation (`?case=<caseId>`),
 * led by the judge or entrusted to the court's roster.
 */
Component({
  behaviors: [largeText],
  data: {
    mode: 'apply' as 'apply' | 'respond' | 'propose',
    courts: [] as { label: string; value: string }[],
    form: {
      courtId: '',
      cause: '',
      summary: '',
      amountFen: 0,
      respondentName: '',
      respondentId: '',
      respondentMobile: '',
      mobile: '',
      consent: false,
      addressConfirmed: false,
    },
    materials: [] as { name: string; fileID: string }[],
    mediatedBy: 'judge',
    result: null as { mediationId: string; number?: string; text: string } | null,
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    attached() {
      const options = pageOptions();
      const mode = options.id ? 'respond' : options.case ? 'propose' : 'apply';
      this.setData({ mode });
      if (mode === 'apply') void this.loadCourts();
    },
  },
  methods: {
    async loadCourts() {
      const answer = await run(this, () => call('court-list', {}));
      if (answer) this.setData({ courts: answer.courts.map((c) => ({ label: c.name, value: c.courtId })), 'form.courtId': answer.courts[0]?.courtId ?? '' });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value });
    },
    onCheck(e: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { field: string }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.checked });
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ fen: number | null }>) {
      this.setData({ 'form.amountFen': e.detail.fen ?? 0 });
    },
    onMediatedBy(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ mediatedBy: e.detail.value });
    },
    /** A material, uploaded into the storage of the mediation's environment, which attaches it. */
    async addMaterial() {
      const uploaded = await pickAndUpload(this, 'mediation-apply', PAPER_TYPES);
      if (uploaded) this.setData({ materials: [...this.data.materials, uploaded] });
    },
    async apply() {
      const f = this.data.form;
      const answer = await run(
        this,
        () =>
          call('mediation-apply', {
            op: 'apply',
            requestId: newRequestId(),
            courtId: f.courtId,
            cause: f.cause.trim(),
            summary: f.summary.trim(),
            amountFen: f.amountFen,
            respondent: { name: f.respondentName.trim(), idNumber: f.respondentId.trim().toUpperCase(), mobile: f.respondentMobile.trim() },
            mobile: f.mobile.trim(),
            // The schema takes only `true`: an unticked box is refused there, with its own message.
            consent: f.consent as true,
            addressConfirmed: f.addressConfirmed as true,
            materials: this.data.materials.map((m) => m.fileID),
          }),
        { success: '已提交申请' },
      );
      if (answer)
        this.setData({
          result: {
            mediationId: answer.mediationId,
            ...(answer.number ? { number: answer.number } : {}),
            text: `已提交，调解编号 ${answer.number ?? answer.mediationId}，法院将审查后指定调解员。`,
          },
        });
    },
    /** 第十五条: the party named agrees to mediate online, or refuses (which ends it). */
    async respond(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { consent: string }>) {
      const consent = e.currentTarget.dataset.consent === 'true';
      const mediationId = pageOptions().id ?? '';
      const answer = await run(this, () =>
        call('mediation-apply', {
          op: 'respond',
          requestId: newRequestId(),
          mediationId,
          consent,
          ...(consent ? { addressConfirmed: this.data.form.addressConfirmed } : {}),
        }),
      );
      if (answer) this.setData({ result: { mediationId, text: consent ? '您已同意在线调解。' : '您已拒绝调解，本次调解终结。' } });
    },
    /** Inside a case (诉中调解): the judge proposes; the parties then answer. */
    async propose() {
      const answer = await run(this, () =>
        call('mediation-apply', {
          op: 'propose',
          requestId: newRequestId(),
          caseId: pageOptions().case ?? '',
          mediatedBy: this.data.mediatedBy as 'judge' | 'roster',
        }),
      );
      if (answer) this.setData({ result: { mediationId: answer.mediationId, text: '已引导调解，等待当事人同意。' } });
    },
    openMediation() {
      const id = this.data.result?.mediationId;
      if (id) void wx.navigateTo({ url: MEDIATION_PAGES.mediation(id) });
    },
  },
});
