import { implement } from '#runtime';
import { openClaims } from '#usecases/claims';

/** 开放债权申报 for one bankruptcy (the temporary claims plug-in). */
export const main = implement('claims-open', openClaims);
