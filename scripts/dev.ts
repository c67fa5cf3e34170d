import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildFunctions } from './build';
import { startEmulator } from '../emulator/server';
import { ROOT } from './lib/functions';
import { DEMO_COURTS, DEMO_PARTIES, DEMO_STAFF } from './lib/seed';
import { lookupHash, seal } from '../cloudfunctions/_core/runtime/pii';
import { devEnvValue } from '../emulator/project';
import { maskResidentId } from '../cloudfunctions/_core/domain/identity';

/**
 * npm start: builds every function, starts the emulator on .cloudbase-local/ and seeds the
 * demo courts, staff and verified parties the first time.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, data: { type: 'string', default: '.cloudbase-local' } } });
  const built = await buildFunctions();
  const dataDir = path.resolve(ROOT, values.data);
  mkdirSync(dataDir, { recursive: true });
  const emulator = await startEmulator({ port: Number(values.port), dataDir });
  const store = emulator.store;
  const now = new Date();
  if (store.getById('courts', 'gz-tianhe') === null) {
    const piiKey = Buffer.from(devEnvValue('MC_PII_KEY'), 'base64');
    const lookupKey = Buffer.from(devEnvValue('MC_LOOKUP_KEY'), 'base64');
    store.apply([
      ...DEMO_COURTS.map((court) => ({ collection: 'courts', id: court._id, doc: { ...court, createdAt: now } })),
      ...DEMO_STAFF.map((staff) => ({ collection: 'staff', id: staff._id, doc: { ...staff, active: true, createdAt: now } })),
      ...DEMO_PARTIES.map((party) => ({
        collection: 'users',
        id: party.openid,
        doc: {
          kind: party.kind,
          name: party.name,
          idSealed: seal(party.idNumber, piiKey),
          idLookup: lookupHash('resident-id', party.idNumber, lookupKey),
          idMasked: maskResidentId(party.idNumber),
          verifiedAt: now,
          ...(party.kind === 'lawyer' ? { lawyerApprovedAt: now, licence: '14401200010000000', firm: '广东某律师事务所' } : {}),
          createdAt: now,
        },
      })),
    ]);
  }
  process.stdout.write(`MicroCourt emulator ready at ${emulator.url}\n`);
  process.stdout.write(
    [
      `  ${built.length} functions built into build/cloudfunctions; data in ${path.relative(ROOT, dataDir)}/`,
      '  Try:',
      `    curl -s -X POST ${emulator.url}/call/fee-calc -d '{"category":"property","amountFen":50000000}'`,
      `    curl -s -X POST ${emulator.url}/call/deadline-calc -d '{"from":"2024-03-01","kind":"appeal-judgment"}'`,
      `    curl -s ${emulator.url}/__/stats`,
      '  Demo callers (header X-WX-OPENID): party-hu, lawyer-lin, staff-registrar-li, staff-judge-chen, staff-clerk-wang, staff-leader-sun',
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
