import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { pageParam, run } from '../../lib/page';

/** 答复催办: the executor gives the reason of the overrun and the day it will be done. */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, urge: { type: String, value: '' } },
  data: { reason: '', newDueOn: '', answered: false, loading: false, error: '', fieldErrors: {} },
  methods: {
    option(name: 'id' | 'urge'): string {
      return pageParam(this, name);
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newDueOn: e.detail.value });
    },
    async submit() {
      const done = await run(
        this,
        () =>
          call('enforcement-act', {
            op: 'answer',
            requestId: newRequestId(),
            enforcementId: this.option('id'),
            urgeId: this.option('urge'),
            reason: this.data.reason,
            newDueOn: this.data.newDueOn,
          }),
        { success: '已答复' },
      );
      if (done) this.setData({ answered: true });
    },
  },
});
