import { defineAction } from '#runtime';
import { MessageSendInput } from '#schemas/dossier';
import { sendMessage } from '#usecases/messages';
import { CASE_READERS } from '#usecases/access';

/** 联系法官: a message between the parties and the panel. */
export const main = defineAction({ name: 'message-send', input: MessageSendInput, allow: CASE_READERS, mutating: true }, sendMessage);
