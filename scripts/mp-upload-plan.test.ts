import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { uploadPlan } from './lib/mp-upload-plan';

const dir = mkdtempSync(path.join(tmpdir(), 'mp-key-'));
const keyPath = path.join(dir, 'private.key');
writeFileSync(keyPath, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));

describe('mini-program upload plan', () => {
  it('takes the app id and key from the environment', () => {
    expect(uploadPlan({ version: '1.0.0', desc: '首个版本' }, { MC_MP_APPID: 'wx0123456789abcdef', MC_MP_KEY_PATH: keyPath })).toEqual({
      plan: { appid: 'wx0123456789abcdef', privateKeyPath: keyPath, version: '1.0.0', desc: '首个版本' },
      problems: [],
    });
  });

  it('says in Chinese everything that is missing, before anything is sent', () => {
    expect(uploadPlan({ version: '1.0', desc: '' }, { MC_MP_APPID: 'nope', MC_MP_KEY_PATH: path.join(dir, 'missing.key') }).problems).toEqual([
      '环境变量 MC_MP_APPID 应为小程序 AppID（wx 开头的18位）',
      `上传密钥文件不存在：${path.join(dir, 'missing.key')}`,
      '--version 应为形如 1.2.3 的版本号',
      '--desc 请写明本次更新的内容',
    ]);
    const notAKey = path.join(dir, 'not.key');
    writeFileSync(notAKey, 'hello');
    expect(uploadPlan({ version: '1.0.0', desc: '更新' }, { MC_MP_APPID: 'wx0123456789abcdef', MC_MP_KEY_PATH: notAKey }).problems).toEqual([
      '上传密钥文件不是 PEM 格式的私钥',
    ]);
  });
});
