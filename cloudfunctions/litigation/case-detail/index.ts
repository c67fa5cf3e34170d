import { implement } from '#runtime';
import { caseDetail } from '#usecases/cases';

/** 案件详情 with the verified timeline. */
export const main = implement('case-detail', caseDetail);
