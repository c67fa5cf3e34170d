import { defineAction } from '#runtime';
import { MessageListInput } from '#schemas/dossier';
import { listMessages } from '#usecases/messages';
import { CASE_READERS } from '#usecases/access';

/** The case's messages. */
export const main = defineAction({ name: 'message-list', input: MessageListInput, allow: CASE_READERS }, listMessages);
