import { implement } from '#runtime';
import { serviceInbox } from '#usecases/service';

/** 送达文书: what has been served on the caller. */
export const main = implement('service-inbox', serviceInbox);
