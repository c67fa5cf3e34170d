import { implement } from '#runtime';
import type { CourtListOutput } from '#schemas/cases';

/** The courts one can file with. No login. */
export const main = implement('court-list', async (_input, ctx): Promise<CourtListOutput> => {
  const res = (await ctx.db.collection('courts').field({ code: true, name: true }).orderBy('code', 'asc').limit(200).get()) as unknown as { data: { _id: string; code: string; name: string }[] };
  return { courts: res.data.map((c) => ({ courtId: c._id, code: c.code, name: c.name })) };
});
