import { createHash } from 'node:crypto';
import tcb from '@cloudbase/node-sdk';
import cloud from 'wx-server-sdk';
import { devEnvValue } from '../../emulator/project';
import { startEmulator, type Emulator } from '../../emulator/server';
import { callFunction, callRaw, emulatorUrl, operation, resetEmulator } from '../support/emulator';

// The real, unmodified wx-server-sdk against the emulator: what a function sees on CloudBase.
// (The SDK's types say string, but init() takes the DYNAMIC_CURRENT_ENV symbol by design.)
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const _ = db.command;
const $ = db.command.aggregate;

type Doc = Record<string, unknown> & { _id: string };
const list = async (query: { get(): unknown }) => ((await Promise.resolve(query.get())) as { data: Doc[] }).data;
// The SDK takes { offset } but its types declare serverDate() without arguments.
// cloud.cloudPay exists at run time but is missing from the SDK's type declarations.
const cloudPay = (
  cloud as unknown as { cloudPay: Record<'unifiedOrder' | 'queryOrder' | 'refund' | 'queryRefund', (params: Record<string, unknown>) => Promise<unknown>> }
).cloudPay;
const serverDate = db.serverDate as unknown as (options: { offset: number }) => unknown;

beforeEach(async () => {
  await resetEmulator();
  await db.createCollection('things');
});

