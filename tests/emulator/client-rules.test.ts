import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EJSON } from 'bson';
import cloud from 'wx-server-sdk';
import { readDatabaseRules } from '../../emulator/project';
import { startEmulator, type Emulator } from '../../emulator/server';
import { emulatorUrl, resetEmulator } from '../support/emulator';

// The phone's own database and storage calls (what wx.cloud.database() and wx.cloud.uploadFile /
// getTempFileURL send), served under the project's security rules, in the manner of Firebase's
// rules unit testing: each test is a caller and a call, and the rules decide.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const admin = cloud.database();

type Reply = { code?: string; message?: string; data?: Record<string, unknown> };

/** A phone's call: the caller's openid (none: not signed in) and the protocol's parameters. */
const asPhone =
  (base: () => string) =>
  async (openid: string | null, params: Record<string, unknown>): Promise<Reply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (openid) headers['x-wx-openid'] = openid;
    const res = await fetch(`${base()}/client`, { method: 'POST', headers, body: JSON.stringify(params) });
    return (await res.json()) as Reply;
  };
const ejson = (value: Record<string, unknown>) => EJSON.stringify(value, { relaxed: true });
const get = (collectionName: string, query: Record<string, unknown> = {}) => ({ action: 'database.getDocument', collectionName, query: ejson(query) });
const getById = (collectionName: string, _id: string) => ({ action: 'database.getDocument', collectionName, queryType: 'DOC', query: ejson({ _id }) });
const add = (collectionName: string, doc: Record<string, unknown>) => ({ action: 'database.insertDocument', collectionName, data: [ejson(doc)] });
const denied = { code: 'DATABASE_PERMISSION_DENIED' };
/** The documents of a read's answer (the protocol sends each as EJSON text). */
const docs = (reply: Reply) => ((reply.data?.list as string[] | undefined) ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);

describe("the project's rules (database-rules/, storage-rules.json)", () => {
  const phone = asPhone(emulatorUrl);

  beforeEach(async () => {
    await resetEmulator();
  });

  it('a stranger reads nothing private and writes nothing: only the courts and plug-ins lists are public', async () => {
    // Prepare: a document in every collection, written by a function.
    const collections = [...readDatabaseRules().keys()];
    for (const name of collections) await admin.collection(name).add({ data: { _id: `${name}-1`, secret: 'x' } });
    // Act, Assess
    for (const name of collections) {
      const readable = readDatabaseRules().get(name)?.rules.read === true;
      const list = await phone('o-stranger', get(name));
      const one = await phone('o-stranger', getById(name, `${name}-1`));
      if (readable) expect([name, docs(list)]).toEqual([name, [expect.objectContaining({ _id: `${name}-1` })]]);
      else expect([name, list, one]).toEqual([name, expect.objectContaining(denied), expect.objectContaining(denied)]);
      expect([name, await phone('o-stranger', add(name, { n: 1 }))]).toEqual([name, expect.objectContaining(denied)]);
      expect([name, await phone(null, get(name))]).toEqual([name, expect.objectContaining(readable ? { data: expect.anything() } : denied)]);
    }
    expect(((await admin.collection('cases').count()) as { total: number }).total).toBe(1);
  });

  it('a user uploads only into uploads/<openid>/ and reads back only their own files', async () => {
    const upload = (where: string, openid: string) =>
      fetch(`${emulatorUrl()}/upload/${where}`, { method: 'PUT', headers: { 'x-wx-openid': openid }, body: 'jpg' }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { fileID?: string },
      }));
    const mine = await upload('uploads/o-hu/evidence.jpg', 'o-hu');
    expect(mine.status).toBe(200);
    expect((await upload('uploads/o-wu/evidence.jpg', 'o-hu')).status).toBe(403);
    expect((await upload('cases/c1/evidence.jpg', 'o-hu')).status).toBe(403);
    // A function's own file (a judgment) is no phone's to read directly.
    const { fileID: judgment } = (await cloud.uploadFile({ cloudPath: 'cases/c1/判决书.pdf', fileContent: Buffer.from('%PDF') })) as { fileID: string };
    const urls = (openid: string, fileid: string) => phone(openid, { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid, max_age: 60 }] });
    expect(await urls('o-hu', mine.body.fileID ?? '')).toMatchObject({ data: { download_list: [{ code: 'SUCCESS' }] } });
    expect(await urls('o-wu', mine.body.fileID ?? '')).toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    expect(await urls('o-hu', judgment)).toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
  });
});

