import { utcDay } from './time';

/**
 * Trial time limits (审限) as the court manages them: the limit of each procedure, approved
 * extensions, excluded periods, the windows for asking and deciding an extension, adjournments.
 * Court-internal limits are nominal: they are not moved off rest days (legal-rules-2 §0.2.1).
 */

export const LimitProcedures = {
  // 民事诉讼法 第一百五十二条: 6 months, once up to 6 more by the president, any further by the higher court.
  ordinary: { months: 6, days: 0, label: '普通程序', basis: '民事诉讼法 第一百五十二条', maxExtensionMonths: null, presidentMaxMonths: 6 },
  // 民事诉讼法 第一百六十四条; 民诉法解释 第二百五十八条: +1 month, at most 4 months in all.
  simplified: { months: 3, days: 0, label: '简易程序', basis: '民事诉讼法 第一百六十四条', maxExtensionMonths: 1, presidentMaxMonths: null },
  // 民事诉讼法 第一百六十五条、第一百六十八条: 2 months, +1 month.
  'small-claims': { months: 2, days: 0, label: '小额诉讼程序', basis: '民事诉讼法 第一百六十八条', maxExtensionMonths: 1, presidentMaxMonths: null },
  // 民事诉讼法 第一百八十七条: 30 days, extended by the president.
  special: { months: 0, days: 30, label: '特别程序', basis: '民事诉讼法 第一百八十七条', maxExtensionMonths: null, presidentMaxMonths: null },
  // 民事诉讼法 第一百八十三条: an appeal against a judgment, 3 months; against a ruling, 30 days.
  'appeal-judgment': {
    months: 3,
    days: 0,
    label: '二审（不服判决）',
    basis: '民事诉讼法 第一百八十三条',
    maxExtensionMonths: null,
    presidentMaxMonths: null,
  },
  'appeal-ruling': {
    months: 0,
    days: 30,
    label: '二审（不服裁定）',
    basis: '民事诉讼法 第一百八十三条',
    maxExtensionMonths: null,
    presidentMaxMonths: null,
  },
} as const;
export type LimitProcedure = keyof typeof LimitProcedures;
export const LIMIT_PROCEDURES = Object.keys(LimitProcedures) as [LimitProcedure, ...LimitProcedure[]];

/** Periods not counted in the limit (民诉法解释 第二百四十三条; 审限规定（2000） 第九条). */
export const ExcludedKinds = {
  publication: { label: '公告期间', basis: '民诉法解释 第二百四十三条' },
  appraisal: { label: '鉴定期间', basis: '民诉法解释 第二百四十三条' },
  settlement: { label: '双方当事人和解期间', basis: '民诉法解释 第二百四十三条' },
  'jurisdiction-objection': { label: '审理当事人提出的管辖权异议期间', basis: '民诉法解释 第二百四十三条' },
  'jurisdiction-dispute': { label: '处理人民法院之间的管辖争议期间', basis: '民诉法解释 第二百四十三条' },
  adjournment: { label: '因新证据、重新鉴定等延期审理的期间（不超过一个月）', basis: '审限规定（2000） 第九条' },
  audit: { label: '审计、评估、资产清理期间', basis: '审限规定（2000） 第九条' },
  suspension: { label: '中止诉讼至恢复诉讼的期间', basis: '审限规定（2000） 第九条' },
  mediation: { label: '当事人同意延长的调解期间', basis: '民事调解规定 第四条' },
} as const;
export type ExcludedKind = keyof typeof ExcludedKinds;
export const EXCLUDED_KINDS = Object.keys(ExcludedKinds) as [ExcludedKind, ...ExcludedKind[]];

export interface LimitInput {
  procedure: LimitProcedure;
  filedOn: string;
  /** Approved extensions, in months, in the order granted. */
  extensions?: { months: number }[];
  /** Periods not counted, each adding `to − from` days (legal-rules-2 §0.2.3). */
  excluded?: { from: string; to: string }[];
}

