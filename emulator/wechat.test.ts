import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { miniprogramPages } from './project';
import { subscribeValueAllowed, WeChatService } from './wechat';

const PAGES = ['pages/index/index', 'litigation/case/case', 'litigation/inbox/inbox'];

function service(): WeChatService {
  return new WeChatService(new Database(':memory:'), PAGES);
}

/** The reply's JSON, as the SDK would read it. */
async function answer(wechat: WeChatService, apiName: string, params: Record<string, unknown>): Promise<{ errcode?: number; errmsg?: string }> {
  const reply = await wechat.openApi(apiName, params);
  return reply.contentType === 'application/json' ? (JSON.parse(reply.body.toString('utf8')) as { errcode: number; errmsg: string }) : {};
}

const message = (overrides: Record<string, unknown> = {}) => ({
  touser: 'o-hu',
  template_id: 'tpl-1',
  page: 'litigation/case/case?id=c1',
  data: { thing1: { value: '已立案' } },
  ...overrides,
});

describe('miniprogramPages: the pages app.json declares', () => {
  it('lists the main pages and every subpackage page under its root', () => {
    // Act
    const pages = miniprogramPages();
    // Assess
    expect(pages).toEqual(
      expect.arrayContaining(['pages/index/index', 'public/fee/fee', 'litigation/case/case', 'litigation/inbox/inbox', 'claims/status/status']),
    );
    expect(pages).not.toContain('pages/case/detail');
  });

  it('reads the subPackages spelling too, and gives no pages for a project without a mini-program', () => {
    // Prepare
    const root = mkdtempSync(path.join(tmpdir(), 'mc-pages-'));
    mkdirSync(path.join(root, 'miniprogram'));
    writeFileSync(path.join(root, 'miniprogram', 'app.json'), JSON.stringify({ pages: ['pages/a/a'], subPackages: [{ root: 'sub/', pages: ['b/b'] }] }));
    const bare = mkdtempSync(path.join(tmpdir(), 'mc-pages-'));
    try {
      // Act, Assess
      expect(miniprogramPages(root)).toEqual(['pages/a/a', 'sub/b/b']);
      expect(miniprogramPages(bare)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('subscribeMessage.send refuses what WeChat refuses', () => {
  it('accepts a well-formed message and records it in the outbox', async () => {
    const wechat = service();
    await expect(answer(wechat, 'subscribeMessage.send', message())).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    await expect(answer(wechat, 'subscribeMessage.send', message({ page: undefined }))).resolves.toMatchObject({ errcode: 0 });
    await expect(answer(wechat, 'subscribeMessage.send', message({ page: '' }))).resolves.toMatchObject({ errcode: 0 });
    expect(wechat.outbox).toHaveLength(3);
    expect(wechat.outbox[0]).toMatchObject({ touser: 'o-hu', templateId: 'tpl-1', page: 'litigation/case/case?id=c1', data: { thing1: { value: '已立案' } } });
  });

  it('40003 without touser, 40037 without a template id (any non-empty id is taken)', async () => {
    const wechat = service();
    await expect(answer(wechat, 'subscribeMessage.send', message({ touser: '' }))).resolves.toMatchObject({ errcode: 40003 });
    await expect(answer(wechat, 'subscribeMessage.send', message({ template_id: '' }))).resolves.toMatchObject({ errcode: 40037 });
    await expect(answer(wechat, 'subscribeMessage.send', message({ template_id: undefined }))).resolves.toMatchObject({ errcode: 40037 });
    await expect(answer(wechat, 'subscribeMessage.send', message({ template_id: 'anything-court-it-set' }))).resolves.toMatchObject({ errcode: 0 });
    expect(wechat.outbox).toHaveLength(1);
  });

  it.each(['pages/case/detail?id=c1', 'pages/filing/index', 'pages/service/inbox', '/litigation/case/case', 'litigation/case', 'index?foo=bar'])(
    '41030 for a page app.json does not declare: %s',
    async (page) => {
      const wechat = service();
      await expect(answer(wechat, 'subscribeMessage.send', message({ page }))).resolves.toEqual({ errcode: 41030, errmsg: 'invalid page' });
      expect(wechat.outbox).toHaveLength(0);
    },
  );

  it('47003 naming the field, "is empty" for a missing value and "invalid" for a broken one', async () => {
    const wechat = service();
    await expect(answer(wechat, 'subscribeMessage.send', message({ data: { thing1: { value: '' } } }))).resolves.toEqual({
      errcode: 47003,
      errmsg: 'argument invalid! data.thing1.value is empty',
    });
    await expect(answer(wechat, 'subscribeMessage.send', message({ data: { thing1: {} } }))).resolves.toMatchObject({
      errmsg: 'argument invalid! data.thing1.value is empty',
    });
    await expect(
      answer(wechat, 'subscribeMessage.send', message({ data: { thing1: { value: '已立案' }, character_string2: { value: '（2026）粤0106民初1号' } } })),
    ).resolves.toEqual({ errcode: 47003, errmsg: 'argument invalid! data.character_string2.value invalid' });
    await expect(answer(wechat, 'subscribeMessage.send', message({ data: { number3: { value: 12 } } }))).resolves.toMatchObject({
      errcode: 47003,
      errmsg: 'argument invalid! data.number3.value invalid',
    });
    await expect(answer(wechat, 'subscribeMessage.send', message({ data: undefined }))).resolves.toMatchObject({ errcode: 47003 });
    expect(wechat.outbox).toHaveLength(0);
  });
});

describe('subscribe-message values by the type in the key (订阅消息参数值内容限制说明)', () => {
  const cases: [key: string, good: string[], bad: string[]][] = [
    ['thing1', ['已立案', '开庭传票', 'A1-2 号法庭', '一二三四五六七八九十一二三四五六七八九十'], ['一二三四五六七八九十一二三四五六七八九十一', '换\n行']],
    ['character_string2', ['FEE2026000001', '(2026)Yue0106-1#', 'a'.repeat(32)], ['（2026）粤0106民初1号', 'a'.repeat(33), 'with space']],
    ['number3', ['339208499', '3.14', '9'.repeat(32)], ['-1', '1,000', '1.', '9'.repeat(33)]],
    ['letter4', ['abc', 'A'.repeat(32)], ['abc1', 'A'.repeat(33), '字']],
    ['symbol5', ['-', '!@#$%', '，。'], ['!@#$%^', 'a', '1']],
    ['phone_number6', ['+86-0766-66888866', '020-83000000'], ['+86-0766-668888661', '020 83000000', '电话']],
    ['car_number7', ['粤A8Z888挂', '粤A12345', 'AB12'], ['粤A8Z8888挂', 'A粤1234', 'A-1234']],
    ['name8', ['胡建国', '欧阳·娜娜', 'HuJianguo', 'a'.repeat(20), '胡Jianguo'], ['一二三四五六七八九十一', 'a'.repeat(21), '胡建国1', 'Hu Jianguo']],
    ['amount9', ['¥100.00', '￥29.90', '880000元', '8800.00', '$1234567890'], ['¥12345678901', '¥1234567890.5', '100元元', '¥-1', '一百元']],
    ['phrase10', ['已立案', '需补正', '不予受理', '配送中'], ['已经被立案了', '已立案!', 'ok']],
    [
      'date11',
      [
        '2019年10月1日',
        '2019年10月1日 15:01',
        '2018-01-01',
        '2018/01/01',
        '2018.01.01',
        '2018-01',
        '01-01',
        '2019年10月',
        '10月1日',
        '2019-10-01 15:01:30',
        '2019年10月1日~2019年10月7日',
      ],
      ['2019年13月1日', '15:01', '2019-10-01T15:01', '2019/10-01', '昨天'],
    ],
    [
      'time12',
      ['15:01', '9:30', '15:01:30', '2019年10月1日 15:01', '2026-03-20 09:30', '1月20日 8:00~10:00', '2019-10-01 15:01~2019-10-01 16:00'],
      ['2026-03-02', '25:00', '15:60', '2022-01-27 15:00-16:00', '下午三点'],
    ],
  ];

  it.each(cases)('%s', (key, good, bad) => {
    for (const value of good) expect([value, subscribeValueAllowed(key, value)]).toEqual([value, true]);
    for (const value of bad) expect([value, subscribeValueAllowed(key, value)]).toEqual([value, false]);
  });

  it('takes a type the documentation does not list as it is (enum, short_thing, const)', () => {
    expect(subscribeValueAllowed('enum1', '任何值')).toBe(true);
    expect(subscribeValueAllowed('short_thing2', '（2026）粤0106民初1号')).toBe(true);
    expect(subscribeValueAllowed('const3', 'x')).toBe(true);
  });
});

describe('wxacode.getUnlimited refuses what WeChat refuses', () => {
  it('draws a PNG for an app.json page, or the home page without one', async () => {
    const wechat = service();
    for (const params of [{ scene: 'c=case-1', page: 'litigation/case/case' }, { scene: "a!#$&'()*+,/:;=?@-._~Z9" }, { scene: 'x'.repeat(32), page: '' }]) {
      const reply = await wechat.openApi('wxacode.getUnlimited', params);
      expect(reply.contentType).toBe('image/png');
    }
  });

  it.each(['pages/query/index', '/litigation/case/case', 'litigation/case/case?id=c1'])('41030 for %s with check_path at its default (true)', async (page) => {
    await expect(answer(service(), 'wxacode.getUnlimited', { scene: 'c=1', page })).resolves.toEqual({ errcode: 41030, errmsg: 'invalid page' });
  });

  it('check_path false takes a page that does not exist, but never a leading "/" or a query', async () => {
    const wechat = service();
    expect((await wechat.openApi('wxacode.getUnlimited', { scene: 'c=1', page: 'pages/query/index', check_path: false })).contentType).toBe('image/png');
    await expect(answer(wechat, 'wxacode.getUnlimited', { scene: 'c=1', page: '/pages/query/index', check_path: false })).resolves.toMatchObject({
      errcode: 41030,
    });
    await expect(answer(wechat, 'wxacode.getUnlimited', { scene: 'c=1', page: 'pages/query/index?id=1', check_path: false })).resolves.toMatchObject({
      errcode: 41030,
    });
  });

  it.each([[''], ['x'.repeat(33)], ['c=案件1'], ['c=1%202'], ['a b'], [undefined]])('40169 for the scene %p', async (scene) => {
    await expect(answer(service(), 'wxacode.getUnlimited', { scene, page: 'litigation/case/case' })).resolves.toEqual({
      errcode: 40169,
      errmsg: 'invalid length for scene, or the data is not json string',
    });
  });
});

describe('face verification 2.0 refuses what WeChat refuses', () => {
  const APP = { appid: 'wx-court', secret: 'court-secret' };
  const CERT = { cert_type: 'IDENTITY_CARD', cert_name: '张三', cert_no: '310101199801011234' };
  // The documentation's worked cert_hash for this cert_info (查询用户人脸核身真实验证结果, 注意事项).
  const CERT_HASH = '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b';
  let now = Date.UTC(2026, 2, 2, 1, 0, 0);
  const wechat = () => new WeChatService(new Database(':memory:'), PAGES, APP, () => now);
  const token = (w: WeChatService, extra: Record<string, unknown> = {}) => w.stableToken({ grant_type: 'client_credential', ...APP, ...extra });
  beforeEach(() => {
    now = Date.UTC(2026, 2, 2, 1, 0, 0);
  });

  it('stable_token: refuses a wrong grant type, AppID or AppSecret; answers the same token until forced', () => {
    const w = wechat();
    expect(token(w, { grant_type: 'authorization_code' })).toEqual({ errcode: 40002, errmsg: 'invalid grant_type' });
    expect(token(w, { appid: 'wx-other' })).toEqual({ errcode: 40013, errmsg: 'invalid appid' });
    expect(token(w, { secret: 'guess' })).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
    const first = token(w);
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    now += 60_000;
    expect(token(w)).toEqual({ access_token: first.access_token, expires_in: 7140 });
    const forced = token(w, { force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    expect(w.refuseAccessToken(first.access_token as string)).toMatchObject({ errcode: 40001 });
    expect(w.refuseAccessToken(forced.access_token as string)).toBeNull();
    now += 7200_000;
    expect(w.refuseAccessToken(forced.access_token as string)).toMatchObject({ errcode: 42001 });
  });

  it('a token WeChat stopped taking is still answered in normal mode; force_refresh replaces it', () => {
    const w = wechat();
    const first = token(w);
    expect(w.refuseCurrentToken()).toBe(true);
    expect(w.refuseAccessToken(first.access_token as string)).toMatchObject({ errcode: 40001 });
    expect(token(w).access_token).toBe(first.access_token);
    const forced = token(w, { force_refresh: true });
    expect(forced.access_token).not.toBe(first.access_token);
    expect(w.refuseAccessToken(forced.access_token as string)).toBeNull();
  });

  it('getVerifyId: refuses a malformed or repeated out_seq_no and an incomplete cert_info', () => {
    const w = wechat();
    const open = (body: Record<string, unknown>) => w.getVerifyId({ out_seq_no: 'seq-0001', cert_info: CERT, openid: 'o-zhang', ...body });
    expect(open({ out_seq_no: 'ab' })).toMatchObject({ errcode: 40097 });
    expect(open({ out_seq_no: '有汉字的流水号' })).toMatchObject({ errcode: 40097 });
    expect(open({ cert_info: { ...CERT, cert_type: 'PASSPORT' } })).toMatchObject({ errcode: 40097 });
    expect(open({ cert_info: { cert_type: 'IDENTITY_CARD', cert_name: '张三' } })).toMatchObject({ errcode: 40097 });
    expect(open({ openid: '' })).toMatchObject({ errcode: 40003 });
    expect(open({})).toEqual({ errcode: 0, errmsg: 'ok', verify_id: expect.any(String), expires_in: 3600 });
    expect(open({})).toMatchObject({ errcode: 40097, errmsg: 'invalid args: out_seq_no is not unique' });
  });

  it('queryVerifyInfo: answers verify_ret only for the session’s own out_seq_no, cert_hash and openid, before it expires', () => {
    const w = wechat();
    const { verify_id } = w.getVerifyId({ out_seq_no: 'seq-0002', cert_info: CERT, openid: 'o-zhang' }) as { verify_id: string };
    const ask = (body: Record<string, unknown> = {}) =>
      w.queryVerifyInfo({ verify_id, out_seq_no: 'seq-0002', cert_hash: CERT_HASH, openid: 'o-zhang', ...body });
    expect(ask()).toMatchObject({ errcode: 40097, errmsg: 'invalid args: facial verify not done' });
    expect(w.requestFacialVerify(verify_id, 'o-li')).toEqual({ ok: false, errMsg: 'requestFacialVerify:fail user mismatch' });
    expect(w.requestFacialVerify(verify_id, 'o-zhang')).toEqual({ ok: true, errMsg: 'requestFacialVerify:ok' });
    expect(ask({ verify_id: 'unknown' })).toMatchObject({ errcode: 40097 });
    expect(ask({ out_seq_no: 'seq-9999' })).toMatchObject({ errcode: 40097, errmsg: 'invalid args: out_seq_no mismatch' });
    expect(ask({ openid: 'o-li' })).toMatchObject({ errcode: 40003 });
    expect(ask({ cert_hash: CERT_HASH.replace(/^3/, '4') })).toMatchObject({ errcode: 40097, errmsg: 'invalid args: cert_hash mismatch' });
    expect(ask()).toEqual({ errcode: 0, errmsg: 'ok', verify_ret: 10000 });
    now += 3600_000;
    expect(ask()).toMatchObject({ errcode: 40097, errmsg: 'invalid args: verify_id expired' });
    expect(w.requestFacialVerify(verify_id, 'o-zhang')).toMatchObject({ ok: false });
  });
});
