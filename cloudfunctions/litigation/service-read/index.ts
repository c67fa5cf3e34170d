import { defineAction } from '#runtime';
import { ServiceReadInput } from '#schemas/dossier';
import { readService } from '#usecases/service';

/** 阅读回执: opening a served document, which is service where the address was never confirmed. */
export const main = defineAction({ name: 'service-read', input: ServiceReadInput, allow: ['party', 'lawyer'], mutating: true }, readService);
