import { calculateFee, ENFORCEMENT_TIERS, feeAccount, PROPERTY_TIERS, refundDue, tieredFee, FeeInputError } from './fees';
import { roundFen, yuan, exact } from './money';
import { caseFee } from './filing';

const fee = (request: Parameters<typeof calculateFee>[0]) => calculateFee(request).feeFen;

describe('诉讼费用交纳办法 第十三条第（一）项: property cases', () => {
  // The courts' 速算 formulas (legal-rules.md §1.1): fee = A × rate + constant, in yuan.
  const quick: [upTo: number, ratePercent: number, constant: number][] = [
    [100_000, 2.5, -200],
    [200_000, 2, 300],
    [500_000, 1.5, 1_300],
    [1_000_000, 1, 3_800],
    [2_000_000, 0.9, 4_800],
    [5_000_000, 0.8, 6_800],
    [10_000_000, 0.7, 11_800],
    [20_000_000, 0.6, 21_800],
    [Infinity, 0.5, 41_800],
  ];
  // In exact integers: fen × rate (per 100,000) + constant, rounded half-up once.
  const byFormulaFen = (amountYuan: number) => {
    if (amountYuan <= 10_000) return 5_000;
    const [, rate, constant] = quick.find(([upTo]) => amountYuan <= upTo) ?? [0, 0, 0];
    return roundFen(BigInt(yuan(amountYuan)) * BigInt(Math.round(rate * 1000)) + exact(yuan(constant)));
  };

  it('charges 8,800 yuan for 500,000 (the worked check of §1)', () => {
    expect(fee({ category: 'property', amountFen: yuan(500_000) })).toBe(yuan(8_800));
  });

  it.each([
    1, 9_999, 10_000, 10_001, 100_000, 100_001, 200_000, 200_001, 500_000, 500_001, 1_000_000, 1_000_001, 2_000_000, 2_000_001, 5_000_000, 5_000_001,
    10_000_000, 10_000_001, 20_000_000, 20_000_001, 123_456_789,
  ])('agrees with the 速算 formula at %d yuan', (amountYuan) => {
    expect(fee({ category: 'property', amountFen: yuan(amountYuan) })).toBe(byFormulaFen(amountYuan));
  });

  it.each([
    [10_000, 50],
    [100_000, 2_300],
    [200_000, 4_300],
    [500_000, 8_800],
    [1_000_000, 13_800],
    [2_000_000, 22_800],
    [5_000_000, 46_800],
    [10_000_000, 81_800],
    [20_000_000, 141_800],
  ])('reaches the cumulative fee at the top of each band: %d yuan → %d yuan', (amountYuan, feeYuan) => {
    expect(fee({ category: 'property', amountFen: yuan(amountYuan) })).toBe(yuan(feeYuan));
  });

  it('treats a band as (X, Y]: one fen above 10,000 yuan already pays 2.5% on that fen', () => {
    // 50 yuan + 0.01 × 2.5% = 5000.025 fen → half-up 5000 fen
    expect(fee({ category: 'property', amountFen: yuan(10_000) + 1 })).toBe(5_000);
    expect(fee({ category: 'property', amountFen: yuan(10_000) + 20 })).toBe(5_001);
  });

  it('gives a line per band with its rate', () => {
    const { breakdown } = calculateFee({ category: 'property', amountFen: yuan(150_000) });
    expect(breakdown.map((l) => [l.rate, l.amountFen])).toEqual([
      [undefined, 5_000],
      ['2.5%', 225_000],
      ['2%', 100_000],
    ]);
  });

  it('rounds only once, at the end, and honours the rounding setting', () => {
    // 10,000.3 yuan: 50 + 0.3 × 2.5% = 50.0075 yuan = 5000.75 fen
    const amountFen = yuan(10_000) + 30;
    expect(fee({ category: 'property', amountFen })).toBe(5_001);
    expect(fee({ category: 'property', amountFen, rounding: { unit: 'fen', mode: 'down' } })).toBe(5_000);
    expect(fee({ category: 'property', amountFen, rounding: { unit: 'yuan', mode: 'half-up' } })).toBe(5_000);
    expect(fee({ category: 'property', amountFen: yuan(30_020), rounding: { unit: 'yuan', mode: 'half-up' } })).toBe(yuan(551));
  });

  it('never uses binary floating point: 0.1 + 0.2 style amounts stay exact', () => {
    expect(tieredFee(yuan(10_000) + 40, PROPERTY_TIERS).exact).toBe(exact(5_000) + 40n * 2500n);
  });

  it('refuses a missing, zero, negative or fractional amount', () => {
    expect(() => calculateFee({ category: 'property' })).toThrow(FeeInputError);
    expect(() => calculateFee({ category: 'property', amountFen: 0 })).toThrow('诉讼请求金额须为大于零的整数');
    expect(() => calculateFee({ category: 'property', amountFen: -100 })).toThrow(FeeInputError);
    expect(() => calculateFee({ category: 'property', amountFen: 10.5 })).toThrow(FeeInputError);
  });
});

