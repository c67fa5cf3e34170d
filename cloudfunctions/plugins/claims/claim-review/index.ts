import { defineAction } from '#runtime';
import { ClaimReviewInput } from '#schemas/claims';
import { reviewClaims } from '#usecases/claims';

/** 审查债权: the administrator's decisions, one by one or in batches. */
export const main = defineAction({ name: 'claim-review', input: ClaimReviewInput, allow: ['administrator'], mutating: true }, reviewClaims);
