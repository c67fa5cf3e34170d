import { implement } from '#runtime';
import { joinCase } from '#usecases/cases';

/** 应诉: a verified defendant or third party joins the case under its number. */
export const main = implement('case-join', joinCase);