describe('database: documents', () => {
  it('inserts, reads by id, and keeps dates and numbers', async () => {
    const at = new Date('2026-03-02T02:00:00.000Z');
    const { _id } = (await db.collection('things').add({ data: { n: 1, x: 1.5, at, tags: ['a'], nested: { deep: true } } })) as { _id: string };
    expect(_id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = (await db.collection('things').doc(_id).get()) as { data: Doc };
    expect(data).toEqual({ _id, n: 1, x: 1.5, at, tags: ['a'], nested: { deep: true } });
  });

  it('answers "does not exist" for a missing document and -502005 for a missing collection', async () => {
    await expect(db.collection('things').doc('nope').get()).rejects.toMatchObject({ errMsg: expect.stringContaining('does not exist') });
    await expect(db.collection('no_such').get()).rejects.toMatchObject({ errCode: -502005 });
  });

  it('refuses a duplicate _id and a duplicate unique index key', async () => {
    await db.collection('things').add({ data: { _id: 't1' } });
    await expect(db.collection('things').add({ data: { _id: 't1' } })).rejects.toMatchObject({ errMsg: expect.stringContaining('DATABASE_DUPLICATE_WRITE') });
    await db.collection('cases').add({ data: { _id: 'c1', caseNumber: '（2026）粤0106民初1号' } });
    await expect(db.collection('cases').add({ data: { _id: 'c2', caseNumber: '（2026）粤0106民初1号' } })).rejects.toMatchObject({
      errMsg: expect.stringContaining('E11000'),
    });
  });

  it('updates with operators, replaces with set, upserts, and serverDate', async () => {
    await db.collection('things').add({ data: { _id: 'c1', n: 1, arr: [3, 1], keep: 'x' } });
    await db
      .collection('things')
      .doc('c1')
      .update({ data: { n: _.inc(2), arr: _.push({ each: [2], sort: 1 }), gone: _.remove(), at: serverDate({ offset: 1000 }) } });
    const { data } = (await db.collection('things').doc('c1').get()) as { data: Doc };
    expect(data).toMatchObject({ n: 3, arr: [1, 2, 3], keep: 'x' });
    // The emulator's clock is fixed by the test harness: serverDate follows it.
    expect((data.at as Date).toISOString()).toBe('2026-03-02T02:00:01.000Z');
    await db
      .collection('things')
      .doc('c1')
      .set({ data: { only: true } });
    expect(((await db.collection('things').doc('c1').get()) as { data: Doc }).data).toEqual({ _id: 'c1', only: true });
    await db
      .collection('things')
      .doc('c9')
      .set({ data: { created: true } });
    expect(((await db.collection('things').doc('c9').get()) as { data: Doc }).data).toEqual({ _id: 'c9', created: true });
  });

  it('runs where-queries with Mongo semantics: comparison, logic, exists, size, all, elemMatch, regex, nested and arrays', async () => {
    await db.collection('things').add({ data: { _id: 'a', n: 1, s: '买卖合同纠纷', tags: ['x', 'y'], items: [{ k: 1 }, { k: 5 }], o: { p: 1 } } });
    await db.collection('things').add({ data: { _id: 'b', n: 5, s: '借款合同纠纷', tags: ['y'], items: [{ k: 2 }], o: { p: 2 } } });
    await db.collection('things').add({ data: { _id: 'c', n: 9, s: '离婚纠纷', tags: [], o: {} } });
    const ids = async (where: Record<string, unknown>) => (await list(db.collection('things').where(where).orderBy('_id', 'asc'))).map((d) => d._id);
    expect(await ids({ n: _.gt(1).and(_.lt(9)) })).toEqual(['b']);
    expect(await ids({ n: _.in([1, 9]) })).toEqual(['a', 'c']);
    expect(await ids({ n: _.nin([1, 9]) })).toEqual(['b']);
    expect(await ids({ s: db.RegExp({ regexp: '合同', options: 'i' }) })).toEqual(['a', 'b']);
    expect(await ids({ tags: 'y' })).toEqual(['a', 'b']);
    expect(await ids({ tags: _.all(['x', 'y']) })).toEqual(['a']);
    expect(await ids({ tags: _.size(0) })).toEqual(['c']);
    expect(await ids({ items: _.exists(false) })).toEqual(['c']);
    expect(await ids({ items: _.elemMatch({ k: _.gte(5) }) })).toEqual(['a']);
    expect(await ids({ 'o.p': 2 })).toEqual(['b']);
    expect(await ids({ 'items.k': 2 })).toEqual(['b']);
    expect(await ids(_.or([{ n: 1 }, { n: 9 }]) as unknown as Record<string, unknown>)).toEqual(['a', 'c']);
  });

  it('orders, skips, projects, and clamps pages at 100 by default and 1000 at most', async () => {
    await db.collection('things').add({
      data: Array.from({ length: 1200 }, (_v, i) => ({ _id: `d${String(i).padStart(4, '0')}`, n: i, secret: 'x' })) as unknown as Record<string, unknown>,
    });
    expect(await list(db.collection('things'))).toHaveLength(100);
    expect(await list(db.collection('things').limit(5000))).toHaveLength(1000);
    const page = await list(db.collection('things').orderBy('n', 'desc').skip(10).limit(3).field({ n: true }));
    expect(page).toEqual([
      { _id: 'd1189', n: 1189 },
      { _id: 'd1188', n: 1188 },
      { _id: 'd1187', n: 1187 },
    ]);
    // The suite runs the emulator with --strict-indexes: an unindexed filter over >1000 documents fails, as it would be slow on CloudBase.
    await expect(
      db
        .collection('things')
        .where({ n: _.gte(1100) })
        .count(),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('--strict-indexes') });
  });

  it('updates many and removes many with where()', async () => {
    await db.collection('things').add({ data: [{ n: 1 }, { n: 2 }, { n: 3 }] as unknown as Record<string, unknown> });
    expect(
      await db
        .collection('things')
        .where({ n: _.gte(2) })
        .update({ data: { big: true } }),
    ).toMatchObject({ stats: { updated: 2 } });
    expect(await db.collection('things').where({ big: true }).remove()).toMatchObject({ stats: { removed: 2 } });
    expect(((await db.collection('things').count()) as { total: number }).total).toBe(1);
  });

  it('aggregates: match, group with accumulators, sort, project, unwind, lookup, count', async () => {
    await db.collection('things').add({
      data: [
        { _id: 'a', court: 'tianhe', fee: 100, tags: ['x', 'y'] },
        { _id: 'b', court: 'tianhe', fee: 300, tags: ['y'] },
        { _id: 'c', court: 'yuexiu', fee: 50, tags: [] },
      ] as unknown as Record<string, unknown>,
    });
    await db.collection('courts').add({
      data: [
        { _id: 'tianhe', name: '天河区人民法院', code: '粤0106' },
        { _id: 'yuexiu', name: '越秀区人民法院', code: '粤0104' },
      ] as unknown as Record<string, unknown>,
    });
    const grouped = (await db
      .collection('things')
      .aggregate()
      .match({ fee: _.gt(0) })
      .group({
        _id: '$court',
        total: $.sum('$fee'),
        avg: $.avg('$fee'),
        min: $.min('$fee'),
        max: $.max('$fee'),
        ids: $.push('$_id'),
        first: $.first('$_id'),
        last: $.last('$_id'),
      })
      .sort({ _id: 1 })
      .end()) as { list: Doc[] };
    expect(grouped.list).toEqual([
      { _id: 'tianhe', total: 400, avg: 200, min: 100, max: 300, ids: ['a', 'b'], first: 'a', last: 'b' },
      { _id: 'yuexiu', total: 50, avg: 50, min: 50, max: 50, ids: ['c'], first: 'c', last: 'c' },
    ]);
    const unwound = (await db
      .collection('things')
      .aggregate()
      .unwind('$tags')
      .group({ _id: '$tags', n: $.sum(1) })
      .sort({ _id: 1 })
      .end()) as { list: Doc[] };
    expect(unwound.list).toEqual([
      { _id: 'x', n: 1 },
      { _id: 'y', n: 2 },
    ]);
    const joined = (await db
      .collection('things')
      .aggregate()
      .match({ _id: 'a' })
      .lookup({ from: 'courts', localField: 'court', foreignField: '_id', as: 'courtDoc' })
      .project({ _id: 0, name: $.arrayElemAt(['$courtDoc.name', 0]) })
      .end()) as { list: Doc[] };
    expect(joined.list).toEqual([{ name: '天河区人民法院' }]);
    const counted = (await db.collection('things').aggregate().match({ court: 'tianhe' }).count('n').end()) as { list: Doc[] };
    expect(counted.list).toEqual([{ n: 2 }]);
    const sampled = (await db.collection('things').aggregate().sample({ size: 2 }).end()) as { list: Doc[] };
    expect(sampled.list).toHaveLength(2);
  });
});

