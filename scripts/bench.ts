import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFunctions } from './build';
import { ROOT } from './lib/functions';
import { percentile } from '../emulator/functions';
import { functionEnvironment } from '../emulator/project';
import { spawnEmulator } from '../emulator/spawn';

/**
 * npm run bench [-- emulator|functions]: figures, not pass/fail. Prints a table per suite and
 * writes bench/results/<suite>.json. The emulator runs in its own process, as in tests.
 */
interface Row {
  what: string;
  [figure: string]: string | number;
}

async function timed(concurrency: number, total: number, call: (i: number) => unknown): Promise<{ perSecond: number; p50Ms: number; p95Ms: number; p99Ms: number }> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await Promise.resolve(call(i));
        durations.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: Math.round(total / seconds), p50Ms: percentile(durations, 0.5), p95Ms: percentile(durations, 0.95), p99Ms: percentile(durations, 0.99) };
}

function sdkFor(url: string) {
  Object.assign(process.env, functionEnvironment(`${url}/admin`), { WX_OPENID: 'bench', WX_APPID: 'wx0000000000000000' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK must load after its environment is set
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return cloud;
}

async function emulatorSuite(): Promise<Row[]> {
  const { url, child } = await spawnEmulator();
  const rows: Row[] = [];
  try {
    const cloud = sdkFor(url);
    const db = cloud.database();
    const _ = db.command;
    await db.collection('courts').add({ data: Array.from({ length: 100 }, (_v, i) => ({ _id: `c${i}`, code: `粤${1000 + i}`, name: `法院${i}` })) as unknown as Record<string, unknown> });
    await timed(4, 200, (i) => db.collection('courts').doc(`c${i % 100}`).get());
    for (const concurrency of [1, 8, 32]) {
      const r = await timed(concurrency, 4000, (i) => db.collection('courts').doc(`c${i % 100}`).get());
      rows.push({ what: `SDK doc.get, concurrency ${concurrency}`, ...r });
    }
    const w = await timed(8, 2000, (i) => db.collection('courts').doc(`c${i % 100}`).update({ data: { hits: _.inc(1) } }));
    rows.push({ what: 'SDK doc.update, concurrency 8', ...w });

    // 120,000 documents in `cases`: caseNumber and (courtId, state, updatedAt) are indexed; seq and amountFen are not.
    const N = 120_000;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const docAt = (i: number) => ({ _id: `k${i}`, caseNumber: `（2026）粤0106民初${i + 1}号`, courtId: `court${i % 20}`, state: i % 3 === 0 ? 'closed' : 'open', updatedAt: new Date(base + i * 60_000), seq: i, amountFen: i * 100 });
    const loadStart = performance.now();
    for (let i = 0; i < N; i += 1000) {
      await db.collection('cases').add({ data: Array.from({ length: 1000 }, (_v, j) => docAt(i + j)) as unknown as Record<string, unknown> });
    }
    rows.push({ what: `SDK bulk insert ${N} docs (1000 per call)`, perSecond: Math.round(N / ((performance.now() - loadStart) / 1000)), p50Ms: 0, p95Ms: 0, p99Ms: 0 });
    const q = async (label: string, where: (i: number) => Record<string, unknown>, total: number, concurrency = 8) => {
      const r = await timed(concurrency, total, (i) => db.collection('cases').where(where(i)).limit(20).get());
      rows.push({ what: label, ...r });
    };
    await q('equality on indexed caseNumber (120k docs)', (i) => ({ caseNumber: `（2026）粤0106民初${(i * 7919) % N + 1}号` }), 2000);
    await q('equality on unindexed seq (120k docs)', (i) => ({ seq: (i * 7919) % N }), 10, 1);
    await q('range on indexed (courtId, state, updatedAt)', (i) => ({ courtId: `court${i % 20}`, state: 'open', updatedAt: _.gte(new Date(base + ((i * 7919) % N) * 60_000)).and(_.lt(new Date(base + (((i * 7919) % N) + 600) * 60_000))) }), 2000);
    await q('range on unindexed amountFen', (i) => ({ amountFen: _.gte(((i * 7919) % N) * 100).and(_.lt((((i * 7919) % N) + 10) * 100)) }), 10, 1);

    // The raw SQLite rate for the same lookups, for scale.
    const raw = new Database(':memory:');
    raw.exec('CREATE TABLE cases (id TEXT PRIMARY KEY, caseNumber TEXT, courtId TEXT, state TEXT, updatedAt INTEGER, seq INTEGER, amountFen INTEGER, doc TEXT)');
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
    rawRate('raw SQLite: equality on indexed column', 'SELECT doc FROM cases WHERE caseNumber = ? LIMIT 20', (i) => [`（2026）粤0106民初${(i * 7919) % N + 1}号`], 20000);
    rawRate('raw SQLite: equality on unindexed column', 'SELECT doc FROM cases WHERE seq = ? LIMIT 20', (i) => [(i * 7919) % N], 200);
    rawRate('raw SQLite: range on indexed columns', 'SELECT doc FROM cases WHERE courtId = ? AND state = ? AND updatedAt >= ? AND updatedAt < ? LIMIT 20', (i) => [`court${i % 20}`, 'open', base + ((i * 7919) % N) * 60_000, base + (((i * 7919) % N) + 600) * 60_000], 20000);
    raw.close();
  } finally {
    child.kill('SIGTERM');
  }
  return rows;
}

async function functionsSuite(): Promise<Row[]> {
  const built = await buildFunctions();
  const { url, child } = await spawnEmulator();
  const rows: Row[] = [];
  try {
    const call = (name: string, data: unknown) => fetch(`${url}/call/${name}`, { method: 'POST', headers: { 'x-wx-openid': 'bench' }, body: JSON.stringify(data) }).then((r) => r.json());
    const inputs: Record<string, unknown> = { 'fee-calc': { category: 'property', amountFen: 50_000_000, procedure: 'simplified' }, 'deadline-calc': { from: '2024-03-01', kind: 'appeal-judgment' } };
    for (const [name, input] of Object.entries(inputs)) {
      await call(name, input);
      const r = await timed(8, 2000, () => call(name, input));
      rows.push({ what: `${name} via /call, concurrency 8`, ...r });
    }
    const stats = (await (await fetch(`${url}/__/stats`)).json()) as { functions: Record<string, { dbCallsPerInvocation: number; loadMsP50: number }> };
    for (const fn of built) {
      rows.push({ what: `${fn.name} bundle`, kb: Math.round(fn.bytes / 102.4) / 10, loadMs: stats.functions[fn.name]?.loadMsP50 ?? 0, dbCallsPerCall: stats.functions[fn.name]?.dbCallsPerInvocation ?? 0 });
    }
    // Cold start budget: loading a bundle versus loading wx-server-sdk alone, in fresh processes.
    const load = (file: string) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { env: { ...process.env, TENCENTCLOUD_RUNENV: 'SCF', TCB_ENV: 'bench', SCF_NAMESPACE: 'bench' } });
      return Number(r.stdout.toString().trim()) || performance.now() - t;
    };
    const median = (f: () => number) => percentile(Array.from({ length: 5 }, f), 0.5);
    const sdk = median(() => load('wx-server-sdk'));
    for (const fn of built) {
      const ms = median(() => load(path.join(ROOT, 'build/cloudfunctions', fn.name, 'index.js')));
      rows.push({ what: `${fn.name} cold load`, ms, sdkAloneMs: sdk, ratio: Math.round((ms / sdk) * 100) / 100 });
    }
  } finally {
    child.kill('SIGTERM');
  }
  return rows;
}

function print(suite: string, rows: Row[]): void {
  process.stdout.write(`\n== ${suite}\n`);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k] ?? '').length)));
  process.stdout.write(`${keys.map((k, i) => k.padEnd(width[i] ?? 0)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${keys.map((k, i) => String(row[k] ?? '').padEnd(width[i] ?? 0)).join('  ')}\n`);
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/results/${suite}.json`), `${JSON.stringify({ suite, at: new Date().toISOString(), rows }, null, 2)}\n`);
}

const SUITES: Record<string, () => Promise<Row[]>> = { emulator: emulatorSuite, functions: functionsSuite };

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = asked.length > 0 ? asked : Object.keys(SUITES);
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`no bench suite ${name}; suites: ${Object.keys(SUITES).join(', ')}`);
    print(name, await suite());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
