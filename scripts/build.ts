import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import * as ts from 'typescript';
import {
  chainKeyProblems,
  checkContract,
  checkDatabaseEnvs,
  checkFunctionSet,
  checkLinkedPages,
  checkQuotas,
  discoverFunctions,
  functionConfigJson,
  functionQuota,
  ROOT,
  SOURCE_ROOT,
  type FunctionSource,
} from './lib/functions';
import { actionNames, contract, Environments, isActionName, type ActionEntry, type ActionName } from '../cloudfunctions/_core/contract';
import { readCloudbaseRc, readDatabaseRules, runtimeOf } from '../emulator/project';
import { checkCollections } from './lib/deploy-plan';

const WX_SERVER_SDK = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/wx-server-sdk/package.json'), 'utf8')) as { version: string }).version;

export interface BuiltFunction {
  name: string;
  module: string;
  bytes: number;
}

const CONTRACT_DIR = path.join(SOURCE_ROOT, '_core/contract');
const SCHEMAS_DIR = path.join(SOURCE_ROOT, '_core/schemas');

/** Where each schema object of the contract is exported from: module file and export name. */
function schemaExports(): Map<unknown, { file: string; name: string }> {
  const out = new Map<unknown, { file: string; name: string }>();
  for (const file of readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the schema modules themselves, loaded by tsx, to find each entry's schemas by identity
    const exports = require(path.join(SCHEMAS_DIR, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) if (!out.has(value)) out.set(value, { file: file.replace(/\.ts$/, ''), name });
  }
  return out;
}

/**
 * The contract as one function's bundle sees it: its own entry only, so a function carries its
 * own schemas and not every action's (the whole table would add 25–45 KB to each bundle).
 */
export function contractOfOne(name: ActionName, exportsOf = schemaExports()): string {
  const { input, output, ...facts } = contract[name] as ActionEntry;
  const where = (schema: unknown, role: string) => {
    const found = exportsOf.get(schema);
    if (!found) throw new Error(`构建失败：函数 ${name} 的${role}模式不是 cloudfunctions/_core/schemas/ 中导出的对象`);
    return found;
  };
  const i = where(input, '输入');
  const o = where(output, '输出');
  return [
    `// 由 scripts/build.ts 为云函数 ${name} 生成：契约中它自己的一条。`,
    "export * from './base';",
    "import { action } from './base';",
    `import { ${i.name} as input } from '../schemas/${i.file}';`,
    `import { ${o.name} as output } from '../schemas/${o.file}';`,
    `export const contract = { ${JSON.stringify(name)}: action({ ...${JSON.stringify(facts)}, input, output }) };`,
    '',
  ].join('\n');
}

function oneEntryOfContract(name: ActionName, exportsOf: Map<unknown, { file: string; name: string }>): Plugin {
  const targets = new Set([CONTRACT_DIR, path.join(CONTRACT_DIR, 'index'), path.join(CONTRACT_DIR, 'index.ts')]);
  return {
    name: 'one-entry-of-the-contract',
    setup(b) {
      b.onResolve({ filter: /contract/ }, (args) =>
        args.path === '#contract' || targets.has(path.resolve(args.resolveDir, args.path)) ? { path: name, namespace: 'contract-entry' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'contract-entry' }, () => ({ contents: contractOfOne(name, exportsOf), resolveDir: CONTRACT_DIR, loader: 'ts' }));
    },
  };
}

/**
 * A schemas module declares many actions' schemas, and a bundle uses a few: each top-level
 * `const X = <call>` in `_core/schemas/` is marked pure (`/* @__PURE__ *\/`), so esbuild drops the
 * ones the bundle does not reach (and what only they reached). Schema declarations have no effect
 * but the schema they make; a bundle that uses one keeps it, and everything it is made of.
 */
export function schemasTreeShaken(): Plugin {
  return {
    name: 'schemas-tree-shaken',
    setup(b) {
      b.onLoad({ filter: /[\\/]_core[\\/]schemas[\\/][^\\/]+\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        return { contents: markSchemasPure(source, args.path), loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/**
 * Marks every call inside a top-level `const` initializer pure, nested ones included: esbuild
 * drops an unused pure call but keeps those of its arguments it cannot prove pure. Calls made as
 * statements (`z.config(...)`) are left as they are.
 */
export function markSchemasPure(source: string, file = 'schema.ts'): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const at: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) at.push(node.getStart(sf));
    // A function's body runs when called, not at load: what it calls is its own business.
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return;
    ts.forEachChild(node, visit);
  };
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) if (declaration.initializer) visit(declaration.initializer);
  }
  let out = source;
  for (const position of [...new Set(at)].sort((a, b) => b - a)) out = `${out.slice(0, position)}/* @__PURE__ */ ${out.slice(position)}`;
  return out;
}

/**
 * zod's JSON Schema generation, which only `npm run api` uses, is reached from every schema class
 * (`.toJSONSchema()`, the standard-schema `jsonSchema` getters) and so cannot be tree-shaken:
 * about 19 KB of every bundle. In a function's bundle its two modules are replaced by ones that
 * keep what validation reads (`aggregateChecks`, behind `.minLength` and the like) and answer
 * every generation entry with an error. Nothing a function runs generates a JSON Schema.
 */
export function withoutJsonSchema(): Plugin {
  const unavailable =
    'const unavailable = () => { throw new Error("JSON Schema generation is not bundled into cloud functions (npm run api makes api/)"); };\n';
  const exportNames = (source: string) => [...source.matchAll(/^export (?:const|function) (\w+)/gm)].map((m) => m[1] as string);
  return {
    name: 'without-json-schema',
    setup(b) {
      b.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/]to-json-schema\.js$/ }, (args) => {
        const names = new Set([...exportNames(readFileSync(args.path, 'utf8')), 'process']);
        // The methods are made when a schema is; only calling one fails.
        const contents = `${unavailable}${[...names].map((n) => (n.startsWith('create') ? `export const ${n} = () => unavailable;` : `export const ${n} = unavailable;`)).join('\n')}\n`;
        return { contents, loader: 'js' };
      });
      // zod's English messages: set as the default locale at the first schema made, then replaced
      // by z.config(inputMessages()) (Chinese) before any input is parsed. Nothing reads them.
      b.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]en\.js$/ }, () => ({ contents: 'export default function () { return {}; }\n', loader: 'js' }));
      b.onLoad({ filter: /zod[\\/]v4[\\/]core[\\/]json-schema-processors\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const cut = source.search(/^export const \w+Processor/m);
        if (cut < 0 || !/export function aggregateChecks/.test(source.slice(0, cut))) return undefined;
        const kept = source.slice(0, cut).replace(/^import \{[^}]*\} from "\.\/to-json-schema\.js";$/m, '');
        const rest = exportNames(source.slice(cut)).filter((n) => n !== 'aggregateChecks');
        return {
          contents: `${kept}\n${unavailable}${rest.map((n) => `export const ${n} = unavailable;`).join('\n')}\n`,
          loader: 'js',
          resolveDir: path.dirname(args.path),
        };
      });
    },
  };
}

