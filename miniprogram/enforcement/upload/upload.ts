import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { parseYuan } from '../../lib/format';
import { run } from '../../lib/page';
import { pickAndUpload } from '../../lib/upload';
import type { EnforcementApplyOutput } from '../../../cloudfunctions/_core/schemas/enforcement';

type Field = 'issuingCourt' | 'decisionNumber' | 'title' | 'respondent' | 'amount' | 'act' | 'leads';

/**
 * 依外院法律文书申请执行: an effective decision of another court, stated by the applicant and
 * uploaded as a PDF (执行工作若干问题的规定 第十八条); brought to the court of the debtor's domicile or of
 * its property (民事诉讼法 第二百三十五条第二款). The function answers the PDF's SHA-256; the filing
 * officer checks the decision before filing.
 */
Component({
  behaviors: [largeText],
  data: {
    courts: [] as { courtId: string; name: string }[],
    courtIndex: 0,
    jurisdictions: [
      { value: 'domicile', label: '被执行人住所地在本院辖区' },
      { value: 'property', label: '被执行的财产在本院辖区' },
    ],
    jurisdiction: 'domicile' as 'domicile' | 'property',
    issuingCourt: '',
    decisionNumber: '',
    title: '民事判决书',
    effectiveOn: '',
    dueOn: '',
    respondent: '',
    amount: '',
    act: '',
    leads: '',
    file: null as { name: string; fileID: string } | null,
    result: null as EnforcementApplyOutput | null,
    loading: false,
    error: '',
    fieldErrors: {} as Record<string, string>,
  },
  lifetimes: {
    async attached() {
      const listed = await run(this, () => call('court-list', {}));
      if (listed) this.setData({ courts: listed.courts.map((c) => ({ courtId: c.courtId, name: c.name })) });
    },
  },
  methods: {
    onCourt(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ courtIndex: Number(e.detail.value) });
    },
    onJurisdiction(e: WechatMiniprogram.CustomEvent<{ value: 'domicile' | 'property' }>) {
      this.setData({ jurisdiction: e.detail.value });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = (e.currentTarget.dataset as { field: Field }).field;
      this.setData({ [field]: e.detail.value });
    },
    onEffective(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ effectiveOn: e.detail.value });
    },
    onDue(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ dueOn: e.detail.value });
    },
    /** The decision as a PDF from a chat, uploaded to the storage of the function that hashes it. */
    async pickPdf() {
      const file = await pickAndUpload(this, 'enforcement-apply', ['pdf']);
      if (file) this.setData({ file });
    },
    async submit() {
      const d = this.data;
      const amountFen = d.amount.trim() ? parseYuan(d.amount) : undefined;
      if (amountFen === null) {
        this.setData({ error: '金额格式不正确', fieldErrors: { amountFen: '请填写金额，例如 30000 或 30000.50' } });
        return;
      }
      if (!d.file) {
        this.setData({ error: '请上传生效法律文书（PDF）', fieldErrors: { file: '请上传 PDF 文件' } });
        return;
      }
      const file = d.file;
      const result = await run(
        this,
        () =>
          call('enforcement-apply', {
            op: 'apply-upload',
            requestId: newRequestId(),
            courtId: d.courts[d.courtIndex]?.courtId ?? '',
            jurisdiction: d.jurisdiction,
            issuingCourt: d.issuingCourt,
            decisionNumber: d.decisionNumber,
            title: d.title,
            effectiveOn: d.effectiveOn,
            ...(d.dueOn ? { dueOn: d.dueOn } : {}),
            respondent: d.respondent,
            ...(amountFen !== undefined ? { amountFen } : {}),
            ...(d.act.trim() ? { act: d.act } : {}),
            ...(d.leads.trim() ? { leads: d.leads } : {}),
            file: file.fileID,
          }),
        { success: '已提交' },
      );
      if (result) this.setData({ result });
    },
    progress() {
      if (this.data.result) void wx.redirectTo({ url: `/enforcement/case/case?id=${this.data.result.enforcementId}` });
    },
  },
});
