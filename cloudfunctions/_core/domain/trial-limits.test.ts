import { adjournmentGapProblem, adjournmentLimit } from './hearings';
import { extensionApprover, extensionWindow, LimitInputError, limitExpiry } from './trial-limits';

// legal-rules-2 §4.6, the test vectors of trial limits.
describe('trial limits (§4.6)', () => {
  it('1. ordinary, filed 2024-01-10: expires 07-10, request by 06-25, decide by 07-05; 公告 30 days and 鉴定 45 days → 09-23', () => {
    expect(limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10' }).expiresOn).toBe('2024-07-10');
    expect(extensionWindow('2024-07-10')).toEqual({ requestBy: '2024-06-25', decideBy: '2024-07-05' });
    const excluded = limitExpiry({
      procedure: 'ordinary',
      filedOn: '2024-01-10',
      excluded: [
        { from: '2024-02-01', to: '2024-03-02' },
        { from: '2024-04-01', to: '2024-05-16' },
      ],
    });
    expect(excluded).toMatchObject({ expiresOn: '2024-09-23', excludedDays: 75 });
    expect(excluded.basis).toContain('民诉法解释 第二百四十三条');
  });

  it('2. simplified, filed 2024-11-30: 2025-02-28; extended a month → 2025-03-30, not 03-28', () => {
    expect(limitExpiry({ procedure: 'simplified', filedOn: '2024-11-30' }).expiresOn).toBe('2025-02-28');
    expect(limitExpiry({ procedure: 'simplified', filedOn: '2024-11-30', extensions: [{ months: 1 }] }).expiresOn).toBe('2025-03-30');
  });

  it('simplified beyond 4 months in all is refused with the reason (民诉法解释 第二百五十八条)', () => {
    expect(() => limitExpiry({ procedure: 'simplified', filedOn: '2024-11-30', extensions: [{ months: 1 }, { months: 1 }] })).toThrow(LimitInputError);
    expect(() => limitExpiry({ procedure: 'simplified', filedOn: '2024-11-30', extensions: [{ months: 2 }] })).toThrow(/累计不超过 4 个月/);
  });

  it('3. simplified filed 03-05 and converted to ordinary on 05-20 keeps the start → 2024-09-05', () => {
    expect(limitExpiry({ procedure: 'ordinary', filedOn: '2024-03-05' }).expiresOn).toBe('2024-09-05');
  });

  it('4. small claims filed 04-15 → 06-15 (a Saturday, nominal); appeals against a ruling 08-20 → 09-19, a judgment → 11-20', () => {
    expect(limitExpiry({ procedure: 'small-claims', filedOn: '2024-04-15' }).expiresOn).toBe('2024-06-15');
    expect(limitExpiry({ procedure: 'appeal-ruling', filedOn: '2024-08-20' }).expiresOn).toBe('2024-09-19');
    expect(limitExpiry({ procedure: 'appeal-judgment', filedOn: '2024-08-20' }).expiresOn).toBe('2024-11-20');
  });

  it('5. a third adjournment in ordinary procedure is refused; so is a 40-day gap without consent (domain/hearings)', () => {
    expect(adjournmentLimit('ordinary')).toBe(2);
    expect(adjournmentLimit('simplified')).toBe(1);
    expect(adjournmentGapProblem('2024-05-01', '2024-06-10')).toMatch(/一个月内/);
    expect(adjournmentGapProblem('2024-05-01', '2024-06-10', 'consent')).toBeNull();
  });

  it('a second extension of an ordinary case goes to the higher court (延长审限规定 第一条)', () => {
    expect(extensionApprover('ordinary', [])).toBe('president');
    expect(extensionApprover('ordinary', [{ months: 6 }])).toBe('higher-court');
    expect(limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-31', extensions: [{ months: 6 }, { months: 3 }] }).expiresOn).toBe('2025-04-30');
    // However short the first: +3 by the president, and the next is the higher court's, not the president's again.
    expect(extensionApprover('ordinary', [{ months: 3 }])).toBe('higher-court');
    expect(extensionApprover('simplified', [])).toBe('president');
    expect(extensionApprover('appeal-judgment', [{ months: 3 }])).toBe('president');
  });

  it('the president extends an ordinary case by at most six months at once (民事诉讼法 第一百五十二条)', () => {
    expect(() => limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10', extensions: [{ months: 12 }] })).toThrow(/院长批准最多延长 6 个月/);
    expect(() => limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10', extensions: [{ months: 7 }] })).toThrow(/报请上级人民法院批准/);
    // The higher court's extension is not capped by the rule.
    expect(limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10', extensions: [{ months: 6 }, { months: 12 }] }).expiresOn).toBe('2026-01-10');
  });

  it('refuses an excluded period that ends before it starts', () => {
    expect(() => limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10', excluded: [{ from: '2024-03-01', to: '2024-02-01' }] })).toThrow(/早于开始日/);
  });
});
