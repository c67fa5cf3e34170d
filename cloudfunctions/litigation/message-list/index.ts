import { implement } from '#runtime';
import { listMessages } from '../../_core/usecases/dossier';

/** The case's messages. */
export const main = implement('message-list', listMessages);
