import { implement } from '#runtime';
import { verifyIdentity } from '#usecases/identity';

/** 实名认证: name + ID number + the face check, verified server side (在线诉讼规则 第七条). */
export const main = implement('identity-verify', verifyIdentity);