describe('database: transactions', () => {
  it('commits all writes at once and keeps them invisible until then', async () => {
    await db.collection('things').add({ data: { _id: 'acc', balance: 10 } });
    const tx = await db.startTransaction();
    await tx
      .collection('things')
      .doc('acc')
      .update({ data: { balance: _.inc(-5) } });
    await tx.collection('things').add({ data: { _id: 'log1', delta: -5 } });
    expect(((await db.collection('things').doc('acc').get()) as { data: Doc }).data.balance).toBe(10);
    await expect(db.collection('things').doc('log1').get()).rejects.toBeTruthy();
    expect(((await tx.collection('things').doc('acc').get()) as { data: Doc }).data.balance).toBe(5);
    await tx.commit();
    expect(((await db.collection('things').doc('acc').get()) as { data: Doc }).data.balance).toBe(5);
    expect(((await db.collection('things').doc('log1').get()) as { data: Doc }).data.delta).toBe(-5);
  });

  it('rolls back on abort', async () => {
    await db.collection('things').add({ data: { _id: 'acc', balance: 10 } });
    const tx = await db.startTransaction();
    await tx
      .collection('things')
      .doc('acc')
      .update({ data: { balance: 0 } });
    await tx.rollback();
    expect(((await db.collection('things').doc('acc').get()) as { data: Doc }).data.balance).toBe(10);
  });

  it('answers DATABASE_TRANSACTION_CONFLICT to a second writer, and at commit to a stale one', async () => {
    await db.collection('things').add({ data: { _id: 'acc', balance: 10 } });
    const a = await db.startTransaction();
    const b = await db.startTransaction();
    await a
      .collection('things')
      .doc('acc')
      .update({ data: { balance: 1 } });
    await expect(
      b
        .collection('things')
        .doc('acc')
        .update({ data: { balance: 2 } }),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('DATABASE_TRANSACTION_CONFLICT') });
    await a.commit();
    const c = await db.startTransaction();
    await c.collection('things').doc('acc').get();
    await db
      .collection('things')
      .doc('acc')
      .update({ data: { balance: 3 } });
    await c
      .collection('things')
      .doc('acc')
      .update({ data: { balance: 4 } });
    await expect(c.commit()).rejects.toBeTruthy();
    expect(((await db.collection('things').doc('acc').get()) as { data: Doc }).data.balance).toBe(3);
  });

  it('lets runTransaction retry a conflict found at commit, so increments are not lost', async () => {
    await db.collection('counters').add({ data: { _id: 'k', value: 0 } });
    const increment = () =>
      db.runTransaction(async (tx: { collection(n: string): { doc(id: string): { get(): Promise<{ data: Doc }>; update(o: unknown): Promise<unknown> } } }) => {
        const { data } = await tx.collection('counters').doc('k').get();
        await tx
          .collection('counters')
          .doc('k')
          .update({ data: { value: (data.value as number) + 1 } });
      }, 10);
    const results = await Promise.allSettled(Array.from({ length: 5 }, increment));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(((await db.collection('counters').doc('k').get()) as { data: Doc }).data.value).toBe(ok);
  });
});

