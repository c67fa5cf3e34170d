import { defineAction } from '#runtime';
import { CaseJoinInput } from '#schemas/cases';
import { joinCase } from '#usecases/cases';

/** 应诉: a verified defendant or third party joins the case under its number. */
export const main = defineAction({ name: 'case-join', input: CaseJoinInput, allow: ['party', 'lawyer'], verified: true, mutating: true }, joinCase);
