import { call, newRequestId } from './call';
import { run } from './page';
import { requestFacialVerify } from './identity-verification';

/**
 * A fresh face check for one purpose (在线诉讼规则 第七条第三款: identity is checked again before
 * each hearing, mediation session and signature): the function opens the session for the purpose,
 * this phone runs WeChat's face check, and the action it is for takes the verifyId and spends it.
 * Answers undefined, with the reason on the page, when the check did not finish.
 */
export async function faceCheckFor(page: WechatMiniprogram.Component.TrivialInstance, purpose: string): Promise<string | undefined> {
  const started = await run(page, () => call('identity-verify', { op: 'check', requestId: newRequestId(), purpose }), { loading: '准备人脸识别' });
  if (!started || started.op !== 'check') return undefined;
  try {
    await requestFacialVerify(started.verifyId);
  } catch {
    page.setData({ error: '人脸识别未完成，请在光线充足处正对手机重试' });
    return undefined;
  }
  return started.verifyId;
}
