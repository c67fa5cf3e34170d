/**
 * What the bench suites share: timed() runs calls at a concurrency and reports their rate and
 * percentiles; post()/callOk() call the emulator's gateway as the phone does; sdkFor() points
 * the real wx-server-sdk at it; withEmulator() starts it in its own process, as in tests, and
 * stops it; print() prints a suite's table and writes it, and writeResult() any figures, to
 * bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { environmentOf, Environments } from '../../cloudfunctions/_core/contract';
import path from 'node:path';
import { ROOT } from '../lib/functions';
import { percentile, type FunctionRunner } from '../../emulator/functions';
import { functionEnvironment } from '../../emulator/project';
import { spawnEmulator } from '../../emulator/spawn';

export interface Row {
  what: string;
  [figure: string]: string | number;
}

export async function timed(
  concurrency: number,
  total: number,
  call: (i: number) => unknown,
): Promise<{ perSecond: number; p50Ms: number; p95Ms: number; p99Ms: number }> {
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

/** The environment a /call/<name> URL's function is deployed in, as the phone's callFunction names it. */
function envHeader(url: string): Record<string, string> {
  const name = /\/call\/([^/?]+)$/.exec(url)?.[1] ?? '';
  return name ? { 'x-wx-env': Environments[environmentOf(name)].localId } : {};
}

/** POSTs JSON as the phone's callFunction does (x-wx-openid names the caller, x-wx-env the environment) and reads the JSON answer. */
export function post<T = { result?: { ok: boolean; data?: Record<string, unknown>; error?: unknown } }>(
  url: string,
  body: unknown,
  openid?: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const headers = {
      'content-type': 'application/json',
      'content-length': String(payload.length),
      ...envHeader(url),
      ...(openid ? { 'x-wx-openid': openid } : {}),
    };
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
export async function callOk(url: string, name: string, data: unknown, openid: string): Promise<Record<string, unknown>> {
  const reply = await post(`${url}/call/${name}`, data, openid);
  if (!reply.result?.ok) throw new Error(`${name}: ${JSON.stringify(reply.result)}`);
  return reply.result.data ?? {};
}

export function sdkFor(url: string) {
  Object.assign(process.env, functionEnvironment(`${url}/admin`), { WX_OPENID: 'bench', WX_APPID: 'wx0000000000000000' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK must load after its environment is set
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return cloud;
}

/** Starts the emulator in its own process (spawnEmulator's arguments), runs the suite against its URL, and stops it. */
export async function withEmulator<T>(args: string[] | undefined, run: (url: string) => Promise<T>): Promise<T> {
  const { url, child } = await spawnEmulator(args);
  try {
    return await run(url);
  } finally {
    child.kill('SIGTERM');
  }
}

/** The emulator's figures per function (GET /__/stats), as its FunctionRunner keeps them. */
export async function functionStats(url: string): Promise<ReturnType<FunctionRunner['stats']>> {
  return ((await (await fetch(`${url}/__/stats`)).json()) as { functions: ReturnType<FunctionRunner['stats']> }).functions;
}

/** Writes bench/results/<name>.json. */
export function writeResult(name: string, value: unknown): void {
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, `bench/results/${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

export function print(suite: string, rows: Row[]): void {
  process.stdout.write(`\n== ${suite}\n`);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k] ?? '').length)));
  process.stdout.write(`${keys.map((k, i) => k.padEnd(width[i] ?? 0)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${keys.map((k, i) => String(row[k] ?? '').padEnd(width[i] ?? 0)).join('  ')}\n`);
  // <suite>.table.json: the printed table. (claims.json, in the shape the plug-in's issue asks for, is written by its suite.)
  writeResult(`${suite}.table`, { suite, at: new Date().toISOString(), rows });
}
