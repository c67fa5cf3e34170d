import { defineAction } from '#runtime';
import { EvidenceListInput } from '#schemas/dossier';
import { listEvidence } from '#usecases/evidence';
import { CASE_READERS } from '#usecases/access';

/** 证据目录 with each item's hash and the opinions on it. */
export const main = defineAction({ name: 'evidence-list', input: EvidenceListInput, allow: CASE_READERS }, listEvidence);
