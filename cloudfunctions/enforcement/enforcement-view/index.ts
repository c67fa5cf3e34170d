import { implement } from '#runtime';
import { viewEnforcement } from '#usecases/enforcement';

/** An enforcement case as its viewer may see it (执行公开), the executor's tasks, the leader's dashboard. */
export const main = implement('enforcement-view', viewEnforcement);
