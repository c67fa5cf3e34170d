import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator/server';

// A throwaway project with two plain functions: one that answers with its version, one too slow for its timeout.
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
      ],
    }),
  );
  writeFunction('versioned', "exports.main = async (event) => ({ version: 1, openid: process.env.WX_OPENID, userInfo: event.userInfo });");
  writeFunction('slow', 'exports.main = () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 3000));');
  emulator = await startEmulator({ dataDir: null, root });
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
});
