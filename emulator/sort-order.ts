import type { StoredDoc } from './store-model';
import { valuesAtPath, type Doc } from './values';

// Mongo's sort order: how values of different types compare, and how documents are ordered
// by a sort spec. The store sorts with it wherever SQL's order is not known to be Mongo's.

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

export function sortDocs(rows: StoredDoc[], sort: Record<string, 1 | -1>): StoredDoc[] {
  const fields = Object.entries(sort);
  return rows
    .map((row) => ({ row, keys: fields.map(([path, dir]) => sortKey(row.doc, path, dir)) }))
    .sort((a, b) => {
      for (const [i, [, dir]] of fields.entries()) {
        const diff = compareValues(a.keys[i], b.keys[i]);
        if (diff !== 0) return diff * dir;
      }
      // Ties in the order of ids, as a page walked in an index's order has them (query-plan.ts).
      return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;
    })
    .map((entry) => entry.row);
}
