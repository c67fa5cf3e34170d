import { databaseCalls, describeCall, functionCall, storageRuleOf, type PlannedCall } from './deploy-plan';
import { discoverFunctions, ROOT } from './functions';
import { readCloudbaseRc, readDatabaseRules, readStorageRules, type CollectionRules } from '../../emulator/project';
import { WINDOW_CACHE_MS, type PluginDeployment } from '../../cloudfunctions/_core/schemas/claims';

/** The temporary plug-ins court IT deploys and retires on their own. */
export const PLUGINS = {
  /**
   * intake: the function that takes new declarations, whose calls a retire waits out;
   * collections: what its functions read and write in the plug-in's own database (a test holds it to the bundles).
   * `case_events` stays empty: every function looks there for a retried call's answer (runtime/idempotency.ts).
   */
  claims: {
    title: '破产债权申报',
    module: 'plugins/claims',
    bankruptcyScoped: true,
    intake: 'claim-register',
    collections: ['bankruptcies', 'claims', 'users', 'face_checks', 'identity_bindings', 'idempotency', 'case_events'],
  },
} as const;
export type PluginName = keyof typeof PLUGINS;

export function pluginFunctions(plugin: PluginName): string[] {
  return discoverFunctions()
    .filter((f) => f.module === PLUGINS[plugin].module)
    .map((f) => f.name)
    .sort();
}

/** The plug-in's database: each of its collections with the indexes and rule database-rules/ gives it. */
export function pluginDatabase(plugin: PluginName): Map<string, CollectionRules> {
  const rules = readDatabaseRules(ROOT);
  return new Map(
    PLUGINS[plugin].collections.map((name) => {
      const found = rules.get(name);
      if (!found) throw new Error(`插件「${PLUGINS[plugin].title}」使用的集合 ${name} 在 database-rules/ 中没有规则文件`);
      return [name, found];
    }),
  );
}

/**
 * Where each side keeps a bankruptcy's deployment.
 *
 * - The plug-in's environment: `deployment` (and, once retired, `retiredAt`) of
 *   `bankruptcies/<bankruptcyId>`, the document claims-open then fills with the window. This is
 *   what opens the intake, so it lives where the plug-in's functions read: their own database.
 *   The bankruptcies open there are also what keeps the functions deployed.
 * - The court's environment: `plugins/<plugin>-<bankruptcyId>`, court IT's record of which
 *   plug-in environment serves the bankruptcy and how far its retire got. It outlives the
 *   plug-in's environment, which court IT may release once its last bankruptcy is retired.
 */
export const courtRecordId = (plugin: PluginName, bankruptcyId: string) => `${plugin}-${bankruptcyId}`;

export interface CourtPluginRecord {
  plugin: PluginName;
  bankruptcyId: string;
  /** The plug-in's environment. */
  env: string;
  courtId: string;
  /** open: taking claims; retiring: a retire began (and may have stopped half-way); retired: done. */
  state: 'open' | 'retiring' | 'retired';
  deployedAt: Date;
  /** The first retire's start: the archive's file names follow it, so a second run overwrites the same files. */
  retireStartedAt?: Date;
  retiredAt?: Date;
  archive?: { csv: string; jsonl: string; claims: number };
}

/** The deploy record the plug-in's functions read (see PluginDeployment). */
export const deploymentOf = (plugin: PluginName, courtId: string, at: Date): PluginDeployment => ({ plugin, courtId, deployedAt: at });

/**
 * How long a retire waits after closing the window before it counts the claims: until no warm
 * instance still holds the open window (WINDOW_CACHE_MS) and no declaration that saw it open is
 * still running (the intake's time limit, in seconds).
 */
export const drainMs = (intakeTimeoutSeconds: number) => WINDOW_CACHE_MS + intakeTimeoutSeconds * 1000;

export interface Step {
  what: string;
}

/** The steps of deploying or retiring a plug-in for one bankruptcy, as court IT reads them before anything happens. */
/** The plug-in's own storage bucket, where creditors upload their proofs: under storage-rules.json as the court's. */
export const pluginStorageRule = (): Extract<PlannedCall, { kind: 'storage-rule' }> => ({ kind: 'storage-rule', rule: storageRuleOf(readStorageRules(ROOT)) });

export function lifecyclePlan(
  action: 'deploy' | 'retire',
  plugin: PluginName,
  bankruptcyId: string,
  target: { emulator?: string | undefined; env: string; courtEnv: string; courtId?: string; intakeTimeoutSeconds: number },
): Step[] {
  const functions = pluginFunctions(plugin);
  const rc = readCloudbaseRc(ROOT);
  const where = target.emulator ? `模拟器 ${target.emulator} 的插件环境 ${target.env}` : `插件的云开发环境 ${target.env}`;
  const record = `插件环境 ${target.env} 的 bankruptcies/${bankruptcyId}`;
  const courtRecord = `法院环境 ${target.courtEnv} 的 plugins/${courtRecordId(plugin, bankruptcyId)}`;
  if (action === 'deploy') {
    return [
      {
        what: `构建并部署插件「${PLUGINS[plugin].title}」的 ${functions.length} 个函数：${functions.join('、')}（插件环境中已有其他破产案件在申报时跳过：函数与破产案件无关，重新部署只会让进行中的申报重启）`,
      },
      ...(target.emulator ? [] : [...databaseCalls(pluginDatabase(plugin)), pluginStorageRule()]).map((call) => ({
        what: describeCall(call, target.env),
      })),
      ...functions.map((name) => {
        const fn = rc.functions.find((f) => f.name === name);
        return { what: target.emulator || !fn ? `部署云函数 ${name}（${where}）` : describeCall(functionCall(fn), target.env) };
      }),
      { what: `复制法院数据：法院 ${target.courtId ?? ''} 的法官与管理人（法院环境 ${target.courtEnv} → 插件环境 ${target.env}）` },
      { what: `开启入口：在 ${record} 记录部署，此后该破产案件可开放申报（其他破产案件不受影响）` },
      { what: `记录部署：${courtRecord}` },
    ];
  }
  const remove = (name: string) => ({
    what: target.emulator
      ? `下线云函数 ${name}（${where}）`
      : `functions.deleteFunction('${name}')，再读 GetFunction 确认已删除（${where}；已不存在的算作已下线）`,
  });
  // Close the door before counting: nothing can be declared once the export has begun.
  return [
    { what: `标记下线开始：${courtRecord}（中途失败时再次运行本命令即从中断处继续）` },
    { what: `关闭申报：${record} 标记关闭，此后提交的申报一律不予接收` },
    {
      what: `等待 ${drainMs(target.intakeTimeoutSeconds) / 1000} 秒：函数实例缓存的申报期限过期（${WINDOW_CACHE_MS / 1000} 秒），进行中的申报结束（${PLUGINS[plugin].intake} 的超时时间 ${target.intakeTimeoutSeconds} 秒）`,
    },
    {
      what: `导出并归档破产案件 ${bankruptcyId} 的全部申报债权（逐笔按编号写入法院环境 ${target.courtEnv} 的 claims，CSV 与 JSON 行格式存入其云存储 archive/）`,
    },
    { what: `标记归档：法院环境的 bankruptcies/${bankruptcyId}` },
    { what: `关闭入口：${record} 标记下线` },
    { what: `插件环境中再无申报中的破产案件时，下线全部函数（否则保留，供其他破产案件继续申报）：` },
    ...functions.map(remove),
    { what: `标记已下线：${courtRecord}` },
  ];
}
