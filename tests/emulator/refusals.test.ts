import cloud from 'wx-server-sdk';
import { NOT_PROVIDED } from '../../emulator/wechat';
import { operation, resetEmulator } from '../support/emulator';

// The emulator is never more permissive than CloudBase: each call here is one CloudBase (or
// WeChat, or MongoDB under CloudBase) refuses, made through the real wx-server-sdk, and the
// answer is the one they document.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const _ = db.command;

type Doc = Record<string, unknown> & { _id: string };
const read = async (id: string) => ((await db.collection('things').doc(id).get()) as { data: Doc }).data;
const count = async () => ((await db.collection('things').count()) as { total: number }).total;

beforeEach(async () => {
  await resetEmulator();
  await db.createCollection('things');
});

describe('an environment that does not exist', () => {
  // CloudBase: "INVALID_ENV — 环境 ID 非法或没有找到对应的云开发环境" (docs.cloudbase.net/error-code/INVALID_ENV);
  // wx-server-sdk's table has no errCode for it (it spells it INVALIID_ENV), so a database call reports
  // -501001 with CloudBase's code in the message, as production logs show ("-501001 resource system
  // error | errMsg: ... Environment not found").
  const placeholder = () => (cloud as unknown as { createNewInstance(config: { env: string }): typeof cloud }).createNewInstance({ env: '填入您的环境ID' });

  it("refuses the DevTools template's placeholder id for the database, storage, functions and open APIs, and writes nothing", async () => {
    // Act
    const other = placeholder();
    // Assess
    await expect(
      other
        .database()
        .collection('things')
        .add({ data: { n: 1 } }),
    ).rejects.toMatchObject({ errCode: -501001, errMsg: expect.stringContaining('INVALID_ENV') });
    await expect(other.uploadFile({ cloudPath: 'a/b.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({
      errMsg: expect.stringContaining('INVALID_ENV'),
    });
    await expect(other.callFunction({ name: 'fee-calc', data: {} })).rejects.toMatchObject({ errMsg: expect.stringContaining('INVALID_ENV') });
    await expect(
      other.openapi.subscribeMessage.send({ touser: 'o-hu', templateId: 't', page: 'litigation/case/case', data: { thing1: { value: '已立案' } } }),
    ).rejects.toMatchObject({ errMsg: expect.stringContaining('INVALID_ENV') });
    expect(await count()).toBe(0);
    expect((await operation<{ messages: unknown[] }>('GET', 'outbox')).messages).toEqual([]);
  });
});

describe('updates MongoDB refuses', () => {
  // MongoDB refuses these before writing (docs.mongodb.com/manual/reference/operator/update/inc:
  // "Use of the $inc operator on a field with a null value will generate an error"; .../push: "If the
  // field is not an array, the operation will fail"); CloudBase passes the refusal on as a failed
  // database request, DATABASE_REQUEST_FAILED, which wx-server-sdk numbers -502001.
  const seed = { _id: 'a', s: 'str', nul: null, n: 1, o: { deep: 5 }, arr: [1] };
  const refused = (message: string) => ({ errCode: -502001, errMsg: expect.stringContaining(message) });

  it('refuses $inc and $mul on a string or null, through doc() and where()', async () => {
    // Prepare
    await db.collection('things').add({ data: seed });
    // Act, Assess
    await expect(
      db
        .collection('things')
        .doc('a')
        .update({ data: { s: _.inc(1) } }),
    ).rejects.toMatchObject(refused(`Cannot apply $inc to a value of non-numeric type. { _id: "a" } has the field 's' of non-numeric type string`));
    await expect(
      db
        .collection('things')
        .doc('a')
        .update({ data: { nul: _.inc(1) } }),
    ).rejects.toMatchObject(refused("has the field 'nul' of non-numeric type null"));
    await expect(
      db
        .collection('things')
        .where({ _id: 'a' })
        .update({ data: { s: _.mul(2) } }),
    ).rejects.toMatchObject(refused('Cannot apply $mul to a value of non-numeric type'));
    expect(await read('a')).toEqual(seed);
  });

  it('refuses array operators on what is not an array', async () => {
    // Prepare
    await db.collection('things').add({ data: seed });
    const update = (data: Record<string, unknown>) => db.collection('things').doc('a').update({ data });
    // Act, Assess
    await expect(update({ s: _.push('x') })).rejects.toMatchObject(refused(`The field 's' must be an array but is of type string in document { _id: "a" }`));
    await expect(update({ n: _.addToSet(2) })).rejects.toMatchObject(
      refused("Cannot apply $addToSet to non-array field. Field named 'n' has non-array type int"),
    );
    await expect(update({ s: _.pop() })).rejects.toMatchObject(refused("Path 's' contains an element of non-array type 'string'"));
    await expect(update({ s: _.pull('x') })).rejects.toMatchObject(refused('Cannot apply $pull to a non-array value'));
    expect(await read('a')).toEqual(seed);
  });

  it('refuses a field under a value that holds no fields, and an update touching one path twice', async () => {
    // Prepare
    await db.collection('things').add({ data: seed });
    const update = (data: Record<string, unknown>) => db.collection('things').doc('a').update({ data });
    // Act, Assess
    await expect(update({ 'o.deep.x': 1 })).rejects.toMatchObject(refused("Cannot create field 'x' in element {deep: 5}"));
    await expect(update({ 'arr.k': 1 })).rejects.toMatchObject(refused("Cannot create field 'k' in element {arr: [ 1 ]}"));
    await expect(update({ o: _.set({ deep: 1 }), 'o.deep': _.inc(1) })).rejects.toMatchObject(refused("would create a conflict at 'o'"));
    expect(await read('a')).toEqual(seed);
    // What MongoDB takes: a missing field is created, an array index is a field of the array.
    await update({ missing: _.inc(2), list: _.push('x'), 'o.other.x': 1, 'arr.0': 7 });
    expect(await read('a')).toMatchObject({ missing: 2, list: ['x'], o: { deep: 5, other: { x: 1 } }, arr: [7] });
  });

  it('refuses the same inside a transaction, which then writes nothing', async () => {
    // Prepare
    await db.collection('things').add({ data: seed });
    // Act
    const attempt = db.runTransaction(async (tx) => {
      await tx
        .collection('things')
        .doc('a')
        .update({ data: { n: _.inc(1) } });
      await tx
        .collection('things')
        .doc('a')
        .update({ data: { s: _.inc(1) } });
    });
    // Assess
    await expect(attempt).rejects.toBeTruthy();
    expect(await read('a')).toEqual(seed);
  });
});

describe('open APIs', () => {
  const send = (params: Record<string, unknown>) =>
    cloud.openapi.subscribeMessage.send({ touser: 'o-hu', templateId: 'tpl', page: 'litigation/case/case', data: { thing1: { value: '已立案' } }, ...params });

  it('refuses a subscribe message without a template id (40037) or a recipient (40003), and sends nothing', async () => {
    // WeChat's errcode table for subscribeMessage.send: 40003 "touser字段openid为空或者不正确",
    // 40037 "订阅模板id为空不正确".
    await expect(send({ templateId: '' })).rejects.toMatchObject({ errCode: 40037, errMsg: expect.stringContaining('invalid template_id') });
    await expect(send({ touser: '' })).rejects.toMatchObject({ errCode: 40003 });
    expect((await operation<{ messages: unknown[] }>('GET', 'outbox')).messages).toEqual([]);
  });

  it('answers an open API it does not serve with its own code, not the 40001 of a bad credential', async () => {
    const openapi = cloud.openapi as unknown as Record<string, Record<string, (params: unknown) => Promise<unknown>>>;
    const generate = openapi.urlscheme?.generate;
    if (!generate) throw new Error('wx-server-sdk has no openapi.urlscheme.generate');
    await expect(generate({})).rejects.toMatchObject({
      errCode: NOT_PROVIDED,
      errMsg: expect.stringContaining('urlscheme.generate is not provided by the local emulator (provided: subscribeMessage.send'),
    });
  });
});

describe('storage', () => {
  it("answers a removed file's download with storage's code and message", async () => {
    // Prepare
    const { fileID } = (await cloud.uploadFile({ cloudPath: 'cases/c1/a.txt', fileContent: Buffer.from('x') })) as { fileID: string };
    await cloud.deleteFile({ fileList: [fileID] });
    // Act, Assess: @cloudbase/node-sdk's ERROR.STORAGE_FILE_NONEXIST, "storage file not exist";
    // wx-server-sdk numbers it -503003, with its own wording, where it reads the code (getTempFileURL, deleteFile).
    await expect(cloud.downloadFile({ fileID })).rejects.toMatchObject({ errMsg: 'downloadFile:fail storage file not exist' });
    const { fileList } = (await cloud.getTempFileURL({ fileList: [fileID] })) as { fileList: { status: number; errMsg: string }[] };
    expect(fileList[0]).toMatchObject({ status: -503003, errMsg: 'storage file not exists' });
    const { fileList: again } = (await cloud.deleteFile({ fileList: [fileID] })) as { fileList: { status: number; errMsg: string }[] };
    expect(again[0]).toMatchObject({ status: -503003 });
  });
});
