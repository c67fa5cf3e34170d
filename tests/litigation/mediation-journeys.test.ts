import cloud from 'wx-server-sdk';
import { facePurposes } from '#domain/e-signature';
import { findById, verifyCaseChain } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import { callFunction, ok, operation } from '../support/emulator';
import { faceFor, judgeDrafts, mediationInHuCase, MEDIATOR, mediationWorld, OFFICE, preFilingInSession, signature, terms } from '../support/mediation';
import { HU, JUDGES, LIN, upload, verifyApprovedLawyer, WU } from '../support/people';

/*
 * The mediation journeys as the people in them live them, for the legal outcomes no single action
 * sees: a mediation past its period goes no further until every party extends it; inside a case the
 * extension is left out of the trial limit; the company's lawyer signs only once given the special
 * authority; and Judge Chen's case, closed by the 调解书, is reported closed with half the fee back.
 */

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

beforeEach(() => mediationWorld(db));

const sign = async (mediationId: string, sha256: string, openid: string, requestId: string) =>
  callFunction(
    'mediation-agreement',
    { op: 'sign', requestId, mediationId, sha256, signature: await signature(openid), verifyId: await faceFor(openid, facePurposes.signature(sha256)) },
    openid,
  );
const extend = (mediationId: string, to: string, openid: string, requestId: string) =>
  callFunction('mediation-session', { op: 'extend', requestId, mediationId, to }, openid);

describe('the mediation period (在线调解规则 第二十四条、第二十五条第六项)', () => {
  it('past its 30 days a pre-filing mediation takes no session and no agreement, until both parties extend it', async () => {
    const id = await preFilingInSession('late');
    await operation('POST', 'clock', { now: '2026-04-02T02:00:00.000Z' });
    const draft = (requestId: string) =>
      callFunction('mediation-agreement', { op: 'draft', requestId, mediationId: id, facts: '买卖合同货款纠纷', terms }, MEDIATOR.openid);
    const late = { ok: false, error: { code: 'DEADLINE', message: expect.stringContaining('2026-04-01') } };
    expect((await draft('draft-late-0001')).result).toMatchObject(late);
    expect(
      (await callFunction('mediation-session', { op: 'open', requestId: 'open-late-0001', mediationId: id, mode: 'text' }, MEDIATOR.openid)).result,
    ).toMatchObject(late);
    // One party's consent is not everyone's: still past.
    expect(ok(await extend(id, '2026-04-15', HU.openid, 'extend-late-hu'))).toMatchObject({ period: { endOn: '2026-04-01' }, awaiting: [WU.name] });
    expect((await draft('draft-late-0002')).result).toMatchObject(late);
    expect(ok(await extend(id, '2026-04-15', WU.openid, 'extend-late-wu'))).toMatchObject({ period: { endOn: '2026-04-15' }, awaiting: [] });
    expect(ok(await draft('draft-late-0003'))).toMatchObject({ version: 1 });
  });
});

