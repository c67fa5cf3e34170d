import { implement } from '#runtime';
import { applyMediation } from '#usecases/mediation';

export const main = implement('mediation-apply', applyMediation);
