/**
 * The functions through the gateway: fee-calc and deadline-calc via /call at concurrency 1, 8
 * and 32 on warm instances; each built bundle's size, load time and DB calls per call as the
 * emulator measured them; and each bundle's cold load in a fresh process beside loading
 * wx-server-sdk alone.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildFunctions } from '../build';
import { ROOT } from '../lib/functions';
import { percentile } from '../../emulator/functions';
import { functionStats, post, timed, withEmulator, type Row } from './lib';

export async function functionsSuite(): Promise<Row[]> {
  const built = await buildFunctions();
  const rows: Row[] = [];
  await withEmulator(undefined, async (url) => {
    const call = (name: string, data: unknown) => post(`${url}/call/${name}`, data, 'bench');
    const inputs: Record<string, unknown> = {
      'fee-calc': { category: 'property', amountFen: 50_000_000, procedure: 'simplified' },
      'deadline-calc': { from: '2024-03-01', kind: 'appeal-judgment' },
    };
    for (const [name, input] of Object.entries(inputs)) {
      // Warm every instance first: cold starts are reported on their own below.
      await timed(32, 640, () => call(name, input));
      for (const concurrency of [1, 8, 32]) {
        const r = await timed(concurrency, 2000, () => call(name, input));
        rows.push({ what: `${name} via /call, concurrency ${concurrency}`, ...r });
      }
    }
    const stats = await functionStats(url);
    for (const fn of built) {
      rows.push({
        what: `${fn.name} bundle`,
        kb: Math.round(fn.bytes / 102.4) / 10,
        loadMs: stats[fn.name]?.loadMsP50 ?? 0,
        dbCallsPerCall: stats[fn.name]?.dbCallsPerInvocation ?? 0,
      });
    }
    // Cold start budget: loading a bundle versus loading wx-server-sdk alone, in fresh processes.
    const load = (file: string) => {
      const t = performance.now();
      const r = spawnSync(
        process.execPath,
        ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`],
        { env: { ...process.env, TENCENTCLOUD_RUNENV: 'SCF', TCB_ENV: 'bench', SCF_NAMESPACE: 'bench' } },
      );
      return Number(r.stdout.toString().trim()) || performance.now() - t;
    };
    const median = (f: () => number) => percentile(Array.from({ length: 5 }, f), 0.5);
    const sdk = median(() => load('wx-server-sdk'));
    for (const fn of built) {
      const ms = median(() => load(path.join(ROOT, 'build/cloudfunctions', fn.name, 'index.js')));
      rows.push({ what: `${fn.name} cold load`, ms, sdkAloneMs: sdk, ratio: Math.round((ms / sdk) * 100) / 100 });
    }
  });
  return rows;
}
