import cloud from 'wx-server-sdk';
import { anchorRoot, findById, GENESIS_ROOT, type ChainAnchor, type ChainHead } from '#runtime';

import { editEvent, longHuCase, removeEvent, rewriteFrom } from '../support/chain';
import { callFunction, callRaw, countOf as countInDb, ok, operation } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { HU, REGISTRAR } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string) => countInDb(db, collection);

const verifyChain = (caseId: string, openid = HU.openid) => callFunction('case-verify', { op: 'chain', caseId }, openid);
const detail = async (caseId: string) => ok(await callFunction('case-detail', { caseId }, HU.openid));
const fireAnchor = () =>
  operation<{ trigger: string; result: { ok: boolean; data?: { day: string; root: string; heads: number }; error?: unknown } }>('POST', 'timer/case-verify');

let caseId: string;
beforeEach(async () => {
  caseId = await longHuCase(db, 250);
});

describe('the record chain of a long case (issue 17 item 7)', () => {
  it('case-verify checks all 250 events; case-detail says it checked only the newest 200', async () => {
    expect(ok(await verifyChain(caseId))).toMatchObject({ op: 'chain', intact: true, events: 250, seal: 'valid' });
    // The registrar (court staff of the case's court) may ask it too.
    expect(ok(await verifyChain(caseId, REGISTRAR.openid))).toMatchObject({ intact: true, events: 250 });
    const shown = await detail(caseId);
    expect(shown.chainCheck).toEqual({ whole: false, checked: 200, total: 250, seal: 'valid' });
    expect(shown.chainVerified).toBe(false);
  });

  it('an edit of event 203 is found by case-verify; case-detail does not call the chain verified', async () => {
    await editEvent(db, caseId, 203);
    expect(ok(await verifyChain(caseId))).toMatchObject({ intact: false, brokenAt: 203, reason: expect.stringContaining('已被改动') });
    expect((await detail(caseId)).chainVerified).toBe(false);
  });

  it('the removal of the last event is found by both', async () => {
    await removeEvent(db, caseId, 250);
    expect(ok(await verifyChain(caseId))).toMatchObject({ intact: false, brokenAt: 250, reason: expect.stringContaining('链尾') });
    expect((await detail(caseId)).chainVerified).toBe(false);
  });

  it('a rewrite of every later hash and of the head, without the key, breaks the head’s seal, kept or stripped', async () => {
    await rewriteFrom(db, caseId, 203, 'keep');
    expect(ok(await verifyChain(caseId))).toMatchObject({ intact: false, seal: 'invalid', brokenAt: 250 });
    expect((await detail(caseId)).chainCheck.seal).toBe('invalid');
    // Stripping the seal does not pass for a head written before heads were sealed (every head of events is sealed).
    await rewriteFrom(db, caseId, 203, 'strip');
    expect((await findById<{ chain: ChainHead }>(db, 'cases', caseId))?.chain.mac).toBeUndefined();
    expect(ok(await verifyChain(caseId))).toMatchObject({ intact: false, seal: 'invalid' });
    expect((await detail(caseId)).chainVerified).toBe(false);
  });
});

describe('the daily anchor (case-verify’s timer trigger)', () => {
  it('anchors every chain’s head, chains each day’s root to the day before, and logs the root', async () => {
    // The evening of 2 March (China time), hours after the case's events.
    await operation('POST', 'clock', { now: '2026-03-02T12:00:00.000Z' });
    const first = await fireAnchor();
    expect(first.trigger).toBe('chain-anchor');
    const day1 = first.result.data;
    expect(day1).toMatchObject({ day: '2026-03-02', heads: 1 });
    const anchor1 = await findById<ChainAnchor>(db, 'chain_anchors', '2026-03-02');
    expect(anchor1?.heads).toEqual([{ caseId, seq: 250, hash: (await findById<{ chain: ChainHead }>(db, 'cases', caseId))?.chain.hash }]);
    expect(anchor1?.prevRoot).toBe(GENESIS_ROOT);
    const key = Buffer.from(process.env.MC_CHAIN_KEY ?? '', 'base64');
    expect(anchor1?.root).toBe(anchorRoot(GENESIS_ROOT, '2026-03-02', anchor1?.heads ?? [], key));
    // A second run the same day keeps the first anchor.
    expect((await fireAnchor()).result.data).toEqual(day1);
    expect(await countOf('chain_anchors')).toBe(1);
    const { lines } = await operation<{ lines: string[] }>('GET', 'logs');
    expect(lines.some((line) => line.includes('"kind":"chain-anchor"') && line.includes(anchor1?.root ?? '-'))).toBe(true);

    // The next day: only the chains that changed, the root over the day before's.
    await operation('POST', 'clock', { now: '2026-03-03T02:00:00.000Z' });
    const other = await acceptedHuCase({ tag: '0002' });
    const second = (await fireAnchor()).result.data;
    const anchor2 = await findById<ChainAnchor>(db, 'chain_anchors', '2026-03-03');
    expect(second).toMatchObject({ day: '2026-03-03', heads: 1 });
    expect(anchor2?.heads.map((h) => h.caseId)).toEqual([other.caseId]);
    expect(anchor2?.prevRoot).toBe(anchor1?.root);
  });

  it('a timer event from a phone, from a function, or naming another trigger is refused and writes nothing', async () => {
    const timer = { Type: 'Timer', TriggerName: 'chain-anchor', Time: '2026-03-02T00:30:00Z', Message: '' };
    expect((await callRaw('case-verify', timer, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await callRaw('case-verify', timer)).result).toMatchObject({ ok: false });
    // Another function calling it through the SDK: SOURCE wx_server, not the trigger.
    expect(await cloud.callFunction({ name: 'case-verify', data: timer })).toMatchObject({ result: { ok: false, error: { code: 'FORBIDDEN' } } });
    // A function with no timer trigger treats the event as input, and refuses it.
    expect((await callRaw('case-detail', timer, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await operation('POST', 'timer/case-detail')).toMatchObject({ error: expect.stringContaining('no timer trigger') });
    expect(await countOf('chain_anchors')).toBe(0);
  });
});
