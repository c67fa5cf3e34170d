import { randomBytes } from 'node:crypto';
import {
  assert,
  AppError,
  config,
  faceSessionOutcome,
  findById,
  idempotencyKey,
  openFaceSession,
  query,
  sha256Hex,
  unseal,
  type ActionContext,
  type CertInfo,
  type SealedValue,
  type Transaction,
} from '#runtime';

/**
 * Face checks (WeChat face verification 2.0), kept in `face_checks`: one for 实名认证
 * (`identity-verify` start/finish), and one per purpose (`identity-verify` `op: 'check'`) before an
 * act that must be the person's own at that moment: checking in to a hearing, joining a mediation
 * session, signing a document (人民法院在线诉讼规则 第七条第三款). A check for a purpose is used once,
 * for that purpose only, by the action that needs it (`confirmFaceCheck`, then `useFaceCheck` in
 * its transaction).
 */
export interface FaceCheck {
  _id: string;
  openid: string;
  outSeqNo: string;
  name: string;
  idSealed: SealedValue;
  idLookup: string;
  lawyer?: { licence: string; firm: string };
  /** What the check is for (`facePurposes` in `#domain/e-signature`); absent for 实名认证. */
  purpose?: string;
  startedAt: Date;
  expiresAt: Date;
  state: 'started' | 'used';
  usedAt?: Date;
  /**
   * The key of the call that opened it (`openingKey`; a unique index): a retry of that call finds
   * the check by it and answers its session, and a twin racing it collides on it.
   */
  requestKey: string;
  /** WeChat's session id, which the opening call answered. */
  verifyId: string;
  /** 实名认证's finish that used it: its key and its answer, so that a retry is answered from the check itself. */
  usedKey?: string;
  reply?: unknown;
}

export const faceCheckId = (verifyId: string) => sha256Hex(verifyId);

/** The key of one call on face checks (a hash of the caller and the requestId: no openid in the clear). */
export const faceCallKey = (ctx: Pick<ActionContext, 'caller' | 'requestId'>) => idempotencyKey('face-check', ctx.caller.openid, ctx.requestId ?? '');

/** The check a call with this key opened, if it did (one read, on the unique `requestKey`). */
export async function checkOpenedBy(ctx: Pick<ActionContext, 'db'>, key: string): Promise<FaceCheck | null> {
  const [found] = await query<FaceCheck>(ctx.db.collection('face_checks').where({ requestKey: key }).limit(1));
  return found ?? null;
}

/** The rows an aggregate answers (the SDK names them `list`). */
export async function aggregateRows<T>(pipeline: { end(): unknown }): Promise<T[]> {
  const res = (await (pipeline.end() as Promise<unknown>)) as { list?: T[]; data?: T[] };
  return res.list ?? res.data ?? [];
}

/** What the call that opened a check answered: its session, for wx.requestFacialVerify. */
export function sessionOf(check: Pick<FaceCheck, 'verifyId' | 'expiresAt'>) {
  return { verifyId: check.verifyId, expiresAt: new Date(check.expiresAt).toISOString() };
}

/**
 * Keeps a check just opened: one insert, with no transaction and no idempotency record, since the
 * check carries its call's key. A twin of the call (the same requestId) that inserted first makes
 * it collide on that key, and the twin's check is the answer (the session opened here is left
 * unused at WeChat, where it expires).
 */
export async function keepCheck(ctx: ActionContext, check: FaceCheck): Promise<FaceCheck> {
  if (await ctx.insertOne('face_checks', check)) return check;
  const first = await checkOpenedBy(ctx, check.requestKey);
  if (!first) throw new AppError('CONFLICT');
  return first;
}
export const certOf = (name: string, idNumber: string): CertInfo => ({ cert_type: 'IDENTITY_CARD', cert_name: name, cert_no: idNumber });

/** Opens a face-check session for the caller's verified identity; the phone then runs wx.requestFacialVerify. */
export async function openCheck(
  ctx: ActionContext,
  person: { name: string; idNumber: string; idSealed: SealedValue; idLookup: string },
  extra: Pick<FaceCheck, 'lawyer' | 'purpose'>,
): Promise<{ check: FaceCheck; verifyId: string }> {
  // out_seq_no: 5–32 of [0-9A-Za-z_-], unique under the AppID (getVerifyId). A fresh one per
  // attempt, so a start retried after a failed commit opens a new session instead of colliding.
  const outSeqNo = randomBytes(16).toString('hex');
  const opened = await openFaceSession({ outSeqNo, cert: certOf(person.name, person.idNumber), openid: ctx.caller.openid }, ctx.now);
  const maxAgeMs = Math.min(config.MC_FACE_MAX_AGE_MINUTES * 60_000, opened.expiresInSeconds * 1000);
  const check: FaceCheck = {
    _id: faceCheckId(opened.verifyId),
    openid: ctx.caller.openid,
    outSeqNo,
    name: person.name,
    idSealed: person.idSealed,
    idLookup: person.idLookup,
    ...(extra.lawyer ? { lawyer: extra.lawyer } : {}),
    ...(extra.purpose ? { purpose: extra.purpose } : {}),
    startedAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + maxAgeMs),
    state: 'started',
    requestKey: faceCallKey(ctx),
    verifyId: opened.verifyId,
  };
  return { check, verifyId: opened.verifyId };
}

