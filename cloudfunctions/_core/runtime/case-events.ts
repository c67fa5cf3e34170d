import type { CaseEventType } from '#domain/case-events';
import type { CaseRole, GlobalRole } from './caller';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical-json';
import { CHAIN_ANCHOR_LABEL, CHAIN_SEAL_LABEL } from './chain-label';
import { requireConfig } from './config';
import { MAX_PAGE, query, type Database, type Transaction } from './db';
import { txState } from './tx-state';

/** The head of a case's event chain, kept on the case document itself, sealed with the court's chain key. */
export interface ChainHead {
  seq: number;
  hash: string;
  /** HMAC of the head (`sealHead`); absent on a head written before heads were sealed. */
  mac?: string;
  /**
   * The id the chain's next event will have (`caseEventId(caseId, seq + 1)`): a read of the
   * document joins it (`$lookup` on `_id`), and finds there an event recorded but not yet brought
   * into the document (event-commit.ts). Absent on a head written before it was kept.
   */
  next?: string;
}

/**
 * What the chain key seals: the case and its head. Anyone who can write the database but does not
 * hold MC_CHAIN_KEY can recompute every hash of a rewritten chain, but not this.
 */
export function sealHead(caseId: string, head: Pick<ChainHead, 'seq' | 'hash'>, key: Buffer = requireConfig('MC_CHAIN_KEY')): string {
  return createHmac('sha256', key).update(`${CHAIN_SEAL_LABEL}\n${caseId}\n${head.seq}\n${head.hash}`).digest('hex');
}

/**
 * Whether a stored head carries the seal the chain key gives it. `missing` only for a chain with no
 * event yet (every head `appendCaseEvent` writes is sealed): a head of events without its seal has
 * had it stripped, which is `invalid`.
 */
