import { createHash, generateKeyPairSync, publicDecrypt, randomBytes, sign, constants, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * A local stand-in for servicewechat.com, the host miniprogram-ci uploads to. miniprogram-ci sends
 * every request through the `request` module, which honours a proxy (ci.proxy / HTTPS_PROXY); this
 * is that proxy. It accepts CONNECT to servicewechat.com:443 only, refuses every other host (and
 * records it), terminates TLS with a certificate of its own for servicewechat.com (the child trusts
 * it through NODE_EXTRA_CA_CERTS) and answers as WeChat does: a random string for the signature,
 * the signature checked against the upload key's public half and the machine's IP against the
 * allow-list, the package unpacked and measured per subpackage, a QR code for a preview, and the
 * source maps of a robot's last upload. Nothing is forwarded anywhere.
 */

export interface CiRequest {
  path: string;
  query: Record<string, string>;
  /** The JSON body, for the JSON calls. */
  json?: Record<string, unknown>;
  /** The unpacked code package, for upload and preview. */
  files?: Record<string, Buffer>;
  /** What the stand-in answered. */
  answer?: Record<string, unknown>;
}

export interface WeChatCi {
  /** The proxy URL to give miniprogram-ci. */
  proxyUrl: string;
  /** The stand-in's certificate, for NODE_EXTRA_CA_CERTS. */
  caPath: string;
  requests: CiRequest[];
  /** Hosts something tried to reach other than servicewechat.com (never reached). */
  refused: string[];
  /** The QR code image answered to the last preview. */
  qrcode?: Buffer;
  /** Source maps kept per robot from its last upload. */
  sourceMaps: Map<number, { fullpath: string; sourcemap: string }[]>;
  close(): Promise<void>;
}

// ---- a minimal DER writer, enough for one self-signed X.509 certificate ----
const der = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [40 * a + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) chunk.unshift((x & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
};
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));
const time = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`, 'ascii'));

function selfSignedCertificate(host: string): { key: KeyObject; pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), der(0x05, Buffer.alloc(0)));
  const name = seq(der(0x31, seq(oid('2.5.4.3'), utf8(host))));
  const now = Date.now();
  const extensions = der(
    0xa3,
    seq(
      seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, seq(der(0x01, Buffer.from([0xff]))))),
      seq(oid('2.5.29.17'), der(0x04, seq(der(0x82, Buffer.from(host, 'ascii'))))),
    ),
  );
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.concat([Buffer.from([0x01]), randomBytes(8)])),
    sha256WithRsa,
    name,
    seq(time(new Date(now - 86_400_000)), time(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = cert.toString('base64').replace(/(.{64})/g, '$1\n');
  return { key: privateKey, pem: `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n` };
}

/** miniprogram-ci's code package format (dist/ci/utils/pack.js), read back. */
export function unpack(buffer: Buffer): Record<string, Buffer> {
  if (buffer[0] !== 0xbe || buffer[13] !== 0xed) throw new Error('not a miniprogram-ci package');
  const infoLength = buffer.readInt32BE(5);
  let at = 14;
  const count = buffer.readInt32BE(at);
  at += 4;
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) {
    const nameLength = buffer.readInt32BE(at);
    const name = buffer.subarray(at + 4, at + 4 + nameLength).toString('utf8');
    at += 4 + nameLength;
    const offset = buffer.readInt32BE(at);
    const size = buffer.readInt32BE(at + 4);
    at += 8;
    files[name] = buffer.subarray(offset, offset + size);
  }
  if (at !== 14 + infoLength) throw new Error('package file table is inconsistent');
  return files;
}

/** Sizes as WeChat reports them: the whole package, the main package, and each subpackage by its root. */
function measure(files: Record<string, Buffer>): { name: string; size: number }[] {
  const app = JSON.parse(files['/app.json']?.toString('utf8') ?? '{}') as { subpackages?: { root: string }[]; subPackages?: { root: string }[] };
  const roots = (app.subpackages ?? app.subPackages ?? []).map((s) => `/${s.root.replace(/^\/|\/$/g, '')}/`);
  const sizes = new Map<string, number>([['__APP__', 0], ...roots.map((r): [string, number] => [r, 0])]);
  let full = 0;
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith('.map') || name === '/ci.signature') continue;
    full += data.length;
    const root = roots.find((r) => name.startsWith(r)) ?? '__APP__';
    sizes.set(root, (sizes.get(root) ?? 0) + data.length);
  }
  return [{ name: '__FULL__', size: full }, ...[...sizes].map(([name, size]) => ({ name, size }))];
}

export async function startWeChatCi(options: { appid: string; publicKey: KeyObject; allowedIps?: string[]; sourceMapChunk?: number }): Promise<WeChatCi> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wechat-ci-'));
  const { key, pem } = selfSignedCertificate('servicewechat.com');
  const caPath = path.join(dir, 'servicewechat.pem');
  writeFileSync(caPath, pem);
  const issued = new Set<string>();
  const state: WeChatCi = {
    proxyUrl: '',
    caPath,
    requests: [],
    refused: [],
    sourceMaps: new Map(),
    close: async () => {},
  };
  const chunk = options.sourceMapChunk ?? 512 * 1024;
  const allowed = options.allowedIps ?? ['127.0.0.1'];

  /** WeChat's check of a signature: the upload key's private half over { appid, rand_str }, each random string good once. */
  const signatureProblem = (signature: unknown, appid: unknown): string | undefined => {
    try {
      const signed = JSON.parse(
        publicDecrypt({ key: options.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(String(signature), 'base64')).toString(),
      ) as {
        appid?: string;
        rand_str?: string;
      };
      if (signed.appid !== appid || !signed.rand_str || !issued.delete(signed.rand_str)) return 'invalid signature';
      return undefined;
    } catch {
      return 'invalid signature';
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'https://servicewechat.com');
    const query = Object.fromEntries(url.searchParams);
    const record: CiRequest = { path: url.pathname, query };
    state.requests.push(record);
    const answer = (response: ServerResponse, body: Record<string, unknown>) => {
      record.answer = body;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const ip = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    if (url.pathname === '/wxa/ci/upload' || url.pathname === '/wxa/ci/testSourceURL') {
      const files = unpack(gunzipSync(raw));
      record.files = files;
      if (!allowed.includes(ip))
        return answer(res, { errCode: -10008, errMsg: `invalid ip: ${ip}, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html` });
      const signed = JSON.parse(files['/ci.signature']?.toString('utf8') ?? '{}') as { signature?: string };
      const problem = signatureProblem(signed.signature, query.appid);
      if (problem) return answer(res, { errCode: -10009, errMsg: problem });
      const robot = Number(query.robot);
      const result: Record<string, unknown> = { subpackage_info: measure(files) };
      if (url.pathname === '/wxa/ci/testSourceURL') {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a real QR code image, as the preview answers one
        const qrcode = require('qrcode') as { toBuffer(text: string): Promise<Buffer> };
        state.qrcode = await qrcode.toBuffer(`https://servicewechat.com/preview?appid=${query.appid}&robot=${robot}`);
        result.qrcode_img = state.qrcode.toString('base64');
      } else {
        const maps = Object.entries(files)
          .filter(([name]) => name.endsWith('.js.map'))
          .map(([name, data]) => ({ fullpath: name.replace(/^\//, ''), sourcemap: data.toString('utf8') }));
        state.sourceMaps.set(robot, maps);
        result.str_uint64version = createHash('sha1').update(raw).digest('hex').slice(0, 8);
      }
      return answer(res, { errCode: 0, errMsg: 'ok', body: result });
    }
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      // clientreportv2 and friends may send anything
    }
    record.json = json;
    switch (url.pathname) {
      case '/wxa/ci/getrandstr': {
        const randomString = randomBytes(16).toString('hex');
        issued.add(randomString);
        return answer(res, { errCode: 0, errMsg: 'ok', data: { randomString } });
      }
      case '/wxa/ci/getattr': {
        const problem = signatureProblem(json.signature, json.appid);
        if (problem) return answer(res, { errCode: -10009, errMsg: problem });
        // An ordinary released mini-program, with WeChat's package limits in MB.
        const setting = { MaxCodeSize: 2, MaxSubpackageSubCodeSize: 2, MaxSubpackageFullCodeSize: 20, NavigateMiniprogramLimit: 10, MaxSubPackageLimit: 100 };
        return answer(res, { errCode: 0, errMsg: 'ok', data: { platform: false, appType: 0, isSandbox: false, released: true, setting } });
      }
      case '/wxa/ci/get_dev_sourcemap_info':
      case '/wxa/ci/get_dev_sourcemap': {
        if (!allowed.includes(ip)) return answer(res, { errCode: -10008, errMsg: `invalid ip: ${ip}` });
        const problem = signatureProblem(json.signature, json.appid);
        if (problem) return answer(res, { errCode: -10009, errMsg: problem });
        const maps = state.sourceMaps.get(Number(json.robot));
        if (!maps) return answer(res, { errCode: -1, errMsg: 'no dev version uploaded by this robot' });
        const whole = JSON.stringify({ sourcemap_list: maps });
        if (url.pathname === '/wxa/ci/get_dev_sourcemap_info')
          return answer(res, { errCode: 0, errMsg: 'ok', data: { total_size: whole.length, limit: chunk } });
        const offset = Number(json.offset ?? 0);
        const limit = Number(json.limit ?? whole.length);
        return answer(res, { innerRequestResp: { errCode: 0, body: whole.slice(offset, offset + limit) } });
      }
      case '/wxa-dev-logic/clientreportv2':
        return answer(res, { errCode: 0, errMsg: 'ok' });
      default:
        res.writeHead(404);
        res.end();
    }
  };

  const tls = createHttpsServer({ key: key.export({ type: 'pkcs8', format: 'pem' }), cert: pem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  const proxy = createHttpServer((req, res) => {
    // A plain-HTTP request through the proxy: nothing of WeChat's is plain HTTP.
    state.refused.push(req.url ?? '');
    res.writeHead(403);
    res.end();
  });
  proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
    if (req.url !== 'servicewechat.com:443') {
      state.refused.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    tls.emit('connection', socket);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  state.proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      tls.close();
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    });
  return state;
}
