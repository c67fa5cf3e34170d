import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';

export interface FunctionConfig {
  name: string;
  timeout: number;
  envVariables: Record<string, string>;
}

export interface InvokeRequest {
  name: string;
  event: unknown;
  /**
   * The body as the phone sent it, parsed inside the instance as SCF parses a JSON event, with
   * `event`'s fields (userInfo) added: a body of any depth reaches the function, where a
   * structured clone of it would overflow the stack.
   */
  eventJson?: string | undefined;
  /** The caller's WeChat context: WX_OPENID, WX_APPID, WX_UNIONID, ... */
  wx: Record<string, string | undefined>;
  fixedNow?: string | undefined;
}

export interface InvokeResult {
  ok: boolean;
  /** JSON of the function's return value. */
  result?: string;
  error?: string;
  durationMs: number;
  cold: boolean;
}

export class FunctionError extends Error {
  constructor(
    readonly code: 'FUNCTIONS_NOT_FOUND' | 'FUNCTIONS_EXECUTE_FAIL' | 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
    message: string,
  ) {
    super(message);
  }
}

/** How many instances stay warm, all functions together, per concurrent call one function may have (`maxInstances`), and at least. */
const WARM_PER_CALL_SLOT = 16;
const MIN_WARM = 128;

interface Instance {
  worker: Worker;
  id: number;
  generation: number;
  ready: Promise<number>;
  busy: boolean;
  served: number;
  /** When it last finished a call (ms since the epoch): the instance idle longest goes first when too many are warm. */
  idleSince: number;
}

interface Pool {
  config: FunctionConfig;
  entry: string;
  mtimeMs: number;
  checkedAt: number;
  generation: number;
  instances: Instance[];
  waiting: ((instance: Instance) => void)[];
  stats: {
    invocations: number;
    coldStarts: number;
    errors: number;
    timeouts: number;
    durations: number[];
    coldMs: number[];
    dbCalls: number[];
    loadMs: number[];
  };
}

export interface ActiveCall {
  name: string;
  wx: Record<string, string | undefined>;
  dbCalls: number;
  /** With MC_TRACE_DB set: each database call's action and collection, printed when the call ends. */
  trace?: string[];
}

let workerSource: string | undefined;
function compiledWorker(): string {
  workerSource ??= transformSync(readFileSync(path.join(__dirname, 'worker-main.ts'), 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  }).code;
  return workerSource;
}

/**
 * Runs built function bundles (build/cloudfunctions/<name>/index.js), each invocation in a
 * worker thread that serves one call at a time, a pool per function. The worker's SDK calls
 * come back to `/admin/w/<worker id>`, so every DB round trip is counted against its call.
 */
export class FunctionRunner {
  private readonly pools = new Map<string, Pool>();
  /** Functions removed from the environment (a retired plug-in): calls answer not found until loaded again. */
  private readonly unloaded = new Set<string>();
  private readonly active = new Map<number, ActiveCall>();
  private nextWorkerId = 1;
  private nextCallId = 1;

  constructor(
    private readonly options: {
      functionsDir: string;
      configs: Map<string, FunctionConfig>;
      adminUrl: (workerId: number) => string;
      /** The base of WeChat's HTTPS APIs as this emulator answers them. */
      wxApiBase: () => string;
      /** The SCF environment of a function's process (its CloudBase environment: TCB_ENV, SCF_NAMESPACE). */
      baseEnv: (name: string) => Record<string, string>;
      maxInstances: number;
      /**
       * Where the functions' log lines go besides /__/logs: every line, or only the error
       * lines (a load generator's emulator: a full pipe would stall every call).
       */
      echo: 'all' | 'errors';
    },
  ) {}

  /** The lines the functions wrote, oldest first; the last LOG_LINES are served. */
  private readonly logLines: string[] = [];

  logs(): string[] {
    return this.logLines.slice(-LOG_LINES);
  }

