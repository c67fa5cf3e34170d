import { defineAction } from '#runtime';
import { ClaimStatusInput } from '#schemas/claims';
import { claimStatus } from '#usecases/claims';

/** 我的债权: the creditor's own claim and its review. */
export const main = defineAction({ name: 'claim-status', input: ClaimStatusInput, allow: ['party', 'lawyer'] }, claimStatus);
