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
        { name: 'court-notes', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 5, memorySize: 128 },
        { name: 'claims-notes', runtime: 'Nodejs16.13', handler: 'index.main', timeout: 5, memorySize: 128 },
      ],
    }),
  );
  writeFunction('versioned', 'exports.main = async (event) => ({ version: 1, openid: process.env.WX_OPENID, userInfo: event.userInfo });');
  writeFunction('slow', 'exports.main = () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 3000));');
  writeFunction(
    'remembers',
    `const caches = (globalThis[Symbol.for('microcourt.instance-caches')] ??= new Set());
     let kept = null;
     caches.add({ clear: () => { kept = null; } });
     exports.main = async (event) => { kept ??= event.value; console.log(JSON.stringify({ level: 'info', kind: 'call', action: 'remembers' })); return { kept }; };`,
  );
  // The real wx-server-sdk on cloud.DYNAMIC_CURRENT_ENV: it writes where its environment is.
  writeFileSync(path.join(root, 'database-rules/notes.json'), JSON.stringify({ rules: { read: false, write: false } }));
  const notes = `const cloud = require(${JSON.stringify(require.resolve('wx-server-sdk'))});
     cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
     exports.main = async (event) => {
       const db = cloud.database();
       if (event.write) await db.collection('notes').add({ data: { _id: event.write } });
       const { total } = await db.collection('notes').count();
       const called = event.call ? await cloud.callFunction({ name: event.call, data: {} }).then((r) => r.result, (e) => ({ failed: e.errCode, message: String(e.errMsg) })) : undefined;
       return { env: process.env.TCB_ENV, total, called };
     };`;
  writeFunction('court-notes', notes);
  writeFunction('claims-notes', notes);
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
    // The function would answer after 3 s; its limit is 1 s, so only the timeout can answer.
    const { status, body } = await call('slow');
    expect(status).toBe(504);
    expect(body.errMsg).toContain('timed out after 1 seconds');
  });

  it('serves a rebuilt bundle to the calls after it', async () => {
    expect((await call('versioned')).body.result).toMatchObject({ version: 1 });
    writeFunction('versioned', 'exports.main = async () => ({ version: 2 });');
    // The runner looks at a bundle's modification time at most twice a second.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await call('versioned')).body.result).toEqual({ version: 2 });
  });

  it('keeps what an instance caches until the environment is reset, and the log lines at /__/logs', async () => {
    // A worker's output reaches the runner on a stream of its own, a moment after the answer.
    const logLines = async (count: number): Promise<string[]> => {
      let lines: string[] = [];
      for (let tries = 0; lines.length < count && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        ({ lines } = (await (await fetch(`${emulator.url}/__/logs`)).json()) as { lines: string[] });
      }
      return lines;
    };
    const line = JSON.stringify({ level: 'info', kind: 'call', action: 'remembers' });
    expect((await call('remembers', { value: 1 })).body.result).toEqual({ kept: 1 });
    expect((await call('remembers', { value: 2 })).body.result).toEqual({ kept: 1 });
    // Both calls' lines are in before the reset, so none of them lands after it.
    expect(await logLines(2)).toEqual([line, line]);
    await fetch(`${emulator.url}/__/reset`, { method: 'POST' });
    expect((await call('remembers', { value: 3 })).body.result).toEqual({ kept: 3 });
    expect(await logLines(1)).toEqual([line]);
  });
});

describe('the function runner, with several environments', () => {
  let two: Emulator;
  const callIn = async (name: string, env: string, data: unknown) => {
    const res = await fetch(`${two.url}/call/${name}`, { method: 'POST', headers: { 'x-wx-openid': 'o-test', 'x-wx-env': env }, body: JSON.stringify(data) });
    return (await res.json()) as { result?: unknown };
  };

  beforeAll(async () => {
    two = await startEmulator({ dataDir: null, root, quiet: true, environments: [{ id: 'court-env' }, { id: 'claims-env', functions: ['claims-notes'] }] });
  });
  afterAll(async () => {
    await two.close();
  });

  it("runs each function in its own environment: TCB_ENV, DYNAMIC_CURRENT_ENV's database, and callFunction's target", async () => {
    expect((await callIn('claims-notes', 'claims-env', { write: 'n1' })).result).toEqual({ env: 'claims-env', total: 1 });
    expect((await callIn('court-notes', 'court-env', {})).result).toEqual({ env: 'court-env', total: 0 });
    // From the claims environment the SDK calls into the claims environment, where court-notes is not deployed.
    expect((await callIn('claims-notes', 'claims-env', { call: 'court-notes' })).result).toMatchObject({
      called: { message: expect.stringContaining('could not be found: court-notes in environment claims-env') },
    });
    expect((await callIn('court-notes', 'court-env', { call: 'remembers' })).result).toEqual({ env: 'court-env', total: 0, called: {} });
  });

  it('deploys and retires a function in the environment named by ?env=', async () => {
    expect((await fetch(`${two.url}/__/functions/unload/claims-notes?env=court-env`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${two.url}/__/functions/unload/claims-notes`, { method: 'POST' })).status).toBe(200);
    // Deleted already: CloudBase refuses to delete it again.
    expect((await fetch(`${two.url}/__/functions/unload/claims-notes?env=claims-env`, { method: 'POST' })).status).toBe(404);
    expect(await callIn('claims-notes', 'claims-env', {})).toMatchObject({ errCode: -501000 });
    await fetch(`${two.url}/__/functions/load/claims-notes?env=claims-env`, { method: 'POST' });
    expect((await callIn('claims-notes', 'claims-env', {})).result).toMatchObject({ env: 'claims-env' });
  });
});
