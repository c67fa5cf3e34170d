import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { run } from '../../lib/page';
import type { CaseQueryOutput } from '../../../cloudfunctions/_core/schemas/cases';

/** The query code from a scanned mini-program code (scene "c=<code>") or a pasted code. */
export function codeFrom(scanned: string): string | null {
  const match = /(?:c=|c%3D)([0-9a-f]{16})/.exec(scanned) ?? /^([0-9a-f]{16})$/.exec(scanned.trim());
  return match?.[1] ?? null;
}

/** 扫码查案: scan the QR code on the acceptance notice. What the public may know, no names. */
Component({
  behaviors: [largeText],
  data: { result: null as CaseQueryOutput | null, loading: false, error: '', fieldErrors: {} },
  methods: {
    async startScan() {
      let scanned: string;
      try {
        const res = await wx.scanCode({ onlyFromCamera: false });
        scanned = `${res.path ?? ''} ${res.result ?? ''}`;
      } catch {
        return;
      }
      await this.query(scanned);
    },
    async query(scanned: string) {
      const code = codeFrom(scanned);
      if (!code) {
        this.setData({ error: '这不是微法院受理通知书上的二维码', result: null });
        return;
      }
      const result = await run(this, () => call('case-query', { code }));
      this.setData({ result: result ?? null });
    },
  },
});
