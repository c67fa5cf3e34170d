import { createHash } from 'node:crypto';
import { json, readBody, type Routes } from '../http';
import type { EmulatorState } from '../state';
import type { FileMeta } from '../storage';
import type { StoredRow } from '../store-model';
import { decodeDoc } from '../values';

/**
 * `/__/snapshot`, `/__/restore` and `/__/digest`: a test builds a world once, keeps it under a
 * name, and comes back to it after a call far faster than building it again; the digest says
 * whether a call wrote anything, in any environment's database or storage.
 *
 * - `POST /__/snapshot { "name": "world" }` keeps every environment's documents and files, and the clock;
 * - `POST /__/restore { "name": "world" }` puts them back exactly (whatever was written since is gone)
 *   and empties what warm instances keep between calls, as a reset does;
 * - `GET /__/documents` answers every document and text file as it is stored (see documentsOf);
 * - `GET /__/digest` answers `{ digest, environments: { <env>: { documents: { <collection>: { <id>: sha256 } }, files: { <path>: sha256 } } } }`.
 */
interface Kept {
  environments: Map<string, { collections: Map<string, StoredRow[]>; files: { cloudPath: string; bytes: Buffer; meta: FileMeta }[] }>;
  fixedNow: string | undefined;
}

export function snapshotRoutes(state: EmulatorState): Routes {
  const kept = new Map<string, Kept>();
  return async (req, res, url) => {
    const route = url.pathname;
    if (route !== '/__/snapshot' && route !== '/__/restore' && route !== '/__/digest' && route !== '/__/documents') return false;
    if (route === '/__/digest' && req.method === 'GET') {
      json(res, 200, digestOf(state));
      return true;
    }
    if (route === '/__/documents' && req.method === 'GET') {
      json(res, 200, documentsOf(state));
      return true;
    }
    if (req.method !== 'POST') return false;
    const body = (await readBody(req)).toString('utf8');
    const name = (body ? (JSON.parse(body) as { name?: unknown }).name : undefined) ?? 'default';
    if (typeof name !== 'string') {
      json(res, 400, { error: 'name must be a string' });
      return true;
    }
    if (route === '/__/snapshot') {
      kept.set(name, snapshotOf(state));
      json(res, 200, { ok: true, name });
      return true;
    }
    const snapshot = kept.get(name);
    if (!snapshot) {
      json(res, 404, { error: `no snapshot named ${name}` });
      return true;
    }
    restore(state, snapshot);
    json(res, 200, { ok: true, name });
    return true;
  };
}

function snapshotOf(state: EmulatorState): Kept {
  const environments: Kept['environments'] = new Map();
  for (const env of state.environments.values()) {
    const collections = new Map(env.store.names().map((name) => [name, env.store.collection(name).all.all() as StoredRow[]]));
    environments.set(env.id, { collections, files: env.storage.files() });
  }
  return { environments, fixedNow: state.clock.fixedNow };
}

function restore(state: EmulatorState, snapshot: Kept): void {
  for (const env of state.environments.values()) {
    const kept = snapshot.environments.get(env.id);
    env.store.wipe();
    env.database.reset();
    if (!kept) continue;
    for (const [name, rows] of kept.collections) {
      if (!env.store.exists(name)) env.store.create(name);
      env.store.apply(rows.map((row) => ({ collection: name, id: row.id, doc: decodeDoc(row.doc) })));
    }
    env.storage.restoreFiles(kept.files);
  }
  state.clock.fixedNow = snapshot.fixedNow;
  state.runner.clearInstanceCaches();
}

/**
 * `GET /__/documents`: every stored document of every environment, as its JSON text, and every
 * text file (CSV, JSON, plain text) in storage: what a test reads to find personal data in the clear.
 */
function documentsOf(state: EmulatorState) {
  const environments: Record<string, { documents: Record<string, Record<string, string>>; files: Record<string, string> }> = {};
  for (const env of state.environments.values()) {
    const documents: Record<string, Record<string, string>> = {};
    for (const name of env.store.names()) {
      const rows = env.store.collection(name).all.all() as StoredRow[];
      if (rows.length > 0) documents[name] = Object.fromEntries(rows.map((row) => [row.id, row.doc] as const));
    }
    const files = Object.fromEntries(
      env.storage
        .files()
        .filter((file) => /\.(csv|json|txt|html?)$/i.test(file.cloudPath))
        .map((file) => [file.cloudPath, file.bytes.toString('utf8')] as const),
    );
    environments[env.id] = { documents, files };
  }
  return { environments };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function digestOf(state: EmulatorState) {
  const environments: Record<string, { documents: Record<string, Record<string, string>>; files: Record<string, string> }> = {};
  for (const env of state.environments.values()) {
    const documents: Record<string, Record<string, string>> = {};
    for (const name of env.store.names()) {
      const rows = env.store.collection(name).all.all() as StoredRow[];
      if (rows.length > 0) documents[name] = Object.fromEntries(rows.map((row) => [row.id, sha256(row.doc)] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    const files = Object.fromEntries(
      env.storage
        .files()
        .map((file) => [file.cloudPath, sha256(file.bytes)] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    environments[env.id] = { documents, files };
  }
  return { digest: sha256(JSON.stringify(environments)), environments };
}
