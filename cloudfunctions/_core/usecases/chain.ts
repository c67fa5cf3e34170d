import * as z from 'zod';
import { headSeal, verifyCaseChain, type ActionContext } from '#runtime';
import type { CaseVerifyInput, CaseVerifyOutput } from '#schemas/verify';
import { authorize } from './access';
import { examineRepresentation } from './cases';

type ChainVerdict = Extract<CaseVerifyOutput, { op: 'chain' }>;

/** What a broken seal means to the person reading it. */
export const SEAL_BROKEN = '链尾的密钥印记不符：记录链可能被整体改写';

/**
 * 核验案件记录: the case's whole chain re-read page by page, however long, every hash recomputed,
 * ending exactly at the case's head, and the head's seal checked with the court's chain key. A
 * party of the case or its court staff may ask it (全程留痕, 随时倒查).
 */
export async function verifyChain(input: Extract<z.output<typeof CaseVerifyInput>, { op: 'chain' }>, ctx: ActionContext): Promise<ChainVerdict> {
  const { record } = await authorize(ctx, input.caseId, 'case.verify');
  const verdict = await verifyCaseChain(ctx.db, record._id, record.chain);
  const seal = headSeal(record._id, record.chain);
  const checkedAt = ctx.now.toISOString();
  if (!verdict.ok) return { op: 'chain', intact: false, events: verdict.count, seal, brokenAt: verdict.brokenAt, reason: verdict.reason, checkedAt };
  if (seal === 'invalid') return { op: 'chain', intact: false, events: verdict.count, seal, brokenAt: record.chain.seq, reason: SEAL_BROKEN, checkedAt };
  return { op: 'chain', intact: true, events: verdict.count, seal, checkedAt };
}

/** 核验: the case's record chain, or a legal person's representative's papers. */
export async function verifyCase(input: z.output<typeof CaseVerifyInput>, ctx: ActionContext): Promise<CaseVerifyOutput> {
  return input.op === 'chain' ? verifyChain(input, ctx) : examineRepresentation(input, ctx);
}
