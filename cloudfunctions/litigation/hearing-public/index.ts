import { implement } from '#runtime';
import { hearingPublicity } from '#usecases/publicity';

/** 公开审理与庭审直播：不公开审理的决定、提请直播、当事人异议、院领导审批. */
export const main = implement('hearing-public', hearingPublicity);
