import { defineAction } from '#runtime';
import { ServiceInboxInput } from '#schemas/dossier';
import { serviceInbox } from '#usecases/service';
import { CASE_READERS } from '#usecases/access';

/** 送达文书: what has been served on the caller. */
export const main = defineAction({ name: 'service-inbox', input: ServiceInboxInput, allow: CASE_READERS }, serviceInbox);
