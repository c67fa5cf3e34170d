import { implement } from '#runtime';
import { judicialAid } from '#usecases/judicial-aid';

/** 司法救助: exemption, reduction or deferral of the fee, applied for with proof and decided by the court. */
export const main = implement('fee-aid', judicialAid);
