import cloud from 'wx-server-sdk';
import { findById, verifyCaseChain } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import { callFunction, callWithAnyInput, countOf as countInDb, ok, operation } from '../support/emulator';
import { CIVIL_LEADER, seedBureau } from '../support/enforcement';
import {
  faceFor,
  huApplication,
  judgeDrafts,
  MEDIATION_PRESIDENT,
  MEDIATOR,
  mediatorProfile,
  OFFICE,
  mediationWorld,
  preFilingInSession,
  say,
  signature,
  terms,
  uploadToMediation,
  verifyStaff,
} from '../support/mediation';
import { acceptedHuCase, huComplaint, recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { CLERK, HU, JUDGES, REGISTRAR, WU } from '../support/people';
import { facePurposes } from '#domain/e-signature';

/*
 * 在线调解 through the emulator: a pre-filing mediation to an agreement and its judicial
 * confirmation; Judge Chen's mediation in Mr Hu's case to the 调解书's last receipt, the case
 * closed and half the fee refunded; a failed one filed online with its materials; a refusal to sign.
 */

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);

const PRESIDENT = MEDIATION_PRESIDENT;
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
const profile = mediatorProfile;
const upload = uploadToMediation;

beforeEach(() => mediationWorld(db));

describe('before filing: an agreement and its judicial confirmation', () => {
  it('runs application, screening, designation, acceptance, consent, sessions, the signed agreement, and a 民特 ruling making it enforceable', async () => {
    // The roster publishes the profile 在线调解规则 第五条第二款 requires.
    const roster = ok(await callFunction('mediation-detail', { view: 'roster', courtId: 'gz-tianhe' }, HU.openid));
    expect(roster).toMatchObject({
      view: 'roster',
      mediators: [
        {
          name: MEDIATOR.name,
          kindLabel: '特邀调解员',
          caseRange: ['买卖合同纠纷', '民间借贷纠纷'],
          fee: { charged: false },
          invitingCourt: '广州市天河区人民法院',
        },
      ],
    });

    const material = await upload(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
    const application = huApplication('apply-0001', material);
    const applied = await callFunction('mediation-apply', application, HU.openid);
    expect(applied.result).toEqual({ ok: true, data: { mediationId: 'med-gz-tianhe-2026-1', state: 'applied', number: '（2026）粤0106民诉前调1号' } });
    // A retry is the same application.
    expect((await callFunction('mediation-apply', application, HU.openid)).result).toEqual(applied.result);
    expect(await countOf('mediations')).toBe(1);
    const id = ok(applied).mediationId;

    // Mr Wu is not yet on it; a judge of the court is no mediator.
    expect((await callFunction('mediation-detail', { view: 'one', mediationId: id }, WU.openid)).result).toMatchObject(forbidden);
    expect(
      (await callFunction('mediation-apply', { op: 'screen', requestId: 'screen-x001', mediationId: id, decision: 'accept' }, JUDGES[0]?.openid)).result,
    ).toMatchObject(forbidden);

    // 第九条、第十条: screened, then designated within 3 working days (Monday 03-02 → Thursday 03-05).
    const screened = ok(await callFunction('mediation-apply', { op: 'screen', requestId: 'screen-0001', mediationId: id, decision: 'accept' }, OFFICE.openid));
    expect(screened).toMatchObject({ state: 'assigning', step: { kind: 'designation', dueOn: '2026-03-05' } });
    const designated = ok(
      await callFunction('mediation-assign', { op: 'designate', requestId: 'designate-0001', mediationId: id, mediator: MEDIATOR.openid }, OFFICE.openid),
    );
    expect(designated).toMatchObject({ state: 'awaiting-acceptance', mediator: MEDIATOR.name, step: { kind: 'acceptance', dueOn: '2026-03-05' } });
    expect((await callFunction('mediation-assign', { op: 'accept', requestId: 'accept-x001', mediationId: id }, HU.openid)).result).toMatchObject(forbidden);
    const accepted = ok(await callFunction('mediation-assign', { op: 'accept', requestId: 'accept-0001', mediationId: id }, MEDIATOR.openid));
    expect(accepted).toMatchObject({ state: 'awaiting-respondent', step: { kind: 'respondent' } });

    // Mr Wu, whom Mr Hu named, agrees: 30 days from the mediator's acceptance (第二十四条).
    const consented = ok(
      await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0001', mediationId: id, consent: true, addressConfirmed: true }, WU.openid),
    );
    expect(consented).toMatchObject({ state: 'in-session', period: { startOn: '2026-03-02', endOn: '2026-04-01' } });

    // A session for all, then a caucus with Mr Hu alone: sealed from Mr Wu (第十八条).
    const open = ok(await callFunction('mediation-session', { op: 'open', requestId: 'session-0001', mediationId: id, mode: 'text' }, MEDIATOR.openid));
    ok(await say(id, open.sessionId, '双方先谈谈各自的意见。', MEDIATOR.openid, 'say-0001'));
    const caucus = ok(
      await callFunction('mediation-session', { op: 'open', requestId: 'session-0002', mediationId: id, mode: 'text', caucus: 0 }, MEDIATOR.openid),
    );
    ok(await say(id, caucus.sessionId, '四十五万我可以接受。', HU.openid, 'say-0002'));
    expect(
      (
        await callFunction(
          'mediation-session',
          { op: 'say', requestId: 'say-x001', mediationId: id, sessionId: caucus.sessionId ?? '', text: '我也想听。' },
          WU.openid,
        )
      ).result,
    ).toMatchObject(forbidden);
    const wuSees = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, WU.openid));
    const huSees = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, HU.openid));
    if (wuSees.view !== 'one' || huSees.view !== 'one') throw new Error('expected one mediation');
    expect(wuSees.mediation.statements.map((s) => s.text)).toEqual(['双方先谈谈各自的意见。']);
    expect(huSees.mediation.statements.map((s) => s.text)).toEqual(['双方先谈谈各自的意见。', '四十五万我可以接受。']);
    expect(huSees.mediation.inadmissible).toContain('第十八条');

    // An online session: a fresh face check for this session (在线调解规则 第七条), then the video room.
    const online = ok(await callFunction('mediation-session', { op: 'open', requestId: 'session-0003', mediationId: id, mode: 'online' }, MEDIATOR.openid));
    const purpose = facePurposes.mediationSession(`${id}:${online.sessionId ?? ''}`);
    const stale = await faceFor(HU.openid, facePurposes.signature('b'.repeat(64)));
    expect(
      (
        await callFunction(
          'mediation-session',
          { op: 'join', requestId: 'join-x001', mediationId: id, sessionId: online.sessionId ?? '', verifyId: stale },
          HU.openid,
        )
      ).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
    const joined = ok(
      await callFunction(
        'mediation-session',
        { op: 'join', requestId: 'join-0001', mediationId: id, sessionId: online.sessionId ?? '', verifyId: await faceFor(HU.openid, purpose) },
        HU.openid,
      ),
    );
    expect(joined.room).toMatchObject({ roomId: expect.any(String), userSig: expect.any(String) });
    expect(await operation('POST', 'trtc/enter', joined.room)).toMatchObject({ ok: true });

    // The agreement from structured terms; each signs the hash he read; the first signature freezes it.
    const drafted = ok(
      await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-0001', mediationId: id, facts: '买卖合同货款纠纷', terms }, MEDIATOR.openid),
    );
    expect(drafted).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), awaiting: [HU.name, WU.name, `调解员${MEDIATOR.name}`] });
    const sha256 = drafted.sha256 ?? '';
    const sign = async (openid: string, requestId: string) =>
      callFunction(
        'mediation-agreement',
        { op: 'sign', requestId, mediationId: id, sha256, signature: await signature(openid), verifyId: await faceFor(openid, facePurposes.signature(sha256)) },
        openid,
      );
    expect(
      (
        await callFunction(
          'mediation-agreement',
          {
            op: 'sign',
            requestId: 'sign-x001',
            mediationId: id,
            sha256: 'a'.repeat(64),
            signature: await signature(HU.openid),
            verifyId: await faceFor(HU.openid, facePurposes.signature('a'.repeat(64))),
          },
          HU.openid,
        )
      ).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const first = await sign(HU.openid, 'sign-0001');
    expect(first.result).toMatchObject({ ok: true, data: { signed: [HU.name], awaiting: [WU.name, `调解员${MEDIATOR.name}`] } });
    expect((await sign(HU.openid, 'sign-0001')).result).toEqual(first.result);
    expect(
      (await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-0002', mediationId: id, facts: '买卖合同货款纠纷', terms }, MEDIATOR.openid))
        .result,
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    ok(await sign(WU.openid, 'sign-0002'));
    const last = ok(await sign(MEDIATOR.openid, 'sign-0003'));
    expect(last).toMatchObject({ state: 'signed', effectiveOn: '2026-03-02', awaiting: [] });

    // 民事诉讼法 第二百零五条: a joint application within 30 days; a 民特 number; 15 days (+10 with the president's approval).
    const huApplies = ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'confirm-0001', mediationId: id }, HU.openid));
    expect(huApplies).toMatchObject({ state: 'signed', dueOn: '2026-04-01', awaiting: [WU.name] });
    expect(ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'confirm-0002', mediationId: id }, WU.openid))).toMatchObject({
      state: 'confirmation',
    });
    expect(
      (await callFunction('mediation-confirm', { op: 'accept', requestId: 'confirm-x001', mediationId: id, decision: 'accept' }, MEDIATOR.openid)).result,
    ).toMatchObject(forbidden);
    const judge = JUDGES[1]?.openid ?? '';
    const acceptance = ok(await callFunction('mediation-confirm', { op: 'accept', requestId: 'confirm-0003', mediationId: id, decision: 'accept' }, judge));
    expect(acceptance).toMatchObject({ caseNumber: '（2026）粤0106民特1号', decisionDueOn: '2026-03-17' });
    expect(ok(await callFunction('mediation-confirm', { op: 'extend', requestId: 'confirm-0004', mediationId: id }, PRESIDENT.openid))).toMatchObject({
      decisionDueOn: '2026-03-27',
    });
    const ruled = ok(await callFunction('mediation-confirm', { op: 'rule', requestId: 'confirm-0005', mediationId: id, valid: true }, judge));
    expect(ruled).toMatchObject({ state: 'closed', caseNumber: '（2026）粤0106民特1号', ruling: { valid: true, enforceable: true, on: '2026-03-02' } });

    const record = await findById<{ chain: { seq: number; hash: string } }>(db, 'mediations', id);
    expect(await verifyCaseChain(db, id, record?.chain)).toMatchObject({ ok: true });
    const seen = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, WU.openid));
    expect(seen).toMatchObject({ view: 'one', mediation: { state: 'closed', chainVerified: true, confirmation: { ruling: { valid: true } } } });
  });
});

