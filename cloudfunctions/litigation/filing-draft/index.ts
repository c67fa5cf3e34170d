import { defineAction } from '#runtime';
import { FilingDraftInput } from '#schemas/drafts';
import { filingDraft } from '#usecases/drafts';

/** 立案草稿: save and resume a filing in progress. Loading changes nothing and needs no requestId. */
export const main = defineAction(
  { name: 'filing-draft', input: FilingDraftInput, allow: ['party', 'lawyer'], mutating: true, requestIdOf: (input) => ('requestId' in input ? input.requestId : 'load') },
  filingDraft,
);
