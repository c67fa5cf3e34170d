import { defineAction } from '#runtime';
import { MessageSendInput } from '#schemas/dossier';
import { sendMessage } from '../../_core/usecases/dossier';
import { CASE_READERS } from '../../_core/usecases/access';

/** 联系法官: a message between the parties and the panel. */
export const main = defineAction({ name: 'message-send', input: MessageSendInput, allow: CASE_READERS, mutating: true }, sendMessage);
