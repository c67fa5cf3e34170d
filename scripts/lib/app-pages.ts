import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Every page miniprogram/app.json declares — the main package's, and each subpackage's under
 * its root — as WeChat names them (no leading slash). What a link from a function must be one of
 * (`pagePaths()` in cloudfunctions/_core/runtime/pages.ts).
 */
export function declaredPages(root = ROOT): string[] {
  const app = JSON.parse(readFileSync(path.join(root, 'miniprogram/app.json'), 'utf8')) as { pages: string[]; subpackages?: { root: string; pages: string[] }[] };
  return [...app.pages, ...(app.subpackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root.replace(/\/$/, '')}/${page}`))];
}
