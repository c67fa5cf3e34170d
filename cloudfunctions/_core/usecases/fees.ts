import * as z from 'zod';
import { feeAccount, refundDue } from '#domain/fees';
import { chinaDate } from '#domain/time';
import {
  AppError,
  assert,
  assertPayOk,
  cloudPay,
  config,
  findById,
  knownRead,
  payNonce,
  rememberRead,
  requireConfig,
  commitBefore,
  type ActionContext,
  type Envelope,
  type Transaction,
  readWithCaller,
} from '#runtime';
import type { FeeOrderInput, FeeOrderOutput, FeePaidInput, FeePaidOutput, FeeRefundInput, FeeRefundOutput } from '#schemas/fees';
import { authorize, type Actor } from './access';
import { changeCase } from './case-change';
import type { CaseRecord, FilingRecord } from './records';

/** One out_trade_no per fee notice: the case id and the notice's number. */
export const outTradeNoOf = (caseId: string, notice = 1) => `${caseId}F${notice}`;
const caseIdOf = (outTradeNo: string) => outTradeNo.slice(0, outTradeNo.lastIndexOf('F'));
/** The callback function of both the payment and the refund (cloudPay's functionName). */
const FEE_CALLBACK = 'fee-paid';

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
  const record = knownRead<CaseRecord>(tx, 'cases', caseId, true) ?? (await findById<CaseRecord>(tx, 'cases', caseId, { fee: true }));
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
  const { record, actor } = await authorize(ctx, input.caseId, 'fee.pay').catch((error: unknown) => feeNotDueYet(ctx, input.caseId, error));
  const overdue = chinaDate(ctx.now) > record.fee.dueOn;
  const status = (state: 'unpaid' | 'paid'): FeeOrderOutput => ({
    state,
    feeFen: record.fee.feeFen,
    account: feeAccount({ ...record.fee, state }),
    dueOn: record.fee.dueOn,
    overdue: state === 'unpaid' && overdue,
  });
  if (record.fee.state === 'paid') return status('paid');

  // An answer with payment parameters follows an order on record: before the first, there is none to ask for.
  const previous = record.fee.outTradeNo ? await ctx.previousAnswer<FeeOrderOutput>() : null;
  if (previous) return previous;
  const pay = cloudPay(ctx.cloud);
  const subMchId = requireConfig('MC_PAY_SUB_MCH_ID');
  const outTradeNo = outTradeNoOf(record._id);
  if (record.fee.outTradeNo) {
    const query = await pay.queryOrder({ outTradeNo, subMchId, nonceStr: payNonce() });
    if (query.tradeState === 'SUCCESS' && query.totalFee === record.fee.feeFen && query.transactionId) {
      const payment = { transactionId: query.transactionId, outTradeNo, totalFee: query.totalFee, timeEnd: query.timeEnd };
      return ctx.commit(async (tx) => {
        await recordPayment(tx, record._id, payment, ctx.now, actor);
        return status('paid');
      });
    }
  }
  // The court records the order it is about to place before WeChat Pay hears of it: a payment
  // WeChat Pay takes always finds its case, whatever fails after the order.
  if (!record.fee.outTradeNo) await recordOrder(ctx, record._id, outTradeNo, actor, input.requestId);
  const order = assertPayOk(
    await pay.unifiedOrder({
      body: `诉讼费-${record.caseNumber}`.slice(0, 60),
      outTradeNo,
      spbillCreateIp: '127.0.0.1',
      subMchId,
      totalFee: record.fee.feeFen,
      envId: config.TCB_ENV,
      functionName: FEE_CALLBACK,
      nonceStr: payNonce(),
    }),
    '下单',
  );
  assert(order.payment, 'PAYMENT', '支付服务未返回支付参数，请稍后重试');
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = order.payment;
  const answer: FeeOrderOutput = { ...status('unpaid'), payment: { timeStamp, nonceStr, package: pkg, signType, paySign } };
  // The answer kept for this attempt's retries. Attempts of one requestId racing (ten taps at once)
  // each get payment parameters of their own; the first to commit is the answer, and the others,
  // colliding on the requestId, answer it too.
  return ctx.commit(async () => answer);
}

