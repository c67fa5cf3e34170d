import { implement } from '#runtime';
import { keepRoster } from '#usecases/mediation';

export const main = implement('mediator-roster', keepRoster);
