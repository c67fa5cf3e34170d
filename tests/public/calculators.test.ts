import { callWithAnyInput, resetEmulator } from '../support/emulator';

import type { FeeCalcInput } from '#schemas/fees';
import type { DeadlineCalcInput } from '#schemas/deadlines';

const feeCalc = (input: FeeCalcInput | Record<string, unknown>) => callWithAnyInput('fee-calc', input);
const deadlineCalc = (input: DeadlineCalcInput | Record<string, unknown>) => callWithAnyInput('deadline-calc', input);

beforeEach(() => resetEmulator());

describe('fee-calc through the gateway', () => {
  it('charges 8,800 yuan for a 500,000-yuan property claim (诉讼费用交纳办法 第十三条)', async () => {
    // Act
    const reply = await feeCalc({ category: 'property', amountFen: 50_000_000 });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.result).toMatchObject({ ok: true, data: { feeFen: 880_000, basis: ['诉讼费用交纳办法 第十三条第（一）项'] } });
    if (!reply.result.ok) throw new Error('unreachable');
    expect(reply.result.data.breakdown.map((line) => line.amountFen)).toEqual([5_000, 225_000, 200_000, 450_000]);
  });

  it('halves once for a simplified case that ends in mediation', async () => {
    const reply = await feeCalc({ category: 'property', amountFen: 50_000_000, procedure: 'simplified', outcome: 'mediation' });
    expect(reply.result).toMatchObject({ ok: true, data: { feeFen: 440_000 } });
  });

  it('answers a range fee with its statutory range', async () => {
    const reply = await feeCalc({ category: 'divorce' });
    expect(reply.result).toMatchObject({ ok: true, data: { feeFen: 30_000, rangeFen: [5_000, 30_000] } });
  });

  it.each([
    [{ category: 'property', amountFen: -1 }, 'amountFen'],
    [{ category: 'property', amountFen: 100.5 }, 'amountFen'],
    [{ category: 'lottery', amountFen: 100 }, 'category'],
    [{ category: 'property' }, 'amountFen'],
  ])('answers INVALID_INPUT in Chinese for %j', async (input, field) => {
    const reply = await feeCalc(input);
    expect(reply.result.ok).toBe(false);
    if (reply.result.ok) return;
    expect(reply.result.error.code).toBe('INVALID_INPUT');
    expect(reply.result.error.fields?.[field]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('deadline-calc through the gateway', () => {
  it('lets a judgment served on 2024-03-01 be appealed until 2024-03-18', async () => {
    const reply = await deadlineCalc({ from: '2024-03-01', kind: 'appeal-judgment' });
    expect(reply.result).toMatchObject({
      ok: true,
      data: { deadline: '2024-03-18', naive: '2024-03-16', shiftedOver: ['2024-03-16', '2024-03-17'], calendarKnown: true, label: '不服判决的上诉期' },
    });
  });

  it('moves a deadline over the whole National Day holiday', async () => {
    const reply = await deadlineCalc({ from: '2024-09-16', period: { days: 15 } });
    expect(reply.result).toMatchObject({ ok: true, data: { naive: '2024-10-01', deadline: '2024-10-08', calendarKnown: true } });
  });

  it('says when the holiday calendar of a year is not known', async () => {
    const reply = await deadlineCalc({ from: '2031-03-03', period: { days: 7 } });
    expect(reply.result).toMatchObject({ ok: true, data: { deadline: '2031-03-10', calendarKnown: false } });
  });

  it.each([
    [{ from: '2024-02-30', period: { days: 15 } }, 'from'],
    [{ from: '2024-03-01', period: { days: -3 } }, 'period.days'],
    [{ from: '2024-03-01' }, 'period'],
  ])('answers INVALID_INPUT for %j', async (input, field) => {
    const reply = await deadlineCalc(input);
    expect(reply.result.ok).toBe(false);
    if (reply.result.ok) return;
    expect(reply.result.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(reply.result.error.fields ?? {})).toContain(field);
  });
});

describe('limit-calc through the gateway', () => {
  const limitCalc = (input: Record<string, unknown>) => callWithAnyInput('limit-calc', input);

  it('counts an ordinary case filed 2024-01-10 to 07-10, and 09-23 with 公告 30 days and 鉴定 45 days not counted (§4.6 1)', async () => {
    const plain = await limitCalc({ procedure: 'ordinary', filedOn: '2024-01-10' });
    expect(plain.result).toMatchObject({ ok: true, data: { expiresOn: '2024-07-10' } });
    const excluded = await limitCalc({
      procedure: 'ordinary',
      filedOn: '2024-01-10',
      excluded: [
        { from: '2024-02-01', to: '2024-03-02' },
        { from: '2024-04-01', to: '2024-05-16' },
      ],
    });
    expect(excluded.result).toMatchObject({ ok: true, data: { expiresOn: '2024-09-23' } });
    if (!excluded.result.ok) throw new Error('unreachable');
    expect(excluded.result.data.basis).toEqual(expect.arrayContaining(['民事诉讼法 第一百五十二条', '民法典 第二百零二条', '民诉法解释 第二百四十三条']));
  });

  it('extends a simplified case filed 2024-11-30 from its filing day: 2025-03-30, not 03-28 (§4.6 2)', async () => {
    const reply = await limitCalc({ procedure: 'simplified', filedOn: '2024-11-30', extensions: [{ months: 1 }] });
    expect(reply.result).toMatchObject({ ok: true, data: { expiresOn: '2025-03-30' } });
  });

  it('answers a small-claims case and both appeals (§4.6 4)', async () => {
    expect((await limitCalc({ procedure: 'small-claims', filedOn: '2024-04-15' })).result).toMatchObject({ ok: true, data: { expiresOn: '2024-06-15' } });
    expect((await limitCalc({ procedure: 'appeal-ruling', filedOn: '2024-08-20' })).result).toMatchObject({ ok: true, data: { expiresOn: '2024-09-19' } });
    expect((await limitCalc({ procedure: 'appeal-judgment', filedOn: '2024-08-20' })).result).toMatchObject({ ok: true, data: { expiresOn: '2024-11-20' } });
  });

  it.each([
    [{ procedure: 'simplified', filedOn: '2024-11-30', extensions: [{ months: 2 }] }, 'extensions', /累计不超过 4 个月/],
    [{ procedure: 'ordinary', filedOn: '2024-02-30' }, 'filedOn', /日期/],
    [{ procedure: 'summary', filedOn: '2024-01-10' }, 'procedure', /审理程序/],
    [{ procedure: 'ordinary', filedOn: '2024-01-10', excluded: [{ from: '2024-03-01', to: '2024-02-01' }] }, 'excluded', /早于开始日/],
    [{ procedure: 'ordinary', filedOn: '2024-01-10', extensions: [{ months: 0 }] }, 'extensions.0.months', /延长/],
  ])('answers INVALID_INPUT in Chinese, with the reason, for %j', async (input, field, reason) => {
    const reply = await limitCalc(input);
    expect(reply.result.ok).toBe(false);
    if (reply.result.ok) return;
    expect(reply.result.error.code).toBe('INVALID_INPUT');
    expect(reply.result.error.fields?.[field]).toMatch(reason);
  });
});