describe('reductions: 第十五条, 第十六条, 第十八条, applied once', () => {
  it.each([
    [{ procedure: 'simplified' as const }, 440_000],
    [{ outcome: 'mediation' as const }, 440_000],
    [{ outcome: 'withdrawal' as const }, 440_000],
    [{ counterclaim: true }, 440_000],
    [{ procedure: 'simplified' as const, outcome: 'mediation' as const }, 440_000],
    [{ procedure: 'simplified' as const, outcome: 'withdrawal' as const, counterclaim: true }, 440_000],
    [{ procedure: 'ordinary' as const, outcome: 'judgment' as const }, 880_000],
  ])('500,000 yuan with %j costs %d fen', (options, expected) => {
    const result = calculateFee({ category: 'property', amountFen: yuan(500_000), ...options });
    expect(result.feeFen).toBe(expected);
  });

  it('cites every reduction that applies', () => {
    const { basis, notes } = calculateFee({ category: 'property', amountFen: yuan(500_000), procedure: 'simplified', outcome: 'mediation' });
    expect(basis).toEqual(expect.arrayContaining(['诉讼费用交纳办法 第十五条', '诉讼费用交纳办法 第十六条']));
    expect(notes).toContain('多项减半事由并存时只减半一次');
  });

  it('halves an odd fen half-up: 10,001 yuan simplified', () => {
    // 50 + 1 × 2.5% = 50.025 yuan = 5002.5 fen; half = 2501.25 → 2501
    expect(fee({ category: 'property', amountFen: yuan(10_001), procedure: 'simplified' })).toBe(2_501);
  });

  it('does not halve application fees', () => {
    const result = calculateFee({ category: 'enforcement', amountFen: yuan(100_000), outcome: 'mediation' });
    expect(result.feeFen).toBe(yuan(1_400));
    expect(result.notes).toContain('申请费不适用减半交纳的规定');
  });

  it('bases an appeal on the appealed part (第十七条)', () => {
    const result = calculateFee({ category: 'property', amountFen: yuan(200_000), appeal: true });
    expect(result.feeFen).toBe(yuan(4_300));
    expect(result.basis).toContain('诉讼费用交纳办法 第十七条');
  });
});

describe('诉讼费用交纳办法 第十三条第（二）至（六）项: non-property, IP, labour, administrative', () => {
  it('divorce: the Guangdong 300 yuan, property up to 200,000 free, 0.5% above', () => {
    expect(fee({ category: 'divorce' })).toBe(yuan(300));
    expect(fee({ category: 'divorce', amountFen: yuan(200_000) })).toBe(yuan(300));
    expect(fee({ category: 'divorce', amountFen: yuan(300_000) })).toBe(yuan(800));
    expect(calculateFee({ category: 'divorce' }).rangeFen).toEqual([yuan(50), yuan(300)]);
  });

  it('personality rights: 500 yuan, damages 1% from 50,000 to 100,000 and 0.5% above', () => {
    expect(fee({ category: 'personality' })).toBe(yuan(500));
    expect(fee({ category: 'personality', amountFen: yuan(50_000) })).toBe(yuan(500));
    expect(fee({ category: 'personality', amountFen: yuan(100_000) })).toBe(yuan(1_000));
    expect(fee({ category: 'personality', amountFen: yuan(200_000) })).toBe(yuan(1_500));
  });

  it('other non-property 100, IP without amount 1,000, IP with amount on the property scale', () => {
    expect(fee({ category: 'other-non-property' })).toBe(yuan(100));
    expect(fee({ category: 'ip' })).toBe(yuan(1_000));
    expect(fee({ category: 'ip', amountFen: yuan(500_000) })).toBe(yuan(8_800));
  });

  it('labour 10, administrative 50, trademark/patent/maritime administrative 100, failed jurisdiction objection 100', () => {
    expect(fee({ category: 'labour' })).toBe(yuan(10));
    expect(fee({ category: 'labour', procedure: 'simplified' })).toBe(yuan(5));
    expect(fee({ category: 'administrative' })).toBe(yuan(50));
    expect(fee({ category: 'administrative-special' })).toBe(yuan(100));
    expect(fee({ category: 'jurisdiction-objection' })).toBe(yuan(100));
  });
});