describe('rule expressions as CloudBase writes them (doc._openid == auth.openid)', () => {
  // An emulator over a project of its own: one collection whose rule is an expression.
  let emulator: Emulator;
  let root: string;
  const phone = asPhone(() => emulator.url);

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'mc-rules-'));
    mkdirSync(path.join(root, 'database-rules'));
    writeFileSync(path.join(root, 'cloudbaserc.json'), JSON.stringify({ version: '2.0', envId: 'rules-local', functionRoot: 'functions', functions: [] }));
    writeFileSync(
      path.join(root, 'database-rules', 'notes.json'),
      JSON.stringify({ rules: { read: 'doc._openid == auth.openid || doc.shared == true', write: 'doc._openid == auth.openid' } }),
    );
    writeFileSync(path.join(root, 'database-rules', 'broken.json'), JSON.stringify({ rules: { read: 'doc._openid === auth.openid', write: false } }));
    emulator = await startEmulator({ dataDir: null, quiet: true, root, environments: [{ id: 'rules-local' }] });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("lets the owner read and write their notes, and nobody else's", async () => {
    // Prepare: Hu adds a note from his phone; _openid is his whatever the data says.
    const added = await phone('o-hu', add('notes', { text: '证据清单', _openid: 'o-wu' }));
    const id = (added.data?.insertedIds as string[] | undefined)?.[0] ?? '';
    expect(id).not.toBe('');
    // Act, Assess: a query must be a subset of the rule (CloudBase: 查询条件必须是安全规则的子集).
    expect(docs(await phone('o-hu', get('notes', { _openid: 'o-hu' })))).toEqual([expect.objectContaining({ _openid: 'o-hu' })]);
    expect(docs(await phone('o-hu', getById('notes', id)))).toEqual([expect.objectContaining({ text: '证据清单' })]);
    expect(await phone('o-wu', get('notes', { _openid: 'o-hu' }))).toMatchObject(denied);
    expect(await phone('o-wu', get('notes'))).toMatchObject(denied);
    expect(await phone('o-wu', getById('notes', id))).toMatchObject(denied);
    expect(await phone(null, get('notes', { _openid: 'o-hu' }))).toMatchObject(denied);
    expect(docs(await phone('o-hu', get('notes', { shared: true })))).toEqual([]);
    const update = (openid: string, data: Record<string, unknown>) =>
      phone(openid, { action: 'database.modifyDocument', collectionName: 'notes', queryType: 'DOC', query: ejson({ _id: id }), data: ejson({ $set: data }) });
    expect(await update('o-wu', { text: '改' })).toMatchObject(denied);
    expect(await update('o-hu', { _openid: 'o-wu' })).toMatchObject(denied);
    expect(await update('o-hu', { text: '证据清单（二）' })).toMatchObject({ data: { updated: 1 } });
    expect(await phone('o-wu', { action: 'database.removeDocument', collectionName: 'notes', queryType: 'DOC', query: ejson({ _id: id }) })).toMatchObject(
      denied,
    );
  });

  it('denies under a rule that does not parse, and in a collection no rule names', async () => {
    expect(await phone('o-hu', get('broken', { _openid: 'o-hu' }))).toMatchObject(denied);
    expect(await phone('o-hu', get('undeclared'))).toMatchObject(denied);
  });
});
