import { implement } from '#runtime';
import { readMediation } from '#usecases/mediation';

export const main = implement('mediation-detail', readMediation);
