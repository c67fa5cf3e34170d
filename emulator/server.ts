import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Busboy from 'busboy';
import { DatabaseService, mapStoreError, ProtocolError, type WriteFault } from './database';
import { FunctionError, FunctionRunner } from './functions';
import { DEFAULT_ENV, functionConfigs, functionEnvironment, miniprogramPages, readCloudbaseRc, readDatabaseRules, ROOT } from './project';
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf';
import { safePath, StorageService } from './storage';
import { Store } from './store';
import { WeChatService } from './wechat';

export interface EmulatorOptions {
  port?: number;
  /** Where data lives; null keeps everything in memory. */
  dataDir: string | null;
  env?: string;
  appid?: string;
  root?: string;
  functionsDir?: string;
  strictIndexes?: boolean;
  maxInstances?: number;
  /** A latency (ms) added to every /admin call, to model CloudBase's round trip. */
  latencyMs?: number;
  /** Print only the functions' error lines (all of them stay at /__/logs). */
  quiet?: boolean;
}

export interface Emulator {
  url: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readMultipart(req: IncomingMessage): Promise<Record<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const parts: Record<string, Buffer> = {};
    const bb = Busboy({ headers: req.headers });
    bb.on('field', (name, value) => (parts[name] = Buffer.from(value, 'utf8')));
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => (parts[name] = Buffer.concat(chunks)));
    });
    bb.on('close', () => resolve(parts));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

