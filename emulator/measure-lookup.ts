import { EJSON } from 'bson';
import { DatabaseService } from './database';
import { Store } from './store';

// How long a two-row $lookup on _id takes when the other collection holds many documents
// (issue: "a two-row join on _id takes 0.35 s at 100,000"). Run: npx tsx emulator/measure-lookup.ts [100000]
const size = Number(process.argv[2] ?? 100_000);
const store = new Store(':memory:');
store.create('pairs');
store.create('big');
const batch = 10_000;
for (let from = 0; from < size; from += batch) {
  const writes = Array.from({ length: Math.min(batch, size - from) }, (_v, k) => {
    const id = `b${String(from + k).padStart(7, '0')}`;
    return { collection: 'big', id, doc: { _id: id, n: from + k, label: `document ${from + k}` } };
  });
  store.apply(writes);
}
store.apply([
  { collection: 'pairs', id: 'p1', doc: { _id: 'p1', ref: 'b0000042' } },
  { collection: 'pairs', id: 'p2', doc: { _id: 'p2', ref: `b${String(size - 1).padStart(7, '0')}` } },
]);
const database = new DatabaseService(store, Date.now);
const stage = (key: string, value: Record<string, unknown>) => ({ stageKey: key, stageValue: EJSON.stringify(value) });
const params = { collectionName: 'pairs', stages: [stage('$lookup', { from: 'big', localField: 'ref', foreignField: '_id', as: 'joined' })] };
const times: number[] = [];
let joined = 0;
for (let run = 0; run < 5; run += 1) {
  const started = process.hrtime.bigint();
  const answer = database.handle('database.aggregateDocuments', params) as { data: { list: string[] } };
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  joined = answer.data.list.length;
}
times.sort((a, b) => a - b);
console.log(
  `$lookup of 2 rows on _id over ${size} documents: median ${times[2]?.toFixed(1)} ms (min ${times[0]?.toFixed(1)}, max ${times[4]?.toFixed(1)}), ${joined} rows`,
);
