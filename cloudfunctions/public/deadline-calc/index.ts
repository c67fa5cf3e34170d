import { implement } from '#runtime';
import { computeDeadline, StatutoryPeriods } from '#domain/deadlines';
import { HOLIDAYS } from '#domain/holidays';
import type { DeadlineCalcOutput } from '#schemas/deadlines';

/** 期限计算器: the last day of a procedural period, moved off statutory rest days. Public. */
export const main = implement('deadline-calc', async (input): Promise<DeadlineCalcOutput> => {
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
});
