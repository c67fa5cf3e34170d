import { defineAction } from '#runtime';
import { ServiceSendInput } from '#schemas/dossier';
import { sendService } from '#usecases/service';

/** 电子送达: a document served on the consenting parties. */
export const main = defineAction({ name: 'service-send', input: ServiceSendInput, allow: ['judge', 'clerk'], mutating: true }, sendService);
