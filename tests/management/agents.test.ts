import cloud from 'wx-server-sdk';

import { findById } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import type { AgentInput } from '#schemas/agents';
import type { AgentPower } from '#domain/agents';
import { callFunction, callWithAnyInput, countOf as countInDb, ok, operation, resetEmulator } from '../support/emulator';
import { recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { assignedHuCase, today } from '../support/management';
import { CLERK, HU, LIN, seedCourts, upload, verify, verifyApprovedLawyer, WU, residentId } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const agent = (openid: string, input: AgentInput) => callFunction('agent', input, openid);
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

const COMPANY = '广州某贸易有限公司';
/** A second and a third lawyer, approved like Lin. */
const ZHANG = { openid: 'o-lawyer-zhang', name: '张律师', idNumber: residentId('44010619800101303') };
const QIAN = { openid: 'o-lawyer-qian', name: '钱律师', idNumber: residentId('44010619800101404') };

async function approvedLawyer(person: { openid: string; name: string; idNumber: string }): Promise<void> {
  await verify(person);
  await db
    .collection('users')
    .doc(person.openid)
    .update({ data: { kind: 'lawyer', lawyer: { licence: '14401200010000009', firm: '广东另一律师事务所' }, lawyerApprovedAt: new Date() } });
}

async function joinInput(openid: string, requestId: string, caseNumber: string, powers: AgentPower[]) {
  return {
    op: 'join' as const,
    requestId,
    caseNumber,
    partyName: COMPANY,
    powerOfAttorney: await upload(openid, '授权委托书.pdf', `%PDF-1.4 power of attorney for ${openid}`),
    powers,
    service: { consent: true, addressConfirmed: true },
  };
}

let caseId: string;
let caseNumber: string;
let presiding: string;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  ({ caseId, caseNumber, presiding } = await assignedHuCase());
  await verify(WU);
  const joined = ok(await callFunction('case-join', await wuJoinsFor('join-wu-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid));
  if (joined.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid);
  await verifyApprovedLawyer(db);
});

describe('a lawyer as the defendant’s agent (民事诉讼法 第六十一条至第六十三条)', () => {
  it('joins with its power of attorney, is confirmed by the client, files a defence, is refused what it was not granted, and once revoked sees nothing', async () => {
    // "全权代理" alone: the power of attorney names only receiving service, none of the special powers (第六十二条).
    const input = await joinInput(LIN.openid, 'agent-join-0001', caseNumber, ['receive-service']);
    const joined = ok(await agent(LIN.openid, input));
    expect(joined).toMatchObject({ op: 'join', caseId, agency: { party: COMPANY, agentName: LIN.name, state: 'pending', powers: ['receive-service'] } });
    if (joined.op !== 'join') throw new Error('unreachable');
    expect(joined.agency.powerOfAttorneySha256).toMatch(/^[0-9a-f]{64}$/);
    // A retry answers the first result and writes nothing more.
    expect((await agent(LIN.openid, input)).result).toEqual({ ok: true, data: joined });
    const { agencyId } = joined.agency;
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.agencies).toHaveLength(1);

    // Not yet confirmed: a case number and a party's name prove no mandate.
    expect((await callFunction('case-detail', { caseId }, LIN.openid)).result).toMatchObject(forbidden);
    // The other side cannot confirm it, nor can the lawyer itself.
    for (const who of [HU.openid, LIN.openid]) {
      expect((await agent(who, { op: 'confirm', requestId: 'agent-confirm-x001', caseId, agencyId, decision: 'confirm' })).result).toMatchObject(forbidden);
    }
    // The client confirms from its own phone.
    const confirmed = ok(await agent(WU.openid, { op: 'confirm', requestId: 'agent-confirm-0001', caseId, agencyId, decision: 'confirm' }));
    expect(confirmed).toMatchObject({ op: 'confirm', agency: { state: 'active', confirmedOn: '2026-03-02' } });

    // Files the defence for the company.
    const defence = await upload(LIN.openid, '答辩状.pdf', '%PDF-1.4 defence');
    ok(
      await callFunction(
        'evidence-add',
        { requestId: 'agent-defence-0001', caseId, items: [{ title: '答辩状', proves: '被告对原告诉请的答辩意见', file: defence }] },
        LIN.openid,
      ),
    );
    // The company lists its agents; so does the other side (who acts for whom is no secret).
    const listed = ok(await agent(HU.openid, { op: 'list', caseId }));
    expect(listed).toMatchObject({ op: 'list', agencies: [{ agencyId, state: 'active', powersText: '代为签收法律文书' }] });
    // The lawyer's workbench: the case is listed with its next deadline.
    const mine = ok(await callFunction('case-list', {}, LIN.openid));
    expect(mine.items).toEqual([
      expect.objectContaining({ id: caseId, myRoles: ['agent'], nextDeadline: expect.objectContaining({ date: expect.any(String) }) }),
    ]);

    // The judgment, pronounced 03-02 and served on both sides (the lawyer receives it for the company).
    const closed = ok(
      await callFunction(
        'case-close',
        {
          op: 'close',
          requestId: 'agent-close-0001',
          caseId,
          outcome: 'judgment',
          document: {
            title: '民事判决书',
            file: await upload(presiding, '判决书.pdf', '%PDF-1.4 judgment'),
            text: '原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，判决被告支付货款500000元。',
            issuedOn: '2026-03-02',
          },
          feeShares: [{ party: 1, fen: 880_000 }],
        },
        presiding,
      ),
    );
    if (closed.op !== 'close') throw new Error('unreachable');
    ok(await callFunction('service-send', { requestId: 'agent-serve-0001', caseId, documentId: closed.closing.decision?.documentId ?? '' }, CLERK.openid));
    // An appeal is a special act its power of attorney does not name: refused, naming the power (第六十二条; 解释 第一百四十七条), nothing filed.
    await today('2026-03-03');
    const appeal = await callFunction('appeal', { requestId: 'agent-appeal-0001', caseId, reasons: '一审判决认定事实错误，请求撤销原判。' }, LIN.openid);
    expect(appeal.result).toMatchObject(forbidden);
    expect(JSON.stringify(appeal.result)).toContain('代为提起上诉');
    expect(await countOf('case_events', { caseId, action: 'appeal.filed' })).toBe(0);
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.decisions?.[0]?.appeals).toBeUndefined();

    // Revoked on 03-05 (第六十三条): access and service address end that day; the other side is told.
    await today('2026-03-05');
    const outboxBefore = (await operation<{ messages: { touser: string }[] }>('GET', 'outbox')).messages.filter((m) => m.touser === HU.openid).length;
    const revoked = ok(await agent(WU.openid, { op: 'revoke', requestId: 'agent-revoke-0001', caseId, agencyId, reason: '公司另行委托' }));
    expect(revoked).toMatchObject({ op: 'revoke', agency: { state: 'revoked', endedOn: '2026-03-05', reason: '公司另行委托' } });
    const outbox = (await operation<{ messages: { touser: string }[] }>('GET', 'outbox')).messages.filter((m) => m.touser === HU.openid);
    expect(outbox.length).toBe(outboxBefore + 1);
    const huSees = ok(await callFunction('case-detail', { caseId }, HU.openid));
    expect(huSees.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['agent.applied', 'agent.confirmed', 'agent.revoked']));

    // The next day the revoked lawyer sees nothing and does nothing.
    await today('2026-03-06');
    expect(ok(await callFunction('case-list', {}, LIN.openid)).items).toEqual([]);
    expect((await callFunction('case-detail', { caseId }, LIN.openid)).result).toMatchObject(forbidden);
    expect((await agent(LIN.openid, { op: 'list', caseId })).result).toMatchObject(forbidden);
    const evidenceBefore = await countOf('evidence', { caseId });
    const late = await upload(LIN.openid, '补充答辩.pdf', '%PDF-1.4 more');
    expect(
      (
        await callFunction(
          'evidence-add',
          { requestId: 'agent-defence-0002', caseId, items: [{ title: '补充答辩', proves: '补充答辩意见', file: late }] },
          LIN.openid,
        )
      ).result,
    ).toMatchObject(forbidden);
    expect(await countOf('evidence', { caseId })).toBe(evidenceBefore);
    // Nothing served on the case reaches the old address.
    const record = await findById<CaseRecord>(db, 'cases', caseId);
    expect(record?.members.find((m) => m.openid === LIN.openid)?.revokedAt).toBeDefined();
    expect(record?.eService[LIN.openid]).toEqual({ consent: false, addressConfirmed: false });

    // The case closes and is archived: the former agent reads its main file for a retrial application
    // (律师阅卷规定 第一条、第五条; §8.5 vector 5), every read recorded, and still nothing else of the case.
    await today('2026-03-10');
    const ruling = await upload(presiding, '裁定书.pdf', '%PDF-1.4 withdrawal ruling');
    ok(
      await callFunction(
        'case-close',
        {
          op: 'close',
          requestId: 'agent-close-0001',
          caseId,
          outcome: 'withdrawal',
          ground: '原告胡建国以与被告已自行和解为由申请撤回起诉，符合法律规定，准许原告撤诉。',
          document: { title: '民事裁定书', file: ruling, text: '准许原告胡建国撤回起诉。', issuedOn: '2026-03-10' },
        },
        presiding,
      ),
    );
    await today('2026-09-01');
    const dossier = ok(await callFunction('dossier-list', { caseId }, LIN.openid));
    expect(dossier.documents.length).toBeGreaterThan(0);
    const first = dossier.documents[0];
    if (!first) throw new Error('unreachable');
    expect(ok(await callFunction('dossier-url', { caseId, documentId: first.documentId }, LIN.openid))).toMatchObject({ url: expect.any(String) });
    expect((await callFunction('case-detail', { caseId }, LIN.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('deliberation', { op: 'read', caseId }, LIN.openid)).result).toMatchObject(forbidden);
  });

  it('the panel confirms on the paper when the client is not on the platform; a refusal needs reasons; a change of powers holds at once', async () => {
    const joined = ok(await agent(LIN.openid, await joinInput(LIN.openid, 'agent-join-0002', caseNumber, ['receive-service'])));
    if (joined.op !== 'join') throw new Error('unreachable');
    const { agencyId } = joined.agency;
    // A refusal without reasons writes nothing.
    expect((await agent(CLERK.openid, { op: 'confirm', requestId: 'agent-confirm-0002', caseId, agencyId, decision: 'reject' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    ok(await agent(CLERK.openid, { op: 'confirm', requestId: 'agent-confirm-0003', caseId, agencyId, decision: 'confirm' }));
    const documents = (await findById<CaseRecord>(db, 'cases', caseId))?.documents ?? [];
    expect(documents.filter((d) => d.kind === 'power-of-attorney')).toHaveLength(1);
    // The company widens the powers to signing a mediation agreement; the lawyer may not widen its own.
    expect(
      (await agent(LIN.openid, { op: 'change', requestId: 'agent-change-x001', caseId, agencyId, powers: ['receive-service', 'sign-mediation'] })).result,
    ).toMatchObject(forbidden);
    const changed = ok(
      await agent(WU.openid, { op: 'change', requestId: 'agent-change-0001', caseId, agencyId, powers: ['sign-mediation', 'receive-service'] }),
    );
    expect(changed).toMatchObject({ agency: { powers: ['sign-mediation', 'receive-service'], powersText: '代为签收调解书、签署调解协议、代为签收法律文书' } });
    const member = (await findById<CaseRecord>(db, 'cases', caseId))?.members.filter((m) => m.openid === LIN.openid);
    expect(member).toEqual([expect.objectContaining({ role: 'agent', for: '1', powers: ['sign-mediation', 'receive-service'] })]);
    // The lawyer withdraws itself (律师法 第三十二条).
    ok(await agent(LIN.openid, { op: 'revoke', requestId: 'agent-revoke-0002', caseId, agencyId }));
    expect((await callFunction('case-detail', { caseId }, LIN.openid)).result).toMatchObject(forbidden);
  });

  it('at most two agents per party: a third is refused (第六十一条)', async () => {
    await approvedLawyer(ZHANG);
    await approvedLawyer(QIAN);
    ok(await agent(LIN.openid, await joinInput(LIN.openid, 'agent-join-0003', caseNumber, ['receive-service'])));
    ok(await agent(ZHANG.openid, await joinInput(ZHANG.openid, 'agent-join-0004', caseNumber, [])));
    const third = await agent(QIAN.openid, await joinInput(QIAN.openid, 'agent-join-0005', caseNumber, ['appeal']));
    expect(third.result).toMatchObject({ ok: false, error: { code: 'STATE' } });
    expect(JSON.stringify(third.result)).toContain('第六十一条');
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.agencies).toHaveLength(2);
  });

  it('refuses a stranger, a party, the wrong case and bad input, writing nothing', async () => {
    const before = await countOf('case_events', { caseId });
    // Not a lawyer: a verified party.
    expect((await agent(HU.openid, await joinInput(HU.openid, 'agent-join-x001', caseNumber, []))).result).toMatchObject(forbidden);
    // No such party on the case, and no such case: the same answer.
    const noParty = { ...(await joinInput(LIN.openid, 'agent-join-x002', caseNumber, [])), partyName: '某某公司' };
    const noCase = await joinInput(LIN.openid, 'agent-join-x003', '（2026）粤0106民初9999号', []);
    const [a, b] = [await agent(LIN.openid, noParty), await agent(LIN.openid, noCase)];
    expect(a.result).toMatchObject(forbidden);
    expect(b.result).toEqual(a.result);
    // Bad input: an unknown power, a missing power of attorney.
    expect((await callWithAnyInput('agent', { ...noParty, requestId: 'agent-join-x004', powers: ['everything'] }, LIN.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const { powerOfAttorney: _file, ...withoutFile } = noParty;
    expect((await callWithAnyInput('agent', { ...withoutFile, requestId: 'agent-join-x005' }, LIN.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // A stranger and another case's party may not list or manage this case's agents.
    const joined = ok(await agent(LIN.openid, await joinInput(LIN.openid, 'agent-join-0006', caseNumber, [])));
    if (joined.op !== 'join') throw new Error('unreachable');
    for (const who of ['o-nobody', ZHANG.openid]) {
      expect((await agent(who, { op: 'list', caseId })).result).toMatchObject({ ok: false });
      expect((await agent(who, { op: 'revoke', requestId: 'agent-revoke-x001', caseId, agencyId: joined.agency.agencyId })).result).toMatchObject({
        ok: false,
      });
    }
    // Unknown agency on the right case.
    expect((await agent(WU.openid, { op: 'revoke', requestId: 'agent-revoke-x002', caseId, agencyId: 'agency-9-none-1' })).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await countOf('case_events', { caseId })).toBe(before + 1);
  });
});
