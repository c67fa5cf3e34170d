import { implement } from '#runtime';
import { handleAgreement } from '#usecases/mediation';

export const main = implement('mediation-agreement', handleAgreement);