describe('Judge Chen’s mediation in Mr Hu’s suit, as the people in it live it', () => {
  it('extended by both (not counted in the trial limit), signed by the company’s lawyer once authorised, the 调解书 signed for, the case reported closed and half the fee refunded', async () => {
    const { caseId, caseNumber, judge, mediationId: id } = await mediationInHuCase(db);
    ok(await callFunction('fee-order', { requestId: 'order-0001', caseId }, HU.openid));
    expect(await operation('POST', `pay/${caseId}F1`)).toMatchObject({ paid: true });
    const limit = async () => {
      const view = ok(await callFunction('trial-limit', { op: 'view', caseId }, HU.openid));
      if (view.op !== 'view') throw new Error('expected the limit');
      return view.limit;
    };
    const before = await limit();

    // 民事调解规定 第四条: the 15 days (03-02 → 03-17) extended by both to 03-27; those 10 days are not counted in the limit.
    ok(await extend(id, '2026-03-27', HU.openid, 'extend-0001'));
    expect((await limit()).excluded).toEqual([]);
    expect(ok(await extend(id, '2026-03-27', WU.openid, 'extend-0002'))).toMatchObject({ period: { endOn: '2026-03-27', extensionDays: 10 } });
    const after = await limit();
    expect(after.excluded).toEqual([
      expect.objectContaining({ type: 'mediation', from: '2026-03-17', to: '2026-03-27', days: 10, basis: '民事调解规定 第四条' }),
    ]);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(days(before.expiresOn, after.expiresOn)).toBe(10);

    // The company's lawyer, with only the power to receive service, cannot sign the agreement (民诉法解释 第一百四十七条).
    await verifyApprovedLawyer(db);
    const joined = ok(
      await callFunction(
        'agent',
        {
          op: 'join',
          requestId: 'agent-join-0001',
          caseNumber,
          partyName: '广州某贸易有限公司',
          powerOfAttorney: await upload(LIN.openid, '授权委托书.pdf', '%PDF-1.4 power of attorney'),
          powers: ['receive-service'],
          service: { consent: true, addressConfirmed: true },
        },
        LIN.openid,
      ),
    );
    if (joined.op !== 'join') throw new Error('expected the agency');
    const { agencyId } = joined.agency;
    ok(await callFunction('agent', { op: 'confirm', requestId: 'agent-confirm-0001', caseId, agencyId, decision: 'confirm' }, WU.openid));
    const drafted = await judgeDrafts(id, judge);
    const sha256 = drafted.sha256 ?? '';
    expect((await sign(id, sha256, LIN.openid, 'sign-lin-0001')).result).toMatchObject(forbidden);
    ok(
      await callFunction('agent', { op: 'change', requestId: 'agent-change-0001', caseId, agencyId, powers: ['receive-service', 'sign-mediation'] }, WU.openid),
    );
    expect(ok(await sign(id, sha256, LIN.openid, 'sign-lin-0002'))).toMatchObject({ signed: ['广州某贸易有限公司'] });
    ok(await sign(id, sha256, HU.openid, 'sign-hu-0001'));
    expect(ok(await sign(id, sha256, judge, 'sign-judge-0001'))).toMatchObject({ state: 'signed', effectiveOn: '2026-03-02' });

    // The 调解书 is served on both through the platform; each signs for it, the lawyer for the company.
    const inbox = ok(await callFunction('service-inbox', {}, LIN.openid)).items;
    expect(inbox).toEqual(expect.arrayContaining([expect.objectContaining({ title: `${caseNumber} 民事调解书` })]));
    await operation('POST', 'clock', { now: '2026-03-04T02:00:00.000Z' });
    ok(await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0001', mediationId: id }, HU.openid));
    await operation('POST', 'clock', { now: '2026-03-06T02:00:00.000Z' });
    expect(ok(await callFunction('mediation-agreement', { op: 'receive', requestId: 'receive-0002', mediationId: id }, LIN.openid))).toMatchObject({
      state: 'closed',
      statementEffectiveOn: '2026-03-06',
      caseClosed: true,
    });

    // Judge Chen reports it closed (审结): half of 8,800 yuan due (诉讼费用交纳办法 第十五条), 4,400 back to Mr Hu by 03-21
    // (第五十三条), and the 调解书 not published (裁判文书上网规定 第四条).
    await operation('POST', 'clock', { now: '2026-03-09T02:00:00.000Z' });
    const closed = ok(await callFunction('case-close', { op: 'close', requestId: 'close-0001', caseId, outcome: 'mediation' }, judge));
    if (closed.op !== 'close') throw new Error('expected the closing');
    expect(closed.closing).toMatchObject({
      outcome: 'mediation',
      closedOn: '2026-03-06',
      decision: { state: 'effective', effectiveOn: '2026-03-06' },
      fees: { paidFen: 880_000, dueFen: 440_000, refund: { fen: 440_000, ground: 'mediation', by: '2026-03-21' } },
      publication: { decision: 'withhold' },
    });
    expect(ok(await callFunction('fee-refund', { requestId: 'refund-0001', caseId, reason: 'mediation' }, judge))).toMatchObject({ refundFen: 440_000 });
    expect(await operation('POST', `refund/${caseId}R1`)).toMatchObject({ refunded: true });
    expect(ok(await callFunction('fee-order', { requestId: 'order-0002', caseId }, HU.openid))).toMatchObject({
      account: { paidFen: 880_000, refundedFen: 440_000, netFen: 440_000 },
    });
    const record = await findById<CaseRecord>(db, 'cases', caseId);
    expect(await verifyCaseChain(db, caseId, record?.chain)).toMatchObject({ ok: true });
  });
});

describe('choosing the mediator (在线调解规则 第十条)', () => {
  it('the parties have two working days to choose together; the court designates only after them', async () => {
    // Entrusted to a mediator of the roster (特邀 第十一条): both consent on Monday 03-02, to choose by Wednesday 03-04.
    const { mediationId: id } = await mediationInHuCase(db, undefined, 'roster');
    const designate = (requestId: string) =>
      callFunction('mediation-assign', { op: 'designate', requestId, mediationId: id, mediator: MEDIATOR.openid }, OFFICE.openid);
    const choose = (openid: string, requestId: string) =>
      callFunction('mediation-assign', { op: 'choose', requestId, mediationId: id, mediator: MEDIATOR.openid }, openid);
    expect((await designate('designate-0001')).result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('2026-03-04') } });
    expect(ok(await choose(HU.openid, 'choose-0001'))).toMatchObject({ state: 'assigning', step: { kind: 'joint-choice', dueOn: '2026-03-04' } });
    // Thursday: too late for Mr Wu to choose; the court designates now, within 3 working days.
    await operation('POST', 'clock', { now: '2026-03-05T02:00:00.000Z' });
    expect((await choose(WU.openid, 'choose-0002')).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE', message: expect.stringContaining('第十条') },
    });
    expect(ok(await designate('designate-0002'))).toMatchObject({ state: 'awaiting-acceptance', mediator: MEDIATOR.name });
  });
});

