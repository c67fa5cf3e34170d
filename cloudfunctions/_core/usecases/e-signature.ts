import { facePurposes, MAX_SIGNATURE_IMAGE_BYTES, SIGNATURE_IMAGE_TYPES, type ESignature } from '#domain/e-signature';
import { attachUpload, cloudPathOf, invalidField, type ActionContext, type Transaction } from '#runtime';
import { confirmFaceCheck, useFaceCheck, type FaceProof } from './face';

/**
 * An e-signature (人民法院在线诉讼规则 第三十三条) on one version of a document: the handwritten image
 * the signer drew and uploaded, a face check started for `facePurposes.signature(sha256)` of that
 * very version, both checked before the transaction; `commitSignature` spends the face check in it.
 * The caller stores the answer beside the document (a transcript, a mediation agreement).
 */
export async function prepareSignature(
  ctx: ActionContext,
  input: { caseId: string; documentSha256: string; version: number; image: string; verifyId: string; role: string },
): Promise<{ signature: ESignature; proof: FaceProof }> {
  const name = cloudPathOf(input.image);
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (!(SIGNATURE_IMAGE_TYPES as readonly string[]).includes(ext)) {
    throw invalidField('image', '手写签名应为 PNG 或 JPG 图片');
  }
  const proof = await confirmFaceCheck(ctx, input.verifyId, facePurposes.signature(input.documentSha256));
  const file = await attachUpload(ctx.cloud, ctx.caller.openid, input.image, `cases/${input.caseId}/signatures`);
  if (file.size > MAX_SIGNATURE_IMAGE_BYTES) {
    throw invalidField('image', '手写签名图片过大（不超过 512KB）', '手写签名图片过大');
  }
  const signature: ESignature = {
    openid: ctx.caller.openid,
    name: proof.name,
    role: input.role,
    documentSha256: input.documentSha256,
    version: input.version,
    image: { fileID: file.fileID, sha256: file.sha256, size: file.size },
    faceCheck: proof.checkId,
    signedAt: ctx.now,
  };
  return { signature, proof };
}

/** Inside the transaction that stores the signature: the face check is spent, once. */
export function commitSignature(tx: Transaction, prepared: { proof: FaceProof }, now: Date): Promise<void> {
  return useFaceCheck(tx, prepared.proof, now);
}
