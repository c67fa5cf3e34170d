import cloud from 'wx-server-sdk';
import { NOT_PROVIDED } from '../../emulator/wechat';
import { emulatorUrl, operation, resetEmulator } from '../support/emulator';

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
    const attempt = db.runTransaction(async (tx: ReturnType<typeof cloud.database>) => {
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

describe('reads and aggregations as CloudBase answers them', () => {
  const add = (docs: Record<string, unknown>[]) => db.collection('things').add({ data: docs as unknown as Record<string, unknown> });

  it('answers a read without orderBy in insertion order, which an update keeps, not in _id order', async () => {
    // Prepare: ids whose order is not the order they were added in.
    await add([
      { _id: 'm', n: 1 },
      { _id: 'z', n: 2 },
      { _id: 'a', n: 3 },
    ]);
    await db.collection('things').add({ data: { _id: 'b', n: 4 } });
    await db
      .collection('things')
      .doc('z')
      .update({ data: { n: 20 } });
    // Act
    const ids = ((await db.collection('things').get()) as { data: Doc[] }).data.map((doc) => doc._id);
    const some = (
      (await db
        .collection('things')
        .where({ _id: _.in(['b', 'm', 'a']) })
        .get()) as { data: Doc[] }
    ).data.map((doc) => doc._id);
    // Assess
    expect(ids).toEqual(['m', 'z', 'a', 'b']);
    expect(some).toEqual(['m', 'a', 'b']);
  });

  describe('$bucket, with the MongoDB manual examples (reference/operator/aggregation/bucket)', () => {
    const $ = db.command.aggregate;
    const run = async (build: (agg: ReturnType<ReturnType<typeof db.collection>['aggregate']>) => { end(): unknown }) =>
      ((await build(db.collection('things').aggregate()).end()) as { list: Doc[] }).list;
    // db.artists of "Bucket by Year and Filter by Bucket Results".
    const artists = [
      { _id: '1', last_name: 'Bernard', first_name: 'Emil', year_born: 1868, year_died: 1941, nationality: 'France' },
      { _id: '2', last_name: 'Rippl-Ronai', first_name: 'Joszef', year_born: 1861, year_died: 1927, nationality: 'Hungary' },
      { _id: '3', last_name: 'Ostroumova', first_name: 'Anna', year_born: 1871, year_died: 1955, nationality: 'Russia' },
      { _id: '4', last_name: 'Van Gogh', first_name: 'Vincent', year_born: 1853, year_died: 1890, nationality: 'Holland' },
      { _id: '5', last_name: 'Maurer', first_name: 'Alfred', year_born: 1868, year_died: 1932, nationality: 'USA' },
      { _id: '6', last_name: 'Munch', first_name: 'Edvard', year_born: 1863, year_died: 1944, nationality: 'Norway' },
      { _id: '7', last_name: 'Redon', first_name: 'Odilon', year_born: 1840, year_died: 1916, nationality: 'France' },
      { _id: '8', last_name: 'Diriks', first_name: 'Edvard', year_born: 1855, year_died: 1930, nationality: 'Norway' },
    ];
    const byYear = {
      groupBy: '$year_born',
      boundaries: [1840, 1850, 1860, 1870, 1880],
      default: 'Other',
      output: { count: $.sum(1), artists: $.push({ name: $.concat(['$first_name', ' ', '$last_name']), year_born: '$year_born' }) },
    };

    it('buckets by year and filters by bucket results, as the manual answers', async () => {
      await add(artists);
      const list = await run((agg) => agg.bucket(byYear).match({ count: _.gt(3) }));
      expect(list).toEqual([
        {
          _id: 1860,
          count: 4,
          artists: [
            { name: 'Emil Bernard', year_born: 1868 },
            { name: 'Joszef Rippl-Ronai', year_born: 1861 },
            { name: 'Alfred Maurer', year_born: 1868 },
            { name: 'Edvard Munch', year_born: 1863 },
          ],
        },
      ]);
    });

    it('puts a value equal to a boundary in the upper bucket, omits empty buckets, and orders the default after', async () => {
      await add([{ n: 3 }, { n: 7 }, { n: 5 }, { n: 'x' }]);
      const list = await run((agg) => agg.bucket({ groupBy: '$n', boundaries: [0, 5, 10, 15, 20], default: 'Other' }));
      expect(list).toEqual([
        { _id: 0, count: 1 },
        { _id: 5, count: 2 },
        { _id: 'Other', count: 1 },
      ]);
      const counts = await run((agg) => agg.bucket({ groupBy: '$year_born', boundaries: [1840, 1850, 1860, 1870, 1880], default: 'Other' }));
      expect(counts).toEqual([{ _id: 'Other', count: 4 }]);
    });

    it('fails a value outside every bucket without a default, and boundaries out of order', async () => {
      await add([{ n: 3 }, { n: 70 }]);
      // (wx-server-sdk reports an aggregate's failure as -1, with the database's message.)
      await expect(run((agg) => agg.bucket({ groupBy: '$n', boundaries: [0, 5, 10] }))).rejects.toMatchObject({
        errMsg: expect.stringContaining('$switch could not find a matching branch for an input, and no default was specified.'),
      });
      await expect(run((agg) => agg.bucket({ groupBy: '$n', boundaries: [10, 5] }))).rejects.toMatchObject({
        errMsg: expect.stringContaining('must be sorted in ascending order'),
      });
    });
  });

  it('joins with $lookup on the other collection’s _id or indexed field, as a full read would', async () => {
    // Prepare: cases (database-rules/cases.json indexes courtId) and courts.
    await db.collection('courts').add({
      data: [
        { _id: 'tianhe', name: '天河', code: '粤0106' },
        { _id: 'yuexiu', name: '越秀', code: '粤0104' },
        { _id: 'haizhu', name: '海珠', code: '粤0105' },
      ] as unknown as Record<string, unknown>,
    });
    await add([{ _id: 't1', court: 'tianhe', courts: ['yuexiu', 'haizhu'], code: '粤0105' }, { _id: 't2', court: 'nowhere' }, { _id: 't3' }]);
    // Act
    const joined = (
      (await db
        .collection('things')
        .aggregate()
        .lookup({ from: 'courts', localField: 'court', foreignField: '_id', as: 'one' })
        .lookup({ from: 'courts', localField: 'courts', foreignField: '_id', as: 'many' })
        .lookup({ from: 'courts', localField: 'code', foreignField: 'code', as: 'byCode' })
        .end()) as { list: (Doc & { one: Doc[]; many: Doc[]; byCode: Doc[] })[] }
    ).list;
    // Assess
    expect(joined.map((doc) => [doc._id, doc.one.map((c) => c._id), doc.many.map((c) => c._id), doc.byCode.map((c) => c._id)])).toEqual([
      ['t1', ['tianhe'], ['yuexiu', 'haizhu'], ['haizhu']],
      ['t2', [], [], []],
      ['t3', [], [], []],
    ]);
  });
});

describe("the phone's identity header", () => {
  // /admin trusts its caller (it is local, README "Trust"); X-WX-OPENID stands for the account
  // WeChat identifies, so a value not of an openid's shape is no caller at all.
  const upload = (path: string, openid: string) =>
    fetch(`${emulatorUrl()}/upload/${path}`, { method: 'PUT', headers: { 'x-wx-openid': openid }, body: 'jpg' }).then((res) => res.status);
  const call = (openid: string) =>
    fetch(`${emulatorUrl()}/call/fee-calc`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: '{}' }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as { errCode?: number } }),
    );

  it("refuses an X-WX-OPENID that is not an openid's shape: no upload into another's folder, no call", async () => {
    expect(await upload('uploads/party-hu/sub/evidence.jpg', 'party-hu/sub')).toBe(403);
    expect(await upload('uploads/o-hu/../o-wu/evidence.jpg', 'o-hu/../o-wu')).toBe(403);
    expect(await call('party-hu/sub')).toMatchObject({ status: 400, body: { errCode: -501007 } });
    expect(await call('o hu')).toMatchObject({ status: 400 });
    const { environments } = await operation<{ environments: Record<string, { files: Record<string, string> }> }>('GET', 'digest');
    expect(Object.values(environments).flatMap((env) => Object.keys(env.files))).toEqual([]);
    // The shapes the project's callers have are taken.
    expect(await upload('uploads/party-hu/evidence.jpg', 'party-hu')).toBe(200);
    expect((await call('o-hu')).status).toBe(200);
  });
});
