import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { explainCiError, packageSizes, uploadPlan } from './lib/mp-upload-plan';

const dir = mkdtempSync(path.join(tmpdir(), 'mp-key-'));
const keyPath = path.join(dir, 'private.key');
writeFileSync(keyPath, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
const env = { MC_MP_APPID: 'wx0123456789abcdef', MC_MP_KEY_PATH: keyPath };
const root = '/srv/microcourt';

describe('mini-program upload plan', () => {
  it('takes the app id and key from the environment, and robot 1 unless told', () => {
    expect(uploadPlan('upload', { version: '1.0.0', desc: '首个版本' }, env, root)).toEqual({
      plan: {
        verb: 'upload',
        appid: 'wx0123456789abcdef',
        privateKeyPath: keyPath,
        version: '1.0.0',
        desc: '首个版本',
        robot: 1,
        outputPath: '/srv/microcourt/build/miniprogram-ci/sourcemap-1.0.0-robot1.zip',
      },
      problems: [],
    });
  });

  it('takes the robot from --robot or MC_MP_ROBOT, the proxy and the output folder from the environment', () => {
    expect(uploadPlan('upload', { version: '1.0.0', desc: '更新', robot: '12' }, { ...env, MC_MP_ROBOT: '3' }, root).plan?.robot).toBe(12);
    const preview = uploadPlan(
      'preview',
      {},
      { ...env, MC_MP_ROBOT: '3', MC_MP_PROXY: 'http://proxy.court.internal:3128', MC_MP_OUT_DIR: '/tmp/out' },
      root,
    ).plan;
    expect(preview).toMatchObject({ verb: 'preview', robot: 3, version: '0.0.1', desc: '测试预览', proxy: 'http://proxy.court.internal:3128' });
    expect(preview?.outputPath).toBe('/tmp/out/preview-robot3.jpg');
  });

  it('refuses a robot outside 1–30', () => {
    for (const robot of ['0', '31', '2.5', 'one']) {
      expect(uploadPlan('preview', { robot }, env, root).problems).toEqual(['--robot（或环境变量 MC_MP_ROBOT）应为 1 到 30 的整数，即使用第几个 CI 机器人']);
    }
    expect(uploadPlan('preview', {}, { ...env, MC_MP_ROBOT: '40' }, root).problems).toHaveLength(1);
    expect(uploadPlan('preview', { robot: '30' }, env, root).plan?.robot).toBe(30);
  });

  it('says in Chinese everything that is missing, before anything is sent', () => {
    expect(uploadPlan(undefined, {}, env, root).problems).toEqual(['请指明 upload（上传为开发版）或 preview（生成预览二维码）']);
    expect(
      uploadPlan('upload', { version: '1.0', desc: '' }, { MC_MP_APPID: 'nope', MC_MP_KEY_PATH: path.join(dir, 'missing.key'), MC_MP_PROXY: 'proxy:80' }, root)
        .problems,
    ).toEqual([
      '环境变量 MC_MP_APPID 应为小程序 AppID（wx 开头的18位）',
      `上传密钥文件不存在：${path.join(dir, 'missing.key')}`,
      '--version 应为形如 1.2.3 的版本号',
      '--desc 请写明本次更新的内容',
      '环境变量 MC_MP_PROXY 应为代理地址，如 http://proxy.example:8080',
    ]);
    const notAKey = path.join(dir, 'not.key');
    writeFileSync(notAKey, 'hello');
    expect(uploadPlan('upload', { version: '1.0.0', desc: '更新' }, { ...env, MC_MP_KEY_PATH: notAKey }, root).problems).toEqual([
      '上传密钥文件不是 PEM 格式的私钥',
    ]);
  });
});

describe('package sizes', () => {
  it('names the whole, the main package and each subpackage, whole first', () => {
    expect(
      packageSizes([
        { name: '/public/', size: 10240 },
        { name: '__APP__', size: 204800 },
        { name: '/litigation/', size: 51200 },
        { name: '__FULL__', size: 266240 },
      ]),
    ).toEqual([
      '整个小程序：260.0 KB（266240 字节）',
      '主包：200.0 KB（204800 字节）',
      '分包 /litigation/：50.0 KB（51200 字节）',
      '分包 /public/：10.0 KB（10240 字节）',
    ]);
    expect(packageSizes(undefined)).toEqual(['微信未返回代码包体积。']);
  });
});

describe('what WeChat refused', () => {
  it('points at the IP allow-list and the upload key', () => {
    expect(explainCiError('Error: {"errCode":-10008,"errMsg":"invalid ip: 203.0.113.7, reference: x"}')).toContain(
      '微信拒绝了本机的出口 IP 203.0.113.7：请小程序管理员在 微信公众平台 → 开发 → 开发管理 → 开发设置 → 小程序代码上传 中把它加入 IP 白名单。',
    );
    expect(explainCiError('{"errCode":-10009,"errMsg":"invalid signature"}')).toContain('代码上传密钥');
    expect(explainCiError('网络中断')).toBe('网络中断');
  });
});
