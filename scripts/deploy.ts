import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildFunctions } from './build';
import { deployPlan } from './lib/deploy-plan';
import { readCloudbaseRc } from '../emulator/project';
import { ROOT } from './lib/functions';

/**
 * npm run deploy [-- --dry-run] [--only a,b]: builds, checks the environment, and deploys
 * every function with the CloudBase CLI (tcb). --dry-run stops before the network and prints the plan.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, only: { type: 'string' } } });
  const only = values.only?.split(',');
  const built = await buildFunctions(only ? { only } : {});
  const rc = readCloudbaseRc(ROOT);
  const { steps, problems } = deployPlan(rc, process.env, only);
  process.stdout.write(`构建完成：${built.length} 个函数\n`);
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
