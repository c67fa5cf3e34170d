import { implement } from '#runtime';
import { fileAppeal } from '#usecases/closing';

/** 上诉: a party appeals a decision online within its own period, with the appeal fee computed. */
export const main = implement('appeal', fileAppeal);
