import { implement } from '#runtime';
import { claimStatus } from '#usecases/claims';

/** 我的债权: the creditor's own claim and its review. */
export const main = implement('claim-status', claimStatus);
