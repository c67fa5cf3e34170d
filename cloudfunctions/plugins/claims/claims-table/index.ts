import { defineAction } from '#runtime';
import { ClaimsTableInput } from '#schemas/claims';
import { claimsTable } from '#usecases/claims';

/** 债权表: totals, the table paged, and exports to CSV or XLSX. */
export const main = defineAction({ name: 'claims-table', input: ClaimsTableInput, allow: ['administrator', 'judge'] }, claimsTable);
