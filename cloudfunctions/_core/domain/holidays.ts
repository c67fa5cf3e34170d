/**
 * Statutory rest days (法定休假日) and make-up working days (调休上班) as the State Council
 * publishes them each year. A year not listed here falls back to weekends only, and every
 * answer for it says `calendarKnown: false`.
 */
export interface HolidayYear {
  source: string;
  /** Days off: holidays and the weekend days moved next to them. */
  rest: readonly string[];
  /** Weekend days that are working days. */
  work: readonly string[];
}

function span(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export const HOLIDAYS: Readonly<Record<number, HolidayYear>> = {
  2024: {
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
    rest: [
      '2024-01-01',
      ...span('2024-02-10', '2024-02-17'),
      ...span('2024-04-04', '2024-04-06'),
      ...span('2024-05-01', '2024-05-05'),
      '2024-06-10',
      ...span('2024-09-15', '2024-09-17'),
      ...span('2024-10-01', '2024-10-07'),
    ],
    work: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    rest: [
      '2025-01-01',
      ...span('2025-01-28', '2025-02-04'),
      ...span('2025-04-04', '2025-04-06'),
      ...span('2025-05-01', '2025-05-05'),
      ...span('2025-05-31', '2025-06-02'),
      ...span('2025-10-01', '2025-10-08'),
    ],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    rest: [
      ...span('2026-01-01', '2026-01-03'),
      ...span('2026-02-15', '2026-02-23'),
      ...span('2026-04-04', '2026-04-06'),
      ...span('2026-05-01', '2026-05-05'),
      ...span('2026-06-19', '2026-06-21'),
      ...span('2026-09-25', '2026-09-27'),
      ...span('2026-10-01', '2026-10-07'),
    ],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

const REST = new Set(Object.values(HOLIDAYS).flatMap((year) => year.rest));
const WORK = new Set(Object.values(HOLIDAYS).flatMap((year) => year.work));

export function calendarKnown(year: number): boolean {
  return year in HOLIDAYS;
}

/** A rest day: a statutory holiday, or a weekend day that is not a make-up working day. */
export function isRestDay(isoDate: string): boolean {
  if (REST.has(isoDate)) return true;
  if (WORK.has(isoDate)) return false;
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
