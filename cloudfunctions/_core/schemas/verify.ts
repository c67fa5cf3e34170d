import * as z from 'zod';
import { RequestId } from './common';
import { CaseId, personText } from './fields';

/**
 * 核验: `chain` checks a case's whole record chain (全程留痕) and its sealed head; `representation`
 * is the court examining the papers of one who joined for a legal-person party (民诉法解释 第五十条):
 * accepted, they act for it; rejected, with reasons, they are off the case.
 */
export const CaseVerifyInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('chain'), caseId: CaseId }),
    z
      .strictObject({
        op: z.literal('representation'),
        requestId: RequestId,
        caseId: CaseId,
        /** The legal-person party (its place in the case's parties) whose representative's papers are examined. */
        party: z.number({ error: '请选择单位当事人' }).int().min(0).max(49),
        decision: z.enum(['accept', 'reject'], { error: '审核结论应为 accept（认可）或 reject（不予认可）' }),
        reason: personText(500, {
          min: 4,
          lines: true,
          required: '请写明不予认可的理由',
          tooShort: '请写明不予认可的理由（至少4字）',
          tooLong: '理由最多500字',
        }).optional(),
      })
      .refine((input) => input.decision === 'accept' || input.reason !== undefined, { message: '不予认可须写明理由', path: ['reason'] }),
  ],
  { error: '核验事项应为 chain（案件记录链）或 representation（单位代表资格）' },
);
export type CaseVerifyInput = z.input<typeof CaseVerifyInput>;

export const ChainVerdictOutput = z.object({
  op: z.literal('chain'),
  /** Every event read, linked and hashed as recorded, ending at the case's own head. */
  intact: z.boolean(),
  events: z.number().int(),
  /** Whether the case's head carries the seal of the court's chain key: `missing` only on a chain with no event (a head of events without its seal is `invalid`). */
  seal: z.enum(['valid', 'invalid', 'missing']),
  brokenAt: z.number().int().optional(),
  reason: z.string().optional(),
  checkedAt: z.string(),
});

export const CaseVerifyOutput = z.discriminatedUnion('op', [
  ChainVerdictOutput,
  z.object({
    op: z.literal('representation'),
    party: z.string(),
    decision: z.enum(['accept', 'reject']),
    /** Documents that awaited service on the party, served on the platform now that its representative is recognised. */
    served: z.number().int(),
  }),
]);
export type CaseVerifyOutput = z.infer<typeof CaseVerifyOutput>;
