import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './project';

/**
 * Starts the emulator in a process of its own (as tests and the bench want it, apart from
 * the load they generate) and resolves with its URL once it prints its ready line. It runs
 * quiet: only the functions' error lines reach the terminal; the rest are at /__/logs.
 */
export async function spawnEmulator(args: string[] = ['--memory']): Promise<{ url: string; child: ChildProcess }> {
  // MC_EMULATOR_NODE_ARGS: extra node flags for the emulator process, e.g. "--cpu-prof".
  const nodeArgs = (process.env.MC_EMULATOR_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'emulator/cli.ts'), '--port', '0', '--quiet', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /MicroCourt emulator ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
  // Keep draining its output so the pipe never fills.
  child.stdout?.resume();
  return { url, child };
}
