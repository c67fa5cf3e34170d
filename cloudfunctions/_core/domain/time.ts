import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date a person sees and every day a period counts is a China day. */
export const CHINA_TZ = 'Asia/Shanghai';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day (YYYY-MM-DD) in China of an instant. */
export function chinaDate(at: Date): string {
  return dayjs(at).tz(CHINA_TZ).format('YYYY-MM-DD');
}

/** An instant shown to a person: 2026-03-01 09:30. */
export function chinaDateTime(at: Date): string {
  return dayjs(at).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm');
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
  return dayjs.tz(isoDate, CHINA_TZ).add(1, 'day').toDate();
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
