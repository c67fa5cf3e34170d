import { anonymiseJudgment, publicationBar } from './anonymise';
import { refundDue } from './fees';
import {
  appealDeadline,
  appealKindOf,
  collectionServiceDay,
  decisionEffect,
  effectiveDate,
  feeOutcomeOf,
  feeShares,
  publicationKindOf,
  publishBy,
  refundBy,
  treatedWithdrawnUnpaid,
  UnpaidTreatedWithdrawnFees,
  unpaidTreatedWithdrawnFeeOf,
} from './judgments';

// legal-rules-2 §5.4, the test vectors of service, appeal, effect and publication.
describe('judgments served, appealed, effective, published (§5.4)', () => {
  it('1. served 06-03 and 06-05 → appeal until 06-18 and 06-20 → effective 06-21 → publish by 07-02', () => {
    const deadlines = [appealDeadline('2024-06-03', 'judgment'), appealDeadline('2024-06-05', 'judgment')];
    expect(deadlines).toEqual(['2024-06-18', '2024-06-20']);
    expect(effectiveDate(deadlines)).toBe('2024-06-21');
    expect(publishBy('2024-06-21')).toBe('2024-07-02');
    expect(effectiveDate([deadlines[0], undefined])).toBeUndefined();
  });

  it('2. a dismissal ruling served 09-25 → 10 days end on the holiday 10-05 → 10-08', () => {
    expect(appealDeadline('2024-09-25', 'ruling')).toBe('2024-10-08');
  });

  it('3. a Hong Kong party served 03-01 → 30 days end on Sunday 03-31 → 04-01', () => {
    expect(appealDeadline('2024-03-01', 'judgment', true)).toBe('2024-04-01');
  });

  it('4. simplified, a 7-day collection period from 05-20, not collected → served 05-27; appeal until 06-11', () => {
    const served = collectionServiceDay('2024-05-20', 7);
    expect(served).toBe('2024-05-27');
    expect(appealDeadline(served, 'judgment')).toBe('2024-06-11');
    expect(collectionServiceDay('2024-05-20', 7, '2024-05-22')).toBe('2024-05-22');
  });

  it('5. divorce is not published; inheritance names to 某; companies keep their names, bank accounts deleted', () => {
    expect(publicationBar({ kind: 'divorce' })).toMatch(/第四条/);
    expect(
      anonymiseJudgment(
        '原告张三与被告张四继承纠纷一案',
        [
          { name: '张三', role: 'party' },
          { name: '张四', role: 'party' },
        ],
        'inheritance',
      ).text,
    ).not.toContain('张三');
    const companies = anonymiseJudgment('原告广州甲有限公司诉被告广州乙有限公司，款项汇入账号6222020200112233445。', [], 'civil');
    expect(companies.text).toContain('广州甲有限公司');
    expect(companies.text).not.toContain('6222020200112233445');
  });
});

describe('a decision’s effect, derived from each party’s own service (§5.2)', () => {
  const base = { appealKind: 'judgment' as const, parties: [0, 1], today: '2024-07-01' };

  it('vector 1 through decisionEffect: effective 06-21, publish by 07-02; not before the last period runs out', () => {
    expect(decisionEffect({ ...base, servedOn: { 0: '2024-06-03', 1: '2024-06-05' } })).toEqual({
      state: 'effective',
      periods: [
        { party: 0, servedOn: '2024-06-03', appealBy: '2024-06-18' },
        { party: 1, servedOn: '2024-06-05', appealBy: '2024-06-20' },
      ],
      effectiveOn: '2024-06-21',
      publishBy: '2024-07-02',
    });
    expect(decisionEffect({ ...base, servedOn: { 0: '2024-06-03', 1: '2024-06-05' }, today: '2024-06-20' }).state).toBe('appeal-period');
    expect(decisionEffect({ ...base, servedOn: { 0: '2024-06-03' } }).state).toBe('serving');
  });

  it('an appeal keeps it from taking effect; a party abroad has 30 days; a final ruling takes effect on the last service', () => {
    expect(decisionEffect({ ...base, servedOn: { 0: '2024-06-03', 1: '2024-06-05' }, appealed: [1] }).state).toBe('appealed');
    const abroad = decisionEffect({ ...base, servedOn: { 0: '2024-03-01', 1: '2024-03-01' }, abroad: [1], today: '2024-04-02' });
    expect(abroad.periods[1]?.appealBy).toBe('2024-04-01');
    expect(abroad.effectiveOn).toBe('2024-04-02');
    expect(decisionEffect({ appealKind: null, parties: [0, 1], servedOn: { 0: '2024-06-03', 1: '2024-06-05' }, today: '2024-06-05' })).toMatchObject({
      state: 'effective',
      effectiveOn: '2024-06-05',
    });
  });

  it('which decisions are appealable (民事诉讼法 第一百五十七条、第一百六十五条)', () => {
    expect(appealKindOf('judgment')).toBe('judgment');
    expect(appealKindOf('dismissal')).toBe('ruling');
    expect(appealKindOf('withdrawal')).toBeNull();
    expect(appealKindOf('judgment', true)).toBeNull();
  });
});

