import CloudBase from '@cloudbase/manager-node';
import type { CloudbaseFunction, CollectionRules } from '../../emulator/project';
import { createIndexParam, securityRuleOf, type SecurityRule } from './deploy-plan';

/**
 * Talking to Tencent Cloud through @cloudbase/manager-node: deploying a function and checking it
 * really deployed, deleting one, and creating a database's collections, indexes and rules. Every
 * failure is thrown as a CloudFailure naming what failed; nothing here asks anything of a terminal.
 */

export class CloudFailure extends Error {}

/** An API key of Tencent Cloud from the environment: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (+ TENCENTCLOUD_SESSIONTOKEN). */
export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

export function credentialsFrom(env: NodeJS.ProcessEnv = process.env): Credentials {
  const secretId = env.TENCENTCLOUD_SECRETID?.trim();
  const secretKey = env.TENCENTCLOUD_SECRETKEY?.trim();
  if (!secretId || !secretKey) {
    throw new CloudFailure(
      '缺少腾讯云 API 密钥：请设置环境变量 TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY（临时密钥另设 TENCENTCLOUD_SESSIONTOKEN）。部署不会启动交互式登录。',
    );
  }
  const token = env.TENCENTCLOUD_SESSIONTOKEN?.trim();
  return { secretId, secretKey, ...(token ? { token } : {}) };
}

/** The proxy manager-node sends through, if the deployer's environment names one (HTTPS_PROXY, …). */
export function proxyFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
}

/** A manager for one CloudBase environment. */
export function connect(envId: string, env: NodeJS.ProcessEnv = process.env): CloudBase {
  const proxy = proxyFrom(env);
  return new CloudBase({ ...credentialsFrom(env), envId, ...(proxy ? { proxy } : {}) });
}

interface CloudError {
  code?: string;
  message?: string;
}
const codeOf = (error: unknown) => (error as CloudError).code ?? '';
const messageOf = (error: unknown) => (error as CloudError).message ?? String(error);
const notFound = (error: unknown) => codeOf(error).startsWith('ResourceNotFound');

/** What SCF answers for a function (GetFunction), the parts deploying reads. */
export interface FunctionDetail {
  Status: string;
  StatusDesc?: string;
  StatusReasons?: { ErrorCode: string; ErrorMessage: string }[];
  Environment?: { Variables?: { Key: string; Value: string }[] };
  /** Its triggers; a timer's `TriggerDesc` holds its cron expression (`{"cron":"…"}`). */
  Triggers?: { TriggerName: string; Type: string; TriggerDesc?: string }[];
}

async function detailOf(app: CloudBase, name: string): Promise<FunctionDetail | null> {
  try {
    return (await app.functions.getFunctionDetail(name)) as unknown as FunctionDetail;
  } catch (error) {
    if (notFound(error)) return null;
    throw error;
  }
}

const SETTLING = new Set(['Creating', 'Updating', 'Publishing', 'Deleting']);

