import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A local stand-in for Tencent Cloud's API endpoints (tcb / scf / flexdb / vpc .tencentcloudapi.com),
 * for running the real @cloudbase/manager-node against it. It is an HTTPS proxy: a client given
 * HTTPS_PROXY opens a tunnel (CONNECT) to the real host name, which the stand-in answers itself with
 * a certificate of a test CA (the client trusts it through NODE_EXTRA_CA_CERTS). A tunnel to any
 * other host is refused and recorded. Each request is checked as the API checks it (TC3-HMAC-SHA256
 * signature, action, parameters) and answered as the API answers, errors included.
 */

export interface RecordedCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
  /** For code uploads (Code.ZipFile): the files in the zip. */
  files?: string[];
}

interface StoredFunction {
  FunctionName: string;
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  Status: string;
  StatusDesc: string;
  StatusReasons: { ErrorCode: string; ErrorMessage: string }[];
  Environment: { Variables: { Key: string; Value: string }[] };
  InstallDependency: string;
  files: string[];
  Triggers?: { TriggerName: string; Type: string; TriggerDesc: string }[];
}

interface StoredCollection {
  indexes: { Name: string; Keys: { Name: string; Direction: string }[]; Unique: boolean }[];
  acl: string;
  rule?: string;
}

interface CloudEnvironment {
  functions: Map<string, StoredFunction>;
  collections: Map<string, StoredCollection>;
  /** The storage bucket's security rule (a new environment's: READONLY, everyone reads, the uploader writes). */
  storage: { acl: string; rule?: string };
}

/** The Node.js runtimes SCF takes for a new function. */
const RUNTIMES = ['Nodejs16.13', 'Nodejs18.15', 'Nodejs20.19', 'Nodejs22.21', 'Nodejs24.11'];
const ACL_TAGS = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY'];
const SERVICES = new Set(['tcb', 'scf', 'flexdb', 'vpc']);

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A CA and a certificate for *.tencentcloudapi.com it signed, made with openssl for this run only. */
function testCertificates(): { dir: string; ca: string; key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mc-tencentcloud-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=MicroCourt test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=tencentcloudapi.com');
  writeFileSync(file('leaf.ext'), 'subjectAltName=DNS:*.tencentcloudapi.com,DNS:tencentcloudapi.com\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('leaf.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('leaf.pem'),
    '-days',
    '2',
    '-extfile',
    file('leaf.ext'),
  );
  const read = (name: string) => readFileSync(file(name), 'utf8');
  return { dir, ca: file('ca.pem'), key: read('leaf.key'), cert: read('leaf.pem') };
}

/** The names of the files in a zip, from its central directory. */
export function zipEntries(zip: Buffer): string[] {
  const names: string[] = [];
  for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46)) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
  }
  return names.sort();
}

/** An environment's storage bucket, as DescribeEnvInfo names it. */
export const bucketOf = (envId: string) => `${envId}-1250000000`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

