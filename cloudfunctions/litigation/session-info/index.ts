import { defineAction } from '#runtime';
import { SessionInfoInput, type SessionInfoOutput } from '#schemas/cases';
import { CASE_READERS } from '../../_core/usecases/access';

/** Who the mini-program's user is here: verified or not, their roles, and their upload area. */
export const main = defineAction({ name: 'session-info', input: SessionInfoInput, allow: CASE_READERS }, async (_input, ctx): Promise<SessionInfoOutput> => ({
  openid: ctx.caller.openid,
  verified: Boolean(ctx.caller.user?.verifiedAt),
  ...(ctx.caller.user?.name ? { name: ctx.caller.user.name } : {}),
  roles: [...ctx.caller.roles],
  uploadDir: `uploads/${ctx.caller.openid}`,
}));
