import type { IncomingMessage, ServerResponse } from 'node:http';
import Busboy from 'busboy';

// What every route module needs of node:http: bodies in, JSON out.

export const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/** An XML error as COS answers it. */
export const cosError = (res: ServerResponse, status: number, code: string, message: string): void => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
};

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function readMultipart(req: IncomingMessage): Promise<Record<string, Buffer>> {
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

/** One value of a request header (node gives an array for a repeated one). */
export function header(req: IncomingMessage, key: string): string | undefined {
  const value = req.headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The shape of an openid the emulator takes in `X-WX-OPENID` (and `X-WX-UNIONID`): WeChat's are
 * 28 characters of [A-Za-z0-9_-]; local fixtures use shorter readable ones (`o-hu`), so any
 * 1–64 of those characters. Anything else (`party-hu/sub`, `..`, spaces) is refused: the
 * header stands for the caller WeChat identifies, and it names storage paths (uploads/<openid>/).
 */
export const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** The caller a phone's request names: absent (undefined), an openid, or null when the header is not an openid's shape. */
export function callerOf(req: IncomingMessage, key = 'x-wx-openid'): string | undefined | null {
  const value = header(req, key);
  if (value === undefined || value === '') return undefined;
  return OPENID.test(value) ? value : null;
}

export const newRequestId = () => `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A route module's handler: it answers and resolves true when the request is one of its
 * routes, and resolves false (touching nothing) otherwise.
 */
export type Routes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
