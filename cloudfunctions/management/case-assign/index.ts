import { implement } from '#runtime';
import { assignCase } from '#usecases/trial';

/** 分案: a random draw weighted by caseload, re-checkable from its published seed. */
export const main = implement('case-assign', assignCase);
