import { checkCollections, describeCall, deployPlan, securityRuleOf, storageRuleOf } from './lib/deploy-plan';
import { checkFunctionSet, functionConfigJson, openApiCalls } from './lib/functions';
import type { CloudbaseRc, CollectionRules } from '../emulator/project';

const rc: CloudbaseRc = {
  version: '2.0',
  envId: '{{env.ENV_ID}}',
  functionRoot: './build/cloudfunctions',
  functions: [
    { name: 'fee-calc', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 5, memorySize: 128 },
    {
      name: 'identity-verify',
      runtime: 'Nodejs16.13',
      handler: 'index.main',
      timeout: 10,
      memorySize: 256,
      envVariables: { MC_PII_KEY: '{{env.MC_PII_KEY}}' },
    },
  ],
};

const collections = new Map<string, CollectionRules>([
  ['cases', { rules: { read: false, write: false }, indexes: [{ name: 'number', keys: { caseNumber: 1 }, unique: true }] }],
  ['courts', { rules: { read: true, write: false }, indexes: [] }],
  ['notes', { rules: { read: 'doc._openid == auth.openid', write: false } }],
]);
const court = (plan: ReturnType<typeof deployPlan>) => plan.environments[0]?.calls.map((call) => describeCall(call, plan.environments[0]?.envId ?? '')) ?? [];

describe('deploy plan', () => {
  it('creates each collection, its indexes and its rule, then deploys every function, without putting secret values in the plan', () => {
    const storage = { read: 'auth != null && resource.openid == auth.openid', write: 'auth != null && resource.openid == auth.openid' };
    const plan = deployPlan(rc, { ENV_ID: 'court-prod-1a2b', MC_PII_KEY: 'c2VjcmV0' }, undefined, 50, collections, storage);
    expect(plan.problems).toEqual([]);
    expect(plan.environments[0]).toMatchObject({ key: 'court', envId: 'court-prod-1a2b', collections: ['cases', 'courts', 'notes'] });
    expect(plan.environments[0]?.calls.map((c) => c.kind)).toEqual([
      'collection',
      'index',
      'rule',
      'collection',
      'rule',
      'collection',
      'rule',
      'storage-rule',
      'function',
      'function',
    ]);
    const calls = court(plan);
    expect(calls[0]).toBe("database.createCollectionIfNotExists('cases')：集合 cases 不存在时创建（CreateTable）");
    expect(calls[1]).toContain(
      `database.updateCollection('cases', { CreateIndexes: [{"IndexName":"number","MgoKeySchema":{"MgoIsUnique":true,"MgoIndexKeys":[{"Name":"caseNumber","Direction":"1"}]}}] })`,
    );
    expect(calls[2]).toBe(
      "commonService('tcb').call({ Action: 'ModifyDatabaseACL', Param: { EnvId: 'court-prod-1a2b', CollectionName: 'cases', AclTag: 'ADMINONLY' } })",
    );
    expect(calls[4]).toContain("AclTag: 'ADMINWRITE'");
    expect(calls[6]).toContain(
      `Action: 'ModifySafeRule', Param: { EnvId: 'court-prod-1a2b', CollectionName: 'notes', AclTag: 'CUSTOM', Rule: "{\\"read\\":\\"doc._openid == auth.openid\\",\\"write\\":false}"`,
    );
    // The environment's storage bucket: storage-rules.json as a custom rule (ModifyStorageSafeRule).
    expect(calls[7]).toBe(
      `storage.setStorageAcl('CUSTOM', ${JSON.stringify(storage)})：云存储安全规则（ModifyStorageSafeRule { EnvId: 'court-prod-1a2b', Bucket: 该环境的存储桶, AclTag: 'CUSTOM', Rule: ${JSON.stringify(JSON.stringify(storage))} }），再以 storage.getStorageAcl（DescribeStorageSafeRule）确认`,
    );
    expect(calls[8]).toContain("functions.getFunctionDetail('fee-calc')");
    expect(calls[8]).toContain('未声明环境变量：不发送，控制台上已有的保留');
    expect(calls[9]).toContain('环境变量 MC_PII_KEY：整组替换控制台上该函数的环境变量');
    expect(JSON.stringify(plan)).not.toContain('c2VjcmV0');
  });

  it('refuses to deploy without the environment id or a key a function needs, yet still plans with a placeholder id', () => {
    const plan = deployPlan(rc, {}, undefined, 50, collections);
    expect(plan.problems).toEqual(['缺少环境变量 ENV_ID（云开发环境 ID）', '缺少环境变量 MC_PII_KEY（函数配置引用）']);
    expect(plan.environments[0]?.envId).toBe('<ENV_ID>');
    expect(court(plan)[2]).toContain("EnvId: '<ENV_ID>'");
  });

  it('plans per environment against the quota, leaving the plug-in’s functions to npm run plugin', () => {
    const withPlugin: CloudbaseRc = {
      ...rc,
      functions: [...rc.functions, { name: 'claim-register', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 10, memorySize: 256 }],
    };
    const plan = deployPlan(withPlugin, { ENV_ID: 'court-prod-1a2b', MC_PII_KEY: 'k' }, undefined, 50);
    expect(plan.environments).toMatchObject([{ key: 'court', envId: 'court-prod-1a2b', functions: ['fee-calc', 'identity-verify'], quota: 50 }]);
    expect(plan.environments[0]?.calls.flatMap((c) => (c.kind === 'function' ? [c.fn.name] : []))).toEqual(['fee-calc', 'identity-verify']);
    expect(deployPlan(withPlugin, { ENV_ID: 'e', MC_PII_KEY: 'k' }, undefined, 1).problems).toEqual([
      '环境 court 共 2 个函数，超过云开发单环境 1 个的上限（MC_FUNCTION_QUOTA）',
    ]);
  });

  it('deploys only the named functions', () => {
    expect(deployPlan(rc, { ENV_ID: 'e' }, ['fee-calc']).environments[0]?.calls.filter((c) => c.kind === 'function')).toHaveLength(1);
    expect(deployPlan(rc, { ENV_ID: 'e' }, ['nope']).problems).toContain('cloudbaserc.json 中没有函数 nope');
  });
});

