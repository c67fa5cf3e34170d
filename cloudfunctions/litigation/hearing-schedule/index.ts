import { defineAction } from '#runtime';
import { HearingScheduleInput } from '#schemas/trial';
import { scheduleHearing } from '#usecases/trial';

/** 排期开庭: the hearing set and its notice served on the parties. */
export const main = defineAction({ name: 'hearing-schedule', input: HearingScheduleInput, allow: ['judge', 'clerk'], mutating: true }, scheduleHearing);
