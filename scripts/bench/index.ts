/**
 * npm run bench [-- emulator|functions|bundles|litigation|claims|enforcement]: figures, not pass/fail. Prints a
 * table per suite and writes bench/results/<suite>.table.json (the claims suite also
 * claims.json). The emulator runs in its own process, as in tests. With no suite named, all
 * run in turn.
 */
import { bundlesSuite } from './bundles';
import { claimsSuite } from './claims';
import { emulatorSuite } from './emulator';
import { enforcementSuite } from './enforcement';
import { functionsSuite } from './functions';
import { print, type Row } from './lib';
import { litigationSuite } from './litigation';

const SUITES: Record<string, () => Promise<Row[]>> = {
  emulator: emulatorSuite,
  functions: functionsSuite,
  bundles: bundlesSuite,
  litigation: litigationSuite,
  claims: claimsSuite,
  enforcement: enforcementSuite,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--claims');
  const names = asked.length > 0 ? asked : Object.keys(SUITES);
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`no bench suite ${name}; suites: ${Object.keys(SUITES).join(', ')}`);
    print(name, await suite());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
