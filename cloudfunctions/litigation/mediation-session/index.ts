import { implement } from '#runtime';
import { runSession } from '#usecases/mediation';

export const main = implement('mediation-session', runSession);
