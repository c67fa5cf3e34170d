import path from 'node:path';
import { parseArgs } from 'node:util';
import tcb from '@cloudbase/node-sdk';
import { buildFunctions } from './build';
import { ROOT } from './lib/functions';
import {
  courtRecordId,
  deploymentOf,
  drainMs,
  lifecyclePlan,
  PLUGINS,
  pluginDatabase,
  pluginFunctions,
  pluginStorageRule,
  type CourtPluginRecord,
  type PluginName,
} from './lib/plugins';
import { toCsv } from '../cloudfunctions/_core/runtime/spreadsheet';
import { functionConfigs, readCloudbaseRc, type CollectionRules } from '../emulator/project';
import { connect as manage, credentialsFrom, deleteFunction, deployFunction, ensureCollection, ensureStorageRule, resolveFunction } from './lib/cloud';
import { Environments } from '../cloudfunctions/_core/contract';
import type { PluginDeployment } from '../cloudfunctions/_core/schemas/claims';

/** A function's time limit in seconds, as cloudbaserc.json deploys it. */
const functionTimeout = (name: string) => functionConfigs(readCloudbaseRc(ROOT)).get(name)?.timeout ?? 60;

/** The functions of the plug-in's environment: the one place that puts them there or takes them away. */
interface FunctionHost {
  /** Creates the collections the plug-in's functions use, with their indexes and rules (CloudBase refuses writes to a collection that does not exist). */
  ensureDatabase(collections: Map<string, CollectionRules>): Promise<void>;
  deploy(name: string): Promise<void>;
  /** Deletes a function; false when it was not there (a retire run again after some were removed). */
  remove(name: string): Promise<boolean>;
}

/**
 * The emulator's operations, or Tencent Cloud's API (scripts/lib/cloud.ts, as npm run deploy uses).
 * Only this function knows how the plug-in's environment is given its database and functions.
 */
function functionHost(env: string, emulator: string | undefined): FunctionHost {
  if (emulator) {
    const operate = (verb: 'load' | 'unload', name: string) =>
      fetch(`${emulator}/__/functions/${verb}/${name}?env=${encodeURIComponent(env)}`, { method: 'POST' });
    return {
      // The emulator creates a collection at its first write.
      async ensureDatabase() {},
      async deploy(name) {
        const res = await operate('load', name);
        if (!res.ok) throw new Error(`${name} 部署失败：${res.status} ${await res.text()}`);
      },
      async remove(name) {
        const res = await operate('unload', name);
        if (res.status === 404) return false;
        if (!res.ok) throw new Error(`${name} 下线失败：${res.status} ${await res.text()}`);
        return true;
      },
    };
  }
  // Tencent Cloud through manager-node: each deploy checked Active, each delete checked gone.
  const app = manage(env);
  const rc = readCloudbaseRc(ROOT);
  return {
    async ensureDatabase(collections) {
      for (const [name, rules] of collections) {
        const done = await ensureCollection(app, env, name, rules);
        for (const line of done) process.stdout.write(`  ✓ ${line}\n`);
      }
      process.stdout.write(`  ✓ ${await ensureStorageRule(app, pluginStorageRule().rule)}\n`);
    },
    async deploy(name) {
      const fn = rc.functions.find((f) => f.name === name);
      if (!fn) throw new Error(`cloudbaserc.json 中没有函数 ${name}`);
      const outcome = await deployFunction(app, resolveFunction(fn), path.join(ROOT, rc.functionRoot));
      for (const note of outcome.notes) process.stdout.write(`  ${name}：${note}\n`);
    },
    async remove(name) {
      return (await deleteFunction(app, name)) === 'deleted';
    },
  };
}

