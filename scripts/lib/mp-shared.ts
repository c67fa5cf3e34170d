import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../emulator/project';
import { environmentMap } from '../../cloudfunctions/_core/contract';

/**
 * Legal rules the phone applies as a person types (identity numbers, amounts) are the same
 * code the functions run: copied from the domain into miniprogram/shared, which the
 * mini-program can package (it cannot reach outside its root).
 */
export const SHARED_FROM_DOMAIN = [
  'identity.ts',
  'money.ts',
  'e-signature.ts',
  'mediation-words.ts',
  'agents.ts',
  'judicial-aid-words.ts',
  'time.ts',
  'trial-limits.ts',
  'holidays.ts',
  'deadlines.ts',
  'judgments.ts',
] as const;

export function sharedSource(file: (typeof SHARED_FROM_DOMAIN)[number]): string {
  const body = readFileSync(path.join(ROOT, 'cloudfunctions/_core/domain', file), 'utf8');
  return `// 由 scripts/generate-mp.ts 从 cloudfunctions/_core/domain/${file} 生成，请勿手改。\n${body}`;
}

/**
 * The claims plug-in is an independent subpackage, opened by its own QR code without the main
 * package: it may not import the main package's code, so the call helper is copied into it.
 */
export const COPIED_INTO_CLAIMS = [
  'call.ts',
  'errors.ts',
  'page.ts',
  'format.ts',
  'env.ts',
  'cloud-envs.ts',
  'environments.ts',
  'identity-verification.ts',
] as const;

export function claimsLibSource(file: (typeof COPIED_INTO_CLAIMS)[number]): string {
  const body = (file === 'environments.ts' ? environmentsSource() : readFileSync(path.join(ROOT, 'miniprogram/lib', file), 'utf8'))
    .replace("from '../shared/money'", "from './money'")
    .replace("from '../shared/identity'", "from './identity'")
    .replace(/from '\.\.\/\.\.\/cloudfunctions\//g, "from '../../../cloudfunctions/");
  return `// 由 scripts/generate-mp.ts 从 miniprogram/lib/${file} 生成，请勿手改。\n${body}`;
}

/** Which environment each action the phone calls is deployed in, from the contract. */
export function environmentsSource(): string {
  const map = environmentMap();
  const lines = Object.keys(map)
    .sort()
    .map((name) => `  '${name}': '${map[name as keyof typeof map]}',`);
  return [
    '// 由 scripts/generate-mp.ts 从 cloudfunctions/_core/contract 生成，请勿手改。',
    "import type { ActionName, EnvironmentKey } from '../../cloudfunctions/_core/contract';",
    '',
    '/** The deployment environment of every action, so that each call goes where its function is. */',
    'export const ENVIRONMENT_OF: Record<ActionName, EnvironmentKey> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

/**
 * Writes every generated copy (git ignores them): the domain's rules into miniprogram/shared,
 * the environments table into miniprogram/lib, and the call helper into the claims subpackage.
 */
export function writeMiniprogramCopies(): void {
  const mp = path.join(ROOT, 'miniprogram');
  mkdirSync(path.join(mp, 'shared'), { recursive: true });
  for (const file of SHARED_FROM_DOMAIN) writeFileSync(path.join(mp, 'shared', file), sharedSource(file));
  writeFileSync(path.join(mp, 'lib', 'environments.ts'), environmentsSource());
  mkdirSync(path.join(mp, 'claims', 'lib'), { recursive: true });
  for (const file of COPIED_INTO_CLAIMS) writeFileSync(path.join(mp, 'claims', 'lib', file), claimsLibSource(file));
  for (const file of SHARED_FROM_DOMAIN) writeFileSync(path.join(mp, 'claims', 'lib', file), sharedSource(file));
}
