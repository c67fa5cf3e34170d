import { parseArgs } from 'node:util';
import { ROOT } from '../emulator/project';
import { buildMiniprogram } from './build-mp';
import { uploadPlan } from './lib/mp-upload-plan';

/**
 * npm run mp:upload -- --version 1.2.3 --desc "..." [--dry-run]
 * Builds the mini-program and uploads it with miniprogram-ci, with MC_MP_APPID and MC_MP_KEY_PATH
 * from the environment. --dry-run validates everything and stops before the network.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { version: { type: 'string' }, desc: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  const { plan, problems } = uploadPlan(values, process.env);
  if (!plan) {
    process.stderr.write(`无法上传：\n- ${problems.join('\n- ')}\n`);
    process.exit(2);
  }
  await buildMiniprogram();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- miniprogram-ci prints at load; load it only here
  const ci = require('miniprogram-ci') as {
    Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKeyPath: string; ignores: string[] }) => unknown;
    upload(options: {
      project: unknown;
      version: string;
      desc: string;
      setting: Record<string, boolean>;
      onProgressUpdate?: (task: unknown) => void;
    }): Promise<unknown>;
  };
  const project = new ci.Project({
    appid: plan.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKeyPath: plan.privateKeyPath,
    ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'build/**/*', 'emulator/**/*', 'tests/**/*'],
  });
  process.stdout.write(`上传计划：AppID ${plan.appid}，版本 ${plan.version}，说明「${plan.desc}」\n`);
  if (values['dry-run']) {
    process.stdout.write('--dry-run：已构建并检查，未上传。\n');
    return;
  }
  await ci.upload({ project, version: plan.version, desc: plan.desc, setting: { es6: true, es7: true, minify: true, autoPrefixWXSS: true } });
  process.stdout.write('上传完成。\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
