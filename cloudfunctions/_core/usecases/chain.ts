import * as z from 'zod';
import {
  anchorRoot,
  findById,
  GENESIS_ROOT,
  headSeal,
  isDuplicateWrite,
  logAnchor,
  MAX_PAGE,
  query,
  sortHeads,
  verifyCaseChain,
  type ActionContext,
  type AnchoredHead,
  type CaseEvent,
  type ChainAnchor,
  type TimerContext,
} from '#runtime';
import { chinaDate } from '#domain/time';
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

/** How far before the last anchor the next one reads events again: a call's events carry its start, and commit a little after. */
const ANCHOR_OVERLAP_MS = 10 * 60 * 1000;

/** What a day's anchoring answers (to the trigger, which keeps it in the logs only). */
export interface AnchorAnswer {
  day: string;
  root: string;
  heads: number;
}

const anchorAnswer = (anchor: ChainAnchor): AnchorAnswer => ({ day: anchor.day, root: anchor.root, heads: anchor.heads.length });

/**
 * 每日锚定 (case-verify's timer trigger): writes `chain_anchors/<China day>` with the head of every
 * chain that changed since the anchor before (every chain the first time), sorted by case, and the
 * day's root over the root before, the day and the heads, keyed with the chain key; the root goes
 * to the logs. A second run the same day keeps the first anchor: its root may be in the logs already.
 * `npm run verify-chains` checks every chain against the anchors and the anchors' chain of roots.
 */
export async function anchorChains(ctx: TimerContext): Promise<AnchorAnswer> {
  const day = chinaDate(ctx.now);
  const taken = await findById<ChainAnchor>(ctx.db, 'chain_anchors', day);
  if (taken) return anchorAnswer(taken);
  const _ = ctx.db.command;
  const [prev] = await query<ChainAnchor>(
    ctx.db
      .collection('chain_anchors')
      .where({ _id: _.lt(day) })
      .orderBy('_id', 'desc')
      .limit(1),
  );
  const heads = await headsSince(ctx, prev ? new Date(new Date(prev.at).getTime() - ANCHOR_OVERLAP_MS) : new Date(0));
  const prevRoot = prev?.root ?? GENESIS_ROOT;
  const anchor: ChainAnchor = { _id: day, day, at: ctx.now, prevRoot, heads, root: anchorRoot(prevRoot, day, heads) };
  try {
    await ctx.db.collection('chain_anchors').add({ data: anchor });
  } catch (error) {
    if (!isDuplicateWrite(error)) throw error;
    const first = await findById<ChainAnchor>(ctx.db, 'chain_anchors', day);
    if (!first) throw error;
    return anchorAnswer(first);
  }
  logAnchor({ day, root: anchor.root, prevRoot, heads: heads.length });
  return anchorAnswer(anchor);
}

/** The newest event of every chain with an event at or after `since`, read page by page in time order. */
async function headsSince(ctx: TimerContext, since: Date): Promise<AnchoredHead[]> {
  const _ = ctx.db.command;
  const heads = new Map<string, AnchoredHead>();
  let cursor = since;
  // Events at the cursor's instant already read (several events of one call share it).
  let seenAtCursor = 0;
  for (;;) {
    const page = await query<Pick<CaseEvent, 'caseId' | 'seq' | 'hash' | 'at'>>(
      ctx.db
        .collection('case_events')
        .where({ at: _.gte(cursor) })
        .orderBy('at', 'asc')
        .orderBy('_id', 'asc')
        .skip(seenAtCursor)
        .limit(MAX_PAGE)
        .field({ caseId: true, seq: true, hash: true, at: true }),
    );
    for (const { caseId, seq, hash } of page) {
      const known = heads.get(caseId);
      if (!known || seq > known.seq) heads.set(caseId, { caseId, seq, hash });
    }
    const last = page[page.length - 1];
    if (page.length < MAX_PAGE || !last) break;
    const lastAt = new Date(last.at).getTime();
    const atLast = page.filter((e) => new Date(e.at).getTime() === lastAt).length;
    if (lastAt === cursor.getTime()) seenAtCursor += atLast;
    else {
      cursor = new Date(lastAt);
      seenAtCursor = atLast;
    }
  }
  return sortHeads(heads.values());
}
