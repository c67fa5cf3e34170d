import Database from 'better-sqlite3';
import { QueryPlanner } from './query-plan';
import {
  emptyStats,
  MISSING,
  StoreError,
  VersionClash,
  type Collection,
  type CollectionStats,
  type FindOptions,
  type IndexSpec,
  type IndexTable,
  type StoredDoc,
  type StoredRow,
  type Write,
} from './store-model';
import { decodeDoc, encodeDoc, keyText, toSqlKey, valuesAtPath, type Doc, type SqlValue } from './values';

// Callers import the store's types and errors from here; they live in store-model.ts, which the planner shares.
export { StoreError, VersionClash, type CollectionStats, type FindOptions, type IndexSpec, type StoredDoc, type Write } from './store-model';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * The document store: one SQLite table per collection (id, version, JSON), one side table
 * per declared index holding a row per key (several for an array field, as a Mongo multikey
 * index does). Queries narrow by an index in SQL where one fits and mingo decides the rest,
 * so the result is always mingo's answer over the collection.
 */
export class Store {
  readonly db: Database.Database;
  private readonly collections = new Map<string, Collection>();
  private readonly declared = new Map<string, IndexSpec[]>();
  private readonly runtimeGeo = new Map<string, Set<string>>();
  /** `--strict-indexes`: an unindexed filter over more than strictThreshold documents fails. */
  strictIndexes = false;
  strictThreshold = 1000;
  private readonly planner: QueryPlanner;

  constructor(file: string | ':memory:') {
    this.db = new Database(file);
    this.planner = new QueryPlanner(this.db, this);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS mc_collections (name TEXT PRIMARY KEY, created INTEGER NOT NULL)');
    for (const row of this.db.prepare('SELECT name FROM mc_collections').all() as { name: string }[]) this.open(row.name);
  }

  /** Declares a collection with its indexes (from database-rules); creates it when absent. */
  declare(name: string, indexes: IndexSpec[]): void {
    this.declared.set(name, indexes);
    if (this.collections.has(name)) this.collections.delete(name);
    if (this.exists(name)) this.open(name);
    else this.create(name);
  }

  exists(name: string): boolean {
    return this.collections.has(name) || this.db.prepare('SELECT 1 FROM mc_collections WHERE name = ?').get(name) !== undefined;
  }

  names(): string[] {
    return [...this.collections.keys()].sort();
  }

  create(name: string): void {
    if (!COLLECTION_NAME.test(name)) throw new StoreError('INVALID_PARAM', `invalid collection name: ${name}`);
    if (this.exists(name)) throw new StoreError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    this.db.prepare('INSERT INTO mc_collections (name, created) VALUES (?, ?)').run(name, Date.now());
    this.open(name);
  }

  /** Deletes every document, keeps collections and indexes (what a test wants between cases). */
  wipe(): void {
    this.planner.invalidate();
    this.db.transaction(() => {
      for (const c of this.collections.values()) {
        this.db.exec(`DELETE FROM ${c.table}`);
        for (const index of c.indexes) this.db.exec(`DELETE FROM ${index.table}`);
        c.stats = emptyStats();
      }
    })();
    // Collections made at run time (not declared) go away, as on a fresh environment.
    for (const name of [...this.collections.keys()]) {
      if (!this.declared.has(name)) this.drop(name);
    }
  }

  private drop(name: string): void {
    const c = this.collections.get(name);
    if (!c) return;
    for (const index of c.indexes) this.db.exec(`DROP TABLE IF EXISTS ${index.table}`);
    this.db.exec(`DROP TABLE IF EXISTS ${c.table}`);
    this.db.prepare('DELETE FROM mc_collections WHERE name = ?').run(name);
    this.collections.delete(name);
    this.runtimeGeo.delete(name);
  }

