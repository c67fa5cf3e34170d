import { ProtocolError } from '../errors';
import { callerOf, header, json, newRequestId, readBody, type Routes } from '../http';
import { readDatabaseRules, readStorageRules } from '../project';
import { allows, fieldsOf, pinnedBy, UNKNOWN, type RuleContext } from '../rules';
import { environmentOf, type EmulatorState, type Environment } from '../state';
import { fromEJSON, type Doc } from '../values';

/**
 * `POST /client`: what the phone's own `wx.cloud.database()` and `wx.cloud.getTempFileURL` /
 * `downloadFile` send, under the project's security rules (`database-rules/<collection>.json`'s
 * `rules`, `storage-rules.json`), as CloudBase serves a client: the caller is `X-WX-OPENID` (an
 * openid's shape), the environment `X-WX-ENV`, the body the protocol's parameters (`action`,
 * `collectionName`, `query`, `data` as EJSON, `queryType`…, `file_list`). A refused call answers
 * `DATABASE_PERMISSION_DENIED` (-502003) or, for a file, `STORAGE_EXCEED_AUTHORITY` (-503002).
 * The phone's uploads are `PUT /upload/<path>` (routes/files.ts), under the same storage rules.
 */
export function clientRoutes(state: EmulatorState): Routes {
  return async (req, res, url) => {
    if (req.method !== 'POST' || url.pathname !== '/client') return false;
    const requestId = newRequestId();
    const openid = callerOf(req);
    if (openid === null) {
      json(res, 400, { code: 'INVALID_PARAM', message: 'X-WX-OPENID is not an openid', requestId });
      return true;
    }
    try {
      const params = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
      const env = environmentOf(state, header(req, 'x-wx-env'));
      const auth = openid ? { openid, loginType: 'WECHAT-OPEN' } : null;
      json(res, 200, { requestId, ...(serve(state, env, auth, params) as object) });
    } catch (error) {
      const known = error instanceof ProtocolError ? error : null;
      json(res, 200, { code: known?.code ?? 'SYS_ERR', message: error instanceof Error ? error.message : String(error), requestId });
    }
    return true;
  };
}

const denied = () => new ProtocolError('DATABASE_PERMISSION_DENIED', 'Permission denied');

function serve(state: EmulatorState, env: Environment, auth: RuleContext['auth'], params: Record<string, unknown>): unknown {
  const action = String(params.action ?? '');
  if (action === 'storage.batchGetDownloadUrl') return downloadUrls(state, env, auth, params);
  const collection = String(params.collectionName ?? '');
  // A collection database-rules/ does not declare has no rule a phone may pass; nor does a transaction.
  const rules = readDatabaseRules(state.root).get(collection)?.rules;
  if (!rules || params.transactionId !== undefined) throw denied();
  const parse = (value: unknown) => (typeof value === 'string' && value !== '' ? fromEJSON(value, state.clock.now) : undefined);
  const query = (parse(params.query) as Doc | undefined) ?? {};
  const byId = params.queryType === 'DOC' && typeof query._id === 'string';
  const existing = () => (byId ? (env.store.getById(collection, query._id as string)?.doc ?? null) : null);
  // On a document read by id the rule sees that document; on a query, what the query pins.
  const check = (rule: unknown) => {
    const doc = byId ? existing() : undefined;
    const lookup = doc === undefined ? pinnedBy(query) : doc === null ? fieldsOf('doc', {}) : fieldsOf('doc', doc);
    if (!allows(rule, { auth, lookup })) throw denied();
  };
  switch (action) {
    case 'database.getDocument':
    case 'database.calculateDocument':
      check(rules.read);
      break;
    case 'database.insertDocument': {
      if (!auth) throw denied();
      // The client's add() writes its caller's _openid, whatever the data says.
      const docs = ((params.data as string[] | undefined) ?? []).map((item) => ({ ...(parse(item) as Doc), _openid: auth.openid }));
      for (const doc of docs) if (!allows(rules.create ?? rules.write, { auth, lookup: fieldsOf('doc', doc) })) throw denied();
      return env.database.handle(action, { ...params, data: docs.map((doc) => JSON.stringify(doc)) });
    }
    case 'database.modifyDocument': {
      check(rules.update ?? rules.write);
      const data = (parse(params.data) as Doc | undefined) ?? {};
      // Nobody changes a document's owner from a phone.
      if (JSON.stringify(data).includes('"_openid"')) throw denied();
      break;
    }
    case 'database.removeDocument':
      check(rules.delete ?? rules.write);
      break;
    default:
      throw denied();
  }
  return env.database.handle(action, params);
}

/** Temp URLs for the files storage's `read` rule lets this caller read (`resource.openid` is the uploader). */
function downloadUrls(state: EmulatorState, env: Environment, auth: RuleContext['auth'], params: Record<string, unknown>): unknown {
  const rules = readStorageRules(state.root);
  const list = (params.file_list as { fileid: string }[] | undefined) ?? [];
  for (const { fileid } of list) {
    let cloudPath: string;
    try {
      cloudPath = env.storage.pathOf(fileid);
    } catch {
      continue; // answered STORAGE_FILE_NONEXIST below
    }
    const owner = env.storage.owner(cloudPath);
    if (owner === null) continue;
    const lookup: RuleContext['lookup'] = (root, parts) =>
      root === 'resource' ? fieldsOf('resource', { openid: owner, path: cloudPath })(root, parts) : UNKNOWN;
    if (!allows(rules.read, { auth, lookup })) throw new ProtocolError('STORAGE_EXCEED_AUTHORITY', `permission denied: ${fileid}`);
  }
  return env.storage.handle('storage.batchGetDownloadUrl', params);
}
