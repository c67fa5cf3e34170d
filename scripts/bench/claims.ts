/**
 * The 小鸣单车 burst: N claims (120,000 by default, --claims to change) registered through the
 * full path at concurrency 64 by creditors verified beforehand, then the store checked: none
 * lost, none duplicated. Beside it, the raw store's insert rate for the same documents, and the
 * ceiling of the path itself: functions with no database work and with one SDK query.
 * Function instances per function: 4 (MC_BENCH_INSTANCES to change); on 2 cores more only
 * contend for the CPU (measured on 8,000 claims: 2 → 379/s, 3 → 407/s, 4 → 430/s, 6 → 300/s).
 */
import { issueTicket, ticketKey } from '../../cloudfunctions/_core/runtime/ticket';
import { devEnvValue } from '../../emulator/project';
import { buildFunctions } from '../build';
import { ROOT } from '../lib/functions';
import { deploymentOf } from '../lib/plugins';
import { query } from '../../cloudfunctions/_core/runtime/db';
import { percentile } from '../../emulator/functions';
import { readDatabaseRules } from '../../emulator/project';
import { Store } from '../../emulator/store';
import { Environments } from '../../cloudfunctions/_core/contract';
import { callOk, functionStats, post, sdkFor, timed, withEmulator, writeResult, type Row } from './lib';

