import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { assert, findById, maskPersonalData, query, seal, unseal, type ActionContext, type SealedValue } from '#runtime';
import type { FilingDraftInput, FilingDraftOutput } from '#schemas/drafts';

interface DraftRecord {
  _id: string;
  owner: string;
  /** A draft holds identity numbers as typed: the whole draft is sealed. */
  sealed: SealedValue;
  savedAt: Date;
}

const MAX_DRAFTS = 20;

/**
 * 立案草稿: save a filing in progress (sealed, it may hold ID numbers), or resume the caller's
 * drafts. A resumed draft shows ID numbers, mobiles and bank accounts masked, as every answer
 * does (个人信息保护法 第五十一条): the person types them again before submitting. Saving answers
 * the draft's id only, so the answer kept for a retry holds nothing of it.
 */
export async function filingDraft(input: z.output<typeof FilingDraftInput>, ctx: ActionContext): Promise<FilingDraftOutput> {
  const owner = ctx.caller.openid;
  const shown = (d: DraftRecord) => ({
    draftId: d._id,
    savedAt: d.savedAt.toISOString(),
    draft: maskPersonalData(JSON.parse(unseal(d.sealed)) as Record<string, unknown>),
  });
  if (!('draft' in input)) {
    if (input.draftId) {
      const draft = await findById<DraftRecord>(ctx.db, 'filing_drafts', input.draftId);
      assert(draft && draft.owner === owner, 'NOT_FOUND', '未找到该草稿');
      return { drafts: [shown(draft)] };
    }
    const drafts = await query<DraftRecord>(ctx.db.collection('filing_drafts').where({ owner }).orderBy('savedAt', 'desc').limit(MAX_DRAFTS));
    return { drafts: drafts.map(shown) };
  }
  const draftId = input.draftId ?? randomBytes(12).toString('hex');
  if (input.draftId) {
    const existing = await findById<DraftRecord>(ctx.db, 'filing_drafts', input.draftId, { owner: true });
    assert(existing && existing.owner === owner, 'NOT_FOUND', '未找到该草稿');
  }
  return ctx.commit(async (tx) => {
    await tx
      .collection('filing_drafts')
      .doc(draftId)
      .set({ data: { owner, sealed: seal(JSON.stringify(input.draft)), savedAt: ctx.now } });
    return { drafts: [{ draftId, savedAt: ctx.now.toISOString() }] };
  });
}
