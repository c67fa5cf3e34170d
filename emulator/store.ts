import Database from 'better-sqlite3';
import { Query } from 'mingo';
import { decodeDoc, encodeDoc, keyText, toSqlKey, valuesAtPath, type Doc, type SqlValue } from './values';

/** An index as declared in database-rules/<collection>.json. */
export interface IndexSpec {
  name: string;
  /** Field paths in order, 1 ascending / -1 descending (the direction only matters for sorting). */
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'DATABASE_COLLECTION_NOT_EXIST' | 'DATABASE_DUPLICATE_WRITE' | 'DATABASE_COLLECTION_ALREADY_EXIST' | 'DATABASE_REQUEST_FAILED' | 'INVALID_PARAM',
    message: string,
  ) {
    super(message);
  }
}

export interface CollectionStats {
  reads: number;
  writes: number;
  indexLookups: number;
  idLookups: number;
  scans: number;
}

interface Collection {
  name: string;
  table: string;
  indexes: { spec: IndexSpec; fields: string[]; table: string; insert: Database.Statement; remove: Database.Statement; holder: Database.Statement }[];
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
  strictIndexes = false;
  strictThreshold = 1000;

  constructor(file: string | ':memory:') {
    this.db = new Database(file);
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
    this.generation += 1;
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
  }

  private open(name: string): Collection {
    const table = quote(`d:${name}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, v INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID`);
    const indexes = (this.declared.get(name) ?? []).map((spec) => {
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
      const index = {
        spec,
        fields,
        table: itable,
        insert: this.db.prepare(`INSERT INTO ${itable} (${cols.join(', ')}, id) VALUES (${cols.map(() => '?').join(', ')}, ?)`),
        remove: this.db.prepare(`DELETE FROM ${itable} WHERE id = ?`),
        /** Another document holding the same key. */
        holder: this.db.prepare(`SELECT id FROM ${itable} WHERE ${cols.map((c) => `${c} = ?`).join(' AND ')} AND id <> ? LIMIT 1`),
      };
      if (!exists) {
        this.generation += 1;
        // An index declared on a collection that already holds documents: build it now.
        for (const row of this.db.prepare(`SELECT id, doc FROM ${table}`).all() as { id: string; doc: string }[]) {
          for (const key of indexKeys(decodeDoc(row.doc), fields, spec.unique === true)) index.insert.run(...key, row.id);
        }
      }
      return index;
    });
    const c: Collection = {
      name,
      table,
      indexes,
      get: this.db.prepare(`SELECT id, v, doc FROM ${table} WHERE id = ?`),
      insert: this.db.prepare(`INSERT INTO ${table} (id, v, doc) VALUES (?, 1, ?)`),
      update: this.db.prepare(`UPDATE ${table} SET v = v + 1, doc = ? WHERE id = ?`),
      remove: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      all: this.db.prepare(`SELECT id, v, doc FROM ${table}`),
      count: this.db.prepare(`SELECT count(*) AS n FROM ${table}`),
      stats: this.collections.get(name)?.stats ?? emptyStats(),
    };
    this.collections.set(name, c);
    return c;
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
    const row = c.get.get(id) as { id: string; v: number; doc: string } | undefined;
    return row ? { id: row.id, v: row.v, doc: decodeDoc(row.doc) } : null;
  }

