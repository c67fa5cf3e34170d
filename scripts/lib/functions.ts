import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { miniprogramPages, ROOT } from '../../emulator/project';
import { pagePaths } from '../../cloudfunctions/_core/runtime/pages';
import { CHAIN_SEAL_LABEL } from '../../cloudfunctions/_core/runtime/chain-label';
import { Modules, type ModuleName } from '../../cloudfunctions/_core/contract';

export { ROOT };
export const SOURCE_ROOT = path.join(ROOT, 'cloudfunctions');
/** The seed's four modules, whose folders hold the permanent functions (plug-ins are under plugins/). */
export const MODULES = (Object.keys(Modules) as ModuleName[]).filter((module) => !module.startsWith('plugins/'));
/** CloudBase's documented limit of functions in one environment; a setting, since plans differ. */
export function functionQuota(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.MC_FUNCTION_QUOTA ?? 50);
  if (!Number.isInteger(given) || given < 1) throw new Error(`MC_FUNCTION_QUOTA 应为正整数，现为 ${env.MC_FUNCTION_QUOTA}`);
  return given;
}

/** What the build checks of each contract entry: where its folder is and where it is deployed. */
export interface EntryFacts {
  module: string;
  env: string;
}

export interface FunctionSource {
  name: string;
  /** 'public', 'litigation', ... or 'plugins/claims'. */
  module: string;
  entry: string;
}

function dirs(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
}

/** Every function source folder: cloudfunctions/<module>/<name>/index.ts and cloudfunctions/plugins/<plugin>/<name>/index.ts. */
export function discoverFunctions(root = SOURCE_ROOT): FunctionSource[] {
  const out: FunctionSource[] = [];
  const add = (module: string, dir: string) => {
    for (const name of dirs(dir)) {
      const entry = path.join(dir, name, 'index.ts');
      if (existsSync(entry)) out.push({ name, module, entry });
    }
  };
  for (const module of MODULES) add(module, path.join(root, module));
  for (const plugin of dirs(path.join(root, 'plugins'))) add(`plugins/${plugin}`, path.join(root, 'plugins', plugin));
  return out;
}

/** Problems that make a build or a deployment wrong, in words court IT can act on. */
export function checkFunctionSet(sources: FunctionSource[], listed: string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    const other = seen.get(source.name);
    if (other) problems.push(`函数名重复：${source.name} 同时出现在 ${other} 与 ${source.module}（部署名必须全局唯一）`);
    seen.set(source.name, source.module);
  }
  for (const source of sources) {
    if (!listed.includes(source.name)) problems.push(`cloudbaserc.json 未列出函数 ${source.module}/${source.name}`);
  }
  for (const name of listed) {
    if (!seen.has(name)) problems.push(`cloudbaserc.json 列出的函数 ${name} 在 cloudfunctions/ 中不存在`);
  }
  return problems;
}

/**
 * The folders against the contract: every entry has its folder in its module, every folder its
 * entry, and each index.ts binds the entry of its own folder's name (`implement('<folder>', …)`).
 */
