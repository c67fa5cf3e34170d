import {
  objectionRemedy,
  applicationPeriod,
  instalmentsDue,
  dashboardRank,
  enforcementPeriod,
  extensionWindow,
  freezeTerm,
  higherCourtAfter,
  nextSearchDue,
  noticeDue,
  partiesToldBy,
  resumptionLastDay,
  searchReminders,
  STEP_KINDS,
  stepDue,
  stepState,
  StepTemplates,
  terminationChecklist,
  terminationEarliest,
  unmetFilingConditions,
  type TerminationFacts,
} from './enforcement';

describe('legal-rules-2 §3.8 vectors', () => {
  it('1. effective 2024-01-15, pay within 10 days: the 2 years end on Sunday 2026-01-25, so on 2026-01-26; a last instalment of 2025-03-31 → 2027-03-31', () => {
    expect(applicationPeriod({ effectiveOn: '2024-01-15', performanceDays: 10 }, '2025-06-01')).toMatchObject({
      performanceDueOn: '2024-01-25',
      lastDay: '2026-01-26',
      late: false,
    });
    expect(applicationPeriod({ effectiveOn: '2024-01-15', dueOn: '2025-03-31' }, '2026-01-27').lastDay).toBe('2027-03-31');
  });

  it('2. application 2024-04-01 → filing by 04-08, notice by 04-11', () => {
    expect(stepDue('filing', '2024-04-01')).toBe('2024-04-08');
    expect(stepDue('notice', '2024-04-01')).toBe('2024-04-11');
    expect(noticeDue('2024-04-01')).toBe('2024-04-11');
  });

  it('3. filed 04-08 → target 10-08; a 45-day auction excluded → 11-22', () => {
    expect(enforcementPeriod({ filedOn: '2024-04-08' }).lastDay).toBe('2024-10-08');
    expect(stepDue('close', '2024-04-08')).toBe('2024-10-08');
    expect(enforcementPeriod({ filedOn: '2024-04-08', excluded: [{ kind: 'auction', from: '2024-06-01', to: '2024-07-16' }] })).toMatchObject({
      lastDay: '2024-11-22',
      excludedDays: 45,
    });
  });

  it('4. 终本, filed 03-01: on 06-01 not yet; from 06-02 with every condition, yes', () => {
    const facts: TerminationFacts = {
      filedOn: '2024-03-01',
      today: '2024-06-01',
      noticeIssued: true,
      reportOrdered: true,
      consumptionRestricted: true,
      dishonestListedOrIneligible: true,
      measuresExhausted: true,
      debtorSearched: true,
      applicantInterviewed: true,
      confirmation: 'applicant-signed',
    };
    const early = terminationChecklist(facts);
    expect(early.ok).toBe(false);
    expect(early.items.filter((i) => !i.met).map((i) => i.condition)).toEqual(['three-months']);
    expect(terminationEarliest('2024-03-01')).toBe('2024-06-02');
    expect(terminationChecklist({ ...facts, today: '2024-06-02' }).ok).toBe(true);
  });

  it('5. money arriving 04-10 is paid out by 05-10; applied 01-10 with 50 days excluded → the higher court may be asked after 08-29', () => {
    expect(stepDue('payout', '2024-04-10')).toBe('2024-05-10');
    expect(higherCourtAfter('2024-01-10', [{ kind: 'valuation', from: '2024-02-01', to: '2024-03-22' }])).toBe('2024-08-29');
  });
});

describe('application (民事诉讼法 第二百五十条)', () => {
  it('a late application is accepted and flagged (民诉法解释 第四百八十一条)', () => {
    expect(applicationPeriod({ effectiveOn: '2024-01-15', performanceDays: 10 }, '2026-01-27')).toMatchObject({ late: true, lastDay: '2026-01-26' });
  });

  it('without a performance period, the two years run from the effective date', () => {
    expect(applicationPeriod({ effectiveOn: '2024-03-04' }, '2024-04-01')).toMatchObject({ performanceDueOn: '2024-03-04', lastDay: '2026-03-04' });
  });

  it('names every filing condition not met', () => {
    expect(
      unmetFilingConditions({ effective: false, 'right-holder': true, 'clear-content': true, 'period-passed': false, jurisdiction: true }).map(
        (u) => u.condition,
      ),
    ).toEqual(['effective', 'period-passed']);
  });
});

