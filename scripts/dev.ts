import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildFunctions } from './build';
import { startEmulator } from '../emulator/server';
import { ROOT } from './lib/functions';
import { seedDemo } from './lib/demo';

/**
 * npm start: builds every function, starts the emulator on .cloudbase-local/ and, the first
 * time, seeds the demo: courts and staff, verified parties, and cases in different states.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, data: { type: 'string', default: '.cloudbase-local' } } });
  const built = await buildFunctions();
  const dataDir = path.resolve(ROOT, values.data);
  mkdirSync(dataDir, { recursive: true });
  const emulator = await startEmulator({ port: Number(values.port), dataDir });
  await seedDemo(emulator.url, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`MicroCourt emulator ready at ${emulator.url}\n`);
  process.stdout.write(
    [
      `  ${built.length} functions built into build/cloudfunctions; data in ${path.relative(ROOT, dataDir)}/`,
      '  Try:',
      `    curl -s -X POST ${emulator.url}/call/fee-calc -d '{"category":"property","amountFen":50000000}'`,
      `    curl -s -X POST ${emulator.url}/call/deadline-calc -d '{"from":"2024-03-01","kind":"appeal-judgment"}'`,
      `    curl -s ${emulator.url}/__/stats`,
      '  Demo callers (header X-WX-OPENID): party-hu, lawyer-lin, staff-registrar-li, staff-judge-chen, staff-clerk-wang, staff-leader-sun',
      `    curl -s -X POST ${emulator.url}/call/case-list -H 'x-wx-openid: party-hu' -d '{"view":"cases"}'`,
      '',
    ].join('\n'),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
