import path from 'node:path';
import { build } from 'esbuild';
import { tableCut, tablesOfTheBundle, wordsOf } from './build';
import { ROOT } from './lib/functions';

const CORE = path.join(ROOT, 'cloudfunctions/_core');

/** Bundles `code` (an entry beside _core) the way scripts/build.ts does: a first build to read its words, then the tables cut to them. */
async function bundled(code: string): Promise<string> {
  const once = async (words: ReadonlySet<string> | null) =>
    (
      await build({
        stdin: { contents: code, resolveDir: CORE, loader: 'ts' },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        minify: true,
        charset: 'utf8',
        write: false,
        logLevel: 'silent',
        external: ['zod', 'zod/*'],
        plugins: [tablesOfTheBundle(words)],
      })
    ).outputFiles[0]?.text ?? '';
  return once(wordsOf(await once(null)));
}

/** Runs a bundle and returns its exports. */
function load(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

describe('each bundle carries the permissions and field labels its own code names', () => {
  it('keeps the rules of the permissions a bundle names, and refuses loudly one it does not', async () => {
    const code = await bundled(`
      import { Permissions, archiveRefusal, decide } from './domain/authorization';
      const subject = { openid: 'o1', roles: new Set(), staff: null };
      const matter = { courtId: 'c1', members: [{ openid: 'o1', role: 'plaintiff' }] };
      export const kept = Object.keys(Permissions);
      export const mayRead = decide(subject, matter, 'case.read', new Date()).ok;
      export const closedForEvidence = archiveRefusal('evidence.add');
      export const stillOpen = archiveRefusal('dossier.read');
      export const madeUp = (name) => decide(subject, matter, name, new Date());
    `);
    const out = load(code);
    // dossier.read: named by the bundle, so kept; its rule is not read for archiving.
    expect(out.kept).toEqual(['case.read', 'dossier.read', 'evidence.add']);
    expect(out.mayRead).toBe(true);
    expect(out.closedForEvidence).toBe('本案已结案归档，电子卷宗只读，不能再提交证据（在线诉讼规则 第三十五条）');
    // What stays open after archiving needs no rule of its own.
    expect(out.stillOpen).toBeNull();
    expect(() => (out.madeUp as (name: string) => unknown)(['case', 'close'].join('.'))).toThrow('权限 case.close 不在本函数的权限表中');
  });

  it('keeps a field label when every part of its name is in the bundle, as a schema key is', async () => {
    const code = await bundled(`
      import { inputMessage } from './schemas/messages';
      const schemaKeys = { bankAccount: 1, name: 2 };
      export const labels = [['bankAccount', 'name'], ['name'], [['fee', 'Shares'].join(''), ['f', 'en'].join('')]].map((path) =>
        inputMessage({ code: 'invalid_type', expected: 'string', input: undefined, path }));
      export { schemaKeys };
    `);
    expect(load(code).labels).toEqual(['请填写户名', '请填写姓名', undefined]);
    expect(code).not.toContain('负担金额');
  });

  it('cuts only the tables it is asked to, and says when one is missing', () => {
    const source = "export const A = { 'x.y': 1, z: 2 } as const;\nexport const B = new Set(['x.y']);\nexport const C = { k: 1 };\n";
    const cut = tableCut(source, { A: (key) => key === 'z', B: () => false }, 'm.ts');
    expect(cut).toContain('z: 2');
    expect(cut).not.toContain("'x.y'");
    expect(cut).toContain('export const C = { k: 1 }');
    expect(() => tableCut(source, { D: () => true }, 'm.ts')).toThrow('m.ts 中找不到 D');
  });

  it('reads permission names and identifiers from minified code', () => {
    const words = wordsOf('o(e,"enforcement.outsider-object");const n={amountFen:t.bankAccount.name-1}');
    expect(words.has('enforcement.outsider-object')).toBe(true);
    expect(['amountFen', 'bankAccount', 'name'].every((w) => words.has(w))).toBe(true);
  });
});
