import cloud from 'wx-server-sdk';
import { findById } from '#runtime';

import { callFunction, ok, operation, resetEmulator, countOf as countInDb } from '../support/emulator';
import { acceptedHuCase, huComplaint } from '../support/filing';
import { HU, REGISTRAR, seedCourts, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const order = (openid: string, caseId: string, requestId = 'order-0001') => callFunction('fee-order', { requestId, caseId }, openid);
const pay = (outTradeNo: string) => operation<{ paid: boolean; acknowledged: boolean; answer: unknown }>('POST', `pay/${outTradeNo}`);

let caseId: string;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  ({ caseId } = await acceptedHuCase());
});

describe('fee-order and fee-paid', () => {
  it('orders the 8,800-yuan fee, the user pays, the callback records it once, and the case moves on', async () => {
    const ordered = await order(HU.openid, caseId);
    expect(ordered.result).toMatchObject({
      ok: true,
      data: { state: 'unpaid', feeFen: 880_000, dueOn: '2026-03-09', overdue: false, payment: { package: expect.stringMatching(/^prepay_id=/) } },
    });
    const paid = await pay(`${caseId}F1`);
    expect(paid).toMatchObject({ paid: true, acknowledged: true });
    // WeChat retries a callback it considers unanswered: the second delivery records nothing new.
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
    expect(await countOf('payments')).toBe(1);
    expect((await order(HU.openid, caseId, 'order-0002')).result).toMatchObject({ ok: true, data: { state: 'paid' } });
    const detail = await callFunction('case-detail', { caseId }, HU.openid);
    expect(detail.result).toMatchObject({ ok: true, data: { fee: { state: 'paid' }, chainVerified: true } });
    if (detail.result.ok) expect(detail.result.data.timeline.map((e) => e.label).slice(-2)).toEqual(['发起缴费', '缴纳诉讼费']);
  });

  it('records a payment whose callback never came when the party looks again', async () => {
    await order(HU.openid, caseId);
    // The user paid, but the callback could not record it (its event, the commit, failed).
    await operation('POST', 'faults', { writes: [{ collection: 'case_events', nth: 1 }] });
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: false });
    const again = await order(HU.openid, caseId, 'order-0003');
    expect(again.result).toMatchObject({ ok: true, data: { state: 'paid' } });
    expect(await countOf('payments')).toBe(1);
    // WeChat Pay calls again with the same payment: acknowledged, so it stops calling, and nothing is recorded twice.
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
    expect(await countOf('payments')).toBe(1);
  });

  it('refuses a forged callback the pay service does not confirm', async () => {
    await order(HU.openid, caseId);
    const forged = await callFunction(
      'fee-paid',
      { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: `${caseId}F1`, transactionId: '4200000000forged', totalFee: 880000 },
      WU.openid,
    );
    expect(forged.result).toMatchObject({ errcode: 1, errmsg: expect.stringContaining('PAYMENT') });
    expect((await findById<{ fee: { state: string } }>(db, 'cases', caseId))?.fee.state).toBe('unpaid');
  });

  it('FORBIDDEN to a stranger; INVALID_INPUT for a bad request; a retried order is one order', async () => {
    await verify(WU);
    expect((await order(WU.openid, caseId)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await callFunction('fee-order', { requestId: 'x', caseId }, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const first = await order(HU.openid, caseId, 'order-0004');
    const again = await order(HU.openid, caseId, 'order-0004');
    expect(again.result).toEqual(first.result);
    const events = (await db.collection('case_events').where({ caseId, action: 'fee.ordered' }).count()) as { total: number };
    expect(events.total).toBe(1);
  });

  it('shows the notice overdue after its 7 days', async () => {
    await operation('POST', 'clock', { now: '2026-03-10T02:00:00.000Z' });
    expect((await order(HU.openid, caseId)).result).toMatchObject({ ok: true, data: { state: 'unpaid', overdue: true } });
  });

  it('an injected failure writing the event (the commit) leaves the fee unpaid and no payment, and WeChat’s retry records it once', async () => {
    await order(HU.openid, caseId);
    await operation('POST', 'faults', { writes: [{ collection: 'case_events', nth: 1 }] });
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: false });
    expect((await findById<{ fee: { state: string } }>(db, 'cases', caseId))?.fee.state).toBe('unpaid');
    expect(await countOf('payments')).toBe(0);
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
    expect((await findById<{ fee: { state: string } }>(db, 'cases', caseId))?.fee.state).toBe('paid');
    expect(await countOf('payments')).toBe(1);
  });

  it.each(['payments', 'cases'])(
    'a passing failure writing %s after the event is tried again: the payment is recorded once and acknowledged',
    async (collection) => {
      await order(HU.openid, caseId);
      await operation('POST', 'faults', { writes: [{ collection, nth: 1 }] });
      expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
      expect((await findById<{ fee: { state: string } }>(db, 'cases', caseId))?.fee.state).toBe('paid');
      expect(await countOf('payments')).toBe(1);
      expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
      expect(await countOf('payments')).toBe(1);
    },
  );

  it('a callback that stops once its event is recorded: the payment stands, the next look at the case shows it paid, and WeChat’s retry adds nothing', async () => {
    await order(HU.openid, caseId);
    // Every write to the case fails: the function records the event and the payment, and stops short of the case.
    await operation('POST', 'faults', { writes: Array.from({ length: 8 }, () => ({ collection: 'cases', nth: 1 })) });
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
    await operation('POST', 'faults', { writes: [] });
    expect(await countOf('payments')).toBe(1);
    expect((await order(HU.openid, caseId, 'order-0005')).result).toMatchObject({ ok: true, data: { state: 'paid' } });
    expect((await findById<{ fee: { state: string } }>(db, 'cases', caseId))?.fee.state).toBe('paid');
    expect(await pay(`${caseId}F1`)).toMatchObject({ acknowledged: true });
    expect(await countOf('payments')).toBe(1);
    const detail = await callFunction('case-detail', { caseId }, HU.openid);
    expect(detail.result).toMatchObject({ ok: true, data: { fee: { state: 'paid' }, chainVerified: true } });
  });
});

