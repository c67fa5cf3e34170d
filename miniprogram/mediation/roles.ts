import { call } from '../lib/call';
import { pageParam, run } from '../lib/page';
import type { MediationDetailOutput } from '../../cloudfunctions/_core/schemas/mediation';

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

/** One mediation as mediation-detail answers it to the caller. */
export type OneMediation = Extract<MediationDetailOutput, { view: 'one' }>['mediation'];
export type Standing = ReturnType<typeof standing>;

type Instance = WechatMiniprogram.Component.TrivialInstance;

/** The mediation a page was opened for: its `id` property or query parameter. */
export const mediationIdOf = (page: Instance): string => pageParam(page);

/**
 * The mediation a page shows, read once through mediation-detail (a caucus or the statements only as
 * the caller may see them), with what the caller is on it; undefined when refused (`run` shows why).
 */
export async function loadMediation(page: Instance): Promise<{ m: OneMediation; can: Standing } | undefined> {
  const answer = await run(page, () => call('mediation-detail', { view: 'one', mediationId: mediationIdOf(page) }));
  if (answer?.view !== 'one') return undefined;
  return { m: answer.mediation, can: standing(answer.mediation.myRoles) };
}
