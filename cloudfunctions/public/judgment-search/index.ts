import { implement } from '#runtime';
import { searchJudgments } from '#usecases/closing';

/** 裁判文书公开查询: published decisions, anonymised; withheld ones with their reason. No login. */
export const main = implement('judgment-search', searchJudgments);
