import cloud from 'wx-server-sdk';
import * as z from 'zod';
import { Environments } from '#contract';
import {
  AppError,
  appendCaseEvent,
  allocateCaseNumber,
  defineAction,
  findById,
  verifyCaseChain,
  type ActionContext,
  type Envelope,
  type ChainHead,
} from '#runtime';
import { setLogSink } from '../../cloudfunctions/_core/runtime/log';
import { RequestId } from '#schemas/common';
import { authorize, authorizeInOwnCourt } from '#usecases/access';
import { operation, resetEmulator } from '../support/emulator';

// The runtime under test runs here exactly as in a function instance: process.env carries the
// caller (WX_OPENID), the real wx-server-sdk talks to the emulator's /admin over HTTP.
const db = cloud.database();
const as = (openid: string) => {
  process.env.WX_OPENID = openid;
};

const logs: string[] = [];
setLogSink((line) => logs.push(line));

const Echo = z.object({ text: z.string().min(1, '请填写内容').max(20) });
const echo = defineAction({ name: 'echo', input: Echo, allow: 'public' }, async (input) => ({ text: input.text }));
const judgesOnly = defineAction({ name: 'judges-only', input: z.object({}), allow: ['judge'] }, async (_input, ctx) => ({ role: [...ctx.caller.roles] }));
const verifiedParty = defineAction({ name: 'verified-party', input: z.object({}), allow: ['party'], verified: true }, async () => ({ ok: 1 }));
const failing = defineAction({ name: 'failing', input: z.object({ code: z.string() }), allow: 'public' }, async (input) => {
  if (input.code === 'BUG') throw new TypeError('cannot read properties of undefined (reading 440106199001011231)');
  throw new AppError(input.code as 'STATE', `业务错误：${input.code}`);
});

const OpenCase = z.object({ requestId: RequestId, title: z.string().min(1) });
/** A use case of the shape every writing action has: allocate, write, append the event, commit. */
const openCase = defineAction({ name: 'case-open-test', input: OpenCase, allow: ['registrar'], mutating: true }, async (input, ctx) =>
  ctx.commit(async (tx) => {
    const caseNumber = await allocateCaseNumber(tx, { courtCode: '粤0106', specialised: '', typeCode: '民初', year: 2026 }, ctx.now);
    const caseId = `case-${caseNumber.replace(/[^\d]/g, '')}`;
    const chain: ChainHead = await appendCaseEvent(
      tx,
      caseId,
      undefined,
      { action: 'filing.accepted', actor: ctx.caller.openid, actorRole: 'registrar', state: 'accepted', data: { caseNumber }, requestId: input.requestId },
      ctx.now,
    );
    await tx
      .collection('cases')
      .add({ data: { _id: caseId, caseNumber, publicCode: caseId, title: input.title, state: 'accepted', chain, createdAt: ctx.now } });
    return { caseId, caseNumber };
  }),
);

async function seedStaff(openid: string, roles: string[], active = true): Promise<void> {
  await db.collection('users').add({ data: { _id: openid, kind: 'staff', staff: { courtId: 'gz-tianhe', roles, active } } });
}

async function countOf(collection: string): Promise<number> {
  return ((await db.collection(collection).count()) as { total: number }).total;
}

beforeEach(async () => {
  await resetEmulator();
  logs.length = 0;
});

