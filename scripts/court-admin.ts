import { parseArgs } from 'node:util';
import { apply, connect, plan, readCourts } from './lib/court-admin';

/**
 * npm run court-admin -- <command> [--options] [--emulator <url> | --env <ENV_ID>] [--dry-run]
 *
 *   add-court        --id gz-tianhe --code 粤0106 --name 广州市天河区人民法院
 *   add-division     --court gz-tianhe --id tianhe-civil-1 --name 民事审判第一庭 [--hears civil-first-instance,…]
 *   add-staff        --openid <openid> --name 陈法官 --court gz-tianhe --division tianhe-civil-1 --roles judge,leader
 *   set-court-info   --court gz-tianhe [--address …] [--hours …] [--phone …] [--location 23.12,113.36] [--directions …]
 *   add-mediator     --court gz-tianhe --openid <openid> --name 张调解 --kind invited-mediator --intro … --range 婚姻家庭,物业服务 [--specialities …] [--organisation …] --fee free
 *   deactivate-staff --openid <openid>
 *   approve-lawyer   --openid <openid>
 *
 * On CloudBase it needs TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY in the environment.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      emulator: { type: 'string' },
      env: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      id: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      court: { type: 'string' },
      division: { type: 'string' },
      openid: { type: 'string' },
      roles: { type: 'string' },
      hears: { type: 'string' },
      address: { type: 'string' },
      hours: { type: 'string' },
      phone: { type: 'string' },
      location: { type: 'string' },
      directions: { type: 'string' },
      kind: { type: 'string' },
      organisation: { type: 'string' },
      intro: { type: 'string' },
      range: { type: 'string' },
      specialities: { type: 'string' },
      fee: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (!command) throw new Error('请给出命令：add-court、add-division、add-staff、set-court-info、add-mediator、deactivate-staff、approve-lawyer');
  const emulator = values.emulator ?? (values.env ? undefined : process.env.MC_EMULATOR_URL);
  const env = values.env ?? 'microcourt-local';
  if (!emulator && (!process.env.TENCENTCLOUD_SECRETID || !process.env.TENCENTCLOUD_SECRETKEY))
    throw new Error('连接云开发需要环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY');
  const db = connect({ emulator, env, secretId: process.env.TENCENTCLOUD_SECRETID ?? 'local', secretKey: process.env.TENCENTCLOUD_SECRETKEY ?? 'local' });
  const courts =
    command === 'add-division' || command === 'add-staff' || command === 'add-court' || command === 'set-court-info' || command === 'add-mediator'
      ? await readCourts(db)
      : new Map();
  const { 'dry-run': dryRun, emulator: _e, env: _env, ...options } = values;
  const writes = plan(command, options, new Date(), { courts });
  for (const write of writes)
    process.stdout.write(`${dryRun ? '[dry-run] ' : ''}${write.kind === 'set' ? '写入' : '更新'} ${write.collection}/${write.id}：${write.what}\n`);
  if (!dryRun) await apply(db, writes);
  process.stdout.write(dryRun ? '未写入任何数据。\n' : `完成（${emulator ? `模拟器 ${emulator}` : `云开发环境 ${env}`}）。\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
