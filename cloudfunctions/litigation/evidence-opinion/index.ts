import { defineAction } from '#runtime';
import { EvidenceOpinionInput } from '#schemas/dossier';
import { giveOpinion } from '#usecases/evidence';

/** 质证: the other side's opinion on one item of evidence. */
export const main = defineAction({ name: 'evidence-opinion', input: EvidenceOpinionInput, allow: ['party', 'lawyer'], verified: true, mutating: true }, giveOpinion);
