import { devEnvValue, functionEnvironment } from '../../emulator/project';
import { auditEmulator } from './pii-audit';
import { environmentOf, Environments, type ActionInput, type ActionName, type ActionOutput, type Envelope } from '#contract';

/**
 * What integration tests use to drive the emulator: the gateway a phone calls, the
 * operations endpoints, and the real wx-server-sdk pointed at /admin.
 */
export function emulatorUrl(): string {
  const url = process.env.MC_EMULATOR_URL;
  if (!url) throw new Error('MC_EMULATOR_URL is not set: run integration tests through jest --selectProjects integration');
  return url;
}

/** A fixed instant for tests that need "now": 2026-03-02 10:00 China time. */
export const FIXED_NOW = '2026-03-02T02:00:00.000Z';

/** Wipes every collection, file, order and message, and fixes (or frees) the clock. */
export async function resetEmulator(now: string | null = FIXED_NOW): Promise<void> {
  // What the last test left is searched for personal data in the clear before it is wiped.
  await auditEmulator(emulatorUrl());
  const res = await fetch(`${emulatorUrl()}/__/reset`, { method: 'POST', body: JSON.stringify(now ? { now } : {}) });
  if (!res.ok) throw new Error(`reset failed: ${res.status}`);
}

export interface GatewayReply<T> {
  status: number;
  result: T;
  errMsg: string;
}

/**
 * What wx.cloud.callFunction does from the phone of `openid`, typed by the contract: the input
 * the action takes, the envelope it answers, sent to the environment it is deployed in.
 */
export async function callFunction<N extends ActionName>(name: N, data: ActionInput<N>, openid?: string): Promise<GatewayReply<Envelope<ActionOutput<N>>>> {
  return callRaw<Envelope<ActionOutput<N>>>(name, data, openid);
}

/** A call whose input is not the contract's (malformed on purpose, or made up by a helper): the answer stays typed. */
export async function callWithAnyInput<N extends ActionName>(name: N, data: unknown, openid?: string): Promise<GatewayReply<Envelope<ActionOutput<N>>>> {
  return callRaw<Envelope<ActionOutput<N>>>(name, data, openid);
}

/** A call outside the contract: an unknown function, or a reply that is not an envelope (WeChat's own callbacks). */
export async function callRaw<T = unknown>(name: string, data: unknown, openid?: string): Promise<GatewayReply<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (openid) headers['x-wx-openid'] = openid;
  headers['x-wx-env'] = Environments[environmentOf(name)].localId;
  const res = await fetch(`${emulatorUrl()}/call/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(data) });
  const body = (await res.json()) as { result: T; errMsg: string };
  return { status: res.status, result: body.result, errMsg: body.errMsg };
}

export async function operation<T = unknown>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  if (method === 'POST' && (route === 'reset' || route === 'restore')) await auditEmulator(emulatorUrl());
  const init: RequestInit = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${emulatorUrl()}/__/${route}`, init);
  return (await res.json()) as T;
}

/** The database round trips a function made since the emulator's last reset, from the emulator's own count (`GET /__/stats`). */
export async function roundTripsOf(name: string): Promise<number> {
  const stats = await operation<{ functions: Record<string, { invocations: number; dbCallsPerInvocation: number } | undefined> }>('GET', 'stats');
  const fn = stats.functions[name];
  return fn ? Math.round(fn.invocations * fn.dbCallsPerInvocation) : 0;
}

/** The environment a function process has, pointed at the emulator, for the real SDK in a test. */
export function useSdkEnvironment(openid = 'o-test'): void {
  // The chain key the emulator gives the functions, so a test seals and checks heads as they do.
  const keys = { MC_CHAIN_KEY: devEnvValue('MC_CHAIN_KEY') };
  Object.assign(process.env, functionEnvironment(`${emulatorUrl()}/admin`), keys, { WX_OPENID: openid, WX_APPID: 'wx0000000000000000' });
}

/** The data of a successful envelope, or a failure that shows what came back. */
export function ok<T>(reply: { result: { ok: true; data: T } | { ok: false; error: unknown }; errMsg?: string }): T {
  if (!reply.result?.ok) throw new Error(`expected ok, got ${JSON.stringify(reply.result)} ${reply.errMsg ?? ''}`);
  return reply.result.data;
}

/** How many documents a collection holds (matching `where`), read through the real SDK. */
export async function countOf(
  db: { collection(name: string): { where(query: Record<string, unknown>): { count(): unknown } } },
  collection: string,
  where: Record<string, unknown> = {},
): Promise<number> {
  return ((await db.collection(collection).where(where).count()) as { total: number }).total;
}
