import * as z from 'zod';
import { StatutoryPeriods, type StatutoryPeriodKind } from '#domain/deadlines';
import { IsoDate } from './common';

const kinds = Object.keys(StatutoryPeriods) as [StatutoryPeriodKind, ...StatutoryPeriodKind[]];

export const PeriodInput = z.union(
  [
    z.object({ days: z.number().int('天数须为整数').min(1, '期间至少为1天').max(3660, '期间过长') }).strict(),
    z.object({ months: z.number().int('月数须为整数').min(1, '期间至少为1个月').max(120, '期间过长') }).strict(),
  ],
  { error: '期间应为 { days: 天数 } 或 { months: 月数 }，且为正整数' },
);

export const DeadlineCalcInput = z
  .strictObject({
    from: IsoDate,
    period: PeriodInput.optional(),
    kind: z.enum(kinds, { error: `期间种类不正确，可选：${kinds.join('、')}` }).optional(),
  })
  .refine((input) => input.period !== undefined || input.kind !== undefined, { message: '请填写期间（天数或月数）或选择法定期间种类', path: ['period'] });
export type DeadlineCalcInput = z.input<typeof DeadlineCalcInput>;

export const DeadlineCalcOutput = z.object({
  deadline: IsoDate,
  naive: IsoDate,
  shiftedOver: z.array(IsoDate),
  calendarKnown: z.boolean(),
  kind: z.string().optional(),
  label: z.string().optional(),
  basis: z.array(z.string()),
});
export type DeadlineCalcOutput = z.infer<typeof DeadlineCalcOutput>;
