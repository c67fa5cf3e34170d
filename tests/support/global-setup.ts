import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildFunctions } from '../../scripts/build';

const ROOT = path.resolve(__dirname, '..', '..');

/** Builds the functions and starts one in-memory emulator for the whole integration run. */
export default async function globalSetup(): Promise<void> {
  await buildFunctions();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'emulator/cli.ts'), '--port', '0', '--memory', '--strict-indexes'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /MicroCourt emulator ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
  // Keep draining the emulator's output so its pipe never fills.
  child.stdout.resume();
  process.env.MC_EMULATOR_URL = url;
  (globalThis as { __emulator?: typeof child }).__emulator = child;
}
