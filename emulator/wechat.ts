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

/** WeChat's JSON answer to a refused open-API call. */
export interface OpenApiError {
  errcode: number;
  errmsg: string;
}

/** The open APIs this emulator serves (the README lists them); any other answers NOT_PROVIDED. */
export const PROVIDED_OPEN_APIS = ['subscribeMessage.send', 'security.msgSecCheck', 'wxacode.getUnlimited'] as const;
/** The emulator's own errcode for an open API it does not serve: not one WeChat answers. */
export const NOT_PROVIDED = -604404;

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/*
 * Subscribe-message values, by the type a template key's name starts with (thing1 → thing,
 * character_string2 → character_string): 订阅消息参数值内容限制说明, in
 * developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_sendmessage
 * (注意事项), with the notes of the category template messages on what a symbol, a time and a
 * date are (developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html):
 * "符号表示除中文、英文、数字外的常见符号，不能带有换行等控制字符。时间格式支持HH:MM:SS或者HH:MM。
 * 日期包含年月日，为y年m月d日，y年m月、m月d日格式，或者用‘-’、‘/’、‘.’符号连接，如2018-01-01，
 * 2018/01/01，2018.01.01，2018-01，01-01。"
 */
const HAN = /^\p{Script=Han}$/u;
const LETTER = /^[A-Za-z]$/;
const DIGIT = /^[0-9]$/;
/** A common symbol: punctuation or a symbol character, never a control character or a space. */
const SYMBOL = /^[\p{P}\p{S}]$/u;
const chars = (value: string): string[] => [...value];
const every = (value: string, ...kinds: RegExp[]): boolean => chars(value).every((c) => kinds.some((kind) => kind.test(c)));

const MONTH = '(?:0?[1-9]|1[0-2])';
const DAY = '(?:0?[1-9]|[12][0-9]|3[01])';
const DAY_FORMS = [
  `\\d{4}年${MONTH}月${DAY}日`,
  `\\d{4}年${MONTH}月`,
  `${MONTH}月${DAY}日`,
  ...['-', '/', '\\.'].map((sep) => `\\d{4}${sep}${MONTH}${sep}${DAY}`),
  `\\d{4}-${MONTH}`,
  `${MONTH}-${DAY}`,
];
const CALENDAR_DAY = `(?:${DAY_FORMS.join('|')})`;
const CLOCK = '(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?';
/** time.DATA: "24小时制时间格式（支持+年月日），支持填时间段，两个时间点之间用“~”符号连接" (15:01, 2019年10月1日 15:01). */
const TIME_POINT = `(?:${CALENDAR_DAY} )?${CLOCK}`;
const TIME = new RegExp(`^${TIME_POINT}(?:~${TIME_POINT})?$`);
/** date.DATA: "年月日格式（支持+24小时制时间），支持填时间段" (2019年10月1日, 2019年10月1日 15:01). */
const DATE_POINT = `${CALENDAR_DAY}(?: ${CLOCK})?`;
const DATE = new RegExp(`^${DATE_POINT}(?:~${DATE_POINT})?$`);
/** amount.DATA: "1个币种符号+10位以内纯数字，可带小数，结尾可带“元”" (¥100.00, 100元); the 10 digits count the decimals too. */
const AMOUNT = /^\p{Sc}?([0-9]+)(?:\.([0-9]+))?元?$/u;

const VALUE_RULES: Record<string, (value: string) => boolean> = {
  // 20个以内字符，可汉字、数字、字母或符号组合
  thing: (v) => chars(v).length <= 20 && every(v, /^[\p{L}\p{N}]$/u, SYMBOL, / /),
  // 32位以内数字，只能数字，可带小数
  number: (v) => v.length <= 32 && /^[0-9]+(?:\.[0-9]+)?$/.test(v),
  // 32位以内字母，只能字母
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  // 5位以内符号，只能符号
  symbol: (v) => chars(v).length <= 5 && every(v, SYMBOL),
  // 32位以内数字、字母或符号: printable ASCII, so a case number with 粤 or 民初 is refused
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  time: (v) => TIME.test(v),
  date: (v) => DATE.test(v),
  amount: (v) => {
    const match = AMOUNT.exec(v);
    return match !== null && (match[1] ?? '').length + (match[2] ?? '').length <= 10;
  },
  // 17位以内，数字、符号 (+86-0766-66888866)
  phone_number: (v) => chars(v).length <= 17 && every(v, DIGIT, SYMBOL) && /[0-9]/.test(v),
  // 8位以内，第一位与最后一位可为汉字，其余为字母或数字 (粤A8Z888挂)
  car_number: (v) => {
    const cs = chars(v);
    return cs.length <= 8 && cs.every((c, i) => LETTER.test(c) || DIGIT.test(c) || ((i === 0 || i === cs.length - 1) && HAN.test(c)));
  },
  // 10个以内纯汉字或20个以内纯字母或符号；中文和字母混合按中文名算，10个字内
  name: (v) => (chars(v).some((c) => HAN.test(c)) ? chars(v).length <= 10 && every(v, HAN, LETTER, SYMBOL) : chars(v).length <= 20 && every(v, LETTER, SYMBOL)),
  // 5个以内纯汉字 (配送中)
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
};

