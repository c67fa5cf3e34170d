import { implement } from '#runtime';
import { manageAgents } from '#usecases/agents';

/** 诉讼代理人: a lawyer joins a case for a party with its power of attorney; the party or the panel confirms, changes or revokes it. */
export const main = implement('agent', manageAgents);
