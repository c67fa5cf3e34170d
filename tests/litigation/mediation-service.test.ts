import cloud from 'wx-server-sdk';
import { facePurposes } from '#domain/e-signature';
import { findById, verifyCaseChain } from '#runtime';
import type { CaseRecord, MediationRecord, OfflineServiceRecord } from '#usecases/records';
import { callFunction, ok, operation } from '../support/emulator';
import { seedBureau } from '../support/enforcement';
import { faceFor, judgeDrafts, mediationInHuCase, MEDIATOR, mediationWorld, preFilingInSession, say, signature } from '../support/mediation';
import { HU, JUDGES, WU } from '../support/people';

/*
 * A mediation's documents served off the platform, and what the judge who confirms an agreement
 * may read: a 民特 ruling served in person on the party who gave no e-service address takes effect
 * that day and is enforced from it; the 调解书 is signed for in person, never left (留置) with a
 * party who refuses it; and the confirming judge sees the agreement, never what was said to reach it.
 */

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
/** Mr Wu pays Mr Hu 450,000 yuan, with no day set: due once the ruling takes effect. */
const payNow = [{ debtor: 1, creditor: 0, amountFen: 45_000_000 }];

beforeEach(() => mediationWorld(db));

/** Every signer signs the version he read, with a fresh face check bound to its hash. */
async function signAll(mediationId: string, sha256: string, signers: readonly string[], tag: string): Promise<void> {
  for (const person of signers)
    ok(
      await callFunction(
        'mediation-agreement',
        {
          op: 'sign',
          requestId: `sign-${tag}-${person}`,
          mediationId,
          sha256,
          signature: await signature(person),
          verifyId: await faceFor(person, facePurposes.signature(sha256)),
        },
        person,
      ),
    );
}

/** The parties apply jointly and a judge of the court accepts: he is the 民特 case's judge. */
async function toConfirmation(mediationId: string, judge: string, tag: string): Promise<void> {
  ok(await callFunction('mediation-confirm', { op: 'apply', requestId: `conf-apply-hu-${tag}`, mediationId }, HU.openid));
  ok(await callFunction('mediation-confirm', { op: 'apply', requestId: `conf-apply-wu-${tag}`, mediationId }, WU.openid));
  ok(await callFunction('mediation-confirm', { op: 'accept', requestId: `conf-accept-${tag}`, mediationId, decision: 'accept' }, judge));
}

type Rows<T> = { data: T[] };
const rows = async <T>(collection: string, where: Record<string, unknown>) => ((await db.collection(collection).where(where).get()) as unknown as Rows<T>).data;
/** The mediator drafts the agreement that Mr Wu pays at once. */
const draft = async (mediationId: string, tag: string) =>
  ok(
    await callFunction(
      'mediation-agreement',
      { op: 'draft', requestId: `draft-${tag}`, mediationId, facts: '买卖合同货款纠纷', terms: payNow },
      MEDIATOR.openid,
    ),
  );

const offlineOf = (caseId: string, party: number) => rows<OfflineServiceRecord>('services', { caseId, party, channel: 'offline' });
/** What the clerk or judge enters for an offline service. */
type Entry = { method: 'post' | 'in-person' | 'lodged' | 'public-notice'; servedOn?: string; reference?: string; reason?: string };