describe('collections the build accepts', () => {
  const index = (i: number) => ({ name: `i${i}`, keys: { [`f${i}`]: 1 as const } });
  it('refuses more than 20 indexes in one collection, and an acl CloudBase does not offer', () => {
    const many = new Map<string, CollectionRules>([
      ['twenty', { rules: { read: false, write: false }, indexes: Array.from({ length: 20 }, (_, i) => index(i)) }],
      ['crowded', { rules: { read: false, write: false }, indexes: Array.from({ length: 21 }, (_, i) => index(i)) }],
      ['odd', { rules: {}, acl: 'EVERYONE' } as CollectionRules],
    ]);
    expect(checkCollections(many)).toEqual([
      '集合 crowded 声明了 21 个索引，超过云开发单集合 20 个的上限（database-rules/crowded.json）',
      'database-rules/odd.json：acl EVERYONE 不是云开发的简易权限（可选：ADMINONLY、ADMINWRITE、READONLY、PRIVATE）',
    ]);
  });

  it('reads a simple permission from acl, or from the read/write rule, and sends any other rule whole', () => {
    expect(securityRuleOf({ rules: { read: false, write: false } })).toEqual({ acl: 'ADMINONLY' });
    expect(securityRuleOf({ rules: { read: true, write: false } })).toEqual({ acl: 'ADMINWRITE' });
    expect(securityRuleOf({ rules: {}, acl: 'PRIVATE' } as CollectionRules)).toEqual({ acl: 'PRIVATE' });
    expect(securityRuleOf({ rules: { read: true, write: 'auth != null' } })).toEqual({ acl: 'CUSTOM', rule: '{"read":true,"write":"auth != null"}' });
    // storage-rules.json the same way; a project without one leaves its storage to the functions alone.
    expect(storageRuleOf({})).toEqual({ acl: 'ADMINONLY' });
    expect(storageRuleOf({ read: true, write: false })).toEqual({ acl: 'ADMINWRITE' });
    expect(storageRuleOf({ read: 'auth != null', write: false })).toEqual({ acl: 'CUSTOM', rule: '{"read":"auth != null","write":false}' });
  });
});

describe('the function set the build accepts', () => {
  const source = (name: string, module = 'public') => ({ name, module, entry: `${module}/${name}/index.ts` });

  it('refuses two functions with one name, a folder missing from cloudbaserc.json, and a listed function with no folder', () => {
    expect(checkFunctionSet([source('fee-calc'), source('fee-calc', 'litigation'), source('case-list')], ['fee-calc', 'ghost'])).toEqual([
      '函数名重复：fee-calc 同时出现在 public 与 litigation（部署名必须全局唯一）',
      'cloudbaserc.json 未列出函数 public/case-list',
      'cloudbaserc.json 列出的函数 ghost 在 cloudfunctions/ 中不存在',
    ]);
  });
});

describe('the open-API calls a bundle makes', () => {
  it('names each cloud.openapi.<group>.<api>() call once, in order, and nothing for cloudPay', () => {
    const bundle =
      'a.cloud.openapi.subscribeMessage.send({t:1});b.openapi.security.msgSecCheck ({c});a.cloud.openapi.subscribeMessage.send({});x.cloudPay.refund({})';
    expect(openApiCalls(bundle)).toEqual({ calls: ['security.msgSecCheck', 'subscribeMessage.send'], unnamed: [] });
  });

  it('refuses a use of .openapi it cannot name, so the build fails instead of shipping a call WeChat refuses', () => {
    const { config, problems } = functionConfigJson('odd', 'const o=e.cloud.openapi;o[n].send({})');
    expect(config).toEqual({ permissions: { openapi: [] } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('函数 odd 以无法确定接口名的方式使用 cloud.openapi');
    expect(functionConfigJson('ok', 'x="openapi-3.0";e.cloud.openapi.wxacode.getUnlimited(t)')).toEqual({
      config: { permissions: { openapi: ['wxacode.getUnlimited'] } },
      problems: [],
    });
  });
});
