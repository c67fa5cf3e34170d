import { defineAction } from '#runtime';
import { ClaimRegisterInput } from '#schemas/claims';
import { registerClaim } from '#usecases/claims';

/** 申报债权: one claim per verified creditor per bankruptcy; a second submission amends it. */
export const main = defineAction({ name: 'claim-register', input: ClaimRegisterInput, allow: ['party', 'lawyer'], verified: true, mutating: true }, registerClaim);