export function checkContract(
  sources: FunctionSource[],
  entries: Record<string, EntryFacts>,
  readEntry: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): string[] {
  const problems: string[] = [];
  const folders = new Map(sources.map((source) => [source.name, source]));
  for (const [name, entry] of Object.entries(entries)) {
    const source = folders.get(name);
    if (!source) problems.push(`契约中的函数 ${name} 没有目录 cloudfunctions/${entry.module}/${name}/`);
    else if (source.module !== entry.module) problems.push(`函数 ${name} 在契约中属于 ${entry.module}，目录却在 ${source.module}`);
  }
  for (const source of sources) {
    if (!Object.hasOwn(entries, source.name)) {
      problems.push(`目录 cloudfunctions/${source.module}/${source.name}/ 在契约 cloudfunctions/_core/contract/index.ts 中没有条目`);
      continue;
    }
    const bound = [...readEntry(source.entry).matchAll(/implement\(\s*'([^']+)'/g)].map((m) => m[1]);
    if (bound.length !== 1 || bound[0] !== source.name)
      problems.push(`${source.module}/${source.name}/index.ts 应只绑定 implement('${source.name}', …)，实为 ${bound.length ? bound.join('、') : '无'}`);
  }
  return problems;
}

/** Each environment holds at most `quota` functions: a plan over it is refused, not cut short. */
export function checkQuotas(entries: Record<string, EntryFacts>, quota: number): string[] {
  const perEnv = new Map<string, number>();
  for (const entry of Object.values(entries)) perEnv.set(entry.env, (perEnv.get(entry.env) ?? 0) + 1);
  return [...perEnv]
    .filter(([, count]) => count > quota)
    .map(([env, count]) => `环境 ${env} 共 ${count} 个函数，超过云开发单环境 ${quota} 个的上限（MC_FUNCTION_QUOTA）`);
}

/** Every page a function links to is a page of miniprogram/app.json: WeChat refuses any other (41030). */
export function checkLinkedPages(linked: string[] = pagePaths(), declared: string[] = miniprogramPages(ROOT)): string[] {
  return linked.filter((page) => !declared.includes(page)).map((page) => `函数链接的页面 ${page} 不在 miniprogram/app.json 中（微信会拒绝：41030）`);
}

/** What the database check needs of an environment: the environment whose database it uses, and the variable holding an environment's id. */
export interface EnvironmentFacts {
  database: string;
  envVariable: string;
}

/**
 * A function deployed in an environment whose database is another's (a second court environment)
 * must be told that environment's id: `"MC_DATABASE_ENV": "{{env.<its id variable>}}"` in cloudbaserc.json.
 */
export function checkDatabaseEnvs(
  entries: Record<string, EntryFacts>,
  environments: Record<string, EnvironmentFacts>,
  envVariablesOf: (name: string) => Record<string, string> | undefined,
): string[] {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const database = environments[entry.env]?.database;
    if (!database || database === entry.env) continue;
    const wanted = `{{env.${environments[database]?.envVariable ?? ''}}}`;
    if (envVariablesOf(name)?.MC_DATABASE_ENV !== wanted)
      problems.push(`函数 ${name} 部署在环境 ${entry.env}，使用环境 ${database} 的数据库：cloudbaserc.json 中应声明 "MC_DATABASE_ENV": "${wanted}"`);
  }
  return problems;
}

/** A function's `config.json` as WeChat reads it: the cloud open-API calls it is permitted to make. */
export interface FunctionConfigJson {
  permissions: { openapi: string[] };
}

/**
 * The cloud open-API calls a bundle makes (`cloud.openapi.<group>.<api>(…)`, named `<group>.<api>`),
 * which its config.json must list in `permissions.openapi` or WeChat refuses them (-604101). Any
 * other use of `.openapi` (an index by variable, the object passed on) is a call the build cannot
 * name, and is reported so the build fails rather than ship a function WeChat will refuse.
 * cloudPay needs no entry: WeChat Pay is authorised by the merchant bound in the console.
 */
export function openApiCalls(bundle: string): { calls: string[]; unnamed: string[] } {
  const calls = new Set<string>();
  const unnamed: string[] = [];
  for (const match of bundle.matchAll(/\.openapi\b(?:\.([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)\s*\()?/g)) {
    if (match[1] && match[2]) calls.add(`${match[1]}.${match[2]}`);
    else unnamed.push(bundle.slice(Math.max(0, (match.index ?? 0) - 20), (match.index ?? 0) + 30));
  }
  return { calls: [...calls].sort(), unnamed };
}

/**
 * A bundle that seals case chain heads (`sealHead`, marked by CHAIN_SEAL_LABEL) needs MC_CHAIN_KEY:
 * without it every event it writes fails. The build refuses the function until cloudbaserc.json
 * declares the key for it, which also puts the key among the deploy's required variables.
 */
export function chainKeyProblems(name: string, bundle: string, envVariables: Record<string, string> | undefined): string[] {
  if (!bundle.includes(CHAIN_SEAL_LABEL) || envVariables?.MC_CHAIN_KEY === '{{env.MC_CHAIN_KEY}}') return [];
  return [`函数 ${name} 写入或核验案件记录链，cloudbaserc.json 中应声明 "MC_CHAIN_KEY": "{{env.MC_CHAIN_KEY}}"`];
}

/** The config.json a function's build output carries, or why the build cannot write one. */
export function functionConfigJson(name: string, bundle: string): { config: FunctionConfigJson; problems: string[] } {
  const { calls, unnamed } = openApiCalls(bundle);
  return {
    config: { permissions: { openapi: calls } },
    problems: unnamed.map(
      (near) => `函数 ${name} 以无法确定接口名的方式使用 cloud.openapi（…${near}…）：请写成 cloud.openapi.<类别>.<接口>(…)，以便列入 config.json`,
    ),
  };
}
