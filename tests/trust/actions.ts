import cloud from 'wx-server-sdk';
import { contract, Environments, type ActionEntry, type ActionName } from '#contract';
import { decide, Permissions, type Matter, type MatterKind, type Permission } from '#domain/authorization';
import { findById, type GlobalRole } from '#runtime';
import { mediationMatter } from '#usecases/mediation';
import type { CaseRecord, EnforcementRecord, MediationRecord } from '#usecases/records';
import { loadCaller } from '../../cloudfunctions/_core/runtime/caller';
import { FIXED_NOW } from '../support/emulator';
import { generatedInput } from './inputs';
import { SAMPLE_ACCESS, SAMPLES } from './samples';
import { matterOf, type Digest, type World } from './world';

/*
 * What the generated tests know of an action, read from its contract entry alone: a valid input
 * over the world's ids (./inputs.ts, or its sample), the matter its access names, and what the
 * authorization model says a caller should be answered.
 */

const db = cloud.database();
const pluginDb = cloud.database({ env: Environments.claims.localId });

const entryOf = (name: ActionName): ActionEntry => contract[name] as ActionEntry;

/** The matter an action's access reaches: the kind of the first permission it names (`court`: the caller's own). */
export function matterKindOf(name: ActionName): MatterKind | 'public' | 'own' | undefined {
  const access = entryOf(name).access;
  if (access === undefined || access === 'public' || access === 'own') return access;
  return Permissions[access[0]].on;
}

/** The world's ids an action's input takes, by the kind of its matter. */
export function idsFor(name: ActionName, world: World): Record<string, string> {
  const kind = matterKindOf(name);
  if (kind === 'filing') return world.ids.filing;
  if (kind === 'bankruptcy' || entryOf(name).env === 'claims') return world.ids.bankruptcy;
  return world.ids.case;
}

/** A valid input of the action over someone else's matter in the world, with this requestId; or why there is none. */
export function inputFor(name: ActionName, world: World, requestId: string): { input: Record<string, unknown> } | { missing: string } {
  const entry = entryOf(name);
  const sample = SAMPLES[name];
  if (sample) {
    const input = sample(world);
    const fields = [entry.requestIdField ?? 'requestId'].flat();
    for (const field of fields) if (field in input || (field === 'requestId' && entry.mutating)) input[field] = requestId;
    const parsed = entry.input.safeParse(input);
    if (!parsed.success) return { missing: `its sample in tests/trust/samples.ts fails its schema: ${parsed.error.issues[0]?.message ?? ''}` };
    return { input };
  }
  const generated = generatedInput(entry.input, idsFor(name, world), requestId);
  if ('missing' in generated) return { missing: `${generated.missing}; add a sample to tests/trust/samples.ts` };
  return { input: generated.input as Record<string, unknown> };
}