describe('envelope and error codes', () => {
  it('answers { ok: true, data } and logs one line without the input', async () => {
    as('');
    await expect(echo({ text: '440106199001011231' })).resolves.toEqual({ ok: true, data: { text: '440106199001011231' } });
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0] ?? '{}')).toMatchObject({ action: 'echo', outcome: 'ok', kind: 'call' });
    expect(logs[0]).not.toContain('440106199001011231');
  });

  it('INVALID_INPUT: per-field Chinese messages', async () => {
    await expect(echo({ text: '' })).resolves.toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.any(String), fields: { text: '请填写内容' } },
    });
  });

  it('UNAUTHENTICATED: no openid in the WeChat context', async () => {
    as('');
    await expect(judgesOnly({})).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('FORBIDDEN: a party calling a judges-only action; a judge passes', async () => {
    as('o-party');
    await expect(judgesOnly({})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await seedStaff('o-judge', ['judge']);
    as('o-judge');
    await expect(judgesOnly({})).resolves.toEqual({ ok: true, data: { role: ['judge'] } });
  });

  it('FORBIDDEN: a staff member whose account is inactive', async () => {
    await seedStaff('o-gone', ['judge'], false);
    as('o-gone');
    await expect(judgesOnly({})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('NOT_VERIFIED: a party without real-name verification; passes once verified', async () => {
    as('o-party');
    await expect(verifiedParty({})).resolves.toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
    await db.collection('users').add({ data: { _id: 'o-party', kind: 'party', verifiedAt: new Date(), idLookup: 'h1' } });
    await expect(verifiedParty({})).resolves.toEqual({ ok: true, data: { ok: 1 } });
  });

  it.each(['NOT_FOUND', 'CONFLICT', 'STATE', 'DEADLINE', 'PAYMENT', 'RATE_LIMITED'])('%s: a use case error keeps its code and message', async (code) => {
    await expect(failing({ code })).resolves.toEqual({ ok: false, error: { code, message: `业务错误：${code}` } });
  });

  it('INTERNAL: an unexpected error answers a generic message; details only in the log', async () => {
    const reply = await failing({ code: 'BUG' });
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后重试' } });
    const errorLine = logs.map((l) => JSON.parse(l) as { kind: string; error?: string }).find((l) => l.kind === 'error');
    expect(errorLine?.error).toContain('TypeError');
  });
});

describe('a caller kept by the instance', () => {
  // Both read the caller's record once, keep it, and are then asked again after the record changed elsewhere.
  const lookAtCase = defineAction({ name: 'case-look-test', input: z.object({ caseId: z.string() }), allow: ['judge'] }, async (input, ctx) => {
    const { record } = await authorize(ctx, input.caseId, 'case.read');
    return { caseId: record._id };
  });
  const reviewQueue = defineAction({ name: 'queue-look-test', input: z.object({}), allow: ['registrar'] }, async (_input, ctx) => {
    const { courtId } = await authorizeInOwnCourt(ctx, 'filing.review-queue');
    return { courtId };
  });
  const revoke = (openid: string) =>
    db
      .collection('users')
      .doc(openid)
      .update({ data: { 'staff.active': false } });

  it('a judge made inactive is refused at once on a case, though the instance kept the active record', async () => {
    await seedStaff('o-judge', ['judge']);
    await db
      .collection('cases')
      .add({ data: { _id: 'case-kept', courtId: 'gz-tianhe', members: [{ openid: 'o-judge', role: 'presiding-judge' }], parties: [] } });
    as('o-judge');
    await expect(lookAtCase({ caseId: 'case-kept' })).resolves.toEqual({ ok: true, data: { caseId: 'case-kept' } });
    await revoke('o-judge');
    await expect(lookAtCase({ caseId: 'case-kept' })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a registrar made inactive is refused at once on the court’s queue', async () => {
    await seedStaff('o-registrar', ['registrar']);
    as('o-registrar');
    await expect(reviewQueue({})).resolves.toEqual({ ok: true, data: { courtId: 'gz-tianhe' } });
    await revoke('o-registrar');
    await expect(reviewQueue({})).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a record changed in a way that still grants (moved to another division) is acted on as stored', async () => {
    await seedStaff('o-judge', ['judge']);
    await db
      .collection('cases')
      .add({ data: { _id: 'case-kept', courtId: 'gz-tianhe', members: [{ openid: 'o-judge', role: 'presiding-judge' }], parties: [] } });
    as('o-judge');
    await expect(lookAtCase({ caseId: 'case-kept' })).resolves.toMatchObject({ ok: true });
    await db
      .collection('users')
      .doc('o-judge')
      .update({ data: { 'staff.divisionId': 'civil-2' } });
    await expect(lookAtCase({ caseId: 'case-kept' })).resolves.toEqual({ ok: true, data: { caseId: 'case-kept' } });
  });
});

describe('idempotent writes', () => {
  beforeEach(() => seedStaff('o-registrar', ['registrar']));

  it('a retried request returns the first result and changes nothing', async () => {
    as('o-registrar');
    const first = await openCase({ requestId: 'req-00000001', title: '买卖合同纠纷' });
    const again = await openCase({ requestId: 'req-00000001', title: '买卖合同纠纷' });
    expect(first).toEqual({ ok: true, data: { caseId: 'case-202601061', caseNumber: '（2026）粤0106民初1号' } });
    expect(again).toEqual(first);
    expect(await countOf('cases')).toBe(1);
    expect(await countOf('case_events')).toBe(1);
    expect(JSON.parse(logs.at(-1) ?? '{}')).toMatchObject({ outcome: 'replayed' });
  });

  it('two identical requests racing end in one case and the same answer', async () => {
    as('o-registrar');
    const replies = await Promise.all(Array.from({ length: 4 }, () => openCase({ requestId: 'req-race-0001', title: '借款合同纠纷' })));
    expect(new Set(replies.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(replies[0]).toMatchObject({ ok: true });
    expect(await countOf('cases')).toBe(1);
  });

  it('200 concurrent cases get the numbers 1..200, each exactly once', async () => {
    as('o-registrar');
    const replies: Envelope<{ caseNumber: string }>[] = [];
    // 200 in flight at once, as many phones would; conflicts retry inside runTransaction.
    const batch = await Promise.all(
      Array.from({ length: 200 }, (_, i) => openCase({ requestId: `req-many-${String(i).padStart(4, '0')}`, title: `案件${i}` })),
    );
    replies.push(...batch);
    const failed = replies.filter((r) => !r.ok);
    // A request that lost every retry answers CONFLICT and wrote nothing; the phone retries it.
    for (const [i, reply] of replies.entries()) {
      if (!reply.ok) replies[i] = await openCase({ requestId: `req-many-${String(i).padStart(4, '0')}`, title: `案件${i}` });
    }
    expect(failed.every((r) => !r.ok && r.error.code === 'CONFLICT')).toBe(true);
    const numbers = replies.map((r) => (r.ok ? Number(/民初(\d+)号/.exec(r.data.caseNumber)?.[1]) : 0)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await countOf('cases')).toBe(200);
    const counter = await findById<{ value: number }>(db, 'counters', 'case-number:粤0106:-:民初:2026');
    expect(counter?.value).toBe(200);
  });

  it('a write that fails half way leaves nothing behind (injected fault)', async () => {
    as('o-registrar');
    await operation('POST', 'faults', { writes: [{ collection: 'cases', nth: 1 }] });
    const reply = await openCase({ requestId: 'req-fault-001', title: '买卖合同纠纷' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await countOf('cases')).toBe(0);
    expect(await countOf('case_events')).toBe(0);
    expect(await countOf('counters')).toBe(0);
    expect(await countOf('idempotency')).toBe(0);
    // The retry after the fault takes number 1: nothing was skipped.
    await expect(openCase({ requestId: 'req-fault-001', title: '买卖合同纠纷' })).resolves.toMatchObject({
      ok: true,
      data: { caseNumber: '（2026）粤0106民初1号' },
    });
  });
});

describe('the case chain in the database', () => {
  it('verifies, then names the event someone altered directly in the database', async () => {
    await seedStaff('o-registrar', ['registrar']);
    as('o-registrar');
    const reply = await openCase({ requestId: 'req-chain-001', title: '买卖合同纠纷' });
    if (!reply.ok) throw new Error('case not opened');
    const { caseId } = reply.data;
    const stored = await findById<{ chain: ChainHead }>(db, 'cases', caseId);
    if (!stored) throw new Error('case not stored');
    // Two more events, appended the way actions do.
    let head = stored.chain;
    for (const action of ['case.assigned', 'hearing.scheduled'] as const) {
      head = await db.runTransaction(async (tx: Parameters<typeof appendCaseEvent>[0]) => {
        const next = await appendCaseEvent(tx, caseId, head, { action, actor: 'o-judge', actorRole: 'presiding-judge', state: 'in-trial' }, new Date());
        await tx
          .collection('cases')
          .doc(caseId)
          .update({ data: { chain: next } });
        return next;
      });
    }
    // The head carries its seal beside the chain; the chain itself ends at the same place.
    await expect(verifyCaseChain(db, caseId, head)).resolves.toEqual({ ok: true, count: 3, head: { seq: head.seq, hash: head.hash } });

    await db
      .collection('case_events')
      .doc(`${caseId}:00000002`)
      .update({ data: { actor: 'o-someone-else' } });
    await expect(verifyCaseChain(db, caseId, head)).resolves.toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('notices the last event removed', async () => {
    await seedStaff('o-registrar', ['registrar']);
    as('o-registrar');
    const reply = await openCase({ requestId: 'req-chain-002', title: '买卖合同纠纷' });
    if (!reply.ok) throw new Error('case not opened');
    const stored = await findById<{ chain: ChainHead }>(db, 'cases', reply.data.caseId);
    await db.collection('case_events').doc(`${reply.data.caseId}:00000001`).remove();
    await expect(verifyCaseChain(db, reply.data.caseId, stored?.chain)).resolves.toMatchObject({ ok: false, brokenAt: 1 });
  });
});

describe('the database a function uses', () => {
  it('is its own environment’s, or the one MC_DATABASE_ENV names (a function of a second court environment uses the court’s)', async () => {
    const elsewhere = cloud.database({ env: Environments.claims.localId });
    const Note = z.object({ requestId: RequestId });
    const write = (input: { requestId: string }, ctx: ActionContext) =>
      ctx.commit(async (tx) => {
        await tx.collection('courts').add({ data: { _id: input.requestId, name: '记录' } });
        return { id: input.requestId };
      });
    await db.collection('users').add({ data: { _id: 'o-registrar', kind: 'staff', staff: { courtId: 'gz-tianhe', roles: ['registrar'], active: true } } });
    await elsewhere
      .collection('users')
      .add({ data: { _id: 'o-registrar', kind: 'staff', staff: { courtId: 'gz-tianhe', roles: ['registrar'], active: true } } });
    as('o-registrar');
    const home = defineAction({ name: 'note-home', input: Note, allow: ['registrar'], mutating: true }, write);
    process.env.MC_DATABASE_ENV = Environments.claims.localId;
    const away = defineAction({ name: 'note-away', input: Note, allow: ['registrar'], mutating: true }, write);
    delete process.env.MC_DATABASE_ENV;
    await expect(home({ requestId: 'note-home-1' })).resolves.toMatchObject({ ok: true });
    await expect(away({ requestId: 'note-away-1' })).resolves.toMatchObject({ ok: true });
    expect(await findById(db, 'courts', 'note-home-1')).not.toBeNull();
    expect(await findById(db, 'courts', 'note-away-1')).toBeNull();
    expect(await findById(elsewhere, 'courts', 'note-away-1')).not.toBeNull();
  });
});

describe('a misuse fails at load', () => {
  it('refuses a mutating action whose attempt field its input does not declare', () => {
    expect(() =>
      defineAction(
        { name: 'pay-note', input: z.object({ transactionId: z.string() }), allow: 'public', mutating: true, requestIdField: 'transactionld' },
        async () => ({}),
      ),
    ).toThrow("pay-note: a mutating action's input must declare transactionld");
    expect(() => defineAction({ name: 'plain-note', input: z.object({ text: z.string() }), allow: 'public', mutating: true }, async () => ({}))).toThrow(
      'must declare requestId',
    );
  });
});
