import { implement } from '#runtime';
import { listEvidence } from '#usecases/evidence';

/** 证据目录 with each item's hash and the opinions on it. */
export const main = implement('evidence-list', listEvidence);
