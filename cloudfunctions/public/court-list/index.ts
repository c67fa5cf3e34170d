import { defineAction } from '#runtime';
import { CourtListInput } from '#schemas/cases';
import { listCourts } from '#usecases/public';

/** The courts one can file with. No login. */
export const main = defineAction({ name: 'court-list', input: CourtListInput, allow: 'public' }, listCourts);
