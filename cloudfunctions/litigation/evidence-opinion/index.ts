import { implement } from '#runtime';
import { giveOpinion } from '#usecases/evidence';

/** 质证: the other side's opinion on one item of evidence. */
export const main = implement('evidence-opinion', giveOpinion);