/**
 * Whether WeChat takes `value` for the template key `key`. A type the documentation does not
 * list (enum, whose values only the template knows, short_thing, const) is taken as it is.
 */
export function subscribeValueAllowed(key: string, value: string): boolean {
  const rule = VALUE_RULES[key.replace(/[0-9]+$/, '')];
  return rule ? rule(value) : true;
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
  refunds?: Record<
    string,
    { refundId: string; refundFee: number; envId?: string; functionName?: string; status?: 'PROCESSING' | 'SUCCESS' | 'REFUNDCLOSE' | 'CHANGE' }
  >;
  createdAt: number;
}

/** A face-check session opened by getVerifyId, and what the phone's wx.requestFacialVerify did with it. */
interface FaceSession {
  verifyId: string;
  outSeqNo: string;
  certInfo: { cert_type: string; cert_name: string; cert_no: string };
  openid: string;
  expiresAt: number;
  /** verify_ret once the phone has run the check. */
  verifyRet?: number;
}

/** The mini-program this WeChat serves: its AppID and AppSecret, for getStableAccessToken. */
export interface MiniProgramApp {
  appid: string;
  secret: string;
}

/** verify_id lives this long (getVerifyId: "expires_in … 默认值3600"); an access_token 7200 s. */
const VERIFY_ID_SECONDS = 3600;
const ACCESS_TOKEN_SECONDS = 7200;

/**
 * The WeChat side: open APIs (subscribe messages into an outbox, content check, mini-program
 * codes), WeChat Pay through cloudPay (orders kept in the emulator's SQLite), the stable
 * access_token, and face verification 2.0 (getVerifyId, the phone's check, queryVerifyInfo).
 */
export class WeChatService {
  readonly outbox: OutboxMessage[] = [];
  private readonly faceSessions = new Map<string, FaceSession>();
  /** `refused`: WeChat no longer takes it, though normal-mode stable_token still answers it until forced or expired. */
  private accessToken: { value: string; expiresAt: number; refused?: boolean } | null = null;

