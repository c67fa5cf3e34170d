import { FunctionError } from '../functions';
import { callerOf, header, json, newRequestId, readBody, type Routes } from '../http';
import { ProtocolError } from '../errors';
import { environmentOf, invoke, type EmulatorState } from '../state';

/**
 * `POST /call/<fn>`: what wx.cloud.callFunction does from the phone. The JSON body is the
 * `data`, the caller is the `X-WX-OPENID` header, the target environment the `X-WX-ENV`
 * header (`config: { env }`; without it, the default one); CloudBase adds `userInfo` to the event.
 */
export function gatewayRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    if (req.method !== 'POST' || !url.pathname.startsWith('/call/')) return false;
    const name = decodeURIComponent(url.pathname.slice('/call/'.length));
    const requestID = newRequestId();
    const text = (await readBody(req)).toString('utf8');
    try {
      if (text !== '') JSON.parse(text);
    } catch {
      json(res, 400, { errCode: -501007, errMsg: 'cloud.callFunction:fail invalid JSON body', requestID });
      return true;
    }
    const openid = callerOf(req);
    const unionid = callerOf(req, 'x-wx-unionid');
    if (openid === null || unionid === null) {
      json(res, 400, { errCode: -501007, errMsg: 'cloud.callFunction:fail invalid parameters: X-WX-OPENID / X-WX-UNIONID is not an openid', requestID });
      return true;
    }
    const wx = {
      WX_OPENID: openid,
      WX_APPID: header(req, 'x-wx-appid') ?? state.appid,
      WX_UNIONID: unionid,
      WX_CLIENTIP: '127.0.0.1',
      TCB_SOURCE: 'wx_client',
    };
    // The body goes to the instance as the text it came as (a structured clone of a deeply nested
    // one would overflow the stack); CloudBase adds userInfo to it there.
    const userInfo = { userInfo: { appId: wx.WX_APPID, openId: wx.WX_OPENID ?? '' } };
    try {
      const result = await invoke(state, name, userInfo, wx, environmentOf(state, header(req, 'x-wx-env')), text === '' ? '{}' : text);
      if (!result.ok) {
        json(res, 500, { errCode: -504002, errMsg: `cloud.callFunction:fail ${result.error ?? ''}`, requestID });
        return true;
      }
      // The worker's answer is JSON already: written into the envelope as it is, not parsed again.
      const envelope = `{"result":${result.result ?? 'null'},"requestID":${JSON.stringify(requestID)},"errMsg":"cloud.callFunction:ok"}`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(envelope) });
      res.end(envelope);
      return true;
    } catch (error) {
      // The phone sees an environment that does not exist as -501000 (e.g. "Environment not found").
      if (error instanceof ProtocolError && error.code === 'INVALID_ENV') {
        json(res, 404, { errCode: -501000, errMsg: `cloud.callFunction:fail ${error.message}`, requestID });
        return true;
      }
      if (error instanceof FunctionError) {
        const status = error.code === 'FUNCTIONS_NOT_FOUND' ? 404 : error.code === 'FUNCTIONS_TIME_LIMIT_EXCEEDED' ? 504 : 500;
        json(res, status, { errCode: status === 404 ? -501000 : -504002, errMsg: `cloud.callFunction:fail ${error.message}`, requestID });
        return true;
      }
      throw error;
    }
  };
}
