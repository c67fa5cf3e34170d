import { defineAction } from '#runtime';
import { DossierListInput } from '#schemas/dossier';
import { listDossier } from '#usecases/dossier';
import { CASE_READERS } from '#usecases/access';

/** 电子卷宗: the case's documents. */
export const main = defineAction({ name: 'dossier-list', input: DossierListInput, allow: CASE_READERS }, listDossier);