/** Waits for a function to leave its creating/updating states, then requires it Active. */
async function settled(app: CloudBase, name: string, pollMs: number): Promise<FunctionDetail> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const detail = await detailOf(app, name);
    if (!detail) throw new CloudFailure(`函数 ${name} 部署后不存在`);
    if (!SETTLING.has(detail.Status)) {
      if (detail.Status === 'Active') return detail;
      const reasons = (detail.StatusReasons ?? []).map((r) => `[${r.ErrorCode}] ${r.ErrorMessage}`).join('；');
      throw new CloudFailure(
        `函数 ${name} 部署失败：状态 ${detail.Status}${detail.StatusDesc ? `（${detail.StatusDesc}）` : ''}${reasons ? `：${reasons}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new CloudFailure(`函数 ${name} 长时间未就绪`);
}

/** A function as deployed: its cloudbaserc.json entry with the values of `{{env.X}}` filled in. */
export type ResolvedFunction = Omit<CloudbaseFunction, 'envVariables'> & { envVariables: Record<string, string> };

/** A function of cloudbaserc.json with the value of every `{{env.X}}` of its variables, from the deployer's environment. */
export function resolveFunction(fn: CloudbaseFunction, env: NodeJS.ProcessEnv = process.env): ResolvedFunction {
  const envVariables = Object.fromEntries(
    Object.entries(fn.envVariables ?? {}).map(([key, value]) => [key, value.replace(/\{\{env\.([A-Z0-9_]+)\}\}/g, (_m, name: string) => env[name] ?? '')]),
  );
  return { ...fn, envVariables };
}

export interface FunctionOutcome {
  name: string;
  created: boolean;
  /** What the deployer should know about the function's environment variables. */
  notes: string[];
}

/**
 * Deploys one built function (functionRoot/<name>/: index.js, package.json, config.json) and
 * checks it is Active afterwards: created when absent, otherwise its code and then its
 * configuration updated. Its environment variables replace the console's as a set; an empty set
 * is not sent, so a function's existing variables are kept (and named in the outcome).
 */
export async function deployFunction(app: CloudBase, fn: ResolvedFunction, functionRoot: string, options: { pollMs?: number } = {}): Promise<FunctionOutcome> {
  const pollMs = options.pollMs ?? 2000;
  const notes: string[] = [];
  try {
    const existing = await detailOf(app, fn.name);
    const existingKeys = (existing?.Environment?.Variables ?? []).map((v) => v.Key);
    const keys = Object.keys(fn.envVariables);
    if (keys.length === 0 && existingKeys.length > 0) notes.push(`未声明环境变量，保留控制台上已有的 ${existingKeys.join('、')}`);
    const dropped = keys.length > 0 ? existingKeys.filter((key) => !keys.includes(key)) : [];
    if (dropped.length > 0) notes.push(`控制台上的环境变量 ${dropped.join('、')} 未在 cloudbaserc.json 中声明，已被替换掉`);
    const func = {
      name: fn.name,
      runtime: fn.runtime,
      handler: fn.handler,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      installDependency: fn.installDependency ?? true,
      // manager-node sends no Environment for an empty set, which SCF takes as "unchanged".
      envVariables: fn.envVariables,
    };
    if (!existing) {
      await app.functions.createFunction({ func, functionRootPath: functionRoot, force: false, deployMode: 'zip' });
    } else {
      await settled(app, fn.name, pollMs);
      await app.functions.updateFunctionCode({ func, functionRootPath: functionRoot, deployMode: 'zip' });
      await settled(app, fn.name, pollMs);
      await app.functions.updateFunctionConfig(func);
    }
    const detail = await settled(app, fn.name, pollMs);
    notes.push(...(await ensureTriggers(app, fn, detail)));
    return { name: fn.name, created: !existing, notes };
  } catch (error) {
    if (error instanceof CloudFailure) throw error;
    throw new CloudFailure(`函数 ${fn.name} 部署失败：${messageOf(error)}`);
  }
}

/**
 * The function's timer triggers as cloudbaserc.json declares them (`tcb fn trigger create` does the
 * same): one missing is created, one whose schedule changed is deleted and created again, one in
 * place is left. Triggers the console added and the file does not name are left, and named.
 */
async function ensureTriggers(app: CloudBase, fn: ResolvedFunction, detail: FunctionDetail): Promise<string[]> {
  const declared = fn.triggers ?? [];
  const current = (detail.Triggers ?? []).filter((t) => t.Type === 'timer');
  const notes: string[] = [];
  const stale = declared.filter((t) => current.some((c) => c.TriggerName === t.name && !(c.TriggerDesc ?? '').includes(t.config)));
  for (const trigger of stale) await app.functions.deleteFunctionTrigger(fn.name, trigger.name);
  const missing = declared.filter((t) => stale.includes(t) || !current.some((c) => c.TriggerName === t.name));
  if (missing.length > 0) {
    await app.functions.createFunctionTriggers(fn.name, missing);
    notes.push(`定时触发器 ${missing.map((t) => `${t.name}（${t.config}）`).join('、')}已创建`);
  }
  const extra = current.filter((c) => !declared.some((t) => t.name === c.TriggerName));
  if (extra.length > 0) notes.push(`控制台上的定时触发器 ${extra.map((c) => c.TriggerName).join('、')} 未在 cloudbaserc.json 中声明，保留未动`);
  return notes;
}

/** Deletes one function and checks it is gone; a function already absent counts as deleted (a retire run again). */
export async function deleteFunction(app: CloudBase, name: string): Promise<'deleted' | 'absent'> {
  try {
    if (!(await detailOf(app, name))) return 'absent';
    await app.functions.deleteFunction(name);
    for (let attempt = 0; attempt < 150; attempt += 1) {
      const detail = await detailOf(app, name);
      if (!detail) return 'deleted';
      if (detail.Status === 'DeleteFailed') throw new CloudFailure(`函数 ${name} 删除失败：状态 DeleteFailed`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new CloudFailure(`函数 ${name} 长时间未删除`);
  } catch (error) {
    if (error instanceof CloudFailure) throw error;
    throw new CloudFailure(`函数 ${name} 删除失败：${messageOf(error)}`);
  }
}

/**
 * Creates a collection when absent, each of its indexes that does not exist yet, and sets its
 * security rule: run again, it creates nothing. Returns what it created or set, in words.
 */
export async function ensureCollection(app: CloudBase, envId: string, name: string, rules: CollectionRules): Promise<string[]> {
  const done: string[] = [];
  try {
    const created = await app.database.createCollectionIfNotExists(name);
    if (created.IsCreated) done.push(`创建集合 ${name}`);
    for (const index of rules.indexes ?? []) {
      if ((await app.database.checkIndexExists(name, index.name)).Exists) continue;
      await app.database.updateCollection(name, { CreateIndexes: [createIndexParam(index)] });
      done.push(`创建索引 ${name}.${index.name}`);
    }
    const rule = securityRuleOf(rules);
    if (rule.acl === 'CUSTOM') {
      await app.commonService('tcb').call({ Action: 'ModifySafeRule', Param: { EnvId: envId, CollectionName: name, AclTag: 'CUSTOM', Rule: rule.rule } });
    } else {
      await app.commonService('tcb').call({ Action: 'ModifyDatabaseACL', Param: { EnvId: envId, CollectionName: name, AclTag: rule.acl } });
    }
    done.push(`安全规则 ${name}：${rule.acl}`);
    return done;
  } catch (error) {
    throw new CloudFailure(`集合 ${name} 配置失败：${messageOf(error)}`);
  }
}

/**
 * Sets the environment's storage security rule (ModifyStorageSafeRule on its bucket) and reads it
 * back (DescribeStorageSafeRule): what a phone may upload and download from then on.
 */
export async function ensureStorageRule(app: CloudBase, rule: SecurityRule): Promise<string> {
  try {
    const custom = rule.acl === 'CUSTOM' ? (JSON.parse(rule.rule) as { read: boolean | string; write: boolean | string }) : undefined;
    await app.storage.setStorageAcl(rule.acl, custom);
    const now = await app.storage.getStorageAcl({ withRule: true });
    const same = now.acl === rule.acl && (!custom || JSON.stringify(now.rule) === JSON.stringify(custom));
    if (!same) throw new Error(`设置后读回的规则为 ${now.acl} ${JSON.stringify(now.rule ?? null)}`);
    return `云存储安全规则：${rule.acl}`;
  } catch (error) {
    throw new CloudFailure(`云存储安全规则配置失败：${messageOf(error)}`);
  }
}

/** Runs `work` over `items`, at most `width` at a time, collecting each outcome. */
export async function eachLimited<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await work(items[i] as T) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}
