import { implement } from '#runtime';
import { applyForEnforcement } from '#usecases/enforcement';

/** 申请执行 from an effective decision of the platform (民事诉讼法 第二百四十七条、第二百五十条), and objections (第二百三十六条). */
export const main = implement('enforcement-apply', applyForEnforcement);
