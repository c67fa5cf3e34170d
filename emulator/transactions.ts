import { ProtocolError } from './errors';
import { VersionClash, type Store, type Write } from './store';
import type { Doc } from './values';

export interface Transaction {
  id: string;
  startedAt: number;
  /** Buffered writes by "collection\0id"; null = removed. */
  writes: Map<string, { collection: string; id: string; doc: Doc | null }>;
  /** The version each touched document had when the transaction first saw it (0 = absent). */
  base: Map<string, number>;
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;

/**
 * Applies a batch of writes atomically, a version clash answered in the protocol's terms: a
 * duplicate _id for an insert, a conflict (which makes runTransaction retry) for the rest.
 */
export function applyWrites(store: Store, writes: Write[], onClash: string): void {
  try {
    store.apply(writes);
  } catch (error) {
    if (error instanceof VersionClash) {
      throw new ProtocolError(
        onClash,
        onClash === 'DATABASE_DUPLICATE_WRITE' ? `E11000 duplicate key error collection: ${error.collection} dup key: { _id: "${error.id}" }` : error.message,
      );
    }
    throw error;
  }
}

/**
 * Server-side transactions over one store: writes are buffered and invisible outside until
 * commit, a document written by one open transaction is locked against the others
 * (DATABASE_TRANSACTION_CONFLICT, which makes the SDK's runTransaction retry), and commit
 * re-checks every version it based a write on.
 */
export class Transactions {
  private readonly txs = new Map<string, Transaction>();
  private readonly locks = new Map<string, string>();
  private txSeq = 0;

  constructor(
    private readonly store: Store,
    readonly timeoutMs = 30_000,
  ) {}

  reset(): void {
    this.txs.clear();
    this.locks.clear();
  }

  begin(): string {
    this.txSeq += 1;
    const id = `tx-${Date.now().toString(36)}-${this.txSeq}`;
    this.txs.set(id, { id, startedAt: Date.now(), writes: new Map(), base: new Map() });
    return id;
  }

  /** The open transaction a request names, if it names one. */
  of(transactionId: unknown): Transaction | undefined {
    if (transactionId === undefined || transactionId === null || transactionId === '') return undefined;
    const tx = this.txs.get(String(transactionId));
    if (!tx) throw new ProtocolError('DATABASE_TRANSACTION_FAIL', `transaction ${String(transactionId)} is not open (committed, aborted or expired)`);
    return tx;
  }

  /**
   * A document and the version a write would be based on: inside a transaction its own
   * buffered write first, and the version it first saw is remembered for the commit check.
   */
  read(tx: Transaction | undefined, collection: string, id: string): { doc: Doc | null; v: number } {
    if (!tx) {
      const stored = this.store.getById(collection, id);
      return { doc: stored?.doc ?? null, v: stored?.v ?? 0 };
    }
    const key = keyOf(collection, id);
    const buffered = tx.writes.get(key);
    if (buffered) return { doc: buffered.doc, v: tx.base.get(key) ?? 0 };
    const stored = this.store.getById(collection, id);
    if (!tx.base.has(key)) tx.base.set(key, stored?.v ?? 0);
    return { doc: stored?.doc ?? null, v: tx.base.get(key) ?? 0 };
  }

  write(tx: Transaction, collection: string, id: string, doc: Doc | null, kind: 'insert' | 'update' | 'remove'): void {
    const key = keyOf(collection, id);
    const holder = this.locks.get(key);
    if (holder && holder !== tx.id) {
      this.abort(tx.id);
      throw new ProtocolError('DATABASE_TRANSACTION_CONFLICT', `document ${collection}/${id} is being written by another transaction`);
    }
    if (kind === 'insert') {
      if (this.read(tx, collection, id).doc !== null) {
        throw new ProtocolError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} dup key: { _id: "${id}" }`);
      }
    }
    if (doc) {
      const clash = this.store.uniqueClash(collection, id, doc);
      if (clash) throw new ProtocolError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} index: ${clash}`);
    }
    if (!tx.base.has(key)) this.read(tx, collection, id);
    this.locks.set(key, tx.id);
    tx.writes.set(key, { collection, id, doc });
  }

  commit(id: string): void {
    const tx = this.txs.get(id);
    if (!tx) throw new ProtocolError('DATABASE_TRANSACTION_FAIL', `transaction ${id} is not open (committed, aborted or expired)`);
    const writes: Write[] = [...tx.writes.entries()].map(([key, w]) => ({ ...w, expectV: tx.base.get(key) ?? 0 }));
    try {
      applyWrites(this.store, writes, 'DATABASE_TRANSACTION_CONFLICT');
    } finally {
      this.release(tx);
    }
  }

  abort(id: string): void {
    const tx = this.txs.get(id);
    if (tx) this.release(tx);
  }

  private release(tx: Transaction): void {
    for (const key of tx.writes.keys()) if (this.locks.get(key) === tx.id) this.locks.delete(key);
    this.txs.delete(tx.id);
  }

  /** Rolls back every transaction open longer than the timeout, as CloudBase does. */
  expire(): void {
    const cutoff = Date.now() - this.timeoutMs;
    for (const tx of this.txs.values()) if (tx.startedAt < cutoff) this.release(tx);
  }

  open(): number {
    return this.txs.size;
  }
}
