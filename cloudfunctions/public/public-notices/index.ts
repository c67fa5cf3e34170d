import { implement } from '#runtime';
import { publicNotices } from '#usecases/publicity';

/** 开庭公告、庭审直播与法院信息: no login. */
export const main = implement('public-notices', publicNotices);
