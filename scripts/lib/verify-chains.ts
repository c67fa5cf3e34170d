import {
  anchorRoot,
  GENESIS_ROOT,
  headSeal,
  sortHeads,
  verifyEvents,
  type AnchoredHead,
  type CaseEvent,
  type ChainAnchor,
  type ChainHead,
} from '../../cloudfunctions/_core/runtime/case-events';
import { canonicalJson } from '../../cloudfunctions/_core/runtime/canonical-json';
import type { Db } from './court-admin';

/** The collections whose documents carry a chain's head (`chain`): a filing's id becomes its case's. */
export const CHAIN_OWNERS = ['filings', 'cases', 'enforcements', 'mediations'] as const;

const PAGE = 1000;

export interface ChainsReport {
  chains: number;
  events: number;
  anchors: number;
  /** Anchored heads found on their chains. */
  anchoredHeads: number;
  /** Each mismatch, in Chinese: what and where. */
  problems: string[];
}

interface Owner {
  collection: string;
  head: ChainHead;
}

/**
 * 记录链全面核验: every chain recomputed from its first event, every head its documents hold checked
 * against it and against the chain key's seal, every day's anchor recomputed and linked to the day
 * before, every anchored head found on its chain, and, given the roots the logs kept, every anchor's
 * root compared with the logged one. A full rewrite of a chain without the key breaks its head's seal;
 * one with a head anchored before the rewrite no longer reaches the anchored hash; a rewrite of the
 * anchors breaks their chain of roots or disagrees with the logs.
 */
export async function verifyChains(db: Db, key: Buffer, loggedRoots: ReadonlyMap<string, string> = new Map()): Promise<ChainsReport> {
  const problems: string[] = [];
  const anchors = await readAll<ChainAnchor>(db, 'chain_anchors');
  const anchored = new Map<string, { day: string; head: AnchoredHead }>();
  let prevRoot = GENESIS_ROOT;
  for (const anchor of anchors) {
    const day = anchor._id;
    if (anchor.prevRoot !== prevRoot) problems.push(`锚定 ${day}：所记前一日根值与前一条锚定不符（锚定链断裂）`);
    if (canonicalJson(sortHeads(anchor.heads)) !== canonicalJson(anchor.heads)) problems.push(`锚定 ${day}：链尾列表未按案件排序（已被改动）`);
    if (anchorRoot(anchor.prevRoot, day, anchor.heads, key) !== anchor.root) problems.push(`锚定 ${day}：根值与其内容不符（锚定被改写，或密钥不符）`);
    const logged = loggedRoots.get(day);
    if (logged !== undefined && logged !== anchor.root) problems.push(`锚定 ${day}：根值与日志记录的 ${logged.slice(0, 12)}… 不符`);
    for (const head of anchor.heads) anchored.set(head.caseId, { day, head });
    prevRoot = anchor.root;
  }
  const days = new Set(anchors.map((a) => a._id));
  for (const day of loggedRoots.keys()) if (!days.has(day)) problems.push(`锚定 ${day}：日志记有其根值，数据库中却没有这一天的锚定（已被删除）`);

  const owners = new Map<string, Owner[]>();
  for (const collection of CHAIN_OWNERS) {
    for (const doc of await readAll<{ _id: string; chain?: ChainHead }>(db, collection, { _id: true, chain: true })) {
      if (!doc.chain || doc.chain.seq === 0) continue;
      owners.set(doc._id, [...(owners.get(doc._id) ?? []), { collection, head: doc.chain }]);
    }
  }
  for (const caseId of anchored.keys()) if (!owners.has(caseId)) problems.push(`记录链 ${caseId}：锚定中有其链尾，但案件（或立案、执行、调解）记录已不存在`);

  let events = 0;
  let anchoredHeads = 0;
  for (const [caseId, held] of owners) {
    const newest = held.reduce((a, b) => (b.head.seq > a.head.seq ? b : a));
    const wanted = new Map<number, string[]>();
    const want = (seq: number, what: string) => wanted.set(seq, [...(wanted.get(seq) ?? []), what]);
    for (const owner of held) want(owner.head.seq, `${owner.collection} 所记链尾`);
    const anchor = anchored.get(caseId);
    if (anchor) want(anchor.head.seq, `${anchor.day} 锚定的链尾`);
    const { verdict, hashes, lastEffects } = await readChain(db, caseId, new Set(wanted.keys()));
    events += verdict.count;
    if (!verdict.ok) {
      problems.push(`记录链 ${caseId}：第 ${verdict.brokenAt} 条：${verdict.reason}`);
      continue;
    }
    // One event past the head that was its own commit is a change recorded and not yet brought into its case
    // (the next read of the case brings it in), not a record added behind the court's back.
    // The head it brings the case to must be that event's, sealed with the key: `effects` lie outside the hash, so
    // without the seal anyone who can write the database could append an event and call it pending.
    const broughtTo = headBroughtBy(lastEffects);
    const pending =
      broughtTo !== undefined &&
      verdict.count === newest.head.seq + 1 &&
      hashes.get(newest.head.seq) === newest.head.hash &&
      broughtTo.seq === verdict.count &&
      broughtTo.hash === verdict.head?.hash &&
      headSeal(caseId, broughtTo, key) === 'valid';
    if (!pending && (verdict.count !== newest.head.seq || verdict.head?.hash !== newest.head.hash))
      problems.push(`记录链 ${caseId}：链共 ${verdict.count} 条，与 ${newest.collection} 所记链尾（第 ${newest.head.seq} 条）不符（有记录被删除或追加）`);
    for (const owner of held) {
      if (hashes.get(owner.head.seq) !== owner.head.hash) problems.push(`记录链 ${caseId}：${owner.collection} 所记链尾（第 ${owner.head.seq} 条）不在链上`);
      if (headSeal(caseId, owner.head, key) !== 'valid') problems.push(`记录链 ${caseId}：${owner.collection} 所记链尾的密钥印记不符（记录链可能被整体改写）`);
    }
    if (anchor) {
      if (hashes.get(anchor.head.seq) === anchor.head.hash) anchoredHeads += 1;
      else problems.push(`记录链 ${caseId}：${anchor.day} 锚定的第 ${anchor.head.seq} 条与链上记录不符（锚定之后被改写）`);
    }
  }
  return { chains: owners.size, events, anchors: anchors.length, anchoredHeads, problems };
}

