import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import cloud from 'wx-server-sdk';
import { readCloudbaseRc, ROOT } from '../../emulator/project';
import { openApiCalls } from '../../scripts/lib/functions';
import { callFunction, ok, resetEmulator } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { HU, REGISTRAR, seedCourts, verify } from '../support/people';

// The build output the integration run deploys: each function carries the config.json WeChat reads.
const rc = readCloudbaseRc();
const built = (name: string, file: string) => path.join(ROOT, rc.functionRoot, name, file);
const configOf = (name: string) => JSON.parse(readFileSync(built(name, 'config.json'), 'utf8')) as { permissions: { openapi: string[] } };

describe('config.json permissions.openapi', () => {
  it.each(rc.functions.map((fn) => fn.name))('%s lists exactly the cloud calls its bundle makes', (name) => {
    expect(configOf(name)).toEqual({ permissions: { openapi: openApiCalls(readFileSync(built(name, 'index.js'), 'utf8')).calls } });
  });

  it('names the calls of the functions that send notices, check content and draw codes, and none for the rest', () => {
    expect(configOf('message-send').permissions.openapi).toEqual(['security.msgSecCheck', 'subscribeMessage.send']);
    expect(configOf('filing-review').permissions.openapi).toEqual(['subscribeMessage.send']);
    expect(configOf('service-read').permissions.openapi).toEqual(['wxacode.getUnlimited']);
    // WeChat Pay is authorised by the merchant bound in the console, not by config.json.
    expect(configOf('fee-order').permissions.openapi).toEqual([]);
    expect(configOf('fee-calc').permissions.openapi).toEqual([]);
  });
});

describe('the emulator, like WeChat, refuses a cloud call config.json does not list', () => {
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  const db = cloud.database();
  const file = built('message-send', 'config.json');
  let original: string;
  beforeEach(() => {
    original = readFileSync(file, 'utf8');
  });
  afterEach(() => writeFileSync(file, original));

  it('message-send cannot check a message’s content without security.msgSecCheck in its config.json', async () => {
    await resetEmulator();
    await seedCourts(db);
    await verify(HU);
    const { caseId } = await acceptedHuCase();
    ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid));
    writeFileSync(file, `${JSON.stringify({ permissions: { openapi: ['subscribeMessage.send'] } })}\n`);
    const refused = await callFunction('message-send', { requestId: 'msg-0001', caseId, text: '法官您好，我方已提交全部送货单，请查收。' }, HU.openid);
    expect(refused.result).toMatchObject({ ok: false });
    writeFileSync(file, original);
    ok(await callFunction('message-send', { requestId: 'msg-0001', caseId, text: '法官您好，我方已提交全部送货单，请查收。' }, HU.openid));
  });
});