export async function claimsSuite(): Promise<Row[]> {
  const argIndex = process.argv.indexOf('--claims');
  const total = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 120_000;
  await buildFunctions();
  return withEmulator(['--memory', '--instances', process.env.MC_BENCH_INSTANCES ?? '4'], async (url) => {
    const cloud = sdkFor(url);
    // The plug-in's own database: its administrator and creditors live there, not in the court's.
    const db = cloud.database({ env: Environments.claims.localId });
    await db
      .collection('users')
      .add({ data: { _id: 'bench-administrator', kind: 'staff', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } } });
    // What npm run plugin -- deploy records, and what opens the bankruptcy's intake.
    await db
      .collection('bankruptcies')
      .doc('bench-bankruptcy')
      .set({ data: { deployment: deploymentOf('claims', 'gz-intermediate', new Date()) } });
    const today = new Date().toISOString().slice(0, 10);
    const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    await post(
      `${url}/call/claims-open`,
      {
        requestId: 'bench-open-1',
        bankruptcyId: 'bench-bankruptcy',
        caseNumber: '（2026）粤01破1号',
        debtor: '广州悦骑信息科技有限公司',
        acceptedOn: day(-2),
        announcedOn: day(-1),
        deadlineOn: day(40),
      },
      'bench-administrator',
    );
    const creditor = (i: number) => `bench-creditor-${i}`;
    for (let i = 0; i < total; i += 1000) {
      await db.collection('users').add({
        data: Array.from({ length: Math.min(1000, total - i) }, (_v, j) => ({
          _id: creditor(i + j),
          kind: 'party',
          name: `用户${i + j}`,
          idLookup: `bench-${i + j}`,
          verifiedAt: new Date(),
        })) as unknown as Record<string, unknown>,
      });
    }
    await fetch(`${url}/__/stats`);
    // Each creditor carries the ticket creditor-verify would have given them (signed with the key
    // the emulator gives the plug-in's functions), so claim-register reads nothing before its insert.
    const key = ticketKey(Buffer.from(devEnvValue('MC_LOOKUP_KEY'), 'base64'));
    const verifiedAt = new Date();
    const ticket = (i: number) => issueTicket(creditor(i), { name: `用户${i}`, idLookup: `bench-${i}`, verifiedAt }, new Date(), key);
    const input = (i: number) => ({
      requestId: `bench-claim-${i}`,
      bankruptcyId: 'bench-bankruptcy',
      ticket: ticket(i),
      principalFen: 19_900,
      basis: '押金未退还',
      bankAccount: { bank: '中国工商银行', name: `用户${i}`, account: '6222020012345678901' },
      eService: { consent: true, mobile: '13800138000' },
    });
    // Made before the clock starts: each creditor's phone holds its ticket and its form already.
    const inputs = Array.from({ length: total }, (_v, i) => input(i));
    let failed = 0;
    const started = performance.now();
    const r = await timed(64, total, async (i) => {
      const reply = await post(`${url}/call/claim-register`, inputs[i], creditor(i));
      if (!reply.result?.ok) failed += 1;
    });
    const durationMs = Math.round(performance.now() - started);
    const stats = await functionStats(url);
    const stored = ((await db.collection('claims').where({ bankruptcyId: 'bench-bankruptcy' }).count()) as { total: number }).total;
    const creditors = (await db.collection('claims').aggregate().match({ bankruptcyId: 'bench-bankruptcy' }).group({ _id: '$creditor' }).count('n').end()) as {
      list: { n: number }[];
    };
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
    const queue = (await administrator('claims-table', { bankruptcyId: 'bench-bankruptcy', state: 'pending', pageSize: 100, totals: false })) as {
      rows: { claimId: string; totalFen: number }[];
    };
    await view(
      'claim-review of 100 claims',
      'claim-review',
      { requestId: 'bench-review-1', bankruptcyId: 'bench-bankruptcy', reviews: queue.rows.map((row) => ({ claimId: row.claimId, decision: 'confirmed' })) },
      1,
    );
    await view('review queue, the confirmed', 'claims-table', { bankruptcyId: 'bench-bankruptcy', state: 'confirmed', pageSize: 50, totals: false });
    await view('claims-table export to XLSX', 'claims-table', { bankruptcyId: 'bench-bankruptcy', totals: false, export: 'xlsx' }, 1);

    // The raw store: the stored claims themselves (a page of them, over and over under new ids),
    // with the collection's declared indexes, one SQLite transaction per insert as the emulator commits.
    const sample = await query<Record<string, unknown>>(db.collection('claims').where({ bankruptcyId: 'bench-bankruptcy' }).limit(1000));
    const store = new Store(':memory:');
    store.declare('claims', readDatabaseRules(ROOT).get('claims')?.indexes ?? []);
    const t = performance.now();
    for (let i = 0; i < total; i += 1) {
      const { _id: _unused, ...doc } = sample[i % sample.length] ?? {};
      store.apply([{ collection: 'claims', id: `raw-${i}`, doc: { ...doc, creditor: `raw-${i}` } }]);
    }
    const rawStorePerSecond = Math.round(total / ((performance.now() - t) / 1000));
    store.db.close();

    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
    const result = {
      claims: total,
      durationMs,
      perSecond: r.perSecond,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      roundTripsPerClaim: stats['claim-register']?.dbCallsPerInvocation ?? 0,
      stored,
      duplicates: stored - distinct,
      lost: total - stored,
      failed,
      rawStorePerSecond,
      // The issue's measure: the rate against the same run's one-query path (≥ 0.6) and the raw store, p99 against the one-query p99 (≤ 2).
      ratioToOneQuery: ratio(r.perSecond, oneQuery.perSecond),
      ratioToRawStore: ratio(r.perSecond, rawStorePerSecond),
      p99RatioToOneQuery: ratio(r.p99Ms, oneQuery.p99Ms),
      ceiling: { concurrency: 64, noDatabase, oneQuery },
      administratorViews: views,
    };
    writeResult('claims', result);
    return [
      {
        what: `claim-register via /call, ${total} claims, concurrency 64`,
        ...r,
        roundTrips: result.roundTripsPerClaim,
        stored,
        lost: result.lost,
        duplicates: result.duplicates,
        failed,
        xOneQuery: result.ratioToOneQuery,
        xRawStore: result.ratioToRawStore,
        p99xOneQuery: result.p99RatioToOneQuery,
      },
      { what: 'raw store insert of the same documents', perSecond: rawStorePerSecond },
      { what: 'ceiling: fee-calc via /call (no database), concurrency 64', ...noDatabase },
      { what: 'ceiling: court-list via /call (one SDK query), concurrency 64', ...oneQuery },
      ...views,
    ];
  });
}