describe('storage', () => {
  it('uploads, issues an expiring temp URL, downloads, copies and deletes', async () => {
    const { fileID } = (await cloud.uploadFile({ cloudPath: 'cases/c1/起诉状.pdf', fileContent: Buffer.from('%PDF-1.4 test') })) as { fileID: string };
    expect(fileID).toMatch(/^cloud:\/\/microcourt-local\.[0-9a-f]+-microcourt-local-\w+\/cases\/c1\/起诉状\.pdf$/);
    const { fileList } = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] })) as { fileList: { tempFileURL: string; status: number }[] };
    expect(fileList[0]?.tempFileURL).toContain('/files/cases/c1/起诉状.pdf?expires=');
    const download = await fetch(encodeURI(fileList[0]?.tempFileURL ?? ''));
    expect(await download.text()).toBe('%PDF-1.4 test');
    const forged = await fetch(encodeURI((fileList[0]?.tempFileURL ?? '').replace(/sign=\w+/, 'sign=00')));
    expect(forged.status).toBe(403);
    const { fileContent } = (await cloud.downloadFile({ fileID })) as { fileContent: Buffer };
    expect(fileContent.toString()).toBe('%PDF-1.4 test');
    const { fileList: deleted } = (await cloud.deleteFile({ fileList: [fileID] })) as { fileList: { status: number }[] };
    expect(deleted[0]?.status).toBe(0);
    const { fileList: gone } = (await cloud.getTempFileURL({ fileList: [fileID] })) as { fileList: { status: number; errMsg: string }[] };
    expect(gone[0]?.status).not.toBe(0);
    await expect(cloud.downloadFile({ fileID })).rejects.toBeTruthy();
  });

  it('lets a phone upload only into its own uploads/<openid>/ area', async () => {
    const mine = await fetch(`${emulatorUrl()}/upload/uploads/o-hu/evidence.jpg`, { method: 'PUT', headers: { 'x-wx-openid': 'o-hu' }, body: 'jpg' });
    expect(mine.status).toBe(200);
    const theirs = await fetch(`${emulatorUrl()}/upload/cases/c1/evidence.jpg`, { method: 'PUT', headers: { 'x-wx-openid': 'o-hu' }, body: 'jpg' });
    expect(theirs.status).toBe(403);
  });
});

