import type Database from 'better-sqlite3';
import { Query } from 'mingo';
import { sortDocs } from './sort-order';
import { MISSING, StoreError, type Collection, type FindOptions, type IndexTable, type StoredDoc, type StoredRow } from './store-model';
import { decodeDoc, keyText, toSqlKey, type Doc, type SqlValue } from './values';

// The query planner: which part of a Mongo filter goes to SQL (by _id, through an index's side
// table, or a page walked in an index's order), and mingo deciding every match after it, so
// narrowing never changes the answer.

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

const toStored = (row: StoredRow): StoredDoc => ({ id: row.id, v: row.v, doc: decodeDoc(row.doc) });

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
  let best: { index: IndexTable; where: string[]; params: SqlValue[]; score: number } | null = null;
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
      const hasLower = cond.gt !== undefined || cond.gte !== undefined;
      for (const [op, sql] of [
        ['gt', '>'],
        ['gte', '>='],
        ['lt', '<'],
        ['lte', '<='],
      ] as const) {
        if (cond[op] === undefined) continue;
        // Over an array field each bound may be met by another element: the lower one alone narrows.
        if (index.multikey && hasLower && (op === 'lt' || op === 'lte')) continue;
        where.push(`${col} ${sql} ?`);
        params.push(cond[op] as SqlValue);
      }
      score += 1;
      break;
    }
    if (score > 0 && (!best || score > best.score)) best = { index, where, params, score };
  }
  return best;
}

/** What the planner reads of the store's settings (`--strict-indexes`). */
export interface PlannerSettings {
  readonly strictIndexes: boolean;
  readonly strictThreshold: number;
}

/** Plans and runs a find over one store's tables. */
export class QueryPlanner {
  /** Counts every write, so what was learnt about the data is known to be current. */
  private generation = 0;
  private readonly walkChecks = new Map<string, boolean>();

  constructor(
    private readonly db: Database.Database,
    private readonly settings: PlannerSettings,
  ) {}

  /** The data changed: what the walk checks learnt no longer holds. */
  invalidate(): void {
    this.generation += 1;
  }

  /** Documents matching a Mongo filter, sorted, skipped and limited. */
  find(c: Collection, filter: Doc, options: FindOptions): StoredDoc[] {
    const walked = this.walkInOrder(c, filter, options);
    if (walked) return walked;
    const candidates = this.candidates(c, filter);
    const query = new Query(filter);
    let matched = candidates.filter((row) => query.test(row.doc));
    if (options.sort && Object.keys(options.sort).length > 0) matched = sortDocs(matched, options.sort);
    const skip = options.skip ?? 0;
    return matched.slice(skip, options.limit === undefined ? undefined : skip + options.limit);
  }

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
        const ids = this.db.prepare(`SELECT id FROM ${index.table} ${whereSql} ${order} LIMIT ? OFFSET ?`).all(...(eq as SqlValue[]), chunk, offset) as {
          id: string;
        }[];
        for (const { id } of ids) {
          const row = c.get.get(id) as StoredRow | undefined;
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

  /** The documents an index (or the _id) narrows a filter to; every document when none fits. */
  private candidates(c: Collection, filter: Doc): StoredDoc[] {
    const conditions = pushdownConditions(filter);
    const ids = conditions.get('_id');
    if (ids && (ids.eq !== undefined || ids.in)) {
      c.stats.idLookups += 1;
      const list = ids.in ?? [ids.eq as SqlValue];
      const rows: StoredRow[] = [];
      for (const id of new Set(list)) {
        if (typeof id !== 'string') continue;
        const row = c.get.get(id) as StoredRow | undefined;
        if (row) rows.push(row);
      }
      // In the order of insertion, as every read without orderBy answers, not the order of the list.
      return rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).map(toStored);
    }
    const plan = choosePlan(c, conditions);
    if (!plan) {
      c.stats.scans += 1;
      // A bare listing is a plain page; a filter that no index serves is what is slow on CloudBase.
      if (this.settings.strictIndexes && Object.keys(filter).length > 0) {
        const n = (c.count.get() as { n: number }).n;
        if (n > this.settings.strictThreshold) {
          throw new StoreError(
            'DATABASE_REQUEST_FAILED',
            `--strict-indexes: no index in database-rules/${c.name}.json serves the query ${JSON.stringify(filter)} over ${n} documents`,
          );
        }
      }
      return (c.all.all() as StoredRow[]).map(toStored);
    }
    c.stats.indexLookups += 1;
    const rows = this.db
      .prepare(
        `SELECT d.id, d.v, d.doc FROM ${c.table} d WHERE d.id IN (SELECT i.id FROM ${plan.index.table} i WHERE ${plan.where.join(' AND ')}) ORDER BY d.seq`,
      )
      .all(...plan.params) as StoredRow[];
    return rows.map(toStored);
  }
}
