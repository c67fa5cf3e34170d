import * as z from 'zod';
import { caseFee } from '#domain/filing';
import { chinaDate } from '#domain/time';
import { AppError, assert, assertPayOk, cloudPay, config, findById, requireConfig, type ActionContext, type Envelope, type Transaction } from '#runtime';
import type { FeeOrderInput, FeeOrderOutput, FeePaidInput, FeeRefundInput, FeeRefundOutput } from '#schemas/fees';
import { caseForCaller, type Actor } from './access';
import { changeCase } from './case-change';
import type { CaseRecord, FilingRecord } from './records';

/** One out_trade_no per fee notice: the case id and the notice's number. */
export const outTradeNoOf = (caseId: string, notice = 1) => `${caseId}F${notice}`;
const caseIdOf = (outTradeNo: string) => outTradeNo.slice(0, outTradeNo.lastIndexOf('F'));

/** The payment callback acts for no one on the case: the pay service confirmed the payment. */
const WECHAT_PAY = { actor: 'wxpay', actorRole: 'payment-callback' } as const;

interface Payment {
  transactionId: string;
  outTradeNo: string;
  totalFee: number;
  timeEnd?: string | undefined;
}

/**
 * Records a payment against its fee notice, in the caller's transaction, once: the payment's
 * transaction id is its document id, and the case is re-read inside the transaction.
 */
async function recordPayment(tx: Transaction, caseId: string, payment: Payment, at: Date, by: Actor | typeof WECHAT_PAY): Promise<'paid' | 'duplicate'> {
  const record = await findById<CaseRecord>(tx, 'cases', caseId, { fee: true });
  assert(record, 'NOT_FOUND', '未找到该案件');
  const duplicate = record.fee.state === 'paid';
  await tx.collection('payments').add({
    data: {
      _id: payment.transactionId,
      caseId,
      outTradeNo: payment.outTradeNo,
      amountFen: payment.totalFee,
      timeEnd: payment.timeEnd ?? null,
      paidAt: at,
      duplicate,
    },
  });
  if (duplicate) return 'duplicate';
  await changeCase(tx, caseId, at, () => ({
    event: { action: 'fee.paid', ...by, data: { amountFen: payment.totalFee, transactionId: payment.transactionId } },
    update: { 'fee.state': 'paid', 'fee.paidAt': at, 'fee.transactionId': payment.transactionId },
  }));
  return 'paid';
}

/**
 * 缴纳诉讼费: places (or re-offers) the WeChat Pay order for the case's open fee notice, and
 * answers its state; where an order has no callback yet, asks the pay service and records a
 * payment it finds (诉讼费用交纳办法 第二十二条: due 7 days after the notice).
 */
export async function orderFee(input: z.output<typeof FeeOrderInput>, ctx: ActionContext): Promise<FeeOrderOutput> {
  const { record, actor } = await caseForCaller(ctx, input.caseId, ['plaintiff', 'agent']).catch((error: unknown) => feeNotDueYet(ctx, input.caseId, error));
  const overdue = chinaDate(ctx.now) > record.fee.dueOn;
  const status = (state: 'unpaid' | 'paid'): FeeOrderOutput => ({
    state,
    feeFen: record.fee.feeFen,
    dueOn: record.fee.dueOn,
    overdue: state === 'unpaid' && overdue,
  });
  if (record.fee.state === 'paid') return status('paid');

  const previous = await ctx.previousAnswer<FeeOrderOutput>();
  if (previous) return previous;
  const pay = cloudPay(ctx.cloud);
  const subMchId = requireConfig('MC_PAY_SUB_MCH_ID');
  const outTradeNo = outTradeNoOf(record._id);
  if (record.fee.outTradeNo) {
    const query = await pay.queryOrder({ outTradeNo, subMchId });
    if (query.tradeState === 'SUCCESS' && query.totalFee === record.fee.feeFen && query.transactionId) {
      const payment = { transactionId: query.transactionId, outTradeNo, totalFee: query.totalFee, timeEnd: query.timeEnd };
      return ctx.commit(async (tx) => {
        await recordPayment(tx, record._id, payment, ctx.now, actor);
        return status('paid');
      });
    }
  }
  const order = assertPayOk(
    await pay.unifiedOrder({
      body: `诉讼费-${record.caseNumber}`.slice(0, 60),
      outTradeNo,
      spbillCreateIp: '127.0.0.1',
      subMchId,
      totalFee: record.fee.feeFen,
      envId: config.TCB_ENV,
      functionName: 'fee-paid',
    }),
    '下单',
  );
  assert(order.payment, 'PAYMENT', '支付服务未返回支付参数，请稍后重试');
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = order.payment;
  const answer: FeeOrderOutput = { ...status('unpaid'), payment: { timeStamp, nonceStr, package: pkg, signType, paySign } };
  if (record.fee.outTradeNo) return answer;
  return ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, () => ({
      event: { action: 'fee.ordered', ...actor, data: { outTradeNo, feeFen: record.fee.feeFen }, requestId: input.requestId },
      update: { 'fee.outTradeNo': outTradeNo },
    }));
    return answer;
  });
}

/**
 * The payment callback WeChat invokes after the user pays. The event is never trusted alone:
 * the order is confirmed with the pay service (state and amount) before anything is recorded.
 */
