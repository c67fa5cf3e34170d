import { implement } from '#runtime';
import { manageTrialLimit } from '#usecases/management';

/** 审限管理: the case's limit, extension and deduction requests, the president's inbox, change of procedure. */
export const main = implement('trial-limit', manageTrialLimit);
