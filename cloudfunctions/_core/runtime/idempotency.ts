import { sha256Hex } from './canonical-json';
import { findById, query, type Database, type Transaction } from './db';
import type { StoredCaseEvent } from './case-events';
import type { TxState } from './tx-state';

/** The first answer to a mutating call, kept under the key of (action, caller, requestId). */
export interface IdempotencyRecord {
  _id: string;
  action: string;
  at: Date;
  data: unknown;
}

/**
 * The key is a hash, so the idempotency collection holds no openid in the clear, and the
 * same requestId from two callers or for two actions never collides.
 */
export function idempotencyKey(action: string, openid: string, requestId: string): string {
  return sha256Hex(`${action}\n${openid}\n${requestId}`);
}

/**
 * Writes what a call's transaction appended, with its answer: a call that appended case events
 * keeps its answer in the first of them (`reply`, under the unique `replyKey`), so a retry
 * collides there and no idempotency record is written; a call that appended none writes the
 * record as before. Either way in the same transaction as the change.
 */
export async function writeAnswer(tx: Transaction, state: TxState, record: IdempotencyRecord): Promise<AnswerPlace> {
  const [first, ...rest] = state.events;
  if (!first) {
    await tx.collection('idempotency').add({ data: record });
    return 'record';
  }
  const { _id: key, ...reply } = record;
  // One insert for all of them (one round trip however many the call appended).
  const events = [{ ...first, replyKey: key, reply }, ...rest.map((event) => ({ ...event, replyKey: event._id }))] as unknown as StoredCaseEvent[];
  await tx.collection('case_events').add({ data: events.length === 1 ? (events[0] as StoredCaseEvent) : events });
  return 'event';
}

/** Where a function's answers are kept: learnt from its first commit in this instance, both until then. */
export type AnswerPlace = 'event' | 'record' | undefined;

/**
 * The answer already given under this key: from the event that carries it, or from the
 * idempotency record. `place` is where this function's answers went the last time this instance
 * committed one; until it knows, both are asked.
 */
export async function firstAnswer<T>(db: Database, key: string, place: AnswerPlace = undefined): Promise<{ data: T } | null> {
  if (place !== 'record') {
    const [event] = await query<Pick<StoredCaseEvent, 'reply'>>(db.collection('case_events').where({ replyKey: key }).field({ reply: true }).limit(1)).catch(
      (error: unknown) => {
        // An environment without case events (a plug-in's, before its first) has nothing there.
        if (/COLLECTION_NOT_EXIST|collection not exist/i.test(String((error as { errMsg?: string; message?: string }).errMsg ?? (error as Error).message)))
          return [];
        throw error;
      },
    );
    if (event?.reply) return { data: event.reply.data as T };
    if (place === 'event') return null;
  }
  const record = await findById<IdempotencyRecord>(db, 'idempotency', key);
  return record ? { data: record.data as T } : null;
}
