import { mapStoreError, ProtocolError } from '../errors';
import { FunctionError } from '../functions';
import { json, newRequestId, readBody, readMultipart, type Routes } from '../http';
import { decodeCommApiData, encodeCommOpenApiResp } from '../protobuf';
import { environmentOf, invoke, type EmulatorState } from '../state';

/**
 * `POST /admin` (and `/admin/w/<worker>`, a function's own SDK): the CloudBase protocol
 * (cloudbase-protocol.md). Every answer is HTTP 200; a business error is `{ code, message }`.
 * Each call goes to the environment the SDK names (`?env=` in the URL, `envName` in the body).
 */
export function adminRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    const p = url.pathname;
    if (req.method !== 'POST' || (p !== '/admin' && !p.startsWith('/admin/w/'))) return false;
    const workerId = p === '/admin' ? null : Number(p.slice('/admin/w/'.length));
    const requestId = newRequestId();
    const contentType = req.headers['content-type'] ?? '';
    let params: Record<string, unknown>;
    let multipart: Record<string, Buffer> | null = null;
    if (contentType.startsWith('multipart/form-data')) {
      multipart = await readMultipart(req);
      params = Object.fromEntries(
        Object.entries(multipart)
          .filter(([k]) => k !== 'requestData' && k !== 'apiOptions')
          .map(([k, v]) => [k, v.toString('utf8')]),
      );
    } else {
      params = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
    }
    const action = String(params.action ?? '');
    const call = workerId === null ? undefined : state.runner.activeCall(workerId);
    if (call && action.startsWith('database.')) {
      call.dbCalls += 1;
      if (process.env.MC_TRACE_DB) (call.trace ??= []).push(`${action.slice('database.'.length)} ${String(params.collectionName ?? '')}`);
    }
    if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
    try {
      // The SDK puts the same id in both; the URL's is there for multipart calls too.
      const env = environmentOf(state, url.searchParams.get('env') ?? (typeof params.envName === 'string' ? params.envName : undefined));
      env.stats.total += 1;
      env.stats.byAction[action] = (env.stats.byAction[action] ?? 0) + 1;
      if (action.startsWith('database.')) {
        json(res, 200, { requestId, ...(env.database.handle(action, params) as object) });
        return true;
      }
      if (action.startsWith('storage.')) {
        json(res, 200, { requestId, ...(env.storage.handle(action, params) as object) });
        return true;
      }
      if (action === 'functions.invokeFunction') {
        const name = String(params.function_name ?? '');
        const event = JSON.parse(String(params.request_data ?? '{}')) as Record<string, unknown>;
        const result = await invoke(state, name, event, { ...(call?.wx ?? {}), TCB_SOURCE: 'wx_server' }, env);
        if (!result.ok) throw new ProtocolError('FUNCTIONS_EXECUTE_FAIL', result.error ?? 'function failed');
        json(res, 200, { requestId, data: { response_data: result.result } });
        return true;
      }
      if (action === 'wx.openApi' && multipart) {
        const apiName = String(params.apiName ?? '');
        const { params: apiParams } = decodeCommApiData(multipart.requestData ?? Buffer.alloc(0));
        // A function's cloud call is refused unless its config.json lists the API.
        const reply =
          call && !state.runner.permitsOpenApi(call.name, apiName)
            ? {
                contentType: 'application/json',
                body: Buffer.from(
                  JSON.stringify({ errcode: -604101, errmsg: `function has no permission to call this API: ${apiName} (config.json permissions.openapi)` }),
                ),
              }
            : await state.wechat.openApi(apiName, apiParams);
        const body = encodeCommOpenApiResp({ respData: reply.body, contentType: reply.contentType });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        res.end(body);
        return true;
      }
      if (action === 'wx.wxPayApi' && multipart) {
        const apiName = String(params.apiName ?? '');
        const data = JSON.parse((multipart.requestData ?? Buffer.from('{}')).toString('utf8')) as Record<string, unknown>;
        const reply = Buffer.from(JSON.stringify(state.wechat.payApi(apiName, data, call?.wx.WX_OPENID ?? '')));
        // Not application/json: the SDK reads the pay channel's answer as raw bytes, then parses it.
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': reply.length });
        res.end(reply);
        return true;
      }
      throw new ProtocolError('INVALID_PARAM', `unsupported action ${action}`);
    } catch (error) {
      const known = mapStoreError(error) ?? (error instanceof FunctionError ? new ProtocolError('FUNCTIONS_EXECUTE_FAIL', error.message) : null);
      if (known) json(res, 200, { code: known.code, message: known.message, requestId });
      else json(res, 200, { code: 'SYS_ERR', message: error instanceof Error ? error.message : String(error), requestId });
      return true;
    }
  };
}
