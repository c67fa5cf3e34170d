import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { checkFunctionSet, discoverFunctions, ROOT, type FunctionSource } from './lib/functions';
import { readCloudbaseRc } from '../emulator/project';

const WX_SERVER_SDK = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/wx-server-sdk/package.json'), 'utf8')) as { version: string }).version;

export interface BuiltFunction {
  name: string;
  module: string;
  bytes: number;
}

/** Bundles one function: everything but wx-server-sdk (CloudBase installs it) into one minified file. */
async function bundle(source: FunctionSource, outRoot: string): Promise<BuiltFunction> {
  const outDir = path.join(outRoot, source.name);
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [source.entry],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    external: ['wx-server-sdk'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ name: source.name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': WX_SERVER_SDK } }, null, 2)}\n`,
  );
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { name: source.name, module: source.module, bytes };
}

export async function buildFunctions(options: { only?: string[]; clean?: boolean } = {}): Promise<BuiltFunction[]> {
  const rc = readCloudbaseRc(ROOT);
  const sources = discoverFunctions();
  const problems = checkFunctionSet(sources, rc.functions.map((fn) => fn.name));
  if (problems.length > 0) throw new Error(`构建失败：\n- ${problems.join('\n- ')}`);
  const outRoot = path.join(ROOT, rc.functionRoot);
  if (options.clean !== false && !options.only) rmSync(outRoot, { recursive: true, force: true });
  const selected = options.only ? sources.filter((s) => options.only?.includes(s.name)) : sources;
  return Promise.all(selected.map((source) => bundle(source, outRoot)));
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
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
