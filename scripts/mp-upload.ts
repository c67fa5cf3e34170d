import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../emulator/project';
import { buildMiniprogram } from './build-mp';
import { explainCiError, packageSizes, uploadPlan } from './lib/mp-upload-plan';

type SubPackageInfo = { name: string; size: number }[];
interface CiProject {
  appid: string;
}
interface CiOptions {
  project: CiProject;
  version: string;
  desc: string;
  robot: number;
  setting: Record<string, boolean>;
}
interface MiniprogramCi {
  proxy(url: string): void;
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKeyPath: string; ignores: string[] }) => CiProject;
  upload(options: CiOptions): Promise<{ subPackageInfo?: SubPackageInfo }>;
  preview(options: CiOptions & { qrcodeFormat: 'image'; qrcodeOutputDest: string }): Promise<{ subPackageInfo?: SubPackageInfo }>;
  getDevSourceMap(options: { project: CiProject; robot: number; sourceMapSavePath: string; sleep: number }): Promise<unknown>;
}

const SETTING = { es6: true, es7: true, minify: true, autoPrefixWXSS: true };

/**
 * npm run mp:upload -- --version 1.2.3 --desc "..." [--robot 1..30] [--dry-run] [--no-build]
 * npm run mp:preview -- [--desc "..."] [--robot 1..30] [--dry-run] [--no-build]
 * Builds the mini-program and sends it with miniprogram-ci, with MC_MP_APPID and MC_MP_KEY_PATH (and
 * MC_MP_ROBOT, MC_MP_PROXY, MC_MP_OUT_DIR) from the environment. An upload becomes the robot's
 * development version and its source map is fetched into build/miniprogram-ci; a preview saves a QR
 * code image there for testers. Both print the package sizes WeChat measured. --dry-run validates
 * everything, builds, and stops before the network.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      version: { type: 'string' },
      desc: { type: 'string' },
      robot: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const { plan, problems } = uploadPlan(positionals[0], values, process.env, ROOT);
  if (!plan) {
    process.stderr.write(`无法${positionals[0] === 'preview' ? '预览' : '上传'}：\n- ${problems.join('\n- ')}\n`);
    process.exit(2);
  }
  // --no-build: upload what `npm run build:mp` last built (as npm test does before its integration run).
  if (!values['no-build']) await buildMiniprogram();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- miniprogram-ci prints at load; load it only here
  const ci = require('miniprogram-ci') as MiniprogramCi;
  // Before the project: its constructor otherwise takes HTTPS_PROXY and the like from the environment.
  if (plan.proxy) ci.proxy(plan.proxy);
  const project = new ci.Project({
    appid: plan.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKeyPath: plan.privateKeyPath,
    ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'build/**/*', 'emulator/**/*', 'tests/**/*'],
  });
  const what = plan.verb === 'upload' ? `上传计划：AppID ${plan.appid}，版本 ${plan.version}` : `预览计划：AppID ${plan.appid}`;
  process.stdout.write(`${what}，机器人 ${plan.robot}，说明「${plan.desc}」${plan.proxy ? `，经代理 ${plan.proxy}` : ''}\n`);
  process.stdout.write(`${plan.verb === 'upload' ? 'Source map 将保存到' : '预览二维码将保存到'}：${path.relative(ROOT, plan.outputPath)}\n`);
  if (values['dry-run']) {
    process.stdout.write(`--dry-run：已构建并检查，未${plan.verb === 'upload' ? '上传' : '预览'}。\n`);
    return;
  }
  mkdirSync(path.dirname(plan.outputPath), { recursive: true });
  const options = { project, version: plan.version, desc: plan.desc, robot: plan.robot, setting: SETTING };
  const result = plan.verb === 'upload' ? await ci.upload(options) : await ci.preview({ ...options, qrcodeFormat: 'image', qrcodeOutputDest: plan.outputPath });
  process.stdout.write(`${plan.verb === 'upload' ? `上传完成：机器人 ${plan.robot} 的开发版为 ${plan.version}` : '预览完成'}。代码包体积：\n`);
  for (const line of packageSizes(result.subPackageInfo)) process.stdout.write(`  ${line}\n`);
  if (plan.verb === 'preview') {
    process.stdout.write(`预览二维码已保存：${plan.outputPath}（小程序的项目成员用微信扫码即可打开）\n`);
    return;
  }
  // The source map of this robot's latest upload, for reading stack traces reported from phones.
  await ci.getDevSourceMap({ project, robot: plan.robot, sourceMapSavePath: plan.outputPath, sleep: 0 });
  process.stdout.write(`Source map 已保存：${plan.outputPath}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${explainCiError(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
});
