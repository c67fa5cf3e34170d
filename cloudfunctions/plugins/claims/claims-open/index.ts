import { defineAction } from '#runtime';
import { ClaimsOpenInput } from '#schemas/claims';
import { openClaims } from '#usecases/claims';

/** 开放债权申报 for one bankruptcy (the temporary claims plug-in). */
export const main = defineAction({ name: 'claims-open', input: ClaimsOpenInput, allow: ['administrator', 'judge'], mutating: true }, openClaims);
