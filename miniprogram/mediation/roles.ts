/** A party's side of a mediation (the parties and their agents), as mediation-detail names their roles. */
const PARTY_SIDE = ['plaintiff', 'defendant', 'third-party', 'agent'];

/** What the caller is on this mediation, from the roles the function answers (never guessed from the page). */
export function standing(myRoles: readonly string[]): { party: boolean; mediator: boolean; court: boolean; president: boolean; office: boolean } {
  const party = myRoles.some((r) => PARTY_SIDE.includes(r));
  const mediator = myRoles.includes('mediator');
  return {
    party,
    mediator,
    court: !party && !mediator,
    president: myRoles.includes('president'),
    office: myRoles.includes('court-mediation-office'),
  };
}

/** The mediation's id from the page's options. */
export const MEDIATION_PAGES = {
  mediation: (id: string) => `/mediation/mediation/mediation?id=${id}`,
  session: (id: string, session: string) => `/mediation/session/session?id=${id}&session=${session}`,
  agreement: (id: string) => `/mediation/agreement/agreement?id=${id}`,
  confirm: (id: string) => `/mediation/confirm/confirm?id=${id}`,
  roster: (id: string) => `/mediation/roster/roster?id=${id}`,
  apply: () => '/mediation/apply/apply',
};
