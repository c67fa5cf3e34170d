import { defineAction } from '#runtime';
import { CaseDetailInput } from '#schemas/cases';
import { caseDetail } from '../../_core/usecases/cases';
import { CASE_READERS } from '../../_core/usecases/access';

/** 案件详情 with the verified timeline. */
export const main = defineAction({ name: 'case-detail', input: CaseDetailInput, allow: CASE_READERS }, caseDetail);
