import { implement } from '#runtime';
import { sessionInfo } from '#usecases/session';

/** Who the mini-program's user is here: verified or not, their roles, and their upload area. */
export const main = implement('session-info', sessionInfo);
