import type { EnvironmentKey } from '../../cloudfunctions/_core/contract';

/**
 * The cloud environments the mini-program calls, by the contract's keys; court IT sets them per
 * deployment. The court's functions are in `court`; a plug-in's in its own environment.
 */
export const CLOUD_ENVS: Record<EnvironmentKey, string> = { court: 'microcourt-prod', 'court-2': 'microcourt-2-prod', claims: 'microcourt-claims-prod' };
