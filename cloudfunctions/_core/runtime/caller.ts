import { AppError } from './errors';
import { findById, type Database } from './db';
import { instanceCache } from './instance-cache';

import { GlobalRoles, type GlobalRole } from '../contract/base';
import type { CaseMember, CaseRole } from '../domain/authorization';

export { GlobalRoles, type GlobalRole, type CaseMember, type CaseRole };
/** Every global role but a party's and a lawyer's is held as court staff. */
export const StaffRoles: readonly GlobalRole[] = GlobalRoles.filter((role) => role !== 'party' && role !== 'lawyer');

export interface UserRecord {
  /** 'staff' for court staff who never verified as a party. */
  kind: 'party' | 'lawyer' | 'staff';
  name?: string;
  /** Keyed hash of the verified ID number, to recognise the caller among a case's parties. */
  idLookup?: string;
  verifiedAt?: Date;
  /** When this person last passed a face check (signing and hearings need a recent one). */
  lastFaceAt?: Date;
  lawyer?: { licence: string; firm: string };
  lawyerApprovedAt?: Date;
  /** Court staff's roles, mirrored from `staff` by court-admin, so one read identifies anyone. */
  staff?: StaffRecord;
}

export interface StaffRecord {
  courtId: string;
  divisionId?: string;
  roles: GlobalRole[];
  active: boolean;
}

export interface Caller {
  openid: string;
  appid: string | undefined;
  unionid: string | undefined;
  roles: ReadonlySet<GlobalRole>;
  user: UserRecord | null;
  staff: StaffRecord | null;
}

export const USER_FIELDS = { kind: true, name: true, idLookup: true, verifiedAt: true, lastFaceAt: true, lawyer: true, lawyerApprovedAt: true, staff: true };

/**
 * How long a warm instance keeps a caller's `users` record (milliseconds) since it last read it
 * or found it unchanged. A change that grants (a verification, a role) is seen at once: a refusal
 * re-reads the record before it stands. A change that takes away (a staff member made inactive)
 * is seen at once where the call's first read joins the stored record (`readWithCaller`,
 * `confirmCaller`), else within this time. Each such confirmation starts the time again, so an
 * instance that serves a caller often reads their record only with what it reads anyway.
 */
export const CALLER_TTL_MS = 5_000;

/** The `users` records a function instance keeps, one cache per database it reads. */
export interface CallerCache {
  /** The record, from this instance's cache while it is young enough, else read. */
  get(openid: string, now: Date): Promise<UserRecord | null>;
  /** Reads the record again and keeps the fresh one. */
  refresh(openid: string, now: Date): Promise<UserRecord | null>;
  /** Forgets the record (this instance wrote it). */
  forget(openid: string): void;
  /** The kept record a call used was just found to be the stored one (its first read joined it): kept for another while, if it is still the one kept. */
  confirmed(openid: string, now: Date, user: UserRecord | null): void;
}

export function callerCache(db: Database, ttlMs = CALLER_TTL_MS): CallerCache {
  const read = (openid: string) => findById<UserRecord>(db, 'users', openid, USER_FIELDS);
  // A missing record is not kept by instanceCache; `absent` stands for it, so a caller who never
  // verified (most of a party's first calls) costs no read either.
  const absent = { kind: 'absent' } as unknown as UserRecord;
  const cache = instanceCache<UserRecord>(ttlMs, async (openid) => (await read(openid)) ?? absent);
  const answer = (user: UserRecord | null) => (user === absent ? null : user);
  return {
    get: async (openid, now) => answer(await cache.get(openid, now)),
    refresh: async (openid, now) => {
      cache.forget(openid);
      return answer(await cache.get(openid, now));
    },
    forget: (openid) => cache.forget(openid),
    confirmed: (openid, now, user) => cache.renew(openid, now, user ?? absent),
  };
}

/**
 * Loads the caller's global roles in one read: `users/<openid>` holds a party's verification
 * and, mirrored by court-admin from `staff`, a staff member's court and roles. With a cache,
 * a warm instance answers from it (no read at all).
 */
export async function loadCaller(
  db: Database,
  identity: { openid: string; appid?: string | undefined; unionid?: string | undefined },
  allow: readonly GlobalRole[],
  cached?: { cache: CallerCache; now: Date; fresh?: boolean },
): Promise<Caller> {
  const user = cached
    ? await (cached.fresh ? cached.cache.refresh(identity.openid, cached.now) : cached.cache.get(identity.openid, cached.now))
    : await findById<UserRecord>(db, 'users', identity.openid, USER_FIELDS);
  return callerFrom(identity, allow, user);
}

/** The caller a `users` record (or a ticket's) makes: the roles it gives among those the action allows. */
export function callerFrom(
  identity: { openid: string; appid?: string | undefined; unionid?: string | undefined },
  allow: readonly GlobalRole[],
  user: UserRecord | null,
): Caller {
  const needsUser = allow.some((role) => role === 'party' || role === 'lawyer');
  const staff = user?.staff ?? null;
  const roles = new Set<GlobalRole>();
  // Anyone who opened the mini-program may act as a party (filing needs verification on top).
  if (needsUser) roles.add('party');
  if (user?.kind === 'lawyer' && user.lawyerApprovedAt) roles.add('lawyer');
  if (staff?.active) for (const role of staff.roles) roles.add(role);
  return { openid: identity.openid, appid: identity.appid, unionid: identity.unionid, roles, user, staff };
}

export function caseRolesOf(members: readonly CaseMember[] | undefined, openid: string): CaseRole[] {
  return (members ?? []).filter((member) => member.openid === openid).map((member) => member.role);
}

/**
 * A recent face check (在线诉讼规则 第七条) before an act that must be the person's own:
 * signing a mediation agreement or entering an online hearing.
 */
export function requireRecentFace(caller: Pick<Caller, 'user'>, now: Date, maxAgeMinutes: number): void {
  const at = caller.user?.lastFaceAt;
  if (!at || now.getTime() - at.getTime() > maxAgeMinutes * 60_000) {
    throw new AppError('NOT_VERIFIED', `请先进行人脸识别（${maxAgeMinutes}分钟内有效）后再办理`);
  }
}
