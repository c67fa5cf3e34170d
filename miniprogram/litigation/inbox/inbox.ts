import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { openDocument } from '../../lib/documents';
import { run } from '../../lib/page';
import type { ServiceInboxOutput } from '../../../cloudfunctions/_core/schemas/dossier';

type Item = ServiceInboxOutput['items'][number] & { sent: string; status: string };

/** 送达文书: what the court served on me; opening one records the read receipt. */
Component({
  behaviors: [largeText],
  data: { items: [] as Item[], html: '', loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      const inbox = await run(this, () => call('service-inbox', {}));
      if (inbox) {
        this.setData({
          items: inbox.items.map((i) => ({ ...i, sent: chinaTime(i.sentAt), status: i.readAt ? `已阅读 ${chinaTime(i.readAt)}` : '未阅读' })),
        });
      }
    },
    async open(e: WechatMiniprogram.CustomEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      const receipt = await run(this, () => call('service-read', { requestId: newRequestId(), serviceId: id }), { loading: '正在打开' });
      if (!receipt) return;
      const opened = await openDocument(receipt.url, receipt.url.includes('.html') ? 'text/html' : 'application/pdf').catch(() => ({}) as { html?: string });
      this.setData({ html: opened.html ?? '' });
      await this.load();
    },
    closeHtml() {
      this.setData({ html: '' });
    },
  },
});
