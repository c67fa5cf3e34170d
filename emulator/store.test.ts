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

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('x', 'y', 'z', ''),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(new Date(0), new Date(1000)),
);
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
          const got = store
            .find('things', query as Doc)
            .map((row) => row.id)
            .sort();
          store.db.close();
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches a range over an array field when different elements meet its two bounds, as MongoDB does', () => {
    const cases: [Doc[], Doc][] = [
      [[{ b: 0, tags: ['x', 1] }], { tags: { $gte: 'x', $lt: 2 } }],
      [[{ b: 0, tags: [1, 5] }], { tags: { $gt: 2, $lt: 4 } }],
    ];
    for (const [docs, query] of cases) {
      const store = load(docs, INDEXES);
      expect(store.find('things', query).map((row) => row.id)).toEqual(['d0']);
      store.db.close();
    }
  });

  it('pages in an index’s order exactly as a full sort does', () => {
    const date = fc.integer({ min: 0, max: 5 }).map((n) => new Date(Date.UTC(2026, 2, 1 + n)));
    // Mostly dates; sometimes what SQL would order otherwise than Mongo, which must fall back.
    const at = fc.oneof(
      { weight: 8, arbitrary: date },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null), fc.array(date, { maxLength: 2 })) },
    );
    // b mixes keys SQL tells apart (strings) with keys it does not (1 and true).
    const b = fc.oneof(fc.constantFrom('x', 'y'), fc.constantFrom(0, 1), fc.boolean());
    const doc = (atArb: fc.Arbitrary<unknown>) => fc.record({ b, c: fc.integer({ min: 0, max: 3 }), at: atArb }, { requiredKeys: ['b', 'c'] });
    const docs = fc.oneof(
      fc.array(
        doc(date).map((d) => ({ ...d, at: d.at ?? new Date(0) })),
        { maxLength: 30 },
      ),
      fc.array(doc(at), { maxLength: 30 }),
    );
    const filter = fc.oneof(
      fc.record({ b }),
      fc.record({ b, c: fc.record({ $gte: fc.integer({ min: 0, max: 3 }) }) }),
      fc.record({ b: fc.record({ $eq: b, $ne: b }) }),
    );
    const page = fc.record({
      sort: fc.record({ at: fc.constantFrom<1 | -1>(1, -1) }),
      skip: fc.integer({ min: 0, max: 6 }),
      limit: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(docs, filter, page, (list, query, options) => {
        const full = load(list as Doc[], []);
        const walked = load(list as Doc[], [{ name: 'b_at', keys: { b: 1, at: 1 } }]);
        expect(walked.find('things', query as Doc, options).map((row) => row.id)).toEqual(full.find('things', query as Doc, options).map((row) => row.id));
        full.db.close();
        walked.db.close();
      }),
      { numRuns: 500 },
    );
  });

  it('walks the index for a page by date, reading only the page', () => {
    const store = load(
      Array.from({ length: 50 }, (_, i) => ({ b: i % 2 ? 'odd' : 'even', at: new Date(Date.UTC(2026, 2, 1, 0, i)) })),
      [{ name: 'b_at', keys: { b: 1, at: 1 } }],
    );
    const page = store.find('things', { b: 'odd' }, { sort: { at: -1 }, skip: 2, limit: 3 });
    expect(page.map((row) => row.id)).toEqual(['d45', 'd43', 'd41']);
    expect(store.stats().things).toMatchObject({ indexLookups: 1, scans: 0 });
  });

  it('uses an index when one fits, and scans when none does', () => {
    const store = load(
      [
        { a: 1, b: 2, c: 'x' },
        { a: 2, b: 2, c: 'y' },
      ],
      INDEXES,
    );
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
