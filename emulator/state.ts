import path from 'node:path';
import { DatabaseService } from './database';
import { ProtocolError } from './errors';
import { FunctionError, FunctionRunner, type InvokeResult } from './functions';
import { devEnvValue, functionConfigs, functionEnvironment, localEnvironments, miniprogramPages, readCloudbaseRc, readDatabaseRules, ROOT } from './project';
import { StorageService } from './storage';
import { Store } from './store';
import { TrtcService } from './trtc';
import { WeChatService } from './wechat';

/** A CloudBase environment to serve: its id and the functions deployed in it. */
export interface EnvironmentSpec {
  id: string;
  /** Omitted: every function of cloudbaserc.json that no other environment lists. */
  functions?: string[];
}

export interface EmulatorOptions {
  port?: number;
  /** Where data lives; null keeps everything in memory. */
  dataDir: string | null;
  /**
   * The CloudBase environments served on this port, the first being the default one (what a
   * call naming no environment reaches). Omitted: localEnvironments() of the project.
   */
  environments?: EnvironmentSpec[];
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

/** One CloudBase environment: its own database and storage, as on CloudBase. */
export interface Environment {
  id: string;
  store: Store;
  database: DatabaseService;
  storage: StorageService;
  stats: AdminStats;
}

/** Everything the route modules share: one emulator's environments, services and settings. */
export interface EmulatorState {
  root: string;
  appid: string;
  latencyMs: number;
  /** The emulator's own URL, known once it listens. */
  baseUrl: string;
  environments: Map<string, Environment>;
  /** The first environment: what a call naming none reaches. */
  defaultEnv: Environment;
  /** The environment each function is deployed in (a function lives in one). */
  homes: Map<string, string>;
  /** Where the topology comes from, read again by /__/functions/reload. */
  topology: () => EnvironmentSpec[];
  /** One mini-program, so one WeChat (outbox, payments, face), whichever environment calls it. */
  wechat: WeChatService;
  runner: FunctionRunner;
  clock: Clock;
  /** TRTC's video rooms (emulator/trtc.ts): who entered and left, tickets checked. */
  trtc: TrtcService;
}

const ENV_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function createState(options: EmulatorOptions): EmulatorState {
  const root = options.root ?? ROOT;
  const appid = options.appid ?? 'wx0000000000000000';
  const topology = options.environments ? () => options.environments ?? [] : () => localEnvironments(root);
  const specs = topology();
  if (specs.length === 0) throw new Error('the emulator needs at least one environment');
  const clock: Clock = {
    fixedNow: undefined,
    now: () => (clock.fixedNow ? Date.parse(clock.fixedNow) : Date.now()),
  };
  const environments = new Map<string, Environment>();
  for (const [i, spec] of specs.entries()) {
    if (!ENV_ID.test(spec.id)) throw new Error(`invalid environment id: ${JSON.stringify(spec.id)}`);
    if (environments.has(spec.id)) throw new Error(`environment ${spec.id} is listed twice`);
    // The default environment keeps the file names of a one-environment data directory.
    const suffix = i === 0 ? '' : `-${spec.id}`;
    const store = new Store(options.dataDir ? path.join(options.dataDir, `db${suffix}.sqlite`) : ':memory:');
    store.strictIndexes = options.strictIndexes ?? false;
    const storageDir = options.dataDir ? path.join(options.dataDir, `storage${suffix}`) : null;
    // The storage's own URLs (uploads, temp URLs) name their environment, except the default one's.
    const storageBase = () => (i === 0 ? state.baseUrl : `${state.baseUrl}/env/${spec.id}`);
    environments.set(spec.id, {
      id: spec.id,
      store,
      database: new DatabaseService(store, clock.now),
      storage: new StorageService(spec.id, storageDir, storageBase, appid),
      stats: { total: 0, byAction: {} },
    });
  }
  const defaultEnv = [...environments.values()][0] as Environment;
  const rc = readCloudbaseRc(root);
  const homes = new Map<string, string>();
  // The services below read the URL when they need it, after the server listens.
  const state: EmulatorState = {
    root,
    appid,
    latencyMs: options.latencyMs ?? 0,
    baseUrl: '',
    environments,
    defaultEnv,
    homes,
    topology,
    wechat: new WeChatService(
      defaultEnv.store.db,
      miniprogramPages(root),
      { appid: devEnvValue('MC_WX_APPID'), secret: devEnvValue('MC_WX_APPSECRET') },
      clock.now,
    ),
    runner: new FunctionRunner({
      functionsDir: options.functionsDir ?? path.join(root, rc.functionRoot),
      configs: functionConfigs(rc),
      adminUrl: (workerId) => `${state.baseUrl}/admin/w/${workerId}`,
      wxApiBase: () => state.baseUrl,
      // Each worker's TCB_CONTEXT_CNFG is set to its own /admin/w/<id> when it starts; its
      // TCB_ENV is its environment's, so cloud.DYNAMIC_CURRENT_ENV resolves to it.
      baseEnv: (name) => functionEnvironment('/admin', homes.get(name) ?? defaultEnv.id),
      maxInstances: options.maxInstances ?? 8,
      echo: options.quiet ? 'errors' : 'all',
    }),
    clock,
    trtc: TrtcService.fromProject(clock),
  };
  assignFunctions(
    state,
    specs,
    rc.functions.map((fn) => fn.name),
  );
  for (const env of environments.values()) declareCollections(state, env);
  return state;
}

/** Which environment each function of cloudbaserc.json is deployed in. */
export function assignFunctions(state: EmulatorState, specs: EnvironmentSpec[], functions: string[]): void {
  const homes = new Map<string, string>();
  const known = new Set(functions);
  for (const spec of specs) {
    if (!state.environments.has(spec.id)) continue;
    for (const name of spec.functions ?? []) {
      if (!known.has(name)) throw new Error(`environment ${spec.id} lists ${name}, which cloudbaserc.json does not have`);
      const other = homes.get(name);
      if (other !== undefined && other !== spec.id)
        throw new Error(`function ${name} is listed in environments ${other} and ${spec.id}: a function lives in one`);
      homes.set(name, spec.id);
    }
  }
  const takesTheRest = specs.filter((spec) => spec.functions === undefined);
  if (takesTheRest.length > 1)
    throw new Error(`environments ${takesTheRest.map((spec) => spec.id).join(', ')} all omit functions: at most one may take the rest`);
  const rest = takesTheRest[0];
  if (rest) for (const name of functions) if (!homes.has(name)) homes.set(name, rest.id);
  state.homes.clear();
  for (const [name, env] of homes) state.homes.set(name, env);
}

/** The collections of database-rules/, with their indexes, in an environment's database. */
export function declareCollections(state: EmulatorState, env: Environment): void {
  for (const [name, rules] of readDatabaseRules(state.root)) env.store.declare(name, rules.indexes ?? []);
}

export const envNotFound = (id: string) => new ProtocolError('INVALID_ENV', `Invalid environment or environment not found: ${id}`);

/**
 * The environment a request names; none (or '', the SDK's "first environment") is the
 * default one. An id this emulator does not serve answers as CloudBase does: INVALID_ENV.
 */
export function environmentOf(state: EmulatorState, id: string | null | undefined): Environment {
  if (id === null || id === undefined || id === '') return state.defaultEnv;
  const env = state.environments.get(id);
  if (!env) throw envNotFound(id);
  return env;
}

/** The functions deployed in an environment. */
export function functionsOf(state: EmulatorState, env: Environment): string[] {
  return state.runner.names().filter((name) => state.homes.get(name) === env.id);
}

/**
 * Runs a function with the caller's WeChat context, on the emulator's clock. Called in an
 * environment (`env`), a function deployed in another is not found there, as on CloudBase.
 */
export function invoke(
  state: EmulatorState,
  name: string,
  event: Record<string, unknown>,
  wx: Record<string, string | undefined>,
  env?: Environment,
  eventJson?: string,
): Promise<InvokeResult> {
  const home = state.homes.get(name);
  if (home === undefined || (env !== undefined && home !== env.id)) {
    const where = env ? ` in environment ${env.id}` : '';
    return Promise.reject(new FunctionError('FUNCTIONS_NOT_FOUND', `FunctionName parameter could not be found: ${name}${where}`));
  }
  return state.runner.invoke({ name, event, eventJson, wx, fixedNow: state.clock.fixedNow });
}
