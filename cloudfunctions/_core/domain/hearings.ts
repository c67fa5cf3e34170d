import { calendarKnown, isRestDay } from './holidays';
import { chinaDate, utcDay } from './time';

/**
 * 开庭排期: when a hearing may sit (the court's sitting hours on its working days), how far
 * ahead the parties must be summoned, and how often it may be put off.
 */

/** One window of a court's working day, China time, 'HH:mm'. */
export interface SittingWindow {
  from: string;
  to: string;
}

/**
 * The court's sitting hours unless the court sets its own (`courts.<id>.sittingHours`): the
 * common 作息时间 of a people's court, morning and afternoon.
 */
export const DEFAULT_SITTING_HOURS: readonly SittingWindow[] = [
  { from: '08:30', to: '12:00' },
  { from: '14:00', to: '17:30' },
];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A court's own hours when they are well formed (ordered, not overlapping windows), otherwise the default. */
export function sittingHoursOf(setting: unknown): readonly SittingWindow[] {
  if (!Array.isArray(setting) || setting.length === 0) return DEFAULT_SITTING_HOURS;
  const windows = setting as unknown[];
  let previousEnd = -1;
  for (const w of windows) {
    const { from, to } = (w ?? {}) as Partial<SittingWindow>;
    if (typeof from !== 'string' || typeof to !== 'string' || !HHMM.test(from) || !HHMM.test(to)) return DEFAULT_SITTING_HOURS;
    if (minuteOf(from) <= previousEnd || minuteOf(to) <= minuteOf(from)) return DEFAULT_SITTING_HOURS;
    previousEnd = minuteOf(to);
  }
  return windows as SittingWindow[];
}

export const describeHours = (hours: readonly SittingWindow[]) => hours.map((w) => `${w.from}–${w.to}`).join('、');

/** A hearing's time span: it occupies its room and its judges from start to end. */
export interface HearingSpan {
  startsAt: Date;
  endsAt: Date;
}

/** Two spans clash when each starts before the other ends (back-to-back hearings do not). */
export function overlaps(a: HearingSpan, b: HearingSpan): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

const CHINA_OFFSET_MINUTES = 8 * 60;
const chinaMinuteOfDay = (at: Date) => (((Math.floor(at.getTime() / 60_000) + CHINA_OFFSET_MINUTES) % 1440) + 1440) % 1440;

/**
 * A hearing in a year whose holiday calendar `./holidays` does not hold yet: refused (the default,
 * so no hearing lands on a Spring Festival nobody recorded), or, where a court sets
 * `courts.<id>.unrecordedYear: 'weekends'`, sat on any weekday (the demo court, which books
 * its hearings from today's date whatever the year).
 */
export type UnrecordedYear = 'refuse' | 'weekends';
export const unrecordedYearOf = (setting: unknown): UnrecordedYear => (setting === 'weekends' ? 'weekends' : 'refuse');

/**
 * Why a hearing cannot sit in this span, or null when it can: it sits on a working day of a year
 * whose holiday calendar is recorded (the State Council's, `./holidays`), starts and ends within the court's sitting
 * hours, and ends the day it starts (a lunch break inside the span is the court's to keep).
 */
export function sittingProblem(span: HearingSpan, hours: readonly SittingWindow[], unrecordedYear: UnrecordedYear = 'refuse'): string | null {
  const day = chinaDate(span.startsAt);
  if (chinaDate(new Date(span.endsAt.getTime() - 1)) !== day) return '庭审应在开庭当日结束，请缩短时长或分次开庭';
  // 全国年节及纪念日放假办法: the rest days of a year are known only once the State Council publishes its calendar.
  if (unrecordedYear === 'refuse' && !calendarKnown(Number(day.slice(0, 4)))) return '该年度的节假日安排尚未录入，请联系法院信息部门';
  if (isRestDay(day)) return `${day} 是休息日（周末或法定节假日），不安排开庭`;
  const start = chinaMinuteOfDay(span.startsAt);
  const end = start + Math.round((span.endsAt.getTime() - span.startsAt.getTime()) / 60_000);
  const startsIn = hours.some((w) => start >= minuteOf(w.from) && start < minuteOf(w.to));
  const endsIn = hours.some((w) => end > minuteOf(w.from) && end <= minuteOf(w.to));
  if (!startsIn || !endsIn) return `开庭时间应在法院工作时间（${describeHours(hours)}）内开始和结束`;
  return null;
}

