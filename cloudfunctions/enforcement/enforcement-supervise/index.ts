import { implement } from '#runtime';
import { supervise } from '#usecases/enforcement';

/** 催办 on an overdue step, the sweep that escalates unanswered urges, the president's extension. */
export const main = implement('enforcement-supervise', supervise);
