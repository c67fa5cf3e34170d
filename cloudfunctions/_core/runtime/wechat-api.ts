import { createHash } from 'node:crypto';
import { config, requireConfig } from './config';
import { AppError } from './errors';
import { instanceCache } from './instance-cache';

/** WeChat's own answer to every HTTPS API call: `errcode` 0 (or absent) is success. */
interface WeChatReply {
  errcode?: number;
  errmsg?: string;
}

/** Refusals of the access token itself: the token is fetched again and the call made once more. */
const TOKEN_REFUSED = new Set([40001, 40014, 42001]);
/** A token is used until this long before the expiry WeChat gives it, so a call never carries a stale one. */
const TOKEN_MARGIN_MS = 5 * 60_000;

async function postJson<T extends WeChatReply>(path: string, body: unknown): Promise<T> {
  try {
    const res = await fetch(`${config.MC_WX_API_BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    });
    return (await res.json()) as T;
  } catch (error) {
    throw new AppError('RATE_LIMITED', '微信服务暂时不可用，请稍后重试', { cause: error });
  }
}

interface StableToken extends WeChatReply {
  access_token?: string;
  expires_in?: number;
}

/**
 * The mini-program's access_token from getStableAccessToken (POST /cgi-bin/stable_token,
 * grant_type client_credential), for the APIs that take no cloud call. In normal mode WeChat
 * answers the same token while it is valid, so instances sharing the AppSecret never revoke
 * each other's; each instance keeps it until shortly before its expiry.
 */
async function stableToken(appid: string, forceRefresh: boolean): Promise<{ value: string; ttlMs: number }> {
  const reply = await postJson<StableToken>('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid,
    secret: requireConfig('MC_WX_APPSECRET'),
    ...(forceRefresh ? { force_refresh: true } : {}),
  });
  if (reply.errcode || !reply.access_token) {
    throw new AppError('INTERNAL', '微信接口调用凭证获取失败', { cause: new Error(`stable_token: ${reply.errcode ?? ''} ${reply.errmsg ?? ''}`) });
  }
  return { value: reply.access_token, ttlMs: Math.max(0, (reply.expires_in ?? 0) * 1000 - TOKEN_MARGIN_MS) };
}

const accessTokens = instanceCache(
  (token: { value: string; ttlMs: number }) => token.ttlMs,
  (appid) => stableToken(appid, false),
);

/**
 * POST an HTTPS API with the access token. A refused token is replaced once, in force_refresh
 * mode: normal mode would answer the same token while WeChat still counts it unexpired.
 */
async function callWithToken<T extends WeChatReply>(path: string, body: unknown, now: Date): Promise<T> {
  const appid = requireConfig('MC_WX_APPID');
  const send = (token: { value: string }) => postJson<T>(`${path}?access_token=${encodeURIComponent(token.value)}`, body);
  const token = await accessTokens.get(appid, now);
  if (!token) throw new AppError('INTERNAL', '微信接口调用凭证获取失败');
  const reply = await send(token);
  if (reply.errcode === undefined || !TOKEN_REFUSED.has(reply.errcode)) return reply;
  // The next call asks again in normal mode, which then answers the token forced here.
  accessTokens.clear();
  return send(await stableToken(appid, true));
}

/** The person whose face is checked, as getVerifyId takes it. */
export interface CertInfo {
  cert_type: 'IDENTITY_CARD';
  cert_name: string;
  cert_no: string;
}

/**
 * cert_hash of queryVerifyInfo: each field of cert_info in standard base64, joined as
 * `cert_type=…&cert_name=…&cert_no=…`, then SHA-256 in lower-case hex (查询用户人脸核身真实验证结果, 注意事项).
 */
export function certHash(cert: CertInfo): string {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return createHash('sha256')
    .update(`cert_type=${b64(cert.cert_type)}&cert_name=${b64(cert.cert_name)}&cert_no=${b64(cert.cert_no)}`, 'utf8')
    .digest('hex');
}

/**
 * getVerifyId (POST /cityservice/face/identify/getverifyid): opens a face-check session for
 * this person and this WeChat account; the phone then runs wx.requestFacialVerify({ verifyId }).
 */
export async function openFaceSession(
  session: { outSeqNo: string; cert: CertInfo; openid: string },
  now: Date,
): Promise<{ verifyId: string; expiresInSeconds: number }> {
  const reply = await callWithToken<WeChatReply & { verify_id?: string; expires_in?: number }>(
    '/cityservice/face/identify/getverifyid',
    { out_seq_no: session.outSeqNo, cert_info: session.cert, openid: session.openid },
    now,
  );
  if (reply.errcode || !reply.verify_id) {
    throw new AppError('RATE_LIMITED', '暂时无法发起人脸核身，请稍后重试', { cause: new Error(`getverifyid: ${reply.errcode ?? ''} ${reply.errmsg ?? ''}`) });
  }
  return { verifyId: reply.verify_id, expiresInSeconds: reply.expires_in ?? 3600 };
}

/** verify_ret values meaning the person stopped the check (查询用户人脸核身真实验证结果, 枚举信息). */
const CANCELLED = new Set([90002, 90003, 90004, 90005, 90006]);

export type FaceOutcome = { passed: true } | { passed: false; cancelled: boolean; detail: string };

/**
 * queryVerifyInfo (POST /cityservice/face/identify/queryverifyinfo): the check's real result,
 * asked server side, never taken from the phone. WeChat compares out_seq_no, cert_hash and
 * openid with the session's and answers a mismatch with an errcode; a pass is errcode 0 and
 * verify_ret 10000.
 */
export async function faceSessionOutcome(session: { verifyId: string; outSeqNo: string; cert: CertInfo; openid: string }, now: Date): Promise<FaceOutcome> {
  const reply = await callWithToken<WeChatReply & { verify_ret?: number }>(
    '/cityservice/face/identify/queryverifyinfo',
    { verify_id: session.verifyId, out_seq_no: session.outSeqNo, cert_hash: certHash(session.cert), openid: session.openid },
    now,
  );
  if (!reply.errcode && reply.verify_ret === 10000) return { passed: true };
  const cancelled = !reply.errcode && reply.verify_ret !== undefined && CANCELLED.has(reply.verify_ret);
  return { passed: false, cancelled, detail: `${reply.errcode ?? 0} ${reply.errmsg ?? ''} verify_ret=${reply.verify_ret ?? ''}` };
}
