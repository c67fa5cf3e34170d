import { defineAction } from '#runtime';
import { EvidenceAddInput } from '#schemas/dossier';
import { addEvidence } from '#usecases/evidence';

/** 提交证据: uploads attached to the case, hashed on the server, catalogued with what they prove. */
export const main = defineAction({ name: 'evidence-add', input: EvidenceAddInput, allow: ['party', 'lawyer'], verified: true, mutating: true }, addEvidence);
