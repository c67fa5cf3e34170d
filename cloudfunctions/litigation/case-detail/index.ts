import { implement } from '#runtime';
import { caseDetail } from '../../_core/usecases/cases';

/** 案件详情 with the verified timeline. */
export const main = implement('case-detail', caseDetail);
