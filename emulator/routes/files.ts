import { callerOf, cosError, header, json, readBody, type Routes } from '../http';
import type { EmulatorState } from '../state';
import { safePath } from '../storage';

/**
 * Storage's own HTTP: `PUT /cos/<path>` (the SDK's signed upload, as COS takes it),
 * `PUT /upload/<path>` (a phone's wx.cloud.uploadFile), `GET /files/<path>` (temp URLs).
 * Another environment's storage is under `/env/<id>/` (the URLs its service issues say so);
 * a phone's upload may name its environment with `X-WX-ENV` instead.
 */
export function filesRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    const prefixed = /^\/env\/([^/]+)(\/.*)$/.exec(url.pathname);
    const p = prefixed?.[2] ?? url.pathname;
    if (!/^\/(cos|upload|files)\//.test(p)) return false;
    const envId = prefixed ? decodeURIComponent(prefixed[1] ?? '') : p.startsWith('/upload/') ? header(req, 'x-wx-env') : undefined;
    const env = state.environments.get(envId || state.defaultEnv.id);
    if (!env) {
      cosError(res, 404, 'NoSuchBucket', `The specified environment does not exist: ${envId ?? ''}`);
      return true;
    }
    const { storage } = env;
    if (req.method === 'PUT' && p.startsWith('/cos/')) {
      const cloudPath = safePath(decodeURIComponent(p.slice('/cos/'.length)));
      const authorization = String(req.headers.authorization ?? '');
      if (!storage.verify(`put:${cloudPath}`, authorization)) {
        cosError(res, 403, 'AccessDenied', 'signature does not match');
        return true;
      }
      storage.put(cloudPath, await readBody(req), 'admin');
      res.writeHead(200, { etag: '"local"' });
      res.end();
      return true;
    }
    if (req.method === 'PUT' && p.startsWith('/upload/')) {
      // The phone's wx.cloud.uploadFile: a client may write only under uploads/<its openid>/.
      // An X-WX-OPENID not of an openid's shape is no caller: `party-hu/sub` would name another's folder.
      const openid = callerOf(req);
      const cloudPath = safePath(decodeURIComponent(p.slice('/upload/'.length)));
      if (!openid || !cloudPath.startsWith(`uploads/${openid}/`)) {
        json(res, 403, { errCode: -503002, errMsg: 'cloud.uploadFile:fail permission denied' });
        return true;
      }
      storage.put(cloudPath, await readBody(req), openid);
      json(res, 200, { fileID: storage.fileId(cloudPath), statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
      return true;
    }
    if (req.method === 'GET' && p.startsWith('/files/')) {
      const cloudPath = safePath(decodeURIComponent(p.slice('/files/'.length)));
      const expires = Number(url.searchParams.get('expires'));
      const sign = url.searchParams.get('sign') ?? '';
      if (!(expires > Date.now()) || !storage.verify(`get:${cloudPath}:${expires}`, sign)) {
        cosError(res, 403, 'AccessDenied', 'Request has expired or the signature is wrong');
        return true;
      }
      const bytes = storage.read(cloudPath);
      if (!bytes) {
        cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        return true;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return true;
    }
    return false;
  };
}
