import { implement } from '#runtime';
import { verifyCase } from '#usecases/chain';

/** 核验: a case's whole record chain and its sealed head, or a legal person's representative's papers. */
export const main = implement('case-verify', verifyCase);
