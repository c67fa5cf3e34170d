import { implement } from '#runtime';
import type { SessionInfoOutput } from '#schemas/cases';

/** Who the mini-program's user is here: verified or not, their roles, and their upload area. */
export const main = implement('session-info', async (_input, ctx): Promise<SessionInfoOutput> => ({
  openid: ctx.caller.openid,
  verified: Boolean(ctx.caller.user?.verifiedAt),
  ...(ctx.caller.user?.name ? { name: ctx.caller.user.name } : {}),
  roles: [...ctx.caller.roles],
  uploadDir: `uploads/${ctx.caller.openid}`,
}));
