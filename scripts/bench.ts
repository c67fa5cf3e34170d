import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFunctions } from './build';
import { ROOT } from './lib/functions';
import { percentile } from '../emulator/functions';
import { functionEnvironment, readDatabaseRules } from '../emulator/project';
import { spawnEmulator } from '../emulator/spawn';
import { seedDemo } from './lib/demo';
import { Store } from '../emulator/store';
import { DEMO_PARTIES } from './lib/seed';

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

// The load generator shares the 2 cores with what it measures, so it is kept light: plain
// node:http over kept-alive connections (fetch costs about a millisecond of CPU per call).
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON as the phone's callFunction does (x-wx-openid names the caller) and reads the JSON answer. */
function post<T = { result?: { ok: boolean; data?: Record<string, unknown>; error?: unknown } }>(url: string, body: unknown, openid?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const headers = { 'content-type': 'application/json', 'content-length': String(payload.length), ...(openid ? { 'x-wx-openid': openid } : {}) };
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls a function through the gateway and answers its data; anything but ok stops the bench. */
async function callOk(url: string, name: string, data: unknown, openid: string): Promise<Record<string, unknown>> {
  const reply = await post(`${url}/call/${name}`, data, openid);
  if (!reply.result?.ok) throw new Error(`${name}: ${JSON.stringify(reply.result)}`);
  return reply.result.data ?? {};
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
    const call = (name: string, data: unknown) => post(`${url}/call/${name}`, data, 'bench');
    const inputs: Record<string, unknown> = { 'fee-calc': { category: 'property', amountFen: 50_000_000, procedure: 'simplified' }, 'deadline-calc': { from: '2024-03-01', kind: 'appeal-judgment' } };
    for (const [name, input] of Object.entries(inputs)) {
      // Warm every instance first: cold starts are reported on their own below.
      await timed(32, 640, () => call(name, input));
      for (const concurrency of [1, 8, 32]) {
        const r = await timed(concurrency, 2000, () => call(name, input));
        rows.push({ what: `${name} via /call, concurrency ${concurrency}`, ...r });
      }
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
  // <suite>.table.json: the printed table. (claims.json, in the shape the plug-in's issue asks for, is written by its suite.)
  writeFileSync(path.join(ROOT, `bench/results/${suite}.table.json`), `${JSON.stringify({ suite, at: new Date().toISOString(), rows }, null, 2)}\n`);
}

/**
 * Mr Hu's journey, 40 times over, four at a time: per action p50/p95 latency and DB round
 * trips per call, as the emulator measured them (budget: ≤ 3 for reads, ≤ 5 for writes).
 */
async function litigationSuite(): Promise<Row[]> {
  await buildFunctions();
  const { url, child } = await spawnEmulator();
  try {
    await seedDemo(url, () => undefined);
    await fetch(`${url}/__/stats`);
    const call = (name: string, data: Record<string, unknown>, openid: string) => callOk(url, name, data, openid);
    const hu = 'party-hu';
    const journey = async (i: number) => {
      const id = (step: string) => `bench-${step}-${i}`;
      const upload = async (openid: string, name: string) => ((await (await fetch(`${url}/upload/uploads/${openid}/${i}-${name}`, { method: 'PUT', headers: { 'x-wx-openid': openid }, body: `%PDF-1.4 ${name} ${i}` })).json()) as { fileID: string }).fileID;
      const { filingId } = (await call('filing-submit', {
        requestId: id('file'), courtId: 'gz-tianhe', caseType: 'civil-first-instance', cause: '买卖合同纠纷',
        parties: [
          { kind: 'natural', role: 'plaintiff', name: DEMO_PARTIES[0]?.name, idNumber: DEMO_PARTIES[0]?.idNumber, address: '浙江省宁波市江北区人民路88号' },
          { kind: 'legal', role: 'defendant', name: '广州某贸易有限公司', uscc: '91350100M000100Y43', representative: '吴某', address: '广东省广州市天河区天河路385号' },
        ],
        claims: [{ text: '判令被告支付货款', amountFen: 50_000_000 + i }],
        facts: '原告向被告供应服装，被告收货后经多次催告仍未支付货款，故诉至法院。',
        service: { consent: true, mobile: '13800138000', addressConfirmed: true },
      }, hu)) as { filingId: string };
      await call('filing-review', { requestId: id('accept'), filingId, outcome: 'accept' }, 'staff-registrar-li');
      const { presiding } = (await call('case-assign', { requestId: id('assign'), caseId: filingId }, 'staff-leader-sun')) as { presiding: { openid: string } };
      await call('hearing-schedule', { requestId: id('hearing'), caseId: filingId, startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), place: { kind: 'online' } }, presiding.openid);
      await call('fee-order', { requestId: id('order'), caseId: filingId }, hu);
      await post(`${url}/__/pay/${filingId}F1`, {});
      await call('evidence-add', { requestId: id('evidence'), caseId: filingId, items: [{ title: '送货单', proves: '被告已收货', file: await upload(hu, '送货单.pdf') }] }, hu);
      await call('evidence-list', { caseId: filingId }, presiding.openid);
      const { documents } = (await call('dossier-list', { caseId: filingId }, hu)) as { documents: { documentId: string }[] };
      await call('dossier-url', { caseId: filingId, documentId: documents[0]?.documentId }, hu);
      await call('service-send', { requestId: id('serve'), caseId: filingId, documentId: 'fee-notice' }, presiding.openid);
      await call('message-send', { requestId: id('message'), caseId: filingId, text: '法官您好，申请在线开庭。' }, hu);
      await call('message-list', { caseId: filingId }, presiding.openid);
      await call('case-detail', { caseId: filingId }, hu);
      await call('case-list', { view: 'cases' }, hu);
      await call('case-query', { code: '0000000000000000' }, hu).catch(() => undefined);
    };
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < 40) await journey(next++);
    }));
    const inbox = (await call('service-inbox', { pageSize: 50 }, hu)) as { items: { serviceId: string }[] };
    for (const [i, item] of inbox.items.slice(0, 40).entries()) await call('service-read', { requestId: `bench-read-${i}`, serviceId: item.serviceId }, hu);
    const stats = (await (await fetch(`${url}/__/stats`)).json()) as { functions: Record<string, { invocations: number; p50Ms: number; p95Ms: number; coldP50Ms: number; dbCallsPerInvocation: number }> };
    return Object.entries(stats.functions)
      .filter(([name]) => !['fee-calc', 'deadline-calc'].includes(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, s]) => ({ what: name, calls: s.invocations, p50Ms: s.p50Ms, p95Ms: s.p95Ms, coldMs: s.coldP50Ms, dbRoundTrips: s.dbCallsPerInvocation }));
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * The 小鸣单车 burst: N claims (120,000 by default, --claims to change) registered through the
 * full path at concurrency 64 by creditors verified beforehand, then the store checked: none
 * lost, none duplicated. Beside it, the raw store's insert rate for the same documents, and the
 * ceiling of the path itself: functions with no database work and with one SDK query.
 * Function instances per function: 4 (MC_BENCH_INSTANCES to change); on 2 cores more only
 * contend for the CPU (measured on 8,000 claims: 2 → 379/s, 3 → 407/s, 4 → 430/s, 6 → 300/s).
 */
