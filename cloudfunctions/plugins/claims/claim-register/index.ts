import { implement } from '#runtime';
import { registerClaim } from '#usecases/claims';

/** 申报债权: one claim per verified creditor per bankruptcy; a second submission amends it. */
export const main = implement('claim-register', registerClaim);
