import { implement } from '#runtime';
import { verifyEvidence } from '#usecases/evidence';

/** Re-hashes a stored item of evidence against its registered hash. */
export const main = implement('evidence-verify', verifyEvidence);
