import type { DB } from 'wx-server-sdk';

/** The SDK's database and its transaction, as the use cases see them. */
export type Database = DB.Database;
/** What a transaction callback receives: `tx.collection(name).doc(id).get/set/update/remove`, `add`. */
export type Transaction = Pick<DB.Database, 'collection'>;

/** The SDK error object: `{ errCode, errMsg }` (wx-server-sdk) or `{ code, message }` (node-sdk). */
interface SdkError {
  errCode?: number;
  errMsg?: string;
  code?: string;
  message?: string;
}

function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as SdkError;
  return `${e.code ?? ''} ${e.errCode ?? ''} ${e.errMsg ?? ''} ${e.message ?? ''}`;
}

export function isNotFound(error: unknown): boolean {
  return /does not exist|DOCUMENT_NOT_EXIST/.test(describe(error));
}

/** A unique key (the `_id` or a unique index) already holds another document. */
export function isDuplicateWrite(error: unknown): boolean {
  // wx-server-sdk reports it as SYS_ERR (-501001) and keeps the server's E11000 message.
  return /DATABASE_DUPLICATE_WRITE|E11000|duplicate key/.test(describe(error));
}

export function isTransactionConflict(error: unknown): boolean {
  return /DATABASE_TRANSACTION_CONFLICT/.test(describe(error));
}

/**
 * One document by id, or null. Outside a transaction the SDK throws on a missing document;
 * inside one it answers `data: null`. Callers should not care which.
 */
export async function findById<T>(db: Transaction, collection: string, id: string, fields?: Record<string, boolean>): Promise<(T & { _id: string }) | null> {
  try {
    const ref = db.collection(collection).doc(id);
    const res = (await (fields ? ref.field(fields) : ref).get()) as { data: unknown };
    const data = Array.isArray(res.data) ? res.data[0] : res.data;
    return (data ?? null) as (T & { _id: string }) | null;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The documents a query answers, as the type the caller knows they have: the SDK types every
 * result as an untyped record (and `get()` as `Promise | void | string`, for its callback
 * forms), so the one cast from its answer to `T[]` is made here.
 */
export async function query<T>(q: { get(): unknown }): Promise<T[]> {
  const res = (await q.get()) as { data: T[] };
  return res.data;
}

/** A server-side page holds at most 1000 documents (CloudBase's limit). */
export const MAX_PAGE = 1000;
