import { implement } from '#runtime';
import { reviewClaims } from '#usecases/claims';

/** 审查债权: the administrator's decisions, one by one or in batches. */
export const main = implement('claim-review', reviewClaims);
