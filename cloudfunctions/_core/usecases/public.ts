import * as z from 'zod';
import { computeDeadline, StatutoryPeriods } from '#domain/deadlines';
import { calculateFee, FeeInputError } from '#domain/fees';
import { HOLIDAYS } from '#domain/holidays';
import { LimitInputError, limitExpiry } from '#domain/trial-limits';
import { invalidField, query, type ActionContext } from '#runtime';
import type { CourtListInput, CourtListOutput } from '#schemas/cases';
import type { DeadlineCalcInput, DeadlineCalcOutput } from '#schemas/deadlines';
import type { FeeCalcInput, FeeCalcOutput } from '#schemas/fees';
import type { LimitCalcInput, LimitCalcOutput } from '#schemas/management';

/** The courts one can file with, by code. */
export async function listCourts(_input: z.output<typeof CourtListInput>, ctx: ActionContext): Promise<CourtListOutput> {
  const courts = await query<{ _id: string; code: string; name: string }>(
    ctx.db.collection('courts').field({ code: true, name: true }).orderBy('code', 'asc').limit(200),
  );
  return { courts: courts.map((c) => ({ courtId: c._id, code: c.code, name: c.name })) };
}

/** 期限计算器: the last day of a procedural period, moved off statutory rest days, with the rules and calendars applied. */
export async function calculateDeadline(input: z.output<typeof DeadlineCalcInput>): Promise<DeadlineCalcOutput> {
  const statutory = input.kind ? StatutoryPeriods[input.kind] : undefined;
  const period = input.period ?? statutory?.period;
  // The schema guarantees one of the two.
  const result = computeDeadline(input.from, period ?? { days: 0 });
  const years = new Set([input.from.slice(0, 4), result.deadline.slice(0, 4)].map(Number));
  const basis = ['民事诉讼法 第八十五条', ...(statutory ? [statutory.basis] : [])];
  for (const year of years) {
    const calendar = HOLIDAYS[year];
    if (calendar) basis.push(calendar.source);
  }
  return { ...result, ...(input.kind ? { kind: input.kind, label: statutory?.label } : {}), basis: [...new Set(basis)] };
}

/** 诉讼费计算器: what a case or application costs; an impossible combination is the caller's input error. */
export async function quoteFee(input: z.output<typeof FeeCalcInput>): Promise<FeeCalcOutput> {
  try {
    return calculateFee(input);
  } catch (error) {
    if (error instanceof FeeInputError) throw invalidField(error.field, error.message);
    throw error;
  }
}

/** 审限计算器: the last day of a trial limit; an extension the law does not allow is the caller's input error, with the reason. */
export async function calculateLimit(input: z.output<typeof LimitCalcInput>): Promise<LimitCalcOutput> {
  try {
    const { expiresOn, basis } = limitExpiry(input);
    return { expiresOn, basis };
  } catch (error) {
    if (error instanceof LimitInputError) throw invalidField(error.field, error.message);
    throw error;
  }
}