/**
 * `identity-verify` `op: 'check'`: a face check of the verified caller for one purpose. Answers
 * what wx.requestFacialVerify takes; the action that needs the check sends its verifyId.
 */
export async function startPurposeCheck(ctx: ActionContext, purpose: string): Promise<{ op: 'check'; verifyId: string; purpose: string; expiresAt: string }> {
  const answer = (check: FaceCheck) => ({ op: 'check' as const, ...sessionOf(check), purpose: check.purpose ?? purpose });
  // The caller's sealed identity and, in the same round trip, the check this call's key opened if
  // it is a retry (answered from it: no WeChat session opened twice).
  const [user] = await aggregateRows<{ name?: string; idSealed?: SealedValue; idLookup?: string; opened: FaceCheck[] }>(
    ctx.db
      .collection('users')
      .aggregate()
      .match({ _id: ctx.caller.openid })
      .project({ name: true, idSealed: true, idLookup: true })
      .lookup({ from: 'face_checks', pipeline: [{ $match: { requestKey: faceCallKey(ctx) } }, { $limit: 1 }], as: 'opened' }),
  );
  const opened = user?.opened[0];
  if (opened) return answer(opened);
  assert(user?.name && user.idSealed && user.idLookup, 'NOT_VERIFIED', '请先完成实名认证，再进行人脸识别');
  const { check } = await openCheck(ctx, { name: user.name, idNumber: unseal(user.idSealed), idSealed: user.idSealed, idLookup: user.idLookup }, { purpose });
  return answer(await keepCheck(ctx, check));
}

/** A face check passed for a purpose, ready to be used once in the acting transaction. */
export interface FaceProof {
  checkId: string;
  purpose: string;
  name: string;
  at: Date;
}

/**
 * The caller's check for this purpose, passed (asked of WeChat, queryVerifyInfo), recent and not
 * used. Call before the transaction; `useFaceCheck` inside it spends the check.
 */
export async function confirmFaceCheck(ctx: ActionContext, verifyId: string, purpose: string): Promise<FaceProof> {
  const check = await findById<FaceCheck>(ctx.db, 'face_checks', faceCheckId(verifyId));
  assert(check && check.openid === ctx.caller.openid, 'NOT_VERIFIED', '未找到本微信账号发起的这次人脸识别，请重新识别');
  assert(check.purpose === purpose, 'NOT_VERIFIED', '这次人脸识别不是为本次办理发起的，请重新识别');
  assert(check.state === 'started', 'NOT_VERIFIED', '该次人脸识别结果已使用，请重新识别');
  assert(ctx.now < check.expiresAt, 'NOT_VERIFIED', '人脸识别结果已过期，请重新识别');
  const outcome = await faceSessionOutcome(
    { verifyId, outSeqNo: check.outSeqNo, cert: certOf(check.name, unseal(check.idSealed)), openid: check.openid },
    ctx.now,
  );
  if (!outcome.passed) {
    throw new AppError('NOT_VERIFIED', outcome.cancelled ? '人脸识别已取消，请重新识别' : '人脸识别未通过，请本人在光线充足处重新识别', {
      cause: new Error(outcome.detail),
    });
  }
  return { checkId: check._id, purpose, name: check.name, at: ctx.now };
}

/** Spends the check inside the acting transaction: two actions racing on one check cannot both use it. */
export async function useFaceCheck(tx: Transaction, proof: FaceProof, now: Date): Promise<void> {
  const current = await findById<FaceCheck>(tx, 'face_checks', proof.checkId);
  assert(current?.state === 'started' && current.purpose === proof.purpose, 'NOT_VERIFIED', '该次人脸识别结果已使用，请重新识别');
  await tx
    .collection('face_checks')
    .doc(proof.checkId)
    .update({ data: { state: 'used', usedAt: now } });
  await tx
    .collection('users')
    .doc(current.openid)
    .update({ data: { lastFaceAt: now } });
}
