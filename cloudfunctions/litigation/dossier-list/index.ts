import { implement } from '#runtime';
import { listDossier } from '#usecases/dossier';

/** 电子卷宗: the case's documents. */
export const main = implement('dossier-list', listDossier);
