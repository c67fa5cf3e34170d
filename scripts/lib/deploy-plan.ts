import type { CloudbaseFunction, CloudbaseRc, CollectionRules } from '../../emulator/project';
import type { IndexSpec } from '../../emulator/store';
import { environmentOf, Environments, type EnvironmentKey } from '../../cloudfunctions/_core/contract';
import { checkQuotas } from './functions';

/** CloudBase's simple permissions of a collection (ModifyDatabaseACL); anything else is a custom rule (ModifySafeRule). */
export const ACL_TAGS = ['ADMINONLY', 'ADMINWRITE', 'READONLY', 'PRIVATE'] as const;
export type AclTag = (typeof ACL_TAGS)[number];

/** CloudBase's limit of indexes in one collection. */
export const INDEX_LIMIT = 20;

/** A collection's security rule as CloudBase takes it: a simple permission, or a custom rule. */
export type SecurityRule = { acl: AclTag } | { acl: 'CUSTOM'; rule: string };

/**
 * The rule a database-rules/<collection>.json declares: its `acl` when given, otherwise its
 * `rules` — `{ read: false, write: false }` is ADMINONLY (functions only), `{ read: true, write:
 * false }` ADMINWRITE (everyone reads, functions write), any other rule is sent whole as a custom rule.
 */
export function securityRuleOf(rules: CollectionRules & { acl?: string }): SecurityRule {
  if (rules.acl !== undefined) {
    if (!(ACL_TAGS as readonly string[]).includes(rules.acl)) throw new Error(`acl ${rules.acl} 不是云开发的简易权限（可选：${ACL_TAGS.join('、')}）`);
    return { acl: rules.acl as AclTag };
  }
  const { read, write, ...rest } = rules.rules;
  if (Object.keys(rest).length === 0 && write === false && (read === false || read === true)) return { acl: read ? 'ADMINWRITE' : 'ADMINONLY' };
  return { acl: 'CUSTOM', rule: JSON.stringify(rules.rules) };
}

/**
 * storage-rules.json as CloudBase takes an environment's storage rule (ModifyStorageSafeRule, through
 * manager-node's storage.setStorageAcl): the same simple permissions as a collection's, else a custom
 * rule of `read` and `write` expressions over `auth` and `resource`.
 */
export function storageRuleOf(rules: { read?: unknown; write?: unknown }): SecurityRule {
  return securityRuleOf({ rules: { read: rules.read ?? false, write: rules.write ?? false } });
}

/** An index as UpdateTable's CreateIndexes takes it. */
export function createIndexParam(index: IndexSpec): {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: string }[] };
} {
  return {
    IndexName: index.name,
    MgoKeySchema: {
      MgoIsUnique: index.unique === true,
      MgoIndexKeys: Object.entries(index.keys).map(([Name, direction]) => ({ Name, Direction: String(direction) })),
    },
  };
}

/** Collections over CloudBase's index limit, and rules it would refuse: what the build refuses. */
export function checkCollections(collections: Map<string, CollectionRules>, limit = INDEX_LIMIT): string[] {
  const problems: string[] = [];
  for (const [name, rules] of collections) {
    const count = rules.indexes?.length ?? 0;
    if (count > limit) problems.push(`集合 ${name} 声明了 ${count} 个索引，超过云开发单集合 ${limit} 个的上限（database-rules/${name}.json）`);
    try {
      securityRuleOf(rules);
    } catch (error) {
      problems.push(`database-rules/${name}.json：${(error as Error).message}`);
    }
  }
  return problems;
}

/** One call `npm run deploy` makes through @cloudbase/manager-node, as the dry run prints it. */
export type PlannedCall =
  | { kind: 'collection'; collection: string }
  | { kind: 'index'; collection: string; index: IndexSpec }
  | { kind: 'rule'; collection: string; rule: SecurityRule }
  /** The environment's own storage bucket: its security rule (storage-rules.json). */
  | { kind: 'storage-rule'; rule: SecurityRule }
  | { kind: 'function'; fn: CloudbaseFunction; variables: string[] };

/** One environment of the plan: its functions against the quota, its collections, and every call, in order. */
export interface PlannedEnvironment {
  key: EnvironmentKey;
  envId: string;
  functions: string[];
  quota: number;
  collections: string[];
  calls: PlannedCall[];
}

const variablesIn = (value: string) => [...value.matchAll(/\{\{env\.([A-Z0-9_]+)\}\}/g)].map((m) => m[1] ?? '');

