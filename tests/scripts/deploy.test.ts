import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCloudbaseRc, readDatabaseRules, readStorageRules, ROOT } from '../../emulator/project';
import { environmentOf } from '../../cloudfunctions/_core/contract';
import { securityRuleOf } from '../../scripts/lib/deploy-plan';
import { bucketOf, TencentCloudStandIn } from '../support/tencentcloud';

// The real npm run deploy (scripts/deploy.ts, @cloudbase/manager-node) against a local stand-in of
// Tencent Cloud's API, in a process that cannot reach anything but this machine.
const ENV_ID = 'court-test-1a2b';
/** The court's second environment (functions only; its database is the court's). */
const COURT2_ENV_ID = 'court2-test-3c4d';
const KEYS = { secretId: 'AKIDtest0000000000000000000000000000', secretKey: 'test-secret-key-0000000000000000' };
const rc = readCloudbaseRc();
const collections = readDatabaseRules();
const storageRules = readStorageRules();
const courtFunctions = rc.functions.filter((fn) => environmentOf(fn.name) === 'court').map((fn) => fn.name);
const court2Functions = rc.functions.filter((fn) => environmentOf(fn.name) === 'court-2').map((fn) => fn.name);
const SETTINGS = {
  MC_PII_KEY: 'cGlpLWtleQ==',
  MC_LOOKUP_KEY: 'bG9va3VwLWtleQ==',
  MC_CHAIN_KEY: 'Y2hhaW4ta2V5',
  MC_TPL_FILING_RESULT: 'tpl-filing',
  MC_PAY_SUB_MCH_ID: '1900000109',
  MC_TPL_CASE_PROGRESS: 'tpl-progress',
  MC_TPL_SERVICE: 'tpl-service',
  MC_TPL_REMIND_FEE: 'tpl-remind-fee',
  MC_TPL_REMIND_HEARING: 'tpl-remind-hearing',
  MC_TPL_REMIND_TRANSCRIPT: 'tpl-remind-transcript',
  MC_TPL_REMIND_APPEAL: 'tpl-remind-appeal',
  MC_WX_APPID: 'wx0123456789abcdef',
  MC_WX_APPSECRET: 'app-secret-0000',
  MC_TRTC_SDKAPPID: '1400000000',
  MC_TRTC_SECRET: 'trtc-secret-0000-0000',
};

let cloud: TencentCloudStandIn;
let offlineLog: string;

async function deploy(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return tsx(['scripts/deploy.ts', '--no-build', ...args], env);
}

