import { implement } from '#runtime';
import { listCases } from '#usecases/cases';

/** 我的案件: the caller's cases or filings, paged; the registrar's review queue. */
export const main = implement('case-list', listCases);
