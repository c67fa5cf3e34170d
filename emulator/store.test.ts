import fc from 'fast-check';
import { Query } from 'mingo';
import { project } from './database';
import { Store, type IndexSpec } from './store';
import type { Doc } from './values';

const INDEXES: IndexSpec[] = [
  { name: 'a', keys: { a: 1 } },
  { name: 'b_c', keys: { b: 1, c: 1 } },
  { name: 'tags', keys: { tags: 1 } },
  { name: 'nested', keys: { 'o.p': 1 } },
];

const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('x', 'y', 'z', ''), fc.boolean(), fc.constant(null), fc.constantFrom(new Date(0), new Date(1000)));
const docArb = fc.record(
  {
    a: scalar,
    b: fc.integer({ min: 0, max: 3 }),
    c: scalar,
    tags: fc.array(fc.constantFrom('x', 'y', 'z', 1, 2), { maxLength: 3 }),
    o: fc.record({ p: scalar }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const field = fc.constantFrom('a', 'b', 'c', 'tags', 'o.p');
const condition = fc.oneof(
  scalar,
  fc.record({ $gt: scalar }),
  fc.record({ $gte: scalar, $lt: scalar }),
  fc.record({ $lte: scalar }),
  fc.record({ $in: fc.array(scalar, { maxLength: 3 }) }),
  fc.record({ $ne: scalar }),
  fc.record({ $exists: fc.boolean() }),
);
const queryArb = fc.oneof(
  fc.dictionary(field, condition, { maxKeys: 3 }),
  fc.record({ $and: fc.array(fc.dictionary(field, condition, { maxKeys: 2 }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ $or: fc.array(fc.dictionary(field, condition, { maxKeys: 2 }), { minLength: 1, maxLength: 2 }) }),
);

function load(docs: Doc[], indexes: IndexSpec[]): Store {
  const store = new Store(':memory:');
  store.declare('things', indexes);
  store.apply(docs.map((doc, i) => ({ collection: 'things', id: `d${i}`, doc: { ...doc, _id: `d${i}` } })));
  return store;
}

describe('the store answers what mingo answers over the whole collection', () => {
  it('with and without indexes, for random documents and queries', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 25 }), queryArb, (docs, query) => {
        const expected = docs
          .map((doc, i) => ({ ...doc, _id: `d${i}` }))
          .filter((doc) => new Query(query as Record<string, unknown>).test(doc))
          .map((doc) => doc._id)
          .sort();
        for (const indexes of [[], INDEXES]) {
          const store = load(docs as Doc[], indexes);
          const got = store.find('things', query as Doc).map((row) => row.id).sort();
          store.db.close();
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('uses an index when one fits, and scans when none does', () => {
    const store = load([{ a: 1, b: 2, c: 'x' }, { a: 2, b: 2, c: 'y' }], INDEXES);
    store.find('things', { b: 2, c: { $gte: 'y' } });
    store.find('things', { c: 'x' });
    expect(store.stats().things).toMatchObject({ indexLookups: 1, scans: 1 });
  });

  it('enforces a unique index, also across an array field', () => {
    const store = new Store(':memory:');
    store.declare('claims', [{ name: 'creditor', keys: { bankruptcyId: 1, creditor: 1 }, unique: true }]);
    store.apply([{ collection: 'claims', id: 'c1', doc: { bankruptcyId: 'b1', creditor: 'o1' } }]);
    expect(() => store.apply([{ collection: 'claims', id: 'c2', doc: { bankruptcyId: 'b1', creditor: 'o1' } }])).toThrow(/duplicate key/);
    store.apply([{ collection: 'claims', id: 'c3', doc: { bankruptcyId: 'b2', creditor: 'o1' } }]);
    expect(store.count('claims', {})).toBe(2);
    // As in MongoDB, a missing key is a value too: only one document may lack it.
    store.apply([{ collection: 'claims', id: 'c4', doc: { note: 'no keys' } }]);
    expect(() => store.apply([{ collection: 'claims', id: 'c5', doc: { note: 'no keys either' } }])).toThrow(/duplicate key/);
    expect(store.find('claims', { bankruptcyId: null }).map((row) => row.id)).toEqual(['c4']);
  });

  it('applies a batch all or nothing', () => {
    const store = new Store(':memory:');
    store.declare('claims', [{ name: 'creditor', keys: { creditor: 1 }, unique: true }]);
    expect(() =>
      store.apply([
        { collection: 'claims', id: 'c1', doc: { creditor: 'o1' } },
        { collection: 'claims', id: 'c2', doc: { creditor: 'o1' } },
      ]),
    ).toThrow();
    expect(store.count('claims', {})).toBe(0);
  });
});

describe('projection', () => {
  it('picks top-level fields as mingo does', () => {
    const projectionArb = fc.dictionary(fc.constantFrom('_id', 'a', 'b', 'c', 'tags', 'o', 'missing'), fc.constant<0 | 1>(1), { minKeys: 1 });
    fc.assert(
      fc.property(docArb, projectionArb, fc.boolean(), (doc, projection, hideId) => {
        const withId = { _id: 'd1', ...doc } as Doc;
        const asked = hideId ? { ...projection, _id: 0 as const } : projection;
        const [expected] = new Query({}).find([withId], asked).all();
        expect(project(withId, asked)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
