import cloud from 'wx-server-sdk';

import { findById } from '#runtime';
import type { EnforcementRecord } from '#usecases/records';
import type { AgentPower } from '#domain/agents';
import { callFunction, ok, resetEmulator } from '../support/emulator';
import { huJudgmentsEffective, judgment } from '../support/enforcement';
import { assignedHuCase } from '../support/management';
import { recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { CLERK, HU, LIN, seedCourts, upload, verify, verifyApprovedLawyer, WU } from '../support/people';

/*
 * 民事诉讼法 第六十三条: a party's change or revocation of its agent's mandate holds wherever the
 * mandate was used — in the enforcement case applied for from the judgment, which took the trial's
 * agents with their powers, and in the case's mediation, whose list names those taking part.
 */

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

/** Lin joins the case for `partyName` with `powers`; `confirmer` confirms from its own phone. */
async function linActsFor(caseId: string, caseNumber: string, partyName: string, powers: AgentPower[], confirmer: string): Promise<string> {
  const joined = ok(
    await callFunction(
      'agent',
      {
        op: 'join',
        requestId: `lin-join-${partyName.length}`,
        caseNumber,
        partyName,
        powerOfAttorney: await upload(LIN.openid, '授权委托书.pdf', `%PDF-1.4 power of attorney for ${partyName}`),
        powers,
        service: { consent: true, addressConfirmed: true },
      },
      LIN.openid,
    ),
  );
  if (joined.op !== 'join') throw new Error('expected a join');
  ok(await callFunction('agent', { op: 'confirm', requestId: 'lin-confirm-01', caseId, agencyId: joined.agency.agencyId, decision: 'confirm' }, confirmer));
  return joined.agency.agencyId;
}

const enforcementEvents = async (id: string) =>
  (
    (await db.collection('case_events').where({ caseId: id }).orderBy('seq', 'asc').get()) as unknown as {
      data: { action: string; data?: Record<string, unknown> }[];
    }
  ).data;

describe('an agent’s mandate changed or revoked on the case follows to its enforcement case', () => {
  it('Mr Hu narrows, then revokes, Lin’s mandate: the enforcement case holds the new powers, then refuses Lin, each recorded in its own chain', async () => {
    const { caseId, caseNumber } = await huJudgmentsEffective(db, [judgment('judgment-1', 50_000_000)]);
    await verifyApprovedLawyer(db);
    const agencyId = await linActsFor(caseId, caseNumber, HU.name, ['receive-service', 'exec-collect-money'], HU.openid);
    const { enforcementId } = ok(
      await callFunction('enforcement-apply', { op: 'apply', requestId: 'enf-apply-0001', caseId, decisionId: 'judgment-1' }, HU.openid),
    );
    const linOn = async () => (await findById<EnforcementRecord>(db, 'enforcements', enforcementId))?.members.find((m) => m.openid === LIN.openid);
    expect(await linOn()).toMatchObject({ role: 'agent', for: '0', powers: ['receive-service', 'exec-collect-money'] });
    expect(ok(await callFunction('enforcement-view', { op: 'detail', enforcementId }, LIN.openid))).toMatchObject({ op: 'detail' });

    // The party takes back the power to collect the money (执行工作若干问题的规定 第二十条): the enforcement case sees it at once.
    ok(await callFunction('agent', { op: 'change', requestId: 'lin-change-01', caseId, agencyId, powers: ['receive-service'] }, HU.openid));
    expect(await linOn()).toMatchObject({ powers: ['receive-service'] });

    ok(await callFunction('agent', { op: 'revoke', requestId: 'lin-revoke-01', caseId, agencyId, reason: '另行委托' }, HU.openid));
    expect((await linOn())?.revokedAt).toBeInstanceOf(Date);
    expect((await callFunction('enforcement-view', { op: 'detail', enforcementId }, LIN.openid)).result).toMatchObject(forbidden);
    // The applicant still reads his case, and its chain records both changes.
    expect(ok(await callFunction('enforcement-view', { op: 'detail', enforcementId }, HU.openid))).toMatchObject({ op: 'detail' });
    const actions = (await enforcementEvents(enforcementId)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(['agent.changed', 'agent.revoked']);

    // A retry of the revocation writes nothing more anywhere.
    ok(await callFunction('agent', { op: 'revoke', requestId: 'lin-revoke-01', caseId, agencyId, reason: '另行委托' }, HU.openid));
    expect((await enforcementEvents(enforcementId)).filter((e) => e.action === 'agent.revoked')).toHaveLength(1);
  });
});

describe('an agent appointed or revoked after a mediation is proposed', () => {
  it('finds the mediation among its own once confirmed, and no longer once revoked', async () => {
    await resetEmulator();
    await seedCourts(db);
    const { caseId, caseNumber, presiding } = await assignedHuCase();
    await verify(WU);
    const joinedWu = ok(await callFunction('case-join', await wuJoinsFor('join-wu-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid));
    if (joinedWu.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid);
    await verifyApprovedLawyer(db);
    const { mediationId } = ok(await callFunction('mediation-apply', { op: 'propose', requestId: 'propose-0001', caseId, mediatedBy: 'judge' }, presiding));
    const mine = async (openid: string) => {
      const listed = ok(await callFunction('mediation-detail', { view: 'mine' }, openid));
      return listed.view === 'mine' ? listed.mediations.map((m) => m.mediationId) : [];
    };
    expect(await mine(LIN.openid)).toEqual([]);

    const agencyId = await linActsFor(caseId, caseNumber, '广州某贸易有限公司', ['receive-service', 'sign-mediation'], WU.openid);
    expect(await mine(LIN.openid)).toEqual([mediationId]);
    expect(ok(await callFunction('mediation-detail', { view: 'one', mediationId }, LIN.openid))).toMatchObject({ view: 'one' });

    ok(await callFunction('agent', { op: 'revoke', requestId: 'lin-revoke-01', caseId, agencyId }, WU.openid));
    expect(await mine(LIN.openid)).toEqual([]);
    expect((await callFunction('mediation-detail', { view: 'one', mediationId }, LIN.openid)).result).toMatchObject(forbidden);
    // The parties keep theirs.
    expect(await mine(WU.openid)).toEqual([mediationId]);
  });
});
