import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { run } from '../../lib/page';
import type { EnforcementViewOutput } from '../../../cloudfunctions/_core/schemas/enforcement';

type Row = NonNullable<EnforcementViewOutput['rows']>[number];
type ByExecutor = NonNullable<EnforcementViewOutput['byExecutor']>[number];

/** 执行督办看板: the unit's open steps, overdue and due soon first, per executor; 催办 on an overdue one. */
Component({
  behaviors: [largeText],
  data: { rows: [] as Row[], byExecutor: [] as ByExecutor[], note: '', loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      const result = await run(this, () => call('enforcement-view', { op: 'dashboard' }));
      if (result) this.setData({ rows: result.rows ?? [], byExecutor: result.byExecutor ?? [] });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value });
    },
    async urge(e: WechatMiniprogram.TouchEvent) {
      const { id, step } = e.currentTarget.dataset as { id: string; step: string };
      const done = await run(
        this,
        () =>
          call('enforcement-supervise', {
            op: 'urge',
            requestId: newRequestId(),
            enforcementId: id,
            stepId: step,
            note: this.data.note || '该节点已超期，请尽快办理并答复',
          }),
        { success: '已催办' },
      );
      if (done) await this.load();
    },
  },
});
