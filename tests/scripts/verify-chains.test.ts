import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cloud from 'wx-server-sdk';

import { editEvent, longHuCase, rewriteFrom } from '../support/chain';
import { emulatorUrl, operation } from '../support/emulator';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const ROOT = path.resolve(__dirname, '..', '..');

/** npm run verify-chains against this worker's emulator, with MC_CHAIN_KEY from the test environment. */
const verifyChains = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/verify-chains.ts'), '--emulator', emulatorUrl(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // The test's environment (jest's process.env is its own copy): the key the functions have.
    env: { ...process.env },
  });

/** The logs as exported: every line the functions wrote. */
async function exportedLogs(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mc-logs-')), 'logs.txt');
  writeFileSync(file, (await operation<{ lines: string[] }>('GET', 'logs')).lines.join('\n'));
  return file;
}

let caseId: string;
beforeEach(async () => {
  caseId = await longHuCase(db, 250);
  // The day's anchor, taken in the evening of 2 March (China time), as the trigger would.
  await operation('POST', 'clock', { now: '2026-03-02T12:00:00.000Z' });
  await operation('POST', 'timer/case-verify');
});

describe('npm run verify-chains', () => {
  it('finds every chain, head, seal and anchor in order, and exits 0', async () => {
    const run = verifyChains('--logs', await exportedLogs());
    // The node SDK warns on stderr of a request slower than 3 s (a loaded machine): nothing else may be there.
    expect(run.stderr.replace(/^\[TCB\]\[WARN\].*\n?/gm, '')).toBe('');
    expect(run.stdout).toContain('核验记录链 1 条（共 250 条记录），每日锚定 1 个，锚定的链尾 1 个在链上。');
    expect(run.stdout).toContain('全部一致');
    expect(run.status).toBe(0);
  });

  it('an edit in place: the event and where', async () => {
    await editEvent(db, caseId, 203);
    const run = verifyChains();
    expect(run.stdout).toContain(`记录链 ${caseId}：第 203 条：记录内容与其哈希不符`);
    expect(run.status).toBe(1);
  });

  it('a rewrite of every later hash and the head without the key: the seal and the anchor both show it', async () => {
    await rewriteFrom(db, caseId, 203, 'strip');
    const run = verifyChains();
    expect(run.stdout).toContain('密钥印记不符');
    expect(run.stdout).toContain('2026-03-02 锚定的第 250 条与链上记录不符（锚定之后被改写）');
    expect(run.status).toBe(1);
  });

  it('a rewritten or deleted anchor breaks the chain of roots and disagrees with the logged roots', async () => {
    const logs = await exportedLogs();
    await db
      .collection('chain_anchors')
      .doc('2026-03-02')
      .update({ data: { heads: [] } });
    const rewritten = verifyChains('--logs', logs);
    expect(rewritten.stdout).toContain('锚定 2026-03-02：根值与其内容不符');
    expect(rewritten.status).toBe(1);
    await db.collection('chain_anchors').doc('2026-03-02').remove();
    const deleted = verifyChains('--logs', logs);
    expect(deleted.stdout).toContain('锚定 2026-03-02：日志记有其根值，数据库中却没有这一天的锚定（已被删除）');
    expect(deleted.status).toBe(1);
  });

  it('refuses to run without the chain key', () => {
    const { MC_CHAIN_KEY: _key, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/verify-chains.ts'), '--emulator', emulatorUrl()], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    });
    expect(run.stderr).toContain('MC_CHAIN_KEY');
    expect(run.status).toBe(2);
  });
});
