import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    data: { type: 'string', default: '.cloudbase-local' },
    memory: { type: 'boolean', default: false },
    'strict-indexes': { type: 'boolean', default: false },
    instances: { type: 'string', default: '8' },
    latency: { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const dataDir = values.memory ? null : path.resolve(values.data);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const emulator = await startEmulator({
    port: Number(values.port),
    dataDir,
    strictIndexes: values['strict-indexes'],
    maxInstances: Number(values.instances),
    latencyMs: Number(values.latency),
    quiet: values.quiet,
  });
  process.stdout.write(`MicroCourt emulator ready at ${emulator.url}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
