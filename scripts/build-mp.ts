import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { miniprogramPages, ROOT } from '../emulator/project';
import { writeMiniprogramCopies } from './lib/mp-shared';

const MP = path.join(ROOT, 'miniprogram');
/** What the mini-program takes from npm: TDesign, tslib for its compiled helpers, and trtc-wx-sdk for the video rooms. */
const MP_PACKAGES = ['tdesign-miniprogram', 'tslib', 'trtc-wx-sdk'];

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
  usingComponents?: Record<string, string>;
}

/** Every page and component the app declares exists with its four files, and every component path resolves. */
export function checkMiniprogram(): string[] {
  const problems: string[] = [];
  const app = JSON.parse(readFileSync(path.join(MP, 'app.json'), 'utf8')) as AppJson;
  const pages = miniprogramPages(ROOT);
  const resolve = (from: string, target: string) =>
    target.startsWith('/') ? path.join(MP, target) : target.startsWith('.') ? path.join(path.dirname(from), target) : path.join(MP, 'miniprogram_npm', target);
  const checkComponent = (base: string, json: { usingComponents?: Record<string, string> }) => {
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      if (!existsSync(`${resolve(base, target)}.json`)) problems.push(`${path.relative(MP, base)} 使用的组件 <${tag}> 找不到：${target}`);
    }
  };
  checkComponent(path.join(MP, 'app'), app);
  for (const page of pages) {
    const base = path.join(MP, page);
    for (const ext of ['.ts', '.wxml', '.less', '.json']) if (!existsSync(base + ext)) problems.push(`页面 ${page} 缺少 ${ext} 文件`);
    if (existsSync(`${base}.json`)) checkComponent(base, JSON.parse(readFileSync(`${base}.json`, 'utf8')) as AppJson);
  }
  return problems;
}

/** npm run build:mp: the generated copies (shared domain code, environments, the claims helpers), then TDesign built into miniprogram_npm with miniprogram-ci (offline), then checked. */
export async function buildMiniprogram(): Promise<void> {
  writeMiniprogramCopies();
  const staging = path.join(ROOT, 'build/mp-npm');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'node_modules'), { recursive: true });
  writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: 'microcourt-miniprogram', private: true, dependencies: Object.fromEntries(MP_PACKAGES.map((p) => [p, '*'])) }),
  );
  for (const pkg of MP_PACKAGES) cpSync(path.join(ROOT, 'node_modules', pkg), path.join(staging, 'node_modules', pkg), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- miniprogram-ci prints at load; load it only when building
  const ci = require('miniprogram-ci') as {
    packNpmManually(options: {
      packageJsonPath: string;
      miniprogramNpmDistDir: string;
    }): Promise<{ miniProgramPackNum: number; otherNpmPackNum: number; warnList: { msg: string }[] }>;
  };
  rmSync(path.join(MP, 'miniprogram_npm'), { recursive: true, force: true });
  const result = await ci.packNpmManually({ packageJsonPath: path.join(staging, 'package.json'), miniprogramNpmDistDir: MP });
  if (result.miniProgramPackNum < 1) throw new Error(`构建 npm 失败：${result.warnList.map((w) => w.msg).join('；')}`);
  const problems = checkMiniprogram();
  if (problems.length > 0) throw new Error(`小程序检查未通过：\n- ${problems.join('\n- ')}`);
}

if (require.main === module) {
  buildMiniprogram().then(
    () => process.stdout.write('小程序构建完成：miniprogram/miniprogram_npm 已生成，页面与组件检查通过。\n'),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
