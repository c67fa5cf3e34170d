import { implement } from '#runtime';
import { recordHearingConsent } from '#usecases/hearings';

/** 在线庭审的同意：当事人选择在线或线下、撤回同意，法官审查理由、记录不宜在线的情形. */
export const main = implement('hearing-consent', recordHearingConsent);
