import { implement } from '#runtime';
import { dossierUrl } from '#usecases/dossier';

/** 阅卷: a short-lived link to one document, every read recorded. */
export const main = implement('dossier-url', dossierUrl);
