import * as z from 'zod';
import { ReviewOutcomes } from '#domain/filing';
import { RequestId } from './common';
import { id, personText } from './fields';

export const FilingReviewInput = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({
      requestId: RequestId,
      filingId: id({ min: 8 }),
      outcome: z.literal('accept'),
      procedure: z.enum(['ordinary', 'simplified']).default('ordinary'),
      /** The division that hears the case; by default the court's one division hearing its type (`divisionHearing`). */
      divisionId: id().optional(),
    }),
    z.strictObject({
      requestId: RequestId,
      filingId: id({ min: 8 }),
      outcome: z.literal('correction'),
      /** Every missing item in one notice (一次性告知). */
      items: z
        .array(personText(200, { min: 2, required: '补正事项应为文字', tooShort: '每一项补正事项请写清楚（至少2个字）', tooLong: '每一项补正事项最多200字' }), {
          error: '请列明需要补正的全部事项',
        })
        .min(1, '请列明需要补正的全部事项')
        .max(30, '补正事项最多30项'),
    }),
    z.strictObject({
      requestId: RequestId,
      filingId: id({ min: 8 }),
      outcome: z.literal('refuse'),
      /** 民事诉讼法 第一百二十六条: the refusal is a ruling, and a ruling gives its reasons. */
      reasons: personText(5000, { min: 10, lines: true, required: '请写明不予受理的理由', tooShort: '请写明不予受理的理由（至少10字）', tooLong: '理由过长' }),
    }),
  ],
  { error: `审查结果应为 ${ReviewOutcomes.join('、')}` },
);
export type FilingReviewInput = z.input<typeof FilingReviewInput>;

export const FilingReviewOutput = z.object({
  filingId: z.string(),
  state: z.enum(['accepted', 'correction', 'refused']),
  caseId: z.string().optional(),
  caseNumber: z.string().optional(),
  fee: z.object({ noticeId: z.string(), feeFen: z.number().int(), dueOn: z.string() }).optional(),
  correctionItems: z.array(z.string()).optional(),
  /** Who acts for a legal-person plaintiff without the papers that prove it (登记立案规定 第六条): what the registrar must have corrected. */
  unprovenRepresentation: z.array(z.object({ party: z.string(), capacity: z.string(), missing: z.array(z.string()) })).optional(),
});
export type FilingReviewOutput = z.infer<typeof FilingReviewOutput>;
