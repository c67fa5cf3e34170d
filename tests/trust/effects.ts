import cloud from 'wx-server-sdk';
import { contract, Environments, type ActionName } from '#contract';
import { callRaw } from '../support/emulator';
import { changes, expectedFor, inputFor } from './actions';
import { EFFECTS } from './samples';
import { digest, PEOPLE, restoreWorld, STAFF, type Digest, type World } from './world';

/*
 * What a call changed, as the generated retry and fault tests compare it: which documents, of
 * what shape, and how many files. Two runs of the same change differ in their generated ids and
 * hashes; their shapes (every field's kind, every array's length) do not — a member pushed six
 * times, an event appended twice, a file left behind all show.
 */

export interface Reply {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string };
}

/** A WeChat callback answers `{ errcode, errmsg: 'CODE: message' }`: read as an envelope. */
export function envelopeOf(name: ActionName, reply: unknown): Reply {
  if (!contract[name].callback) return reply as Reply;
  const { errcode, errmsg } = (reply ?? {}) as { errcode?: number; errmsg?: string };
  if (errcode === 0) return { ok: true, data: reply };
  const [code = 'INTERNAL', ...message] = String(errmsg ?? '').split(': ');
  return { ok: false, error: { code, message: message.join(': ') } };
}

export async function call(name: ActionName, input: Record<string, unknown>, openid: string | undefined): Promise<Reply> {
  const reply = await callRaw<unknown>(name, input, openid);
  // No answer at all: the gateway says why (a function past its time limit on a loaded machine).
  if (reply.result === undefined) return { ok: false, error: { code: 'NO_ANSWER', message: `HTTP ${reply.status}: ${reply.errMsg}` } };
  return envelopeOf(name, reply.result);
}

/** A document's shape: its keys, each leaf's kind, each array's length. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value instanceof Date) return 'date';
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}

const dbOf = (env: string) => cloud.database({ env });

async function read(path: string): Promise<unknown> {
  const [env = '', collection = '', ...rest] = path.split('/');
  const id = rest.join('/');
  const found = (await dbOf(env).collection(collection).where({ _id: id }).get()) as { data: unknown[] };
  return found.data[0] ?? null;
}

/** What a change did, comparable across runs: the shapes of the documents it changed and added, the files it added and removed. */
export interface Effect {
  changed: string[];
  added: string[];
  removed: string[];
  files: string[];
}

/**
 * Collections that keep attempts, not effects: what a retry is answered, and the access log (every
 * answer that hands out a signed link is a read, and is logged). Ten attempts may keep ten.
 */
const ATTEMPTS = new Set(['idempotency', 'dossier_reads']);

export async function effectSince(before: Digest, after: Digest): Promise<Effect> {
  const wrote = changes(before, after);
  const keep = (path: string) => !ATTEMPTS.has(path.split('/')[1] ?? '');
  const docs = (paths: string[]) => paths.filter((p) => !p.includes('/file:') && keep(p));
  // By collection, not by id: which judge a draw picks may differ between runs, how many it changes may not.
  const changed: string[] = [];
  for (const path of docs(wrote.changed)) changed.push(`${path.split('/').slice(0, 2).join('/')} ${JSON.stringify(shape(await read(path)))}`);
  const added: string[] = [];
  for (const path of docs(wrote.added)) added.push(`${path.split('/').slice(0, 2).join('/')} ${JSON.stringify(shape(await read(path)))}`);
  const files = wrote.added.filter((p) => p.includes('/file:')).map((p) => p.replace(/file:.*\//, 'file:…/'));
  return { changed: changed.sort(), added: added.sort(), removed: wrote.removed.sort(), files: files.sort() };
}

/** Every document and file written between two digests, but the bookkeeping of attempts. */
export function writesBetween(before: Digest, after: Digest): string[] {
  const wrote = changes(before, after);
  return [...wrote.changed, ...wrote.added, ...wrote.removed].filter((path) => !ATTEMPTS.has(path.split('/')[1] ?? '')).sort();
}

/** An answer as a retry should repeat it: a signed download link is signed afresh each time. */
export const answerOf = (reply: Reply) => JSON.stringify(reply).replace(/\?expires=\d+&sign=[0-9a-f]+/g, '?signed');

export const nothing = (effect: Effect) => Object.keys(effect.changed).length + effect.added.length + effect.removed.length + effect.files.length === 0;

/** One call of an action that changes something in the world: who makes it, with what (its requestId replaced per attempt). */
export interface EffectCall {
  openid: string | undefined;
  input: (requestId: string) => Record<string, unknown>;
}

const CANDIDATES = (world: World): string[] => [
  PEOPLE.hu.openid,
  PEOPLE.lin.openid,
  PEOPLE.wu.openid,
  world.presiding,
  STAFF.clerk.openid,
  STAFF.leader.openid,
  STAFF.registrar.openid,
  STAFF.president.openid,
  STAFF.administrator.openid,
  STAFF.office.openid,
  STAFF.mediator.openid,
  STAFF.executor.openid,
  STAFF.bureauLeader.openid,
  PEOPLE.stranger.openid,
];

/**
 * A call of a mutating action that changes the world: its entry in EFFECTS (./samples.ts), or its
 * generated input by the first caller the model lets in whose call succeeds and writes. Leaves the
 * world restored.
 */
export async function effectCall(name: ActionName, world: World, built: Digest): Promise<EffectCall | { missing: string }> {
  const declared = EFFECTS[name]?.(world);
  const candidates: EffectCall[] = declared
    ? [declared]
    : CANDIDATES(world).map((openid) => ({
        openid,
        input: (requestId: string) => {
          const made = inputFor(name, world, requestId);
          if ('missing' in made) throw new Error(`${name}: no valid input: ${made.missing}`);
          return made.input;
        },
      }));
  const tried: string[] = [];
  await restoreWorld();
  for (const [i, candidate] of candidates.entries()) {
    const input = candidate.input(`fx-probe-${i}`);
    if (!declared) {
      const expected = await expectedFor(name, world, candidate.openid, input);
      if (expected.answer === 'refused') continue;
    }
    const reply = await call(name, input, candidate.openid);
    const after = await digest();
    if (after.digest !== built.digest) await restoreWorld();
    if (reply.ok && after.digest !== built.digest) return candidate;
    tried.push(`${candidate.openid ?? 'none'}: ${reply.ok ? 'ok, wrote nothing' : `${reply.error?.code} ${reply.error?.message}`}`);
  }
  return { missing: `no call of ${name} over the world changes anything (${tried.join('; ')}); add one to EFFECTS in tests/trust/samples.ts` };
}

export const ENVIRONMENTS = Object.values(Environments).map((e) => e.localId);
