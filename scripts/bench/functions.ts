/**
 * The functions through the gateway: fee-calc and deadline-calc via /call at concurrency 1, 8
 * and 32 on warm instances; each built bundle's size, load time and DB calls per call as the
 * emulator measured them. (Sizes and cold starts against their budgets: the bundles suite.)
 */
import { buildFunctions } from '../build';
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
  });
  return rows;
}
