import { defineAction } from '#runtime';
import { CaseDetailInput } from '#schemas/cases';
import { caseDetail } from '#usecases/cases';
import { CASE_READERS } from '#usecases/access';

/** 案件详情 with the verified timeline. */
export const main = defineAction({ name: 'case-detail', input: CaseDetailInput, allow: CASE_READERS }, caseDetail);