describe('what the court does not accept for confirmation (民诉法解释 第三百五十五条)', () => {
  it('an agreement on the ownership of the goods is refused acceptance, whoever reviews it', async () => {
    const id = await preFilingInSession('owner', true, '所有权确认纠纷');
    const drafted = ok(
      await callFunction(
        'mediation-agreement',
        {
          op: 'draft',
          requestId: 'draft-owner',
          mediationId: id,
          facts: '争议服装的所有权归属',
          terms: [{ debtor: 1, creditor: 0, act: '确认争议服装归申请人所有' }],
        },
        MEDIATOR.openid,
      ),
    );
    for (const [openid, requestId] of [
      [HU.openid, 'sign-owner-hu'],
      [WU.openid, 'sign-owner-wu'],
      [MEDIATOR.openid, 'sign-owner-med'],
    ] as const)
      ok(await sign(id, drafted.sha256 ?? '', openid, requestId));
    ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'conf-owner-hu', mediationId: id }, HU.openid));
    ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'conf-owner-wu', mediationId: id }, WU.openid));
    const judge = JUDGES[1]?.openid ?? '';
    const accept = (decision: 'accept' | 'refuse', requestId: string, bar?: 'ownership') =>
      callFunction('mediation-confirm', { op: 'accept', requestId, mediationId: id, decision, ...(bar ? { bar } : {}) }, judge);
    expect((await accept('accept', 'conf-owner-0001')).result).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('第三百五十五条') },
    });
    expect(ok(await accept('refuse', 'conf-owner-0002', 'ownership'))).toMatchObject({ state: 'closed' });
    const seen = ok(await callFunction('mediation-detail', { view: 'one', mediationId: id }, HU.openid));
    expect(seen).toMatchObject({ view: 'one', mediation: { confirmation: { refused: expect.stringContaining('确权') } } });
  });
});

describe('the joint application for confirmation (民事诉讼法 第二百零五条)', () => {
  it('is made by both within 30 days of the agreement’s effect: Mr Wu a day late leaves no joint application', async () => {
    const id = await preFilingInSession('window');
    const drafted = ok(
      await callFunction('mediation-agreement', { op: 'draft', requestId: 'draft-window', mediationId: id, facts: '买卖合同货款纠纷', terms }, MEDIATOR.openid),
    );
    for (const openid of [HU.openid, WU.openid, MEDIATOR.openid]) ok(await sign(id, drafted.sha256 ?? '', openid, `sign-window-${openid}`));
    // Effective Monday 03-02: thirty days run to Wednesday 04-01.
    await operation('POST', 'clock', { now: '2026-04-01T02:00:00.000Z' });
    expect(ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'window-hu', mediationId: id }, HU.openid))).toMatchObject({
      state: 'signed',
      dueOn: '2026-04-01',
      awaiting: [WU.name],
    });
    await operation('POST', 'clock', { now: '2026-04-02T02:00:00.000Z' });
    expect((await callFunction('mediation-confirm', { op: 'apply', requestId: 'window-wu', mediationId: id }, WU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE', message: expect.stringContaining('第二百零五条') },
    });
    expect(await findById<{ state: string }>(db, 'mediations', id)).toMatchObject({ state: 'signed' });
  });
});
