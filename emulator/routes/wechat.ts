import { json, readBody, type Routes } from '../http';
import type { EmulatorState } from '../state';

/** WeChat's own HTTPS APIs that functions call directly (not through the SDK): face verification results. */
export function wechatRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    if (req.method !== 'POST' || url.pathname !== '/cityservice/face/identify/getinfo') return false;
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { verify_result?: string };
    json(res, 200, state.wechat.faceResult(String(body.verify_result ?? '')));
    return true;
  };
}
