import * as z from 'zod';
import { RequestId } from './common';

/** 草稿: a filing in progress, any shape the wizard has reached, at most 200 KB. */
export const FilingDraftInput = z.union([
  z.object({
    requestId: RequestId,
    draftId: z
      .string()
      .regex(/^[0-9a-f]{24}$/)
      .optional(),
    draft: z.record(z.string(), z.unknown()).refine((draft) => JSON.stringify(draft).length <= 200_000, '草稿过大'),
  }),
  z
    .object({
      draftId: z
        .string()
        .regex(/^[0-9a-f]{24}$/, '草稿编号不正确')
        .optional(),
    })
    .strict(),
]);
export type FilingDraftInput = z.input<typeof FilingDraftInput>;
export const FilingDraftOutput = z.object({
  drafts: z.array(z.object({ draftId: z.string(), savedAt: z.string(), draft: z.record(z.string(), z.unknown()) })),
});
export type FilingDraftOutput = z.infer<typeof FilingDraftOutput>;