describe('诉讼费用交纳办法 第十四条: application fees', () => {
  const quickFen = (a: number) => {
    if (a <= 10_000) return 5_000;
    const [rate, constant] = a <= 500_000 ? [1500, -100] : a <= 5_000_000 ? [1000, 2_400] : a <= 10_000_000 ? [500, 27_400] : [100, 67_400];
    return roundFen(BigInt(yuan(a)) * BigInt(rate) + exact(yuan(constant)));
  };

  it.each([5_000, 10_000, 10_001, 500_000, 500_001, 5_000_000, 5_000_001, 10_000_000, 10_000_001, 80_000_000])(
    'enforcement at %d yuan follows its 速算 formula',
    (a) => {
      expect(fee({ category: 'enforcement', amountFen: yuan(a) })).toBe(quickFen(a));
    },
  );

  it('enforcement without an amount takes the (unconfirmed) provincial figure and says so', () => {
    const result = calculateFee({ category: 'enforcement' });
    expect(result.rangeFen).toEqual([yuan(50), yuan(500)]);
    expect(result.notes.join()).toMatch(/尚待法院确认/);
  });

  it('preservation: 30 up to 1,000 or no amount, 1% to 100,000, 0.5% above, capped at 5,000 from 896,000', () => {
    expect(fee({ category: 'preservation' })).toBe(yuan(30));
    expect(fee({ category: 'preservation', amountFen: yuan(1_000) })).toBe(yuan(30));
    expect(fee({ category: 'preservation', amountFen: yuan(100_000) })).toBe(yuan(1_020));
    expect(fee({ category: 'preservation', amountFen: yuan(895_000) })).toBe(yuan(4_995));
    expect(fee({ category: 'preservation', amountFen: yuan(896_000) })).toBe(yuan(5_000));
    expect(fee({ category: 'preservation', amountFen: yuan(50_000_000) })).toBe(yuan(5_000));
  });

  it('payment order: one third of the property fee, rounded once', () => {
    expect(fee({ category: 'payment-order', amountFen: yuan(500_000) })).toBe(293_333);
    expect(fee({ category: 'payment-order', amountFen: yuan(10_000) })).toBe(1_667);
  });

  it('public summons 100, arbitration review 400', () => {
    expect(fee({ category: 'public-summons' })).toBe(yuan(100));
    expect(fee({ category: 'arbitration-review' })).toBe(yuan(400));
  });

  it('bankruptcy: half the property fee, capped at 300,000 from 111,640,000', () => {
    expect(fee({ category: 'bankruptcy', amountFen: yuan(500_000) })).toBe(yuan(4_400));
    expect(fee({ category: 'bankruptcy', amountFen: yuan(111_600_000) })).toBe(yuan(299_900));
    expect(fee({ category: 'bankruptcy', amountFen: yuan(111_640_000) })).toBe(yuan(300_000));
    expect(fee({ category: 'bankruptcy', amountFen: yuan(150_044_100) })).toBe(yuan(300_000));
  });

  it('enforcement bands are (X, Y] like the others', () => {
    expect(tieredFee(yuan(500_000), ENFORCEMENT_TIERS).lines).toHaveLength(2);
  });
});

describe('money', () => {
  it.each([
    [25n, 'half-up', 0],
    [50_000n, 'half-up', 1],
    [49_999n, 'half-up', 0],
    [150_000n, 'half-even', 2],
    [250_000n, 'half-even', 2],
    [1n, 'up', 1],
    [99_999n, 'down', 0],
  ] as const)('rounds %d (1/100000 fen) %s to %d fen', (value, mode, expected) => {
    expect(roundFen(value, { unit: 'fen', mode })).toBe(expected);
  });
});

