import { defineAction } from '#runtime';
import { FilingReviewInput } from '#schemas/review';
import { reviewFiling } from '#usecases/filing';

/** 立案审查: the registrar accepts, asks for one correction, or refuses. */
export const main = defineAction({ name: 'filing-review', input: FilingReviewInput, allow: ['registrar'], mutating: true }, reviewFiling);
