import { spawnEmulator } from '../../emulator/spawn';
import { buildFunctions } from '../../scripts/build';

/** Builds the functions and starts one in-memory emulator for the whole integration run. */
export default async function globalSetup(): Promise<void> {
  await buildFunctions();
  const { url, child } = await spawnEmulator(['--memory', '--strict-indexes']);
  process.env.MC_EMULATOR_URL = url;
  (globalThis as { __emulator?: typeof child }).__emulator = child;
}