async function claimsSuite(): Promise<Row[]> {
  const argIndex = process.argv.indexOf('--claims');
  const total = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 120_000;
  await buildFunctions();
  const { url, child } = await spawnEmulator(['--memory', '--instances', process.env.MC_BENCH_INSTANCES ?? '4']);
  try {
    const cloud = sdkFor(url);
    const db = cloud.database();
    await db.collection('users').add({ data: { _id: 'bench-administrator', kind: 'staff', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } } });
    const today = new Date().toISOString().slice(0, 10);
    const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    await post(`${url}/call/claims-open`, { requestId: 'bench-open-1', bankruptcyId: 'bench-bankruptcy', caseNumber: '（2026）粤01破1号', debtor: '广州悦骑信息科技有限公司', acceptedOn: day(-2), announcedOn: day(-1), deadlineOn: day(40) }, 'bench-administrator');
    const creditor = (i: number) => `bench-creditor-${i}`;
    for (let i = 0; i < total; i += 1000) {
      await db.collection('users').add({ data: Array.from({ length: Math.min(1000, total - i) }, (_v, j) => ({ _id: creditor(i + j), kind: 'party', name: `用户${i + j}`, idLookup: `bench-${i + j}`, verifiedAt: new Date() })) as unknown as Record<string, unknown> });
    }
    await fetch(`${url}/__/stats`);
    const input = (i: number) => ({ requestId: `bench-claim-${i}`, bankruptcyId: 'bench-bankruptcy', principalFen: 19_900, basis: '押金未退还', bankAccount: { bank: '中国工商银行', name: `用户${i}`, account: '6222020012345678901' }, eService: { consent: true, mobile: '13800138000' } });
    let failed = 0;
    const started = performance.now();
    const r = await timed(64, total, async (i) => {
      const reply = await post(`${url}/call/claim-register`, input(i), creditor(i));
      if (!reply.result?.ok) failed += 1;
    });
    const durationMs = Math.round(performance.now() - started);
    const stats = (await (await fetch(`${url}/__/stats`)).json()) as { functions: Record<string, { dbCallsPerInvocation: number }> };
    const stored = ((await db.collection('claims').where({ bankruptcyId: 'bench-bankruptcy' }).count()) as { total: number }).total;
    const creditors = (await db.collection('claims').aggregate().match({ bankruptcyId: 'bench-bankruptcy' }).group({ _id: '$creditor' }).count('n').end()) as { list: { n: number }[] };
    const distinct = creditors.list[0]?.n ?? 0;

    // The path's own ceiling on this machine, warm, at the same concurrency: a function that
    // does no database work (fee-calc), and one that makes a single SDK query (court-list).
    const ceiling = async (name: string, data: unknown) => {
      const call = () => callOk(url, name, data, 'bench-administrator');
      await timed(64, 2_000, call);
      return timed(64, 8_000, call);
    };
    const noDatabase = await ceiling('fee-calc', { category: 'property', amountFen: 10_000_000 });
    const oneQuery = await ceiling('court-list', {});

    // The administrator's views over all the claims: the table's first and a far page (with the
    // totals by state), one state's queue, a review of 100 claims, the export.
    const administrator = (name: string, data: Record<string, unknown>) => callOk(url, name, data, 'bench-administrator');
    const views: Row[] = [];
    const view = async (what: string, name: string, data: Record<string, unknown>, times = 3) => {
      const ms: number[] = [];
      for (let i = 0; i < times; i += 1) {
        const t = performance.now();
        await administrator(name, data);
        ms.push(performance.now() - t);
      }
      views.push({ what: `administrator, ${total} claims: ${what}`, p50Ms: percentile(ms, 0.5), maxMs: Math.round(Math.max(...ms)) });
    };
    await view('claims-table page 1 with totals', 'claims-table', { bankruptcyId: 'bench-bankruptcy', page: 0, pageSize: 50 });
    await view('claims-table page 1,000', 'claims-table', { bankruptcyId: 'bench-bankruptcy', page: 999, pageSize: 50, totals: false });
    const queue = (await administrator('claims-table', { bankruptcyId: 'bench-bankruptcy', state: 'pending', pageSize: 100, totals: false })) as { rows: { claimId: string; totalFen: number }[] };
    await view('claim-review of 100 claims', 'claim-review', { requestId: 'bench-review-1', bankruptcyId: 'bench-bankruptcy', reviews: queue.rows.map((row) => ({ claimId: row.claimId, decision: 'confirmed' })) }, 1);
    await view('review queue, the confirmed', 'claims-table', { bankruptcyId: 'bench-bankruptcy', state: 'confirmed', pageSize: 50, totals: false });
    await view('claims-table export to XLSX', 'claims-table', { bankruptcyId: 'bench-bankruptcy', totals: false, export: 'xlsx' }, 1);

    // The raw store: the stored claims themselves (a page of them, over and over under new ids),
    // with the collection's declared indexes, one SQLite transaction per insert as the emulator commits.
    const sample = ((await db.collection('claims').where({ bankruptcyId: 'bench-bankruptcy' }).limit(1000).get()) as unknown as { data: Record<string, unknown>[] }).data;
    const store = new Store(':memory:');
    store.declare('claims', readDatabaseRules(ROOT).get('claims')?.indexes ?? []);
    const t = performance.now();
    for (let i = 0; i < total; i += 1) {
      const { _id: _unused, ...doc } = sample[i % sample.length] ?? {};
      store.apply([{ collection: 'claims', id: `raw-${i}`, doc: { ...doc, creditor: `raw-${i}` } }]);
    }
    const rawStorePerSecond = Math.round(total / ((performance.now() - t) / 1000));
    store.db.close();

    const result = {
      claims: total,
      durationMs,
      perSecond: r.perSecond,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      roundTripsPerClaim: stats.functions['claim-register']?.dbCallsPerInvocation ?? 0,
      stored,
      duplicates: stored - distinct,
      lost: total - stored,
      failed,
      rawStorePerSecond,
      ceiling: { concurrency: 64, noDatabase, oneQuery },
      administratorViews: views,
    };
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'bench/results/claims.json'), `${JSON.stringify(result, null, 2)}\n`);
    return [
      { what: `claim-register via /call, ${total} claims, concurrency 64`, ...r, roundTrips: result.roundTripsPerClaim, stored, lost: result.lost, duplicates: result.duplicates },
      { what: 'raw store insert of the same documents', perSecond: rawStorePerSecond },
      { what: 'ceiling: fee-calc via /call (no database), concurrency 64', ...noDatabase },
      { what: 'ceiling: court-list via /call (one SDK query), concurrency 64', ...oneQuery },
      ...views,
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

const SUITES: Record<string, () => Promise<Row[]>> = { emulator: emulatorSuite, functions: functionsSuite, litigation: litigationSuite, claims: claimsSuite };

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--claims');
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