describe('judicial confirmation: the deciding judge, the ruling served, and enforcement from it', () => {
  it('the accepting judge reads the mediation and rules, no other judge does; the 民特 ruling is served through the services and enforced in one call', async () => {
    await seedBureau(db);
    const OTHER_DIVISION_JUDGE = { openid: 'o-judge-civil-2', name: '冯法官' };
    const other = {
      _id: OTHER_DIVISION_JUDGE.openid,
      name: OTHER_DIVISION_JUDGE.name,
      courtId: 'gz-tianhe',
      divisionId: 'tianhe-civil-2',
      roles: ['judge'],
      active: true,
    };
    await db.collection('staff').add({ data: other });
    await db.collection('users').add({
      data: {
        _id: other._id,
        kind: 'staff',
        name: other.name,
        staff: { courtId: other.courtId, divisionId: other.divisionId, roles: other.roles, active: true },
      },
    });

    const id = await preFilingInSession('conf');
    const drafted = ok(
      await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-conf', mediationId: id, facts: '买卖合同货款纠纷', terms }, MEDIATOR.openid),
    );
    const sha256 = drafted.sha256 ?? '';
    for (const person of [HU.openid, WU.openid, MEDIATOR.openid])
      ok(
        await callFunction(
          'mediation-agreement',
          {
            op: 'sign',
            requestId: `sign-conf-${person}`,
            mediationId: id,
            sha256,
            signature: await signature(person),
            verifyId: await faceFor(person, facePurposes.signature(sha256)),
          },
          person,
        ),
      );
    ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'conf-apply-hu', mediationId: id }, HU.openid));
    ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'conf-apply-wu', mediationId: id }, WU.openid));

    // Before acceptance no judge reads what was said in the mediation; the judge who accepts becomes the 民特 case's judge.
    const judge = JUDGES[1]?.openid ?? '';
    const sameDivision = JUDGES[2]?.openid ?? '';
    const read = (openid: string) => callFunction('mediation-detail', { view: 'one', mediationId: id }, openid);
    expect((await read(judge)).result).toMatchObject(forbidden);
    ok(await callFunction('mediation-confirm', { op: 'accept', requestId: 'conf-accept', mediationId: id, decision: 'accept' }, judge));
    expect(ok(await read(judge))).toMatchObject({ view: 'one', mediation: { state: 'confirmation' } });
    expect((await read(OTHER_DIVISION_JUDGE.openid)).result).toMatchObject(forbidden);
    expect((await read(sameDivision)).result).toMatchObject(forbidden);
    // Nor does the leader of the judge's division: the mediation takes no division from the judge.
    expect((await read(CIVIL_LEADER.openid)).result).toMatchObject(forbidden);
    for (const openid of [OTHER_DIVISION_JUDGE.openid, sameDivision])
      expect(
        (await callFunction('mediation-confirm', { op: 'rule', requestId: `conf-rule-${openid}`, mediationId: id, valid: true }, openid)).result,
      ).toMatchObject(forbidden);

    // The ruling: served on both parties through the services, each told. Mr Wu was never asked to confirm his address
    // for service, so it is served on him when he opens it; the ruling takes effect on the last party's service.
    await db
      .collection('mediations')
      .doc(id)
      .update({ data: { 'parties.1.addressConfirmed': db.command.remove() } });
    const ruled = ok(await callFunction('mediation-confirm', { op: 'rule', requestId: 'conf-rule', mediationId: id, valid: true }, judge));
    expect(ruled).toMatchObject({ state: 'closed', caseNumber: '（2026）粤0106民特1号', served: 2, decisionId: 'confirmation-ruling' });
    expect(ok(await callFunction('mediation-confirm', { op: 'rule', requestId: 'conf-rule', mediationId: id, valid: true }, judge))).toEqual(ruled);
    // Served once each: the agreement when it took effect (在线调解规则 第十九条), then the ruling.
    expect(await countOf('services', { caseId: id })).toBe(4);
    const served = ok(await callFunction('service-inbox', {}, WU.openid)).items;
    expect(served).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseId: id, caseNumber: '（2026）粤0106民诉前调1号', title: '调解协议' }),
        expect.objectContaining({ caseId: id, caseNumber: '（2026）粤0106民特1号', title: '（2026）粤0106民特1号 民事裁定书' }),
      ]),
    );
    expect(served).toHaveLength(2);
    const agreement = ok(
      await callFunction('service-read', { requestId: 'agreement-read-wu', serviceId: served.find((s) => s.title === '调解协议')?.serviceId ?? '' }, WU.openid),
    );
    const agreementHtml = await (await fetch(agreement.url)).text();
    expect(agreementHtml).toContain('三十日内（至2026-04-01）');
    const inbox = served.filter((s) => s.title.endsWith('民事裁定书'));
    const { messages } = await operation<{ messages: { touser: string; page?: string }[] }>('GET', 'outbox');
    expect(messages.filter((m) => (m.page ?? '').startsWith('pages/inbox') || (m.page ?? '').includes('inbox')).map((m) => m.touser)).toEqual(
      expect.arrayContaining([HU.openid, WU.openid]),
    );

    // Enforcement from the ruling in one call, once the last instalment's day (05-31) has passed.
    const apply = (requestId: string) =>
      callFunction('enforcement-apply', { op: 'apply', requestId, mediationId: id, decisionId: 'confirmation-ruling' }, HU.openid);
    expect((await apply('conf-enf-0000')).result).toMatchObject({ ok: false, error: { code: 'STATE' } });
    expect(
      (await callFunction('enforcement-apply', { op: 'apply', requestId: 'conf-enf-x', mediationId: id, decisionId: 'confirmation-ruling' }, MEDIATOR.openid))
        .result,
    ).toMatchObject(forbidden);
    await operation('POST', 'clock', { now: '2026-06-02T02:00:00.000Z' });
    // Not yet served on Mr Wu: not yet effective, not yet enforceable.
    expect((await apply('conf-enf-0003')).result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('生效') } });
    const opened = ok(await callFunction('service-read', { requestId: 'conf-read-wu', serviceId: inbox[0]?.serviceId ?? '' }, WU.openid));
    const html = await (await fetch(opened.url)).text();
    expect(html).toContain('民事裁定书');
    expect(html).toContain('调解协议有效');
    const applied = ok(await apply('conf-enf-0001'));
    expect(applied).toMatchObject({ op: 'apply', state: 'applied', appliedOn: '2026-06-02', applicationLastDay: '2028-05-31', late: false });
    expect((await apply('conf-enf-0002')).result).toMatchObject({ ok: false, error: { code: 'STATE', message: '该法律文书已申请执行，正在办理中' } });
    const enforcement = await findById<{ source: { caseNumber: string }; amountFen: number; members: { openid: string; role: string }[] }>(
      db,
      'enforcements',
      applied.enforcementId,
    );
    expect(enforcement).toMatchObject({ source: { caseNumber: '（2026）粤0106民特1号' }, amountFen: 45_000_000 });
    expect(enforcement?.members.map((m) => [m.openid, m.role])).toEqual([
      [HU.openid, 'applicant'],
      [WU.openid, 'respondent'],
    ]);
  });
});

