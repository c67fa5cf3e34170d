import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../emulator/project';

export { ROOT };
export const SOURCE_ROOT = path.join(ROOT, 'cloudfunctions');
export const MODULES = ['public', 'litigation', 'enforcement', 'management'] as const;
/** CloudBase allows at most 50 functions in one environment. */
export const FUNCTION_LIMIT = 50;

export interface FunctionSource {
  name: string;
  /** 'public', 'litigation', ... or 'plugins/claims'. */
  module: string;
  entry: string;
}

function dirs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
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
  if (listed.length > FUNCTION_LIMIT) problems.push(`共 ${listed.length} 个函数，超过云开发单环境 ${FUNCTION_LIMIT} 个的上限`);
  return problems;
}
