import { implement } from '#runtime';
import { listEvidence } from '../../_core/usecases/dossier';

/** 证据目录 with each item's hash and the opinions on it. */
export const main = implement('evidence-list', listEvidence);
