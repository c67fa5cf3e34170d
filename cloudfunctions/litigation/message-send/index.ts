import { implement } from '#runtime';
import { sendMessage } from '#usecases/messages';

/** 联系法官: a message between the parties and the panel. */
export const main = implement('message-send', sendMessage);
