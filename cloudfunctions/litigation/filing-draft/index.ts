import { implement } from '#runtime';
import { filingDraft } from '#usecases/drafts';

/** 立案草稿: save and resume a filing in progress. Loading changes nothing and needs no requestId. */
export const main = implement('filing-draft', filingDraft);