describe('open APIs and payments', () => {
  it('records subscribe messages in the outbox', async () => {
    await cloud.openapi.subscribeMessage.send({
      touser: 'o-hu',
      templateId: 'tpl-accepted',
      page: 'litigation/case/case?id=c1',
      data: { thing1: { value: '已立案' } },
    });
    const { messages } = await operation<{ messages: { touser: string; templateId: string }[] }>('GET', 'outbox');
    expect(messages).toEqual([expect.objectContaining({ touser: 'o-hu', templateId: 'tpl-accepted' })]);
  });

  it("refuses a subscribe message as WeChat does, through the SDK's errors: 41030 a page app.json lacks, 47003 a value its type refuses", async () => {
    const send = (page: string, data: Record<string, { value: string }>) =>
      cloud.openapi.subscribeMessage.send({ touser: 'o-hu', templateId: 'tpl-accepted', page, data });
    await expect(send('pages/case/detail?id=c1', { thing1: { value: '已立案' } })).rejects.toMatchObject({
      errCode: 41030,
      errMsg: expect.stringContaining('invalid page'),
    });
    await expect(send('litigation/case/case?id=c1', { character_string1: { value: '（2026）粤0106民初1号' } })).rejects.toMatchObject({
      errCode: 47003,
      errMsg: expect.stringContaining('data.character_string1.value invalid'),
    });
    await expect(send('litigation/case/case', { thing1: { value: '' } })).rejects.toMatchObject({
      errCode: 47003,
      errMsg: expect.stringContaining('data.thing1.value is empty'),
    });
    const { messages } = await operation<{ messages: unknown[] }>('GET', 'outbox');
    expect(messages).toEqual([]);
  });

  it('flags risky text as WeChat does (v2 suggest, v1 errcode 87014)', async () => {
    await expect(cloud.openapi.security.msgSecCheck({ content: '我要办假证', version: 2, scene: 1, openid: 'o-hu' })).resolves.toMatchObject({
      result: { suggest: 'risky' },
    });
    await expect(cloud.openapi.security.msgSecCheck({ content: '法官您好，请问开庭时间', version: 2, scene: 1, openid: 'o-hu' })).resolves.toMatchObject({
      result: { suggest: 'pass' },
    });
    await expect(cloud.openapi.security.msgSecCheck({ content: '我要办假证' })).rejects.toMatchObject({ errCode: 87014 });
  });

  it('draws a real PNG mini-program code', async () => {
    const code = (await cloud.openapi.wxacode.getUnlimited({ scene: 'c=case-1', page: 'public/query/query' })) as { contentType: string; buffer: Buffer };
    expect(code.contentType).toBe('image/png');
    expect(code.buffer.subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses a mini-program code for a page app.json lacks (41030) unless checkPath is false, and a bad scene (40169)', async () => {
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'c=case-1', page: 'pages/query/index' })).rejects.toMatchObject({ errCode: 41030 });
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'c=case-1', page: '/public/query/query' })).rejects.toMatchObject({ errCode: 41030 });
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'c=case-1', page: 'pages/query/index', checkPath: false })).resolves.toMatchObject({
      contentType: 'image/png',
    });
    await expect(cloud.openapi.wxacode.getUnlimited({ scene: 'c=案件1', page: 'public/query/query' })).rejects.toMatchObject({ errCode: 40169 });
  });

  it('places, queries, pays through the callback, refuses a second order of another amount, and refunds', async () => {
    const order = (await cloudPay.unifiedOrder({
      body: '诉讼费',
      outTradeNo: 'FEE2026000001',
      spbillCreateIp: '127.0.0.1',
      subMchId: '1900000109',
      totalFee: 880000,
      envId: 'microcourt-local',
      functionName: 'no-such-callback',
      nonceStr: 'n0001',
    })) as { resultCode: string; payment: { package: string } };
    expect(order).toMatchObject({ resultCode: 'SUCCESS', payment: { package: expect.stringMatching(/^prepay_id=/) } });
    await expect(cloudPay.queryOrder({ outTradeNo: 'FEE2026000001', subMchId: '1900000109', nonceStr: 'n0002' })).resolves.toMatchObject({
      tradeState: 'NOTPAY',
    });
    // nonce_str is 必填: a call without it is refused.
    await expect(cloudPay.queryOrder({ outTradeNo: 'FEE2026000001', subMchId: '1900000109' })).resolves.toMatchObject({
      resultCode: 'FAIL',
      errCodeDes: '缺少 nonce_str 或其长度超过32位',
    });
    await expect(
      cloudPay.unifiedOrder({
        body: '诉讼费',
        outTradeNo: 'FEE2026000001',
        spbillCreateIp: '127.0.0.1',
        subMchId: '1900000109',
        totalFee: 1,
        envId: 'x',
        functionName: 'y',
        nonceStr: 'n0003',
      }),
    ).resolves.toMatchObject({ resultCode: 'FAIL' });
    const paid = await operation<{ paid: boolean; acknowledged: boolean; error?: string }>('POST', 'pay/FEE2026000001');
    expect(paid).toMatchObject({ paid: true, acknowledged: false });
    await expect(cloudPay.queryOrder({ outTradeNo: 'FEE2026000001', subMchId: '1900000109', nonceStr: 'n0002' })).resolves.toMatchObject({
      tradeState: 'SUCCESS',
      totalFee: 880000,
    });
    await expect(
      cloudPay.refund({ outTradeNo: 'FEE2026000001', outRefundNo: 'R1', totalFee: 880000, refundFee: 440000, subMchId: '1900000109' }),
    ).resolves.toMatchObject({ resultCode: 'FAIL', errCodeDes: '缺少 nonce_str 或其长度超过32位' });
    // A refund names where its result notice goes: without envId and functionName it is refused.
    await expect(
      cloudPay.refund({ outTradeNo: 'FEE2026000001', outRefundNo: 'R1', totalFee: 880000, refundFee: 440000, subMchId: '1900000109', nonceStr: 'n0004' }),
    ).resolves.toMatchObject({ resultCode: 'FAIL', errCodeDes: '缺少 envId' });
    await expect(
      cloudPay.refund({
        outTradeNo: 'FEE2026000001',
        outRefundNo: 'R1',
        totalFee: 880000,
        refundFee: 440000,
        subMchId: '1900000109',
        nonceStr: 'n0005',
        envId: 'microcourt-local',
        functionName: 'no-such-callback',
      }),
    ).resolves.toMatchObject({ resultCode: 'SUCCESS', refundFee: 440000 });
    // queryRefund answers the refund as WeChat Pay holds it: in progress until the refund completes.
    const queryRefund = (params: Record<string, unknown>) => cloudPay.queryRefund({ subMchId: '1900000109', nonceStr: 'n0006', ...params });
    const refundR1 = { outTradeNo: 'FEE2026000001', refundCount: 1, outRefundNoList: ['R1'], refundFeeList: [440000] };
    await expect(queryRefund({ outRefundNo: 'R1' })).resolves.toMatchObject({ resultCode: 'SUCCESS', ...refundR1, refundStatusList: ['PROCESSING'] });
    // The refund-result notice goes to the function the refund named.
    expect(await operation('POST', 'refund/R1')).toMatchObject({ refunded: true, callback: 'no-such-callback', acknowledged: false });
    await expect(queryRefund({ outTradeNo: 'FEE2026000001' })).resolves.toMatchObject({ resultCode: 'SUCCESS', ...refundR1, refundStatusList: ['SUCCESS'] });
    // What WeChat Pay refuses: no nonce_str, no sub_mch_id, no number to look for, a refund that does not exist.
    // (the SDK's own errCode, 0 for a call that reached the pay channel, hides the channel's err_code)
    const refused = (errCodeDes: string) => ({ resultCode: 'FAIL', errCodeDes });
    await expect(cloudPay.queryRefund({ subMchId: '1900000109', outRefundNo: 'R1' })).resolves.toMatchObject(refused('缺少 nonce_str 或其长度超过32位'));
    await expect(cloudPay.queryRefund({ nonceStr: 'n0007', outRefundNo: 'R1' })).resolves.toMatchObject(refused('受理机构必须传入sub_mch_id'));
    await expect(queryRefund({})).resolves.toMatchObject(refused('refund_id、out_refund_no、transaction_id、out_trade_no 须填一个'));
    await expect(queryRefund({ outRefundNo: 'R9' })).resolves.toMatchObject(refused('退款订单查询失败'));
  });

  it('serves face verification 2.0 over HTTPS with a stable access_token, and refuses a call without one', async () => {
    const post = async (route: string, body: unknown) =>
      (await (await fetch(`${emulatorUrl()}${route}`, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    const cert = { cert_type: 'IDENTITY_CARD', cert_name: '胡建国', cert_no: '11010519491231002X' };
    expect(
      await post('/cityservice/face/identify/getverifyid?access_token=forged', { out_seq_no: 'seq-00001', cert_info: cert, openid: 'o-hu' }),
    ).toMatchObject({
      errcode: 40001,
    });
    const { access_token } = await post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: devEnvValue('MC_WX_APPID'),
      secret: devEnvValue('MC_WX_APPSECRET'),
    });
    const opened = await post(`/cityservice/face/identify/getverifyid?access_token=${String(access_token)}`, {
      out_seq_no: 'seq-00001',
      cert_info: cert,
      openid: 'o-hu',
    });
    expect(opened).toMatchObject({ errcode: 0, verify_id: expect.any(String), expires_in: 3600 });
    expect(await operation('POST', 'face', { verifyId: opened.verify_id, openid: 'o-hu' })).toEqual({ ok: true, errMsg: 'requestFacialVerify:ok' });
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const certHash = createHash('sha256')
      .update(`cert_type=${b64(cert.cert_type)}&cert_name=${b64(cert.cert_name)}&cert_no=${b64(cert.cert_no)}`)
      .digest('hex');
    const query = { verify_id: opened.verify_id, out_seq_no: 'seq-00001', cert_hash: certHash, openid: 'o-hu' };
    expect(await post(`/cityservice/face/identify/queryverifyinfo?access_token=${String(access_token)}`, query)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      verify_ret: 10000,
    });
    expect(await post('/cityservice/face/identify/queryverifyinfo', query)).toMatchObject({ errcode: 40001 });
    // The 1.0 result API is gone, as WeChat retires it.
    expect((await fetch(`${emulatorUrl()}/cityservice/face/identify/getinfo`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('functions and operations', () => {
  it('runs a function behind the gateway and counts its calls', async () => {
    const reply = await callFunction('fee-calc', { category: 'labour' }, 'o-hu');
    expect(reply).toMatchObject({ status: 200, errMsg: 'cloud.callFunction:ok', result: { ok: true, data: { feeFen: 1000 } } });
    const stats = await operation<{ functions: Record<string, { invocations: number; p50Ms: number }> }>('GET', 'stats');
    expect(stats.functions['fee-calc']?.invocations).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for an unknown function, through the gateway and through the SDK', async () => {
    expect((await callRaw('no-such-function', {})).status).toBe(404);
    await expect(cloud.callFunction({ name: 'no-such-function', data: {} })).rejects.toBeTruthy();
  });

  it('calls one function from another (functions.invokeFunction)', async () => {
    await expect(cloud.callFunction({ name: 'deadline-calc', data: { from: '2024-03-01', kind: 'appeal-judgment' } })).resolves.toMatchObject({
      result: { ok: true, data: { deadline: '2024-03-18' } },
    });
  });

  it('fails the nth write to a collection on request, and not the others', async () => {
    await operation('POST', 'faults', { writes: [{ collection: 'things', nth: 2 }] });
    await db.collection('things').add({ data: { _id: 'w1' } });
    await expect(db.collection('things').add({ data: { _id: 'w2' } })).rejects.toBeTruthy();
    await db.collection('things').add({ data: { _id: 'w3' } });
    expect(((await db.collection('things').count()) as { total: number }).total).toBe(2);
  });
});

describe('environments', () => {
  // A second emulator in this process, with production's topology: the court's environment and
  // the claims plug-in's, each with its own functions and database, on one port.
  const COURT = 'microcourt-local';
  const CLAIMS = 'microcourt-claims-local';
  let two: Emulator;
  const app = (env: string) => tcb.init({ env, serviceUrl: `${two.url}/admin`, secretId: 'local-secret-id', secretKey: 'local-secret-key' });
  const callIn = async (name: string, env?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-wx-openid': 'o-hu' };
    if (env) headers['x-wx-env'] = env;
    const res = await fetch(`${two.url}/call/${name}`, { method: 'POST', headers, body: JSON.stringify({ from: '2024-03-01', kind: 'appeal-judgment' }) });
    return { status: res.status, body: (await res.json()) as { errCode?: number; errMsg: string } };
  };

  beforeAll(async () => {
    two = await startEmulator({ dataDir: null, quiet: true, environments: [{ id: COURT }, { id: CLAIMS, functions: ['deadline-calc'] }] });
  });
  afterAll(async () => {
    await two.close();
  });
  beforeEach(async () => {
    await fetch(`${two.url}/__/reset`, { method: 'POST' });
  });

  it('keeps a database per environment: a write in one is invisible in the other', async () => {
    // Prepare
    const court = app(COURT).database();
    const claims = app(CLAIMS).database();
    // Act
    await court.collection('courts').add({ _id: 'tianhe', name: '天河区人民法院' });
    await claims.collection('courts').add({ _id: 'plugin-only', name: '破产债权申报' });
    // Assess
    expect((await court.collection('courts').doc('tianhe').get()).data).toHaveLength(1);
    expect((await claims.collection('courts').doc('tianhe').get()).data).toHaveLength(0);
    expect((await court.collection('courts').count()).total).toBe(1);
    const { environments } = (await (await fetch(`${two.url}/__/stats`)).json()) as {
      environments: Record<string, { collections: Record<string, { documents: number }> }>;
    };
    expect(environments[COURT]?.collections.courts?.documents).toBe(1);
    expect(environments[CLAIMS]?.collections.courts?.documents).toBe(1);
  });

  it('keeps storage per environment: the fileID names its environment', async () => {
    const { fileID } = await app(CLAIMS).uploadFile({ cloudPath: 'claims/c1/申报书.pdf', fileContent: Buffer.from('%PDF claim') });
    expect(fileID).toMatch(/^cloud:\/\/microcourt-claims-local\./);
    const { fileContent } = await app(CLAIMS).downloadFile({ fileID });
    expect(fileContent?.toString()).toBe('%PDF claim');
    await expect(app(COURT).downloadFile({ fileID })).rejects.toBeTruthy();
  });

  it('lists the environments and their functions, and wipes them all on reset', async () => {
    const listed = (await (await fetch(`${two.url}/__/environments`)).json()) as { default: string; environments: { id: string; functions: string[] }[] };
    expect(listed.default).toBe(COURT);
    expect(listed.environments.map((env) => env.id)).toEqual([COURT, CLAIMS]);
    expect(listed.environments[1]?.functions).toEqual(['deadline-calc']);
    expect(listed.environments[0]?.functions).toContain('fee-calc');
    expect(listed.environments[0]?.functions).not.toContain('deadline-calc');
    await app(CLAIMS).database().collection('courts').add({ _id: 'c1', code: '粤0106' });
    await fetch(`${two.url}/__/reset`, { method: 'POST' });
    expect((await app(CLAIMS).database().collection('courts').count()).total).toBe(0);
  });

  it('refuses an environment that does not exist with INVALID_ENV, through the SDK and the gateway', async () => {
    // wx-server-sdk has no errCode for INVALID_ENV (its table spells it INVALIID_ENV): it falls back to SYS_ERR, -501001.
    await expect(
      cloud
        .database({ env: '填入您的环境ID' })
        .collection('things')
        .add({ data: { n: 1 } }),
    ).rejects.toMatchObject({ errCode: -501001, errMsg: expect.stringContaining('INVALID_ENV') });
    await expect(app('no-such-env').database().collection('courts').count()).rejects.toMatchObject({ code: 'INVALID_ENV' });
    expect(await callIn('deadline-calc', 'no-such-env')).toMatchObject({ status: 404, body: { errCode: -501000 } });
  });

  it('refuses a function called in an environment it is not deployed in', async () => {
    expect(await callIn('deadline-calc', CLAIMS)).toMatchObject({ status: 200, body: { errMsg: 'cloud.callFunction:ok' } });
    // Without X-WX-ENV the call goes to the default environment, the court's.
    expect(await callIn('deadline-calc')).toMatchObject({ status: 404, body: { errCode: -501000 } });
    expect(await callIn('fee-calc', CLAIMS)).toMatchObject({ status: 404, body: { errCode: -501000 } });
    await expect(app(CLAIMS).callFunction({ name: 'fee-calc', data: {} })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
  });
});