  /** Documents matching a Mongo filter, sorted, skipped and limited. */
  find(name: string, filter: Doc, options: FindOptions = {}): StoredDoc[] {
    const c = this.collection(name);
    c.stats.reads += 1;
    const walked = this.walkInOrder(c, filter, options);
    if (walked) return walked;
    const candidates = this.candidates(c, filter);
    const query = new Query(filter);
    let matched = candidates.filter((row) => query.test(row.doc));
    if (options.sort && Object.keys(options.sort).length > 0) matched = sortDocs(matched, options.sort);
    const skip = options.skip ?? 0;
    return matched.slice(skip, options.limit === undefined ? undefined : skip + options.limit);
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
    this.generation += 1;
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
      for (const key of indexKeys(doc, index.fields, index.spec.unique === true)) {
        try {
          index.insert.run(...key, write.id);
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new StoreError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${c.name} index: ${index.spec.name} dup key: ${keyText(key)}`);
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

  /** Counts every write, so what was learnt about the data is known to be current. */
  private generation = 0;
  private readonly walkChecks = new Map<string, boolean>();

  /**
   * A page in the order of an index, reading only as many documents as the page needs: for a
   * sort on one field that follows the filter's equalities in an index (a paged list by date).
   * Taken only where SQL's order is Mongo's: every document is in the index, none more than
   * once in the range, and every sort key in the range a date (dates are the index's only
   * SQL integers); anything else is sorted in full. Each document is still matched by mingo.
   */
  private walkInOrder(c: Collection, filter: Doc, options: FindOptions): StoredDoc[] | null {
    const sort = Object.entries(options.sort ?? {});
    if (sort.length !== 1 || options.limit === undefined) return null;
    const [field, direction] = sort[0] as [string, 1 | -1];
    if (field === '_id') return null;
    const conditions = pushdownConditions(filter);
    for (const index of c.indexes) {
      const at = index.fields.indexOf(field);
      if (at < 0) continue;
      const prefix = index.fields.slice(0, at);
      const eq = prefix.map((f) => conditions.get(f)?.eq);
      if (eq.some((value) => value === undefined || value === null)) continue;
      const where = prefix.map((_, i) => `k${i} = ?`);
      const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const sortCol = `k${at}`;
      // The checks pass over the whole range: kept until the collection's next write (an export pages a while).
      const checkKey = `${this.generation}\n${c.name}\n${index.spec.name}\n${at}\n${keyText(eq as SqlValue[])}`;
      let walkable = this.walkChecks.get(checkKey);
      if (walkable === undefined) {
        const check = this.db
          .prepare(`SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(typeof(${sortCol}) = 'integer') AS dates FROM ${index.table} ${whereSql}`)
          .get(...(eq as SqlValue[])) as { n: number; ids: number; dates: number | null };
        const indexed = (this.db.prepare(`SELECT count(DISTINCT id) AS n FROM ${index.table}`).get() as { n: number }).n;
        walkable = check.n === check.ids && check.dates === check.n && indexed === (c.count.get() as { n: number }).n;
        if (this.walkChecks.size > 1000) this.walkChecks.clear();
        this.walkChecks.set(checkKey, walkable);
      }
      if (!walkable) return null;
      c.stats.indexLookups += 1;

      // Ties keep the order of ids, as the full sort does.
      const order = `ORDER BY ${sortCol} ${direction === 1 ? 'ASC' : 'DESC'}, id ASC`;
      // Strings and dates are the keys SQL holds unambiguously (a number and a boolean share one).
      const covered = Object.keys(filter).length === prefix.length && prefix.every((key) => typeof filter[key] === 'string' || filter[key] instanceof Date);
      const query = new Query(filter);
      const page: StoredDoc[] = [];
      const skip = options.skip ?? 0;
      // A filter that is exactly the index's equalities is skipped in SQL; else matched one by one.
      let toSkip = covered ? 0 : skip;
      const chunk = Math.max(options.limit, 100);
      for (let offset = covered ? skip : 0; page.length < options.limit; offset += chunk) {
        const ids = this.db.prepare(`SELECT id FROM ${index.table} ${whereSql} ${order} LIMIT ? OFFSET ?`).all(...(eq as SqlValue[]), chunk, offset) as { id: string }[];
        for (const { id } of ids) {
          const row = c.get.get(id) as { id: string; v: number; doc: string } | undefined;
          if (!row) continue;
          const doc = decodeDoc(row.doc);
          if (!query.test(doc)) continue;
          if (toSkip > 0) {
            toSkip -= 1;
            continue;
          }
          page.push({ id: row.id, v: row.v, doc });
          if (page.length === options.limit) break;
        }
        if (ids.length < chunk) break;
      }
      return page;
    }
    return null;
  }

  private candidates(c: Collection, filter: Doc): StoredDoc[] {
    const conditions = pushdownConditions(filter);
    const ids = conditions.get('_id');
    if (ids && (ids.eq !== undefined || ids.in)) {
      c.stats.idLookups += 1;
      const list = ids.in ?? [ids.eq as SqlValue];
      const rows: StoredDoc[] = [];
      for (const id of list) {
        if (typeof id !== 'string') continue;
        const row = c.get.get(id) as { id: string; v: number; doc: string } | undefined;
        if (row) rows.push({ id: row.id, v: row.v, doc: decodeDoc(row.doc) });
      }
      return rows;
    }
    const plan = choosePlan(c, conditions);
    if (!plan) {
      c.stats.scans += 1;
      // A bare listing is a plain page; a filter that no index serves is what is slow on CloudBase.
      if (this.strictIndexes && Object.keys(filter).length > 0) {
        const n = (c.count.get() as { n: number }).n;
        if (n > this.strictThreshold) {
          throw new StoreError(
            'DATABASE_REQUEST_FAILED',
            `--strict-indexes: no index in database-rules/${c.name}.json serves the query ${JSON.stringify(filter)} over ${n} documents`,
          );
        }
      }
      return (c.all.all() as { id: string; v: number; doc: string }[]).map((row) => ({ id: row.id, v: row.v, doc: decodeDoc(row.doc) }));
    }
    c.stats.indexLookups += 1;
    const rows = this.db
      .prepare(`SELECT d.id, d.v, d.doc FROM ${c.table} d WHERE d.id IN (SELECT i.id FROM ${plan.index.table} i WHERE ${plan.where.join(' AND ')})`)
      .all(...plan.params) as { id: string; v: number; doc: string }[];
    return rows.map((row) => ({ id: row.id, v: row.v, doc: decodeDoc(row.doc) }));
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

function emptyStats(): CollectionStats {
  return { reads: 0, writes: 0, indexLookups: 0, idLookups: 0, scans: 0 };
}

/** The index rows of a document: the cross product of each field's values. */
/**
 * In a unique index a missing field is a value like any other, as in MongoDB: only one
 * document may lack it. SQLite treats NULLs as distinct, so unique index tables store this
 * marker instead.
 */
const MISSING = '\u0000missing';

function indexKeys(doc: Doc, fields: string[], unique: boolean): SqlValue[][] {
  let keys: SqlValue[][] = [[]];
  for (const field of fields) {
    const values = [...new Set(valuesAtPath(doc, field).map(toSqlKey).map((v) => (unique && v === null ? MISSING : v)))];
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

interface FieldCondition {
  eq?: SqlValue;
  in?: SqlValue[];
  gt?: SqlValue;
  gte?: SqlValue;
  lt?: SqlValue;
  lte?: SqlValue;
}

const isPlainScalar = (value: unknown) =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;

/**
 * The conditions SQL can narrow by: equality, ranges and `$in` on scalars, at the top level
 * or inside `$and`. Anything else is left to mingo, so narrowing never drops a match.
 */
export function pushdownConditions(filter: Doc): Map<string, FieldCondition> {
  const out = new Map<string, FieldCondition>();
  const visit = (node: Doc) => {
    for (const [field, value] of Object.entries(node)) {
      if (field === '$and' && Array.isArray(value)) {
        for (const part of value) if (part && typeof part === 'object') visit(part as Doc);
        continue;
      }
      if (field.startsWith('$')) continue;
      const cond: FieldCondition = out.get(field) ?? {};
      if (isPlainScalar(value)) {
        cond.eq = toSqlKey(value);
      } else if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RegExp)) {
        const ops = value as Record<string, unknown>;
        for (const [op, operand] of Object.entries(ops)) {
          if (op === '$eq' && isPlainScalar(operand)) cond.eq = toSqlKey(operand);
          else if (op === '$in' && Array.isArray(operand) && operand.every(isPlainScalar)) cond.in = operand.map(toSqlKey);
          else if ((op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') && isPlainScalar(operand) && operand !== null) {
            cond[op.slice(1) as 'gt' | 'gte' | 'lt' | 'lte'] = toSqlKey(operand);
          }
        }
      }
      if (Object.keys(cond).length > 0) out.set(field, cond);
    }
  };
  visit(filter);
  return out;
}

function choosePlan(c: Collection, conditions: Map<string, FieldCondition>) {
  let best: { index: Collection['indexes'][number]; where: string[]; params: SqlValue[]; score: number } | null = null;
  for (const index of c.indexes) {
    const where: string[] = [];
    const params: SqlValue[] = [];
    let score = 0;
    // A missing value: SQL NULL, or the marker a unique index stores instead (bound, as it holds a NUL).
    const isNull = (col: string) => {
      if (!index.spec.unique) return `${col} IS NULL`;
      params.push(MISSING);
      return `${col} = ?`;
    };
    for (const [i, field] of index.fields.entries()) {
      const cond = conditions.get(field);
      if (!cond) break;
      const col = `i.k${i}`;
      if (cond.eq !== undefined) {
        if (cond.eq === null) where.push(isNull(col));
        else {
          where.push(`${col} = ?`);
          params.push(cond.eq);
        }
        score += 3;
        continue;
      }
      if (cond.in) {
        const nonNull = cond.in.filter((v) => v !== null);
        params.push(...nonNull);
        const orNull = nonNull.length < cond.in.length ? ` OR ${isNull(col)}` : '';
        where.push(`(${col} IN (${nonNull.map(() => '?').join(', ') || 'NULL'})${orNull})`);
        score += 2;
        break;
      }
      for (const [op, sql] of [['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']] as const) {
        if (cond[op] !== undefined) {
          where.push(`${col} ${sql} ?`);
          params.push(cond[op] as SqlValue);
        }
      }
      score += 1;
      break;
    }
    if (score > 0 && (!best || score > best.score)) best = { index, where, params, score };
  }
  return best;
}

/** Mongo's sort order for the types we store: null < numbers < strings < objects < arrays < booleans < dates. */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'number') return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) return 5;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  return 4;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const ja = JSON.stringify(a) ?? '';
  const jb = JSON.stringify(b) ?? '';
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

function sortKey(doc: Doc, path: string, direction: 1 | -1): unknown {
  const values = valuesAtPath(doc, path).filter((v) => v !== undefined);
  if (values.length === 0) return null;
  if (values.length === 1) return values[0];
  // An array sorts by its smallest element ascending and its largest descending (Mongo).
  return values.sort(compareValues)[direction === 1 ? 0 : values.length - 1];
}

function sortDocs(rows: StoredDoc[], sort: Record<string, 1 | -1>): StoredDoc[] {
  const fields = Object.entries(sort);
  return rows
    .map((row) => ({ row, keys: fields.map(([path, dir]) => sortKey(row.doc, path, dir)) }))
    .sort((a, b) => {
      for (const [i, [, dir]] of fields.entries()) {
        const diff = compareValues(a.keys[i], b.keys[i]);
        if (diff !== 0) return diff * dir;
      }
      return 0;
    })
    .map((entry) => entry.row);
}
