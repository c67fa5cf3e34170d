import { implement } from '#runtime';
import { claimsTable } from '#usecases/claims';

/** 债权表: totals, the table paged, and exports to CSV or XLSX. */
export const main = implement('claims-table', claimsTable);
