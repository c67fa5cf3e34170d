import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from './lib/court-admin';
import { describe, rootsInLogs, verifyChains } from './lib/verify-chains';

/**
 * npm run verify-chains -- [--emulator <url> | --env <ENV_ID>] [--logs <exported log file>]
 *
 * Recomputes every case's record chain, compares its heads with their seals and the daily anchors,
 * and the anchors' chain of roots (with the roots the exported logs kept, when given). Exits 1 on
 * any mismatch. Needs MC_CHAIN_KEY (and, on CloudBase, TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { emulator: { type: 'string' }, env: { type: 'string' }, logs: { type: 'string' } } });
  const emulator = values.emulator ?? (values.env ? undefined : process.env.MC_EMULATOR_URL);
  const env = values.env ?? 'microcourt-local';
  if (!emulator && (!process.env.TENCENTCLOUD_SECRETID || !process.env.TENCENTCLOUD_SECRETKEY))
    throw new Error('连接云开发需要环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY');
  const key = Buffer.from(process.env.MC_CHAIN_KEY ?? '', 'base64');
  if (key.length !== 32) throw new Error('需要环境变量 MC_CHAIN_KEY（记录链密钥，32 字节的 base64 编码）');
  const db = connect({ emulator, env, secretId: process.env.TENCENTCLOUD_SECRETID ?? 'local', secretKey: process.env.TENCENTCLOUD_SECRETKEY ?? 'local' });
  const roots = values.logs ? rootsInLogs(readFileSync(values.logs, 'utf8')) : undefined;
  const report = await verifyChains(db, key, roots);
  process.stdout.write(describe(report));
  if (!values.logs) process.stdout.write('（未提供导出的日志：锚定根值未与日志比对，可用 --logs 指定）\n');
  process.exitCode = report.problems.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
