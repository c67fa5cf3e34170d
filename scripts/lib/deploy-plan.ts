import type { CloudbaseRc } from '../../emulator/project';

export interface DeployStep {
  what: string;
  command: string[];
}

/**
 * What `npm run deploy` does, step by step, as CloudBase CLI commands. Values of the functions'
 * environment variables come from the deployer's environment and are checked here, before
 * anything is sent; they never appear in the plan.
 */
export function deployPlan(rc: CloudbaseRc, env: NodeJS.ProcessEnv, only?: string[]): { steps: DeployStep[]; problems: string[] } {
  const problems: string[] = [];
  const envId = env.ENV_ID;
  if (!envId) problems.push('缺少环境变量 ENV_ID（云开发环境 ID）');
  const functions = rc.functions.filter((fn) => !only || only.includes(fn.name));
  for (const name of only ?? []) if (!rc.functions.some((fn) => fn.name === name)) problems.push(`cloudbaserc.json 中没有函数 ${name}`);
  const needed = new Set(functions.flatMap((fn) => Object.values(fn.envVariables ?? {}).flatMap((v) => [...v.matchAll(/\{\{env\.([A-Z0-9_]+)\}\}/g)].map((m) => m[1] ?? ''))));
  for (const name of needed) if (!env[name]) problems.push(`缺少环境变量 ${name}（函数配置引用）`);
  const steps: DeployStep[] = functions.map((fn) => ({
    what: `部署云函数 ${fn.name}（${fn.runtime}，${fn.timeout}s，${fn.memorySize}MB）`,
    command: ['tcb', 'fn', 'deploy', fn.name, '--force', '-e', envId ?? '<ENV_ID>'],
  }));
  return { steps, problems };
}