export function headSeal(caseId: string, head: ChainHead, key?: Buffer): 'valid' | 'invalid' | 'missing' {
  if (!head.mac) return head.seq > 0 ? 'invalid' : 'missing';
  const expected = Buffer.from(sealHead(caseId, head, key), 'hex');
  const given = Buffer.from(head.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * As whom the actor acted: their own role on the case (an agent as 'agent', with the party in
 * `onBehalfOf`), the staff role a unit role rests on (a division leader assigning the case, a
 * registrar of the court), or WeChat Pay's callback.
 */
export type ActorRole = CaseRole | GlobalRole | 'payment-callback' | 'timer';

export interface CaseEventInput {
  /** What happened: one of the closed set in `#domain/case-events`. */
  action: CaseEventType;
  /** Who did it (openid, or 'system' / 'wxpay' for callbacks, or a timer trigger's name). */
  actor: string;
  actorRole: ActorRole;
  /** The party an agent acted for. */
  onBehalfOf?: string;
  /** The case's state after the event. */
  state: string;
  /** Facts worth keeping (never identity numbers or phones). */
  data?: Record<string, unknown>;
  requestId?: string;
}

export interface CaseEvent extends CaseEventInput {
  _id: string;
  caseId: string;
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

/**
 * A case event as stored: beside the chain's fields, outside the hash, the key of the call that
 * wrote it (unique: a retried call cannot append its event twice) and that call's answer, so a
 * retry is answered from the event and no separate idempotency record is written.
 */
export interface StoredCaseEvent extends CaseEvent {
  /** The call's idempotency key, or the event's own id when it answers none (a second event of one call). */
  replyKey: string;
  reply?: { action: string; at: Date; data: unknown };
  /**
   * What the call changed beside the event, when the event alone was its commit (event-commit.ts):
   * the documents it inserted and updated, the case's update, encoded as text. Outside the hash,
   * and never read but to bring the documents up to the event.
   */
  effects?: string;
}

/** An event's own fields, as its readers take them: never the call's answer or its effects, which the hash does not cover. */
export const EVENT_FIELDS = { reply: false, effects: false, replyKey: false } as const;

/** The hash covers every field of the event but `_id` and `hash` itself. */
export function hashCaseEvent(event: Omit<CaseEvent, '_id' | 'hash'>): string {
  const { caseId, seq, at, prevHash, action, actor, actorRole, onBehalfOf, state, data, requestId } = event;
  return sha256Hex(canonicalJson({ caseId, seq, at, prevHash, action, actor, actorRole, onBehalfOf, state, data, requestId }));
}

export function caseEventId(caseId: string, seq: number): string {
  return `${caseId}:${String(seq).padStart(8, '0')}`;
}

export function buildCaseEvent(caseId: string, head: ChainHead | undefined, input: CaseEventInput, at: Date): CaseEvent {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const body = { ...input, caseId, seq, at, prevHash };
  return { ...body, _id: caseEventId(caseId, seq), hash: hashCaseEvent(body) };
}

/**
 * Writes the next event of a case inside the caller's transaction and returns the new head,
 * which the caller stores on the case (`chain`) in the same transaction. The event id is the
 * chain position, so two writers racing for the same position cannot both commit.
 */
export async function appendCaseEvent(tx: Transaction, caseId: string, head: ChainHead | undefined, input: CaseEventInput, at: Date): Promise<ChainHead> {
  const event = buildCaseEvent(caseId, head, input, at);
  // Inside ctx.commit() the event is written when the work answers, carrying that answer (the
  // call's idempotency record); otherwise now, its reply key its own id (every event has one,
  // as the unique index on it needs).
  const state = txState(tx);
  if (state) state.events.push(event);
  else await tx.collection('case_events').add({ data: { ...event, replyKey: event._id } satisfies StoredCaseEvent });
  const last = { seq: event.seq, hash: event.hash };
  return { ...last, mac: sealHead(caseId, last), next: caseEventId(caseId, event.seq + 1) };
}

export type ChainVerdict = { ok: true; count: number; head: ChainHead | null } | { ok: false; count: number; brokenAt: number; reason: string };

/** Checks one run of events (in seq order, starting after `from`), naming the first broken one. */
export function verifyEvents(events: readonly CaseEvent[], from: ChainHead | null = null): ChainVerdict {
  let expectedSeq = (from?.seq ?? 0) + 1;
  let prevHash = from?.hash ?? GENESIS_HASH;
  for (const event of events) {
    if (event.seq !== expectedSeq) return { ok: false, count: expectedSeq - 1, brokenAt: expectedSeq, reason: `缺少第 ${expectedSeq} 条记录` };
    if (event.prevHash !== prevHash) return { ok: false, count: expectedSeq - 1, brokenAt: event.seq, reason: '与前一条记录的链接不符' };
    if (hashCaseEvent(event) !== event.hash) return { ok: false, count: expectedSeq - 1, brokenAt: event.seq, reason: '记录内容与其哈希不符（已被改动）' };
    prevHash = event.hash;
    expectedSeq += 1;
  }
  const count = expectedSeq - 1;
  return { ok: true, count, head: count === 0 ? null : { seq: count, hash: prevHash } };
}

/**
 * Re-reads a case's whole chain page by page and recomputes every hash. When the case's
 * own head is given, the chain must also end exactly there (no event dropped at the end).
 */
export async function verifyCaseChain(db: Database, caseId: string, expectedHead?: ChainHead): Promise<ChainVerdict> {
  let verdict: ChainVerdict = { ok: true, count: 0, head: null };
  for (;;) {
    const from = verdict.ok ? verdict.head : null;
    const events = await query<CaseEvent>(
      db
        .collection('case_events')
        .where({ caseId, seq: db.command.gt(from?.seq ?? 0) })
        .orderBy('seq', 'asc')
        .limit(MAX_PAGE)
        .field(EVENT_FIELDS),
    );
    verdict = verifyEvents(events, from);
    if (!verdict.ok || events.length < MAX_PAGE) break;
  }
  if (verdict.ok && expectedHead && (verdict.head?.seq !== expectedHead.seq || verdict.head.hash !== expectedHead.hash)) {
    return { ok: false, count: verdict.count, brokenAt: verdict.count + 1, reason: '案件记录的链尾与案件不符（有记录被删除）' };
  }
  return verdict;
}

/** What one read of a chain vouched for. */
export interface ChainCheck {
  /** Everything read holds, and it was the whole chain, ending at the case's sealed head. */
  verified: boolean;
  /** The events read began at the first: the whole chain was checked. */
  whole: boolean;
  checked: number;
  total: number;
  seal: 'valid' | 'invalid' | 'missing';
}

/**
 * What one read of a case's newest events can vouch for: each hashes as recorded and links to the
 * one before, the last is the case's head, and the head's seal holds. It is the whole chain only
 * when the read began at the first event; otherwise the answer says the check was partial, and the
 * whole chain is `verifyCaseChain`'s (the case-verify action), never silently cut.
 */
export function checkWindow(caseId: string, events: readonly CaseEvent[], head: ChainHead, key?: Buffer): ChainCheck {
  const first = events[0];
  const from = first && first.seq > 1 ? { seq: first.seq - 1, hash: first.prevHash } : null;
  const verdict = verifyEvents(events, from);
  const last = events.at(-1);
  const endsAtHead = last ? last.seq === head.seq && last.hash === head.hash : head.seq === 0;
  const seal = headSeal(caseId, head, key);
  const whole = !first || first.seq === 1;
  return { verified: verdict.ok && endsAtHead && whole && seal === 'valid', whole, checked: events.length, total: head.seq, seal };
}

/** One chain's head as a daily anchor records it: the case (or filing, enforcement, mediation) and its last event. */
export interface AnchoredHead {
  caseId: string;
  seq: number;
  hash: string;
}

/**
 * `chain_anchors/<day>`: the heads of every chain that changed since the anchor before (every chain
 * on the first day), sorted by case, and the day's root, which seals the root before it, the day
 * and the heads with the chain key. A rewrite of any chain after its head was anchored no longer
 * reaches the anchored hash; a rewrite of the anchors breaks the chain of roots, whose values are
 * also in the logs (`kind: 'chain-anchor'`).
 */
export interface ChainAnchor {
  _id: string;
  day: string;
  /** When the anchor was taken; the next one reads the events from a little before it. */
  at: Date;
  prevRoot: string;
  heads: AnchoredHead[];
  root: string;
}

/** The first anchor's `prevRoot`. */
export const GENESIS_ROOT = GENESIS_HASH;

/** The heads in the order an anchor keeps them: by case. */
export function sortHeads(heads: Iterable<AnchoredHead>): AnchoredHead[] {
  return [...heads].map(({ caseId, seq, hash }) => ({ caseId, seq, hash })).sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

/** The day's root: HMAC-SHA256 with the chain key over the root before, the day and the sorted heads. */
export function anchorRoot(prevRoot: string, day: string, heads: readonly AnchoredHead[], key: Buffer = requireConfig('MC_CHAIN_KEY')): string {
  return createHmac('sha256', key)
    .update(`${CHAIN_ANCHOR_LABEL}\n${prevRoot}\n${day}\n${canonicalJson(heads)}`)
    .digest('hex');
}
