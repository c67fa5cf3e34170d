import { implement } from '#runtime';
import { reviewFiling } from '#usecases/filing';

/** 立案审查: the registrar accepts, asks for one correction, or refuses. */
export const main = implement('filing-review', reviewFiling);