export class TencentCloudStandIn {
  readonly calls: RecordedCall[] = [];
  /** Tunnels or plain requests to anything other than Tencent Cloud's API hosts. */
  readonly refused: string[] = [];
  readonly envs = new Map<string, CloudEnvironment>();
  /** Functions whose next deployment SCF fails (status CreateFailed / UpdateFailed). */
  readonly failing = new Set<string>();
  private proxy?: http.Server;
  private tls?: https.Server;
  private certificates?: ReturnType<typeof testCertificates>;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly credentials: { secretId: string; secretKey: string },
    envIds: string[],
  ) {
    for (const id of envIds) this.envs.set(id, { functions: new Map(), collections: new Map(), storage: { acl: 'READONLY' } });
  }

  /** The environment a deploying process needs: the proxy, and trust in the test CA. */
  get clientEnv(): Record<string, string> {
    if (!this.proxy || !this.certificates) throw new Error('stand-in not started');
    return { HTTPS_PROXY: `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`, NODE_EXTRA_CA_CERTS: this.certificates.ca };
  }

  callsOf(action: string): RecordedCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  async start(): Promise<void> {
    this.certificates = testCertificates();
    this.tls = https.createServer({ key: this.certificates.key, cert: this.certificates.cert }, (req, res) => void this.serve(req, res));
    this.proxy = http.createServer((req, res) => {
      this.refused.push(`${req.method} ${req.url}`);
      res.writeHead(403).end();
    });
    this.proxy.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.proxy.on('connect', (req: http.IncomingMessage, socket: Socket) => {
      const [host = '', port = ''] = (req.url ?? '').split(':');
      const service = host.replace(/\.tencentcloudapi\.com$/, '');
      if (port !== '443' || service === host || !SERVICES.has(service)) {
        this.refused.push(`CONNECT ${req.url}`);
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      this.tls?.emit('connection', socket);
    });
    await new Promise<void>((resolve) => this.proxy?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.proxy ? this.proxy.close(() => resolve()) : resolve()));
    this.tls?.close();
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const host = String(req.headers.host ?? '').split(':')[0] ?? '';
    const service = host.replace(/\.tencentcloudapi\.com$/, '');
    const action = String(req.headers['x-tc-action'] ?? '');
    const requestId = `${service}-${this.calls.length + 1}`;
    const answer = (response: Record<string, unknown>) => {
      const text = JSON.stringify({ Response: { ...response, RequestId: requestId } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    };
    try {
      this.checkSignature(req, host, service, body);
      const params = JSON.parse(body || '{}') as Record<string, unknown>;
      const call: RecordedCall = { service, action, params };
      const zip = (params.Code as { ZipFile?: string } | undefined)?.ZipFile;
      if (zip) {
        call.files = zipEntries(Buffer.from(zip, 'base64'));
        call.params = { ...params, Code: { ZipFile: `<${zip.length} base64>` } };
      }
      this.calls.push(call);
      answer(this.handle(service, action, params, call.files ?? []));
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError('InternalError', String(error));
      answer({ Error: { Code: e.code, Message: e.message } });
    }
  }

  /** TC3-HMAC-SHA256 as Tencent Cloud checks it (content-type;host signed, the body hashed). */
  private checkSignature(req: http.IncomingMessage, host: string, service: string, body: string): void {
    const authorization = String(req.headers.authorization ?? '');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    const match = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
    if (!match) throw new ApiError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    const [, secretId, date, signedService, , signature] = match;
    if (secretId !== this.credentials.secretId) throw new ApiError('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    const contentType = String(req.headers['content-type'] ?? '');
    const canonical = `POST\n/\n\ncontent-type:${contentType}\nhost:${host}\n\ncontent-type;host\n${sha256(body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${signedService}/tc3_request\n${sha256(canonical)}`;
    const key = hmac(hmac(hmac(`TC3${this.credentials.secretKey}`, date ?? ''), signedService ?? ''), 'tc3_request');
    if (signedService !== service || hmac(key, toSign).toString('hex') !== signature)
      throw new ApiError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
  }

  private env(params: Record<string, unknown>, field: 'EnvId' | 'Namespace' = 'EnvId'): CloudEnvironment {
    const id = String(params[field] ?? '');
    const env = this.envs.get(id);
    if (!env) throw new ApiError('ResourceNotFound', `环境 ${id} 不存在`);
    return env;
  }

  private handle(service: string, action: string, p: Record<string, unknown>, files: string[]): Record<string, unknown> {
    const key = `${service}:${action}`;
    switch (key) {
      case 'tcb:DescribeEnvInfo': {
        const id = String(p.EnvId ?? '');
        this.env(p);
        return {
          EnvInfo: {
            EnvBaseInfo: {
              EnvId: id,
              Alias: id,
              Status: 'NORMAL',
              Region: 'ap-shanghai',
              Databases: [{ InstanceId: `tnt-${id}`, Status: 'RUNNING', Region: 'ap-shanghai' }],
              Storages: [{ Bucket: bucketOf(id), Region: 'ap-shanghai', AppId: '1250000000' }],
              Functions: [{ Namespace: id, Region: 'ap-shanghai' }],
              LogServices: [],
              CustomLogServices: [],
            },
          },
        };
      }
      case 'tcb:DescribeTable': {
        const collection = this.collection(p);
        return { Indexes: collection.indexes.map((i) => ({ ...i, Size: 0, Accesses: { Ops: 0, Since: '' } })), IndexNum: collection.indexes.length };
      }
      case 'tcb:CreateTable': {
        const env = this.env(p);
        this.connector(p);
        const name = String(p.TableName ?? '');
        if (env.collections.has(name)) throw new ApiError('ResourceInUse', `集合 ${name} 已存在`);
        env.collections.set(name, { indexes: [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true }], acl: 'ADMINONLY' });
        return {};
      }
      case 'tcb:UpdateTable': {
        const collection = this.collection(p);
        for (const index of (p.CreateIndexes ?? []) as {
          IndexName?: string;
          MgoKeySchema?: { MgoIsUnique?: unknown; MgoIndexKeys?: { Name?: unknown; Direction?: unknown }[] };
        }[]) {
          const keys = index.MgoKeySchema?.MgoIndexKeys ?? [];
          if (!index.IndexName || typeof index.MgoKeySchema?.MgoIsUnique !== 'boolean' || keys.length === 0)
            throw new ApiError('InvalidParameter', 'CreateIndexes 需要 IndexName 与 MgoKeySchema { MgoIsUnique, MgoIndexKeys }');
          if (keys.some((k) => typeof k.Name !== 'string' || !['1', '-1', '2dsphere'].includes(String(k.Direction)) || typeof k.Direction !== 'string'))
            throw new ApiError('InvalidParameter', 'MgoIndexKeys 的 Direction 应为字符串 "1"、"-1" 或 "2dsphere"');
          if (collection.indexes.some((i) => i.Name === index.IndexName)) throw new ApiError('ResourceInUse', `索引 ${index.IndexName} 已存在`);
          if (collection.indexes.length - 1 >= 20) throw new ApiError('LimitExceeded', '单个集合的索引数已达上限');
          collection.indexes.push({ Name: index.IndexName, Keys: keys as { Name: string; Direction: string }[], Unique: index.MgoKeySchema.MgoIsUnique });
        }
        return {};
      }
      case 'tcb:ModifyDatabaseACL': {
        const collection = this.collectionNamed(p);
        if (!ACL_TAGS.includes(String(p.AclTag))) throw new ApiError('InvalidParameter', `AclTag ${String(p.AclTag)} 无效`);
        collection.acl = String(p.AclTag);
        delete collection.rule;
        return {};
      }
      case 'tcb:ModifySafeRule': {
        const collection = this.collectionNamed(p);
        if (p.AclTag === 'CUSTOM') {
          try {
            JSON.parse(String(p.Rule));
          } catch {
            throw new ApiError('InvalidParameter', 'Rule 不是 JSON');
          }
          collection.rule = String(p.Rule);
        } else if (!ACL_TAGS.includes(String(p.AclTag))) throw new ApiError('InvalidParameter', `AclTag ${String(p.AclTag)} 无效`);
        collection.acl = String(p.AclTag);
        return {};
      }
      case 'tcb:ModifyStorageSafeRule': {
        const env = this.env(p);
        if (p.Bucket !== bucketOf(String(p.EnvId))) throw new ApiError('ResourceNotFound', `存储桶 ${String(p.Bucket)} 不属于环境 ${String(p.EnvId)}`);
        if (p.AclTag === 'CUSTOM') {
          let rule: { read?: unknown; write?: unknown };
          try {
            rule = JSON.parse(String(p.Rule)) as typeof rule;
          } catch {
            throw new ApiError('InvalidParameter', 'Rule 不是 JSON');
          }
          if (rule.read === undefined || rule.write === undefined) throw new ApiError('InvalidParameter', 'Rule 须有 read 与 write');
          env.storage = { acl: 'CUSTOM', rule: String(p.Rule) };
        } else if (ACL_TAGS.includes(String(p.AclTag))) env.storage = { acl: String(p.AclTag) };
        else throw new ApiError('InvalidParameter', `AclTag ${String(p.AclTag)} 无效`);
        return {};
      }
      case 'tcb:DescribeStorageSafeRule': {
        const env = this.env(p);
        if (p.Bucket !== bucketOf(String(p.EnvId))) throw new ApiError('ResourceNotFound', `存储桶 ${String(p.Bucket)} 不属于环境 ${String(p.EnvId)}`);
        return { AclTag: env.storage.acl, ...(env.storage.rule ? { Rule: env.storage.rule } : {}) };
      }
      case 'tcb:DescribeCloudBaseGWAPI':
        return { APISet: [], Total: 0 };
      case 'scf:GetFunction': {
        const fn = this.fn(p);
        const { files: _files, ...detail } = fn;
        void _files;
        return detail;
      }
      case 'scf:CreateFunction': {
        const env = this.env(p, 'Namespace');
        const name = String(p.FunctionName ?? '');
        if (env.functions.has(name)) throw new ApiError('ResourceInUse.FunctionName', `函数 ${name} 已存在`);
        if (!RUNTIMES.includes(String(p.Runtime))) throw new ApiError('InvalidParameterValue.Runtime', `Runtime ${String(p.Runtime)} 不支持`);
        if (files.length === 0) throw new ApiError('InvalidParameterValue.Code', '代码包为空');
        const failed = this.failing.has(name);
        env.functions.set(name, {
          FunctionName: name,
          Runtime: String(p.Runtime),
          Handler: String(p.Handler ?? 'index.main'),
          Timeout: Number(p.Timeout ?? 3),
          MemorySize: Number(p.MemorySize ?? 128),
          Status: failed ? 'CreateFailed' : 'Active',
          StatusDesc: failed ? '依赖安装失败' : '',
          StatusReasons: failed ? [{ ErrorCode: 'InstallDependencyFailed', ErrorMessage: 'npm install wx-server-sdk 失败' }] : [],
          Environment: { Variables: ((p.Environment as { Variables?: { Key: string; Value: string }[] } | undefined)?.Variables ?? []).map((v) => ({ ...v })) },
          InstallDependency: String(p.InstallDependency ?? 'FALSE'),
          files,
        });
        return {};
      }
      case 'scf:UpdateFunctionCode': {
        const fn = this.fn(p);
        if (fn.Status !== 'Active' && fn.Status !== 'UpdateFailed')
          throw new ApiError('FailedOperation.UpdateFunctionCode', `函数状态为 ${fn.Status}，不能更新`);
        if (files.length === 0) throw new ApiError('InvalidParameterValue.Code', '代码包为空');
        const failed = this.failing.has(fn.FunctionName);
        Object.assign(fn, {
          files,
          Status: failed ? 'UpdateFailed' : 'Active',
          StatusDesc: failed ? '依赖安装失败' : '',
          StatusReasons: failed ? [{ ErrorCode: 'InstallDependencyFailed', ErrorMessage: 'npm install wx-server-sdk 失败' }] : [],
        });
        return {};
      }
      case 'scf:UpdateFunctionConfiguration': {
        const fn = this.fn(p);
        if (fn.Status !== 'Active') throw new ApiError('FailedOperation.UpdateFunctionConfiguration', `函数状态为 ${fn.Status}，不能更新配置`);
        if (p.Timeout !== undefined) fn.Timeout = Number(p.Timeout);
        if (p.MemorySize !== undefined) fn.MemorySize = Number(p.MemorySize);
        // Environment replaces the variables as a set; absent, they stay.
        const variables = (p.Environment as { Variables?: { Key: string; Value: string }[] } | undefined)?.Variables;
        if (variables) fn.Environment = { Variables: variables.map((v) => ({ ...v })) };
        return {};
      }
      case 'scf:BatchCreateTrigger': {
        const fn = this.fn(p);
        const triggers = JSON.parse(String(p.Triggers ?? '[]')) as { TriggerName: string; Type: string; TriggerDesc: string }[];
        if (triggers.length !== Number(p.Count)) throw new ApiError('InvalidParameterValue.Count', 'Count 与 Triggers 不符');
        for (const t of triggers) {
          if (t.Type !== 'timer' || t.TriggerDesc.trim().split(/\s+/).length !== 7)
            throw new ApiError('InvalidParameterValue.TriggerDesc', `触发器 ${t.TriggerName} 配置无效`);
          if ((fn.Triggers ?? []).some((c) => c.TriggerName === t.TriggerName)) throw new ApiError('ResourceInUse.Trigger', `触发器 ${t.TriggerName} 已存在`);
          fn.Triggers = [...(fn.Triggers ?? []), { TriggerName: t.TriggerName, Type: 'timer', TriggerDesc: JSON.stringify({ cron: t.TriggerDesc }) }];
        }
        return {};
      }
      case 'scf:DeleteTrigger': {
        const fn = this.fn(p);
        fn.Triggers = (fn.Triggers ?? []).filter((t) => t.TriggerName !== String(p.TriggerName));
        return {};
      }
      case 'scf:DeleteFunction': {
        const env = this.env(p, 'Namespace');
        this.fn(p);
        env.functions.delete(String(p.FunctionName));
        return {};
      }
      default:
        throw new ApiError('InvalidAction', `接口 ${action} 不存在（${service}）`);
    }
  }

  private connector(p: Record<string, unknown>): void {
    const connector = p.MongoConnector as { InstanceId?: string; DatabaseName?: string } | undefined;
    if (connector?.InstanceId !== 'flexdb' || connector.DatabaseName !== `tnt-${String(p.EnvId)}`)
      throw new ApiError('InvalidParameter', 'MongoConnector 无效');
  }

  private collection(p: Record<string, unknown>): StoredCollection {
    const env = this.env(p);
    this.connector(p);
    const found = env.collections.get(String(p.TableName ?? ''));
    if (!found) throw new ApiError('ResourceNotFound', `集合 ${String(p.TableName)} 不存在`);
    return found;
  }

  private collectionNamed(p: Record<string, unknown>): StoredCollection {
    const found = this.env(p).collections.get(String(p.CollectionName ?? ''));
    if (!found) throw new ApiError('ResourceNotFound', `集合 ${String(p.CollectionName)} 不存在`);
    return found;
  }

  private fn(p: Record<string, unknown>): StoredFunction {
    const found = this.env(p, 'Namespace').functions.get(String(p.FunctionName ?? ''));
    if (!found) throw new ApiError('ResourceNotFound.FunctionName', `函数 ${String(p.FunctionName)} 不存在`);
    return found;
  }
}
