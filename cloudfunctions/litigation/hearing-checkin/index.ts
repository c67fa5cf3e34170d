import { implement } from '#runtime';
import { hearingCheckin } from '#usecases/hearings';

/** 庭前签到（人脸识别）、候庭、准许进入、宣布开庭. */
export const main = implement('hearing-checkin', hearingCheckin);
