import { implement } from '#runtime';
import { scheduleHearing } from '#usecases/trial';

/** 排期开庭: the hearing set and its notice served on the parties. */
export const main = implement('hearing-schedule', scheduleHearing);
