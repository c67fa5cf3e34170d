import type { PhoneActionName } from '../../cloudfunctions/_core/contract';
import { CLOUD_ENVS } from './cloud-envs';
import { ENVIRONMENT_OF } from './environments';

/** The environment an action is deployed in. */
export function envOf(name: PhoneActionName): string {
  return CLOUD_ENVS[ENVIRONMENT_OF[name]];
}

let initialised = false;

/** Initialises wx.cloud once, from the app or from an independent subpackage opened alone. */
export function initCloud(): void {
  if (initialised) return;
  wx.cloud.init({ env: CLOUD_ENVS.court, traceUser: false });
  initialised = true;
}
