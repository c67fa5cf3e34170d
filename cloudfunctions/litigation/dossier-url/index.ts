import { defineAction } from '#runtime';
import { DossierUrlInput } from '#schemas/dossier';
import { dossierUrl } from '#usecases/dossier';
import { CASE_READERS } from '#usecases/access';

/** 阅卷: a short-lived link to one document, every read recorded. */
export const main = defineAction({ name: 'dossier-url', input: DossierUrlInput, allow: CASE_READERS }, dossierUrl);
