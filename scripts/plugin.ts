import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import tcb from '@cloudbase/node-sdk';
import { buildFunctions } from './build';
import { ROOT } from './lib/functions';
import { lifecyclePlan, PLUGINS, pluginFunctions, type PluginName } from './lib/plugins';
import { toCsv } from '../cloudfunctions/_core/runtime/spreadsheet';
import { functionConfigs, readCloudbaseRc } from '../emulator/project';
import { Environments } from '../cloudfunctions/_core/contract';

/** A function's time limit in seconds, as cloudbaserc.json deploys it. */
const functionTimeout = (name: string) => functionConfigs(readCloudbaseRc(ROOT)).get(name)?.timeout ?? 60;

/**
 * npm run plugin -- deploy claims --bankruptcy <id> --court <courtId> [--emulator <url> | --env <court env> --plugin-env <plug-in env>] [--dry-run]
 * npm run plugin -- retire claims --bankruptcy <id> [...]
 *
 * A plug-in lives in an environment of its own, with its own database, so a burst of creditors
 * never reaches the court's quotas. Deploying puts its functions there and copies what it needs
 * from the court (the court's judges and administrators, who open and review the claims);
 * retiring closes the window, exports and archives the claims into the court's storage and
 * database, turns the entry off and removes the functions, after which the plug-in's
 * environment can be released whole.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      bankruptcy: { type: 'string' },
      court: { type: 'string' },
      emulator: { type: 'string' },
      env: { type: 'string' },
      'plugin-env': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [action, plugin] = positionals;
  if ((action !== 'deploy' && action !== 'retire') || !plugin || !(plugin in PLUGINS))
    throw new Error(`用法：npm run plugin -- deploy|retire ${Object.keys(PLUGINS).join('|')} --bankruptcy <编号>`);
  const bankruptcyId = values.bankruptcy ?? '';
  if (!/^[A-Za-z0-9_-]{4,64}$/.test(bankruptcyId)) throw new Error('请用 --bankruptcy 给出破产案件编号');
  const emulator = values.emulator ?? (values.env ? undefined : process.env.MC_EMULATOR_URL);
  const courtEnv = values.env ?? (emulator ? Environments.court.localId : process.env[Environments.court.envVariable]);
  const env = values['plugin-env'] ?? (emulator ? Environments.claims.localId : process.env[Environments.claims.envVariable]);
  if (!courtEnv || !env)
    throw new Error(`请用 --env 与 --plugin-env（或环境变量 ${Environments.court.envVariable}、${Environments.claims.envVariable}）给出法院与插件的云开发环境`);
  if (courtEnv === env) throw new Error('插件须部署在自己的云开发环境中，不能与法院环境相同');
  const courtId = values.court ?? '';
  if (action === 'deploy' && !/^[a-z0-9-]{2,40}$/.test(courtId)) throw new Error('请用 --court 给出受理破产案件的法院编号（其法官与管理人将复制到插件环境）');
  const name = plugin as PluginName;
  const steps = lifecyclePlan(action, name, bankruptcyId, { emulator, env, courtEnv, courtId });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  steps.forEach((step, i) => say(`${i + 1}/${steps.length} ${step.what}${step.command ? `\n    ${step.command.join(' ')}` : ''}`));
  if (values['dry-run']) {
    say('--dry-run：以上为计划，未做任何改动。');
    return;
  }
  if (!emulator && (!process.env.TENCENTCLOUD_SECRETID || !process.env.TENCENTCLOUD_SECRETKEY))
    throw new Error('连接云开发需要环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY');
  const connect = (envId: string) =>
    tcb.init({
      env: envId,
      secretId: process.env.TENCENTCLOUD_SECRETID ?? 'local',
      secretKey: process.env.TENCENTCLOUD_SECRETKEY ?? 'local',
      ...(emulator ? { serviceUrl: `${emulator}/admin` } : {}),
    });
  const court = connect(courtEnv);
  const courtDb = court.database();
  const db = connect(env).database();
  const functions = pluginFunctions(name);
  const deployFunction = async (fn: string, verb: 'deploy' | 'delete') => {
    if (emulator) {
      const res = await fetch(`${emulator}/__/functions/${verb === 'deploy' ? 'load' : 'unload'}/${fn}?env=${encodeURIComponent(env)}`, { method: 'POST' });
      if (!res.ok) throw new Error(`${fn}: ${res.status}`);
    } else {
      // Only deploy takes --force (overwrite); delete refuses it.
      const result = spawnSync('npx', ['--yes', '@cloudbase/cli@2', 'fn', verb, fn, ...(verb === 'deploy' ? ['--force'] : []), '-e', env], {
        cwd: ROOT,
        stdio: 'inherit',
      });
      if (result.status !== 0) throw new Error(`${fn} ${verb} 失败`);
    }
    say(`  ✓ ${fn}`);
  };

  if (action === 'deploy') {
    await buildFunctions({ only: functions });
    for (const fn of functions) await deployFunction(fn, 'deploy');
    // What the plug-in needs from the court: the people who open, review and export the claims
    // (an administrator who also verified as a lawyer is still one), their staff record only.
    const staff = (await courtDb
      .collection('users')
      .where({ 'staff.courtId': courtId, 'staff.active': true, 'staff.roles': courtDb.command.in(['judge', 'administrator']) })
      .field({ kind: true, name: true, staff: true })
      .limit(1000)
      .get()) as unknown as { data: { _id: string; kind: string; name?: string; staff: unknown }[] };
    for (const { _id, kind, name: staffName, staff: record } of staff.data)
      await db
        .collection('users')
        .doc(_id)
        .set({ kind, ...(staffName ? { name: staffName } : {}), staff: record });
    say(`  ✓ 已复制法院 ${courtId} 的法官与管理人 ${staff.data.length} 名`);
    await courtDb.collection('plugins').doc(name).set({ enabled: true, bankruptcyId, env, deployedAt: new Date() });
    say(`插件「${PLUGINS[name].title}」已上线。`);
    return;
  }

  // Retire: close the window and remove the intake first, so the export holds every claim; each
  // claim is copied whole into the court's database, and retiring again after a failure resumes
  // (every write is a set by id). Then the plug-in's environment holds nothing the court needs.
  const intake = PLUGINS[name].intake;
  await db.collection('bankruptcies').doc(bankruptcyId).update({ closedAt: new Date() });
  say(`  ✓ 申报已关闭`);
  await deployFunction(intake, 'delete');
  if (!emulator) {
    // On CloudBase a call already running may still finish: wait out its time limit.
    const timeout = functionTimeout(intake);
    say(`  等待 ${timeout} 秒，让进行中的申报结束…`);
    await new Promise((resolve) => setTimeout(resolve, timeout * 1000));
  }
  const rows: (string | number)[][] = [['债权编号', '债权人', '申报金额（元）', '有无担保', '补充申报', '审查结论', '确认金额（元）', '申报时间']];
  const lines: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await db.collection('claims').where({ bankruptcyId }).orderBy('submittedAt', 'asc').skip(offset).limit(1000).get()) as unknown as {
      data: Record<string, unknown>[];
    };
    for (const c of page.data) {
      const review = (c.review ?? {}) as { state?: string; confirmedFen?: number };
      rows.push([
        String(c._id),
        String(c.creditorName),
        Number(c.totalFen) / 100,
        c.secured ? '有' : '无',
        c.late ? '是' : '否',
        review.state ?? '',
        (review.confirmedFen ?? 0) / 100,
        new Date(c.submittedAt as Date).toISOString(),
      ]);
      // The file keeps everything but the sealed bank account and phone; the court's database keeps
      // the whole claim, sealed fields sealed (the plug-in's functions seal with the court's key).
      const { _id: claimId, bankAccountSealed: _b, eService: _e, ...kept } = c;
      lines.push(JSON.stringify({ _id: claimId, ...kept }));
    }
    // Each claim set by id (a second retire overwrites, never duplicates), 50 round trips at a time.
    for (let i = 0; i < page.data.length; i += 50) {
      await Promise.all(page.data.slice(i, i + 50).map(({ _id: claimId, ...whole }) => courtDb.collection('claims').doc(String(claimId)).set(whole)));
    }
    say(`  已归档 ${rows.length - 1} 笔`);
    if (page.data.length < 1000) break;
  }
  const stamp = new Date().toISOString().slice(0, 10);
  const csv = (await court.uploadFile({ cloudPath: `archive/${name}/${bankruptcyId}/claims-${stamp}.csv`, fileContent: toCsv(rows) })) as { fileID: string };
  const jsonl = (await court.uploadFile({
    cloudPath: `archive/${name}/${bankruptcyId}/claims-${stamp}.jsonl`,
    fileContent: Buffer.from(lines.join('\n'), 'utf8'),
  })) as { fileID: string };
  // The archive stays with the court: the plug-in's environment can be released after retiring.
  const window = ((await db.collection('bankruptcies').doc(bankruptcyId).get()) as unknown as { data: ({ _id: string } & Record<string, unknown>)[] }).data[0];
  const { _id: _window, ...kept } = window ?? { _id: bankruptcyId };
  await courtDb
    .collection('bankruptcies')
    .doc(bankruptcyId)
    .set({ ...kept, archivedAt: new Date(), archive: { csv: csv.fileID, jsonl: jsonl.fileID, claims: rows.length - 1 } });
  await db.collection('bankruptcies').doc(bankruptcyId).update({ archivedAt: new Date() });
  await courtDb.collection('plugins').doc(name).set({ enabled: false, bankruptcyId, env, retiredAt: new Date() });
  for (const fn of functions.filter((f) => f !== intake)) await deployFunction(fn, 'delete');
  say(`插件「${PLUGINS[name].title}」已下线；${rows.length - 1} 笔债权已归档：${csv.fileID}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
