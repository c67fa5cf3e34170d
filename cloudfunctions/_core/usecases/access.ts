import {
  actingRole,
  archiveRefusal,
  decide,
  memberHolds,
  PANEL,
  PARTY_SIDE,
  refusalMessage,
  type CaseMember,
  type CaseRole,
  type Grant,
  type Matter,
  type Permission,
  type PermissionRule,
  type Subject,
} from '#domain/authorization';
import { AppError, confirmCaller, readWithCaller, rememberRead, type ActionContext, type ActorRole, type Caller } from '#runtime';
import type { CaseRecord, FilingRecord } from './records';

/*
 * Access, as every use case asks it: `authorize(ctx, caseId, 'evidence.add')` reads the case once
 * and answers it with the caller's grants and as whom they act, or FORBIDDEN, the same whether or
 * not the case exists. Who holds which permission is the table in `#domain/authorization`.
 */

/** The parties' side of a case: the parties themselves and their agents. */
export const PARTY_SIDE_ROLES: readonly CaseRole[] = PARTY_SIDE;
/** The panel: who hears the case and serves its documents. */
export const COURT_ROLES: readonly CaseRole[] = PANEL;

/** As whom someone acts on a case, for its events: their role there, and for an agent the party they act for. */
export interface Actor {
  actor: string;
  actorRole: ActorRole;
  onBehalfOf?: string;
}

export function actorOf(member: CaseMember): Actor {
  return { actor: member.openid, actorRole: member.role, ...(member.role === 'agent' && member.for !== undefined ? { onBehalfOf: member.for } : {}) };
}

/** What a permission granted: the caller's case roles among the grants, all the grants, and as whom they act (the first grant). */
export interface Authorized {
  roles: CaseRole[];
  grants: readonly [Grant, ...Grant[]];
  actor: Actor;
}

export const subjectOf = (caller: Pick<Caller, 'openid' | 'roles' | 'staff'>): Subject => ({ openid: caller.openid, roles: caller.roles, staff: caller.staff });

/** The caller's grant of `permission` on a matter already read, or FORBIDDEN naming why (a stranger learns nothing). */
export function authorizeOn(ctx: ActionContext, matter: Matter, permission: Permission | PermissionRule): Authorized {
  const decision = decide(subjectOf(ctx.caller), matter, permission, ctx.now);
  if (!decision.ok) throw new AppError('FORBIDDEN', refusalMessage(decision, permission));
  // An archived case is read-only but for what its closing leaves open (在线诉讼规则 第三十五条).
  const refusal = (matter as { archive?: unknown }).archive ? archiveRefusal(permission) : null;
  if (refusal) throw new AppError('STATE', refusal);
  const [first] = decision.grants;
  return {
    roles: decision.grants.flatMap((g) => (g.via === 'case' ? [g.role] : [])),
    grants: decision.grants,
    actor: first.via === 'case' ? actorOf(first.member) : { actor: ctx.caller.openid, actorRole: actingRole(first) },
  };
}

/** FORBIDDEN as a stranger reads it: for a matter that does not exist, the same answer as for one that does. */
export function nothingThere(permission: Permission | PermissionRule): AppError {
  return new AppError('FORBIDDEN', refusalMessage({ ok: false, refusal: 'stranger' }, permission));
}

/**
 * The members of a party's side who hold `permission` now — to serve, to notify — each once: an
 * agent revoked, or one who joined for a legal person whose papers are unexamined, is left out.
 * With `party`, only those who are that party or act for it.
 */
export function partySideHolding(matter: Matter, permission: Permission, now: Date, party?: number): CaseMember[] {
  const seen = new Set<string>();
  return matter.members.filter(
    (m) =>
      PARTY_SIDE.includes(m.role) &&
      (party === undefined || m.for === String(party)) &&
      memberHolds(matter, m, permission, now) &&
      !seen.has(m.openid) &&
      Boolean(seen.add(m.openid)),
  );
}

/** The case, read once, and the caller's grant of `permission` on it; otherwise FORBIDDEN, the same whether or not the case exists. */
export async function authorize(ctx: ActionContext, caseId: string, permission: Permission | PermissionRule): Promise<Authorized & { record: CaseRecord }> {
  // The caller's cached record is confirmed by the same read (readWithCaller).
  const record = await readWithCaller<CaseRecord>(ctx, 'cases', caseId);
  if (!record) throw nothingThere(permission);
  const authorized = authorizeOn(ctx, record, permission);
  // The case's change (changeCase) starts from this read instead of reading it again.
  rememberRead(ctx, 'cases', record);
  return { record, ...authorized };
}

/** A filing (立案申请), read once, and the caller's grant on it: its filer, or a registrar of its court. */
export async function authorizeFiling(
  ctx: ActionContext,
  filingId: string,
  permission: Permission,
  fields?: Record<string, boolean>,
): Promise<Authorized & { filing: FilingRecord }> {
  const filing = await readWithCaller<FilingRecord>(ctx, 'filings', filingId, fields && { ...fields, courtId: true, members: true, parties: true });
  if (!filing) throw nothingThere(permission);
  const authorized = authorizeOn(ctx, filing, permission);
  if (!fields) rememberRead(ctx, 'filings', filing);
  return { filing, ...authorized };
}

/** A permission over the caller's own court (its review queue, the offline-service list): held by where they sit, as stored now (confirmCaller). */
export async function authorizeInOwnCourt(ctx: ActionContext, permission: Permission): Promise<Authorized & { courtId: string }> {
  await confirmCaller(ctx);
  const staff = ctx.caller.staff;
  if (!staff) throw nothingThere(permission);
  return { courtId: staff.courtId, ...authorizeOn(ctx, { courtId: staff.courtId, divisionId: staff.divisionId, members: [] }, permission) };
}

/**
 * A permission over the caller's own court, or one division of it (the caller's own unless
 * named), decided on the caller's record as this call has it: for a call whose first read is a
 * query over that court which confirms the record itself (`queryWithCaller`), so no read of its own.
 */
export function authorizeInOwnUnit(ctx: ActionContext, permission: Permission, divisionId?: string): Authorized & { courtId: string; divisionId?: string } {
  const staff = ctx.caller.staff;
  if (!staff) throw nothingThere(permission);
  const division = divisionId ?? staff.divisionId;
  return {
    courtId: staff.courtId,
    ...(division ? { divisionId: division } : {}),
    ...authorizeOn(ctx, { courtId: staff.courtId, divisionId: division, members: [] }, permission),
  };
}

/** A permission held wherever one is, by a global role (acting as a lawyer at all), as stored now (confirmCaller). */
export async function authorizeGlobally(ctx: ActionContext, permission: Permission): Promise<Authorized> {
  await confirmCaller(ctx);
  return authorizeOn(ctx, { courtId: '', members: [] }, permission);
}

/**
 * The case and the caller's roles on it among `allowed`; otherwise FORBIDDEN. The form a use case
 * written before the permission table calls; a new one names its permission with `authorize`.
 * The same boundaries hold: staff roles only while active in the case's court, no revoked or
 * unexamined member.
 */
export async function caseForCaller(
  ctx: ActionContext,
  caseId: string,
  allowed: readonly CaseRole[],
): Promise<{ record: CaseRecord; roles: CaseRole[]; actor: Actor }> {
  const { record, roles, actor } = await authorize(ctx, caseId, { label: '办理本案事项', on: 'case', case: allowed });
  return { record, roles, actor };
}
