import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { miniprogramPages as declaredPages } from '../../../emulator/project';
import { pagePaths, pages } from './pages';

const ROOT = path.join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the pages functions link to', () => {
  it('are all declared in miniprogram/app.json', () => {
    const declared = declaredPages();
    for (const page of pagePaths()) expect(declared).toContain(page);
  });

  it('carry the options their page reads, and the QR code a page without options', () => {
    expect(pages.caseDetail('f1a2b3')).toBe('litigation/case/case?id=f1a2b3');
    expect(pages.messages('f1a2b3')).toBe('litigation/messages/messages?id=f1a2b3');
    expect(pages.inbox()).toBe('litigation/inbox/inbox');
    const code = pages.caseQuery('0123456789abcdef');
    expect(code).toEqual({ page: 'public/query/query', scene: 'c=0123456789abcdef' });
    // wxacode.getUnlimited refuses a scene over 32 characters.
    expect(code.scene.length).toBeLessThanOrEqual(32);
  });

  it('are written nowhere else in cloudfunctions/', () => {
    const paths = [...declaredPages(), 'pages/'];
    const offenders = sources(path.join(ROOT, 'cloudfunctions'))
      .filter((file) => !file.endsWith(path.join('runtime', 'pages.ts')))
      .filter((file) => {
        const text = readFileSync(file, 'utf8');
        return paths.some((page) => text.includes(`'${page}`) || text.includes(`\`${page}`) || text.includes(`"${page}`));
      });
    expect(offenders.map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});
