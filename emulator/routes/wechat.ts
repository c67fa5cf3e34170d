import { json, readBody, type Routes } from '../http';
import type { EmulatorState } from '../state';

/**
 * WeChat's own HTTPS APIs that functions call directly, not through the SDK (neither takes a
 * cloud call): the stable access_token, and face verification 2.0 with that token.
 */
export function wechatRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    if (req.method !== 'POST') return false;
    const read = async () => JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
    const withToken = async (answer: (body: Record<string, unknown>) => Record<string, unknown>) => {
      const refused = state.wechat.refuseAccessToken(url.searchParams.get('access_token'));
      json(res, 200, refused ?? answer(await read()));
      return true;
    };
    switch (url.pathname) {
      case '/cgi-bin/stable_token':
        json(res, 200, state.wechat.stableToken(await read()));
        return true;
      case '/cityservice/face/identify/getverifyid':
        return withToken((body) => state.wechat.getVerifyId(body));
      case '/cityservice/face/identify/queryverifyinfo':
        return withToken((body) => state.wechat.queryVerifyInfo(body));
      default:
        return false;
    }
  };
}
