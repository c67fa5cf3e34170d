import { spawnSync } from 'node:child_process';
import path from 'node:path';
import cloud from 'wx-server-sdk';
import { findById, verifyCaseChain, type ChainHead } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import { callFunction, emulatorUrl, operation, resetEmulator, ok } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { HU, REGISTRAR, seedCourts, upload, verify, WU } from '../support/people';

/*
 * A change committed by its case event alone (runtime/event-commit.ts): the event is the commit,
 * the case and the documents beside it are brought up to it after. These tests make the function
 * stop between the two (the case's update failing every time it is tried) and look at what every
 * other caller then sees and does.
 */

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

let caseId: string;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  await verify(WU);
  ({ caseId } = await acceptedHuCase());
  ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid));
});

afterEach(async () => {
  await operation('POST', 'faults', { writes: [] });
});

/**
 * Every write to the case fails until the faults are cleared (each fault counts the writes the ones
 * before it let through): the function stops with its event recorded and the case not yet brought up.
 */
const caseWritesFail = () => operation('POST', 'faults', { writes: Array.from({ length: 8 }, () => ({ collection: 'cases', nth: 1 })) });

const stored = async () => (await findById<CaseRecord>(db, 'cases', caseId)) as CaseRecord;
const eventsOf = async () =>
  (
    (await db.collection('case_events').where({ caseId }).orderBy('seq', 'asc').get()) as unknown as {
      data: { seq: number; action: string; effects?: string }[];
    }
  ).data;

async function addEvidence(requestId: string, title: string, openid = HU.openid) {
  const file = await upload(openid, `${title}.pdf`, `%PDF-1.4 ${title}`);
  return callFunction('evidence-add', { requestId, caseId, items: [{ title, proves: '双方存在买卖合同关系', file }] }, openid);
}

