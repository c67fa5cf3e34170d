import type { CloudbaseRc } from '../../emulator/project';
import { environmentOf, Environments, type EnvironmentKey } from '../../cloudfunctions/_core/contract';
import { checkQuotas } from './functions';

export interface DeployStep {
  what: string;
  command: string[];
}

/** One environment of the plan: its functions against the quota. */
export interface PlannedEnvironment {
  key: EnvironmentKey;
  envId: string;
  functions: string[];
  quota: number;
}

/**
 * What `npm run deploy` does, step by step, as CloudBase CLI commands: the court's environments,
 * each with the functions the contract deploys there, counted against the quota (a plug-in's
 * environment is deployed by `npm run plugin`, per bankruptcy). Values of the functions'
 * environment variables come from the deployer's environment and are checked here, before
 * anything is sent; they never appear in the plan.
 */
export function deployPlan(
  rc: CloudbaseRc,
  env: NodeJS.ProcessEnv,
  only?: string[],
  quota = 50,
): { steps: DeployStep[]; problems: string[]; environments: PlannedEnvironment[] } {
  const problems: string[] = [];
  const permanent = rc.functions.filter((fn) => Environments[environmentOf(fn.name)].deployedBy === 'deploy');
  const keys = [...new Set(permanent.map((fn) => environmentOf(fn.name)))];
  const idOf = new Map(keys.map((key) => [key, env[Environments[key].envVariable]]));
  for (const key of keys) if (!idOf.get(key)) problems.push(`缺少环境变量 ${Environments[key].envVariable}（云开发环境 ID）`);
  const environments = keys.map((key) => ({
    key,
    envId: idOf.get(key) ?? `<${Environments[key].envVariable}>`,
    functions: permanent.filter((fn) => environmentOf(fn.name) === key).map((fn) => fn.name),
    quota,
  }));
  problems.push(...checkQuotas(Object.fromEntries(permanent.map((fn) => [fn.name, { module: '', env: environmentOf(fn.name) }])), quota));
  for (const name of only ?? []) {
    if (Environments[environmentOf(name)].deployedBy === 'plugin') problems.push(`函数 ${name} 属于插件，由 npm run plugin -- deploy 部署`);
  }
  const functions = permanent.filter((fn) => !only || only.includes(fn.name));
  for (const name of only ?? []) if (!rc.functions.some((fn) => fn.name === name)) problems.push(`cloudbaserc.json 中没有函数 ${name}`);
  const needed = new Set(
    functions.flatMap((fn) => Object.values(fn.envVariables ?? {}).flatMap((v) => [...v.matchAll(/\{\{env\.([A-Z0-9_]+)\}\}/g)].map((m) => m[1] ?? ''))),
  );
  for (const name of needed) if (!env[name]) problems.push(`缺少环境变量 ${name}（函数配置引用）`);
  const steps: DeployStep[] = functions.map((fn) => ({
    what: `部署云函数 ${fn.name}（${fn.runtime}，${fn.timeout}s，${fn.memorySize}MB）`,
    command: ['tcb', 'fn', 'deploy', fn.name, '--force', '-e', idOf.get(environmentOf(fn.name)) ?? `<${Environments[environmentOf(fn.name)].envVariable}>`],
  }));
  return { steps, problems, environments };
}
