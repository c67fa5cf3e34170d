import { randomBytes } from 'node:crypto';
import {
  assert,
  AppError,
  config,
  faceSessionOutcome,
  findById,
  openFaceSession,
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
}

export const faceCheckId = (verifyId: string) => sha256Hex(verifyId);
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
  };
  return { check, verifyId: opened.verifyId };
}

/**
 * `identity-verify` `op: 'check'`: a face check of the verified caller for one purpose. Answers
 * what wx.requestFacialVerify takes; the action that needs the check sends its verifyId.
 */
export async function startPurposeCheck(ctx: ActionContext, purpose: string): Promise<{ op: 'check'; verifyId: string; purpose: string; expiresAt: string }> {
  const previous = await ctx.previousAnswer<{ op: 'check'; verifyId: string; purpose: string; expiresAt: string }>();
  if (previous) return previous;
  const user = await findById<{ name?: string; idSealed?: SealedValue; idLookup?: string }>(ctx.db, 'users', ctx.caller.openid, {
    name: true,
    idSealed: true,
    idLookup: true,
  });
  assert(user?.name && user.idSealed && user.idLookup, 'NOT_VERIFIED', '请先完成实名认证，再进行人脸识别');
  const { check, verifyId } = await openCheck(
    ctx,
    { name: user.name, idNumber: unseal(user.idSealed), idSealed: user.idSealed, idLookup: user.idLookup },
    { purpose },
  );
  return ctx.commit(async (tx) => {
    await tx.collection('face_checks').add({ data: check });
    return { op: 'check', verifyId, purpose, expiresAt: check.expiresAt.toISOString() };
  });
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