export async function feePaid(input: z.output<typeof FeePaidInput>, ctx: ActionContext): Promise<{ recorded: 'paid' | 'duplicate' }> {
  assert(input.returnCode === 'SUCCESS' && input.resultCode === 'SUCCESS', 'PAYMENT', '支付未成功');
  const caseId = caseIdOf(input.outTradeNo);
  const record = await findById<CaseRecord>(ctx.db, 'cases', caseId, { fee: true });
  assert(record && record.fee.outTradeNo === input.outTradeNo, 'NOT_FOUND', '未找到该缴费订单');
  const query = await cloudPay(ctx.cloud).queryOrder({ outTradeNo: input.outTradeNo, subMchId: requireConfig('MC_PAY_SUB_MCH_ID') });
  assert(query.tradeState === 'SUCCESS' && query.transactionId === input.transactionId, 'PAYMENT', '支付服务未确认该笔支付');
  assert(query.totalFee === record.fee.feeFen && input.totalFee === record.fee.feeFen, 'PAYMENT', '支付金额与缴费通知不符');
  return ctx.commit(async (tx) => ({
    recorded: await recordPayment(
      tx,
      caseId,
      { transactionId: input.transactionId, outTradeNo: input.outTradeNo, totalFee: input.totalFee, timeEnd: input.timeEnd },
      ctx.now,
      WECHAT_PAY,
    ),
  }));
}

/**
 * What WeChat Pay's callback expects back: `{ errcode: 0 }` once the payment is recorded; any
 * other answer makes it call again later.
 */
export function payCallbackReply(record: (event: Record<string, unknown>) => Promise<Envelope<unknown>>) {
  return async function main(event: Record<string, unknown>): Promise<{ errcode: number; errmsg: string }> {
    const result = await record(event);
    return result.ok ? { errcode: 0, errmsg: 'OK' } : { errcode: 1, errmsg: `${result.error.code}: ${result.error.message}` };
  };
}

/**
 * The fee is billed by the notice that comes with acceptance (诉讼费用交纳办法 第二十二条): the filer
 * of a filing still under review, or refused, is told so rather than that the case is not theirs.
 */
async function feeNotDueYet(ctx: ActionContext, filingId: string, refusal: unknown): Promise<never> {
  const filing = await findById<FilingRecord>(ctx.db, 'filings', filingId, { state: true, members: true });
  const filer = filing?.members.some((m) => m.openid === ctx.caller.openid && (m.role === 'plaintiff' || m.role === 'agent'));
  if (filing && filer && filing.state !== 'accepted') {
    throw new AppError(
      'STATE',
      filing.state === 'refused' ? '立案申请未获受理，无需缴纳诉讼费' : '立案申请尚在审查，受理后法院会发出交纳诉讼费用通知书，届时再缴费',
    );
  }
  throw refusal;
}

/**
 * 退费: when a case ends in mediation or withdrawal the fee is halved (第十五条); when a claim
 * is reduced before the end of court investigation the difference is refunded (第二十一条).
 */
export async function refundFee(input: z.output<typeof FeeRefundInput>, ctx: ActionContext): Promise<FeeRefundOutput> {
  const { record, actor } = await caseForCaller(ctx, input.caseId, ['presiding-judge', 'panel-member', 'clerk']);
  assert(record.fee.state === 'paid' && record.fee.outTradeNo, 'STATE', '本案诉讼费尚未缴纳，无需退费');
  if (input.reason === 'claim-reduced')
    assert(input.reducedAmountFen !== undefined && input.reducedAmountFen < record.amountFen, 'INVALID_INPUT', '请填写减少后的诉讼请求金额（须小于原金额）');
  const amountFen = input.reason === 'claim-reduced' ? (input.reducedAmountFen ?? record.amountFen) : record.amountFen;
  const due = caseFee(record, { amountFen, outcome: input.reason === 'claim-reduced' ? undefined : input.reason });
  const refunded = (record.fee.refunds ?? []).reduce((sum, r) => sum + r.refundFen, 0);
  const refundFen = record.fee.feeFen - refunded - due.feeFen;
  assert(refundFen > 0, 'STATE', '按现行标准计算无应退费用');
  const outRefundNo = `${record._id}R${(record.fee.refunds?.length ?? 0) + 1}`;
  assertPayOk(
    await cloudPay(ctx.cloud).refund({
      outTradeNo: record.fee.outTradeNo,
      outRefundNo,
      totalFee: record.fee.feeFen,
      refundFee: refundFen,
      subMchId: requireConfig('MC_PAY_SUB_MCH_ID'),
    }),
    '退费',
  );
  return ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert((current.fee.refunds?.length ?? 0) === (record.fee.refunds?.length ?? 0), 'CONFLICT', '退费记录已更新，请刷新后重试');
      return {
        event: { action: 'fee.refund', ...actor, data: { refundFen, reason: input.reason, outRefundNo }, requestId: input.requestId },
        update: { 'fee.refunds': ctx.db.command.push([{ outRefundNo, refundFen, reason: input.reason, at: ctx.now }]) },
      };
    });
    return { refundFen, feeFen: due.feeFen, basis: due.basis };
  });
}