/** The calls as the dry run prints them: the manager-node method, its parameters, and what it does. */
export function describeCall(call: PlannedCall, envId: string): string {
  switch (call.kind) {
    case 'collection':
      return `database.createCollectionIfNotExists('${call.collection}')：集合 ${call.collection} 不存在时创建（CreateTable）`;
    case 'index':
      return `database.checkIndexExists('${call.collection}', '${call.index.name}')，不存在时 database.updateCollection('${call.collection}', { CreateIndexes: [${JSON.stringify(createIndexParam(call.index))}] })`;
    case 'rule':
      return call.rule.acl === 'CUSTOM'
        ? `commonService('tcb').call({ Action: 'ModifySafeRule', Param: { EnvId: '${envId}', CollectionName: '${call.collection}', AclTag: 'CUSTOM', Rule: ${JSON.stringify(call.rule.rule)} } })`
        : `commonService('tcb').call({ Action: 'ModifyDatabaseACL', Param: { EnvId: '${envId}', CollectionName: '${call.collection}', AclTag: '${call.rule.acl}' } })`;
    case 'storage-rule': {
      const rule = call.rule.acl === 'CUSTOM' ? `'CUSTOM', ${call.rule.rule}` : `'${call.rule.acl}'`;
      const param = call.rule.acl === 'CUSTOM' ? `AclTag: 'CUSTOM', Rule: ${JSON.stringify(call.rule.rule)}` : `AclTag: '${call.rule.acl}'`;
      return `storage.setStorageAcl(${rule})：云存储安全规则（ModifyStorageSafeRule { EnvId: '${envId}', Bucket: 该环境的存储桶, ${param} }），再以 storage.getStorageAcl（DescribeStorageSafeRule）确认`;
    }
    case 'function': {
      const fn = call.fn;
      const variables =
        call.variables.length > 0
          ? `环境变量 ${call.variables.join('、')}：整组替换控制台上该函数的环境变量（控制台上另加的将被移除）`
          : '未声明环境变量：不发送，控制台上已有的保留';
      const triggers = (fn.triggers ?? []).length
        ? `；定时触发器 ${(fn.triggers ?? []).map((t) => `${t.name}（${t.config}）`).join('、')}：缺少时 functions.createFunctionTriggers，周期不同时先 deleteFunctionTrigger 再创建`
        : '';
      return `functions.getFunctionDetail('${fn.name}') 读取现有配置，不存在时 functions.createFunction，存在时 functions.updateFunctionCode + functions.updateFunctionConfig（${fn.runtime}，${fn.timeout}s，${fn.memorySize}MB，代码 build/cloudfunctions/${fn.name}/ 含 config.json）；再读 GetFunction 确认状态为 Active${triggers}。${variables}`;
    }
  }
}

/** The calls that give a database its collections, each with its indexes and its security rule. */
export function databaseCalls(collections: Map<string, CollectionRules>): PlannedCall[] {
  return [...collections].flatMap(([collection, rules]): PlannedCall[] => {
    let rule: SecurityRule | undefined;
    try {
      rule = securityRuleOf(rules);
    } catch {
      // An unknown acl is a problem checkCollections reports.
      rule = undefined;
    }
    return [
      { kind: 'collection', collection },
      ...(rules.indexes ?? []).map((index): PlannedCall => ({ kind: 'index', collection, index })),
      ...(rule ? [{ kind: 'rule', collection, rule } as const] : []),
    ];
  });
}

export const functionCall = (fn: CloudbaseFunction): PlannedCall => ({ kind: 'function', fn, variables: Object.keys(fn.envVariables ?? {}) });

/**
 * What `npm run deploy` does, per environment, as the calls it makes through @cloudbase/manager-node:
 * the court's environments, each with its database (every collection of database-rules/, its indexes
 * and its security rule), its storage's security rule (storage-rules.json) and then the functions the contract deploys there, counted against the quota
 * (a plug-in's environment is deployed by `npm run plugin`, per bankruptcy). Values of the functions'
 * environment variables come from the deployer's environment and are checked here, before anything is
 * sent; they never appear in the plan. A missing environment id shows as `<ENV_ID>`: a problem for a
 * deployment, not for a dry run.
 */
export function deployPlan(
  rc: CloudbaseRc,
  env: NodeJS.ProcessEnv,
  only?: string[],
  quota = 50,
  collections: Map<string, CollectionRules> = new Map(),
  storage: { read?: unknown; write?: unknown } = { read: false, write: false },
): { problems: string[]; environments: PlannedEnvironment[] } {
  const problems: string[] = [];
  const permanent = rc.functions.filter((fn) => Environments[environmentOf(fn.name)].deployedBy === 'deploy');
  const keys = [...new Set(permanent.map((fn) => environmentOf(fn.name)))];
  const idOf = new Map(keys.map((key) => [key, env[Environments[key].envVariable]]));
  for (const key of keys) if (!idOf.get(key)) problems.push(`缺少环境变量 ${Environments[key].envVariable}（云开发环境 ID）`);
  problems.push(...checkQuotas(Object.fromEntries(permanent.map((fn) => [fn.name, { module: '', env: environmentOf(fn.name) }])), quota));
  for (const name of only ?? []) {
    if (!rc.functions.some((fn) => fn.name === name)) problems.push(`cloudbaserc.json 中没有函数 ${name}`);
    else if (Environments[environmentOf(name)].deployedBy === 'plugin') problems.push(`函数 ${name} 属于插件，由 npm run plugin -- deploy 部署`);
  }
  problems.push(...checkCollections(collections));
  const functions = permanent.filter((fn) => !only || only.includes(fn.name));
  const needed = new Set(functions.flatMap((fn) => Object.values(fn.envVariables ?? {}).flatMap(variablesIn)));
  for (const name of needed) if (!env[name]) problems.push(`缺少环境变量 ${name}（函数配置引用）`);
  const database = databaseCalls(collections);
  const environments = keys.map((key) => {
    const mine = permanent.filter((fn) => environmentOf(fn.name) === key);
    // The court's one database holds every collection (a retired plug-in's claims are archived there too).
    const ownDatabase = Environments[key].database === key;
    return {
      key,
      envId: idOf.get(key) || `<${Environments[key].envVariable}>`,
      functions: mine.map((fn) => fn.name),
      quota,
      collections: ownDatabase ? [...collections.keys()] : [],
      // Every environment has its own storage bucket, whose rule a phone's uploads and downloads pass.
      calls: [
        ...(ownDatabase ? database : []),
        { kind: 'storage-rule', rule: storageRuleOf(storage) } as const,
        ...mine.filter((fn) => functions.includes(fn)).map(functionCall),
      ],
    };
  });
  return { problems, environments };
}
