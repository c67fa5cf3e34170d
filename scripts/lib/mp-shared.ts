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
