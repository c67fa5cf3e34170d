import { calendarKnown, isRestDay } from './holidays';
import { utcDay } from './time';

export type Period = { days: number } | { months: number };

export interface Deadline {
  deadline: string;
  /** The last day before moving off rest days. */
  naive: string;
  /** The rest days the deadline moved over. */
  shiftedOver: string[];
  calendarKnown: boolean;
}

/**
 * The last day of a period (民事诉讼法 第八十五条): the start day is not counted; a period in
 * months ends on the same-numbered day of the last month, or that month's last day if it has
 * none (民法典 第二百零二条); a last day that is a statutory rest day moves to the first
 * working day after it; rest days inside the period are not deducted; make-up working days
 * count as working days.
 */
export function computeDeadline(from: string, period: Period): Deadline {
  const start = utcDay(from);
  // Month arithmetic clamps to the month's last day (2024-01-31 + 1 month = 2024-02-29).
  const naiveDay = 'days' in period ? start.add(period.days, 'day') : start.add(period.months, 'month');
  const naive = naiveDay.format('YYYY-MM-DD');
  const shiftedOver: string[] = [];
  let day = naiveDay;
  while (isRestDay(day.format('YYYY-MM-DD'))) {
    shiftedOver.push(day.format('YYYY-MM-DD'));
    day = day.add(1, 'day');
  }
  const deadline = day.format('YYYY-MM-DD');
  const years = new Set([start.year(), naiveDay.year(), day.year()]);
  return { deadline, naive, shiftedOver, calendarKnown: [...years].every(calendarKnown) };
}

/** Periods the law fixes, by name. */
export const StatutoryPeriods = {
  // 民事诉讼法 第一百七十一条
  'appeal-judgment': { period: { days: 15 }, label: '不服判决的上诉期', basis: '民事诉讼法 第一百七十一条' },
  'appeal-ruling': { period: { days: 10 }, label: '不服裁定的上诉期', basis: '民事诉讼法 第一百七十一条' },
  // 民事诉讼法 第一百二十八条
  defence: { period: { days: 15 }, label: '答辩期', basis: '民事诉讼法 第一百二十八条' },
  // 诉讼费用交纳办法 第二十二条
  'fee-payment': { period: { days: 7 }, label: '预交案件受理费期限', basis: '诉讼费用交纳办法 第二十二条' },
  // 民事诉讼法 第一百二十六条; 登记立案规定 第八条
  'filing-review': { period: { days: 7 }, label: '立案审查期限', basis: '民事诉讼法 第一百二十六条' },
  // 民事诉讼法 第八十六条
  'reinstatement-application': { period: { days: 10 }, label: '障碍消除后申请顺延期限', basis: '民事诉讼法 第八十六条' },
  // 民事诉讼法 (2023) 第二百五十条
  'enforcement-application': { period: { months: 24 }, label: '申请执行期间', basis: '民事诉讼法 第二百五十条' },
  // 破产法司法解释（三） 第八条
  'claim-objection-suit': { period: { days: 15 }, label: '债权异议起诉期限', basis: '企业破产法司法解释（三） 第八条' },
} as const satisfies Record<string, { period: Period; label: string; basis: string }>;
export type StatutoryPeriodKind = keyof typeof StatutoryPeriods;

// 民事诉讼法 第一百五十二条、第一百六十四条、第一百六十五条、第一百八十三条; 执行期限规定 第一条
export const TrialLimits = {
  ordinary: { months: 6, extension: { months: 6 }, basis: '民事诉讼法 第一百五十二条' },
  simplified: { months: 3, extension: { months: 1 }, basis: '民事诉讼法 第一百六十四条' },
  'small-claims': { months: 2, extension: { months: 1 }, basis: '民事诉讼法 第一百六十五条' },
  'second-instance-judgment': { months: 3, extension: null, basis: '民事诉讼法 第一百八十三条' },
  'second-instance-ruling': { days: 30, extension: null, basis: '民事诉讼法 第一百八十三条' },
  enforcement: { months: 6, extension: null, basis: '最高人民法院关于人民法院办理执行案件若干期限的规定 第一条' },
} as const;
export type TrialProcedure = keyof typeof TrialLimits;

export const ExcludedPeriodKinds = {
  publication: '公告期间',
  appraisal: '鉴定期间',
  settlement: '双方当事人和解期间',
  'jurisdiction-objection': '审理当事人提出的管辖权异议期间',
} as const;
export type ExcludedPeriodKind = keyof typeof ExcludedPeriodKinds;

export interface TrialLimitInput {
  procedure: TrialProcedure;
  filedOn: string;
  /** Approved extensions, in months (or days for a 30-day limit). */
  extensions?: Period[];
  /** Periods not counted in the limit (民诉法解释 第二百四十三条), each from..to inclusive. */
  excluded?: { kind: ExcludedPeriodKind; from: string; to: string }[];
}

/**
 * The last day of a trial (or enforcement) time limit: the limit from filing, plus approved
 * extensions, plus every excluded day (民诉法解释 第二百四十三条). Internal limits are not
 * moved off rest days.
 */
export function trialLimitEnd(input: TrialLimitInput): { lastDay: string; excludedDays: number; basis: string } {
  const limit = TrialLimits[input.procedure];
  let day = utcDay(input.filedOn);
  day = 'months' in limit ? day.add(limit.months, 'month') : day.add(limit.days, 'day');
  for (const extension of input.extensions ?? []) {
    day = 'months' in extension ? day.add(extension.months, 'month') : day.add(extension.days, 'day');
  }
  let excludedDays = 0;
  for (const period of input.excluded ?? []) {
    excludedDays += utcDay(period.to).diff(utcDay(period.from), 'day') + 1;
  }
  return { lastDay: day.add(excludedDays, 'day').format('YYYY-MM-DD'), excludedDays, basis: limit.basis };
}

/**
 * 企业破产法 第四十五条: the declaration period runs from the announcement of acceptance,
 * at least 30 days and at most 3 months.
 */
export function checkDeclarationPeriod(announcedOn: string, deadline: string): { ok: true } | { ok: false; earliest: string; latest: string } {
  const earliest = utcDay(announcedOn).add(30, 'day').format('YYYY-MM-DD');
  const latest = utcDay(announcedOn).add(3, 'month').format('YYYY-MM-DD');
  return deadline >= earliest && deadline <= latest ? { ok: true } : { ok: false, earliest, latest };
}

/** Days from `today` to `deadline` (negative when past): what a countdown shows. */
export function daysLeft(today: string, deadline: string): number {
  return utcDay(deadline).diff(utcDay(today), 'day');
}

/** `n` working days after `from` (the start day not counted; rest days and holidays skipped, make-up days counted). */
export function addWorkingDays(from: string, n: number): string {
  let day = utcDay(from);
  let left = n;
  while (left > 0) {
    day = day.add(1, 'day');
    if (!isRestDay(day.format('YYYY-MM-DD'))) left -= 1;
  }
  return day.format('YYYY-MM-DD');
}