/** Top-level `const` tables of a module (an object literal, or a `new Set`) cut to the entries their `keep` accepts. */
export function tableCut(source: string, tables: Record<string, (key: string) => boolean>, file: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { from: number; to: number; text: string }[] = [];
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const keep = ts.isIdentifier(declaration.name) ? tables[declaration.name.text] : undefined;
      if (!keep || !declaration.initializer) continue;
      let value: ts.Expression = declaration.initializer;
      while (ts.isSatisfiesExpression(value) || ts.isAsExpression(value) || ts.isParenthesizedExpression(value)) value = value.expression;
      const name = (declaration.name as ts.Identifier).text;
      if (ts.isNewExpression(value)) {
        // A set of names (`new Set([...])`): in the first build, nothing.
        edits.push({ from: value.getStart(sf), to: value.end, text: keep('') ? value.getText(sf) : 'new Set()' });
        continue;
      }
      if (!ts.isObjectLiteralExpression(value)) throw new Error(`构建失败：${file} 的 ${name} 应为对象字面量`);
      const kept = value.properties.filter((p) => {
        if (!ts.isPropertyAssignment(p) || !(ts.isStringLiteral(p.name) || ts.isIdentifier(p.name))) {
          throw new Error(`构建失败：${file} 的 ${name} 只能由“名称: 值”组成`);
        }
        return keep(p.name.text);
      });
      edits.push({ from: value.getStart(sf), to: value.end, text: `{\n${kept.map((p) => `  ${p.getText(sf)},`).join('\n')}\n}` });
    }
  }
  const missing = Object.keys(tables).length - edits.length;
  if (missing > 0) throw new Error(`构建失败：${file} 中找不到 ${Object.keys(tables).join('、')}`);
  let out = source;
  for (const edit of edits.sort((a, b) => b.from - a.from)) out = `${out.slice(0, edit.from)}${edit.text}${out.slice(edit.to)}`;
  return out;
}