describe('inside a case: Judge Chen mediates Mr Hu’s suit to the 调解书', () => {
  it('closes the case on the last signed receipt, halves the fee and refunds the payer, shown on his fee record', async () => {
    const { caseId, caseNumber } = await acceptedHuCase();
    ok(await callFunction('fee-order', { requestId: 'order-0001', caseId }, HU.openid));
    expect(await operation('POST', `pay/${caseId}F1`)).toMatchObject({ paid: true });
    ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid));
    const assigned = await findById<CaseRecord>(db, 'cases', caseId);
    const judge = assigned?.panel?.presiding.openid ?? '';
    await verifyStaff(judge, assigned?.panel?.presiding.name ?? '');
    const clerk = assigned?.panel?.clerk?.openid ?? CLERK.openid;
    const joined = ok(await callFunction('case-join', await wuJoinsFor('join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid));
    if (joined.awaitingExamination) await recogniseRepresentative(caseId, clerk);

    // A party cannot propose on the court's behalf.
    expect((await callFunction('mediation-apply', { op: 'propose', requestId: 'propose-x001', caseId, mediatedBy: 'judge' }, HU.openid)).result).toMatchObject(
      forbidden,
    );
    const proposed = ok(await callFunction('mediation-apply', { op: 'propose', requestId: 'propose-0001', caseId, mediatedBy: 'judge' }, judge));
    const id = proposed.mediationId;
    ok(await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0001', mediationId: id, consent: true }, HU.openid));
    // Judge-led: the 15 days of ordinary procedure run from all parties' consent (第二十四条).
    const consented = ok(await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0002', mediationId: id, consent: true }, WU.openid));
    expect(consented).toMatchObject({ state: 'in-session', period: { startOn: '2026-03-02', endOn: '2026-03-17' } });

    const drafted = await judgeDrafts(id, judge);
    const sign = async (openid: string, requestId: string) =>
      ok(
        await callFunction(
          'mediation-agreement',
          {
            op: 'sign',
            requestId,
            mediationId: id,
            sha256: drafted.sha256 ?? '',
            signature: await signature(openid),
            verifyId: await faceFor(openid, facePurposes.signature(drafted.sha256 ?? '')),
          },
          openid,
        ),
      );
    await sign(HU.openid, 'sign-0001');
    await sign(WU.openid, 'sign-0002');
    expect(await sign(judge, 'sign-0003')).toMatchObject({ state: 'signed', effectiveOn: '2026-03-02' });

    // The 调解书 takes effect on the last party's signed receipt (民事诉讼法 第一百条; 民诉法解释 第一百四十九条).
    await operation('POST', 'clock', { now: '2026-03-04T02:00:00.000Z' });
    expect(ok(await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0001', mediationId: id }, HU.openid))).toMatchObject({
      state: 'signed',
    });
    await operation('POST', 'clock', { now: '2026-03-06T02:00:00.000Z' });
    const received = ok(await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0002', mediationId: id }, WU.openid));
    expect(received).toMatchObject({ state: 'closed', statementEffectiveOn: '2026-03-06', caseClosed: true });

    const closed = await findById<CaseRecord>(db, 'cases', caseId);
    expect(closed).toMatchObject({ state: 'closed', closing: { outcome: 'mediation', on: '2026-03-06' } });
    expect(closed?.decisions).toEqual([expect.objectContaining({ kind: 'mediation-statement', effectiveOn: '2026-03-06', enforceable: true })]);

    // 诉讼费用交纳办法 第十五条: half of 8,800 yuan back to Mr Hu, who paid; WeChat Pay confirms it and his record shows it.
    const refund = ok(await callFunction('fee-refund', { requestId: 'refund-0001', caseId, reason: 'mediation' }, judge));
    expect(refund).toMatchObject({ refundFen: 440_000, feeFen: 440_000 });
    expect(await operation('POST', `refund/${caseId}R1`)).toMatchObject({ refunded: true, acknowledged: true });
    const fee = ok(await callFunction('fee-order', { requestId: 'order-0002', caseId }, HU.openid));
    expect(fee).toMatchObject({ state: 'paid', account: { paidFen: 880_000, refundedFen: 440_000, refundingFen: 0, netFen: 440_000 } });

    const events = (await db.collection('case_events').where({ caseId }).orderBy('seq', 'asc').get()) as unknown as { data: { action: string }[] };
    expect(events.data.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'mediation.proposed',
        'mediation.statement-issued',
        'mediation.statement-received',
        'mediation.statement-effective',
        'fee.refund',
      ]),
    );
    const head = (await findById<CaseRecord>(db, 'cases', caseId))?.chain;
    expect(await verifyCaseChain(db, caseId, head)).toMatchObject({ ok: true });
  });

  it('a party backing out before the 调解书 reaches him sends the case back to judgment (民事诉讼法 第一百零二条)', async () => {
    const { caseId, caseNumber } = await acceptedHuCase();
    ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid));
    const assigned = await findById<CaseRecord>(db, 'cases', caseId);
    const judge = assigned?.panel?.presiding.openid ?? '';
    await verifyStaff(judge, assigned?.panel?.presiding.name ?? '');
    const joined = ok(await callFunction('case-join', await wuJoinsFor('join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid));
    if (joined.awaitingExamination) await recogniseRepresentative(caseId, assigned?.panel?.clerk?.openid ?? CLERK.openid);
    const id = ok(await callFunction('mediation-apply', { op: 'propose', requestId: 'propose-0001', caseId, mediatedBy: 'judge' }, judge)).mediationId;
    ok(await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0001', mediationId: id, consent: true }, HU.openid));
    ok(await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0002', mediationId: id, consent: true }, WU.openid));
    const drafted = ok(await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-0001', mediationId: id, facts: '货款纠纷', terms }, judge));
    for (const [openid, requestId] of [
      [HU.openid, 'sign-0001'],
      [WU.openid, 'sign-0002'],
      [judge, 'sign-0003'],
    ] as const)
      ok(
        await callFunction(
          'mediation-agreement',
          {
            op: 'sign',
            requestId,
            mediationId: id,
            sha256: drafted.sha256 ?? '',
            signature: await signature(openid),
            verifyId: await faceFor(openid, facePurposes.signature(drafted.sha256 ?? '')),
          },
          openid,
        ),
      );
    const backedOut = ok(
      await callFunction('mediation-agreement', { op: 'back-out', requestId: 'back-0001', mediationId: id, reason: '反悔，不同意分期' }, WU.openid),
    );
    expect(backedOut).toMatchObject({ state: 'resumed' });
    expect((await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0001', mediationId: id }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    expect(await findById<CaseRecord>(db, 'cases', caseId)).toMatchObject({ state: 'in-trial' });
    expect((await callFunction('fee-refund', { requestId: 'refund-0001', caseId, reason: 'mediation' }, judge)).result).toMatchObject({ ok: false });
  });
});

describe('ends without agreement', () => {
  it('a party refusing to sign terminates the mediation (在线调解规则 第二十五条第七项)', async () => {
    const id = await preFilingInSession('0001');
    const drafted = ok(
      await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-0001', mediationId: id, facts: '货款纠纷', terms }, MEDIATOR.openid),
    );
    ok(
      await callFunction(
        'mediation-agreement',
        {
          op: 'sign',
          requestId: 'sign-0001',
          mediationId: id,
          sha256: drafted.sha256 ?? '',
          signature: await signature(HU.openid),
          verifyId: await faceFor(HU.openid, facePurposes.signature(drafted.sha256 ?? '')),
        },
        HU.openid,
      ),
    );
    const refused = ok(await callFunction('mediation-agreement', { op: 'refuse', requestId: 'refuse-0001', mediationId: id, reason: '金额过高' }, WU.openid));
    expect(refused).toMatchObject({ state: 'terminated' });
    const seen = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, HU.openid));
    expect(seen).toMatchObject({ view: 'one', mediation: { state: 'terminated', end: { outcome: 'terminated', reason: '当事人拒绝在调解协议上签名' } } });
    expect(
      (
        await callFunction(
          'mediation-agreement',
          {
            op: 'sign',
            requestId: 'sign-0002',
            mediationId: id,
            sha256: drafted.sha256 ?? '',
            signature: await signature(MEDIATOR.openid),
            verifyId: await faceFor(MEDIATOR.openid, facePurposes.signature(drafted.sha256 ?? '')),
          },
          MEDIATOR.openid,
        )
      ).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
  });

  it('a failed one is filed online in one step with the mediation’s materials (在线调解规则 第二十一条)', async () => {
    const id = await preFilingInSession('0002');
    const failed = ok(
      await callFunction(
        'mediation-session',
        {
          op: 'end',
          requestId: 'end-0001',
          mediationId: id,
          outcome: 'failed',
          reason: 'gap-too-wide',
          facts: '双方对货款数额分歧较大',
          costConduct: '被申请人两次无故缺席',
        },
        MEDIATOR.openid,
      ),
    );
    expect(failed).toMatchObject({ state: 'failed' });
    // Filed online with filing-submit naming the mediation; only its applicant may.
    expect((await callFunction('filing-submit', { ...huComplaint('file-x001'), fromMediation: id }, WU.openid)).result).toMatchObject(forbidden);
    const filed = ok(await callFunction('filing-submit', { ...huComplaint('file-0001'), fromMediation: id }, HU.openid));
    expect(filed).toMatchObject({ state: 'submitted', filingId: expect.any(String) });
    const filing = await findById<{ evidence: { title: string; file?: { sha256: string } }[]; state: string; fromMediation: string }>(
      db,
      'filings',
      filed.filingId,
    );
    expect(filing).toMatchObject({ state: 'submitted', fromMediation: id });
    expect(filing?.evidence.map((e) => e.title)).toContain('调解材料：送货单.pdf');
    expect((await callFunction('filing-submit', { ...huComplaint('file-0001'), fromMediation: id }, HU.openid)).result).toEqual({
      ok: true,
      data: filed,
    });
    expect(ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, HU.openid))).toMatchObject({ mediation: { state: 'filed' } });
    // Filed once: a second filing from it is refused.
    expect((await callFunction('filing-submit', { ...huComplaint('file-0002'), fromMediation: id }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    expect(await countOf('filings')).toBe(1);
  });

  it('a respondent who will not mediate ends it with the reason recorded (第十五条); the office returns an unsuitable application with its Art. 9 reason', async () => {
    const material = await upload(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
    const apply = (requestId: string) => callFunction('mediation-apply', huApplication(requestId, material), HU.openid);
    const returned = ok(await apply('apply-0003'));
    expect(
      (
        await callWithAnyInput(
          'mediation-apply',
          { op: 'screen', requestId: 'screen-0003', mediationId: returned.mediationId, decision: 'return', returnReason: 'nonsense' },
          OFFICE.openid,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      ok(
        await callFunction(
          'mediation-apply',
          { op: 'screen', requestId: 'screen-0003', mediationId: returned.mediationId, decision: 'return', returnReason: 'unsuitable' },
          OFFICE.openid,
        ),
      ),
    ).toMatchObject({ state: 'returned' });

    const id = ok(await apply('apply-0004')).mediationId;
    ok(await callFunction('mediation-apply', { op: 'screen', requestId: 'screen-0004', mediationId: id, decision: 'accept' }, OFFICE.openid));
    ok(await callFunction('mediation-assign', { op: 'designate', requestId: 'designate-0004', mediationId: id, mediator: MEDIATOR.openid }, OFFICE.openid));
    // 第十二条: the mediator declines with reasons, and the office designates again.
    expect(
      ok(await callFunction('mediation-assign', { op: 'decline', requestId: 'decline-0004', mediationId: id, reason: '与申请人系同学' }, MEDIATOR.openid)),
    ).toMatchObject({ state: 'assigning' });
    expect(
      (await callFunction('mediation-assign', { op: 'designate', requestId: 'designate-0005', mediationId: id, mediator: MEDIATOR.openid }, OFFICE.openid))
        .result,
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const writesBefore = await countOf('case_events');
    expect(
      (await callWithAnyInput('mediator-roster', { op: 'save', requestId: 'roster-0002', mediator: MEDIATOR.openid }, OFFICE.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect((await callFunction('mediator-roster', profile('roster-0003'), HU.openid)).result).toMatchObject({ ok: false });
    expect(await countOf('case_events')).toBe(writesBefore);
  });
});