  /**
   * @param pages the mini-program's pages, from app.json (`miniprogramPages(root)`): the only pages a notice or a code may open.
   * @param app the mini-program's credentials; @param now the emulator's clock (ms), by which tokens and sessions expire.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly pages: readonly string[],
    private readonly app: MiniProgramApp = { appid: 'wx0000000000000000', secret: 'local-app-secret' },
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS mc_pay_orders (out_trade_no TEXT PRIMARY KEY, body TEXT NOT NULL)`);
  }

  reset(): void {
    this.outbox.length = 0;
    this.faceSessions.clear();
    this.accessToken = null;
    this.db.exec('DELETE FROM mc_pay_orders');
  }

  async openApi(apiName: string, params: Record<string, unknown>): Promise<{ contentType: string; body: Buffer }> {
    const json = (value: unknown) => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });
    switch (apiName) {
      case 'subscribeMessage.send': {
        const refused = this.refuseSubscribeMessage(params);
        if (refused) return json(refused);
        this.outbox.push({
          api: apiName,
          touser: params.touser as string,
          templateId: params.template_id as string,
          page: params.page as string | undefined,
          data: params.data,
          at: new Date().toISOString(),
        });
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
            detail: [
              { strategy: 'content_model', errcode: 0, suggest: hit ? 'risky' : 'pass', label: hit ? 20001 : 100, keyword: hit ?? '', prob: hit ? 90 : 0 },
            ],
            trace_id: randomBytes(8).toString('hex'),
          });
        }
        return json(hit ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' });
      }
      case 'wxacode.getUnlimited': {
        const refused = this.refuseUnlimitedCode(params);
        if (refused) return json(refused);
        const page = typeof params.page === 'string' && params.page !== '' ? params.page : (this.pages[0] ?? '');
        const scene = params.scene as string;
        const png = await QRCode.toBuffer(`https://mp.weixin.qq.com/a/${page}?scene=${encodeURIComponent(scene)}`, {
          type: 'png',
          width: Number(params.width ?? 430),
          margin: 2,
        });
        return { contentType: 'image/png', body: png };
      }
      default:
        // Not 40001, WeChat's "invalid credential", which reads like an authentication failure:
        // the emulator's own code (no WeChat API answers it), with the APIs it does serve named.
        return json({ errcode: NOT_PROVIDED, errmsg: `api ${apiName} is not provided by the local emulator (provided: ${PROVIDED_OPEN_APIS.join(', ')})` });
    }
  }

  /**
   * What WeChat refuses in subscribeMessage.send, in the order of its error table
   * (developers.weixin.qq.com/miniprogram/dev/server/API/mp-message-management/subscribe-message/api_sendmessage):
   * 40003 touser, 40037 template id, 41030 page, 47003 a template value. Null: accepted.
   */
  refuseSubscribeMessage(params: Record<string, unknown>): OpenApiError | null {
    if (typeof params.touser !== 'string' || params.touser === '') return { errcode: 40003, errmsg: 'invalid openid' };
    // Any non-empty id is accepted: court IT sets the real ones per mini-program.
    if (typeof params.template_id !== 'string' || params.template_id === '') return { errcode: 40037, errmsg: 'invalid template_id' };
    // "该字段不填则模板无跳转": no page (or an empty one) is a notice without a link.
    if (params.page !== undefined && params.page !== '') {
      // 41030 "page 路径不正确，需要保证在现网版本小程序中存在，与 app.json 保持一致": the path before
      // the query ("支持带参数，示例 index?foo=bar") is compared as app.json writes it, so a
      // leading "/" is refused (app.json has none; WeChat's template messages refused it too).
      if (typeof params.page !== 'string' || !this.pages.includes(params.page.split('?')[0] ?? '')) return { errcode: 41030, errmsg: 'invalid page' };
    }
    if (typeof params.data !== 'object' || params.data === null || Array.isArray(params.data))
      return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
    for (const [key, entry] of Object.entries(params.data)) {
      const value: unknown = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
      // WeChat's messages: "argument invalid! data.thing1.value is empty" / "... data.thing18.value invalid".
      if (value === undefined || value === null || value === '') return { errcode: 47003, errmsg: `argument invalid! data.${key}.value is empty` };
      if (typeof value !== 'string' || !subscribeValueAllowed(key, value)) return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid` };
    }
    return null;
  }

  /**
   * What WeChat refuses in wxacode.getUnlimited
   * (developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode):
   * the scene, then the page. Null: accepted.
   */
  refuseUnlimitedCode(params: Record<string, unknown>): OpenApiError | null {
    // scene: "最大32个可见字符，只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~". WeChat
    // answers an empty, long or malformed scene with 40169 (its wording below).
    if (typeof params.scene !== 'string' || !SCENE.test(params.scene))
      return { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' };
    if (params.page === undefined || params.page === '') return null; // "如果不填写这个字段，默认跳主页面"
    // page: "根路径前不要填加 /，不能携带参数（参数请放在scene字段里）" — refused (41030) even with
    // check_path false, which lifts only the check that the page exists: "为 false 时允许小程序未发布或者 page 不存在".
    if (typeof params.page !== 'string' || params.page.startsWith('/') || params.page.includes('?')) return { errcode: 41030, errmsg: 'invalid page' };
    // check_path: "默认是true，检查page 是否存在，为 true 时 page 必须是已经发布的小程序存在的页面（否则报错）".
    if (params.check_path !== false && !this.pages.includes(params.page)) return { errcode: 41030, errmsg: 'invalid page' };
    return null;
  }

  // --- WeChat Pay ---------------------------------------------------------------------------

  private order(outTradeNo: string): Order | null {
    const row = this.db.prepare('SELECT body FROM mc_pay_orders WHERE out_trade_no = ?').get(outTradeNo) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Order) : null;
  }

  private orders(): Order[] {
    return (this.db.prepare('SELECT body FROM mc_pay_orders').all() as { body: string }[]).map((row) => JSON.parse(row.body) as Order);
  }

  private save(order: Order): void {
    this.db.prepare('INSERT OR REPLACE INTO mc_pay_orders (out_trade_no, body) VALUES (?, ?)').run(order.outTradeNo, JSON.stringify(order));
  }

  payApi(apiName: string, params: Record<string, unknown>, openid: string): Record<string, unknown> {
    const ok = { return_code: 'SUCCESS', return_msg: 'OK', nonce_str: randomBytes(8).toString('hex') };
    const fail = (code: string, des: string) => ({ ...ok, result_code: 'FAIL', err_code: code, err_code_des: des });
    const outTradeNo = String(params.out_trade_no ?? '');
    // nonce_str "随机字符串，不长于32位" is 必填 on unifiedOrder, queryOrder, refund and queryRefund (CloudPay.* 参数说明).
    if (
      ['unifiedOrder', 'queryOrder', 'refund', 'queryRefund'].includes(apiName) &&
      (typeof params.nonce_str !== 'string' || !/^.{1,32}$/.test(params.nonce_str))
    )
      return fail('PARAM_ERROR', '缺少 nonce_str 或其长度超过32位');
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
        if (done)
          return {
            ...ok,
            result_code: 'SUCCESS',
            out_trade_no: outTradeNo,
            out_refund_no: outRefundNo,
            refund_id: done.refundId,
            refund_fee: done.refundFee,
            total_fee: order.totalFee,
          };
        if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return fail('TRADE_STATE_ERROR', '订单状态错误');
        if (outRefundNo === '') return fail('PARAM_ERROR', '缺少 out_refund_no');
        // envId and functionName (必填): the function that receives the refund-result notice.
        if (typeof params.env_id !== 'string' || params.env_id === '') return fail('PARAM_ERROR', '缺少 envId');
        if (typeof params.function_name !== 'string' || params.function_name === '') return fail('PARAM_ERROR', '缺少 functionName');
        if (!Number.isInteger(refundFee) || refundFee <= 0 || order.refunded + refundFee > order.totalFee)
          return fail('INVALID_REQUEST', '退款金额大于支付金额');
        const refundId = `50${randomBytes(10).toString('hex')}`;
        this.save({
          ...order,
          state: 'REFUND',
          refunded: order.refunded + refundFee,
          refunds: { ...order.refunds, [outRefundNo]: { refundId, refundFee, envId: params.env_id, functionName: params.function_name, status: 'PROCESSING' } },
        });
        return {
          ...ok,
          result_code: 'SUCCESS',
          out_trade_no: outTradeNo,
          out_refund_no: outRefundNo,
          refund_id: refundId,
          refund_fee: refundFee,
          total_fee: order.totalFee,
        };
      }
      case 'queryRefund': {
        // CloudPay.queryRefund: sub_mch_id 必填; one of refund_id, out_refund_no, transaction_id, out_trade_no (in that priority).
        if (typeof params.sub_mch_id !== 'string' || params.sub_mch_id === '') return fail('PARAM_ERROR', '受理机构必须传入sub_mch_id');
        const byRefund = (match: (refund: { refundId: string }, no: string) => boolean) =>
          this.orders().find((o) => Object.entries(o.refunds ?? {}).some(([no, r]) => match(r, no)));
        const refundId = typeof params.refund_id === 'string' ? params.refund_id : '';
        const refundNo = typeof params.out_refund_no === 'string' ? params.out_refund_no : '';
        const transactionId = typeof params.transaction_id === 'string' ? params.transaction_id : '';
        if (!refundId && !refundNo && !transactionId && !outTradeNo)
          return fail('PARAM_ERROR', 'refund_id、out_refund_no、transaction_id、out_trade_no 须填一个');
        const order = refundId
          ? byRefund((r) => r.refundId === refundId)
          : refundNo
            ? byRefund((_, no) => no === refundNo)
            : transactionId
              ? this.orders().find((o) => o.transactionId === transactionId)
              : this.order(outTradeNo);
        const refunds = Object.entries(order?.refunds ?? {}).filter(([no, r]) => (refundId ? r.refundId === refundId : refundNo ? no === refundNo : true));
        if (!order || refunds.length === 0) return fail('REFUNDNOTEXIST', '退款订单查询失败');
        return {
          ...ok,
          result_code: 'SUCCESS',
          out_trade_no: order.outTradeNo,
          transaction_id: order.transactionId ?? '',
          total_fee: order.totalFee,
          refund_count: refunds.length,
          out_refund_no_list: refunds.map(([no]) => no),
          refund_id_list: refunds.map(([, r]) => r.refundId),
          refund_fee_list: refunds.map(([, r]) => r.refundFee),
          refund_status_list: refunds.map(([, r]) => r.status ?? 'PROCESSING'),
        };
      }
      default:
        throw new ProtocolError('INVALID_PARAM', `cloudPay.${apiName} is not provided by the local emulator`);
    }
  }

  /**
   * WeChat Pay finishes a refund: the refund-result notice (退款结果通知: its fields, req_info
   * decrypted, camelCased) for the function and environment the refund named, or why not.
   */
  completeRefund(outRefundNo: string, now: Date): { envId: string; functionName: string; event: Record<string, unknown> } | { error: string } {
    for (const order of this.orders()) {
      const refund = order.refunds?.[outRefundNo];
      if (!refund) continue;
      if (!refund.envId || !refund.functionName) return { error: `refund ${outRefundNo} named no callback` };
      // What queryRefund answers from now on.
      this.save({ ...order, refunds: { ...order.refunds, [outRefundNo]: { ...refund, status: 'SUCCESS' } } });
      const cn = new Date(now.getTime() + 8 * 3600 * 1000).toISOString();
      return {
        envId: refund.envId,
        functionName: refund.functionName,
        event: {
          returnCode: 'SUCCESS',
          appid: this.app.appid,
          mchId: '1800000000',
          subMchId: order.subMchId,
          nonceStr: randomBytes(8).toString('hex'),
          transactionId: order.transactionId,
          outTradeNo: order.outTradeNo,
          refundId: refund.refundId,
          outRefundNo,
          totalFee: order.totalFee,
          refundFee: refund.refundFee,
          settlementRefundFee: refund.refundFee,
          refundStatus: 'SUCCESS',
          successTime: `${cn.slice(0, 10)} ${cn.slice(11, 19)}`,
          refundRecvAccout: '支付用户零钱',
          refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS',
          refundRequestSource: 'API',
        },
      };
    }
    return { error: `no refund ${outRefundNo}` };
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

  // --- access token ---------------------------------------------------------------------------

  /**
   * POST /cgi-bin/stable_token (getStableAccessToken). Normal mode answers the token in force
   * while it is valid; force_refresh replaces it, and the old one stops working.
   */
  stableToken(body: Record<string, unknown>): Record<string, unknown> {
    if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    if (body.appid !== this.app.appid) return { errcode: 40013, errmsg: 'invalid appid' };
    if (body.secret !== this.app.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const now = this.now();
    if (!this.accessToken || this.accessToken.expiresAt <= now || body.force_refresh === true) {
      this.accessToken = { value: randomBytes(24).toString('hex'), expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 };
    }
    return { access_token: this.accessToken.value, expires_in: Math.floor((this.accessToken.expiresAt - now) / 1000) };
  }

  /**
   * WeChat stops taking the token in force (40001) while it is unexpired, so normal-mode
   * stable_token still answers it: only force_refresh gets a working one.
   */
  refuseCurrentToken(): boolean {
    if (!this.accessToken) return false;
    this.accessToken = { ...this.accessToken, refused: true };
    return true;
  }

  /** Why WeChat refuses the access_token of a call, or null when it takes it. */
  refuseAccessToken(token: string | null): OpenApiError | null {
    if (!token || !this.accessToken || token !== this.accessToken.value || this.accessToken.refused)
      return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (this.accessToken.expiresAt <= this.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  }

  // --- face verification 2.0 ------------------------------------------------------------------

  /** POST /cityservice/face/identify/getverifyid: a session for this person and this account. */
  getVerifyId(body: Record<string, unknown>): Record<string, unknown> {
    const outSeqNo = body.out_seq_no;
    // "要求5-32个字符内，只能包含数字、大小写字母和_-字符，且在同一个appid下唯一"
    if (typeof outSeqNo !== 'string' || !/^[0-9A-Za-z_-]{5,32}$/.test(outSeqNo)) return { errcode: 40097, errmsg: 'invalid args: out_seq_no' };
    if ([...this.faceSessions.values()].some((s) => s.outSeqNo === outSeqNo)) return { errcode: 40097, errmsg: 'invalid args: out_seq_no is not unique' };
    const cert = body.cert_info as Record<string, unknown> | undefined;
    if (typeof cert !== 'object' || cert === null) return { errcode: 40097, errmsg: 'invalid args: cert_info' };
    // "证件类型，身份证填 IDENTITY_CARD"
    if (cert.cert_type !== 'IDENTITY_CARD') return { errcode: 40097, errmsg: 'invalid args: cert_info.cert_type' };
    if (typeof cert.cert_name !== 'string' || cert.cert_name === '') return { errcode: 40097, errmsg: 'invalid args: cert_info.cert_name' };
    if (typeof cert.cert_no !== 'string' || cert.cert_no === '') return { errcode: 40097, errmsg: 'invalid args: cert_info.cert_no' };
    if (typeof body.openid !== 'string' || body.openid === '') return { errcode: 40003, errmsg: 'invalid openid' };
    const verifyId = randomBytes(24).toString('base64url');
    this.faceSessions.set(verifyId, {
      verifyId,
      outSeqNo,
      certInfo: { cert_type: cert.cert_type, cert_name: cert.cert_name, cert_no: cert.cert_no },
      openid: body.openid,
      expiresAt: this.now() + VERIFY_ID_SECONDS * 1000,
    });
    return { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: VERIFY_ID_SECONDS };
  }

  /**
   * What wx.requestFacialVerify({ verifyId }) does on the phone of `openid`: the check runs only
   * on the account the session was opened for, before it expires. `verifyRet` is how it ends
   * (10000 识别成功; 90002 用户取消 ...). Answers the JS API's errMsg.
   */
  requestFacialVerify(verifyId: string, openid: string, verifyRet = 10000): { ok: boolean; errMsg: string } {
    const session = this.faceSessions.get(verifyId);
    if (!session || session.expiresAt <= this.now()) return { ok: false, errMsg: 'requestFacialVerify:fail invalid verifyId' };
    // "用于生成 verify_id 的 openid 用户身份标识一定要和前端调用 wx.requestFacialVerify 接口进行人脸核身时的用户身份保持一致"
    if (session.openid !== openid) return { ok: false, errMsg: 'requestFacialVerify:fail user mismatch' };
    session.verifyRet = verifyRet;
    return { ok: verifyRet === 10000, errMsg: verifyRet === 10000 ? 'requestFacialVerify:ok' : `requestFacialVerify:fail ${verifyRet}` };
  }

  /**
   * POST /cityservice/face/identify/queryverifyinfo. WeChat checks out_seq_no, cert_hash and
   * openid against the session and answers a mismatch with an errcode, not a verify_ret
   * ("微信后台校验cert_info、openid，不一致则返回对应的errcode而不是verify_ret"). The errcodes
   * for a mismatch are not listed in the documentation; these are the emulator's.
   */
  queryVerifyInfo(body: Record<string, unknown>): Record<string, unknown> {
    const session = typeof body.verify_id === 'string' ? this.faceSessions.get(body.verify_id) : undefined;
    if (!session) return { errcode: 40097, errmsg: 'invalid args: verify_id not found' };
    if (session.expiresAt <= this.now()) return { errcode: 40097, errmsg: 'invalid args: verify_id expired' };
    if (body.out_seq_no !== session.outSeqNo) return { errcode: 40097, errmsg: 'invalid args: out_seq_no mismatch' };
    if (body.openid !== session.openid) return { errcode: 40003, errmsg: 'invalid openid: not the openid of the verify_id' };
    if (body.cert_hash !== certHashOf(session.certInfo)) return { errcode: 40097, errmsg: 'invalid args: cert_hash mismatch' };
    // Not run on the phone yet: no result to give.
    if (session.verifyRet === undefined) return { errcode: 40097, errmsg: 'invalid args: facial verify not done' };
    return { errcode: 0, errmsg: 'ok', verify_ret: session.verifyRet };
  }
}

/** cert_hash as queryVerifyInfo's 注意事项 compute it: base64 of each field, joined, SHA-256 hex. */
function certHashOf(cert: { cert_type: string; cert_name: string; cert_no: string }): string {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return createHash('sha256')
    .update(`cert_type=${b64(cert.cert_type)}&cert_name=${b64(cert.cert_name)}&cert_no=${b64(cert.cert_no)}`)
    .digest('hex');
}

function formatTimeEnd(date: Date): string {
  // yyyyMMddHHmmss in China time, as WeChat Pay writes it.
  const cn = new Date(date.getTime() + 8 * 3600 * 1000).toISOString();
  return cn.slice(0, 19).replace(/[-T:]/g, '');
}
