import { existsSync, readFileSync } from 'node:fs';

export interface UploadPlan {
  appid: string;
  privateKeyPath: string;
  version: string;
  desc: string;
}

/**
 * What `npm run mp:upload` needs before anything is sent: the mini-program's app id and the
 * upload key's path from the environment (never from the repository), a version and a note.
 */
export function uploadPlan(
  options: { version?: string | undefined; desc?: string | undefined },
  env: NodeJS.ProcessEnv,
): { plan?: UploadPlan; problems: string[] } {
  const problems: string[] = [];
  const appid = env.MC_MP_APPID ?? '';
  const privateKeyPath = env.MC_MP_KEY_PATH ?? '';
  if (!/^wx[0-9a-f]{16}$/.test(appid)) problems.push('环境变量 MC_MP_APPID 应为小程序 AppID（wx 开头的18位）');
  if (!privateKeyPath) problems.push('缺少环境变量 MC_MP_KEY_PATH（小程序代码上传密钥文件路径）');
  else if (!existsSync(privateKeyPath)) problems.push(`上传密钥文件不存在：${privateKeyPath}`);
  else if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(readFileSync(privateKeyPath, 'utf8'))) problems.push('上传密钥文件不是 PEM 格式的私钥');
  if (!options.version || !/^\d+\.\d+\.\d+$/.test(options.version)) problems.push('--version 应为形如 1.2.3 的版本号');
  if (!options.desc || options.desc.trim().length < 2) problems.push('--desc 请写明本次更新的内容');
  return problems.length > 0 ? { problems } : { plan: { appid, privateKeyPath, version: options.version ?? '', desc: (options.desc ?? '').trim() }, problems };
}
