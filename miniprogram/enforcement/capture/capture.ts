import { largeText } from '../../lib/large-text';
import { call, newRequestId } from '../../lib/call';
import { envOf } from '../../lib/env';
import { CallError } from '../../lib/errors';
import { pageParam, run } from '../../lib/page';
import type { EnforcementActInput } from '../../../cloudfunctions/_core/schemas/enforcement';

type LogInput = Extract<EnforcementActInput, { op: 'log' }>;
/** A log captured on the phone, kept until the court has it: its own id makes a second sync the same log. */
interface Queued {
  input: LogInput;
  /** The photo or video on the phone, uploaded when the network allows. */
  localPath?: string;
  fileName?: string;
}

const QUEUE_KEY = 'enforcement-log-queue';
const UPLOAD_DIR_KEY = 'enforcement-upload-dir';

const readQueue = (): Queued[] => (wx.getStorageSync(QUEUE_KEY) as Queued[] | '') || [];
const writeQueue = (queue: Queued[]) => wx.setStorageSync(QUEUE_KEY, queue);

/**
 * 记录执行日志: a photo or video from the camera (wx.chooseMedia) or a text, with the place
 * (wx.getLocation) and the capture time. Each log goes into a queue on the phone first, so one taken
 * without network is kept and synced later; the court keeps it once however often it is sent.
 */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' } },
  data: { text: '', internal: '', pending: 0, synced: 0, loading: false, error: '', fieldErrors: {} },
  lifetimes: {
    attached() {
      this.setData({ pending: readQueue().length });
      void this.start();
    },
  },
  methods: {
    /** The caller's upload area (session-info), kept on the phone for the uploads of logs taken offline. */
    async start() {
      const session = await call('session-info', {}).catch(() => null);
      if (session?.uploadDir) wx.setStorageSync(UPLOAD_DIR_KEY, session.uploadDir);
      await this.sync();
    },
    enforcementId(): string {
      return pageParam(this);
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    onInternal(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ internal: e.detail.value });
    },
    async place(): Promise<LogInput['place']> {
      try {
        const at = await wx.getLocation({ type: 'gcj02' });
        return { latitude: at.latitude, longitude: at.longitude };
      } catch {
        return undefined;
      }
    },
    async shoot(e: WechatMiniprogram.TouchEvent) {
      const kind = e.currentTarget.dataset.kind as 'photo' | 'video';
      let chosen: WechatMiniprogram.ChooseMediaSuccessCallbackResult;
      try {
        chosen = await wx.chooseMedia({ count: 1, mediaType: [kind === 'photo' ? 'image' : 'video'], sourceType: ['camera'], maxDuration: 60 });
      } catch {
        return;
      }
      const file = chosen.tempFiles[0];
      if (!file) return;
      const place = await this.place();
      await this.enqueue({ localPath: file.tempFilePath, fileName: `${kind}-${Date.now()}.${kind === 'photo' ? 'jpg' : 'mp4'}` }, kind, place);
    },
    async saveText() {
      if (!this.data.text) {
        this.setData({ error: '请填写日志内容' });
        return;
      }
      await this.enqueue({}, 'text', await this.place());
    },
    async enqueue(media: Omit<Queued, 'input'>, kind: LogInput['kind'], place: LogInput['place']) {
      const input: LogInput = {
        op: 'log',
        requestId: newRequestId(),
        enforcementId: this.enforcementId(),
        clientId: newRequestId(),
        kind,
        capturedAt: new Date().toISOString(),
        ...(place ? { place } : {}),
        ...(this.data.text ? { text: this.data.text } : {}),
        ...(this.data.internal ? { internal: this.data.internal } : {}),
      };
      const queue = [...readQueue(), { input, ...media }];
      writeQueue(queue);
      this.setData({ pending: queue.length, text: '', internal: '' });
      await this.sync();
    },
    /** Sends every queued log; one that fails stays queued for the next try, in order. */
    async sync() {
      const queue = readQueue();
      let synced = 0;
      for (const item of queue) {
        const sent = await run(this, async () => {
          let input = item.input;
          if (item.localPath && !input.file) {
            const uploadDir = wx.getStorageSync(UPLOAD_DIR_KEY) as string;
            if (!uploadDir) throw new CallError('NETWORK', '网络连接失败');
            // Into the environment of the function that attaches it (court-2), which hashes it there.
            const uploaded = await wx.cloud.uploadFile({
              cloudPath: `${uploadDir}/${item.fileName ?? 'log'}`,
              filePath: item.localPath,
              config: { env: envOf('enforcement-act') },
            });
            input = { ...input, file: uploaded.fileID };
            item.input = input;
            writeQueue(readQueue().map((q) => (q.input.clientId === input.clientId ? item : q)));
          }
          return call('enforcement-act', input);
        });
        if (!sent) break;
        synced += 1;
        writeQueue(readQueue().filter((q) => q.input.clientId !== item.input.clientId));
      }
      this.setData({ pending: readQueue().length, synced: this.data.synced + synced });
    },
  },
});
