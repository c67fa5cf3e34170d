import { implement } from '#runtime';
import { deliberate } from '#usecases/management';

/** 合议: the panel's notes and votes, read by the panel and the president only. */
export const main = implement('deliberation', deliberate);
