import { defineAction } from '#runtime';
import { MessageListInput } from '#schemas/dossier';
import { listMessages } from '../../_core/usecases/dossier';
import { CASE_READERS } from '../../_core/usecases/access';

/** The case's messages. */
export const main = defineAction({ name: 'message-list', input: MessageListInput, allow: CASE_READERS }, listMessages);
