import type { WriteFault } from '../database';
import { ProtocolError } from '../errors';
import { StoreError } from '../store-model';
import { json, readBody, type Routes } from '../http';
import { functionConfigs, readCloudbaseRc } from '../project';
import { assignFunctions, declareCollections, environmentOf, functionsOf, invoke, type EmulatorState, type Environment } from '../state';

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
    try {
      return await operate(state, req.method ?? 'GET', route, input, url, answer);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'INVALID_ENV') return answer(404, { code: error.code, error: error.message });
      if (error instanceof StoreError) return answer(400, { code: error.code, error: error.message });
      throw error;
    }
  };
}

const environmentStats = (env: Environment) => ({ admin: env.stats, collections: env.store.stats(), openTransactions: env.database.openTransactions() });

async function operate(
  state: EmulatorState,
  method: string,
  route: string,
  input: Record<string, unknown>,
  url: URL,
  answer: (status: number, reply: unknown) => boolean,
): Promise<boolean> {
  const { wechat, runner, clock } = state;
  if (route === 'stats' && method === 'GET') {
    // The top-level figures are the default environment's, as before there were several.
    const environments = Object.fromEntries([...state.environments.values()].map((env) => [env.id, environmentStats(env)]));
    return answer(200, { ...environmentStats(state.defaultEnv), functions: runner.stats(), environments });
  }
  if (route === 'environments' && method === 'GET') {
    return answer(200, {
      default: state.defaultEnv.id,
      environments: [...state.environments.values()].map((env) => ({ id: env.id, functions: functionsOf(state, env) })),
    });
  }
  if (route === 'reset' && method === 'POST') {
    for (const env of state.environments.values()) {
      env.store.wipe();
      declareCollections(state, env);
      env.database.reset();
      env.storage.wipe();
      env.stats.total = 0;
      env.stats.byAction = {};
    }
    wechat.reset();
    state.trtc.reset();
    // Every function deployed again where the topology puts it.
    runner.reset();
    assignFunctions(
      state,
      state.topology(),
      readCloudbaseRc(state.root).functions.map((fn) => fn.name),
    );
    clock.fixedNow = typeof input.now === 'string' ? input.now : undefined;
    return answer(200, { ok: true });
  }
  if (route === 'faults' && method === 'POST') {
    environmentOf(state, typeof input.env === 'string' ? input.env : undefined).database.setFaults((input.writes as WriteFault[] | undefined) ?? []);
    return answer(200, { ok: true });
  }
  if (route === 'indexes' && method === 'POST') {
    // The console's 索引管理 for a collection made at run time: a 2dsphere (地理位置) index, which
    // geo queries need. Other indexes, and every declared collection's, are database-rules/'s.
    const { collection, indexes } = input as { collection?: unknown; indexes?: { keys?: Record<string, unknown> }[] };
    const env = environmentOf(state, typeof input.env === 'string' ? input.env : undefined);
    if (typeof collection !== 'string' || !Array.isArray(indexes)) return answer(400, { error: 'collection and indexes are required' });
    const fields = indexes.flatMap((index) => Object.entries(index.keys ?? {}));
    if (fields.length === 0 || fields.some(([, kind]) => kind !== '2dsphere'))
      return answer(400, { error: 'only 2dsphere indexes are added here; declare the others in database-rules/' });
    for (const [field] of fields) env.store.addGeoIndex(collection, field);
    return answer(200, { ok: true, geoFields: env.store.geoFields(collection) });
  }
  if (route === 'clock' && method === 'POST') {
    clock.fixedNow = typeof input.now === 'string' ? new Date(input.now).toISOString() : undefined;
    return answer(200, { now: clock.fixedNow ?? null });
  }
  if (route === 'logs' && method === 'GET') return answer(200, { lines: runner.logs() });
  if (route === 'outbox' && method === 'GET') return answer(200, { messages: wechat.outbox });
  if (route === 'face' && method === 'POST') {
    // The phone runs wx.requestFacialVerify({ verifyId }) for the account `openid`.
    const { verifyId, openid, verifyRet } = input as { verifyId?: string; openid?: string; verifyRet?: number };
    if (!verifyId || !openid) return answer(400, { error: 'verifyId and openid are required' });
    const outcome = wechat.requestFacialVerify(verifyId, openid, verifyRet);
    return answer(outcome.ok ? 200 : 409, outcome);
  }
  if (route.startsWith('pay/') && method === 'POST') {
    // By out_trade_no, or by the prepay id the phone holds (prepay_id=wx...).
    const given = decodeURIComponent(route.slice('pay/'.length)).replace(/^prepay_id=/, '');
    const outcome = wechat.pay(wechat.orderNoOfPrepay(given) ?? given, new Date(clock.now()));
    if ('error' in outcome) return answer(404, { error: outcome.error });
    // The callback runs in the environment it is deployed in.
    const result = await invoke(state, outcome.functionName, outcome.event, { WX_OPENID: '', WX_APPID: state.appid, TCB_SOURCE: 'wx_pay' }).catch(
      (error: unknown) => ({ ok: false, result: undefined, error: error instanceof Error ? error.message : String(error) }),
    );
    const reply = result.ok ? (JSON.parse(result.result ?? 'null') as { errcode?: number } | null) : null;
    return answer(200, { paid: true, callback: outcome.functionName, acknowledged: reply?.errcode === 0, answer: reply, error: result.error });
  }
  if (route.startsWith('timer/') && method === 'POST') {
    // A timer trigger fires: the emulator keeps no schedule, so a test or a person fires it. As SCF
    // runs it: the trigger's event, no caller, SOURCE wx_trigger; only a trigger the function declares.
    const name = decodeURIComponent(route.slice('timer/'.length));
    const triggers = readCloudbaseRc(state.root).functions.find((fn) => fn.name === name)?.triggers ?? [];
    const trigger = triggers.find((t) => t.type === 'timer' && (input.trigger === undefined || t.name === input.trigger));
    if (!trigger)
      return answer(404, { error: `${name} declares no timer trigger${typeof input.trigger === 'string' ? ` ${input.trigger}` : ''} in cloudbaserc.json` });
    const event = { Type: 'Timer', TriggerName: trigger.name, Time: new Date(clock.now()).toISOString(), Message: '' };
    const result = await invoke(state, name, event, { WX_OPENID: '', WX_APPID: state.appid, TCB_SOURCE: 'wx_trigger' }).catch((error: unknown) => ({
      ok: false,
      result: undefined,
      error: error instanceof Error ? error.message : String(error),
    }));
    return answer(200, { trigger: trigger.name, result: result.ok ? (JSON.parse(result.result ?? 'null') as unknown) : null, error: result.error });
  }
  if (route === 'access-token/refuse' && method === 'POST') return answer(200, { refused: wechat.refuseCurrentToken() });
  if (route.startsWith('refund/') && method === 'POST') {
    // WeChat Pay finishes the refund: the notice goes to the function the refund named, in its environment.
    const outcome = wechat.completeRefund(decodeURIComponent(route.slice('refund/'.length)), new Date(clock.now()));
    if ('error' in outcome) return answer(404, { error: outcome.error });
    const result = await invoke(
      state,
      outcome.functionName,
      outcome.event,
      { WX_OPENID: '', WX_APPID: state.appid, TCB_SOURCE: 'wx_pay' },
      environmentOf(state, outcome.envId),
    ).catch((error: unknown) => ({ ok: false, result: undefined, error: error instanceof Error ? error.message : String(error) }));
    const reply = result.ok ? (JSON.parse(result.result ?? 'null') as { errcode?: number } | null) : null;
    return answer(200, { refunded: true, callback: outcome.functionName, acknowledged: reply?.errcode === 0, answer: reply, error: result.error });
  }
  if (route === 'functions' && method === 'GET') return answer(200, { functions: deployed(state) });
  if (route === 'functions/reload' && method === 'POST') {
    const rc = readCloudbaseRc(state.root);
    runner.setConfigs(functionConfigs(rc));
    assignFunctions(
      state,
      state.topology(),
      rc.functions.map((fn) => fn.name),
    );
    return answer(200, { functions: deployed(state) });
  }
  if (route.startsWith('functions/load/') && method === 'POST') {
    const name = route.slice('functions/load/'.length);
    const home = state.homes.get(name);
    const env = environmentOf(state, url.searchParams.get('env') ?? home);
    if (home !== undefined && home !== env.id) {
      // A function lives in one environment here: deployed into another, it moves, and its
      // instances (whose TCB_ENV was the old one) end.
      runner.unload(name);
    }
    state.homes.set(name, env.id);
    runner.load(name);
    return answer(200, { functions: deployed(state) });
  }
  if (route.startsWith('functions/unload/') && method === 'POST') {
    const name = route.slice('functions/unload/'.length);
    const home = state.homes.get(name);
    const env = environmentOf(state, url.searchParams.get('env') ?? home);
    // Deployed elsewhere, or deleted already: CloudBase refuses to delete a function that is not there.
    if ((home !== undefined && home !== env.id) || !runner.has(name))
      return answer(404, { code: 'FUNCTIONS_NOT_FOUND', error: `function ${name} is not deployed in environment ${env.id}` });
    runner.unload(name);
    return answer(200, { ok: true });
  }
  return answer(404, { error: `no operation ${method} /__/${route}` });
}

/** The functions deployed in some environment. */
const deployed = (state: EmulatorState) => state.runner.names().filter((name) => state.homes.has(name));
