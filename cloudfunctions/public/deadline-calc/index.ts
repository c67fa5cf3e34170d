import { defineAction } from '#runtime';
import { DeadlineCalcInput } from '#schemas/deadlines';
import { calculateDeadline } from '#usecases/public';

/** 期限计算器: the last day of a procedural period, moved off statutory rest days. Public. */
export const main = defineAction({ name: 'deadline-calc', input: DeadlineCalcInput, allow: 'public' }, calculateDeadline);
