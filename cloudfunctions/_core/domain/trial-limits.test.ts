import { adjournmentRefusal, extensionApprover, extensionWindow, LimitInputError, limitExpiry } from './trial-limits';

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

  it('5. a third adjournment in ordinary procedure is refused; so is a 40-day gap without consent', () => {
    expect(adjournmentRefusal({ procedure: 'ordinary', adjournedBefore: 2, lastHearingOn: '2024-05-01', nextHearingOn: '2024-05-10' })).toMatch(/最多 2 次/);
    expect(adjournmentRefusal({ procedure: 'ordinary', adjournedBefore: 1, lastHearingOn: '2024-05-01', nextHearingOn: '2024-06-10' })).toMatch(/一个月/);
    expect(
      adjournmentRefusal({ procedure: 'ordinary', adjournedBefore: 1, lastHearingOn: '2024-05-01', nextHearingOn: '2024-06-10', consentOrForceMajeure: true }),
    ).toBeUndefined();
    expect(adjournmentRefusal({ procedure: 'simplified', adjournedBefore: 1, lastHearingOn: '2024-05-01', nextHearingOn: '2024-05-10' })).toMatch(/最多 1 次/);
  });

  it('a second extension of an ordinary case goes to the higher court (延长审限规定 第一条)', () => {
    expect(extensionApprover('ordinary', [])).toBe('president');
    expect(extensionApprover('ordinary', [{ months: 6 }])).toBe('higher-court');
    expect(limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-31', extensions: [{ months: 6 }, { months: 3 }] }).expiresOn).toBe('2025-04-30');
  });

  it('refuses an excluded period that ends before it starts', () => {
    expect(() => limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10', excluded: [{ from: '2024-03-01', to: '2024-02-01' }] })).toThrow(/早于开始日/);
  });
});
