import * as z from 'zod';
import { checkResidentId } from '#domain/identity';
import { FACE_PURPOSE } from '#domain/e-signature';
import { RequestId } from './common';
import { code, FaceVerifyId, PersonName, personText } from './fields';

export { PersonName };

export const ResidentId = z
  .string({ error: '请填写身份证号码' })
  .max(20, '身份证号码应为18位，最后一位可以是数字或X')
  .trim()
  .transform((id) => id.toUpperCase())
  .superRefine((id, ctx) => {
    const check = checkResidentId(id);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
  });

const Lawyer = z.strictObject({
  licence: code(/^\d{17}$/, 17, '律师执业证号应为17位数字', '请填写律师执业证号'),
  firm: personText(100, { min: 2, required: '请填写律师事务所名称', tooShort: '请填写律师事务所名称', tooLong: '律师事务所名称过长' }),
});

/**
 * 实名认证 in two calls, as WeChat's face check 2.0 runs: `start` opens a face-check session for
 * the name and ID number (getVerifyId) and answers its verifyId for wx.requestFacialVerify;
 * `finish` asks WeChat for that session's real result (queryVerifyInfo) and binds the identity.
 */
export const IdentityVerifyInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('start'),
      requestId: RequestId,
      name: PersonName,
      idNumber: ResidentId,
      /** A lawyer adds licence and firm; court staff approve before the lawyer role is granted. */
      lawyer: Lawyer.optional(),
    }),
    z.strictObject({
      /**
       * A face check for one purpose (在线诉讼规则 第七条第三款: before each hearing, mediation, signature),
       * of the identity already verified: `hearing:<caseId>:<hearingId>`, `mediation-session:<id>`,
       * `sign:<sha256 of the version signed>`. The action it is for takes the verifyId.
       */
      op: z.literal('check'),
      requestId: RequestId,
      purpose: z
        .string({ error: '缺少人脸识别的用途' })
        .max(200, '人脸识别的用途不正确，请更新小程序后重试')
        .regex(FACE_PURPOSE, '人脸识别的用途不正确，请更新小程序后重试'),
    }),
    z.strictObject({
      op: z.literal('finish'),
      requestId: RequestId,
      /** The session the start call opened, after wx.requestFacialVerify on this phone. */
      verifyId: FaceVerifyId,
    }),
  ],
  { error: '请说明是开始（start）还是完成（finish）人脸核身' },
);
export type IdentityVerifyInput = z.input<typeof IdentityVerifyInput>;

export const FaceSessionOutput = z.object({
  op: z.literal('start'),
  /** What wx.requestFacialVerify takes. */
  verifyId: z.string(),
  expiresAt: z.string(),
});

export const IdentityVerifiedOutput = z.object({
  op: z.literal('finish'),
  name: z.string(),
  idMasked: z.string(),
  verifiedAt: z.string(),
  lawyerStatus: z.enum(['none', 'pending', 'approved']),
  /** A signed ticket of this verification, for the claims plug-in's declaration (runtime/ticket.ts). */
  ticket: z.string().optional(),
});

export const FaceCheckOutput = z.object({
  op: z.literal('check'),
  verifyId: z.string(),
  purpose: z.string(),
  expiresAt: z.string(),
});

export const IdentityVerifyOutput = z.discriminatedUnion('op', [FaceSessionOutput, FaceCheckOutput, IdentityVerifiedOutput]);
export type IdentityVerifyOutput = z.infer<typeof IdentityVerifyOutput>;
