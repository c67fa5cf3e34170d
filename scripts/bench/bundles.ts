/**
 * Each built bundle's size against its budget (150 KiB), and its cold start in an idle process:
 * a fresh node process loads and initialises the bundle (wx-server-sdk, cloud.init, the schemas,
 * the contract entry), timed inside the process, against one that loads and initialises
 * wx-server-sdk alone; budget 1.5×. No emulator runs meanwhile and the processes run one at a
 * time. The ratio is of CPU time (user + system), which other work on a shared machine barely
 * moves, the bundle's runs alternating with the SDK's so both see the same machine; wall time is
 * shown beside it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildFunctions } from '../build';
import { ROOT } from '../lib/functions';
import { percentile } from '../../emulator/functions';
import type { Row } from './lib';

/** A bundle's size budget, in KiB (what the design notes promise as the modules grow). */
export const BUNDLE_BUDGET_KIB = 150;
/** A bundle's cold start (load + init) against wx-server-sdk's alone. */
export const COLD_START_BUDGET = 1.5;

const RUNS = 3;

/** Wall and CPU milliseconds a fresh process takes to run `code` (timed inside it, so node's own start is not counted). */
function timedInFreshProcess(code: string): { wall: number; cpu: number } {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const c0$=process.cpuUsage(),t0$=process.hrtime.bigint();${code};const u0$=process.cpuUsage(c0$);console.log(Number(process.hrtime.bigint()-t0$)/1e6,(u0$.user+u0$.system)/1e3)`,
    ],
    { env: { ...process.env, TENCENTCLOUD_RUNENV: 'SCF', TCB_ENV: 'bench', SCF_NAMESPACE: 'bench', TENCENTCLOUD_REGION: 'ap-shanghai' } },
  );
  const [wall, cpu] = (r.stdout.toString().trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0 || !Number.isFinite(wall) || !Number.isFinite(cpu)) throw new Error(`cold start failed: ${r.stderr.toString()}`);
  return { wall: wall as number, cpu: cpu as number };
}

const median = (values: number[]) => Math.round(percentile(values, 0.5) * 10) / 10;

export async function bundlesSuite(): Promise<Row[]> {
  const built = await buildFunctions();
  // wx-server-sdk loaded and initialised as every bundle does it at load (define-action.ts).
  const sdkAlone = "const c=require('wx-server-sdk');c.init({env:c.DYNAMIC_CURRENT_ENV})";
  return built
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((fn) => {
      const kib = Math.round(fn.bytes / 102.4) / 10;
      const bundle = `require(${JSON.stringify(path.join(ROOT, 'build/cloudfunctions', fn.name, 'index.js'))})`;
      const runs = Array.from({ length: RUNS }, () => ({ sdk: timedInFreshProcess(sdkAlone), fn: timedInFreshProcess(bundle) }));
      const cpuMs = median(runs.map((r) => r.fn.cpu));
      const sdkCpuMs = median(runs.map((r) => r.sdk.cpu));
      const ratio = Math.round((cpuMs / sdkCpuMs) * 100) / 100;
      return {
        what: fn.name,
        kib,
        kibBudget: BUNDLE_BUDGET_KIB,
        cpuMs,
        sdkCpuMs,
        ratio,
        ratioBudget: COLD_START_BUDGET,
        wallMs: median(runs.map((r) => r.fn.wall)),
        sdkWallMs: median(runs.map((r) => r.sdk.wall)),
        over: [kib > BUNDLE_BUDGET_KIB ? 'SIZE' : '', ratio > COLD_START_BUDGET ? 'COLD' : ''].filter(Boolean).join(' '),
      };
    });
}
