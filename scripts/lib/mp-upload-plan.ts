import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type CiVerb = 'upload' | 'preview';

export interface UploadPlan {
  verb: CiVerb;
  appid: string;
  privateKeyPath: string;
  /** The version an upload is given; a preview is always 0.0.1 on WeChat's side. */
  version: string;
  desc: string;
  /** Which of the 30 CI robots uploads: each robot has its own development version and its own source map. */
  robot: number;
  /** Where miniprogram-ci sends its HTTPS requests through, when the machine reaches WeChat through a proxy. */
  proxy?: string;
  /** The preview's QR code image (preview), or the source map zip fetched after an upload (upload). */
  outputPath: string;
}

/** Where the QR code and the source map are saved: a git-ignored folder the upload itself leaves out (build/). */
export const DEFAULT_OUTPUT_DIR = 'build/miniprogram-ci';

/**
 * What `npm run mp:upload` and `npm run mp:preview` need before anything is sent: the mini-program's
 * app id and the upload key's path from the environment (never from the repository), the robot
 * (--robot or MC_MP_ROBOT, 1–30, 1 when neither is given), a version and a note for an upload.
 */
export function uploadPlan(
  verb: string | undefined,
  options: { version?: string | undefined; desc?: string | undefined; robot?: string | undefined },
  env: NodeJS.ProcessEnv,
  root: string,
): { plan?: UploadPlan; problems: string[] } {
  const problems: string[] = [];
  if (verb !== 'upload' && verb !== 'preview') return { problems: ['请指明 upload（上传为开发版）或 preview（生成预览二维码）'] };
  const appid = env.MC_MP_APPID ?? '';
  const privateKeyPath = env.MC_MP_KEY_PATH ?? '';
  if (!/^wx[0-9a-f]{16}$/.test(appid)) problems.push('环境变量 MC_MP_APPID 应为小程序 AppID（wx 开头的18位）');
  if (!privateKeyPath) problems.push('缺少环境变量 MC_MP_KEY_PATH（小程序代码上传密钥文件路径）');
  else if (!existsSync(privateKeyPath)) problems.push(`上传密钥文件不存在：${privateKeyPath}`);
  else if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(readFileSync(privateKeyPath, 'utf8'))) problems.push('上传密钥文件不是 PEM 格式的私钥');
  const robotText = options.robot ?? env.MC_MP_ROBOT ?? '1';
  const robot = Number(robotText);
  if (!/^\d+$/.test(robotText) || robot < 1 || robot > 30) problems.push('--robot（或环境变量 MC_MP_ROBOT）应为 1 到 30 的整数，即使用第几个 CI 机器人');
  if (verb === 'upload' && (!options.version || !/^\d+\.\d+\.\d+$/.test(options.version))) problems.push('--version 应为形如 1.2.3 的版本号');
  const desc = (options.desc ?? (verb === 'preview' ? '测试预览' : '')).trim();
  if (desc.length < 2) problems.push('--desc 请写明本次更新的内容');
  const proxy = env.MC_MP_PROXY?.trim();
  if (proxy && !/^https?:\/\/[^\s/]+/.test(proxy)) problems.push('环境变量 MC_MP_PROXY 应为代理地址，如 http://proxy.example:8080');
  if (problems.length > 0) return { problems };
  const dir = path.resolve(root, env.MC_MP_OUT_DIR ?? DEFAULT_OUTPUT_DIR);
  const version = verb === 'upload' ? (options.version ?? '') : '0.0.1';
  const outputPath = path.join(dir, verb === 'upload' ? `sourcemap-${version}-robot${robot}.zip` : `preview-robot${robot}.jpg`);
  return { plan: { verb, appid, privateKeyPath, version, desc, robot, ...(proxy ? { proxy } : {}), outputPath }, problems };
}

/** The package sizes WeChat answers (subPackageInfo): `__FULL__` is the whole, `__APP__` the main package, any other name a subpackage's root. */
export function packageSizes(info: { name: string; size: number }[] | undefined): string[] {
  if (!info || info.length === 0) return ['微信未返回代码包体积。'];
  const label = (name: string) => (name === '__FULL__' ? '整个小程序' : name === '__APP__' ? '主包' : `分包 ${name}`);
  const order = (name: string) => (name === '__FULL__' ? 0 : name === '__APP__' ? 1 : 2);
  return [...info]
    .sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name))
    .map(({ name, size }) => `${label(name)}：${(size / 1024).toFixed(1)} KB（${size} 字节）`);
}

/** A Chinese reading of what WeChat refused, for the two refusals a court's IT meets first. */
export function explainCiError(message: string): string {
  if (/invalid ip/i.test(message)) {
    const ip = /invalid ip:?\s*([0-9a-f.:]+)/i.exec(message)?.[1];
    return `微信拒绝了本机的出口 IP${ip ? ` ${ip}` : ''}：请小程序管理员在 微信公众平台 → 开发 → 开发管理 → 开发设置 → 小程序代码上传 中把它加入 IP 白名单。\n${message}`;
  }
  if (/signature/i.test(message)) return `微信未认可上传签名：请确认 MC_MP_KEY_PATH 是该 AppID 当前的代码上传密钥（重置密钥后旧密钥失效）。\n${message}`;
  return message;
}
