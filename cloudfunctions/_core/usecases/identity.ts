import { maskResidentId } from '#domain/identity';
import { AppError, assert, faceSessionOutcome, findById, issueTicket, lookupHash, seal, unseal, type ActionContext } from '#runtime';
import { certOf, faceCheckId, openCheck, startPurposeCheck, type FaceCheck } from './face';
import type { IdentityVerifyInput, IdentityVerifyOutput } from '#schemas/identity';
import type * as z from 'zod';

const IDENTITY_TAKEN = '该身份证号码已绑定其他微信账号；如需更换，请联系法院';
const ACCOUNT_TAKEN = '本账号已实名为他人，如需变更请联系法院';

type Input = z.output<typeof IdentityVerifyInput>;
type StartInput = Extract<Input, { op: 'start' }>;
type CheckInput = Extract<Input, { op: 'check' }>;
type FinishInput = Extract<Input, { op: 'finish' }>;
type Verified = Extract<IdentityVerifyOutput, { op: 'finish' }>;
type Session = Extract<IdentityVerifyOutput, { op: 'start' }>;

/**
 * Real-name verification (人民法院在线诉讼规则 第七条) with WeChat's face check 2.0: the function
 * opens the session for the name and ID number given, the phone runs the check, and the result
 * is asked of WeChat server side. The check must be this caller's, recent, and used once. The ID
 * number is stored sealed, with a keyed hash for lookup, and shown masked; one identity binds
 * one WeChat account.
 */
export async function verifyIdentity(input: Input, ctx: ActionContext): Promise<IdentityVerifyOutput> {
  if (input.op === 'check') return startPurposeCheck(ctx, (input satisfies CheckInput).purpose);
  return input.op === 'start' ? startFaceCheck(input, ctx) : finishFaceCheck(input, ctx);
}

/**
 * One account, one person: an account verified as someone stays that person. A change of identity
 * goes through the court, which unbinds the first one; otherwise the old binding would stay held
 * by an account that is now somebody else.
 */
function assertAccountFree(user: { idLookup?: string | undefined } | null | undefined, idLookup: string): void {
  if (user?.idLookup && user.idLookup !== idLookup) throw new AppError('CONFLICT', ACCOUNT_TAKEN);
}

async function assertIdentityFree(ctx: ActionContext, idLookup: string): Promise<void> {
  assertAccountFree(ctx.caller.user, idLookup);
  const binding = await findById<{ openid: string }>(ctx.db, 'identity_bindings', idLookup);
  if (binding && binding.openid !== ctx.caller.openid) throw new AppError('CONFLICT', IDENTITY_TAKEN);
}

async function startFaceCheck(input: StartInput, ctx: ActionContext): Promise<Session> {
  const previous = await ctx.previousAnswer<Session>();
  if (previous) return previous;
  const idLookup = lookupHash('resident-id', input.idNumber);
  // An identity held by another account is refused before anyone's face is scanned.
  await assertIdentityFree(ctx, idLookup);
  const { check, verifyId } = await openCheck(
    ctx,
    { name: input.name, idNumber: input.idNumber, idSealed: seal(input.idNumber), idLookup },
    input.lawyer ? { lawyer: input.lawyer } : {},
  );
  return ctx.commit(async (tx) => {
    await tx.collection('face_checks').add({ data: check });
    return { op: 'start', verifyId, expiresAt: check.expiresAt.toISOString() };
  });
}

async function finishFaceCheck(input: FinishInput, ctx: ActionContext): Promise<Verified> {
  const previousAnswer = await ctx.previousAnswer<Verified>();
  if (previousAnswer) return previousAnswer;
  const check = await findById<FaceCheck>(ctx.db, 'face_checks', faceCheckId(input.verifyId));
  assert(check && check.openid === ctx.caller.openid, 'NOT_VERIFIED', '未找到本微信账号发起的这次人脸核身，请重新识别');
  // A check started for a hearing or a signature is that act's, not a new verification.
  assert(!check.purpose, 'NOT_VERIFIED', '这次人脸识别是为其他事项发起的，请重新进行实名认证');
  assert(check.state === 'started', 'NOT_VERIFIED', '该次人脸核身结果已使用，请重新识别');
  assert(ctx.now < check.expiresAt, 'NOT_VERIFIED', '人脸核身结果已过期，请重新识别');
  const idNumber = unseal(check.idSealed);
  const outcome = await faceSessionOutcome(
    { verifyId: input.verifyId, outSeqNo: check.outSeqNo, cert: certOf(check.name, idNumber), openid: check.openid },
    ctx.now,
  );
  if (!outcome.passed) {
    throw new AppError('NOT_VERIFIED', outcome.cancelled ? '人脸核身已取消，请重新识别' : '人脸核身未通过，请本人在光线充足处重新识别', {
      cause: new Error(outcome.detail),
    });
  }
  await assertIdentityFree(ctx, check.idLookup);

  const previous = ctx.caller.user;
  const lawyerStatus: Verified['lawyerStatus'] = previous?.lawyerApprovedAt ? 'approved' : check.lawyer ? 'pending' : 'none';
  return ctx.commit(async (tx) => {
    // Used once: the session is re-read inside the transaction, so two finishes cannot both use it.
    const current = await findById<FaceCheck>(tx, 'face_checks', check._id);
    assert(current?.state === 'started', 'NOT_VERIFIED', '该次人脸核身结果已使用，请重新识别');
    await tx
      .collection('face_checks')
      .doc(check._id)
      .update({ data: { state: 'used', usedAt: ctx.now } });
    assertAccountFree(await findById<{ idLookup?: string }>(tx, 'users', ctx.caller.openid), check.idLookup);
    // One identity, one account: the binding's id is the identity's lookup hash, so two accounts racing cannot both hold it.
    const bound = await findById<{ openid: string }>(tx, 'identity_bindings', check.idLookup);
    if (bound && bound.openid !== ctx.caller.openid) throw new AppError('CONFLICT', IDENTITY_TAKEN);
    if (!bound) await tx.collection('identity_bindings').add({ data: { _id: check.idLookup, openid: ctx.caller.openid, at: ctx.now } });
    await tx
      .collection('users')
      .doc(ctx.caller.openid)
      .set({
        data: {
          kind: check.lawyer || previous?.kind === 'lawyer' ? 'lawyer' : 'party',
          name: check.name,
          idSealed: check.idSealed,
          idLookup: check.idLookup,
          idMasked: maskResidentId(idNumber),
          verifiedAt: ctx.now,
          lastFaceAt: ctx.now,
          ...(check.lawyer ? { lawyer: { ...check.lawyer, requestedAt: ctx.now } } : previous?.lawyer ? { lawyer: previous.lawyer } : {}),
          ...(previous?.lawyerApprovedAt ? { lawyerApprovedAt: previous.lawyerApprovedAt } : {}),
          ...(previous?.staff ? { staff: previous.staff } : {}),
        },
      });
    const ticket = issueTicket(ctx.caller.openid, { name: check.name, idLookup: check.idLookup, verifiedAt: ctx.now }, ctx.now);
    return { op: 'finish', name: check.name, idMasked: maskResidentId(idNumber), verifiedAt: ctx.now.toISOString(), lawyerStatus, ticket };
  });
}
