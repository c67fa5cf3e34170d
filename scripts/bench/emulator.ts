/**
 * The emulator's database through the real wx-server-sdk: doc.get at concurrency 1, 8 and 32
 * and doc.update at 8 on 100 courts; a bulk insert of 120,000 cases; equality and range
 * queries on indexed and unindexed fields of those cases; and, for scale, the raw SQLite rate
 * for the same lookups.
 */
import Database from 'better-sqlite3';
import { sdkFor, timed, withEmulator, type Row } from './lib';

export async function emulatorSuite(): Promise<Row[]> {
  const rows: Row[] = [];
  await withEmulator(undefined, async (url) => {
    const cloud = sdkFor(url);
    const db = cloud.database();
    const _ = db.command;
    await db
      .collection('courts')
      .add({ data: Array.from({ length: 100 }, (_v, i) => ({ _id: `c${i}`, code: `粤${1000 + i}`, name: `法院${i}` })) as unknown as Record<string, unknown> });
    await timed(4, 200, (i) =>
      db
        .collection('courts')
        .doc(`c${i % 100}`)
        .get(),
    );
    for (const concurrency of [1, 8, 32]) {
      const r = await timed(concurrency, 4000, (i) =>
        db
          .collection('courts')
          .doc(`c${i % 100}`)
          .get(),
      );
      rows.push({ what: `SDK doc.get, concurrency ${concurrency}`, ...r });
    }
    const w = await timed(8, 2000, (i) =>
      db
        .collection('courts')
        .doc(`c${i % 100}`)
        .update({ data: { hits: _.inc(1) } }),
    );
    rows.push({ what: 'SDK doc.update, concurrency 8', ...w });

    // 120,000 documents in `cases`: caseNumber and (courtId, state, updatedAt) are indexed; seq and amountFen are not.
    // Each has its own publicCode: `cases` declares it unique, and a unique index counts a missing field as a value.
    const N = 120_000;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const docAt = (i: number) => ({
      _id: `k${i}`,
      caseNumber: `（2026）粤0106民初${i + 1}号`,
      publicCode: `bench${i}`,
      courtId: `court${i % 20}`,
      state: i % 3 === 0 ? 'closed' : 'open',
      updatedAt: new Date(base + i * 60_000),
      seq: i,
      amountFen: i * 100,
    });
    const loadStart = performance.now();
    for (let i = 0; i < N; i += 1000) {
      await db.collection('cases').add({ data: Array.from({ length: 1000 }, (_v, j) => docAt(i + j)) as unknown as Record<string, unknown> });
    }
    rows.push({
      what: `SDK bulk insert ${N} docs (1000 per call)`,
      perSecond: Math.round(N / ((performance.now() - loadStart) / 1000)),
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
    });
    const q = async (label: string, where: (i: number) => Record<string, unknown>, total: number, concurrency = 8) => {
      const r = await timed(concurrency, total, (i) => db.collection('cases').where(where(i)).limit(20).get());
      rows.push({ what: label, ...r });
    };
    await q('equality on indexed caseNumber (120k docs)', (i) => ({ caseNumber: `（2026）粤0106民初${((i * 7919) % N) + 1}号` }), 2000);
    await q('equality on unindexed seq (120k docs)', (i) => ({ seq: (i * 7919) % N }), 10, 1);
    await q(
      'range on indexed (courtId, state, updatedAt)',
      (i) => ({
        courtId: `court${i % 20}`,
        state: 'open',
        updatedAt: _.gte(new Date(base + ((i * 7919) % N) * 60_000)).and(_.lt(new Date(base + (((i * 7919) % N) + 600) * 60_000))),
      }),
      2000,
    );
    await q('range on unindexed amountFen', (i) => ({ amountFen: _.gte(((i * 7919) % N) * 100).and(_.lt((((i * 7919) % N) + 10) * 100)) }), 10, 1);

    // The raw SQLite rate for the same lookups, for scale.
    const raw = new Database(':memory:');
    raw.exec(
      'CREATE TABLE cases (id TEXT PRIMARY KEY, caseNumber TEXT, courtId TEXT, state TEXT, updatedAt INTEGER, seq INTEGER, amountFen INTEGER, doc TEXT)',
    );
    const ins = raw.prepare('INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    raw.transaction(() => {
      for (let i = 0; i < N; i += 1) {
        const d = docAt(i);
        ins.run(d._id, d.caseNumber, d.courtId, d.state, d.updatedAt.getTime(), d.seq, d.amountFen, JSON.stringify(d));
      }
    })();
    raw.exec('CREATE UNIQUE INDEX cn ON cases (caseNumber); CREATE INDEX cs ON cases (courtId, state, updatedAt)');
    const rawRate = (label: string, sql: string, args: (i: number) => unknown[], total: number) => {
      const stmt = raw.prepare(sql);
      const t = performance.now();
      for (let i = 0; i < total; i += 1) stmt.all(...args(i)).map((row) => JSON.parse((row as { doc: string }).doc) as unknown);
      rows.push({ what: label, perSecond: Math.round(total / ((performance.now() - t) / 1000)), p50Ms: 0, p95Ms: 0, p99Ms: 0 });
    };
    rawRate(
      'raw SQLite: equality on indexed column',
      'SELECT doc FROM cases WHERE caseNumber = ? LIMIT 20',
      (i) => [`（2026）粤0106民初${((i * 7919) % N) + 1}号`],
      20000,
    );
    rawRate('raw SQLite: equality on unindexed column', 'SELECT doc FROM cases WHERE seq = ? LIMIT 20', (i) => [(i * 7919) % N], 200);
    rawRate(
      'raw SQLite: range on indexed columns',
      'SELECT doc FROM cases WHERE courtId = ? AND state = ? AND updatedAt >= ? AND updatedAt < ? LIMIT 20',
      (i) => [`court${i % 20}`, 'open', base + ((i * 7919) % N) * 60_000, base + (((i * 7919) % N) + 600) * 60_000],
      20000,
    );
    raw.close();
  });
  return rows;
}
