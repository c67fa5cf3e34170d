// The body of one function instance (a worker thread, like one SCF instance): it loads the
// bundle once, then serves one invocation at a time with that caller's WeChat context.
import { parentPort, workerData } from 'node:worker_threads';

interface Invocation {
  id: number;
  event: unknown;
  /** The phone's body as JSON text, `event`'s fields added to it once parsed (see InvokeRequest). */
  eventJson?: string;
  env: Record<string, string | undefined>;
}

const data = workerData as { entry: string; env: Record<string, string> };
Object.assign(process.env, data.env);

const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle is CommonJS and its path is known only now
const bundle = require(data.entry) as { main?: (event: unknown, context: unknown) => unknown };
if (typeof bundle.main !== 'function') throw new Error(`${data.entry} does not export main`);
const main = bundle.main;
parentPort?.postMessage({ ready: true, loadMs: performance.now() - started });

parentPort?.on('message', (msg: Invocation | { reset: true }) => {
  if ('reset' in msg) {
    // A reset environment: what the instance kept between calls goes (runtime/instance-cache.ts).
    const caches = (globalThis as Record<symbol, Set<{ clear(): void }> | undefined>)[Symbol.for('microcourt.instance-caches')];
    for (const cache of caches ?? []) cache.clear();
    return;
  }
  for (const [key, value] of Object.entries(msg.env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const context = { request_id: `${msg.id}`, function_name: process.env.SCF_FUNCTIONNAME, memory_limit_in_mb: 256, time_limit_in_ms: 0, environment: '' };
  Promise.resolve()
    .then(() => main(msg.eventJson === undefined ? msg.event : { ...(JSON.parse(msg.eventJson) as object), ...(msg.event as object) }, context))
    .then(
      (result) => parentPort?.postMessage({ id: msg.id, ok: true, result: JSON.stringify(result ?? null) }),
      (error: unknown) =>
        parentPort?.postMessage({
          id: msg.id,
          ok: false,
          error: error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error),
        }),
    );
});
