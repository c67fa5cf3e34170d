import { implement } from '#runtime';
import { addEvidence } from '#usecases/evidence';

/** 提交证据: uploads attached to the case, hashed on the server, catalogued with what they prove. */
export const main = implement('evidence-add', addEvidence);
