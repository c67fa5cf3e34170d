import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { pageParam, run } from '../../lib/page';

/** 联系法官: the case's messages between the parties and the panel. */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' } },
  data: {
    items: [] as { messageId: string; fromName: string; mine: boolean; text: string; at: string }[],
    text: '',
    loading: false,
    error: '',
    fieldErrors: {} as Record<string, string>,
  },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    caseId(): string {
      return pageParam(this);
    },
    async load() {
      const list = await run(this, () => call('message-list', { caseId: this.caseId() }));
      if (list) this.setData({ items: list.items.reverse().map((m) => ({ ...m, at: chinaTime(m.at) })) });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    async send() {
      const text = this.data.text.trim();
      if (!text) return;
      const sent = await run(this, () => call('message-send', { requestId: newRequestId(), caseId: this.caseId(), text }), { loading: '正在发送' });
      if (sent) {
        this.setData({ text: '' });
        await this.load();
      }
    },
  },
});
