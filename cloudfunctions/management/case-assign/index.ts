import { defineAction } from '#runtime';
import { CaseAssignInput } from '#schemas/trial';
import { assignCase } from '#usecases/trial';

/** 分案: a random draw weighted by caseload, re-checkable from its published seed. */
export const main = defineAction({ name: 'case-assign', input: CaseAssignInput, allow: ['leader', 'registrar'], mutating: true }, assignCase);
