import type Database from 'better-sqlite3';
import type { Doc } from './values';

// What the store (its tables and writes) and its query planner share: a collection's tables and
// prepared statements, the documents they hold, and the store's errors.

/** An index as declared in database-rules/<collection>.json. */
export interface IndexSpec {
  name: string;
  /**
   * Field paths in order, 1 ascending / -1 descending (the direction only matters for sorting), or
   * "2dsphere", a geo index (geo.ts), which geo queries need and the store keeps no table for.
   */
  keys: Record<string, 1 | -1 | '2dsphere'>;
  unique?: boolean;
}

export class StoreError extends Error {
  constructor(
    readonly code:
      'DATABASE_COLLECTION_NOT_EXIST' | 'DATABASE_DUPLICATE_WRITE' | 'DATABASE_COLLECTION_ALREADY_EXIST' | 'DATABASE_REQUEST_FAILED' | 'INVALID_PARAM',
    message: string,
  ) {
    super(message);
  }
}

export class VersionClash extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`document ${collection}/${id} changed since the transaction read it`);
  }
}

export interface CollectionStats {
  reads: number;
  writes: number;
  indexLookups: number;
  idLookups: number;
  scans: number;
}

export function emptyStats(): CollectionStats {
  return { reads: 0, writes: 0, indexLookups: 0, idLookups: 0, scans: 0 };
}

/** A declared index's side table: a row per key of each document (several for an array field). */
export interface IndexTable {
  spec: IndexSpec;
  fields: string[];
  table: string;
  insert: Database.Statement;
  remove: Database.Statement;
  /** Another document holding the same key. */
  holder: Database.Statement;
  /**
   * Some document has several keys in it (an array field): a range's two bounds may then be met by
   * different elements, as MongoDB matches them, so only one bound narrows (as Mongo's multikey plans do).
   */
  multikey: boolean;
}

export interface Collection {
  name: string;
  table: string;
  indexes: IndexTable[];
  get: Database.Statement;
  insert: Database.Statement;
  update: Database.Statement;
  remove: Database.Statement;
  all: Database.Statement;
  count: Database.Statement;
  stats: CollectionStats;
}

export interface StoredDoc {
  id: string;
  v: number;
  doc: Doc;
}

/** A row of a collection's table as SQLite returns it. */
export interface StoredRow {
  id: string;
  v: number;
  doc: string;
  /** The order of insertion (read by id lookups, which answer in it). */
  seq?: number;
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

/** One write of a batch that commits atomically. `doc: null` removes. */
export interface Write {
  collection: string;
  id: string;
  doc: Doc | null;
  /** The version the writer based this write on (0: the document must not exist). */
  expectV?: number;
}

/**
 * In a unique index a missing field is a value like any other, as in MongoDB: only one
 * document may lack it. SQLite treats NULLs as distinct, so unique index tables store this
 * marker instead.
 */
export const MISSING = '\u0000missing';
