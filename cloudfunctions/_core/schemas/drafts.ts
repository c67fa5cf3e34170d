import * as z from 'zod';
import { RequestId } from './common';
import { code, jsonObject } from './fields';

/** A draft is what a form holds: a few levels of objects and lists, at most 200 KB. */
const Draft = jsonObject({ depth: 12, chars: 200_000, width: 500 });

/** 草稿: a filing in progress, any shape the wizard has reached, at most 200 KB. */
export const FilingDraftInput = z.union([
  z.strictObject({
    requestId: RequestId,
    draftId: code(/^[0-9a-f]{24}$/, 24, '草稿编号不正确').optional(),
    draft: Draft,
  }),
  z
    .object({
      draftId: code(/^[0-9a-f]{24}$/, 24, '草稿编号不正确').optional(),
    })
    .strict(),
]);
export type FilingDraftInput = z.input<typeof FilingDraftInput>;
export const FilingDraftOutput = z.object({
  /** Saving answers the draft's id and time; resuming, each draft too, its ID numbers and mobiles masked. */
  drafts: z.array(z.object({ draftId: z.string(), savedAt: z.string(), draft: z.record(z.string(), z.unknown()).optional() })),
});
export type FilingDraftOutput = z.infer<typeof FilingDraftOutput>;
