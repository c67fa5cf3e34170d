import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { pageParam, run } from '../../lib/page';
import type { EnforcementApplyOutput } from '../../../cloudfunctions/_core/schemas/enforcement';

/** 申请执行: from an effective decision of the case (`id`, `decision`), with the known assets. */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, decision: { type: String, value: '' } },
  data: { leads: '', urgent: false, result: null as EnforcementApplyOutput | null, loading: false, error: '', fieldErrors: {} },
  methods: {
    option(name: 'id' | 'decision'): string {
      return pageParam(this, name);
    },
    onLeads(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ leads: e.detail.value });
    },
    onUrgent(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ urgent: e.detail.checked });
    },
    async submit() {
      const result = await run(
        this,
        () =>
          call('enforcement-apply', {
            op: 'apply',
            requestId: newRequestId(),
            caseId: this.option('id'),
            decisionId: this.option('decision'),
            ...(this.data.leads ? { leads: this.data.leads } : {}),
            ...(this.data.urgent ? { urgent: true } : {}),
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
