import { implement } from '#runtime';
import { anchorChains, verifyCase } from '#usecases/chain';

/** 核验: a case's whole record chain and its sealed head, or a legal person's representative's papers; daily, the anchor of every chain's head. */
export const main = implement('case-verify', verifyCase, anchorChains);
