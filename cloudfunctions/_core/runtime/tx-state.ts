import type { Database, Transaction } from './db';

/*
 * What one call's transaction carries beside the SDK's own, so that the helpers a use case calls
 * (`appendCaseEvent`, `changeCase`) save round trips without the use case knowing:
 *
 * - the case events it appends are written once the work has answered, the first carrying that
 *   answer under the call's idempotency key (the idempotency record folded into the event);
 * - the documents the call already read before its transaction (the case `authorize` read), which
 *   the first attempt uses instead of reading them again: a stale one makes the event's id (its
 *   place in the chain) collide, and the transaction is tried again with fresh reads;
 * - the `users` documents it wrote, whose cached callers are then forgotten.
 */

const STATE = Symbol.for('microcourt.tx-state');

/** A case event appended in the transaction, written when the work answers. */
export interface PendingEvent {
  _id: string;
}

export interface TxState {
  /** Events appended in this attempt, written after the work answers. */
  events: PendingEvent[];
  /** Documents read before the transaction, by "collection\0id"; only on the first attempt. */
  known: Map<string, unknown> | undefined;
  /** Whether a known document stood in for a read (a chain clash is then expected, and retried). */
  usedKnown: boolean;
  /** Ids of `users` documents written. */
  users: Set<string>;
  /** Documents the work read (taken from `known`, or read through the transaction), by "collection\0id": what a commit without a transaction checks its writes against (event-commit.ts). */
  reads?: Map<string, unknown>;
  /**
   * The database outside the transaction, for a query a transaction cannot make (CloudBase's take
   * documents by id only): made on each attempt, its answer is only a guess at what the attempt
   * will find, which a write based on it must check (an insert that collides, a version).
   */
  db?: Database;
}

export const knownKey = (collection: string, id: string) => `${collection}\u0000${id}`;

/** The transaction a use case sees: the SDK's, with the call's state beside it. */
export function withTxState(tx: Transaction, state: TxState): Transaction {
  return {
    collection(name: string) {
      const collection = tx.collection(name);
      if (name !== 'users') return collection;
      // The caller cache forgets whoever this call writes.
      return new Proxy(collection, {
        get(target, property, receiver) {
          if (property === 'doc') {
            return (id: string) => {
              state.users.add(String(id));
              return target.doc(id);
            };
          }
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
    [STATE]: state,
  } as Transaction;
}

export function txState(tx: Transaction): TxState | undefined {
  return (tx as Transaction & { [STATE]?: TxState })[STATE];
}

/**
 * A document the call read before its transaction, for the transaction's first attempt to use
 * instead of reading it again. Taken once (a second change of the same document in this
 * transaction reads what the first wrote); `peek` looks without taking, for a check made before
 * the change that takes it.
 */
export function knownRead<T>(tx: Transaction, collection: string, id: string, peek = false): T | undefined {
  const state = txState(tx);
  const key = knownKey(collection, id);
  const doc = state?.known?.get(key) as T | undefined;
  if (doc === undefined || !state) return undefined;
  if (!peek) state.known?.delete(key);
  state.usedKnown = true;
  state.reads?.set(key, doc);
  return doc;
}

/** The database outside the call's transaction (`TxState.db`), when the transaction is a call's. */
export function outsideOf(tx: Transaction): Database | undefined {
  return txState(tx)?.db;
}
