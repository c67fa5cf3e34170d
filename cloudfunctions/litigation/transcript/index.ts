import { implement } from '#runtime';
import { keepTranscript } from '#usecases/hearings';

/** 庭审笔录：制作、补正、以录音录像代替、电子签名确认并归入卷宗. */
export const main = implement('transcript', keepTranscript);
