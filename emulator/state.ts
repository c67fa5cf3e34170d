import path from 'node:path';
import { DatabaseService } from './database';
import { FunctionRunner, type InvokeResult } from './functions';
import { DEFAULT_ENV, functionConfigs, functionEnvironment, readCloudbaseRc, readDatabaseRules, ROOT } from './project';
import { StorageService } from './storage';
import { Store } from './store';
import { WeChatService } from './wechat';

export interface EmulatorOptions {
  port?: number;
  /** Where data lives; null keeps everything in memory. */
  dataDir: string | null;
  env?: string;
  appid?: string;
  root?: string;
  functionsDir?: string;
  strictIndexes?: boolean;
  maxInstances?: number;
  /** A latency (ms) added to every /admin call, to model CloudBase's round trip. */
  latencyMs?: number;
  /** Print only the functions' error lines (all of them stay at /__/logs). */
  quiet?: boolean;
}

/** The emulator's clock: the real one, or an instant a test fixed (`/__/reset { now }`, `/__/clock`). */
export interface Clock {
  fixedNow: string | undefined;
  now(): number;
}

/** /admin calls counted for /__/stats. */
export interface AdminStats {
  total: number;
  byAction: Record<string, number>;
}

/** Everything the route modules share: one emulator's services and settings. */
export interface EmulatorState {
  root: string;
  env: string;
  appid: string;
  latencyMs: number;
  /** The emulator's own URL, known once it listens. */
  baseUrl: string;
  store: Store;
  database: DatabaseService;
  storage: StorageService;
  wechat: WeChatService;
  runner: FunctionRunner;
  clock: Clock;
  stats: AdminStats;
}

export function createState(options: EmulatorOptions): EmulatorState {
  const root = options.root ?? ROOT;
  const env = options.env ?? DEFAULT_ENV;
  const appid = options.appid ?? 'wx0000000000000000';
  const store = new Store(options.dataDir ? path.join(options.dataDir, 'db.sqlite') : ':memory:');
  store.strictIndexes = options.strictIndexes ?? false;
  const clock: Clock = {
    fixedNow: undefined,
    now: () => (clock.fixedNow ? Date.parse(clock.fixedNow) : Date.now()),
  };
  const rc = readCloudbaseRc(root);
  // The services below read the URL when they need it, after the server listens.
  const state: EmulatorState = {
    root,
    env,
    appid,
    latencyMs: options.latencyMs ?? 0,
    baseUrl: '',
    store,
    database: new DatabaseService(store, clock.now),
    storage: new StorageService(env, options.dataDir ? path.join(options.dataDir, 'storage') : null, () => state.baseUrl, appid),
    wechat: new WeChatService(store.db),
    runner: new FunctionRunner({
      functionsDir: options.functionsDir ?? path.join(root, rc.functionRoot),
      configs: functionConfigs(rc),
      adminUrl: (workerId) => `${state.baseUrl}/admin/w/${workerId}`,
      wxApiBase: () => state.baseUrl,
      // Each worker's TCB_CONTEXT_CNFG is set to its own /admin/w/<id> when it starts.
      baseEnv: functionEnvironment('/admin', env),
      maxInstances: options.maxInstances ?? 8,
      echo: options.quiet ? 'errors' : 'all',
    }),
    clock,
    stats: { total: 0, byAction: {} },
  };
  declareCollections(state);
  return state;
}

/** The collections of database-rules/, with their indexes. */
export function declareCollections(state: EmulatorState): void {
  for (const [name, rules] of readDatabaseRules(state.root)) state.store.declare(name, rules.indexes ?? []);
}

/** Runs a function with the caller's WeChat context, on the emulator's clock. */
export function invoke(state: EmulatorState, name: string, event: Record<string, unknown>, wx: Record<string, string | undefined>): Promise<InvokeResult> {
  return state.runner.invoke({ name, event, wx, fixedNow: state.clock.fixedNow });
}
