import { implement } from '#runtime';
import { assignMediation } from '#usecases/mediation';

export const main = implement('mediation-assign', assignMediation);