describe('a change committed by its event', () => {
  it('is one insert of the event, then the evidence and the case, with no transaction and no idempotency record', async () => {
    const before = await stored();
    const added = ok(await addEvidence('evidence-0001', '购销合同'));
    const after = await stored();
    expect(after.chain.seq).toBe(before.chain.seq + 1);
    expect(after.chain.next).toBe(`${caseId}:${String(after.chain.seq + 1).padStart(8, '0')}`);
    expect(after.documents.map((d) => d.title)).toContain('购销合同');
    expect(await findById(db, 'evidence', added.added[0]?.evidenceId ?? '')).not.toBeNull();
    const events = await eventsOf();
    expect(events.at(-1)).toMatchObject({ action: 'evidence.added' });
    expect(typeof events.at(-1)?.effects).toBe('string');
    expect((await verifyCaseChain(db, caseId, after.chain as ChainHead)).ok).toBe(true);
  });

  it('stopped before the case was brought up: the next read of the case brings it up first, and a reader sees the evidence', async () => {
    const before = await stored();
    await caseWritesFail();
    const added = ok(await addEvidence('evidence-0001', '购销合同'));
    await operation('POST', 'faults', { writes: [] });
    // The event is recorded and the evidence stored; the case is where it was.
    expect((await eventsOf()).length).toBe(before.chain.seq + 1);
    expect(await findById(db, 'evidence', added.added[0]?.evidenceId ?? '')).not.toBeNull();
    expect((await stored()).chain.seq).toBe(before.chain.seq);

    // The defendant's lawyer reads the case: authorize's one read joins the event named next and brings it in.
    const detail = ok(await callFunction('case-detail', { caseId }, HU.openid));
    expect(detail.documents.map((d: { title: string }) => d.title)).toContain('购销合同');
    expect(detail.chainVerified).toBe(true);
    const after = await stored();
    expect(after.chain.seq).toBe(before.chain.seq + 1);
    expect((await verifyCaseChain(db, caseId, after.chain as ChainHead)).ok).toBe(true);
  });

  it('stopped before the case was brought up: a retry is answered from the event, and nothing is written twice', async () => {
    await caseWritesFail();
    const first = ok(await addEvidence('evidence-0001', '购销合同'));
    await operation('POST', 'faults', { writes: [] });
    const events = (await eventsOf()).length;
    const again = ok(await addEvidence('evidence-0001', '购销合同'));
    expect(again).toEqual(first);
    expect((await eventsOf()).length).toBe(events);
    const after = await stored();
    expect(after.documents.filter((d) => d.title === '购销合同')).toHaveLength(1);
    expect((await verifyCaseChain(db, caseId, after.chain as ChainHead)).ok).toBe(true);
  });

  it('stopped before the case was brought up: the next writer brings it up, then writes after it', async () => {
    await caseWritesFail();
    ok(await addEvidence('evidence-0001', '购销合同'));
    await operation('POST', 'faults', { writes: [] });
    ok(await addEvidence('evidence-0002', '送货单'));
    const after = await stored();
    expect(after.documents.map((d) => d.title)).toEqual(expect.arrayContaining(['购销合同', '送货单']));
    expect((await verifyCaseChain(db, caseId, after.chain as ChainHead)).ok).toBe(true);
    expect((await eventsOf()).length).toBe(after.chain.seq);
  });

  it('writers racing on one case: every one lands once, in one unbroken chain', async () => {
    const before = await stored();
    const titles = ['合同一', '合同二', '合同三', '合同四', '合同五', '合同六'];
    const files = await Promise.all(titles.map((title) => upload(HU.openid, `${title}.pdf`, `%PDF-1.4 ${title}`)));
    const answers = await Promise.all(
      titles.map((title, i) =>
        callFunction(
          'evidence-add',
          { requestId: `race-${String(i).padStart(4, '0')}`, caseId, items: [{ title, proves: '事实', file: files[i] ?? '' }] },
          HU.openid,
        ),
      ),
    );
    for (const answer of answers) ok(answer);
    const after = await stored();
    expect(after.chain.seq).toBe(before.chain.seq + titles.length);
    expect(after.documents.map((d) => d.title)).toEqual(expect.arrayContaining(titles));
    expect((await verifyCaseChain(db, caseId, after.chain as ChainHead)).ok).toBe(true);
  });

  it('a judge’s caseload, shared by every case, is counted once for a draw brought in twice', async () => {
    const { caseId: second } = await acceptedHuCase({ tag: '0002' });
    const caseloads = async () =>
      Object.fromEntries(
        ((await db.collection('staff').where({ roles: 'judge' }).get()) as unknown as { data: { _id: string; caseload?: number }[] }).data.map((s) => [
          s._id,
          s.caseload ?? 0,
        ]),
      );
    const before = await caseloads();
    await caseWritesFail();
    const drawn = ok(await callFunction('case-assign', { requestId: 'assign-0002', caseId: second }, REGISTRAR.openid));
    await operation('POST', 'faults', { writes: [] });
    // The draw is recorded and the judge counted; the case is not yet brought up. Reading it brings the event in again.
    ok(await callFunction('case-detail', { caseId: second }, HU.openid));
    ok(await callFunction('case-detail', { caseId: second }, HU.openid));
    const after = await caseloads();
    const presiding = drawn.presiding.openid;
    expect(after[presiding]).toBe((before[presiding] ?? 0) + 1);
    for (const [judge, load] of Object.entries(after)) if (judge !== presiding) expect(load).toBe(before[judge] ?? 0);
    expect(((await findById<CaseRecord>(db, 'cases', second)) as CaseRecord).panel?.presiding.openid).toBe(presiding);
  });

  it('verify-chains takes an event not yet brought in for what it is, and still catches one appended without the key', async () => {
    const verifyChains = () =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'scripts/verify-chains.ts'), '--emulator', emulatorUrl()], {
        cwd: path.join(__dirname, '..', '..'),
        encoding: 'utf8',
        env: { ...process.env },
      });
    await caseWritesFail();
    ok(await addEvidence('evidence-0001', '购销合同'));
    await operation('POST', 'faults', { writes: [] });
    const pending = verifyChains();
    expect(pending.stdout).toContain('全部一致');
    expect(pending.status).toBe(0);
    // Brought in, then an event appended behind the court's back, claiming to be a change not yet brought in.
    ok(await callFunction('case-detail', { caseId }, HU.openid));
    const head = (await stored()).chain;
    const events = await eventsOf();
    const last = events.at(-1) as unknown as Record<string, unknown>;
    const forged = { ...last, _id: `${caseId}:${String(head.seq + 1).padStart(8, '0')}`, seq: head.seq + 1, replyKey: 'forged', prevHash: head.hash };
    const forgedHead = { seq: head.seq + 1, hash: 'f'.repeat(64), mac: 'f'.repeat(64) };
    await db.collection('case_events').add({ data: { ...forged, hash: forgedHead.hash, effects: JSON.stringify({ update: { chain: forgedHead } }) } });
    const caught = verifyChains();
    expect(caught.status).not.toBe(0);
    expect(caught.stdout).toContain(caseId);
  });

  it('never hands out what the event carries for the case: the timeline has the event, not its effects', async () => {
    ok(await addEvidence('evidence-0001', '购销合同'));
    const detail = ok(await callFunction('case-detail', { caseId }, HU.openid));
    expect(JSON.stringify(detail)).not.toContain('effects');
    expect(JSON.stringify(detail)).not.toContain('$command');
  });
});
