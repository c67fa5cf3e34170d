import * as z from 'zod';
import type { ActionContext } from '#runtime';
import type { SessionInfoInput, SessionInfoOutput } from '#schemas/cases';

/** Who the mini-program's user is here: verified or not, their roles, and their upload area. */
export async function sessionInfo(_input: z.output<typeof SessionInfoInput>, ctx: ActionContext): Promise<SessionInfoOutput> {
  return {
    openid: ctx.caller.openid,
    verified: Boolean(ctx.caller.user?.verifiedAt),
    ...(ctx.caller.user?.name ? { name: ctx.caller.user.name } : {}),
    roles: [...ctx.caller.roles],
    uploadDir: `uploads/${ctx.caller.openid}`,
  };
}
