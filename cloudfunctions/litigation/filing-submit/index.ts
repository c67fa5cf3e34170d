import { defineAction } from '#runtime';
import { FilingSubmitInput } from '#schemas/filing';
import { submitFiling } from '#usecases/filing';

/** 网上立案: a verified party (or an approved lawyer with a power of attorney) files a complaint. */
export const main = defineAction({ name: 'filing-submit', input: FilingSubmitInput, allow: ['party', 'lawyer'], verified: true, mutating: true }, submitFiling);
