import { deployPlan } from './lib/deploy-plan';
import { checkFunctionSet, functionConfigJson, openApiCalls } from './lib/functions';
import type { CloudbaseRc } from '../emulator/project';

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

describe('deploy plan', () => {
  it('deploys every function to the named environment, without putting secret values in the plan', () => {
    const { steps, problems } = deployPlan(rc, { ENV_ID: 'court-prod-1a2b', MC_PII_KEY: 'c2VjcmV0' });
    expect(problems).toEqual([]);
    expect(steps.map((s) => s.command.join(' '))).toEqual([
      'tcb fn deploy fee-calc --force -e court-prod-1a2b',
      'tcb fn deploy identity-verify --force -e court-prod-1a2b',
    ]);
    expect(JSON.stringify(steps)).not.toContain('c2VjcmV0');
  });

  it('refuses to go on without the environment id or a key a function needs', () => {
    expect(deployPlan(rc, {}).problems).toEqual(['缺少环境变量 ENV_ID（云开发环境 ID）', '缺少环境变量 MC_PII_KEY（函数配置引用）']);
  });

  it('plans per environment against the quota, leaving the plug-in’s functions to npm run plugin', () => {
    const withPlugin: CloudbaseRc = {
      ...rc,
      functions: [...rc.functions, { name: 'claim-register', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 10, memorySize: 256 }],
    };
    const plan = deployPlan(withPlugin, { ENV_ID: 'court-prod-1a2b', MC_PII_KEY: 'k' }, undefined, 50);
    expect(plan.environments).toEqual([{ key: 'court', envId: 'court-prod-1a2b', functions: ['fee-calc', 'identity-verify'], quota: 50 }]);
    expect(plan.steps.map((s) => s.command[3])).toEqual(['fee-calc', 'identity-verify']);
    expect(deployPlan(withPlugin, { ENV_ID: 'e', MC_PII_KEY: 'k' }, undefined, 1).problems).toEqual([
      '环境 court 共 2 个函数，超过云开发单环境 1 个的上限（MC_FUNCTION_QUOTA）',
    ]);
  });

  it('deploys only the named functions', () => {
    expect(deployPlan(rc, { ENV_ID: 'e' }, ['fee-calc']).steps).toHaveLength(1);
    expect(deployPlan(rc, { ENV_ID: 'e' }, ['nope']).problems).toContain('cloudbaserc.json 中没有函数 nope');
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
