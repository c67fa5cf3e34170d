import { implement } from '#runtime';
import { listCourts } from '#usecases/public';

/** The courts one can file with. No login. */
export const main = implement('court-list', listCourts);