/**
 * What one bundle's code names: the words of its first build (made with its tables emptied, see
 * `tablesOfTheBundle`). Permission names (`case.read`) and field names (`amountFen`) alike.
 */
export function wordsOf(code: string): Set<string> {
  const identifiers = [...code.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
  const dotted = [...code.matchAll(/[a-z][a-z-]*(?:\.[a-z][a-z-]*)+/g)].map((m) => m[0]);
  return new Set([...identifiers, ...dotted]);
}

const AUTHORIZATION = /[\\/]_core[\\/]domain[\\/]authorization\.ts$/;
const MESSAGES = /[\\/]_core[\\/]schemas[\\/]messages\.ts$/;

/**
 * The tables every bundle reaches, cut to what this bundle's code names. The permission table
 * (`Permissions` in _core/domain/authorization.ts, about 12 KB minified, growing with every
 * module) keeps every rule in one place and `authorize` decides over it, but a function asks for
 * a few permissions by name; the field labels (`schemas/messages.ts`, about 6 KB) word failures
 * of fields, and a function parses only its own schemas' fields.
 *
 * `words` null is the first of a bundle's two builds, made only to read its words: every table
 * empty, and the list of what stays open after archiving too (it never reads the table for its
 * own members). The second keeps a permission its code names, and a label whose every part
 * (`bankAccount.name`: bankAccount and name) its code names.
 */
export function tablesOfTheBundle(words: ReadonlySet<string> | null): Plugin {
  const named = (key: string) => words !== null && key.split('.').every((part) => words.has(part));
  return {
    name: 'tables-of-the-bundle',
    setup(b) {
      b.onLoad({ filter: AUTHORIZATION }, (args) => ({
        contents: tableCut(
          readFileSync(args.path, 'utf8'),
          { Permissions: (key) => words !== null && words.has(key), OPEN_AFTER_ARCHIVE: () => words !== null },
          args.path,
        ),
        loader: 'ts',
        resolveDir: path.dirname(args.path),
      }));
      b.onLoad({ filter: MESSAGES }, (args) => ({
        contents: markSchemasPure(tableCut(readFileSync(args.path, 'utf8'), { FILLED: named, SYSTEM: named }, args.path), args.path),
        loader: 'ts',
        resolveDir: path.dirname(args.path),
      }));
    },
  };
}

/** Bundles one function: everything but wx-server-sdk (CloudBase installs it) into one minified file. */
async function bundle(
  source: FunctionSource,
  outRoot: string,
  exportsOf: Map<unknown, { file: string; name: string }>,
  target: string,
  envVariables: Record<string, string> | undefined,
): Promise<BuiltFunction> {
  const outDir = path.join(outRoot, source.name);
  mkdirSync(outDir, { recursive: true });
  const options = (words: ReadonlySet<string> | null): BuildOptions => ({
    entryPoints: [source.entry],
    outfile: path.join(outDir, 'index.js'),
    // Written below, each file whole at once: an emulator serving this folder meanwhile (a plug-in
    // redeployed while other functions run) never loads half a bundle.
    write: false,
    bundle: true,
    platform: 'node',
    // The syntax and globals of the runtime cloudbaserc.json declares for it.
    target,
    format: 'cjs',
    minify: true,
    sourcemap: false,
    external: ['wx-server-sdk'],
    legalComments: 'none',
    // Chinese text as UTF-8, not \u escapes: a third of the size of every message.
    charset: 'utf8',
    // Only a function whose contract entry commits by its event carries that code (define-action.ts).
    define: { 'process.env.MC_EVENT_COMMIT': JSON.stringify(String(isActionName(source.name) && Boolean(contract[source.name].eventFirst))) },
    metafile: true,
    logLevel: 'silent',
    plugins: [
      ...(isActionName(source.name) ? [oneEntryOfContract(source.name, exportsOf)] : []),
      withoutJsonSchema(),
      tablesOfTheBundle(words),
      schemasTreeShaken(),
    ],
  });
  // Twice: first with its tables empty, to read what the bundle's own code names (what
  // tree-shaking kept: its use cases, its schemas, its contract entry's access); then with the
  // entries it names alone (tablesOfTheBundle).
  const first = (await build({ ...options(null), metafile: false })).outputFiles?.[0]?.text ?? '';
  const result = await build({ ...options(wordsOf(first)), write: false, metafile: true });
  const code = result.outputFiles[0]?.text ?? '';
  // config.json: the open-API calls the bundle makes, which WeChat refuses unless listed (permissions.openapi).
  const { config, problems: openApiProblems } = functionConfigJson(source.name, code);
  const problems = [...openApiProblems, ...chainKeyProblems(source.name, code, envVariables)];
  if (problems.length > 0) throw new Error(`构建失败：\n- ${problems.join('\n- ')}`);
  writeWhole(path.join(outDir, 'index.js'), code);
  writeWhole(path.join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeWhole(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ name: source.name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': WX_SERVER_SDK } }, null, 2)}\n`,
  );
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { name: source.name, module: source.module, bytes };
}

/** Replaces a file in one step (write beside it, then rename), so a reader sees the old file or the new, never a part. */
function writeWhole(file: string, contents: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

export async function buildFunctions(options: { only?: string[]; clean?: boolean } = {}): Promise<BuiltFunction[]> {
  const rc = readCloudbaseRc(ROOT);
  const sources = discoverFunctions();
  const problems = [
    ...checkFunctionSet(
      sources,
      rc.functions.map((fn) => fn.name),
    ),
    ...checkContract(sources, contract),
    ...checkQuotas(contract, functionQuota()),
    ...checkLinkedPages(),
    ...checkDatabaseEnvs(contract, Environments, (name) => rc.functions.find((fn) => fn.name === name)?.envVariables),
    // At most 20 indexes per collection, and a rule CloudBase takes (database-rules/).
    ...checkCollections(readDatabaseRules(ROOT)),
  ];
  if (problems.length > 0) throw new Error(`构建失败：\n- ${problems.join('\n- ')}`);
  const outRoot = path.join(ROOT, rc.functionRoot);
  if (options.clean !== false && !options.only) rmSync(outRoot, { recursive: true, force: true });
  const selected = options.only ? sources.filter((s) => options.only?.includes(s.name)) : sources;
  const exportsOf = schemaExports();
  const targetOf = (name: string) => {
    const fn = rc.functions.find((f) => f.name === name);
    if (!fn) throw new Error(`cloudbaserc.json 未列出函数 ${name}`);
    return runtimeOf(fn).target;
  };
  const envVariablesOf = (name: string) => rc.functions.find((fn) => fn.name === name)?.envVariables;
  return Promise.all(selected.map((source) => bundle(source, outRoot, exportsOf, targetOf(source.name), envVariablesOf(source.name))));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const started = performance.now();
  const built = await buildFunctions(values.only ? { only: values.only.split(',') } : {});
  const width = Math.max(...built.map((b) => b.name.length), 8);
  for (const fn of built.sort((a, b) => a.name.localeCompare(b.name))) {
    process.stdout.write(`${fn.name.padEnd(width)}  ${(fn.bytes / 1024).toFixed(1).padStart(7)} KB  ${fn.module}\n`);
  }
  process.stdout.write(`built ${built.length} functions in ${Math.round(performance.now() - started)} ms\n`);
  const quota = functionQuota();
  for (const [key, environment] of Object.entries(Environments)) {
    const names = actionNames.filter((name) => contract[name].env === key);
    process.stdout.write(`environment ${key} (${environment.title}): ${names.length} / ${quota} functions\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
