import fc from 'fast-check';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { chinaDate, chinaDateTime, endOfChinaDay, isRealDate, utcDay } from './time';

dayjs.extend(utc);

// The time-zone database's answer for Asia/Shanghai is the oracle for the fixed offset.
const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function viaIntl(at: Date): { date: string; time: string } {
  const part = (type: string) => shanghai.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

describe('China time', () => {
  it('agrees with Asia/Shanghai for every instant from 1992 to 2100', () => {
    const instants = fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instants, (at) => {
        const expected = viaIntl(at);
        expect(chinaDate(at)).toBe(expected.date);
        expect(chinaDateTime(at)).toBe(`${expected.date} ${expected.time}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('turns the day at midnight in Beijing, 16:00 UTC', () => {
    expect(chinaDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(chinaDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(chinaDateTime(new Date('2026-03-01T01:30:00Z'))).toBe('2026-03-01 09:30');
  });

  it('ends a China day at the next 00:00 in Beijing', () => {
    expect(endOfChinaDay('2026-03-01').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(endOfChinaDay('2024-12-31').toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });
});

// dayjs (in UTC), which these rules used before, is the oracle for the day arithmetic.
describe('calendar days', () => {
  const day = fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  test('days and months added, subtracted and counted as dayjs counts them (months clamped to the month end)', () => {
    fc.assert(
      fc.property(day, day, fc.integer({ min: -400, max: 400 }), fc.integer({ min: -40, max: 40 }), (a, b, days, months) => {
        const ours = utcDay(a);
        const theirs = dayjs.utc(a);
        expect(ours.add(days, 'day').format('YYYY-MM-DD')).toBe(theirs.add(days, 'day').format('YYYY-MM-DD'));
        expect(ours.add(months, 'month').format('YYYY-MM-DD')).toBe(theirs.add(months, 'month').format('YYYY-MM-DD'));
        expect(ours.subtract(days, 'day').format('YYYY-MM-DD')).toBe(theirs.subtract(days, 'day').format('YYYY-MM-DD'));
        expect(ours.add(months, 'month').add(days, 'day').diff(utcDay(b), 'day')).toBe(theirs.add(months, 'month').add(days, 'day').diff(dayjs.utc(b), 'day'));
        expect(ours.year()).toBe(theirs.year());
      }),
    );
  });

  test('2024-01-31 + 1 month is 2024-02-29; 2026-02-30 is no real date', () => {
    expect(utcDay('2024-01-31').add(1, 'month').format('YYYY-MM-DD')).toBe('2024-02-29');
    expect(isRealDate('2026-02-30')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('2024-02-29')).toBe(true);
  });
});
