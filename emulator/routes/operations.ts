import type { WriteFault } from '../database';
import { json, readBody, type Routes } from '../http';
import { functionConfigs, readCloudbaseRc } from '../project';
import { declareCollections, invoke, type EmulatorState } from '../state';

/** `/__/*`: what tests, the bench and people use to look at and steer the emulator. */
export function operationsRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/__/')) return false;
    const route = url.pathname.slice('/__/'.length);
    const body = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const answer = (status: number, reply: unknown) => {
      json(res, status, reply);
      return true;
    };
    const { store, database, storage, wechat, runner, clock } = state;
    if (route === 'stats' && req.method === 'GET') {
      return answer(200, { admin: state.stats, functions: runner.stats(), collections: store.stats(), openTransactions: database.openTransactions() });
    }
    if (route === 'reset' && req.method === 'POST') {
      store.wipe();
      declareCollections(state);
      database.reset();
      storage.wipe();
      wechat.reset();
      runner.reset();
      state.stats.total = 0;
      state.stats.byAction = {};
      clock.fixedNow = typeof input.now === 'string' ? input.now : undefined;
      return answer(200, { ok: true });
    }
    if (route === 'faults' && req.method === 'POST') {
      database.setFaults((input.writes as WriteFault[] | undefined) ?? []);
      return answer(200, { ok: true });
    }
    if (route === 'clock' && req.method === 'POST') {
      clock.fixedNow = typeof input.now === 'string' ? new Date(input.now).toISOString() : undefined;
      return answer(200, { now: clock.fixedNow ?? null });
    }
    if (route === 'logs' && req.method === 'GET') return answer(200, { lines: runner.logs() });
    if (route === 'outbox' && req.method === 'GET') return answer(200, { messages: wechat.outbox });
    if (route === 'face' && req.method === 'POST') {
      const { openid, name, idNumber } = input as { openid?: string; name?: string; idNumber?: string };
      if (!openid || !name || !idNumber) return answer(400, { error: 'openid, name and idNumber are required' });
      return answer(200, { verifyResult: wechat.issueFaceToken({ openid, name, idNumber }) });
    }
    if (route.startsWith('pay/') && req.method === 'POST') {
      // By out_trade_no, or by the prepay id the phone holds (prepay_id=wx...).
      const given = decodeURIComponent(route.slice('pay/'.length)).replace(/^prepay_id=/, '');
      const outcome = wechat.pay(wechat.orderNoOfPrepay(given) ?? given, new Date(clock.now()));
      if ('error' in outcome) return answer(404, { error: outcome.error });
      const result = await invoke(state, outcome.functionName, outcome.event, { WX_OPENID: '', WX_APPID: state.appid, TCB_SOURCE: 'wx_pay' }).catch(
        (error: unknown) => ({ ok: false, result: undefined, error: error instanceof Error ? error.message : String(error) }),
      );
      const reply = result.ok ? (JSON.parse(result.result ?? 'null') as { errcode?: number } | null) : null;
      return answer(200, { paid: true, callback: outcome.functionName, acknowledged: reply?.errcode === 0, answer: reply, error: result.error });
    }
    if (route === 'functions' && req.method === 'GET') return answer(200, { functions: runner.names() });
    if (route === 'functions/reload' && req.method === 'POST') {
      runner.setConfigs(functionConfigs(readCloudbaseRc(state.root)));
      return answer(200, { functions: runner.names() });
    }
    if (route.startsWith('functions/load/') && req.method === 'POST') {
      runner.load(route.slice('functions/load/'.length));
      return answer(200, { functions: runner.names() });
    }
    if (route.startsWith('functions/unload/') && req.method === 'POST') {
      runner.unload(route.slice('functions/unload/'.length));
      return answer(200, { ok: true });
    }
    return answer(404, { error: `no operation ${req.method} /__/${route}` });
  };
}
