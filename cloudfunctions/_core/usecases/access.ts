import { AppError, findById, requireCaseRole, type ActionContext, type CaseMember, type CaseRole } from '#runtime';
import type { CaseRecord } from './records';

/** The parties' side of a case: the parties themselves and their agents. */
export const PARTY_SIDE_ROLES: readonly CaseRole[] = ['plaintiff', 'defendant', 'third-party', 'agent'];
/** The panel: who hears the case and serves its documents. */
export const COURT_ROLES: readonly CaseRole[] = ['presiding-judge', 'panel-member', 'clerk'];
/** Who may read a case's dossier and evidence. */
export const DOSSIER_READERS: readonly CaseRole[] = [...PARTY_SIDE_ROLES, ...COURT_ROLES, 'registrar'];

/** As whom someone acts on a case, for its events: their role there, and for an agent the party they act for. */
export interface Actor {
  actor: string;
  actorRole: CaseRole;
  onBehalfOf?: string;
}

export function actorOf(member: CaseMember): Actor {
  return { actor: member.openid, actorRole: member.role, ...(member.role === 'agent' && member.for !== undefined ? { onBehalfOf: member.for } : {}) };
}

/**
 * The case, the caller's roles on it among those allowed, and as whom they act (the first of
 * those roles); otherwise FORBIDDEN, with the same answer whether or not the case exists.
 */
export async function caseForCaller(
  ctx: ActionContext,
  caseId: string,
  allowed: readonly CaseRole[],
): Promise<{ record: CaseRecord; roles: CaseRole[]; actor: Actor }> {
  const record = await findById<CaseRecord>(ctx.db, 'cases', caseId);
  if (!record) throw new AppError('FORBIDDEN', '您不是本案的当事人或承办人员，无权办理');
  const roles = requireCaseRole(record.members, ctx.caller, allowed);
  // requireCaseRole found a member of the case with that role, or threw.
  const member = record.members.find((m) => m.openid === ctx.caller.openid && m.role === roles[0]) as CaseMember;
  return { record, roles, actor: actorOf(member) };
}