describe('fee-refund: a refund follows from a recorded outcome', () => {
  const addJudge = (id: string) =>
    db
      .collection('cases')
      .doc(id)
      .update({ data: { members: db.command.push([{ openid: 'o-judge-chen', role: 'presiding-judge' }]) } });

  it('refuses half the fee for "mediation" on a case with no mediation on record, naming what must be recorded, and refunds nothing', async () => {
    await order(HU.openid, caseId);
    await pay(`${caseId}F1`);
    await addJudge(caseId);
    const refund = await callFunction('fee-refund', { requestId: 'refund-0001', caseId, reason: 'mediation' }, 'o-judge-chen');
    expect(refund.result).toEqual({
      ok: false,
      error: { code: 'STATE', message: '本案尚无调解结案的记录：须先记录调解结案（调解书送达），才能按诉讼费用交纳办法第十五条退费' },
    });
    expect((await findById<{ fee: { refunds?: unknown[] } }>(db, 'cases', caseId))?.fee.refunds).toBeUndefined();
    expect((await order(HU.openid, caseId, 'order-0009')).result).toMatchObject({
      ok: true,
      data: { state: 'paid', account: { paidFen: 880_000, refundedFen: 0, refundingFen: 0, netFen: 880_000 } },
    });
    expect((await callFunction('fee-refund', { requestId: 'refund-0002', caseId, reason: 'mediation' }, REGISTRAR.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  /** A simplified case billed and paid in full, as a fee notice issued before the one fee rule was. */
  const overpaidSimplifiedCase = async () => {
    await resetEmulator();
    await seedCourts(db);
    await verify(HU);
    const simplified = await acceptedHuCase({ procedure: 'simplified' });
    // A fee notice issued before acceptance applied 第十六条: the full 8,800 yuan.
    await db
      .collection('cases')
      .doc(simplified.caseId)
      .update({ data: { 'fee.feeFen': 880_000 } });
    await order(HU.openid, simplified.caseId);
    await pay(`${simplified.caseId}F1`);
    await addJudge(simplified.caseId);
    return simplified;
  };

  it('refunds the half a simplified case was billed in full before the one fee rule (第十六条); WeChat Pay’s notice confirms it, and the party sees paid, refunded and net', async () => {
    const simplified = await overpaidSimplifiedCase();
    const refund = (requestId: string) => callFunction('fee-refund', { requestId, caseId: simplified.caseId, reason: 'simplified' }, 'o-judge-chen');
    const first = await refund('refund-simple-1');
    expect(first.result).toEqual({ ok: true, data: { refundFen: 440_000, feeFen: 440_000, basis: expect.arrayContaining(['诉讼费用交纳办法 第十六条']) } });
    expect((await refund('refund-simple-1')).result).toEqual(first.result);
    expect((await refund('refund-simple-2')).result).toMatchObject({ ok: false, error: { code: 'STATE', message: '按现行标准计算无应退费用' } });
    expect((await order(HU.openid, simplified.caseId, 'order-simple-2')).result).toMatchObject({
      ok: true,
      data: { account: { paidFen: 880_000, refundedFen: 0, refundingFen: 440_000, netFen: 440_000 } },
    });
    // WeChat Pay finishes the refund and notifies fee-paid, the fee's one callback; a repeated notice changes nothing.
    expect(await operation('POST', `refund/${simplified.caseId}R1`)).toMatchObject({ refunded: true, callback: 'fee-paid', acknowledged: true });
    expect(await operation('POST', `refund/${simplified.caseId}R1`)).toMatchObject({ acknowledged: true });
    const detail = ok(await callFunction('case-detail', { caseId: simplified.caseId }, HU.openid));
    expect(detail.fee).toMatchObject({ state: 'paid', account: { paidFen: 880_000, refundedFen: 440_000, refundingFen: 0, netFen: 440_000 } });
    expect(detail.timeline.map((e) => e.label).slice(-2)).toEqual(['退还诉讼费', '退费到账']);
    expect(detail.chainVerified).toBe(true);
  });

  it('a forged refund notice changes nothing: fee-paid asks WeChat Pay (queryRefund) and records only what it confirms', async () => {
    const simplified = await overpaidSimplifiedCase();
    ok(await callFunction('fee-refund', { requestId: 'refund-forged-1', caseId: simplified.caseId, reason: 'simplified' }, 'o-judge-chen'));
    const notice = (refundStatus: 'SUCCESS' | 'REFUNDCLOSE') =>
      callFunction(
        'fee-paid',
        {
          returnCode: 'SUCCESS',
          outTradeNo: `${simplified.caseId}F1`,
          outRefundNo: `${simplified.caseId}R1`,
          transactionId: '4200000000000000000000000000',
          refundId: '50forged',
          refundFee: 440_000,
          refundStatus,
        },
        'o-stranger',
      );
    // The callback's answer to WeChat Pay: not acknowledged, so a real notice would come again.
    const unconfirmed = { errcode: 1, errmsg: 'PAYMENT: 支付服务未确认该笔退款' };
    const account = async () => ok(await callFunction('case-detail', { caseId: simplified.caseId }, HU.openid)).fee?.account;

    // Before WeChat Pay has refunded anything, a notice saying it has.
    expect((await notice('SUCCESS')).result).toMatchObject(unconfirmed);
    expect(await account()).toMatchObject({ refundedFen: 0, refundingFen: 440_000 });
    // After it has, a notice saying the refund was closed.
    expect(await operation('POST', `refund/${simplified.caseId}R1`)).toMatchObject({ refunded: true, acknowledged: true });
    expect((await notice('REFUNDCLOSE')).result).toMatchObject(unconfirmed);
    expect(await account()).toMatchObject({ refundedFen: 440_000, refundingFen: 0 });
  });
});

describe('simplified procedure (诉讼费用交纳办法 第十六条)', () => {
  it('bills half the fee at acceptance, as the calculator says, and refunds nothing for a mediation not on record', async () => {
    await resetEmulator();
    await seedCourts(db);
    await verify(HU);
    const simplified = await acceptedHuCase({ procedure: 'simplified' });
    const calculated = ok(await callFunction('fee-calc', { category: 'property', amountFen: 50_000_000, procedure: 'simplified' }));
    const stored = await findById<{ fee: { feeFen: number; basis: string[] } }>(db, 'cases', simplified.caseId);
    expect(stored?.fee.feeFen).toBe(440_000);
    expect(stored?.fee.feeFen).toBe(calculated.feeFen);
    expect(stored?.fee.basis).toContain('诉讼费用交纳办法 第十六条');

    await order(HU.openid, simplified.caseId);
    await pay(`${simplified.caseId}F1`);
    await db
      .collection('cases')
      .doc(simplified.caseId)
      .update({ data: { members: db.command.push([{ openid: 'o-judge-chen', role: 'presiding-judge' }]) } });
    expect(
      (await callFunction('fee-refund', { requestId: 'refund-simple-1', caseId: simplified.caseId, reason: 'mediation' }, 'o-judge-chen')).result,
    ).toMatchObject({
      // Nothing refunds before the mediation is on record; once it is, the halvings do not stack (domain/fees.test.ts).
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('须先记录调解结案') },
    });
  });
});

describe('fee-order before acceptance', () => {
  it('tells the filer the fee is not due yet, and still tells a stranger nothing', async () => {
    const filed = ok(await callFunction('filing-submit', huComplaint('fee-early-file-1'), HU.openid));
    expect((await callFunction('fee-order', { requestId: 'fee-early-0001', caseId: filed.filingId }, HU.openid)).result).toEqual({
      ok: false,
      error: { code: 'STATE', message: '立案申请尚在审查，受理后法院会发出交纳诉讼费用通知书，届时再缴费' },
    });
    await verify(WU);
    expect((await callFunction('fee-order', { requestId: 'fee-early-0002', caseId: filed.filingId }, WU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
