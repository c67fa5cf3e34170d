import { implement } from '#runtime';
import { listMessages } from '#usecases/messages';

/** The case's messages. */
export const main = implement('message-list', listMessages);
