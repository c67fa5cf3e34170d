import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { openDocument } from '../../lib/documents';
import { CallError } from '../../lib/errors';
import { yuan } from '../../lib/format';
import { run } from '../../lib/page';
import type { EnforcementViewOutput } from '../../../cloudfunctions/_core/schemas/enforcement';

type Application = NonNullable<EnforcementViewOutput['applications']>[number];

/**
 * 执行立案审查: the court's applications awaiting the filing decision (执行工作若干问题的规定 第十六条: within
 * 7 days), the earliest due first. A decision of another court is opened and checked — against the
 * original or with the court that made it — before it is filed (第十八条): the check is recorded.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    applications: [] as (Application & { amountText: string })[],
    checked: {} as Record<string, boolean>,
    filed: {} as Record<string, string>,
  },
  methods: {
    async refresh() {
      const listed = await run(this, () => call('enforcement-view', { op: 'applications' }));
      if (listed) this.setData({ applications: (listed.applications ?? []).map((a) => ({ ...a, amountText: yuan(a.amountFen) })) });
    },
    idOf(e: WechatMiniprogram.CustomEvent): string {
      return String((e.currentTarget.dataset as { id: string }).id);
    },
    async openDecision(e: WechatMiniprogram.CustomEvent) {
      const found = this.data.applications.find((a) => a.enforcementId === this.idOf(e));
      if (!found?.uploaded) return;
      const url = found.uploaded.url;
      await run(
        this,
        async () => {
          try {
            return await openDocument(url, 'application/pdf');
          } catch {
            throw new CallError('NETWORK', '文书下载失败');
          }
        },
        { loading: '正在打开' },
      );
    },
    onChecked(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ [`checked.${this.idOf(e)}`]: e.detail.checked });
    },
    async file(e: WechatMiniprogram.CustomEvent) {
      const enforcementId = this.idOf(e);
      const documentChecked = this.data.checked[enforcementId] === true;
      const filed = await run(
        this,
        () => call('enforcement-file', { op: 'file', requestId: newRequestId(), enforcementId, ...(documentChecked ? { documentChecked } : {}) }),
        { success: '已立案' },
      );
      if (filed) this.setData({ [`filed.${enforcementId}`]: filed.caseNumber ?? '' });
    },
  },
});
