import { aidProblem, feeAfterDecision, lateApplicationWarning, mustGrant, reducedFee } from './judicial-aid';

/** legal-rules-2.md §6: the test vectors on 司法救助 (诉讼费用交纳办法 第四十四条至第五十一条). */

describe('§6 vector 1: exemption (第四十四条、第四十五条)', () => {
  it('must be granted to a disabled claimant without income claiming maintenance; a company can never be exempt', () => {
    expect(aidProblem({ kind: 'exemption', ground: 'disabled-no-income', partyKind: 'natural' })).toBeNull();
    expect(aidProblem({ kind: 'exemption', ground: 'maintenance-claim', partyKind: 'natural' })).toBeNull();
    expect(mustGrant('disabled-no-income')).toBe(true);
    expect(mustGrant('maintenance-claim')).toBe(true);
    expect(mustGrant('exemption-other')).toBe(false);
    expect(aidProblem({ kind: 'exemption', ground: 'exemption-other', partyKind: 'legal' })).toContain('第四十四条');
    expect(feeAfterDecision({ feeFen: 880_000, dueOn: '2026-03-09' }, { granted: true, kind: 'exemption' }, '2026-03-05')).toEqual({
      feeFen: 0,
      dueOn: '2026-03-05',
    });
  });

  it('refuses a ground of another form', () => {
    expect(aidProblem({ kind: 'exemption', ground: 'legal-aid', partyKind: 'natural' })).toContain('不是免交诉讼费用的法定情形');
  });
});

describe('§6 vector 2: reduction of at least 30% (第四十六条)', () => {
  it('a fee of 8,800 yuan reduced leaves at most 6,160 payable; a 20% reduction is invalid', () => {
    expect(reducedFee(880_000, 30)).toBe(616_000);
    expect(reducedFee(880_000, 30)).toBeLessThanOrEqual(616_000);
    expect(reducedFee(880_000, 50)).toBe(440_000);
    expect(aidProblem({ kind: 'reduction', ground: 'welfare-institution', partyKind: 'legal', percent: 30 })).toBeNull();
    expect(aidProblem({ kind: 'reduction', ground: 'welfare-institution', partyKind: 'legal', percent: 20 })).toContain('不得低于30%');
    expect(aidProblem({ kind: 'reduction', ground: 'disaster-hardship', partyKind: 'natural' })).toContain('减交比例');
    // The reduced fee is due 7 days from the decision (第二十二条).
    expect(feeAfterDecision({ feeFen: 880_000, dueOn: '2026-03-09' }, { granted: true, kind: 'reduction', percent: 30 }, '2026-03-05')).toEqual({
      feeFen: 616_000,
      dueOn: '2026-03-12',
    });
  });
});

describe('§6 vector 3: deferral for a traffic victim (第四十七条)', () => {
  it('is a ground the court must grant, and moves the fee to the later day', () => {
    expect(aidProblem({ kind: 'deferral', ground: 'accident-victim', partyKind: 'natural' })).toBeNull();
    expect(mustGrant('accident-victim')).toBe(true);
    expect(feeAfterDecision({ feeFen: 880_000, dueOn: '2026-03-09' }, { granted: true, kind: 'deferral', deferredTo: '2026-09-30' }, '2026-03-05')).toEqual({
      feeFen: 880_000,
      dueOn: '2026-09-30',
    });
  });
});

describe('§6 vector 4: an application first made at the hearing (第四十八条)', () => {
  it('is warned, not blocked; one with the complaint is not warned; a refusal leaves the whole fee due in 7 days', () => {
    expect(lateApplicationWarning({ hearingStarted: true, feeDueOn: '2026-03-09', appliedOn: '2026-03-05' })).toContain('第四十八条');
    expect(lateApplicationWarning({ hearingStarted: false, feeDueOn: '2026-03-09', appliedOn: '2026-03-10' })).not.toBeNull();
    expect(lateApplicationWarning({ hearingStarted: false, feeDueOn: '2026-03-09', appliedOn: '2026-03-03' })).toBeNull();
    expect(feeAfterDecision({ feeFen: 880_000, dueOn: '2026-03-09' }, { granted: false }, '2026-03-05')).toEqual({ feeFen: 880_000, dueOn: '2026-03-12' });
  });
});