export class LimitInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Why the law does not allow these extensions for this procedure, or undefined when it does. */
export function extensionRefusal(procedure: LimitProcedure, extensions: readonly { months: number }[]): string | undefined {
  const limit = LimitProcedures[procedure];
  const total = extensions.reduce((sum, e) => sum + e.months, 0);
  // 民诉法解释 第二百五十八条: simplified procedure, at most 4 months in all ("累计").
  if (limit.maxExtensionMonths !== null && total > limit.maxExtensionMonths) {
    const inAll = limit.months + limit.maxExtensionMonths;
    return `${limit.label}审限最多延长 ${limit.maxExtensionMonths} 个月（累计不超过 ${inAll} 个月，${limit.basis}${procedure === 'simplified' ? '、民诉法解释 第二百五十八条' : ''}），需要更长时间应转为普通程序`;
  }
  // 民事诉讼法 第一百五十二条: the president's one extension is of at most six months; more is a further extension, the higher court's.
  const first = extensions[0];
  if (limit.presidentMaxMonths !== null && first && first.months > limit.presidentMaxMonths) {
    return `${limit.label}经本院院长批准最多延长 ${limit.presidentMaxMonths} 个月（${limit.basis}），还需要延长的，报请上级人民法院批准`;
  }
  return undefined;
}

/**
 * Who approves the next extension, given those already granted: for ordinary procedure the
 * president grants the first, and every further one is the higher court's (民事诉讼法 第一百五十二条;
 * 延长审限规定 第一条); for the others the president.
 */
export function extensionApprover(procedure: LimitProcedure, granted: readonly { months: number }[]): 'president' | 'higher-court' {
  return LimitProcedures[procedure].presidentMaxMonths !== null && granted.length > 0 ? 'higher-court' : 'president';
}

/**
 * The last day of a trial limit. The limit runs from the day after filing (审限规定（2000） 第八条); a
 * limit in months ends on the filing day's number in the last month, or that month's last day
 * (民法典 第二百零二条), and an extended limit is the filing day plus all the months together, not
 * chained from a clamped end (legal-rules-2 §0.2.2). Each excluded period adds `to − from` days
 * (民诉法解释 第二百四十三条). An extension the law does not allow is a LimitInputError.
 */
export function limitExpiry(input: LimitInput): { expiresOn: string; excludedDays: number; basis: string[] } {
  const limit = LimitProcedures[input.procedure];
  const extensions = input.extensions ?? [];
  const refusal = extensionRefusal(input.procedure, extensions);
  if (refusal) throw new LimitInputError(refusal, 'extensions');
  let excludedDays = 0;
  const excluded = input.excluded ?? [];
  excluded.forEach((period, index) => {
    if (period.to < period.from) throw new LimitInputError(`第 ${index + 1} 个扣除期间的结束日早于开始日`, 'excluded');
    excludedDays += utcDay(period.to).diff(utcDay(period.from), 'day');
  });
  const months = limit.months + extensions.reduce((sum, e) => sum + e.months, 0);
  const end = utcDay(input.filedOn)
    .add(months, 'month')
    .add(limit.days + excludedDays, 'day');
  const basis: string[] = [limit.basis, '最高人民法院关于严格执行案件审理期限制度的若干规定 第八条', '民法典 第二百零二条'];
  if (input.procedure === 'simplified' || input.procedure === 'small-claims') basis.push('民事诉讼法 第一百六十四条、第一百六十五条');
  if (extensions.length > 0) basis.push('最高人民法院关于进一步严格执行延长审限规定 第一条');
  if (excluded.length > 0) basis.push('民诉法解释 第二百四十三条');
  return { expiresOn: end.format('YYYY-MM-DD'), excludedDays, basis: [...new Set(basis)] };
}

/**
 * 延长审限规定 第一条: the panel applies at least 15 days before expiry; the president (or the higher
 * court) decides at least 5 days before. "X日前" = the day minus X days, no holiday skipping (§0.2.4).
 */
export function extensionWindow(expiresOn: string): { requestBy: string; decideBy: string } {
  const end = utcDay(expiresOn);
  return { requestBy: end.subtract(15, 'day').format('YYYY-MM-DD'), decideBy: end.subtract(5, 'day').format('YYYY-MM-DD') };
}