describe('a 民特 ruling served off the platform', () => {
  it('served in person on Mr Wu, who gave no e-service address, takes effect that day, and Mr Hu applies to enforce it', async () => {
    await seedBureau(db);
    const judge = JUDGES[1]?.openid ?? '';
    const id = await preFilingInSession('off', false);
    const drafted = await draft(id, 'off');
    await signAll(id, drafted.sha256 ?? '', [HU.openid, WU.openid, MEDIATOR.openid], 'off');
    await toConfirmation(id, judge, 'off');

    // Mr Hu is served on the platform; Mr Wu, who never confirmed an address for e-service, goes on the judge's list (民事诉讼法 第九十条).
    const ruled = ok(await callFunction('mediation-confirm', { op: 'rule', requestId: 'rule-off', mediationId: id, valid: true }, judge));
    expect(ruled).toMatchObject({ state: 'closed', caseNumber: '（2026）粤0106民特1号', served: 1 });
    const [waiting] = await offlineOf(id, 1);
    expect(waiting).toMatchObject({ state: 'awaiting', partyName: WU.name, title: '（2026）粤0106民特1号 民事裁定书' });
    const list = ok(await callFunction('service-inbox', { view: 'offline' }, judge));
    expect(list.items).toEqual([expect.objectContaining({ serviceId: waiting?._id, caseId: id, partyName: WU.name })]);

    // Not yet served on Mr Wu: not yet effective (民事诉讼法 第一百五十八条), not yet enforceable.
    await operation('POST', 'clock', { now: '2026-03-11T02:00:00.000Z' });
    const apply = (requestId: string) =>
      callFunction('enforcement-apply', { op: 'apply', requestId, mediationId: id, decisionId: 'confirmation-ruling' }, HU.openid);
    expect((await apply('enf-off-0001')).result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('生效') } });

    // Bad records write nothing: a day still to come, a 留置送达 without how he refused, another judge, Mr Hu himself.
    const record = (requestId: string, entry: Entry, openid = judge) =>
      callFunction('service-send', { requestId, caseId: id, offlineService: { serviceId: waiting?._id ?? '', ...entry } }, openid);
    const before = await findById<MediationRecord>(db, 'mediations', id);
    expect((await record('off-bad-1', { method: 'in-person', servedOn: '2026-03-12' })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await record('off-bad-2', { method: 'lodged', servedOn: '2026-03-10' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'offlineService.reason': expect.stringContaining('第八十九条') } },
    });
    expect((await record('off-bad-3', { method: 'in-person', servedOn: '2026-03-10' }, JUDGES[2]?.openid)).result).toMatchObject(forbidden);
    expect((await record('off-bad-4', { method: 'in-person', servedOn: '2026-03-10' }, HU.openid)).result).toMatchObject(forbidden);
    expect((await offlineOf(id, 1))[0]).toEqual(waiting);
    expect((await findById<MediationRecord>(db, 'mediations', id))?.chain).toEqual(before?.chain);

    // Served in person on 03-10, Mr Wu signing the proof: recorded once, a retry answering the same.
    const served = await record('off-0001', { method: 'in-person', servedOn: '2026-03-10', reference: '吴海涛本人签收' });
    expect(served.result).toMatchObject({ ok: true, data: { recorded: { method: 'in-person', servedOn: '2026-03-10' } } });
    expect((await record('off-0001', { method: 'in-person', servedOn: '2026-03-10', reference: '吴海涛本人签收' })).result).toEqual(served.result);
    expect((await offlineOf(id, 1))[0]).toMatchObject({ state: 'served', method: 'in-person', servedOn: '2026-03-10', recordedBy: judge });
    expect((await record('off-0002', { method: 'post', servedOn: '2026-03-10' })).result).toMatchObject({ ok: false, error: { code: 'STATE' } });

    // Effective on 03-10, the day the last party was served: due then, so enforceable from the 11th, for two years (第二百五十条).
    const applied = ok(await apply('enf-off-0002'));
    expect(applied).toMatchObject({ op: 'apply', state: 'applied', appliedOn: '2026-03-11', applicationLastDay: '2028-03-10', late: false });
    const after = await findById<MediationRecord>(db, 'mediations', id);
    expect(await verifyCaseChain(db, id, after?.chain)).toMatchObject({ ok: true });
    const events = await rows<{ data: unknown }>('case_events', { caseId: id, action: 'service.recorded' });
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ method: 'in-person', servedOn: '2026-03-10', party: 1 }) })]);
  });
});

