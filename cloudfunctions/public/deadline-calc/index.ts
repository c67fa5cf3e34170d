import { implement } from '#runtime';
import { calculateDeadline } from '#usecases/public';

/** 期限计算器: the last day of a procedural period, moved off statutory rest days. Public. */
export const main = implement('deadline-calc', calculateDeadline);
