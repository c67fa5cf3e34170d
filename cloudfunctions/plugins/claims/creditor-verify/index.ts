import { implement } from '#runtime';
import { verifyIdentity } from '#usecases/identity';

/** 债权人实名认证: the same check as 实名认证, recorded in the plug-in's own environment (在线诉讼规则 第七条). */
export const main = implement('creditor-verify', verifyIdentity);
