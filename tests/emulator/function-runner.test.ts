import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';

// A throwaway project with plain functions: one that answers with its version, one too slow for
// its timeout, one that keeps a value between calls in an instance cache and logs each call.
let root: string;
let emulator: Emulator;

const writeFunction = (name: string, body: string) => {
  mkdirSync(path.join(root, 'build/cloudfunctions', name), { recursive: true });
  writeFileSync(path.join(root, 'build/cloudfunctions', name, 'index.js'), body);
};

const call = async (name: string, data: unknown = {}) => {
  const res = await fetch(`${emulator.url}/call/${name}`, { method: 'POST', headers: { 'x-wx-openid': 'o-test' }, body: JSON.stringify(data) });
  return { status: res.status, body: (await res.json()) as { result?: unknown; errMsg: string } };
};

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'mc-runner-'));
  mkdirSync(path.join(root, 'database-rules'));
  writeFileSync(
    path.join(root, 'cloudbaserc.json'),
    JSON.stringify({
      version: '2.0',
      envId: 'x',
      functionRoot: './build/cloudfunctions',
      functions: [
        { name: 'versioned', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 5, memorySize: 128 },
        { name: 'slow', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 1, memorySize: 128 },
        { name: 'remembers', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 5, memorySize: 128 },
      ],
    }),
  );
  writeFunction('versioned', "exports.main = async (event) => ({ version: 1, openid: process.env.WX_OPENID, userInfo: event.userInfo });");
  writeFunction('slow', 'exports.main = () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 3000));');
  writeFunction(
    'remembers',
    `const caches = (globalThis[Symbol.for('microcourt.instance-caches')] ??= new Set());
     let kept = null;
     caches.add({ clear: () => { kept = null; } });
     exports.main = async (event) => { kept ??= event.value; console.log(JSON.stringify({ level: 'info', kind: 'call', action: 'remembers' })); return { kept }; };`,
  );
  emulator = await startEmulator({ dataDir: null, root, quiet: true });
});

afterAll(async () => {
  await emulator.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the function runner', () => {
  it("gives the function the caller's WeChat context and event.userInfo", async () => {
    const { body } = await call('versioned');
    expect(body.result).toEqual({ version: 1, openid: 'o-test', userInfo: { appId: 'wx0000000000000000', openId: 'o-test' } });
  });

  it('ends an invocation that runs past the timeout in cloudbaserc.json', async () => {
    const started = Date.now();
    const { status, body } = await call('slow');
    expect(status).toBe(504);
    expect(body.errMsg).toContain('timed out after 1 seconds');
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('serves a rebuilt bundle to the calls after it', async () => {
    expect((await call('versioned')).body.result).toMatchObject({ version: 1 });
    writeFunction('versioned', 'exports.main = async () => ({ version: 2 });');
    // The runner looks at a bundle's modification time at most twice a second.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await call('versioned')).body.result).toEqual({ version: 2 });
  });

  it('keeps what an instance caches until the environment is reset, and the log lines at /__/logs', async () => {
    expect((await call('remembers', { value: 1 })).body.result).toEqual({ kept: 1 });
    expect((await call('remembers', { value: 2 })).body.result).toEqual({ kept: 1 });
    await fetch(`${emulator.url}/__/reset`, { method: 'POST' });
    expect((await call('remembers', { value: 3 })).body.result).toEqual({ kept: 3 });
    // A worker's output reaches the runner on a stream of its own, a moment after the answer.
    let lines: string[] = [];
    for (let tries = 0; lines.length === 0 && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ({ lines } = (await (await fetch(`${emulator.url}/__/logs`)).json()) as { lines: string[] });
    }
    expect(lines).toEqual([JSON.stringify({ level: 'info', kind: 'call', action: 'remembers' })]);
  });
});