/**
 * npm run plugin -- deploy claims --bankruptcy <id> --court <courtId> [--emulator <url> | --env <court env> --plugin-env <plug-in env>] [--dry-run]
 * npm run plugin -- retire claims --bankruptcy <id> [...]
 *
 * A plug-in lives in an environment of its own, with its own database, so a burst of creditors
 * never reaches the court's quotas. Its functions serve every bankruptcy deployed on them;
 * deploying and retiring are per bankruptcy. Deploying puts the functions there (unless another
 * bankruptcy already uses them), copies what it needs from the court (the court's judges and
 * administrators, who open and review the claims) and records the bankruptcy, which opens its
 * intake (where each record lives: scripts/lib/plugins.ts). Retiring closes that bankruptcy's
 * window, archives its claims into the court's storage and database, marks it retired, and
 * removes the functions when it was the last one; after that the plug-in's environment can be
 * released whole. Every step of a retire can be done again, so a retire that stopped half-way
 * is finished by running it again.
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
  const intake = PLUGINS[name].intake;
  const steps = lifecyclePlan(action, name, bankruptcyId, { emulator, env, courtEnv, courtId, intakeTimeoutSeconds: functionTimeout(intake) });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  steps.forEach((step, i) => say(`${i + 1}/${steps.length} ${step.what}`));
  if (values['dry-run']) {
    say('--dry-run：以上为计划，未做任何改动。');
    return;
  }
  // Non-interactive only: the same key npm run deploy takes, and the same words when it is missing.
  if (!emulator) credentialsFrom();
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
  const host = functionHost(env, emulator);
  /** A document by id, without its _id (which a set must not carry). */
  const first = async <T>(ref: { get(): Promise<unknown> }): Promise<T | undefined> => {
    const found = ((await ref.get()) as { data: ({ _id?: string } & T)[] }).data[0];
    if (!found) return undefined;
    const { _id: _unused, ...data } = found;
    return data as T;
  };
  const recordRef = courtDb.collection('plugins').doc(courtRecordId(name, bankruptcyId));
  const courtRecord = await first<CourtPluginRecord>(recordRef);
  const windowRef = db.collection('bankruptcies').doc(bankruptcyId);
  /** The other bankruptcies open on this environment's functions: deployed and not retired. */
  const othersOpen = async () => {
    const open = (await db
      .collection('bankruptcies')
      .where({ 'deployment.plugin': name, retiredAt: db.command.exists(false) })
      .field({ _id: true })
      .limit(1000)
      .get()) as unknown as { data: { _id: string }[] };
    return open.data.map((b) => b._id).filter((id) => id !== bankruptcyId);
  };

  if (action === 'deploy') {
    if (courtRecord?.state === 'retired' || courtRecord?.state === 'retiring')
      throw new Error(`破产案件 ${bankruptcyId} 的插件已下线（或正在下线），其债权已归档到法院，不能再次部署`);
    if (courtRecord && courtRecord.env !== env) throw new Error(`破产案件 ${bankruptcyId} 已部署在插件环境 ${courtRecord.env}，不能再部署到 ${env}`);
    // Before the first write to the plug-in's database: run again, it creates nothing.
    await host.ensureDatabase(pluginDatabase(name));
    const others = await othersOpen();
    if (others.length > 0) {
      // The functions hold no bankruptcy of their own: the record below is all a new one needs.
      say(`  插件的函数已在插件环境 ${env} 中为破产案件 ${others.join('、')} 服务：不再构建和部署（重新部署只会让进行中的申报重启）`);
    } else {
      await buildFunctions({ only: functions });
      for (const fn of functions) {
        await host.deploy(fn);
        say(`  ✓ ${fn}`);
      }
    }
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
    const now = new Date();
    const window = await first<{ deployment?: unknown; retiredAt?: Date }>(windowRef);
    if (window?.retiredAt) throw new Error(`破产案件 ${bankruptcyId} 在插件环境 ${env} 中已下线，不能再次部署`);
    // Deploying again keeps the first record (and the window claims-open may have filled in).
    if (!window) await windowRef.set({ deployment: deploymentOf(name, courtId, now) });
    else if (!window.deployment) await windowRef.update({ deployment: deploymentOf(name, courtId, now) });
    say(`  ✓ 破产案件 ${bankruptcyId} 可开放申报`);
    if (!courtRecord) {
      const record: CourtPluginRecord = { plugin: name, bankruptcyId, env, courtId, state: 'open', deployedAt: now };
      await recordRef.set(record);
    }
    say(`插件「${PLUGINS[name].title}」已为破产案件 ${bankruptcyId} 上线。`);
    return;
  }

  // Retire. Each step can be done again: a run that stopped half-way is finished by the next.
  if (courtRecord?.state === 'retired') {
    say(`破产案件 ${bankruptcyId} 的插件已下线，${courtRecord.archive?.claims ?? 0} 笔债权已归档：${courtRecord.archive?.csv ?? ''}`);
    return;
  }
  const window = await first<{ deployment?: PluginDeployment; closedAt?: Date }>(windowRef);
  if (!window?.deployment && !courtRecord) throw new Error(`破产案件 ${bankruptcyId} 未在插件环境 ${env} 部署插件「${PLUGINS[name].title}」，无需下线`);
  const startedAt = courtRecord?.retireStartedAt ?? new Date();
  await recordRef.set({
    ...(courtRecord ?? {
      plugin: name,
      bankruptcyId,
      env,
      courtId: window?.deployment?.courtId ?? '',
      deployedAt: window?.deployment?.deployedAt ?? startedAt,
    }),
    state: 'retiring',
    retireStartedAt: startedAt,
  } satisfies CourtPluginRecord);

  // Close the window first, then wait until no instance can still take a claim, so the export holds every claim.
  const closedAt = window?.closedAt ?? new Date();
  if (!window?.closedAt) await windowRef.update({ closedAt });
  say(`  ✓ 申报已关闭`);
  const wait = drainMs(functionTimeout(intake)) - (Date.now() - new Date(closedAt).getTime());
  if (wait > 0) {
    say(`  等待 ${Math.ceil(wait / 1000)} 秒，让进行中的申报结束…`);
    await new Promise((resolve) => setTimeout(resolve, wait));
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
  // Named by the first retire's start, so running it again overwrites the same two files.
  const stamp = new Date(startedAt).toISOString().slice(0, 10);
  const csv = (await court.uploadFile({ cloudPath: `archive/${name}/${bankruptcyId}/claims-${stamp}.csv`, fileContent: toCsv(rows) })) as { fileID: string };
  const jsonl = (await court.uploadFile({
    cloudPath: `archive/${name}/${bankruptcyId}/claims-${stamp}.jsonl`,
    fileContent: Buffer.from(lines.join('\n'), 'utf8'),
  })) as { fileID: string };
  const archive = { csv: csv.fileID, jsonl: jsonl.fileID, claims: rows.length - 1 };
  // The archive stays with the court: the plug-in's environment can be released after retiring.
  const kept = (await first<Record<string, unknown>>(windowRef)) ?? {};
  const archivedAt = (kept.archivedAt as Date | undefined) ?? new Date();
  await courtDb
    .collection('bankruptcies')
    .doc(bankruptcyId)
    .set({ ...kept, archivedAt, archive });
  await windowRef.update({ archivedAt, retiredAt: (kept.retiredAt as Date | undefined) ?? new Date() });
  say(`  ✓ 破产案件 ${bankruptcyId} 的入口已关闭`);

  // The functions stay while another bankruptcy is open on them.
  const others = await othersOpen();
  if (others.length > 0) say(`  插件的函数保留：破产案件 ${others.join('、')} 仍在申报`);
  else for (const fn of functions) say((await host.remove(fn)) ? `  ✓ 已下线 ${fn}` : `  ✓ ${fn} 已不在插件环境中`);
  await recordRef.update({ state: 'retired', retiredAt: new Date(), archive });
  say(`插件「${PLUGINS[name].title}」已为破产案件 ${bankruptcyId} 下线；${archive.claims} 笔债权已归档：${csv.fileID}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
