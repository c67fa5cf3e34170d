import { defineAction } from '#runtime';
import { SessionInfoInput } from '#schemas/cases';
import { CASE_READERS } from '#usecases/access';
import { sessionInfo } from '#usecases/session';

/** Who the mini-program's user is here: verified or not, their roles, and their upload area. */
export const main = defineAction({ name: 'session-info', input: SessionInfoInput, allow: CASE_READERS }, sessionInfo);