/**
 * The local CloudBase: `/admin` speaks the protocol wx-server-sdk speaks to CloudBase;
 * `/call/<fn>` is what wx.cloud.callFunction does from the phone; `/__/*` are the
 * operations tests and people use.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const root = options.root ?? ROOT;
  const env = options.env ?? DEFAULT_ENV;
  const appid = options.appid ?? 'wx0000000000000000';
  const store = new Store(options.dataDir ? path.join(options.dataDir, 'db.sqlite') : ':memory:');
  store.strictIndexes = options.strictIndexes ?? false;
  let fixedNow: string | undefined;
  const now = () => (fixedNow ? Date.parse(fixedNow) : Date.now());
  const database = new DatabaseService(store, now);
  let baseUrl = '';
  const storage = new StorageService(env, options.dataDir ? path.join(options.dataDir, 'storage') : null, () => baseUrl, appid);
  const wechat = new WeChatService(store.db, miniprogramPages(root));
  const latencyMs = options.latencyMs ?? 0;

  const declareCollections = () => {
    for (const [name, rules] of readDatabaseRules(root)) store.declare(name, rules.indexes ?? []);
  };
  declareCollections();

  const rc = readCloudbaseRc(root);
  const runner = new FunctionRunner({
    functionsDir: options.functionsDir ?? path.join(root, rc.functionRoot),
    configs: functionConfigs(rc),
    adminUrl: (workerId) => `${baseUrl}/admin/w/${workerId}`,
    wxApiBase: () => baseUrl,
    // Each worker's TCB_CONTEXT_CNFG is set to its own /admin/w/<id> when it starts.
    baseEnv: { ...functionEnvironment(`${baseUrl}/admin`, env), MC_EMULATOR: '1' },
    maxInstances: options.maxInstances ?? 8,
    echo: options.quiet ? 'errors' : 'all',
  });
  const adminCalls = { total: 0, byAction: {} as Record<string, number> };

  const invoke = async (name: string, event: Record<string, unknown>, wx: Record<string, string | undefined>) => {
    return runner.invoke({ name, event, wx, fixedNow });
  };

  async function admin(req: IncomingMessage, res: ServerResponse, workerId: number | null): Promise<void> {
    const requestId = `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const contentType = req.headers['content-type'] ?? '';
    let params: Record<string, unknown>;
    let multipart: Record<string, Buffer> | null = null;
    if (contentType.startsWith('multipart/form-data')) {
      multipart = await readMultipart(req);
      params = Object.fromEntries(Object.entries(multipart).filter(([k]) => k !== 'requestData' && k !== 'apiOptions').map(([k, v]) => [k, v.toString('utf8')]));
    } else {
      params = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
    }
    const action = String(params.action ?? '');
    adminCalls.total += 1;
    adminCalls.byAction[action] = (adminCalls.byAction[action] ?? 0) + 1;
    const call = workerId === null ? undefined : runner.activeCall(workerId);
    if (call && action.startsWith('database.')) call.dbCalls += 1;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    try {
      if (action.startsWith('database.')) return json(res, 200, { requestId, ...(database.handle(action, params) as object) });
      if (action.startsWith('storage.')) return json(res, 200, { requestId, ...(storage.handle(action, params) as object) });
      if (action === 'functions.invokeFunction') {
        const name = String(params.function_name ?? '');
        const event = JSON.parse(String(params.request_data ?? '{}')) as Record<string, unknown>;
        const result = await invoke(name, event, { ...(call?.wx ?? {}), TCB_SOURCE: 'wx_server' });
        if (!result.ok) throw new ProtocolError('FUNCTIONS_EXECUTE_FAIL', result.error ?? 'function failed');
        return json(res, 200, { requestId, data: { response_data: result.result } });
      }
      if (action === 'wx.openApi' && multipart) {
        const apiName = String(params.apiName ?? '');
        const { params: apiParams } = decodeCommApiData(multipart.requestData ?? Buffer.alloc(0));
        const reply = await wechat.openApi(apiName, apiParams);
        const body = encodeCommOpenApiResp({ respData: reply.body, contentType: reply.contentType });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        return void res.end(body);
      }
      if (action === 'wx.wxPayApi' && multipart) {
        const apiName = String(params.apiName ?? '');
        const data = JSON.parse((multipart.requestData ?? Buffer.from('{}')).toString('utf8')) as Record<string, unknown>;
        const reply = Buffer.from(JSON.stringify(wechat.payApi(apiName, data, call?.wx.WX_OPENID ?? '')));
        // Not application/json: the SDK reads the pay channel's answer as raw bytes, then parses it.
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': reply.length });
        return void res.end(reply);
      }
      throw new ProtocolError('INVALID_PARAM', `unsupported action ${action}`);
    } catch (error) {
      const known = mapStoreError(error) ?? (error instanceof FunctionError ? new ProtocolError('FUNCTIONS_EXECUTE_FAIL', error.message) : null);
      if (known) return json(res, 200, { code: known.code, message: known.message, requestId });
      return json(res, 200, { code: 'SYS_ERR', message: error instanceof Error ? error.message : String(error), requestId });
    }
  }

  async function gateway(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const requestID = `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const text = (await readBody(req)).toString('utf8');
    let data: Record<string, unknown>;
    try {
      data = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      return json(res, 400, { errCode: -501007, errMsg: 'cloud.callFunction:fail invalid JSON body', requestID });
    }
    const header = (key: string) => {
      const value = req.headers[key];
      return Array.isArray(value) ? value[0] : value;
    };
    const wx = { WX_OPENID: header('x-wx-openid'), WX_APPID: header('x-wx-appid') ?? appid, WX_UNIONID: header('x-wx-unionid'), WX_CLIENTIP: '127.0.0.1', TCB_SOURCE: 'wx_client' };
    const event = { ...data, userInfo: { appId: wx.WX_APPID, openId: wx.WX_OPENID ?? '' } };
    try {
      const result = await invoke(name, event, wx);
      if (!result.ok) return json(res, 500, { errCode: -504002, errMsg: `cloud.callFunction:fail ${result.error ?? ''}`, requestID });
      // The worker's answer is JSON already: written into the envelope as it is, not parsed again.
      const text = `{"result":${result.result ?? 'null'},"requestID":${JSON.stringify(requestID)},"errMsg":"cloud.callFunction:ok"}`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      return void res.end(text);
    } catch (error) {
      if (error instanceof FunctionError) {
        const status = error.code === 'FUNCTIONS_NOT_FOUND' ? 404 : error.code === 'FUNCTIONS_TIME_LIMIT_EXCEEDED' ? 504 : 500;
        return json(res, status, { errCode: status === 404 ? -501000 : -504002, errMsg: `cloud.callFunction:fail ${error.message}`, requestID });
      }
      throw error;
    }
  }

  async function operations(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    const body = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (route === 'stats' && req.method === 'GET') {
      return json(res, 200, { admin: adminCalls, functions: runner.stats(), collections: store.stats(), openTransactions: database.openTransactions() });
    }
    if (route === 'reset' && req.method === 'POST') {
      store.wipe();
      declareCollections();
      database.reset();
      storage.wipe();
      wechat.reset();
      runner.reset();
      adminCalls.total = 0;
      adminCalls.byAction = {};
      fixedNow = typeof input.now === 'string' ? input.now : undefined;
      return json(res, 200, { ok: true });
    }
    if (route === 'faults' && req.method === 'POST') {
      database.setFaults((input.writes as WriteFault[] | undefined) ?? []);
      return json(res, 200, { ok: true });
    }
    if (route === 'clock' && req.method === 'POST') {
      fixedNow = typeof input.now === 'string' ? new Date(input.now).toISOString() : undefined;
      return json(res, 200, { now: fixedNow ?? null });
    }
    if (route === 'logs' && req.method === 'GET') return json(res, 200, { lines: runner.logs() });
    if (route === 'outbox' && req.method === 'GET') return json(res, 200, { messages: wechat.outbox });
    if (route === 'face' && req.method === 'POST') {
      const { openid, name, idNumber } = input as { openid?: string; name?: string; idNumber?: string };
      if (!openid || !name || !idNumber) return json(res, 400, { error: 'openid, name and idNumber are required' });
      return json(res, 200, { verifyResult: wechat.issueFaceToken({ openid, name, idNumber }) });
    }
    if (route.startsWith('pay/') && req.method === 'POST') {
      // By out_trade_no, or by the prepay id the phone holds (prepay_id=wx...).
      const given = decodeURIComponent(route.slice(4)).replace(/^prepay_id=/, '');
      const outcome = wechat.pay(wechat.orderNoOfPrepay(given) ?? given, new Date(now()));
      if ('error' in outcome) return json(res, 404, { error: outcome.error });
      const result = await invoke(outcome.functionName, outcome.event, { WX_OPENID: '', WX_APPID: appid, TCB_SOURCE: 'wx_pay' }).catch(
        (error: unknown) => ({ ok: false, result: undefined, error: error instanceof Error ? error.message : String(error) }),
      );
      const answer = result.ok ? (JSON.parse(result.result ?? 'null') as { errcode?: number } | null) : null;
      return json(res, 200, { paid: true, callback: outcome.functionName, acknowledged: answer?.errcode === 0, answer, error: result.error });
    }
    if (route === 'functions' && req.method === 'GET') return json(res, 200, { functions: runner.names() });
    if (route === 'functions/reload' && req.method === 'POST') {
      runner.setConfigs(functionConfigs(readCloudbaseRc(root)));
      return json(res, 200, { functions: runner.names() });
    }
    if (route.startsWith('functions/load/') && req.method === 'POST') {
      runner.load(route.slice('functions/load/'.length));
      return json(res, 200, { functions: runner.names() });
    }
    if (route.startsWith('functions/unload/') && req.method === 'POST') {
      runner.unload(route.slice('functions/unload/'.length));
      return json(res, 200, { ok: true });
    }
    return json(res, 404, { error: `no operation ${req.method} /__/${route}` });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (req.method === 'POST' && (p === '/admin' || p.startsWith('/admin/w/'))) {
      return admin(req, res, p === '/admin' ? null : Number(p.slice('/admin/w/'.length)));
    }
    if (req.method === 'POST' && p.startsWith('/call/')) return gateway(req, res, decodeURIComponent(p.slice(6)));
    if (p.startsWith('/__/')) return operations(req, res, p.slice(4));
    if (req.method === 'PUT' && p.startsWith('/cos/')) {
      const cloudPath = safePath(decodeURIComponent(p.slice(5)));
      const authorization = String(req.headers.authorization ?? '');
      if (!storage.verify(`put:${cloudPath}`, authorization)) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        return void res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>signature does not match</Message></Error>');
      }
      storage.put(cloudPath, await readBody(req), 'admin');
      res.writeHead(200, { etag: '"local"' });
      return void res.end();
    }
    if (req.method === 'PUT' && p.startsWith('/upload/')) {
      // The phone's wx.cloud.uploadFile: a client may write only under uploads/<its openid>/.
      const openid = String(req.headers['x-wx-openid'] ?? '');
      const cloudPath = safePath(decodeURIComponent(p.slice(8)));
      if (!openid || !cloudPath.startsWith(`uploads/${openid}/`)) return json(res, 403, { errCode: -503002, errMsg: 'cloud.uploadFile:fail permission denied' });
      storage.put(cloudPath, await readBody(req), openid);
      return json(res, 200, { fileID: storage.fileId(cloudPath), statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
    }
    if (req.method === 'GET' && p.startsWith('/files/')) {
      const cloudPath = safePath(decodeURIComponent(p.slice(7)));
      const expires = Number(url.searchParams.get('expires'));
      const sign = url.searchParams.get('sign') ?? '';
      if (!(expires > Date.now()) || !storage.verify(`get:${cloudPath}:${expires}`, sign)) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        return void res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired or the signature is wrong</Message></Error>');
      }
      const bytes = storage.read(cloudPath);
      if (!bytes) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        return void res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      return void res.end(bytes);
    }
    if (req.method === 'POST' && p === '/cityservice/face/identify/getinfo') {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { verify_result?: string };
      return json(res, 200, wechat.faceResult(String(body.verify_result ?? '')));
    }
    return json(res, 404, { error: `no route ${req.method} ${p}` });
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    store,
    async close() {
      await runner.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      store.db.close();
    },
  };
}