/** A TypeScript program of this repository, run offline but for the stand-in. */
function tsx(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      args,
      {
        cwd: ROOT,
        // Only what is given here: no ENV_ID, key or proxy of the shell running the tests.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          NODE_OPTIONS: `--require ${path.join(ROOT, 'tests/support/offline.js')}`,
          OFFLINE_LOG: offlineLog,
          ...cloud.clientEnv,
          ...env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const withKeys = { TENCENTCLOUD_SECRETID: KEYS.secretId, TENCENTCLOUD_SECRETKEY: KEYS.secretKey, ENV_ID, MC_COURT2_ENV_ID: COURT2_ENV_ID, ...SETTINGS };

beforeAll(async () => {
  cloud = new TencentCloudStandIn(KEYS, [ENV_ID, COURT2_ENV_ID]);
  await cloud.start();
});
afterAll(() => cloud.stop());
beforeEach(() => {
  offlineLog = path.join(mkdtempSync(path.join(tmpdir(), 'mc-offline-')), 'attempts.log');
  cloud.calls.length = 0;
});
afterEach(() => {
  // Nothing the deploy did went anywhere but the stand-in.
  expect(existsSync(offlineLog) ? readFileSync(offlineLog, 'utf8') : '').toBe('');
  expect(cloud.refused).toEqual([]);
});

describe('npm run deploy -- --dry-run', () => {
  it('with no credentials and no ENV_ID prints the functions, collections, indexes and rules of each environment, and exits 0 without a call', async () => {
    const { code, stdout } = await deploy(['--dry-run'], {});
    expect(code).toBe(0);
    expect(stdout).toContain(`环境 court（法院，<ENV_ID>）`);
    expect(stdout).toContain(`函数 ${courtFunctions.length} / 50 个：${courtFunctions.join('、')}`);
    expect(stdout).toContain(`集合 ${collections.size} 个：${[...collections.keys()].join('、')}`);
    expect(stdout).toContain("database.createCollectionIfNotExists('cases')");
    expect(stdout).toContain(
      `database.updateCollection('cases', { CreateIndexes: [{"IndexName":"number","MgoKeySchema":{"MgoIsUnique":true,"MgoIndexKeys":[{"Name":"caseNumber","Direction":"1"}]}}] })`,
    );
    expect(stdout).toContain("Action: 'ModifyDatabaseACL', Param: { EnvId: '<ENV_ID>', CollectionName: 'courts', AclTag: 'ADMINWRITE' }");
    // Each environment's storage bucket gets storage-rules.json, the court's and the second's.
    for (const envId of ['<ENV_ID>', '<MC_COURT2_ENV_ID>'])
      expect(stdout).toContain(
        `storage.setStorageAcl('CUSTOM', ${JSON.stringify(storageRules)})：云存储安全规则（ModifyStorageSafeRule { EnvId: '${envId}', Bucket: 该环境的存储桶, AclTag: 'CUSTOM', Rule: ${JSON.stringify(JSON.stringify(storageRules))} }）`,
      );
    expect(stdout).toContain("functions.getFunctionDetail('identity-verify')");
    expect(stdout).toContain('环境变量 MC_PII_KEY、MC_LOOKUP_KEY、MC_CHAIN_KEY：整组替换控制台上该函数的环境变量');
    expect(stdout).toContain('实际部署前还需解决');
    expect(stdout).toContain('缺少环境变量 ENV_ID（云开发环境 ID）');
    expect(stdout).toContain('环境 claims（破产债权申报插件）：由 npm run plugin -- deploy 按破产案件部署');
    expect(cloud.calls).toEqual([]);
  });
});

describe('npm run deploy against Tencent Cloud', () => {
  it('refuses, in words, to start without TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, and asks nothing', async () => {
    const { code, stderr } = await deploy([], { ENV_ID, ...SETTINGS });
    expect(code).toBe(2);
    expect(stderr).toContain('缺少腾讯云 API 密钥：请设置环境变量 TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY');
    expect(cloud.calls).toEqual([]);
  });

  it('creates every collection, index and rule and every function in a new environment; run again, it creates nothing and keeps the console’s variables', async () => {
    // The console already has `cases` with its case-number index: both are left alone.
    const env = cloud.envs.get(ENV_ID);
    env?.collections.set('cases', { indexes: [{ Name: 'number', Keys: [{ Name: 'caseNumber', Direction: '1' }], Unique: true }], acl: 'PRIVATE' });
    const first = await deploy([], withKeys);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(cloud.callsOf('CreateTable').map((c) => c.params.TableName)).toEqual([...collections.keys()].filter((name) => name !== 'cases'));
    const indexes = cloud
      .callsOf('UpdateTable')
      .map((c) => `${String(c.params.TableName)}.${(c.params.CreateIndexes as { IndexName: string }[])[0]?.IndexName}`);
    expect(indexes).toEqual(
      [...collections].flatMap(([name, rules]) => (rules.indexes ?? []).map((i) => `${name}.${i.name}`)).filter((i) => i !== 'cases.number'),
    );
    expect(cloud.callsOf('UpdateTable').find((c) => c.params.TableName === 'cases')?.params).toMatchObject({
      EnvId: ENV_ID,
      CreateIndexes: [
        {
          IndexName: 'member',
          MgoKeySchema: {
            MgoIsUnique: false,
            MgoIndexKeys: [
              { Name: 'members.openid', Direction: '1' },
              { Name: 'updatedAt', Direction: '-1' },
            ],
          },
        },
      ],
    });
    expect(cloud.callsOf('ModifyDatabaseACL').map((c) => [c.params.CollectionName, c.params.AclTag])).toEqual(
      [...collections].map(([name, rules]) => [name, securityRuleOf(rules).acl]),
    );
    // Each environment's own bucket holds storage-rules.json as its custom rule, read back after it was set.
    expect(cloud.callsOf('ModifyStorageSafeRule').map((c) => [c.params.EnvId, c.params.Bucket, c.params.AclTag, JSON.parse(String(c.params.Rule))])).toEqual([
      [ENV_ID, bucketOf(ENV_ID), 'CUSTOM', storageRules],
      [COURT2_ENV_ID, bucketOf(COURT2_ENV_ID), 'CUSTOM', storageRules],
    ]);
    expect(cloud.callsOf('DescribeStorageSafeRule').map((c) => c.params.EnvId)).toEqual([ENV_ID, COURT2_ENV_ID]);
    for (const id of [ENV_ID, COURT2_ENV_ID]) expect(cloud.envs.get(id)?.storage).toEqual({ acl: 'CUSTOM', rule: JSON.stringify(storageRules) });
    expect(first.stdout).toContain('云存储安全规则：CUSTOM');
    expect(env?.collections.get('courts')?.acl).toBe('ADMINWRITE');
    expect(env?.collections.get('cases')?.acl).toBe('ADMINONLY');
    const created = cloud.callsOf('CreateFunction').filter((c) => c.params.Namespace === ENV_ID);
    expect(created.map((c) => c.params.FunctionName).sort()).toEqual([...courtFunctions].sort());
    // The second court environment gets its own functions, and no collections: it uses the court's database.
    expect(
      cloud
        .callsOf('CreateFunction')
        .filter((c) => c.params.Namespace === COURT2_ENV_ID)
        .map((c) => c.params.FunctionName)
        .sort(),
    ).toEqual([...court2Functions].sort());
    for (const call of created) {
      expect(call.files).toEqual(['config.json', 'index.js', 'package.json']);
      expect(call.params).toMatchObject({ Namespace: ENV_ID, Runtime: 'Nodejs18.15', Handler: 'index.main', InstallDependency: 'TRUE' });
    }
    expect(created.find((c) => c.params.FunctionName === 'identity-verify')?.params.Environment).toEqual({
      Variables: [
        { Key: 'MC_PII_KEY', Value: SETTINGS.MC_PII_KEY },
        { Key: 'MC_LOOKUP_KEY', Value: SETTINGS.MC_LOOKUP_KEY },
        { Key: 'MC_WX_APPID', Value: SETTINGS.MC_WX_APPID },
        { Key: 'MC_WX_APPSECRET', Value: SETTINGS.MC_WX_APPSECRET },
      ],
    });
    expect(created.find((c) => c.params.FunctionName === 'fee-calc')?.params.Environment).toBeUndefined();
    expect(first.stdout).toContain('部署完成');
    // workbench's morning reminders, case-verify's daily anchor and enforcement-supervise's hourly sweep: their timer triggers as cloudbaserc.json declares them.
    expect(cloud.callsOf('BatchCreateTrigger').map((c) => [c.params.FunctionName, c.params.Triggers])).toEqual([
      ['workbench', JSON.stringify([{ TriggerName: 'deadline-reminders', Type: 'timer', TriggerDesc: '0 0 8 * * * *' }])],
      ['case-verify', JSON.stringify([{ TriggerName: 'chain-anchor', Type: 'timer', TriggerDesc: '0 30 0 * * * *' }])],
      ['enforcement-supervise', JSON.stringify([{ TriggerName: 'enforcement-sweep', Type: 'timer', TriggerDesc: '0 5 * * * * *' }])],
    ]);
    expect(first.stdout).toContain('定时触发器 chain-anchor（0 30 0 * * * *）已创建');

    // Someone sets variables in the console between two deployments.
    const feeCalc = env?.functions.get('fee-calc');
    if (feeCalc) feeCalc.Environment = { Variables: [{ Key: 'MC_CONSOLE_ONLY', Value: 'set-by-hand' }] };
    const verify = env?.functions.get('identity-verify');
    verify?.Environment.Variables.push({ Key: 'MC_EXTRA', Value: 'by-hand' });
    cloud.calls.length = 0;
    const second = await deploy([], withKeys);
    expect(second.code).toBe(0);
    for (const action of ['CreateTable', 'UpdateTable', 'CreateFunction', 'BatchCreateTrigger', 'DeleteTrigger']) expect(cloud.callsOf(action)).toEqual([]);
    expect(
      cloud
        .callsOf('UpdateFunctionCode')
        .filter((c) => c.params.Namespace === ENV_ID)
        .map((c) => c.params.FunctionName)
        .sort(),
    ).toEqual([...courtFunctions].sort());
    expect(
      cloud
        .callsOf('UpdateFunctionConfiguration')
        .filter((c) => c.params.Namespace === ENV_ID)
        .map((c) => c.params.FunctionName)
        .sort(),
    ).toEqual([...courtFunctions].sort());
    // An empty set is never sent over the console's: fee-calc keeps its variable, and the deployer is told.
    expect(cloud.callsOf('UpdateFunctionConfiguration').find((c) => c.params.FunctionName === 'fee-calc')?.params.Environment).toBeUndefined();
    expect(env?.functions.get('fee-calc')?.Environment.Variables).toEqual([{ Key: 'MC_CONSOLE_ONLY', Value: 'set-by-hand' }]);
    expect(second.stdout).toContain('函数 fee-calc：已更新，状态 Active；未声明环境变量，保留控制台上已有的 MC_CONSOLE_ONLY');
    // A declared set replaces the console's whole, and the deployer is told what went.
    expect(env?.functions.get('identity-verify')?.Environment.Variables.map((v) => v.Key)).toEqual([
      'MC_PII_KEY',
      'MC_LOOKUP_KEY',
      'MC_WX_APPID',
      'MC_WX_APPSECRET',
    ]);
    expect(second.stdout).toContain('函数 identity-verify：已更新，状态 Active；控制台上的环境变量 MC_EXTRA 未在 cloudbaserc.json 中声明，已被替换掉');
  }, 180_000);

  it('exits non-zero naming the function whose deployment failed, after deploying the others', async () => {
    cloud.failing.add('case-list');
    try {
      const { code, stdout, stderr } = await deploy(['--only', 'case-list,fee-calc'], withKeys);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `部署未完成，以下各项失败：\n- 环境 ${ENV_ID}：函数 case-list 部署失败：状态 UpdateFailed（依赖安装失败）：[InstallDependencyFailed] npm install wx-server-sdk 失败`,
      );
      expect(stdout).toContain('函数 fee-calc：已更新，状态 Active');
      // A failed code update is not followed by a configuration update.
      expect(cloud.callsOf('UpdateFunctionConfiguration').map((c) => c.params.FunctionName)).toEqual(['fee-calc']);
    } finally {
      cloud.failing.delete('case-list');
    }
  }, 120_000);

  it('refuses a wrong key as Tencent Cloud does, and says which environment failed', async () => {
    const { code, stderr } = await deploy(['--only', 'fee-calc'], { ...withKeys, TENCENTCLOUD_SECRETKEY: 'not-the-key' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `\n部署未完成，以下各项失败：\n- 环境 ${ENV_ID} 无法访问，未作任何部署：[DescribeEnvInfo] The provided credentials could not be validated.\n- 环境 ${COURT2_ENV_ID} 无法访问，未作任何部署：[DescribeEnvInfo] The provided credentials could not be validated.\n`,
    );
    // The stand-in records only the calls it authenticated: none here, so nothing was changed.
    expect(cloud.calls).toEqual([]);
  }, 120_000);
});

describe('deleting a function, as the plug-in retires (scripts/lib/cloud.ts)', () => {
  it('deletes a function and confirms it gone; run again, finds it absent and counts it as deleted', async () => {
    const built = await deploy(['--only', 'fee-calc'], withKeys);
    expect(built.code).toBe(0);
    const program = `import { connect, deleteFunction } from './scripts/lib/cloud';
      (async () => { const app = connect('${ENV_ID}'); console.log(await deleteFunction(app, 'fee-calc'), await deleteFunction(app, 'fee-calc')); })()
        .catch((e) => { console.error(e.message); process.exit(1); });`;
    const run = await tsx(['--eval', program], { TENCENTCLOUD_SECRETID: KEYS.secretId, TENCENTCLOUD_SECRETKEY: KEYS.secretKey });
    expect(run).toMatchObject({ code: 0, stdout: 'deleted absent\n' });
    expect(cloud.envs.get(ENV_ID)?.functions.has('fee-calc')).toBe(false);
    expect(cloud.callsOf('DeleteFunction').map((c) => c.params)).toEqual([expect.objectContaining({ FunctionName: 'fee-calc', Namespace: ENV_ID })]);
  }, 120_000);
});