/** Another attempt recorded the order first (ten taps at once): this one records nothing. */
class OrderedMeanwhile extends Error {}

/** The fee notice's order number on the case, with its event, once however many attempts race. */
async function recordOrder(ctx: ActionContext, caseId: string, outTradeNo: string, actor: Actor, requestId: string): Promise<void> {
  await commitBefore(ctx, 'fee-order', { chains: ['cases'] }, (tx) =>
    changeCase(tx, caseId, ctx.now, (current) => {
      if (current.fee.outTradeNo) throw new OrderedMeanwhile();
      return {
        event: { action: 'fee.ordered', ...actor, data: { outTradeNo, feeFen: current.fee.feeFen }, requestId },
        update: { 'fee.outTradeNo': outTradeNo },
      };
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof OrderedMeanwhile)) throw error;
  });
}

/**
 * The payment callback WeChat invokes after the user pays. The event is never trusted alone:
 * the order is confirmed with the pay service (state and amount) before anything is recorded.
 */
export async function feePaid(input: z.output<typeof FeePaidInput>, ctx: ActionContext): Promise<FeePaidOutput> {
  if ('outRefundNo' in input) return refundNoticed(input, ctx);
  assert(input.returnCode === 'SUCCESS' && input.resultCode === 'SUCCESS', 'PAYMENT', '支付未成功');
  const caseId = caseIdOf(input.outTradeNo);
  // What recording the payment needs of the case: its fee, and the head and state its event chains on.
  const record = await readWithCaller<CaseRecord>(ctx, 'cases', caseId, { fee: true, chain: true, state: true });
  assert(record && record.fee.outTradeNo === input.outTradeNo, 'NOT_FOUND', '未找到该缴费订单');
  // This very payment is on record already (the party looked again before the callback came, and
  // WeChat Pay confirmed it then): acknowledged, nothing written again, so WeChat Pay stops calling.
  if (record.fee.state === 'paid' && record.fee.transactionId === input.transactionId) return { recorded: 'paid' };
  // The transaction's first attempt records the payment on this read (a change meanwhile collides in the chain, and it reads again).
  rememberRead(ctx, 'cases', record);
  const query = await cloudPay(ctx.cloud).queryOrder({ outTradeNo: input.outTradeNo, subMchId: requireConfig('MC_PAY_SUB_MCH_ID'), nonceStr: payNonce() });
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
  const filing = await readWithCaller<FilingRecord>(ctx, 'filings', filingId, { state: true, members: true });
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
 * 退费: a refund follows from an outcome on record (诉讼费用交纳办法 第十五条、第十六条、第二十一条),
 * computed by the domain from everything the case has recorded, and asked of WeChat Pay, whose
 * refund notice (to the fee's one callback) confirms it; the court refunds within 15 days of the
 * ruling taking effect (第五十三条).
 */
export async function refundFee(input: z.output<typeof FeeRefundInput>, ctx: ActionContext): Promise<FeeRefundOutput> {
  const { record, actor } = await authorize(ctx, input.caseId, 'fee.refund');
  assert(record.fee.state === 'paid' && record.fee.outTradeNo, 'STATE', '本案诉讼费尚未缴纳，无需退费');
  const previous = await ctx.previousAnswer<FeeRefundOutput>();
  if (previous) return previous;
  const refundedFen = (record.fee.refunds ?? []).filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.refundFen, 0);
  const decision = refundDue(input.reason, record, { feeFen: record.fee.feeFen, refundedFen });
  if (!decision.ok) throw new AppError('STATE', decision.reason);
  const { refundFen } = decision;
  const outRefundNo = `${record._id}R${(record.fee.refunds?.length ?? 0) + 1}`;
  assertPayOk(
    await cloudPay(ctx.cloud).refund({
      outTradeNo: record.fee.outTradeNo,
      outRefundNo,
      totalFee: record.fee.feeFen,
      refundFee: refundFen,
      subMchId: requireConfig('MC_PAY_SUB_MCH_ID'),
      nonceStr: payNonce(),
      // The refund notice goes to the fee's one callback, in this environment.
      envId: config.TCB_ENV,
      functionName: FEE_CALLBACK,
    }),
    '退费',
  );
  return ctx.commit(async (tx) => {
    await changeCase(tx, record._id, ctx.now, (current) => {
      assert((current.fee.refunds?.length ?? 0) === (record.fee.refunds?.length ?? 0), 'CONFLICT', '退费记录已更新，请刷新后重试');
      return {
        event: { action: 'fee.refund', ...actor, data: { refundFen, reason: input.reason, outRefundNo }, requestId: input.requestId },
        update: { 'fee.refunds': ctx.db.command.push([{ outRefundNo, refundFen, reason: input.reason, at: ctx.now, state: 'requested' }]) },
      };
    });
    return { refundFen, feeFen: decision.dueFen, basis: decision.basis };
  });
}

type RefundNotice = Extract<z.output<typeof FeePaidInput>, { outRefundNo: string }>;

/**
 * WeChat Pay's refund notice: marks the court's own refund request, found by its refund number
 * and amount and confirmed by queryRefund, as refunded (SUCCESS) or failed (退款关闭, or 退款异常 CHANGE, which the court
 * handles by hand). A notice repeated finds it already marked.
 */
async function refundNoticed(input: RefundNotice, ctx: ActionContext): Promise<FeePaidOutput> {
  assert(input.returnCode === 'SUCCESS', 'PAYMENT', '退款通知未成功');
  const caseId = caseIdOf(input.outTradeNo);
  const record = await readWithCaller<CaseRecord>(ctx, 'cases', caseId, { fee: true });
  const index = record?.fee.refunds?.findIndex((r) => r.outRefundNo === input.outRefundNo) ?? -1;
  const refund = record?.fee.refunds?.[index];
  assert(record && record.fee.outTradeNo === input.outTradeNo && refund, 'NOT_FOUND', '未找到该退费申请');
  assert(refund.refundFen === input.refundFee, 'PAYMENT', '退款金额与退费申请不符');
  // fee-paid is public and a refund number can be guessed: the notice counts only as WeChat Pay confirms it.
  const query = assertPayOk(
    await cloudPay(ctx.cloud).queryRefund({ outRefundNo: input.outRefundNo, subMchId: requireConfig('MC_PAY_SUB_MCH_ID'), nonceStr: payNonce() }),
    '退款查询',
  );
  const at = query.outRefundNoList?.indexOf(input.outRefundNo) ?? -1;
  assert(
    at >= 0 && query.outTradeNo === input.outTradeNo && query.refundFeeList?.[at] === input.refundFee && query.refundStatusList?.[at] === input.refundStatus,
    'PAYMENT',
    '支付服务未确认该笔退款',
  );
  const state = input.refundStatus === 'SUCCESS' ? 'refunded' : 'failed';
  const recorded = state === 'refunded' ? 'refunded' : 'refund-failed';
  if (refund.state === state) return ctx.commit(async () => ({ recorded }));
  return ctx.commit(async (tx) => {
    await changeCase(tx, caseId, ctx.now, () => ({
      event: { action: 'fee.refunded', ...WECHAT_PAY, data: { outRefundNo: input.outRefundNo, refundFen: input.refundFee, refundStatus: input.refundStatus } },
      update: { [`fee.refunds.${index}.state`]: state, [`fee.refunds.${index}.settledAt`]: ctx.now },
    }));
    return { recorded };
  });
}
