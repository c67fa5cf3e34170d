import * as z from 'zod';
import { checkResidentId } from '#domain/identity';
import { RequestId } from './common';

export const PersonName = z.string({ error: '请填写姓名' }).trim().min(2, '姓名至少2个字').max(50, '姓名过长');

export const ResidentId = z
  .string({ error: '请填写身份证号码' })
  .trim()
  .transform((id) => id.toUpperCase())
  .superRefine((id, ctx) => {
    const check = checkResidentId(id);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
  });

export const IdentityVerifyInput = z.object({
  requestId: RequestId,
  name: PersonName,
  idNumber: ResidentId,
  /** The token wx.startFacialRecognitionVerify gave the phone. */
  verifyResult: z.string({ error: '缺少人脸核身结果' }).min(8, '人脸核身结果无效').max(512, '人脸核身结果无效'),
  /** A lawyer adds licence and firm; court staff approve before the lawyer role is granted. */
  lawyer: z
    .object({
      licence: z.string().regex(/^\d{17}$/, '律师执业证号应为17位数字'),
      firm: z.string().trim().min(2, '请填写律师事务所名称').max(100, '律师事务所名称过长'),
    })
    .optional(),
});
export type IdentityVerifyInput = z.input<typeof IdentityVerifyInput>;

export const IdentityVerifyOutput = z.object({
  name: z.string(),
  idMasked: z.string(),
  verifiedAt: z.string(),
  lawyerStatus: z.enum(['none', 'pending', 'approved']),
});
export type IdentityVerifyOutput = z.infer<typeof IdentityVerifyOutput>;
