/**
 * 电子签名 (人民法院在线诉讼规则 第三十三条): a participant signs a document online by a handwritten
 * signature drawn on the phone, bound to a fresh face check of that person (第七条) and to the
 * SHA-256 of the exact version signed. A document edited after anyone signed is a new version,
 * which needs every signature again (民事诉讼法 第一百五十条: the transcript the parties sign is the
 * one they read). Pure rules; the use case `usecases/e-signature.ts` stores and checks the images.
 */

/**
 * What a face check is for (在线诉讼规则 第七条第三款: identity is checked again before each
 * mediation, evidence exchange and hearing): a check started for one purpose is used only for it.
 */
export const facePurposes = {
  /** Check-in to one hearing of one case. */
  hearing: (caseId: string, hearingId: string) => `hearing:${caseId}:${hearingId}`,
  /** One online mediation session. */
  mediationSession: (sessionId: string) => `mediation-session:${sessionId}`,
  /** Signing the one document version whose SHA-256 this is. */
  signature: (sha256: string) => `sign:${sha256}`,
};

/** A purpose as the phone sends it: `<kind>:<ids>`, kind in lower case. */
export const FACE_PURPOSE = /^[a-z][a-z-]{0,31}:[A-Za-z0-9:_.-]{1,200}$/;

/** One e-signature on one version of a document. */
export interface ESignature {
  /** The signer's openid and name as verified; their role on the case when they signed. */
  openid: string;
  name: string;
  role: string;
  /** SHA-256 (hex) of the exact bytes or canonical text signed. */
  documentSha256: string;
  /** The document version the hash is of (1, 2, …). */
  version: number;
  /** The handwritten signature image, stored in the case's folder, with its own SHA-256. */
  image: { fileID: string; sha256: string; size: number };
  /** The face check (its id in `face_checks`) passed for this very signature. */
  faceCheck: string;
  signedAt: Date;
}

/** Whether a signature stands for the document as it now is. */
export const signsVersion = (signature: Pick<ESignature, 'documentSha256'>, sha256: string) => signature.documentSha256 === sha256;

/** Who of `required` (openids) has not yet signed the version whose hash is `sha256`. */
export function unsigned(required: readonly string[], signatures: readonly Pick<ESignature, 'openid' | 'documentSha256'>[], sha256: string): string[] {
  return required.filter((openid) => !signatures.some((s) => s.openid === openid && signsVersion(s, sha256)));
}

/** Every required signer has signed this version. */
export const fullySigned = (required: readonly string[], signatures: readonly Pick<ESignature, 'openid' | 'documentSha256'>[], sha256: string) =>
  unsigned(required, signatures, sha256).length === 0;

/** A handwritten signature image as the phone's canvas exports it: PNG or JPEG, small. */
export const SIGNATURE_IMAGE_TYPES = ['png', 'jpg', 'jpeg'] as const;
export const MAX_SIGNATURE_IMAGE_BYTES = 512 * 1024;
