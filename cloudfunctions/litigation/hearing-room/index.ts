import { implement } from '#runtime';
import { hearingRoom } from '#usecases/hearings';

/** 庭审视频房间：为本次庭审已准许进入的参加人和审判人员签发 UserSig 与 PrivateMapKey. */
export const main = implement('hearing-room', hearingRoom);
