import { checkDeclarationPeriod, computeDeadline, daysLeft, trialLimitEnd } from './deadlines';
import { isRestDay } from './holidays';
import { endOfChinaDay, isRealDate, receivedOn } from './time';

describe('民事诉讼法 第八十五条: computing a period', () => {
  it('does not count the start day and moves a weekend end to Monday (the appeal example)', () => {
    expect(computeDeadline('2024-03-01', { days: 15 })).toEqual({
      deadline: '2024-03-18',
      naive: '2024-03-16',
      shiftedOver: ['2024-03-16', '2024-03-17'],
      calendarKnown: true,
    });
  });

  it('leaves an end on a working day alone, and does not deduct rest days inside the period', () => {
    // 2024-02-05 + 15 days = 2024-02-20 (a Tuesday), with the whole Spring Festival inside.
    expect(computeDeadline('2024-02-05', { days: 15 })).toMatchObject({ deadline: '2024-02-20', shiftedOver: [] });
  });

  it('moves an end inside the Spring Festival to the first working day after it', () => {
    expect(computeDeadline('2024-02-01', { days: 10 })).toMatchObject({
      naive: '2024-02-11',
      deadline: '2024-02-18',
      shiftedOver: ['2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', '2024-02-17'],
    });
  });

  it('counts a make-up working day (调休) as a working day: 2024-02-18 is a Sunday at work', () => {
    expect(isRestDay('2024-02-18')).toBe(false);
    expect(computeDeadline('2024-02-03', { days: 15 })).toMatchObject({ deadline: '2024-02-18', shiftedOver: [] });
  });

  it('ends a month period on the same-numbered day (SPC: 2014-05-28 + 3 months = 2014-08-28)', () => {
    expect(computeDeadline('2014-05-28', { months: 3 })).toMatchObject({ naive: '2014-08-28', deadline: '2014-08-28', calendarKnown: false });
  });

  it('ends on the last day of a month that has no such day (民法典 第二百零二条)', () => {
    expect(computeDeadline('2024-01-31', { months: 1 }).naive).toBe('2024-02-29');
    expect(computeDeadline('2025-01-31', { months: 1 }).naive).toBe('2025-02-28');
    expect(computeDeadline('2025-08-31', { months: 1 }).naive).toBe('2025-09-30');
  });

  it('uses the 2025 and 2026 calendars: National Day 2025 runs to 10-08, 2026 New Year to 01-03 with 01-04 at work', () => {
    expect(computeDeadline('2025-09-23', { days: 8 })).toMatchObject({ naive: '2025-10-01', deadline: '2025-10-09' });
    expect(computeDeadline('2025-12-25', { days: 7 })).toMatchObject({ naive: '2026-01-01', deadline: '2026-01-04' });
  });

  it('falls back to weekends only, and says so, for a year without a published calendar', () => {
    expect(computeDeadline('2027-09-28', { days: 3 })).toMatchObject({ naive: '2027-10-01', deadline: '2027-10-01', calendarKnown: false });
  });
});

describe('time limits', () => {
  it('ordinary procedure: 6 months, plus the 6-month extension', () => {
    expect(trialLimitEnd({ procedure: 'ordinary', filedOn: '2026-03-02' }).lastDay).toBe('2026-09-02');
    expect(trialLimitEnd({ procedure: 'ordinary', filedOn: '2026-03-02', extensions: [{ months: 6 }] }).lastDay).toBe('2027-03-02');
  });

  it('adds excluded periods (民诉法解释 第二百四十三条): 公告 30 days and 鉴定 10 days', () => {
    const result = trialLimitEnd({
      procedure: 'simplified',
      filedOn: '2026-03-02',
      excluded: [
        { kind: 'publication', from: '2026-03-10', to: '2026-04-08' },
        { kind: 'appraisal', from: '2026-04-20', to: '2026-04-29' },
      ],
    });
    expect(result).toMatchObject({ excludedDays: 40, lastDay: '2026-07-12' });
  });

  it('second instance against a ruling: 30 days; small claims 2 months; enforcement 6 months', () => {
    expect(trialLimitEnd({ procedure: 'second-instance-ruling', filedOn: '2026-03-02' }).lastDay).toBe('2026-04-01');
    expect(trialLimitEnd({ procedure: 'small-claims', filedOn: '2026-03-02' }).lastDay).toBe('2026-05-02');
    expect(trialLimitEnd({ procedure: 'enforcement', filedOn: '2026-03-02' }).lastDay).toBe('2026-09-02');
  });

  it('checks a bankruptcy declaration period of 30 days to 3 months (企业破产法 第四十五条)', () => {
    expect(checkDeclarationPeriod('2018-03-27', '2018-04-25')).toEqual({ ok: false, earliest: '2018-04-26', latest: '2018-06-27' });
    expect(checkDeclarationPeriod('2018-03-27', '2018-04-26')).toEqual({ ok: true });
    expect(checkDeclarationPeriod('2018-03-27', '2018-06-27')).toEqual({ ok: true });
    expect(checkDeclarationPeriod('2018-03-27', '2018-06-28')).toMatchObject({ ok: false });
  });

  it('counts down the days left', () => {
    expect(daysLeft('2026-03-02', '2026-03-09')).toBe(7);
    expect(daysLeft('2026-03-10', '2026-03-09')).toBe(-1);
  });
});

describe('China time', () => {
  it('receives a submission on the China day: 23:59:59 counts that day, 24:00 the next', () => {
    expect(receivedOn(new Date('2026-03-09T15:59:59.999Z'))).toBe('2026-03-09');
    expect(receivedOn(new Date('2026-03-09T16:00:00.000Z'))).toBe('2026-03-10');
    expect(endOfChinaDay('2026-03-09').toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it('knows real dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2024-13-01')).toBe(false);
    expect(isRealDate('2024-3-1')).toBe(false);
  });
});
