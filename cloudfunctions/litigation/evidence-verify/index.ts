import { defineAction } from '#runtime';
import { EvidenceVerifyInput } from '#schemas/dossier';
import { verifyEvidence } from '#usecases/evidence';
import { CASE_READERS } from '#usecases/access';

/** Re-hashes a stored item of evidence against its registered hash. */
export const main = defineAction({ name: 'evidence-verify', input: EvidenceVerifyInput, allow: CASE_READERS }, verifyEvidence);
