import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { openDocument } from '../../lib/documents';
import { pageParam, run } from '../../lib/page';
import { CallError } from '../../lib/errors';

/** 阅卷: the case's documents; each opened through a short-lived link the court logs. */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' } },
  data: { documents: [] as { documentId: string; title: string; at: string; type: string }[], html: '', loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    async attached() {
      const list = await run(this, () => call('dossier-list', { caseId: this.caseId() }));
      if (list) this.setData({ documents: list.documents.map((d) => ({ documentId: d.documentId, title: d.title, at: chinaTime(d.at), type: d.type })) });
    },
  },
  methods: {
    caseId(): string {
      return pageParam(this);
    },
    async open(e: WechatMiniprogram.CustomEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      const opened = await run(
        this,
        async () => {
          const link = await call('dossier-url', { caseId: this.caseId(), documentId: id });
          try {
            return await openDocument(link.url, link.type);
          } catch {
            throw new CallError('NETWORK', '文书下载失败');
          }
        },
        { loading: '正在打开' },
      );
      this.setData({ html: opened?.html ?? '' });
    },
    closeHtml() {
      this.setData({ html: '' });
    },
  },
});
