import { randomBytes, createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type Database from 'better-sqlite3';
import { ProtocolError } from './errors';

export interface OutboxMessage {
  api: string;
  touser?: string;
  templateId?: string;
  page?: string;
  data?: unknown;
  at: string;
}

/** Words the local content check refuses; WeChat's real list is larger and secret. */
export const RISKY_WORDS = ['赌博', '毒品', '枪支弹药', '代开发票', '洗钱', '办假证'];

interface Order {
  outTradeNo: string;
  totalFee: number;
  body: string;
  functionName: string;
  subMchId: string;
  openid: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId: string | null;
  timeEnd: string | null;
  refunded: number;
  /** Refunds by out_refund_no: the same number again answers the same refund. */
  refunds?: Record<string, { refundId: string; refundFee: number }>;
  createdAt: number;
}

interface FaceToken {
  openid: string;
  name: string;
  idNumber: string;
  createdAt: number;
}

/**
 * The WeChat side: open APIs (subscribe messages into an outbox, content check, mini-program
 * codes), WeChat Pay through cloudPay (orders kept in the emulator's SQLite), and the
 * face-verification result API with test identities.
 */
export class WeChatService {
  readonly outbox: OutboxMessage[] = [];
  private readonly faceTokens = new Map<string, FaceToken>();

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS mc_pay_orders (out_trade_no TEXT PRIMARY KEY, body TEXT NOT NULL)`);
  }

  reset(): void {
    this.outbox.length = 0;
    this.faceTokens.clear();
    this.db.exec('DELETE FROM mc_pay_orders');
  }

  async openApi(apiName: string, params: Record<string, unknown>): Promise<{ contentType: string; body: Buffer }> {
    const json = (value: unknown) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });
    switch (apiName) {
      case 'subscribeMessage.send': {
        if (typeof params.touser !== 'string' || typeof params.template_id !== 'string') {
          return json({ errcode: 47003, errmsg: 'argument invalid! touser and template_id are required' });
        }
        this.outbox.push({ api: apiName, touser: params.touser, templateId: params.template_id, page: params.page as string | undefined, data: params.data, at: new Date().toISOString() });
        return json({ errcode: 0, errmsg: 'ok' });
      }
      case 'security.msgSecCheck': {
        const content = String(params.content ?? '');
        const hit = RISKY_WORDS.find((word) => content.includes(word));
        if (Number(params.version) === 2) {
          return json({
            errcode: 0,
            errmsg: 'ok',
            result: { suggest: hit ? 'risky' : 'pass', label: hit ? 20001 : 100 },
            detail: [{ strategy: 'content_model', errcode: 0, suggest: hit ? 'risky' : 'pass', label: hit ? 20001 : 100, keyword: hit ?? '', prob: hit ? 90 : 0 }],
            trace_id: randomBytes(8).toString('hex'),
          });
        }
        return json(hit ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' });
      }
      case 'wxacode.getUnlimited': {
        const scene = String(params.scene ?? '');
        if (scene === '' || scene.length > 32) return json({ errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' });
        const page = typeof params.page === 'string' ? params.page : '';
        const png = await QRCode.toBuffer(`https://mp.weixin.qq.com/a/${page}?scene=${encodeURIComponent(scene)}`, { type: 'png', width: Number(params.width ?? 430), margin: 2 });
        return { contentType: 'image/png', body: png };
      }
      default:
        return json({ errcode: 40001, errmsg: `api ${apiName} is not provided by the local emulator` });
    }
  }

  // --- WeChat Pay ---------------------------------------------------------------------------

  private order(outTradeNo: string): Order | null {
    const row = this.db.prepare('SELECT body FROM mc_pay_orders WHERE out_trade_no = ?').get(outTradeNo) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Order) : null;
  }

  private save(order: Order): void {
    this.db.prepare('INSERT OR REPLACE INTO mc_pay_orders (out_trade_no, body) VALUES (?, ?)').run(order.outTradeNo, JSON.stringify(order));
  }

  payApi(apiName: string, params: Record<string, unknown>, openid: string): Record<string, unknown> {
    const ok = { return_code: 'SUCCESS', return_msg: 'OK', nonce_str: randomBytes(8).toString('hex') };
    const fail = (code: string, des: string) => ({ ...ok, result_code: 'FAIL', err_code: code, err_code_des: des });
    const outTradeNo = String(params.out_trade_no ?? '');
    switch (apiName) {
      case 'unifiedOrder': {
        const totalFee = Number(params.total_fee);
        if (!/^[A-Za-z0-9_\-|*]{1,32}$/.test(outTradeNo)) return fail('PARAM_ERROR', 'out_trade_no 格式错误');
        if (!Number.isInteger(totalFee) || totalFee <= 0) return fail('PARAM_ERROR', 'total_fee 须为正整数（分）');
        if (typeof params.function_name !== 'string' || params.function_name === '') return fail('PARAM_ERROR', '缺少 function_name');
        const existing = this.order(outTradeNo);
        if (existing) {
          if (existing.state === 'SUCCESS') return fail('ORDERPAID', '该订单已支付');
          if (existing.totalFee !== totalFee) return fail('INVALID_REQUEST', '201 商户订单号重复');
        }
        const order: Order = existing ?? {
          outTradeNo,
          totalFee,
          body: String(params.body ?? ''),
          functionName: params.function_name,
          subMchId: String(params.sub_mch_id ?? ''),
          openid,
          state: 'NOTPAY',
          transactionId: null,
          timeEnd: null,
          refunded: 0,
          createdAt: Date.now(),
        };
        this.save(order);
        const prepayId = `wx${createHash('sha256').update(outTradeNo).digest('hex').slice(0, 30)}`;
        const nonceStr = randomBytes(8).toString('hex');
        const timeStamp = String(Math.floor(Date.now() / 1000));
        return {
          ...ok,
          result_code: 'SUCCESS',
          trade_type: 'JSAPI',
          prepay_id: prepayId,
          sub_mch_id: order.subMchId,
          payment: {
            appId: 'wx-local',
            timeStamp,
            nonceStr,
            package: `prepay_id=${prepayId}`,
            signType: 'MD5',
            paySign: createHash('md5').update(`${prepayId}${nonceStr}${timeStamp}`).digest('hex').toUpperCase(),
          },
        };
      }
      case 'queryOrder': {
        const order = this.order(outTradeNo);
        if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
        return {
          ...ok,
          result_code: 'SUCCESS',
          out_trade_no: order.outTradeNo,
          trade_state: order.state,
          total_fee: order.totalFee,
          transaction_id: order.transactionId ?? '',
          time_end: order.timeEnd ?? '',
        };
      }
      case 'closeOrder': {
        const order = this.order(outTradeNo);
        if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
        if (order.state === 'SUCCESS') return fail('ORDERPAID', '订单已支付，不能发起关单');
        this.save({ ...order, state: 'CLOSED' });
        return { ...ok, result_code: 'SUCCESS' };
      }
      case 'refund': {
        const order = this.order(outTradeNo);
        if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
        const refundFee = Number(params.refund_fee);
        const outRefundNo = String(params.out_refund_no ?? '');
        const done = order.refunds?.[outRefundNo];
        if (done) return { ...ok, result_code: 'SUCCESS', out_trade_no: outTradeNo, out_refund_no: outRefundNo, refund_id: done.refundId, refund_fee: done.refundFee, total_fee: order.totalFee };
        if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return fail('TRADE_STATE_ERROR', '订单状态错误');
        if (outRefundNo === '') return fail('PARAM_ERROR', '缺少 out_refund_no');
        if (!Number.isInteger(refundFee) || refundFee <= 0 || order.refunded + refundFee > order.totalFee) return fail('INVALID_REQUEST', '退款金额大于支付金额');
        const refundId = `50${randomBytes(10).toString('hex')}`;
        this.save({ ...order, state: 'REFUND', refunded: order.refunded + refundFee, refunds: { ...order.refunds, [outRefundNo]: { refundId, refundFee } } });
        return { ...ok, result_code: 'SUCCESS', out_trade_no: outTradeNo, out_refund_no: outRefundNo, refund_id: refundId, refund_fee: refundFee, total_fee: order.totalFee };
      }
      default:
        throw new ProtocolError('INVALID_PARAM', `cloudPay.${apiName} is not provided by the local emulator`);
    }
  }

  /** The order behind a prepay id, as wx.requestPayment on the phone knows only that. */
  orderNoOfPrepay(prepayId: string): string | null {
    for (const row of this.db.prepare('SELECT out_trade_no FROM mc_pay_orders').all() as { out_trade_no: string }[]) {
      if (`wx${createHash('sha256').update(row.out_trade_no).digest('hex').slice(0, 30)}` === prepayId) return row.out_trade_no;
    }
    return null;
  }

  /** The user pays: returns the callback to invoke (WeChat's payment-result event), or why not. */
  pay(outTradeNo: string, now: Date): { functionName: string; openid: string; event: Record<string, unknown> } | { error: string } {
    const order = this.order(outTradeNo);
    if (!order) return { error: `no order ${outTradeNo}` };
    if (order.state === 'CLOSED') return { error: `order ${outTradeNo} is closed` };
    const paid: Order =
      order.state === 'SUCCESS'
        ? order
        : { ...order, state: 'SUCCESS', transactionId: `42${Date.now()}${randomBytes(4).toString('hex')}`, timeEnd: formatTimeEnd(now) };
    this.save(paid);
    return {
      functionName: paid.functionName,
      openid: paid.openid,
      event: {
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        appid: 'wx-local',
        mchId: '1800000000',
        subMchId: paid.subMchId,
        nonceStr: randomBytes(8).toString('hex'),
        openid: paid.openid,
        subOpenid: paid.openid,
        isSubscribe: 'N',
        tradeType: 'JSAPI',
        bankType: 'OTHERS',
        totalFee: paid.totalFee,
        cashFee: paid.totalFee,
        feeType: 'CNY',
        transactionId: paid.transactionId,
        outTradeNo: paid.outTradeNo,
        timeEnd: paid.timeEnd,
      },
    };
  }

  // --- face verification ---------------------------------------------------------------------

  /** What wx.startFacialRecognitionVerify gives the phone: a verify_result token for this person. */
  issueFaceToken(identity: { openid: string; name: string; idNumber: string }): string {
    const token = randomBytes(16).toString('hex');
    this.faceTokens.set(token, { ...identity, createdAt: Date.now() });
    return token;
  }

  /** POST /cityservice/face/identify/getinfo, as WeChat answers it. */
  faceResult(verifyResult: string): Record<string, unknown> {
    const token = this.faceTokens.get(verifyResult);
    if (!token || Date.now() - token.createdAt > 30 * 60 * 1000) return { errcode: 84001, errmsg: 'invalid identify id' };
    const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
    const seconds = Math.floor(token.createdAt / 1000);
    return {
      errcode: 0,
      errmsg: 'ok',
      identify_ret: 0,
      identify_time: seconds,
      validate_data: '',
      openid: token.openid,
      user_id_key: '',
      finish_time: seconds,
      id_card_number_md5: md5(token.idNumber.toUpperCase()),
      name_utf8_md5: md5(token.name),
    };
  }
}

function formatTimeEnd(date: Date): string {
  // yyyyMMddHHmmss in China time, as WeChat Pay writes it.
  const cn = new Date(date.getTime() + 8 * 3600 * 1000).toISOString();
  return cn.slice(0, 19).replace(/[-T:]/g, '');
}
