import { spawnEmulator } from '../../emulator/spawn';
import { buildFunctions } from '../../scripts/build';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAudit } from './pii-audit';
import { integrationWorkers } from './workers';

/**
 * Builds the functions and starts one in-memory emulator per jest worker: each test file wipes
 * the emulator it runs against, so two files running at once must not share one.
 */
export default async function globalSetup(): Promise<void> {
  startAudit(path.join(tmpdir(), `microcourt-pii-${process.pid}-${Date.now()}`));
  await buildFunctions();
  const emulators = await Promise.all(Array.from({ length: integrationWorkers() }, () => spawnEmulator(['--memory', '--strict-indexes'])));
  process.env.MC_EMULATOR_URLS = emulators.map((e) => e.url).join(' ');
  (globalThis as { __emulators?: (typeof emulators)[number]['child'][] }).__emulators = emulators.map((e) => e.child);
}
