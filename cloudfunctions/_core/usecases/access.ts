import type { GlobalRole } from '#runtime';

/** Everyone who may be on a case; each read then checks the caller's role on that case. */
export const CASE_READERS: readonly GlobalRole[] = ['party', 'lawyer', 'registrar', 'judge', 'clerk', 'executor', 'leader'];
