import { AppError } from './errors';
import { findById, type Database } from './db';

import { GlobalRoles, type GlobalRole } from '../contract/base';
import type { CaseMember, CaseRole } from '../domain/authorization';

export { GlobalRoles, type GlobalRole, type CaseMember, type CaseRole };
export const StaffRoles: readonly GlobalRole[] = [
  'registrar',
  'judge',
  'clerk',
  'executor',
  'leader',
  'administrator',
  'court-it',
  'president',
  'mediator',
  'mediation-office',
];

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

/**
 * Loads the caller's global roles in one read: `users/<openid>` holds a party's verification
 * and, mirrored by court-admin from `staff`, a staff member's court and roles.
 */
export async function loadCaller(
  db: Database,
  identity: { openid: string; appid?: string | undefined; unionid?: string | undefined },
  allow: readonly GlobalRole[],
): Promise<Caller> {
  const needsUser = allow.some((role) => role === 'party' || role === 'lawyer');
  const user = await findById<UserRecord>(db, 'users', identity.openid, {
    kind: true,
    name: true,
    idLookup: true,
    verifiedAt: true,
    lastFaceAt: true,
    lawyer: true,
    lawyerApprovedAt: true,
    staff: true,
  });
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
