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
  return utcDay(text).format('YYYY-MM-DD') === text;
}

/**
 * A calendar day (UTC midnight) and the arithmetic the rules do on days: whole days, and months
 * clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29), as every deadline counts
 * them. Plain Date arithmetic: no date library in every bundle for these few steps.
 */
export class CalendarDay {
  constructor(readonly time: number) {}

  add(n: number, unit: 'day' | 'month'): CalendarDay {
    if (unit === 'day') return new CalendarDay(this.time + n * DAY_MS);
    const at = new Date(this.time);
    const months = at.getUTCFullYear() * 12 + at.getUTCMonth() + n;
    const year = Math.floor(months / 12);
    const month = months - year * 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return new CalendarDay(Date.UTC(year, month, Math.min(at.getUTCDate(), last)));
  }

  subtract(n: number, unit: 'day' | 'month'): CalendarDay {
    return this.add(-n, unit);
  }

  /** Whole days from `other` to this day. */
  diff(other: CalendarDay, _unit: 'day'): number {
    return Math.round((this.time - other.time) / DAY_MS);
  }

  year(): number {
    return new Date(this.time).getUTCFullYear();
  }

  format(_pattern: 'YYYY-MM-DD'): string {
    return Number.isNaN(this.time) ? 'Invalid Date' : new Date(this.time).toISOString().slice(0, 10);
  }
}

const DAY_MS = 86_400_000;

/** The day a YYYY-MM-DD names, at 00:00 UTC (its time NaN when it names none; a day past the month's end runs on, as Date.UTC does). */
export function utcDay(isoDate: string): CalendarDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return new CalendarDay(m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Date.parse(isoDate));
}