describe('the 调解书 off the platform', () => {
  it('is signed for in person, effective on the last receipt; 留置送达, 公告送达 and post are refused and write nothing', async () => {
    // Mr Wu answers for the company without consenting to e-service: its documents are served on paper (民事诉讼法 第九十条).
    const { caseId, caseNumber, judge, clerk, mediationId: id } = await mediationInHuCase(db, { consent: false, addressConfirmed: false });
    const drafted = ok(
      await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-0001', mediationId: id, facts: '货款纠纷', terms: payNow }, judge),
    );
    await signAll(id, drafted.sha256 ?? '', [HU.openid, WU.openid, judge], 'stmt');

    // The 调解书 is issued and served: on Mr Hu on the platform, on the company on the panel's list.
    const documentId = `${id}-statement`;
    const [waiting] = (await offlineOf(caseId, 1)).filter((s) => s.documentId === documentId);
    expect(waiting).toMatchObject({ state: 'awaiting', title: `${caseNumber} 民事调解书` });
    const inbox = ok(await callFunction('service-inbox', {}, HU.openid)).items.filter((s) => s.title.endsWith('民事调解书'));
    expect(inbox).toHaveLength(1);
    // Mr Hu reads it: the 调解书 as the court renders it, effective on both parties' receipts.
    const opened = ok(await callFunction('service-read', { requestId: 'read-0001', serviceId: inbox[0]?.serviceId ?? '' }, HU.openid));
    const html = await (await fetch(opened.url)).text();
    expect(html).toContain('民事调解书');
    expect(html).toContain('经双方当事人签收后，即具有法律效力');
    // Arrival and reading are no signature: it is not yet effective.
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.state).not.toBe('closed');
    await operation('POST', 'clock', { now: '2026-03-04T02:00:00.000Z' });
    ok(await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0001', mediationId: id }, HU.openid));

    // 民诉法解释 第一百三十三条: no 留置送达 of a 调解书; nor a deemed service by notice or post (民事诉讼法 第一百条). Nothing is written.
    await operation('POST', 'clock', { now: '2026-03-06T02:00:00.000Z' });
    const record = (requestId: string, entry: Entry) =>
      callFunction('service-send', { requestId, caseId, offlineService: { serviceId: waiting?._id ?? '', ...entry } }, clerk);
    const caseBefore = await findById<CaseRecord>(db, 'cases', caseId);
    const mediationBefore = await findById<MediationRecord>(db, 'mediations', id);
    const lodged = await record('stmt-bad-1', { method: 'lodged', servedOn: '2026-03-06', reason: '被告法定代表人拒绝签收，村委会主任见证' });
    expect(lodged.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '调解书应当直接送达当事人本人，不适用留置送达（民诉法解释 第一百三十三条；民事诉讼法 第八十九条）' },
    });
    expect((await record('stmt-bad-2', { method: 'public-notice', reason: '被告下落不明，无法送达' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('第一百条') },
    });
    expect((await record('stmt-bad-3', { method: 'post', servedOn: '2026-03-06' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('第一百三十三条') },
    });
    expect((await offlineOf(caseId, 1)).find((s) => s._id === waiting?._id)).toEqual(waiting);
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.chain).toEqual(caseBefore?.chain);
    expect((await findById<MediationRecord>(db, 'mediations', id))?.chain).toEqual(mediationBefore?.chain);
    expect(await rows('announcements', { caseId })).toEqual([]);

    // Served in person, Mr Wu signing for the company on 03-05: the last receipt, so effective that day and the case closed.
    const served = await record('stmt-0001', { method: 'in-person', servedOn: '2026-03-05', reference: '吴海涛（法定代表人）签收' });
    expect(served.result).toMatchObject({ ok: true, data: { recorded: { method: 'in-person', servedOn: '2026-03-05' } } });
    const closed = await findById<CaseRecord>(db, 'cases', caseId);
    expect(closed).toMatchObject({ state: 'closed', closing: { outcome: 'mediation', on: '2026-03-05' } });
    expect(closed?.decisions).toEqual([expect.objectContaining({ kind: 'mediation-statement', effectiveOn: '2026-03-05' })]);
    const mediation = await findById<MediationRecord>(db, 'mediations', id);
    expect(mediation).toMatchObject({ state: 'closed', statement: { effectiveOn: '2026-03-05' } });
    expect(mediation?.statement?.receipts.map((r) => [r.party, r.on, Boolean(r.serviceId)])).toEqual([
      [0, '2026-03-04', false],
      [1, '2026-03-05', true],
    ]);
    expect((await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0002', mediationId: id }, WU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    const caseEvents = (await rows<{ action: string; seq: number }>('case_events', { caseId })).sort((a, b) => a.seq - b.seq);
    expect(caseEvents.slice(-2).map((e) => e.action)).toEqual(['service.recorded', 'mediation.statement-effective']);
    expect(await verifyCaseChain(db, caseId, closed?.chain)).toMatchObject({ ok: true });
    expect(await verifyCaseChain(db, id, mediation?.chain)).toMatchObject({ ok: true });
  });
});

describe('the judge who confirms an agreement', () => {
  it('reads the agreement, never the statements or the caucus (在线调解规则 第十八条), on any path he has', async () => {
    const judge = JUDGES[1]?.openid ?? '';
    const id = await preFilingInSession('seal');
    const said = ['双方先谈谈各自的意见。', '四十五万我可以接受。', '吴先生最多能付多少？'];
    const open = ok(await callFunction('mediation-session', { op: 'open', requestId: 'session-0001', mediationId: id, mode: 'text' }, MEDIATOR.openid));
    ok(await say(id, open.sessionId, said[0] ?? '', MEDIATOR.openid, 'say-0001'));
    const caucus = ok(
      await callFunction('mediation-session', { op: 'open', requestId: 'session-0002', mediationId: id, mode: 'text', caucus: 0 }, MEDIATOR.openid),
    );
    ok(await say(id, caucus.sessionId, said[1] ?? '', HU.openid, 'say-0002'));
    ok(await say(id, caucus.sessionId, said[2] ?? '', MEDIATOR.openid, 'say-0003'));
    const drafted = await draft(id, 'seal');
    await signAll(id, drafted.sha256 ?? '', [HU.openid, WU.openid, MEDIATOR.openid], 'seal');
    await toConfirmation(id, judge, 'seal');

    const leaks = (answer: unknown) => said.filter((text) => JSON.stringify(answer).includes(text));
    // mediation-detail: the agreement and its signatures, no session and no statement.
    const seen = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, judge));
    if (seen.view !== 'one') throw new Error('expected one mediation');
    expect(seen.mediation).toMatchObject({ state: 'confirmation', agreement: { text: expect.stringContaining(WU.name), sha256: drafted.sha256 } });
    expect(seen.mediation.statements).toEqual([]);
    expect(seen.mediation.sessions).toEqual([]);
    expect(leaks(seen)).toEqual([]);
    // The mediator still reads all of it: the seal is the judge's, not a loss.
    const mediatorSees = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, MEDIATOR.openid));
    if (mediatorSees.view !== 'one') throw new Error('expected one mediation');
    expect(mediatorSees.mediation.statements.map((s) => s.text)).toEqual(said);
    // His lists: nothing of what was said.
    for (const view of ['mine', 'workbench'] as const) expect(leaks(await callFunction('mediation-detail', { view }, judge))).toEqual([]);
    // No other door: the session ops, the dossier, the case page (its timeline), the chain check.
    for (const [name, input] of [
      ['mediation-session', { op: 'say', requestId: 'say-judge', mediationId: id, sessionId: caucus.sessionId ?? '', text: '法官想看看。' }],
      ['dossier-list', { caseId: id }],
      ['dossier-url', { caseId: id, documentId: 'confirmation-ruling' }],
      ['case-detail', { caseId: id }],
      ['case-verify', { op: 'chain', caseId: id }],
    ] as const) {
      const answer = await callFunction(name, input, judge);
      expect(answer.result.ok).toBe(false);
      expect(leaks(answer)).toEqual([]);
    }
    // The ruling he makes and serves carries the agreement, not the words.
    ok(await callFunction('mediation-confirm', { op: 'rule', requestId: 'rule-seal', mediationId: id, valid: true }, judge));
    const [served] = ok(await callFunction('service-inbox', {}, HU.openid)).items.filter((s) => s.title.endsWith('民事裁定书'));
    const opened = ok(await callFunction('service-read', { requestId: 'read-seal', serviceId: served?.serviceId ?? '' }, HU.openid));
    const html = await (await fetch(opened.url)).text();
    expect(html).toContain('调解协议有效');
    expect(leaks(html)).toEqual([]);
    // The chain keeps a statement's hash only: no event of the mediation carries the words.
    const events = await rows('case_events', { caseId: id });
    expect(events.length).toBeGreaterThan(10);
    expect(leaks(events)).toEqual([]);
  });
});

