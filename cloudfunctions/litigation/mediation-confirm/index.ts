import { implement } from '#runtime';
import { confirmAgreement } from '#usecases/mediation';

export const main = implement('mediation-confirm', confirmAgreement);
