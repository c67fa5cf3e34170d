import { implement } from '#runtime';
import { closeCase } from '#usecases/closing';

/** 审结报结: the outcome, decision, fee list, closing date and publication decision; the decision's effect; its publication. */
export const main = implement('case-close', closeCase);
