import { EJSON } from 'bson';

export type Doc = Record<string, unknown> & { _id?: unknown };

/**
 * Stored documents are JSON with dates as {"$date": <ms>}: compact, fast to parse, and
 * lossless for what the SDK can send (numbers, strings, booleans, null, dates, arrays, objects).
 */
export function encodeDoc(doc: Doc): string {
  return JSON.stringify(doc, function replacer(this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.getTime() } : value;
  });
}

export function decodeDoc(text: string): Doc {
  // A plain parse and one walk where dates are (a reviver costs five times the parse).
  const doc = JSON.parse(text) as Doc;
  return text.includes('"$date"') ? (reviveDates(doc) as Doc) : doc;
}

function reviveDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = reviveDates(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$date === 'number' && Object.keys(record).length === 1) return new Date(record.$date);
  for (const key in record) record[key] = reviveDates(record[key]);
  return record;
}

/**
 * EJSON from the SDK to plain values: numbers, Dates, native RegExps, and the SDK's
 * `{ $tcb_server_date: { offset } }` resolved against the emulator's clock.
 */
export function fromEJSON(text: string, now: () => number): unknown {
  return normalise(EJSON.parse(text, { relaxed: true }), now);
}

function normalise(value: unknown, now: () => number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => normalise(item, now));
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype === 'BSONRegExp') {
    const { pattern, options } = value as unknown as { pattern: string; options: string };
    return new RegExp(pattern, options.replace(/[^imsu]/g, ''));
  }
  if (bsontype === 'Long' || bsontype === 'Double' || bsontype === 'Int32' || bsontype === 'Decimal128') {
    return Number((value as { toString(): string }).toString());
  }
  if (bsontype === 'ObjectId' || bsontype === 'ObjectID') return (value as { toHexString(): string }).toHexString();
  const record = value as Record<string, unknown>;
  const serverDate = record.$tcb_server_date as { offset?: number } | undefined;
  if (serverDate && Object.keys(record).length === 1) return new Date(now() + (serverDate.offset ?? 0));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) out[key] = normalise(item, now);
  return out;
}

/** Plain values back to the SDK as canonical EJSON (`$numberInt`, `$date`...). */
export function toEJSON(value: unknown): string {
  return EJSON.stringify(value as Doc, { relaxed: false });
}

/** A CloudBase-style document id: 32 hex characters. */
export function newDocId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('hex');
}

/** The value(s) at a dotted path, stepping into arrays as Mongo does for multikey indexes. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (value: unknown, i: number): void => {
    if (i === parts.length) {
      if (Array.isArray(value)) {
        if (value.length === 0) out.push(undefined);
        for (const item of value) out.push(item);
      } else out.push(value);
      return;
    }
    if (Array.isArray(value)) {
      const index = Number(parts[i]);
      if (Number.isInteger(index) && String(index) === parts[i]) return walk(value[index], i + 1);
      for (const item of value) walk(item, i);
      return;
    }
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      return walk((value as Record<string, unknown>)[parts[i] as string], i + 1);
    }
    out.push(undefined);
  };
  walk(doc, 0);
  return out;
}

/** How a value sits in an index column. Dates as ms; values SQL cannot order as Mongo does go to a BLOB. */
export type SqlValue = string | number | bigint | null | Buffer;

/** An index key as text, for messages and for telling keys apart. */
export const keyText = (key: readonly SqlValue[]) => JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
const OPAQUE = Buffer.from([1]);
export function toSqlKey(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // A date is the one SQL integer of an index (numbers and booleans are REAL), so an index
  // walk can tell that a range holds only dates and trust SQL's order for them.
  if (value instanceof Date) return BigInt(value.getTime());
  return OPAQUE;
}
