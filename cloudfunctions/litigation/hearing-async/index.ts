import { implement } from '#runtime';
import { asyncHearing } from '#usecases/async-hearing';

/** 非同步审理：书面申请、各方同意、准许并确定各阶段期间、分阶段上传录像、结束. */
export const main = implement('hearing-async', asyncHearing);