  /** Takes a worker's output stream line by line (a chunk may end inside a line). */
  private keepLogs(name: string, stream: NodeJS.ReadableStream, errorStream: boolean): void {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line !== '') this.keepLog(name, line, errorStream);
    });
    stream.on('end', () => rest !== '' && this.keepLog(name, rest, errorStream));
  }

  private keepLog(name: string, line: string, errorStream: boolean): void {
    this.logLines.push(line);
    if (this.logLines.length > 2 * LOG_LINES) this.logLines.splice(0, this.logLines.length - LOG_LINES);
    const isError = errorStream || line.includes('"level":"error"');
    if (this.options.echo === 'all' || isError) (isError ? process.stderr : process.stdout).write(`[${name}] ${line}\n`);
  }

  names(): string[] {
    return [...this.options.configs.keys()].filter((name) => this.has(name)).sort();
  }

  has(name: string): boolean {
    if (!this.options.configs.has(name) || this.unloaded.has(name)) return false;
    // A pool looked at its bundle less than half a second ago; otherwise look now.
    const pool = this.pools.get(name);
    return (pool !== undefined && Date.now() - pool.checkedAt <= BUNDLE_CHECK_MS) || existsSync(this.entryOf(name));
  }

  activeCall(workerId: number): ActiveCall | undefined {
    return this.active.get(workerId);
  }

  /**
   * Whether a function's config.json (`permissions.openapi`, written by the build) lists an open
   * API: WeChat refuses a cloud call the function did not declare (-604101).
   */
  permitsOpenApi(name: string, apiName: string): boolean {
    const file = path.join(this.options.functionsDir, name, 'config.json');
    if (!existsSync(file)) return false;
    const config = JSON.parse(readFileSync(file, 'utf8')) as { permissions?: { openapi?: unknown } };
    const listed = config.permissions?.openapi;
    return Array.isArray(listed) && listed.includes(apiName);
  }

  private entryOf(name: string): string {
    return path.join(this.options.functionsDir, name, 'index.js');
  }

  /** Deploys a function again after it was unloaded. */
  load(name: string): void {
    this.unloaded.delete(name);
  }

  /** Unloads a function: its instances end, and calls to it answer not found. */
  unload(name: string): void {
    this.unloaded.add(name);
    const pool = this.pools.get(name);
    if (pool) for (const instance of pool.instances) void instance.worker.terminate();
    this.pools.delete(name);
  }

  setConfigs(configs: Map<string, FunctionConfig>): void {
    for (const name of this.pools.keys()) if (!configs.has(name)) this.unload(name);
    this.options.configs.clear();
    for (const [name, config] of configs) this.options.configs.set(name, config);
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const config = this.options.configs.get(request.name);
    const entry = this.entryOf(request.name);
    if (!config || !this.has(request.name)) throw new FunctionError('FUNCTIONS_NOT_FOUND', `FunctionName parameter could not be found: ${request.name}`);
    const pool = this.pool(request.name, config, entry);
    const started = performance.now();
    const { instance, cold } = await this.acquire(pool);
    const callId = this.nextCallId++;
    const call: ActiveCall = { name: request.name, wx: request.wx, dbCalls: 0 };
    this.active.set(instance.id, call);
    try {
      const reply = await new Promise<{ ok: boolean; result?: string; error?: string }>((resolve, reject) => {
        const timer = setTimeout(() => {
          pool.stats.timeouts += 1;
          this.retire(pool, instance);
          reject(new FunctionError('FUNCTIONS_TIME_LIMIT_EXCEEDED', `Invoking task timed out after ${config.timeout} seconds`));
        }, config.timeout * 1000);
        const onMessage = (msg: { id?: number; ok: boolean; result?: string; error?: string }) => {
          if (msg.id !== callId) return;
          clearTimeout(timer);
          instance.worker.off('message', onMessage);
          instance.worker.off('error', onError);
          resolve(msg);
        };
        const onError = (error: Error) => {
          clearTimeout(timer);
          instance.worker.off('message', onMessage);
          this.retire(pool, instance);
          reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', error.message));
        };
        instance.worker.on('message', onMessage);
        instance.worker.once('error', onError);
        instance.worker.postMessage({
          id: callId,
          event: request.event,
          eventJson: request.eventJson,
          env: {
            WX_OPENID: request.wx.WX_OPENID ?? '',
            WX_APPID: request.wx.WX_APPID ?? '',
            WX_UNIONID: request.wx.WX_UNIONID ?? '',
            WX_CLIENTIP: request.wx.WX_CLIENTIP ?? '127.0.0.1',
            // The cloud-call credential SCF gives each invocation for WeChat's HTTPS APIs.
            WX_API_TOKEN: 'local-cloudbase-access-token',
            TCB_SOURCE: request.wx.TCB_SOURCE ?? 'wx_client',
            MC_FIXED_NOW: request.fixedNow,
          },
        });
      });
      const durationMs = performance.now() - started;
      pool.stats.invocations += 1;
      if (cold) pool.stats.coldStarts += 1;
      // Warm and cold calls are reported apart: a cold start is its own figure.
      (cold ? pool.stats.coldMs : pool.stats.durations).push(durationMs);
      pool.stats.dbCalls.push(call.dbCalls);
      if (call.trace) process.stderr.write(`[db] ${request.name} ${call.dbCalls}: ${call.trace.join(' | ')}\n`);
      if (!reply.ok) pool.stats.errors += 1;
      return { ok: reply.ok, result: reply.result, error: reply.error, durationMs, cold };
    } finally {
      this.active.delete(instance.id);
      this.release(pool, instance);
    }
  }

  private pool(name: string, config: FunctionConfig, entry: string): Pool {
    let pool = this.pools.get(name);
    const now = Date.now();
    if (pool && now - pool.checkedAt > BUNDLE_CHECK_MS) {
      pool.checkedAt = now;
      if (!existsSync(entry)) throw new FunctionError('FUNCTIONS_NOT_FOUND', `FunctionName parameter could not be found: ${name}`);
      const mtimeMs = statSync(entry).mtimeMs;
      if (mtimeMs !== pool.mtimeMs) {
        // A rebuilt bundle: new calls get fresh instances, old ones end when idle.
        pool.mtimeMs = mtimeMs;
        pool.generation += 1;
        for (const instance of [...pool.instances]) if (!instance.busy) this.retire(pool, instance);
      }
    }
    if (!pool) {
      pool = {
        config,
        entry,
        mtimeMs: statSync(entry).mtimeMs,
        checkedAt: now,
        generation: 0,
        instances: [],
        waiting: [],
        stats: { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, durations: [], coldMs: [], dbCalls: [], loadMs: [] },
      };
      this.pools.set(name, pool);
    }
    pool.config = config;
    return pool;
  }

  private async acquire(pool: Pool): Promise<{ instance: Instance; cold: boolean }> {
    const idle = pool.instances.find((instance) => !instance.busy && instance.generation === pool.generation);
    if (idle) {
      idle.busy = true;
      return { instance: idle, cold: false };
    }
    if (pool.instances.length < this.options.maxInstances) {
      this.reclaimIdle();
      const instance = this.spawn(pool);
      instance.busy = true;
      await instance.ready;
      return { instance, cold: true };
    }
    const instance = await new Promise<Instance>((resolve) => pool.waiting.push(resolve));
    return { instance, cold: false };
  }

  private release(pool: Pool, instance: Instance): void {
    instance.served += 1;
    if (!pool.instances.includes(instance)) return;
    if (instance.generation !== pool.generation) {
      this.retire(pool, instance);
      const next = pool.waiting.shift();
      if (next) {
        const fresh = this.spawn(pool);
        fresh.busy = true;
        void fresh.ready.then(
          () => next(fresh),
          () => next(fresh),
        );
      }
      return;
    }
    const next = pool.waiting.shift();
    if (next) next(instance);
    else {
      instance.busy = false;
      instance.idleSince = Date.now();
    }
  }

  /**
   * SCF reclaims instances that sit idle, so a warm instance may always be gone. Here each is a
   * thread holding its bundle and the SDK (tens of MB), and sixty functions with eight each would
   * hold gigabytes: past `WARM_PER_CALL_SLOT` per allowed concurrent call of one function, the
   * instance idle longest, of any function, is retired before another starts.
   */
  private reclaimIdle(): void {
    const limit = Math.max(this.options.maxInstances * WARM_PER_CALL_SLOT, MIN_WARM);
    let warm = 0;
    for (const pool of this.pools.values()) warm += pool.instances.length;
    while (warm >= limit) {
      let oldest: { pool: Pool; instance: Instance } | undefined;
      for (const pool of this.pools.values())
        for (const instance of pool.instances) if (!instance.busy && (!oldest || instance.idleSince < oldest.instance.idleSince)) oldest = { pool, instance };
      if (!oldest) return;
      this.retire(oldest.pool, oldest.instance);
      warm -= 1;
    }
  }

  private spawn(pool: Pool): Instance {
    const id = this.nextWorkerId++;
    const env: Record<string, string> = {
      ...this.options.baseEnv(pool.config.name),
      ...pool.config.envVariables,
      SCF_FUNCTIONNAME: pool.config.name,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl(id) }),
      MC_WX_API_BASE: this.options.wxApiBase(),
    };
    const worker = new Worker(compiledWorker(), {
      eval: true,
      workerData: { entry: pool.entry, env },
      env: { ...process.env, ...env },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    this.keepLogs(pool.config.name, worker.stdout, false);
    this.keepLogs(pool.config.name, worker.stderr, true);
    const instance: Instance = {
      worker,
      id,
      generation: pool.generation,
      busy: false,
      served: 0,
      idleSince: Date.now(),
      ready: new Promise<number>((resolve, reject) => {
        const onReady = (msg: { ready?: boolean; loadMs?: number }) => {
          if (!msg.ready) return;
          worker.off('message', onReady);
          pool.stats.loadMs.push(msg.loadMs ?? 0);
          resolve(msg.loadMs ?? 0);
        };
        worker.on('message', onReady);
        worker.once('error', (error) => {
          this.retire(pool, instance);
          reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', `${pool.config.name} failed to load: ${error.message}`));
        });
      }),
    };
    pool.instances.push(instance);
    return instance;
  }

  private retire(pool: Pool, instance: Instance): void {
    pool.instances = pool.instances.filter((other) => other !== instance);
    this.active.delete(instance.id);
    void instance.worker.terminate();
  }

  stats(): Record<
    string,
    {
      invocations: number;
      coldStarts: number;
      errors: number;
      timeouts: number;
      instances: number;
      p50Ms: number;
      p95Ms: number;
      coldP50Ms: number;
      dbCallsPerInvocation: number;
      loadMsP50: number;
    }
  > {
    const out: ReturnType<FunctionRunner['stats']> = {};
    for (const [name, pool] of this.pools) {
      const s = pool.stats;
      out[name] = {
        invocations: s.invocations,
        coldStarts: s.coldStarts,
        errors: s.errors,
        timeouts: s.timeouts,
        instances: pool.instances.length,
        p50Ms: percentile(s.durations, 0.5),
        p95Ms: percentile(s.durations, 0.95),
        coldP50Ms: percentile(s.coldMs, 0.5),
        dbCallsPerInvocation: s.dbCalls.length === 0 ? 0 : round(s.dbCalls.reduce((a, b) => a + b, 0) / s.dbCalls.length),
        loadMsP50: percentile(s.loadMs, 0.5),
      };
    }
    return out;
  }

  /** A fresh environment: every function deployed again, statistics cleared. */
  reset(): void {
    this.unloaded.clear();
    this.logLines.length = 0;
    for (const pool of this.pools.values()) for (const instance of pool.instances) instance.worker.postMessage({ reset: true });
    this.resetStats();
  }

  /** What every warm instance keeps between calls goes, as on a reset; logs and figures stay (a snapshot restored). */
  clearInstanceCaches(): void {
    for (const pool of this.pools.values()) for (const instance of pool.instances) instance.worker.postMessage({ reset: true });
  }

  resetStats(): void {
    for (const pool of this.pools.values())
      pool.stats = { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, durations: [], coldMs: [], dbCalls: [], loadMs: [] };
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].flatMap((pool) => pool.instances.map((instance) => instance.worker.terminate())));
    this.pools.clear();
  }
}

const LOG_LINES = 5_000;
/** How often a pool looks at its bundle for a rebuild (or removal). */
const BUNDLE_CHECK_MS = 500;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
}

const round = (value: number) => Math.round(value * 100) / 100;
