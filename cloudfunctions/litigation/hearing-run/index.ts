import { implement } from '#runtime';
import { runHearing } from '#usecases/hearings';

/** 庭审进行：庭审阶段、断线记录、拒不到庭和中途退庭、录音录像记录与归档、闭庭. */
export const main = implement('hearing-run', runHearing);