  private open(name: string): Collection {
    const table = quote(`d:${name}`);
    // seq: the order of insertion, what a read without orderBy answers in (as CloudBase does in
    // practice: MongoDB's natural order); an update keeps a document's place.
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, v INTEGER NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID`,
    );
    const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((column) => column.name === 'seq')) {
      // A data directory from before: its documents keep the order they were read in then.
      this.db.exec(`ALTER TABLE ${table} ADD COLUMN seq INTEGER NOT NULL DEFAULT 0`);
      const renumber = this.db.prepare(`UPDATE ${table} SET seq = ? WHERE id = ?`);
      const ids = (this.db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: string }[]).map((row) => row.id);
      this.db.transaction(() => ids.forEach((id, i) => renumber.run(i + 1, id)))();
    }
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${quote(`s:${name}`)} ON ${table} (seq)`);
    const indexes = (this.declared.get(name) ?? [])
      .filter((spec) => !isGeo(spec))
      .map((spec): IndexTable => {
        const fields = Object.keys(spec.keys);
        const itable = quote(`i:${name}:${spec.name}`);
        const cols = fields.map((_, i) => `k${i}`);
        const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(`i:${name}:${spec.name}`);
        this.db.exec(`CREATE TABLE IF NOT EXISTS ${itable} (${cols.join(', ')}, id TEXT NOT NULL)`);
        this.db.exec(
          spec.unique
            ? `CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`u:${name}:${spec.name}`)} ON ${itable} (${cols.join(', ')})`
            : `CREATE INDEX IF NOT EXISTS ${quote(`x:${name}:${spec.name}`)} ON ${itable} (${cols.join(', ')}, id)`,
        );
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${quote(`r:${name}:${spec.name}`)} ON ${itable} (id)`);
        const index: IndexTable = {
          spec,
          fields,
          table: itable,
          insert: this.db.prepare(`INSERT INTO ${itable} (${cols.join(', ')}, id) VALUES (${cols.map(() => '?').join(', ')}, ?)`),
          remove: this.db.prepare(`DELETE FROM ${itable} WHERE id = ?`),
          holder: this.db.prepare(`SELECT id FROM ${itable} WHERE ${cols.map((c) => `${c} = ?`).join(' AND ')} AND id <> ? LIMIT 1`),
          multikey: Boolean(exists) && this.db.prepare(`SELECT 1 FROM ${itable} GROUP BY id HAVING COUNT(*) > 1 LIMIT 1`).get() !== undefined,
        };
        if (!exists) {
          this.planner.invalidate();
          // An index declared on a collection that already holds documents: build it now.
          for (const row of this.db.prepare(`SELECT id, doc FROM ${table} ORDER BY seq`).all() as { id: string; doc: string }[]) {
            const keys = indexKeys(decodeDoc(row.doc), fields, spec.unique === true);
            if (keys.length > 1) index.multikey = true;
            for (const key of keys) index.insert.run(...key, row.id);
          }
        }
        return index;
      });
    const c: Collection = {
      name,
      table,
      indexes,
      get: this.db.prepare(`SELECT id, v, doc, seq FROM ${table} WHERE id = ?`),
      insert: this.db.prepare(`INSERT INTO ${table} (id, v, doc, seq) VALUES (?, 1, ?, (SELECT coalesce(max(seq), 0) + 1 FROM ${table}))`),
      update: this.db.prepare(`UPDATE ${table} SET v = v + 1, doc = ? WHERE id = ?`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      all: this.db.prepare(`SELECT id, v, doc FROM ${table} ORDER BY seq`),
      count: this.db.prepare(`SELECT count(*) AS n FROM ${table}`),
      stats: this.collections.get(name)?.stats ?? emptyStats(),
    };
    this.collections.set(name, c);
    return c;
  }

  /** The fields with a 2dsphere index: declared in database-rules, or added at run time (`/__/indexes`). */
  geoFields(name: string): string[] {
    this.collection(name);
    const declared = (this.declared.get(name) ?? []).filter(isGeo).flatMap((spec) => Object.keys(spec.keys));
    return [...declared, ...(this.runtimeGeo.get(name) ?? [])];
  }

  /** A 2dsphere index on a collection made at run time, as the console's 索引管理 adds one; it goes with the collection. */
  addGeoIndex(name: string, field: string): void {
    this.collection(name);
    if (this.declared.has(name)) throw new StoreError('INVALID_PARAM', `collection ${name} is declared in database-rules: declare its indexes there`);
    const fields = this.runtimeGeo.get(name) ?? new Set<string>();
    fields.add(field);
    this.runtimeGeo.set(name, fields);
  }

  collection(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw new StoreError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
    return c;
  }

  stats(): Record<string, CollectionStats & { documents: number }> {
    const out: Record<string, CollectionStats & { documents: number }> = {};
    for (const c of this.collections.values()) out[c.name] = { ...c.stats, documents: (c.count.get() as { n: number }).n };
    return out;
  }

  getById(name: string, id: string): StoredDoc | null {
    const c = this.collection(name);
    c.stats.reads += 1;
    c.stats.idLookups += 1;
    const row = c.get.get(id) as StoredRow | undefined;
    return row ? { id: row.id, v: row.v, doc: decodeDoc(row.doc) } : null;
  }

  /** Documents matching a Mongo filter, sorted, skipped and limited (query-plan.ts decides how). */
  find(name: string, filter: Doc, options: FindOptions = {}): StoredDoc[] {
    const c = this.collection(name);
    c.stats.reads += 1;
    return this.planner.find(c, filter, options);
  }

  count(name: string, filter: Doc): number {
    return this.find(name, filter).length;
  }

  /** Applies writes atomically: all or none. Throws StoreError on a version or unique clash. */
  apply(writes: readonly Write[]): void {
    this.db.transaction(() => {
      for (const write of writes) this.applyOne(write);
    })();
  }

  private applyOne(write: Write): void {
    const c = this.collection(write.collection);
    c.stats.writes += 1;
    this.planner.invalidate();
    const current = c.get.get(write.id) as { v: number; doc: string } | undefined;
    if (write.expectV !== undefined && (current?.v ?? 0) !== write.expectV) {
      throw new VersionClash(write.collection, write.id);
    }
    if (write.doc === null) {
      if (!current) return;
      c.remove.run(write.id);
      for (const index of c.indexes) index.remove.run(write.id);
      return;
    }
    const doc = { ...write.doc, _id: write.id };
    if (current) {
      c.update.run(encodeDoc(doc), write.id);
      for (const index of c.indexes) index.remove.run(write.id);
    } else {
      c.insert.run(write.id, encodeDoc(doc));
    }
    for (const index of c.indexes) {
      const keys = indexKeys(doc, index.fields, index.spec.unique === true);
      if (keys.length > 1) index.multikey = true;
      for (const key of keys) {
        try {
          index.insert.run(...key, write.id);
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new StoreError(
              'DATABASE_DUPLICATE_WRITE',
              `E11000 duplicate key error collection: ${c.name} index: ${index.spec.name} dup key: ${keyText(key)}`,
            );
          }
          throw error;
        }
      }
    }
  }

  /** Another document (not `id`) already holds these unique keys: checked before a transaction buffers a write. */
  uniqueClash(name: string, id: string, doc: Doc): string | null {
    const c = this.collection(name);
    for (const index of c.indexes) {
      if (!index.spec.unique) continue;
      for (const key of indexKeys(doc, index.fields, true)) {
        if (index.holder.get(...key, id)) return index.spec.name;
      }
    }
    return null;
  }
}

/** A 2dsphere index: kept by geo.ts's queries, not in a side table. */
const isGeo = (spec: IndexSpec) => Object.values(spec.keys).some((direction) => direction === '2dsphere');

/**
 * The index rows of a document: the cross product of each field's values (a unique index
 * stores a missing field as MISSING).
 */
function indexKeys(doc: Doc, fields: string[], unique: boolean): SqlValue[][] {
  let keys: SqlValue[][] = [[]];
  for (const field of fields) {
    const values = [
      ...new Set(
        valuesAtPath(doc, field)
          .map(toSqlKey)
          .map((v) => (unique && v === null ? MISSING : v)),
      ),
    ];
    keys = keys.flatMap((prefix) => values.map((value) => [...prefix, value]));
  }
  // A unique index holds each key of one document once, however often an array repeats it.
  if (unique) {
    const seen = new Set<string>();
    keys = keys.filter((key) => {
      const text = keyText(key);
      return seen.has(text) ? false : (seen.add(text), true);
    });
  }
  return keys;
}
