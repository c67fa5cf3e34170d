import * as z from 'zod';
import { LIMIT_PROCEDURES } from '#domain/trial-limits';
import { IsoDate } from './common';

/** 审限计算器: a trial limit from the procedure, the filing day, approved extensions and excluded periods. */
export const LimitCalcInput = z
  .object({
    procedure: z.enum(LIMIT_PROCEDURES, { error: `审理程序不正确，可选：${LIMIT_PROCEDURES.join('、')}` }),
    filedOn: IsoDate,
    extensions: z
      .array(z.object({ months: z.number().int('延长月数须为整数').min(1, '延长至少为1个月').max(60, '延长月数过大') }).strict())
      .max(10)
      .optional(),
    excluded: z
      .array(z.object({ from: IsoDate, to: IsoDate }).strict())
      .max(50)
      .optional(),
  })
  .strict();
export type LimitCalcInput = z.input<typeof LimitCalcInput>;

export const LimitCalcOutput = z.object({ expiresOn: IsoDate, basis: z.array(z.string()) });
export type LimitCalcOutput = z.infer<typeof LimitCalcOutput>;