describe('the 调解书 a party backs out of (民事诉讼法 第一百零二条)', () => {
  it('comes off the clerk’s list: it is no longer served, and the case goes on to judgment', async () => {
    const { caseId, clerk, judge, mediationId: id } = await mediationInHuCase(db, { consent: false, addressConfirmed: false });
    const drafted = await judgeDrafts(id, judge);
    await signAll(id, drafted.sha256 ?? '', [HU.openid, WU.openid, judge], 'back');
    const [waiting] = (await offlineOf(caseId, 1)).filter((s) => s.documentId === `${id}-statement`);
    expect(waiting).toMatchObject({ state: 'awaiting' });
    ok(await callFunction('mediation-agreement', { op: 'back-out', requestId: 'back-0001', mediationId: id, reason: '反悔，不同意该方案' }, WU.openid));
    expect((await offlineOf(caseId, 1)).find((s) => s._id === waiting?._id)).toMatchObject({ state: 'withdrawn' });
    expect(ok(await callFunction('service-inbox', { view: 'offline' }, clerk)).items.map((i) => i.serviceId)).not.toContain(waiting?._id);
    const recorded = await callFunction(
      'service-send',
      { requestId: 'back-record-0001', caseId, offlineService: { serviceId: waiting?._id ?? '', method: 'in-person', servedOn: '2026-03-02' } },
      clerk,
    );
    expect(recorded.result).toMatchObject({ ok: false, error: { code: 'STATE', message: '该文书已失效，无需再送达' } });
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.state).not.toBe('closed');
  });
});
