import { implement } from '#runtime';
import { submitFiling } from '#usecases/filing';

/** 网上立案: a verified party (or an approved lawyer with a power of attorney) files a complaint. */
export const main = implement('filing-submit', submitFiling);
