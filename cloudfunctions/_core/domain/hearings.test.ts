import {
  adjournmentGapProblem,
  adjournmentLimit,
  DEFAULT_SITTING_HOURS,
  earliestHearingDay,
  noticeInTime,
  overlaps,
  sittingHoursOf,
  sittingProblem,
  unrecordedYearOf,
  sittingSlot,
  type HearingSpan,
} from './hearings';

const span = (start: string, minutes: number): HearingSpan => {
  const startsAt = new Date(start);
  return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
};

describe('sitting hours', () => {
  it('takes a hearing on a working day inside the default hours', () => {
    expect(sittingProblem(span('2026-03-20T09:30:00+08:00', 90), DEFAULT_SITTING_HOURS)).toBeNull();
    // Morning into the afternoon: the court keeps its own lunch break.
    expect(sittingProblem(span('2026-03-20T10:00:00+08:00', 300), DEFAULT_SITTING_HOURS)).toBeNull();
  });

  it('refuses 03:00, a start before the court opens, and an end after it closes', () => {
    expect(sittingProblem(span('2026-03-20T03:00:00+08:00', 60), DEFAULT_SITTING_HOURS)).toContain('08:30–12:00、14:00–17:30');
    expect(sittingProblem(span('2026-03-20T08:00:00+08:00', 60), DEFAULT_SITTING_HOURS)).not.toBeNull();
    expect(sittingProblem(span('2026-03-20T17:00:00+08:00', 60), DEFAULT_SITTING_HOURS)).not.toBeNull();
    expect(sittingProblem(span('2026-03-20T12:00:00+08:00', 60), DEFAULT_SITTING_HOURS)).not.toBeNull();
  });

  it('refuses a hearing that runs past midnight', () => {
    expect(sittingProblem(span('2026-03-20T17:00:00+08:00', 8 * 60), [{ from: '08:00', to: '23:59' }])).toContain('当日结束');
  });

  it('refuses weekends and the 2026 holidays, and takes the make-up working Saturday (国办发明电 2026)', () => {
    expect(sittingProblem(span('2026-03-21T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS)).toContain('休息日');
    expect(sittingProblem(span('2026-10-05T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS)).toContain('休息日');
    expect(sittingProblem(span('2026-10-10T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS)).toBeNull();
  });

  it('refuses a day of a year whose holiday calendar is not recorded: 2027-02-08 would be the Spring Festival', () => {
    expect(sittingProblem(span('2027-02-08T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS)).toBe('该年度的节假日安排尚未录入，请联系法院信息部门');
    expect(sittingProblem(span('2026-12-31T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS)).toBeNull();
  });

  it('sits on a weekday of such a year where the court sets unrecordedYear: weekends (the demo court), never on a weekend', () => {
    expect(unrecordedYearOf('weekends')).toBe('weekends');
    expect(unrecordedYearOf('anything else')).toBe('refuse');
    expect(sittingProblem(span('2027-02-08T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS, 'weekends')).toBeNull();
    expect(sittingProblem(span('2027-02-06T09:30:00+08:00', 60), DEFAULT_SITTING_HOURS, 'weekends')).toMatch(/休息日/);
  });

  it('uses a court’s own hours when well formed, the default otherwise', () => {
    const own = [{ from: '09:00', to: '12:00' }];
    expect(sittingHoursOf(own)).toEqual(own);
    expect(sittingProblem(span('2026-03-20T14:30:00+08:00', 60), sittingHoursOf(own))).not.toBeNull();
    expect(sittingHoursOf(undefined)).toBe(DEFAULT_SITTING_HOURS);
    expect(sittingHoursOf([{ from: '12:00', to: '09:00' }])).toBe(DEFAULT_SITTING_HOURS);
    expect(sittingHoursOf([{ from: '25:00', to: '26:00' }])).toBe(DEFAULT_SITTING_HOURS);
  });
});

describe('clashes', () => {
  it('overlapping spans clash; back-to-back ones do not', () => {
    expect(overlaps(span('2026-03-20T09:30:00+08:00', 60), span('2026-03-20T10:00:00+08:00', 60))).toBe(true);
    expect(overlaps(span('2026-03-20T09:30:00+08:00', 60), span('2026-03-20T09:30:00+08:00', 15))).toBe(true);
    expect(overlaps(span('2026-03-20T09:30:00+08:00', 60), span('2026-03-20T10:30:00+08:00', 60))).toBe(false);
  });
});

describe('民事诉讼法 第一百三十九条: the summons three days before the hearing', () => {
  it('a public hearing on Fri 2024-06-14 needs the summons by 06-11 (legal-rules-2 §1.8 vector 1)', () => {
    expect(noticeInTime('2024-06-11', '2024-06-14', 'ordinary')).toBe(true);
    expect(noticeInTime('2024-06-12', '2024-06-14', 'ordinary')).toBe(false);
    expect(earliestHearingDay('2024-06-11', 'ordinary')).toBe('2024-06-14');
  });

  it('counts back with no rest days skipped', () => {
    // Sat 2026-03-21 and Sun 03-22 count as two of the three days.
    expect(earliestHearingDay('2026-03-20', 'ordinary')).toBe('2026-03-23');
  });

  it('第一百六十三条: simplified procedure is not bound by the three days', () => {
    expect(noticeInTime('2026-03-20', '2026-03-20', 'simplified')).toBe(true);
  });
});

describe('延期开庭规定 第三条', () => {
  it('twice in ordinary procedure, once in simplified', () => {
    expect(adjournmentLimit('ordinary')).toBe(2);
    expect(adjournmentLimit('simplified')).toBe(1);
  });
});

describe('sitting slots', () => {
  it('fills each window of a working day, then the next working day, skipping the weekend', () => {
    // Fri 2026-03-20: 08:30 09:30 10:30 in the morning, 14:00 15:00 16:00 in the afternoon.
    expect(sittingSlot('2026-03-20', 0, 60).toISOString()).toBe('2026-03-20T00:30:00.000Z');
    expect(sittingSlot('2026-03-20', 3, 60).toISOString()).toBe('2026-03-20T06:00:00.000Z');
    expect(sittingSlot('2026-03-20', 6, 60).toISOString()).toBe('2026-03-23T00:30:00.000Z');
    for (let n = 0; n < 20; n += 1) {
      const at = sittingSlot('2026-03-20', n, 60);
      expect(sittingProblem({ startsAt: at, endsAt: new Date(at.getTime() + 3_600_000) }, DEFAULT_SITTING_HOURS)).toBeNull();
    }
  });
});

describe('the month between a hearing and its adjournment (延长审限和延期开庭规定 第五条)', () => {
  it('takes a day within one month, refuses 40 days without consent, and takes them with the parties’ consent or force majeure', () => {
    expect(adjournmentGapProblem('2026-03-20', '2026-04-20')).toBeNull();
    expect(adjournmentGapProblem('2026-03-20', '2026-04-29')).toMatch(/不晚于 2026-04-20/);
    expect(adjournmentGapProblem('2026-03-20', '2026-04-29', 'consent')).toBeNull();
    expect(adjournmentGapProblem('2026-03-20', '2026-04-29', 'force-majeure')).toBeNull();
    // A month from 01-31 ends on the last day of February.
    expect(adjournmentGapProblem('2026-01-31', '2026-02-28')).toBeNull();
    expect(adjournmentGapProblem('2026-01-31', '2026-03-02')).not.toBeNull();
  });
});
