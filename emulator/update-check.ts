import { ProtocolError } from './errors';
import type { Doc } from './values';

/**
 * What MongoDB (and so CloudBase, whose database is MongoDB) refuses in an update before it
 * writes anything; mingo, which applies the update, would skip these silently. The messages
 * are MongoDB's own (server error codes 2 BadValue, 14 TypeMismatch, 28 PathNotViable,
 * 40 ConflictingUpdateOperators, 66 ImmutableField; the update operators' pages of the MongoDB
 * manual, docs.mongodb.com/manual/reference/operator/update/): "$inc ... on a field with a
 * non-numeric value ... fails", "If the field is absent ... $push adds the array field ... If
 * the field is not an array, the operation will fail", and so on. CloudBase reports them as a
 * failed database request, DATABASE_REQUEST_FAILED (wx-server-sdk: -502001).
 */
export function checkUpdate(doc: Doc, modifier: Record<string, unknown>): void {
  const seen: string[] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    if (!op.startsWith('$') || fields === null || typeof fields !== 'object') continue;
    for (const [field, operand] of Object.entries(fields as Record<string, unknown>)) {
      conflicts(seen, field);
      if (op === '$rename' && typeof operand === 'string') conflicts(seen, operand);
      if (op === '$set' || op === '$setOnInsert') immutableId(doc, field, operand);
      // $unset, $pull, $pullAll and $pop through a path that is not there change nothing.
      if (CREATES.has(op)) viable(doc, op === '$rename' && typeof operand === 'string' ? operand : field);
      const at = valueAt(doc, field);
      if (!at.found || at.value === undefined) continue;
      leaf(doc, op, field, at.value);
    }
  }
}

/** The operators that create the path they name when it is missing. */
const CREATES = new Set(['$set', '$setOnInsert', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$currentDate', '$rename']);

const fail = (message: string): never => {
  throw new ProtocolError('DATABASE_REQUEST_FAILED', message);
};

/** MongoDB's name of a value's BSON type, as its messages print it. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** A value as MongoDB prints it in a message: `{ deep: 5 }`. */
function show(value: unknown): string {
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(show).join(', ')} ]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${show(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const idOf = (doc: Doc) => `{ _id: ${show(doc._id)} }`;

/** "Updating the path 'a.b' would create a conflict at 'a'" (code 40): one update touches a path twice. */
function conflicts(seen: string[], field: string): void {
  for (const other of seen) {
    if (other === field || other.startsWith(`${field}.`) || field.startsWith(`${other}.`)) {
      const shorter = other.length <= field.length ? other : field;
      fail(`Updating the path '${field}' would create a conflict at '${shorter}'`);
    }
  }
  seen.push(field);
}

/** "Performing an update on the path '_id' would modify the immutable field '_id'" (code 66). */
function immutableId(doc: Doc, field: string, operand: unknown): void {
  if (field !== '_id' && !field.startsWith('_id.')) return;
  if (field === '_id' && show(operand) === show(doc._id)) return;
  fail(`Performing an update on the path '_id' would modify the immutable field '_id'`);
}

/**
 * "Cannot create field 'x' in element {deep: 5}" (code 28): a path that goes through a value
 * that holds no fields (a number, a string, null), or names a field of an array.
 */
function viable(doc: Doc, field: string): void {
  const parts = field.split('.');
  let current: unknown = doc;
  for (const [i, part] of parts.entries()) {
    if (part.startsWith('$')) return; // positional ($, $[], $[id]): matched elements, left to mingo
    if (current === undefined) return;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part)) fail(`Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: ${show(current)}}`);
      current = current[Number(part)];
      continue;
    }
    if (current === null || typeof current !== 'object' || current instanceof Date || current instanceof RegExp) {
      fail(`Cannot create field '${part}' in element {${parts[i - 1] ?? ''}: ${show(current)}}`);
    }
    const record = current as Record<string, unknown>;
    current = Object.prototype.hasOwnProperty.call(record, part) ? record[part] : undefined;
  }
}

/** The value at a dotted path, through objects and array indexes only. */
function valueAt(doc: Doc, field: string): { found: boolean; value?: unknown } {
  let current: unknown = doc;
  for (const part of field.split('.')) {
    if (part.startsWith('$')) return { found: false };
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (current !== null && typeof current === 'object' && !Array.isArray(current) && !(current instanceof Date)) {
      const record = current as Record<string, unknown>;
      if (!Object.prototype.hasOwnProperty.call(record, part)) return { found: false };
      current = record[part];
    } else return { found: false };
  }
  return { found: true, value: current };
}

/** What each operator requires of the value it finds. */
function leaf(doc: Doc, op: string, field: string, value: unknown): void {
  const name = field.split('.').pop() ?? field;
  switch (op) {
    case '$inc':
    case '$mul':
      if (typeof value !== 'number')
        fail(`Cannot apply ${op} to a value of non-numeric type. ${idOf(doc)} has the field '${name}' of non-numeric type ${typeName(value)}`);
      return;
    case '$push':
      if (!Array.isArray(value)) fail(`The field '${field}' must be an array but is of type ${typeName(value)} in document ${idOf(doc)}`);
      return;
    case '$addToSet':
      if (!Array.isArray(value)) fail(`Cannot apply $addToSet to non-array field. Field named '${name}' has non-array type ${typeName(value)}`);
      return;
    case '$pop':
      if (!Array.isArray(value)) fail(`Path '${field}' contains an element of non-array type '${typeName(value)}'`);
      return;
    case '$pull':
    case '$pullAll':
      if (!Array.isArray(value)) fail(`Cannot apply ${op} to a non-array value`);
      return;
    default:
  }
}