describe('caseFee: one rule for the acceptance and the refund', () => {
  it('halves the fee of a simplified case (第十六条): an 8,000 yuan claim owes 25 yuan, not 50', () => {
    expect(caseFee({ feeKind: 'general', amountFen: 800_000, procedure: 'ordinary' }).feeFen).toBe(5_000);
    expect(caseFee({ feeKind: 'general', amountFen: 800_000, procedure: 'simplified' }).feeFen).toBe(2_500);
    expect(caseFee({ feeKind: 'general', amountFen: 12_000_000, procedure: 'simplified' }).feeFen).toBe(135_000);
  });

  it('halves once when a simplified case is also mediated, and recomputes a reduced claim in the same procedure', () => {
    expect(caseFee({ feeKind: 'general', amountFen: 12_000_000, procedure: 'simplified' }, { outcome: 'mediation' }).feeFen).toBe(135_000);
    expect(caseFee({ feeKind: 'general', amountFen: 12_000_000, procedure: 'ordinary' }, { outcome: 'mediation' }).feeFen).toBe(135_000);
    expect(caseFee({ feeKind: 'general', amountFen: 12_000_000, procedure: 'simplified' }, { amountFen: 800_000 }).feeFen).toBe(2_500);
  });
});

describe('refundDue: a refund follows from a recorded outcome (诉讼费用交纳办法 第十五条、第十六条、第二十一条)', () => {
  // The 500,000-yuan goods claim of the worked check: 8,800 yuan in full.
  const ordinary = { feeKind: 'general', amountFen: 50_000_000, procedure: 'ordinary' } as const;
  const paidInFull = { feeFen: 880_000, refundedFen: 0 };

  it('refuses a mediation refund on a case with no mediation on record, naming what must be recorded', () => {
    expect(refundDue('mediation', ordinary, paidInFull)).toEqual({
      ok: false,
      reason: '本案尚无调解结案的记录：须先记录调解结案（调解书送达），才能按诉讼费用交纳办法第十五条退费',
    });
    expect(refundDue('withdrawal', ordinary, paidInFull)).toMatchObject({ ok: false, reason: expect.stringContaining('准予撤诉') });
    expect(refundDue('simplified', ordinary, paidInFull)).toMatchObject({ ok: false, reason: expect.stringContaining('第十六条') });
    expect(refundDue('claim-reduced', ordinary, paidInFull)).toMatchObject({ ok: false, reason: expect.stringContaining('第二十一条') });
  });

  it('refunds half of 8,800 yuan once the mediation is recorded (第十五条), and nothing after that', () => {
    const mediated = { ...ordinary, closing: { outcome: 'mediation' } } as const;
    expect(refundDue('mediation', mediated, paidInFull)).toEqual({
      ok: true,
      refundFen: 440_000,
      dueFen: 440_000,
      basis: expect.arrayContaining(['诉讼费用交纳办法 第十五条']),
    });
    expect(refundDue('mediation', mediated, { feeFen: 880_000, refundedFen: 440_000 })).toEqual({ ok: false, reason: '按现行标准计算无应退费用' });
  });

  it('refunds the half a simplified case was overbilled (第十六条), and a mediation then adds nothing: the halvings do not stack', () => {
    const simplified = { ...ordinary, procedure: 'simplified' } as const;
    expect(refundDue('simplified', simplified, paidInFull)).toMatchObject({ ok: true, refundFen: 440_000, dueFen: 440_000 });
    const halfPaid = { feeFen: 440_000, refundedFen: 0 };
    expect(refundDue('mediation', { ...simplified, closing: { outcome: 'mediation' } }, halfPaid)).toEqual({ ok: false, reason: '按现行标准计算无应退费用' });
  });

  it('bills a claim reduced to 100,000 yuan on its new amount: 2,300 yuan, 6,500 back (第二十一条)', () => {
    // 50 + 90,000 × 2.5% = 2,300 yuan.
    const reduced = { ...ordinary, claimReductions: [{ amountFen: 10_000_000 }] };
    expect(refundDue('claim-reduced', reduced, paidInFull)).toEqual({
      ok: true,
      refundFen: 650_000,
      dueFen: 230_000,
      basis: expect.arrayContaining(['诉讼费用交纳办法 第二十一条']),
    });
  });
});

describe('feeAccount: what the party sees of the fee', () => {
  it('shows paid, refunded, on its way back, and the net', () => {
    expect(feeAccount({ state: 'unpaid', feeFen: 880_000 })).toEqual({ paidFen: 0, refundedFen: 0, refundingFen: 0, netFen: 0 });
    expect(feeAccount({ state: 'paid', feeFen: 880_000, refunds: [{ refundFen: 440_000, state: 'requested' }] })).toEqual({
      paidFen: 880_000,
      refundedFen: 0,
      refundingFen: 440_000,
      netFen: 440_000,
    });
    expect(feeAccount({ state: 'paid', feeFen: 880_000, refunds: [{ refundFen: 440_000, state: 'refunded' }] })).toMatchObject({
      refundedFen: 440_000,
      netFen: 440_000,
    });
  });
});
