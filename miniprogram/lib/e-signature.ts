import type { PhoneActionName } from '../../cloudfunctions/_core/contract';
import { facePurposes } from '../shared/e-signature';
import { call } from './call';
import { envOf } from './env';
import { faceCheckFor } from './face-check';
import { run } from './page';

type Instance = WechatMiniprogram.Component.TrivialInstance;

/**
 * 电子签名 as the phone makes it (在线诉讼规则 第三十三条): the handwritten signature drawn on the
 * pad, uploaded into the storage of the function that attaches it, and a fresh face check for
 * this very version (its SHA-256). Answers what the signing action takes, or undefined with the
 * reason on the page.
 */
export async function eSignature(page: Instance, action: PhoneActionName, sha256: string): Promise<{ image: string; verifyId: string } | undefined> {
  const pad = page.selectComponent('.signature') as unknown as { exportImage(): Promise<string> } | null;
  if (!pad || !(page.data as { drawn?: boolean }).drawn) {
    page.setData({ error: '请先在签名板上手写签名' });
    return undefined;
  }
  const image = await run(
    page,
    async () => {
      const [filePath, session] = await Promise.all([pad.exportImage(), call('session-info', {})]);
      const uploaded = await wx.cloud.uploadFile({ cloudPath: `${session.uploadDir}/签名-${Date.now()}.png`, filePath, config: { env: envOf(action) } });
      return uploaded.fileID;
    },
    { loading: '正在上传签名' },
  );
  if (!image) return undefined;
  const verifyId = await faceCheckFor(page, facePurposes.signature(sha256));
  return verifyId ? { image, verifyId } : undefined;
}
