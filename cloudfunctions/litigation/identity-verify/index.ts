import { defineAction } from '#runtime';
import { IdentityVerifyInput } from '#schemas/identity';
import { verifyIdentity } from '#usecases/identity';

/** 实名认证: name + ID number + the face check, verified server side (在线诉讼规则 第七条). */
export const main = defineAction({ name: 'identity-verify', input: IdentityVerifyInput, allow: ['party'], mutating: true }, verifyIdentity);
