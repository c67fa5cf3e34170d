import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IndexSpec } from './store';
import { environmentOf, Environments, type EnvironmentKey } from '../cloudfunctions/_core/contract';
import type { FunctionConfig } from './functions';

export const ROOT = path.resolve(__dirname, '..');

/**
 * The Node.js runtimes CloudBase offers for a cloud function (docs.cloudbase.net, cloud-function/
 * runtime-support): the name cloudbaserc.json declares, its Node.js major version, and what the
 * build targets. A name not here is refused, as CloudBase refuses it.
 */
export const RUNTIMES = {
  'Nodejs16.13': { node: 16, target: 'node16.13' },
  'Nodejs18.15': { node: 18, target: 'node18.15' },
  'Nodejs20.19': { node: 20, target: 'node20.19' },
  'Nodejs22.21': { node: 22, target: 'node22.21' },
  'Nodejs24.11': { node: 24, target: 'node24.11' },
} as const;
export type RuntimeName = keyof typeof RUNTIMES;

export function runtimeOf(fn: { name: string; runtime: string }): (typeof RUNTIMES)[RuntimeName] {
  if (!Object.prototype.hasOwnProperty.call(RUNTIMES, fn.runtime)) {
    throw new Error(`函数 ${fn.name} 的运行时 ${fn.runtime} 不是云开发提供的运行时（可选：${Object.keys(RUNTIMES).join('、')}）`);
  }
  return RUNTIMES[fn.runtime as RuntimeName];
}

export interface CloudbaseFunction {
  name: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  handler: string;
  envVariables?: Record<string, string>;
  installDependency?: boolean;
  /** Timer triggers (`tcb fn trigger create`): the emulator has no clock of its own to fire them; `POST /__/timer/<name>` does. */
  triggers?: { name: string; type: 'timer'; config: string }[];
}

export interface CloudbaseRc {
  version: string;
  envId: string;
  functionRoot: string;
  functions: CloudbaseFunction[];
}

export function readCloudbaseRc(root = ROOT): CloudbaseRc {
  return JSON.parse(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')) as CloudbaseRc;
}

export interface CollectionRules {
  /** Client access rules (the mini-program's own database calls); functions are admin. */
  rules: Record<string, unknown>;
  indexes?: IndexSpec[];
}

export function readDatabaseRules(root = ROOT): Map<string, CollectionRules> {
  const dir = path.join(root, 'database-rules');
  const out = new Map<string, CollectionRules>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    out.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CollectionRules);
  }
  return out;
}

/** Storage's security rules (storage-rules.json at the project's root): none, and a phone may neither read nor write. */
export function readStorageRules(root = ROOT): { read?: unknown; write?: unknown } {
  const file = path.join(root, 'storage-rules.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { read?: unknown; write?: unknown }) : { read: false, write: false };
}

interface AppJson {
  pages: string[];
  /** app.json takes either spelling. */
  subpackages?: { root: string; pages: string[] }[];
  subPackages?: { root: string; pages: string[] }[];
}

/**
 * The pages of the mini-program as app.json declares them (`pages/index/index`,
 * `litigation/case/case`, ...): what WeChat checks a subscribe message's or a mini-program
 * code's page against (errcode 41030). A project without a mini-program has none.
 */
export function miniprogramPages(root = ROOT): string[] {
  const file = path.join(root, 'miniprogram', 'app.json');
  if (!existsSync(file)) return [];
  const app = JSON.parse(readFileSync(file, 'utf8')) as AppJson;
  const subpackages = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
  return [...app.pages, ...subpackages.flatMap((sub) => sub.pages.map((page) => `${sub.root.replace(/\/+$/, '')}/${page}`))];
}

/**
 * Values for `{{env.NAME}}` in cloudbaserc.json on the emulator: the process environment
 * when set, otherwise a development key derived from the name (never used on CloudBase).
 */
export function devEnvValue(name: string): string {
  // An environment's id (ENV_ID, MC_CLAIMS_ENV_ID) is its local id here, whatever the shell says.
  const environment = Object.values(Environments).find((e) => e.envVariable === name);
  if (environment) return environment.localId;
  const fromEnv = process.env[name];
  if (fromEnv) return fromEnv;
  // A TRTC SDKAppID is a number (the test application of Tencent's examples).
  if (name.endsWith('SDKAPPID')) return '1400000000';
  if (/KEY|SECRET/.test(name)) return createHash('sha256').update(`microcourt-dev:${name}`).digest('base64');
  // Template ids and other names: a recognisable development value.
  return `dev-${name.toLowerCase()}`;
}

export function functionConfigs(rc: CloudbaseRc): Map<string, FunctionConfig> {
  const out = new Map<string, FunctionConfig>();
  for (const fn of rc.functions) {
    runtimeOf(fn);
    const envVariables: Record<string, string> = {};
    for (const [key, value] of Object.entries(fn.envVariables ?? {})) {
      envVariables[key] = value.replace(/\{\{env\.([A-Z0-9_]+)\}\}/g, (_m, name: string) => devEnvValue(name));
    }
    out.set(fn.name, { name: fn.name, timeout: fn.timeout, envVariables });
  }
  return out;
}

export const DEFAULT_ENV = Environments.court.localId;

/** A CloudBase environment as the emulator serves it: its id and the functions deployed in it. */
export interface LocalEnvironment {
  id: string;
  functions: string[];
}

/**
 * The environments the emulator serves by default, as production has them: each of the
 * contract's environments under its local id, the court's first (the default), holding the
 * functions the contract deploys there. A function of cloudbaserc.json the contract does not
 * name (a test's own) goes to the default environment. This is the one place the emulator takes
 * its topology from, besides EmulatorOptions.environments.
 */
export function localEnvironments(root = ROOT): LocalEnvironment[] {
  const keys = Object.keys(Environments) as EnvironmentKey[];
  const out = keys.map((key) => ({ id: Environments[key].localId, functions: [] as string[] }));
  for (const { name } of readCloudbaseRc(root).functions) {
    out[keys.indexOf(environmentOf(name))]?.functions.push(name);
  }
  return out;
}

/**
 * The environment of a function process on SCF, pointed at an /admin URL
 * (cloudbase-protocol.md): what the emulator's workers, tests and the bench all give the SDK.
 */
export function functionEnvironment(adminUrl: string, env: string = DEFAULT_ENV): Record<string, string> {
  return {
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: env,
    TCB_ENV: env,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    TENCENTCLOUD_SECRETID: 'local-secret-id',
    TENCENTCLOUD_SECRETKEY: 'local-secret-key',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_API_TOKEN',
  };
}