/** One chain read page by page from its first event, every hash recomputed; the hashes at the positions asked for. */
async function readChain(db: Db, caseId: string, at: ReadonlySet<number>) {
  const _ = db.command;
  const hashes = new Map<number, string>();
  let verdict = verifyEvents([]);
  for (;;) {
    const from = verdict.ok ? verdict.head : null;
    const res = (await db
      .collection('case_events')
      .where({ caseId, seq: _.gt(from?.seq ?? 0) })
      .orderBy('seq', 'asc')
      .limit(PAGE)
      .field({ reply: false, replyKey: false })
      .get()) as unknown as { data: (CaseEvent & { effects?: string })[] };
    const page = res.data.map((e) => ({ ...e, at: new Date(e.at) }));
    verdict = verifyEvents(page, from);
    for (const e of page) if (at.has(e.seq)) hashes.set(e.seq, e.hash);
    // The newest event carries what it changed when it was its own commit: not yet in its case if the function stopped short.
    if (!verdict.ok || page.length < PAGE) return { verdict, hashes, lastEffects: page.at(-1)?.effects };
  }
}

/** Every document of a collection, in id order, page by page. */
async function readAll<T extends { _id: string }>(db: Db, collection: string, fields?: Record<string, true>): Promise<T[]> {
  const _ = db.command;
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    let q = db.collection(collection).where(after === undefined ? {} : { _id: _.gt(after) });
    if (fields) q = q.field(fields) as typeof q;
    const res = (await q.orderBy('_id', 'asc').limit(PAGE).get()) as unknown as { data: T[] };
    out.push(...res.data);
    const last = res.data[res.data.length - 1];
    if (res.data.length < PAGE || !last) return out;
    after = last._id;
  }
}

/** The anchors' roots as the logs kept them: every `kind: 'chain-anchor'` line, by day. */
export function rootsInLogs(text: string): Map<string, string> {
  const roots = new Map<string, string>();
  for (const line of text.split('\n')) {
    const start = line.indexOf('{');
    if (start < 0) continue;
    try {
      const entry = JSON.parse(line.slice(start)) as { kind?: unknown; day?: unknown; root?: unknown };
      if (entry.kind === 'chain-anchor' && typeof entry.day === 'string' && typeof entry.root === 'string') roots.set(entry.day, entry.root);
    } catch {
      // A line that is not one of ours.
    }
  }
  return roots;
}

/** The report a person reads. */
export function describe(report: ChainsReport): string {
  const summary = `核验记录链 ${report.chains} 条（共 ${report.events} 条记录），每日锚定 ${report.anchors} 个，锚定的链尾 ${report.anchoredHeads} 个在链上。`;
  if (report.problems.length === 0) return `${summary}\n全部一致。\n`;
  return `${summary}\n发现 ${report.problems.length} 处不符：\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`;
}

/** The head an effect-carrying event brings its case to (event-commit.ts), if its effects say one. */
function headBroughtBy(effects: string | undefined): ChainHead | undefined {
  if (!effects) return undefined;
  try {
    const chain = (JSON.parse(effects) as { update?: { chain?: ChainHead } }).update?.chain;
    return typeof chain?.seq === 'number' && typeof chain.hash === 'string' ? chain : undefined;
  } catch {
    return undefined;
  }
}
