import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildFunctions } from './build';
import { deployPlan } from './lib/deploy-plan';
import { readCloudbaseRc } from '../emulator/project';
import { functionQuota, ROOT } from './lib/functions';
import { Environments } from '../cloudfunctions/_core/contract';

/**
 * npm run deploy [-- --dry-run] [--only a,b]: builds, checks the environment, and deploys
 * every function with the CloudBase CLI (tcb). --dry-run stops before the network and prints the plan.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, only: { type: 'string' } } });
  const only = values.only?.split(',');
  const built = await buildFunctions(only ? { only } : {});
  const rc = readCloudbaseRc(ROOT);
  const { steps, problems, environments } = deployPlan(rc, process.env, only, functionQuota());
  process.stdout.write(`构建完成：${built.length} 个函数\n`);
  for (const e of environments)
    process.stdout.write(`环境 ${e.key}（${Environments[e.key].title}，${e.envId}）：${e.functions.length} / ${e.quota} 个函数：${e.functions.join('、')}\n`);
  for (const [key, e] of Object.entries(Environments))
    if (e.deployedBy === 'plugin') process.stdout.write(`环境 ${key}（${e.title}）：由 npm run plugin -- deploy 按破产案件部署，不在此列\n`);
  for (const [i, step] of steps.entries()) process.stdout.write(`${i + 1}. ${step.what}\n   ${step.command.join(' ')}\n`);
  if (problems.length > 0) {
    process.stderr.write(`无法部署：\n- ${problems.join('\n- ')}\n`);
    process.exit(2);
  }
  if (values['dry-run']) {
    process.stdout.write('--dry-run：以上为部署计划，未连接云开发。\n');
    return;
  }
  for (const step of steps) {
    process.stdout.write(`${step.what} …\n`);
    const [, ...args] = step.command;
    const result = spawnSync('npx', ['--yes', '@cloudbase/cli@2', ...args], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      process.stderr.write(`失败：${step.what}\n`);
      process.exit(result.status ?? 1);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