export type Procedure = 'ordinary' | 'simplified';

/**
 * 民事诉讼法 第一百三十九条; 民诉法解释 第二百二十七条: in ordinary procedure the parties are
 * summoned (传票) at least three days before the hearing, counted back from the hearing day with
 * no rest days skipped ("开庭三日前"). 民事诉讼法 第一百六十三条: simplified procedure is not bound
 * by Art. 139; the parties may be summoned by simple means, so no days are required.
 */
export function noticeDays(procedure: Procedure): number {
  return procedure === 'simplified' ? 0 : 3;
}

/** The first day a hearing may sit when the summons is served on `servedOn`. */
export function earliestHearingDay(servedOn: string, procedure: Procedure): string {
  return utcDay(servedOn).add(noticeDays(procedure), 'day').format('YYYY-MM-DD');
}

/** Whether a summons served on `servedOn` leaves the notice period before a hearing on `hearingDay`. */
export function noticeInTime(servedOn: string, hearingDay: string, procedure: Procedure): boolean {
  return hearingDay >= earliestHearingDay(servedOn, procedure);
}

/**
 * 最高人民法院关于严格规范民商事案件延长审限和延期开庭问题的规定 第三条: a hearing is put off
 * (延期开庭) at most twice in ordinary procedure, at most once in simplified procedure.
 */
export function adjournmentLimit(procedure: Procedure): number {
  return procedure === 'simplified' ? 1 : 2;
}

/**
 * 延长审限和延期开庭规定 第五条: a hearing put off sits again within one month of the day it was
 * set for, unless the parties agree or force majeure keeps it off longer (`beyondMonth`).
 * Null when the new day may be taken, otherwise why not.
 */
export function adjournmentGapProblem(fromDay: string, toDay: string, beyondMonth?: 'consent' | 'force-majeure'): string | null {
  const last = utcDay(fromDay).add(1, 'month').format('YYYY-MM-DD');
  if (toDay <= last || beyondMonth) return null;
  return `延期开庭应在原定开庭日起一个月内（不晚于 ${last}），当事人同意或因不可抗力的除外（延长审限和延期开庭规定 第五条）`;
}

/**
 * The n-th hearing slot of `minutes` from a day on (n from 0): the court's working days, each
 * window filled from its start, so that consecutive slots never overlap.
 */
export function sittingSlot(fromDay: string, n: number, minutes: number, hours: readonly SittingWindow[] = DEFAULT_SITTING_HOURS): Date {
  const perWindow = hours.map((w) => Math.floor((minuteOf(w.to) - minuteOf(w.from)) / minutes));
  const perDay = perWindow.reduce((a, b) => a + b, 0);
  if (perDay === 0) throw new RangeError(`no ${minutes}-minute slot in the sitting hours`);
  let day = utcDay(fromDay);
  let left = n;
  for (;;) {
    const date = day.format('YYYY-MM-DD');
    if (!isRestDay(date)) {
      if (left < perDay) {
        let w = 0;
        while (left >= (perWindow[w] ?? 0)) left -= perWindow[w++] ?? 0;
        const start = minuteOf(hours[w]?.from ?? '00:00') + left * minutes;
        return new Date(Date.parse(`${date}T00:00:00Z`) + (start - CHINA_OFFSET_MINUTES) * 60_000);
      }
      left -= perDay;
    }
    day = day.add(1, 'day');
  }
}
