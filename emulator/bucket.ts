import { aggregate } from 'mingo';
import { ProtocolError } from './errors';
import { compareValues } from './sort-order';
import type { Doc } from './values';

/** The `$bucket` stage's fields (docs.mongodb.com/manual/reference/operator/aggregation/bucket/). */
interface BucketSpec {
  groupBy?: unknown;
  boundaries?: unknown;
  default?: unknown;
  output?: Record<string, unknown>;
}

const fail = (message: string): never => {
  throw new ProtocolError('DATABASE_REQUEST_FAILED', message);
};

// Field names no document of the project has: where a document's position and key ride along.
const SLOT = '__mcBucketSlot';
const KEY = '__mcBucketKey';

const kind = (value: unknown) => (value instanceof Date ? 'date' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * `$bucket` as MongoDB runs it (mingo's own puts a value equal to a boundary in the lower bucket
 * and emits empty buckets): "Each bucket's lower boundary is inclusive and its upper boundary is
 * exclusive"; "$bucket only produces output documents for buckets that contain at least one input
 * document"; the output is ordered by `_id`, each bucket's lower boundary or the `default`
 * literal; `output` defaults to `{ count: { $sum: 1 } }`; an input outside every bucket without
 * a `default` fails the stage.
 */
export function bucket(docs: Doc[], spec: BucketSpec): Doc[] {
  const { groupBy, boundaries } = spec;
  if (typeof groupBy !== 'string' && (groupBy === null || typeof groupBy !== 'object'))
    fail("The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression object");
  if (!Array.isArray(boundaries) || boundaries.length < 2) return fail("The $bucket 'boundaries' field must be an array of at least 2 values");
  const numeric = boundaries.every((b) => typeof b === 'number');
  if (!numeric && !boundaries.every((b) => kind(b) === kind(boundaries[0])))
    fail("All values in the the 'boundaries' option to $bucket must have the same type");
  for (let i = 1; i < boundaries.length; i += 1)
    if (compareValues(boundaries[i - 1], boundaries[i]) >= 0) fail("The 'boundaries' option to $bucket must be sorted in ascending order");
  const hasDefault = Object.prototype.hasOwnProperty.call(spec, 'default');
  if (hasDefault && (kind(spec.default) === kind(boundaries[0]) || (numeric && typeof spec.default === 'number'))) {
    const inside = compareValues(spec.default, boundaries[0]) >= 0 && compareValues(spec.default, boundaries[boundaries.length - 1]) < 0;
    if (inside) fail("The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary");
  }

  // The key of each document, computed by mingo as $group would, then placed by Mongo's order.
  const keyed = aggregate(
    docs.map((doc, i) => ({ ...doc, [SLOT]: i })),
    [{ $project: { [SLOT]: 1, [KEY]: groupBy } }],
  ) as Record<string, unknown>[];
  const groups = new Map<number, Doc[]>();
  for (const row of keyed) {
    const i = row[SLOT] as number;
    const value = row[KEY] === undefined ? null : row[KEY];
    let at = -1;
    for (let b = 0; b + 1 < boundaries.length; b += 1) {
      if (kind(value) !== kind(boundaries[b]) && !(typeof value === 'number' && numeric)) continue;
      if (compareValues(value, boundaries[b]) >= 0 && compareValues(value, boundaries[b + 1]) < 0) {
        at = b;
        break;
      }
    }
    if (at < 0 && !hasDefault) fail('$switch could not find a matching branch for an input, and no default was specified.');
    const slot = at < 0 ? boundaries.length : at;
    const list = groups.get(slot) ?? [];
    list.push(docs[i] as Doc);
    groups.set(slot, list);
  }
  const output = spec.output ?? { count: { $sum: 1 } };
  const out = [...groups].map(([slot, members]) => {
    const [accumulated] = aggregate(members, [{ $group: { _id: null, ...output } }]) as Doc[];
    const { _id: _ignored, ...fields } = accumulated ?? {};
    return { _id: slot === boundaries.length ? spec.default : (boundaries[slot] as unknown), ...fields } as Doc;
  });
  return out.sort((a, b) => compareValues(a._id, b._id));
}
