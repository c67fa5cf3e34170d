import { implement } from '#runtime';
import { sendService } from '../../_core/usecases/dossier';

/** 电子送达: a document served on the consenting parties. */
export const main = implement('service-send', sendService);
