/**
 * How many jest workers run the integration tests at once (`MC_TEST_WORKERS`, 2 by default: the
 * machine's two cores, and much of a test's time is spent waiting on the emulator). Each gets an
 * emulator of its own.
 */
export function integrationWorkers(): number {
  const workers = Number(process.env.MC_TEST_WORKERS ?? 2);
  return Number.isInteger(workers) && workers >= 1 ? workers : 2;
}

/** The emulator of this jest worker, from those the global setup started. */
export function emulatorOfThisWorker(): string | undefined {
  const urls = (process.env.MC_EMULATOR_URLS ?? '').split(' ').filter(Boolean);
  if (urls.length === 0) return undefined;
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  return urls[(worker - 1) % urls.length];
}
