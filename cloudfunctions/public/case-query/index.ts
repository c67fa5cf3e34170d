import { defineAction } from '#runtime';
import { CaseQueryInput } from '#schemas/cases';
import { queryCase } from '#usecases/cases';

/** 扫码查案: the public case query behind the acceptance notice's QR code. No login. */
export const main = defineAction({ name: 'case-query', input: CaseQueryInput, allow: 'public' }, queryCase);
