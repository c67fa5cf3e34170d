import { checkInterestEnd, checkWindow, claimTotalFen, declarationTiming } from './claims';

// The 小鸣单车 case: accepted 2018-03-27; the declaration period closed on 2018-06-27.
const window = { acceptedOn: '2018-03-27', announcedOn: '2018-03-28', deadlineOn: '2018-06-27' };

describe('企业破产法: declaring claims', () => {
  it('第四十五条: a period of 30 days to 3 months from the announcement', () => {
    expect(checkWindow(window)).toBeNull();
    expect(checkWindow({ ...window, deadlineOn: '2018-04-26' })).toContain('2018-04-27 至 2018-06-28');
    expect(checkWindow({ ...window, deadlineOn: '2018-06-29' })).toContain('第四十五条');
    expect(checkWindow({ ...window, announcedOn: '2018-03-26' })).toBe('受理公告日不能早于受理日');
  });

  it('第五十六条: late before the final distribution, with the cost notice; refused after it', () => {
    expect(declarationTiming(window, '2018-06-27')).toEqual({ ok: true, late: false });
    expect(declarationTiming(window, '2018-06-28')).toMatchObject({ ok: true, late: true, notice: expect.stringContaining('费用由您承担') });
    expect(declarationTiming({ ...window, finalDistributionOn: '2019-12-31' }, '2020-01-01')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('最后分配'),
    });
    expect(declarationTiming(window, '2018-03-27')).toMatchObject({ ok: false });
  });

  it('第四十六条: interest is counted up to the acceptance date, not after', () => {
    expect(checkInterestEnd('2018-03-27', 1000, '2018-03-27')).toBeNull();
    expect(checkInterestEnd('2018-03-28', 1000, '2018-03-27')).toContain('第四十六条');
    expect(checkInterestEnd(undefined, 1000, '2018-03-27')).toBe('请填写利息计算的截止日');
    expect(checkInterestEnd(undefined, 0, '2018-03-27')).toBeNull();
  });

  it('adds principal, interest and other items in fen', () => {
    expect(claimTotalFen({ principalFen: 19_900, interestFen: 0, otherFen: 100 })).toBe(20_000);
  });
});

describe('reviewing claims', () => {
  it('第五十七条: a partial confirmation names the amount; anything short of full gives reasons', async () => {
    const { reviewProblem, objectionDeadline } = await import('./claims');
    expect(reviewProblem('confirmed', 20_000, undefined, undefined)).toBeNull();
    expect(reviewProblem('partly-confirmed', 20_000, 19_900, '余额1元无证据')).toBeNull();
    expect(reviewProblem('partly-confirmed', 20_000, 20_000, '理由')).toContain('小于申报金额');
    expect(reviewProblem('rejected', 20_000, undefined, '')).toContain('理由');
    // 小鸣单车: the table was published 2019-07-01; objectors had 15 days (2019-07-16, a Tuesday).
    expect(objectionDeadline('2019-07-01')).toBe('2019-07-16');
  });
});
