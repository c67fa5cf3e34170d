import { createHash } from 'node:crypto';
import { maskResidentId } from '#domain/identity';
import { AppError, assert, config, fetchFaceResult, findById, lookupHash, seal, sha256Hex, type ActionContext } from '#runtime';
import type { IdentityVerifyInput, IdentityVerifyOutput } from '#schemas/identity';
import type * as z from 'zod';

const IDENTITY_TAKEN = '该身份证号码已绑定其他微信账号；如需更换，请联系法院';
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * Real-name verification (人民法院在线诉讼规则 第七条): the face check must be this caller's,
 * recent, unused, and made for this name and ID number. The ID number is stored sealed, with
 * a keyed hash for lookup, and shown masked; one identity binds one WeChat account.
 */
export async function verifyIdentity(input: z.output<typeof IdentityVerifyInput>, ctx: ActionContext): Promise<IdentityVerifyOutput> {
  const face = await fetchFaceResult(input.verifyResult);
  assert(face.openid === ctx.caller.openid, 'NOT_VERIFIED', '人脸核身结果不属于当前微信账号，请本人重新识别');
  assert(face.nameMd5 === md5(input.name) && face.idCardNumberMd5 === md5(input.idNumber), 'NOT_VERIFIED', '人脸核身的姓名或身份证号码与填写的不一致');
  const ageMinutes = (ctx.now.getTime() - face.identifiedAt.getTime()) / 60_000;
  assert(ageMinutes <= config.MC_FACE_MAX_AGE_MINUTES, 'NOT_VERIFIED', '人脸核身结果已过期，请重新识别');

  const tokenId = sha256Hex(input.verifyResult);
  const idLookup = lookupHash('resident-id', input.idNumber);
  const [used, binding] = await Promise.all([findById(ctx.db, 'face_checks', tokenId), findById<{ openid: string }>(ctx.db, 'identity_bindings', idLookup)]);
  assert(!used, 'NOT_VERIFIED', '该次人脸核身结果已使用，请重新识别');
  if (binding && binding.openid !== ctx.caller.openid) throw new AppError('CONFLICT', IDENTITY_TAKEN);

  const previous = ctx.caller.user;
  const lawyerStatus: IdentityVerifyOutput['lawyerStatus'] = previous?.lawyerApprovedAt ? 'approved' : input.lawyer ? 'pending' : 'none';
  return ctx.commit(async (tx) => {
    await tx.collection('face_checks').add({ data: { _id: tokenId, openid: ctx.caller.openid, at: ctx.now } });
    // One identity, one account: the binding's id is the identity's lookup hash, so two accounts racing cannot both hold it.
    const bound = await findById<{ openid: string }>(tx, 'identity_bindings', idLookup);
    if (bound && bound.openid !== ctx.caller.openid) throw new AppError('CONFLICT', IDENTITY_TAKEN);
    if (!bound) await tx.collection('identity_bindings').add({ data: { _id: idLookup, openid: ctx.caller.openid, at: ctx.now } });
    await tx
      .collection('users')
      .doc(ctx.caller.openid)
      .set({
        data: {
          kind: input.lawyer || previous?.kind === 'lawyer' ? 'lawyer' : 'party',
          name: input.name,
          idSealed: seal(input.idNumber),
          idLookup,
          idMasked: maskResidentId(input.idNumber),
          verifiedAt: ctx.now,
          lastFaceAt: face.identifiedAt,
          ...(input.lawyer ? { lawyer: { ...input.lawyer, requestedAt: ctx.now } } : previous?.lawyer ? { lawyer: previous.lawyer } : {}),
          ...(previous?.lawyerApprovedAt ? { lawyerApprovedAt: previous.lawyerApprovedAt } : {}),
          ...(previous?.staff ? { staff: previous.staff } : {}),
        },
      });
    return { name: input.name, idMasked: maskResidentId(input.idNumber), verifiedAt: ctx.now.toISOString(), lawyerStatus };
  });
}
