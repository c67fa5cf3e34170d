import type { CloudbaseRc } from '../../emulator/project';
import { contract, Environments, isActionName, type EnvironmentKey } from '../../cloudfunctions/_core/contract';

export interface DeployStep {
  what: string;
  command: string[];
}

/**
 * What `npm run deploy` does, step by step, as CloudBase CLI commands. Values of the functions'
 * environment variables come from the deployer's environment and are checked here, before
 * anything is sent; they never appear in the plan.
 */
/** One environment of the plan: its functions against the quota. */
export interface PlannedEnvironment {
  key: EnvironmentKey;
  envId: string;
  functions: string[];
  quota: number;
}

/**
 * The court's environments, each with the functions the contract deploys there, counted against
 * the quota (a plug-in's environment is deployed by `npm run plugin`, per bankruptcy).
 */
export function deployPlan(
  rc: CloudbaseRc,
  env: NodeJS.ProcessEnv,
  only?: string[],
  quota = 50,
): { steps: DeployStep[]; problems: string[]; environments: PlannedEnvironment[] } {
  const problems: string[] = [];
  const keyOf = (name: string): EnvironmentKey => (isActionName(name) ? contract[name].env : 'court');
  const permanent = rc.functions.filter((fn) => Environments[keyOf(fn.name)].deployedBy === 'deploy');
  const keys = [...new Set(permanent.map((fn) => keyOf(fn.name)))];
  const idOf = new Map(keys.map((key) => [key, env[Environments[key].envVariable]]));
  for (const key of keys) if (!idOf.get(key)) problems.push(`缺少环境变量 ${Environments[key].envVariable}（云开发环境 ID）`);
  const environments = keys.map((key) => ({
    key,
    envId: idOf.get(key) ?? `<${Environments[key].envVariable}>`,
    functions: permanent.filter((fn) => keyOf(fn.name) === key).map((fn) => fn.name),
    quota,
  }));
  for (const e of environments)
    if (e.functions.length > quota) problems.push(`环境 ${e.key} 共 ${e.functions.length} 个函数，超过云开发单环境 ${quota} 个的上限（MC_FUNCTION_QUOTA）`);
  const functions = permanent.filter((fn) => !only || only.includes(fn.name));
  for (const name of only ?? []) if (!rc.functions.some((fn) => fn.name === name)) problems.push(`cloudbaserc.json 中没有函数 ${name}`);
  const needed = new Set(
    functions.flatMap((fn) => Object.values(fn.envVariables ?? {}).flatMap((v) => [...v.matchAll(/\{\{env\.([A-Z0-9_]+)\}\}/g)].map((m) => m[1] ?? ''))),
  );
  for (const name of needed) if (!env[name]) problems.push(`缺少环境变量 ${name}（函数配置引用）`);
  const steps: DeployStep[] = functions.map((fn) => ({
    what: `部署云函数 ${fn.name}（${fn.runtime}，${fn.timeout}s，${fn.memorySize}MB）`,
    command: ['tcb', 'fn', 'deploy', fn.name, '--force', '-e', idOf.get(keyOf(fn.name)) ?? `<${Environments[keyOf(fn.name)].envVariable}>`],
  }));
  return { steps, problems, environments };
}
