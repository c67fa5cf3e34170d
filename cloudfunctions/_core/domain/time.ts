import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * China time is UTC+8 all year: daylight saving was last kept in 1991, so for every date a case can carry the offset is fixed and needs no time-zone database.
 * (Asking Intl for Asia/Shanghai on every call cost most of a millisecond.)
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const chinaIso = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString();

/** The calendar day (YYYY-MM-DD) in China of an instant. */
export function chinaDate(at: Date): string {
  return chinaIso(at).slice(0, 10);
}

/** An instant shown to a person: 2026-03-01 09:30. */
export function chinaDateTime(at: Date): string {
  const iso = chinaIso(at);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * The day a submission counts as received: the China calendar day of the server's receipt,
 * a day ending at 24:00 China time (民法典 第二百零三条; 民诉法 第八十五条).
 */
export function receivedOn(at: Date): string {
  return chinaDate(at);
}

/** The instant a China day ends (24:00, i.e. the next day's 00:00 in Asia/Shanghai). */
export function endOfChinaDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - CHINA_OFFSET_MS + 86_400_000);
}

/** A real calendar date in YYYY-MM-DD form (no 2026-02-30). */
export function isRealDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const parsed = dayjs.utc(text, 'YYYY-MM-DD');
  return parsed.isValid() && parsed.format('YYYY-MM-DD') === text;
}

export function utcDay(isoDate: string): Dayjs {
  return dayjs.utc(isoDate);
}