describe('the fee list at closing (诉讼费用交纳办法)', () => {
  const facts = { feeKind: 'general' as const, amountFen: 50_000_000, procedure: 'ordinary' as const };

  it('halved on mediation and withdrawal, nothing due on dismissal, refunded to the payer within 15 days of effect', () => {
    expect(feeOutcomeOf('treated-withdrawn')).toBe('withdrawal');
    expect(refundDue('withdrawal', { ...facts, closing: { outcome: 'treated-withdrawn' } }, { feeFen: 880_000, refundedFen: 0 })).toMatchObject({
      ok: true,
      refundFen: 440_000,
      dueFen: 440_000,
    });
    expect(refundDue('dismissal', { ...facts, closing: { outcome: 'dismissal' } }, { feeFen: 880_000, refundedFen: 0 })).toMatchObject({
      ok: true,
      refundFen: 880_000,
      dueFen: 0,
    });
    expect(refundDue('dismissal', { ...facts, closing: { outcome: 'judgment' } }, { feeFen: 880_000, refundedFen: 0 }).ok).toBe(false);
    expect(refundBy('2026-03-06')).toBe('2026-03-21');
  });

  it('each party’s share adds up to the fee due; a judgment must state it; a withdrawal leaves it on the plaintiff', () => {
    const roles = ['plaintiff', 'defendant'];
    expect(feeShares('judgment', 880_000, roles, [{ party: 1, fen: 880_000 }])).toEqual({ ok: true, shares: [{ party: 1, fen: 880_000 }] });
    expect(feeShares('judgment', 880_000, roles, [{ party: 1, fen: 800_000 }])).toMatchObject({ ok: false, reason: expect.stringMatching(/8800\.00/) });
    expect(feeShares('judgment', 880_000, roles)).toMatchObject({ ok: false, reason: expect.stringMatching(/第二十九条/) });
    expect(feeShares('withdrawal', 440_000, roles)).toEqual({ ok: true, shares: [{ party: 0, fen: 440_000 }] });
    // 第三十四条: the plaintiff who withdraws bears it; it cannot be put on the defendant.
    expect(feeShares('withdrawal', 440_000, roles, [{ party: 1, fen: 440_000 }])).toMatchObject({ ok: false, reason: expect.stringMatching(/第三十四条/) });
    expect(feeShares('treated-withdrawn', 440_000, roles, [{ party: 0, fen: 440_000 }])).toEqual({ ok: true, shares: [{ party: 0, fen: 440_000 }] });
    expect(feeShares('dismissal', 0, roles)).toEqual({ ok: true, shares: [] });
    expect(feeShares('judgment', 880_000, roles, [{ party: 5, fen: 880_000 }]).ok).toBe(false);
  });
});

describe('the kind of case its cause makes it, where the publication decision starts (裁判文书上网规定 第四条、第八条)', () => {
  it.each([
    ['离婚纠纷', undefined, 'divorce'],
    ['离婚后财产纠纷', undefined, 'divorce'],
    ['抚养费纠纷', undefined, 'custody-guardianship'],
    ['探望权纠纷', undefined, 'custody-guardianship'],
    ['法定继承纠纷', undefined, 'inheritance'],
    ['婚约财产纠纷', undefined, 'marriage-family'],
    ['赡养纠纷', undefined, 'marriage-family'],
    ['民间借贷纠纷', undefined, 'civil'],
    ['房屋拆迁行政补偿', 'administrative-first-instance', 'administrative'],
  ])('%s → %s', (cause, caseType, kind) => {
    expect(publicationKindOf(cause, caseType)).toBe(kind);
  });
  it('withholds a divorce and a custody case, not an inheritance case (whose names are replaced instead)', () => {
    expect(publicationBar({ kind: publicationKindOf('离婚纠纷') })).toMatch(/第四条第（四）项/);
    expect(publicationBar({ kind: publicationKindOf('变更抚养关系纠纷') })).toMatch(/第四条第（四）项/);
    expect(publicationBar({ kind: publicationKindOf('遗嘱继承纠纷') })).toBeNull();
  });
});

describe('按撤诉处理 for want of the prepayment (诉讼费用交纳办法 第二十二条; 民诉法解释 第二百一十三条)', () => {
  it('is a treated-withdrawn case whose fee was never paid and not deferred', () => {
    expect(treatedWithdrawnUnpaid('treated-withdrawn', { state: 'unpaid' })).toBe(true);
    // Paid, then treated as withdrawn for failing to appear (民事诉讼法 第一百四十六条): the halving of 第十五条 as before.
    expect(treatedWithdrawnUnpaid('treated-withdrawn', { state: 'paid' })).toBe(false);
    // A deferred fee is not a prepayment left unpaid.
    expect(treatedWithdrawnUnpaid('treated-withdrawn', { state: 'unpaid', aid: { kind: 'deferral' } })).toBe(false);
    expect(treatedWithdrawnUnpaid('withdrawal', { state: 'unpaid' })).toBe(false);
  });

  it('owes nothing unless the court sets half', () => {
    expect(unpaidTreatedWithdrawnFeeOf(undefined)).toBe('none');
    expect(unpaidTreatedWithdrawnFeeOf('something')).toBe('none');
    expect(unpaidTreatedWithdrawnFeeOf('half')).toBe('half');
    expect(UnpaidTreatedWithdrawnFees.none.basis).toEqual(['诉讼费用交纳办法 第二十二条', '民诉法解释 第二百一十三条']);
    expect(UnpaidTreatedWithdrawnFees.half.basis).toContain('诉讼费用交纳办法 第十五条');
  });
});