export type Expected =
  | { answer: 'refused'; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_VERIFIED'; why: string }
  | { answer: 'granted'; why: string }
  | { answer: 'own'; why: string }
  | { answer: 'public'; why: string };

/**
 * The matter a permission is asked on, as the use case reads it from the input: an enforcement
 * case or a mediation its input names, a filing, a bankruptcy, a case; for a permission over a
 * court, the caller's own.
 */
async function matterFor(
  permission: Permission,
  input: Record<string, unknown> | undefined,
  world: World,
  staff: { courtId: string; divisionId?: string } | null,
): Promise<Matter | null> {
  const on = Permissions[permission].on;
  const named = (field: string) => (typeof input?.[field] === 'string' ? (input[field] as string) : undefined);
  if (on === 'court') return staff ? { courtId: staff.courtId, divisionId: staff.divisionId, members: [] } : null;
  const enforcementId = named('enforcementId');
  if (enforcementId) return findById<EnforcementRecord>(db, 'enforcements', enforcementId);
  const mediationId = named('mediationId');
  if (mediationId) {
    const m = await findById<MediationRecord>(db, 'mediations', mediationId);
    if (!m) return null;
    return mediationMatter(m, m.caseId ? await findById<CaseRecord>(db, 'cases', m.caseId) : null);
  }
  if (on === 'filing') return matterOf('filing', named('filingId') ?? world.filingId);
  if (on === 'bankruptcy') {
    const bankruptcy = await findById<{ courtId?: string; administrators?: string[] }>(pluginDb, 'bankruptcies', named('bankruptcyId') ?? world.bankruptcyId);
    return {
      courtId: bankruptcy?.courtId ?? '',
      members: (bankruptcy?.administrators ?? []).map((openid) => ({ openid, role: 'administrator' as const })),
    };
  }
  return matterOf('case', named('caseId') ?? world.caseId);
}

/**
 * What the contract entry and the permission table say `openid` should be answered on the
 * world's matter: refused (and which code), granted, or, for an action over the caller's own
 * data or a public one, neither (checked by what it writes instead).
 */
export async function expectedFor(name: ActionName, world: World, openid: string | undefined, input?: Record<string, unknown>): Promise<Expected> {
  const entry = entryOf(name);
  const access = entry.access;
  if (access === undefined) throw new Error(`${name}: its contract entry declares no access; the matrix cannot say who may call it`);
  if (entry.allow === 'public') return { answer: 'public', why: 'allow: public' };
  if (!openid) return { answer: 'refused', code: 'UNAUTHENTICATED', why: 'no identity' };
  const caller = await loadCaller(entry.env === 'claims' ? pluginDb : db, { openid }, entry.allow);
  const role = entry.allow.find((r: GlobalRole) => caller.roles.has(r));
  if (!role) return { answer: 'refused', code: 'FORBIDDEN', why: `holds none of allow [${entry.allow.join(', ')}]` };
  if (entry.verified && (role === 'party' || role === 'lawyer') && !caller.user?.verifiedAt) {
    return { answer: 'refused', code: 'NOT_VERIFIED', why: 'verified: true and not verified' };
  }
  if (access === 'public') return { answer: 'public', why: 'access: public' };
  if (access === 'own') return { answer: 'own', why: 'access: own' };
  // An action of several operations: the permissions its sample's operation is checked against.
  const asked = SAMPLE_ACCESS[name] ?? access.filter((p: Permission) => Permissions[p].on === Permissions[access[0]].on);
  const unknown = asked.filter((p) => !access.includes(p));
  if (unknown.length > 0) throw new Error(`${name}: SAMPLE_ACCESS names ${unknown.join(', ')}, which its contract entry does not`);
  const subject = { openid, roles: caller.roles, staff: caller.staff };
  const held: Permission[] = [];
  for (const p of asked) {
    const matter = await matterFor(p, input, world, caller.staff);
    if (matter && decide(subject, matter, p, new Date(FIXED_NOW)).ok) held.push(p);
  }
  if (held.length > 0) return { answer: 'granted', why: `holds ${held.join(', ')}` };
  return { answer: 'refused', code: 'FORBIDDEN', why: `holds none of [${asked.join(', ')}]` };
}

/** The documents and files a digest shows changed, added or removed since another, as `env/collection/id` and `env/file:path`. */
export function changes(before: Digest, after: Digest): { changed: string[]; added: string[]; removed: string[] } {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  const envs = new Set([...Object.keys(before.environments), ...Object.keys(after.environments)]);
  for (const env of envs) {
    const b = before.environments[env] ?? { documents: {}, files: {} };
    const a = after.environments[env] ?? { documents: {}, files: {} };
    const collections = new Set([...Object.keys(b.documents), ...Object.keys(a.documents)]);
    for (const collection of collections) {
      const bd = b.documents[collection] ?? {};
      const ad = a.documents[collection] ?? {};
      for (const id of Object.keys(ad)) {
        if (!(id in bd)) added.push(`${env}/${collection}/${id}`);
        else if (bd[id] !== ad[id]) changed.push(`${env}/${collection}/${id}`);
      }
      for (const id of Object.keys(bd)) if (!(id in ad)) removed.push(`${env}/${collection}/${id}`);
    }
    for (const path of Object.keys(a.files)) if (!(path in b.files)) added.push(`${env}/file:${path}`);
    for (const path of Object.keys(b.files)) if (!(path in a.files)) removed.push(`${env}/file:${path}`);
  }
  return { changed, added, removed };
}
