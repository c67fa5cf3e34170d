import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../emulator/project';

/**
 * Legal rules the phone applies as a person types (identity numbers, amounts) are the same
 * code the functions run: copied from the domain into miniprogram/shared, which the
 * mini-program can package (it cannot reach outside its root).
 */
export const SHARED_FROM_DOMAIN = ['identity.ts', 'money.ts'] as const;

export function sharedSource(file: (typeof SHARED_FROM_DOMAIN)[number]): string {
  const body = readFileSync(path.join(ROOT, 'cloudfunctions/_core/domain', file), 'utf8');
  return `// 由 scripts/build-mp.ts 从 cloudfunctions/_core/domain/${file} 生成，请勿手改。\n${body}`;
}

/**
 * The claims plug-in is an independent subpackage, opened by its own QR code without the main
 * package: it may not import the main package's code, so the call helper is copied into it.
 */
export const COPIED_INTO_CLAIMS = ['call.ts', 'errors.ts', 'page.ts', 'format.ts', 'env.ts'] as const;

export function claimsLibSource(file: (typeof COPIED_INTO_CLAIMS)[number]): string {
  const body = readFileSync(path.join(ROOT, 'miniprogram/lib', file), 'utf8')
    .replace("from '../shared/money'", "from './money'")
    .replace(/from '\.\.\/\.\.\/cloudfunctions\//g, "from '../../../cloudfunctions/");
  return `// 由 scripts/build-mp.ts 从 miniprogram/lib/${file} 生成，请勿手改。\n${body}`;
}
