import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
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
}
