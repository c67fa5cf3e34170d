import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildFunctions } from './build';
import { describeCall, deployPlan } from './lib/deploy-plan';
import { CloudFailure, connect, credentialsFrom, deployFunction, eachLimited, ensureCollection, ensureStorageRule, resolveFunction } from './lib/cloud';
import { readCloudbaseRc, readDatabaseRules, readStorageRules } from '../emulator/project';
import { functionQuota, ROOT } from './lib/functions';
import { Environments } from '../cloudfunctions/_core/contract';

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * npm run deploy [-- --dry-run] [--only a,b] [--no-build]: builds, then, per court environment,
 * creates the database's collections, indexes and rules, sets its storage's security rule and deploys every function through
 * @cloudbase/manager-node, checking each is Active afterwards. Exits non-zero naming what failed.
 * --dry-run prints every call it would make and stops before the network.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, only: { type: 'string' }, 'no-build': { type: 'boolean', default: false } },
  });
  const dryRun = values['dry-run'];
  const only = values.only?.split(',');
  if (!values['no-build']) {
    // In place: what another process (the emulator) loads from build/ stays there while it is rebuilt.
    const built = await buildFunctions({ clean: false, ...(only ? { only } : {}) });
    out(`构建完成：${built.length} 个函数`);
  }
  const rc = readCloudbaseRc(ROOT);
  const collections = readDatabaseRules(ROOT);
  const { problems, environments } = deployPlan(rc, process.env, only, functionQuota(), collections, readStorageRules(ROOT));
  for (const e of environments) {
    out(`\n环境 ${e.key}（${Environments[e.key].title}，${e.envId}）`);
    out(`  函数 ${e.functions.length} / ${e.quota} 个：${e.functions.join('、')}`);
    out(`  集合 ${e.collections.length} 个：${e.collections.join('、') || '无（使用另一环境的数据库）'}`);
    out('  调用（@cloudbase/manager-node，依次执行）：');
    for (const [i, call] of e.calls.entries()) out(`  ${i + 1}. ${describeCall(call, e.envId)}`);
  }
  for (const [key, e] of Object.entries(Environments))
    if (e.deployedBy === 'plugin') out(`\n环境 ${key}（${e.title}）：由 npm run plugin -- deploy 按破产案件部署，不在此列`);
  out('\n注意：cloudbaserc.json 中函数的 envVariables 在部署时整组替换控制台上该函数的环境变量；未声明环境变量的函数不发送，控制台上已有的保留。');
  if (dryRun) {
    if (problems.length > 0) out(`\n实际部署前还需解决：\n- ${problems.join('\n- ')}`);
    out('\n--dry-run：以上为部署计划，未连接腾讯云。');
    return;
  }
  try {
    credentialsFrom(process.env);
  } catch (error) {
    problems.unshift((error as Error).message);
  }
  if (problems.length > 0) {
    process.stderr.write(`无法部署：\n- ${problems.join('\n- ')}\n`);
    process.exit(2);
  }
  const failures: string[] = [];
  const functionRoot = path.join(ROOT, rc.functionRoot);
  for (const e of environments) {
    const app = connect(e.envId);
    out(`\n部署环境 ${e.key}（${e.envId}）`);
    try {
      await app.env.getEnvInfo();
    } catch (error) {
      failures.push(`环境 ${e.envId} 无法访问，未作任何部署：${(error as Error).message}`);
      continue;
    }
    // The database first: a function's first write to a collection that does not exist fails (-502005).
    for (const call of e.calls) {
      if (call.kind !== 'collection') continue;
      const rules = collections.get(call.collection);
      if (!rules) continue;
      try {
        const done = await ensureCollection(app, e.envId, call.collection, rules);
        out(`  ${call.collection}：${done.join('；')}`);
      } catch (error) {
        failures.push(`环境 ${e.envId}：${(error as Error).message}`);
      }
    }
    // The storage's rule: what a phone may upload and download.
    for (const call of e.calls) {
      if (call.kind !== 'storage-rule') continue;
      try {
        out(`  ${await ensureStorageRule(app, call.rule)}`);
      } catch (error) {
        failures.push(`环境 ${e.envId}：${(error as Error).message}`);
      }
    }
    const fns = e.calls.filter((c) => c.kind === 'function');
    const results = await eachLimited(fns, 4, async (call) => deployFunction(app, resolveFunction(call.fn), functionRoot));
    for (const [i, result] of results.entries()) {
      const name = fns[i]?.fn.name ?? '';
      if (result.status === 'fulfilled') {
        out(`  函数 ${name}：${result.value.created ? '已创建' : '已更新'}，状态 Active${result.value.notes.map((n) => `；${n}`).join('')}`);
      } else {
        const reason = result.reason instanceof CloudFailure ? result.reason.message : `函数 ${name} 部署失败：${String(result.reason)}`;
        failures.push(`环境 ${e.envId}：${reason}`);
      }
    }
  }
  if (failures.length > 0) {
    process.stderr.write(`\n部署未完成，以下各项失败：\n- ${failures.join('\n- ')}\n`);
    process.exit(1);
  }
  out('\n部署完成：云存储安全规则与每个集合、索引、安全规则与函数均已确认。');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
