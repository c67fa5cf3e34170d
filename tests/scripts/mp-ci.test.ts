import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWeChatCi, type CiRequest, type WeChatCi } from '../support/wechat-ci';

const ROOT = path.resolve(__dirname, '..', '..');
const APPID = 'wx0123456789abcdef';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dir = mkdtempSync(path.join(tmpdir(), 'mp-ci-'));
const keyPath = path.join(dir, 'private.wx0123456789abcdef.key');
writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));

/** Runs the real script, as `npm run mp:upload` / `npm run mp:preview` do, with miniprogram-ci sent through the stand-in. */
function run(wechat: WeChatCi, out: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/mp-upload.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, MC_MP_APPID: APPID, MC_MP_KEY_PATH: keyPath, MC_MP_PROXY: wechat.proxyUrl, NODE_EXTRA_CA_CERTS: wechat.caPath, MC_MP_OUT_DIR: out },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** The lines the script prints for the sizes WeChat answered. */
function sizeLines(sent: CiRequest): string[] {
  const info = (sent.answer?.body as { subpackage_info: { name: string; size: number }[] }).subpackage_info;
  return info.map(({ name, size }) => {
    const label = name === '__FULL__' ? '整个小程序' : name === '__APP__' ? '主包' : `分包 ${name}`;
    return `${label}：${(size / 1024).toFixed(1)} KB（${size} 字节）`;
  });
}

const paths = (wechat: WeChatCi) => wechat.requests.map((r) => r.path).filter((p) => p !== '/wxa-dev-logic/clientreportv2');

describe('npm run mp:preview and mp:upload against a local servicewechat.com', () => {
  let wechat: WeChatCi;
  beforeEach(async () => {
    wechat = await startWeChatCi({ appid: APPID, publicKey });
  });
  afterEach(() => wechat.close());

  it('--dry-run builds and checks, and sends nothing', async () => {
    const out = mkdtempSync(path.join(dir, 'dry-'));
    const result = await run(wechat, out, 'preview', '--robot', '5', '--dry-run');
    expect(result.stdout).toContain(`预览计划：AppID ${APPID}，机器人 5，说明「测试预览」`);
    expect(result.stdout).toContain('--dry-run：已构建并检查，未预览。');
    expect(result.status).toBe(0);
    expect(wechat.requests).toEqual([]);
  }, 300_000);

  it('previews as the robot asked for, saves the QR code image WeChat answers, and prints each package size', async () => {
    const out = mkdtempSync(path.join(dir, 'preview-'));
    const result = await run(wechat, out, 'preview', '--robot', '5', '--desc', '给测试人员', '--no-build');
    // The whole result on a failure: what the script said.
    expect(result).toMatchObject({ status: 0, stderr: expect.not.stringContaining('Error') as unknown });
    const sent = wechat.requests.find((r) => r.path === '/wxa/ci/testSourceURL');
    expect(sent?.query).toMatchObject({ appid: APPID, robot: '5', desc: '给测试人员', version: '0.0.1', type: 'miniProgram' });
    expect(Object.keys(sent?.files ?? {})).toEqual(
      expect.arrayContaining(['/app.json', '/ci.signature', '/public/fee/fee.js', '/litigation/filing/filing.js']),
    );
    expect(sent?.answer?.errCode).toBe(0);
    const qrcode = readFileSync(path.join(out, 'preview-robot5.jpg'));
    expect(qrcode.equals(wechat.qrcode ?? Buffer.alloc(0))).toBe(true);
    const lines = sizeLines(sent as CiRequest);
    expect(lines.map((l) => l.split('：')[0])).toEqual(expect.arrayContaining(['整个小程序', '主包', '分包 /public/', '分包 /litigation/', '分包 /claims/']));
    for (const line of lines) expect(result.stdout).toContain(`  ${line}\n`);
    expect(result.stdout).toContain(`预览二维码已保存：${path.join(out, 'preview-robot5.jpg')}`);
    // A preview is no development version: no source map is asked for.
    expect(paths(wechat).filter((p) => p.includes('sourcemap'))).toEqual([]);
    expect(wechat.refused).toEqual([]);
  }, 300_000);

  it('uploads version, note and robot, then fetches that robot’s source map into the git-ignored folder', async () => {
    const out = mkdtempSync(path.join(dir, 'upload-'));
    const result = await run(wechat, out, 'upload', '--version', '1.2.3', '--desc', '修正立案页', '--robot', '7', '--no-build');
    // The whole result on a failure: what the script said.
    expect(result).toMatchObject({ status: 0, stderr: expect.not.stringContaining('Error') as unknown });
    const sent = wechat.requests.find((r) => r.path === '/wxa/ci/upload');
    expect(sent?.query).toMatchObject({ appid: APPID, robot: '7', desc: '修正立案页', version: '1.2.3' });
    for (const line of sizeLines(sent as CiRequest)) expect(result.stdout).toContain(`  ${line}\n`);
    expect(result.stdout).toContain('上传完成：机器人 7 的开发版为 1.2.3');
    const asked = wechat.requests.filter((r) => r.path.includes('sourcemap'));
    expect(asked.map((r) => r.path)).toEqual(expect.arrayContaining(['/wxa/ci/get_dev_sourcemap_info', '/wxa/ci/get_dev_sourcemap']));
    expect(asked.every((r) => r.json?.robot === 7 && r.json.appid === APPID)).toBe(true);
    const saved = path.join(out, 'sourcemap-1.2.3-robot7.zip');
    expect(result.stdout).toContain(`Source map 已保存：${saved}`);
    // The zip holds the maps of the package just uploaded, read back with the zip library miniprogram-ci writes it with.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- miniprogram-ci's own dependency
    const JSZip = require(require.resolve('jszip', { paths: [path.dirname(require.resolve('miniprogram-ci'))] })) as {
      loadAsync(data: Buffer): Promise<{ file(name: string): { async(type: 'string'): Promise<string> } | null }>;
    };
    const zip = await JSZip.loadAsync(readFileSync(saved));
    const uploadedMap = sent?.files?.['/app.js.map']?.toString('utf8');
    expect(uploadedMap).toContain('"mappings"');
    expect(await zip.file('app.js.map')?.async('string')).toBe(uploadedMap);
    expect(wechat.refused).toEqual([]);
  }, 300_000);

  it('explains in Chinese when WeChat refuses the machine’s IP, and saves nothing', async () => {
    await wechat.close();
    wechat = await startWeChatCi({ appid: APPID, publicKey, allowedIps: ['203.0.113.7'] });
    const out = mkdtempSync(path.join(dir, 'refused-'));
    const result = await run(wechat, out, 'upload', '--version', '1.2.4', '--desc', '换了出口 IP', '--robot', '2', '--no-build');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '微信拒绝了本机的出口 IP 127.0.0.1：请小程序管理员在 微信公众平台 → 开发 → 开发管理 → 开发设置 → 小程序代码上传 中把它加入 IP 白名单。',
    );
    expect(paths(wechat)).not.toContain('/wxa/ci/get_dev_sourcemap_info');
    expect(existsSync(path.join(out, 'sourcemap-1.2.4-robot2.zip'))).toBe(false);
  }, 300_000);
});