describe('steps (legal-rules-2 §3.3)', () => {
  it('every template cites its basis', () => {
    for (const kind of STEP_KINDS) expect(StepTemplates[kind].basis).toMatch(/第.+条/);
  });

  it('urgent leads in 3 days, others in 5 (the stricter of 财产调查规定 第二条 and 2006 第六条)', () => {
    expect(stepDue('verify-leads', '2024-04-08')).toBe('2024-04-13');
    expect(stepDue('verify-leads', '2024-04-08', { urgent: true })).toBe('2024-04-11');
  });

  it('the notice is due 3 days from the officer’s file when that is earlier than 10 days from the application', () => {
    expect(noticeDue('2024-04-01', '2024-04-03')).toBe('2024-04-06');
    expect(noticeDue('2024-04-01', '2024-04-09')).toBe('2024-04-11');
  });

  it('auction notice 15 days before for movables, 30 for real estate, parties told 3 days before the notice', () => {
    expect(stepDue('auction-notice', '2024-07-31')).toBe('2024-07-16');
    expect(stepDue('auction-notice', '2024-07-31', { realEstate: true })).toBe('2024-07-01');
    expect(partiesToldBy('2024-07-31', true)).toBe('2024-06-28');
  });

  it('a court limit is not rolled past rest days unless the court sets it; a party’s period is', () => {
    // 2024-10-01 + 15 = 10-16 (working); 2024-09-20 + 10 = 09-30 (Monday, working); 2024-09-24 + 10 = 10-04 (National Day).
    expect(stepDue('payout', '2024-09-04')).toBe('2024-10-04');
    expect(stepDue('payout', '2024-09-04', { rollover: true })).toBe('2024-10-08');
    expect(stepDue('supplementary-report', '2024-09-24')).toBe('2024-10-08');
  });

  it('a step is done, overdue, due soon or open, derived from its due day', () => {
    expect(stepState({ dueOn: '2024-04-11' }, '2024-04-12')).toBe('overdue');
    expect(stepState({ dueOn: '2024-04-11' }, '2024-04-08')).toBe('due-soon');
    expect(stepState({ dueOn: '2024-04-11' }, '2024-04-01')).toBe('open');
    expect(stepState({ dueOn: '2024-04-11', doneOn: '2024-04-12' }, '2024-04-20')).toBe('done');
    const ranked = [
      ['open', '2024-04-20'],
      ['overdue', '2024-04-05'],
      ['due-soon', '2024-04-11'],
      ['overdue', '2024-04-01'],
    ] as const;
    expect([...ranked].sort((a, b) => dashboardRank(a[0], a[1]).localeCompare(dashboardRank(b[0], b[1])))).toEqual([
      ['overdue', '2024-04-01'],
      ['overdue', '2024-04-05'],
      ['due-soon', '2024-04-11'],
      ['open', '2024-04-20'],
    ]);
  });

  it('freeze terms: deposits 1 year, movables 2, real estate 3, with a renewal reminder (民诉法解释 第四百八十五条)', () => {
    expect(freezeTerm('deposit', '2024-03-01')).toEqual({ expiresOn: '2025-02-28', remindOn: '2025-01-29' });
    expect(freezeTerm('movable', '2024-03-01').expiresOn).toBe('2026-02-28');
    expect(freezeTerm('real-estate', '2024-03-01').expiresOn).toBe('2027-02-28');
  });
});

describe('the period and its extensions', () => {
  it('an extension counts start + total months; asked in the last 5 days', () => {
    expect(enforcementPeriod({ filedOn: '2024-08-31', extensions: [{ months: 3 }] }).lastDay).toBe('2025-05-31');
    expect(enforcementPeriod({ filedOn: '2024-04-08', nonLitigation: true }).lastDay).toBe('2024-07-08');
    expect(extensionWindow('2024-10-08')).toEqual({ from: '2024-10-03', to: '2024-10-08' });
  });

  it('an auction counts against the period but not towards the CPL 237 date', () => {
    expect(higherCourtAfter('2024-01-10', [{ kind: 'auction', from: '2024-02-01', to: '2024-03-22' }])).toBe('2024-07-10');
  });
});

describe('after 终本 and settlement', () => {
  it('reminds of a search every 6 months for 5 years', () => {
    const days = searchReminders('2024-06-02');
    expect(days).toHaveLength(10);
    expect(days[0]).toBe('2024-12-02');
    expect(days[9]).toBe('2029-06-02');
    expect(nextSearchDue('2024-06-02', '2024-12-05')).toBe('2025-06-02');
  });

  it('a breached settlement is resumed within 2 years of its last performance day (执行和解规定 第十条)', () => {
    expect(resumptionLastDay('2024-05-31')).toBe('2026-06-01');
  });
});

describe('objections (legal-rules-2 §3.5)', () => {
  it('an act objection: reconsideration at the higher court within 10 days of service, moved off the National Day holiday', () => {
    // 2026-09-24 + 10 = 10-04, inside 10-01..10-07: the first working day after, 10-08.
    expect(objectionRemedy('act', false, '2026-09-24')).toMatchObject({ dueOn: '2026-10-08', basis: '民事诉讼法 第二百三十六条' });
    expect(objectionRemedy('act', true, '2026-03-10').remedy).toContain('撤销或者改正');
  });

  it('an outsider’s objection: suspended as to the object, or rejected with 15 days in which the object is not disposed of and suit may be brought', () => {
    expect(objectionRemedy('outsider', true, '2026-03-10')).toMatchObject({ dueOn: '2026-03-25', remedy: expect.stringContaining('中止对该标的的执行') });
    const rejected = objectionRemedy('outsider', false, '2026-03-10');
    expect(rejected.remedy).toContain('十五日内不得处分该标的');
    expect(rejected.basis).toContain('第四百六十三条');
  });
});

describe('instalments (民事诉讼法 第二百五十条; legal-rules-2 §3.1)', () => {
  const plan = [
    { amountFen: 100_000, dueOn: '2026-02-02' },
    { amountFen: 200_000, dueOn: '2026-04-02' },
    { amountFen: 300_000, dueOn: '2026-06-02' },
  ];
  it('enforces the instalments whose period ran out, none before the first; the two years run from the last', () => {
    expect(instalmentsDue(plan, '2026-02-02')).toEqual({ due: 0, amountFen: 0, firstDueOn: '2026-02-02' });
    expect(instalmentsDue(plan, '2026-03-02')).toEqual({ due: 1, amountFen: 100_000, firstDueOn: '2026-02-02' });
    expect(instalmentsDue(plan, '2026-06-03')).toEqual({ due: 3, amountFen: 600_000, firstDueOn: '2026-02-02' });
    expect(applicationPeriod({ effectiveOn: '2026-01-21', dueOn: '2026-06-02' }, '2026-03-02').lastDay).toBe('2028-06-02');
  });
});
