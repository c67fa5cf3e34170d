import { defineAction } from '#runtime';
import { CaseListInput } from '#schemas/cases';
import { listCases } from '#usecases/cases';
import { CASE_READERS } from '#usecases/access';

/** 我的案件: the caller's cases or filings, paged; the registrar's review queue. */
export const main = defineAction({ name: 'case-list', input: CaseListInput, allow: CASE_READERS }, listCases);
