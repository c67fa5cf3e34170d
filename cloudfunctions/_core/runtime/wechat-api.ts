import { config } from './config';
import { AppError } from './errors';

/** What WeChat's face-verification result API says about one `verify_result`. */
export interface FaceResult {
  openid: string;
  identifiedAt: Date;
  idCardNumberMd5: string;
  nameMd5: string;
}

interface FaceReply {
  errcode: number;
  errmsg?: string;
  identify_ret?: number;
  identify_time?: number;
  openid?: string;
  id_card_number_md5?: string;
  name_utf8_md5?: string;
}

/**
 * POST /cityservice/face/identify/getinfo with the cloud-call credential SCF gives every
 * invocation (WX_API_TOKEN, sent as cloudbase_access_token). The token from
 * wx.startFacialRecognitionVerify is checked here, server side, never trusted from the phone.
 */
export async function fetchFaceResult(verifyResult: string): Promise<FaceResult> {
  const token = process.env.WX_API_TOKEN ?? '';
  const url = `${config.MC_WX_API_BASE}/cityservice/face/identify/getinfo?cloudbase_access_token=${encodeURIComponent(token)}`;
  let reply: FaceReply;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verify_result: verifyResult }),
      signal: AbortSignal.timeout(3000),
    });
    reply = (await res.json()) as FaceReply;
  } catch (error) {
    throw new AppError('RATE_LIMITED', '人脸核身服务暂时不可用，请稍后重试', { cause: error });
  }
  if (reply.errcode !== 0 || reply.identify_ret !== 0 || !reply.openid || !reply.id_card_number_md5 || !reply.name_utf8_md5) {
    throw new AppError('NOT_VERIFIED', '人脸核身未通过或结果已失效，请重新进行人脸识别');
  }
  return {
    openid: reply.openid,
    identifiedAt: new Date((reply.identify_time ?? 0) * 1000),
    idCardNumberMd5: reply.id_card_number_md5,
    nameMd5: reply.name_utf8_md5,
  };
}
