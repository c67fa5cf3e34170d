import * as z from 'zod';
import { FeeCategories } from '#domain/fees';
import { Fen } from './common';

const CATEGORY_NAMES = '财产案件 property、离婚 divorce、人格权 personality、其他非财产 other-non-property、知识产权 ip、劳动争议 labour、行政 administrative、商标专利海事行政 administrative-special、管辖权异议 jurisdiction-objection、申请执行 enforcement、申请保全 preservation、支付令 payment-order、公示催告 public-summons、仲裁审查 arbitration-review、破产 bankruptcy';

export const FeeCalcInput = z.object({
  category: z.enum(FeeCategories, { error: `案件类别不正确，可选：${CATEGORY_NAMES}` }),
  amountFen: Fen.optional(),
  procedure: z.enum(['ordinary', 'simplified'], { error: '审理程序应为 ordinary（普通程序）或 simplified（简易程序）' }).optional(),
  outcome: z.enum(['judgment', 'mediation', 'withdrawal'], { error: '结案方式应为 judgment（判决）、mediation（调解）或 withdrawal（撤诉）' }).optional(),
  counterclaim: z.boolean().optional(),
  appeal: z.boolean().optional(),
  rounding: z
    .object({ unit: z.enum(['fen', 'yuan']), mode: z.enum(['half-up', 'down', 'up', 'half-even']) })
    .optional(),
});
export type FeeCalcInput = z.input<typeof FeeCalcInput>;

export const FeeLine = z.object({
  label: z.string(),
  baseFen: z.number().int().optional(),
  rate: z.string().optional(),
  amountFen: z.number().int(),
});

export const FeeCalcOutput = z.object({
  feeFen: z.number().int(),
  breakdown: z.array(FeeLine),
  basis: z.array(z.string()),
  rangeFen: z.tuple([z.number().int(), z.number().int()]).optional(),
  notes: z.array(z.string()),
});
export type FeeCalcOutput = z.infer<typeof FeeCalcOutput>;
