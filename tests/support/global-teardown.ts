import type { ChildProcess } from 'node:child_process';
import { auditEmulator, hitsOfRun } from './pii-audit';

export default async function globalTeardown(): Promise<void> {
  // What the last test file of each worker left is audited before its emulator goes.
  const urls = (process.env.MC_EMULATOR_URLS ?? '').split(' ').filter(Boolean);
  await Promise.all(urls.map((url) => auditEmulator(url)));
  const children = (globalThis as { __emulators?: ChildProcess[] }).__emulators ?? [];
  await Promise.all(
    children
      .filter((child) => child.exitCode === null)
      .map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
  );
  const hits = hitsOfRun();
  const places = new Set(hits.map((hit) => hit.where));
  console.log(`personal data audit: ${hits.length} ID numbers, mobiles or bank cards in the clear, in ${places.size} places`);
  if (hits.length > 0) {
    const lines = hits.slice(0, 50).map((hit) => `  ${hit.where}: ${hit.kind} ${hit.masked}`);
    throw new Error(`personal data in the clear (issue 17, item 6):\n${lines.join('\n')}${hits.length > 50 ? `\n  … and ${hits.length - 50} more` : ''}`);
  }
}
