import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import { findById } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import { deploymentOf } from '../../scripts/lib/plugins';
import { callFunction, FIXED_NOW, ok } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { residentId, upload, verify } from '../support/people';
import { COMPANY_USCC, digest, PEOPLE, STAFF, theWorld, YUEXIU, type World, WORLD_BUILD_MS } from './world';

/*
 * The findings of "who may see and do what" (issue 17), each pinned by a test named after it, over
 * the trust world: a company joined by name alone, division and court boundaries, inactive staff,
 * a revoked agent, an agent's powers.
 */

const db = cloud.database();
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
let world: World;
beforeEach(async () => {
  world = await theWorld();
}, WORLD_BUILD_MS);

/** Mr Hu files again and the registrar accepts it into civil division 1: a case not yet assigned. */
async function unassignedCase(tag: string, procedure: 'ordinary' | 'simplified' = 'simplified'): Promise<string> {
  const filed = ok(await callFunction('filing-submit', huComplaint(`bound-file-${tag}`, { courtId: 'gz-tianhe' }), PEOPLE.hu.openid));
  const accepted = ok(
    await callFunction(
      'filing-review',
      { requestId: `bound-accept-${tag}`, filingId: filed.filingId, outcome: 'accept', procedure, divisionId: 'tianhe-civil-1' },
      STAFF.registrar.openid,
    ),
  );
  return accepted.caseId ?? '';
}

describe('a company defendant is joined by name alone', () => {
  it('one who verifies under the representative’s name and knows the credit code reads nothing until the court examines the papers, and is off the case when it does not recognise them', async () => {
    // Not Mr Wu: another man of the same name, verified by his own face and ID number.
    const impostor = { openid: 'w-impostor', name: PEOPLE.wu.name, idNumber: residentId('44010419800808808') };
    await verify(impostor, 'verify-impostor');
    const proofs = [
      { kind: 'business-licence' as const, file: await upload(impostor.openid, '营业执照.pdf', '%PDF-1.4 anything') },
      { kind: 'representative-certificate' as const, file: await upload(impostor.openid, '证明书.pdf', '%PDF-1.4 anything else') },
    ];
    const caseNumber = world.ids.case.caseNumber ?? '';
    const joined = ok(
      await callFunction(
        'case-join',
        {
          requestId: 'impostor-join',
          caseNumber,
          uscc: COMPANY_USCC,
          representation: { capacity: 'legal-representative', proofs },
          service: { consent: true, addressConfirmed: true },
        },
        impostor.openid,
      ),
    );
    expect(joined).toEqual({ caseId: world.caseId, role: 'defendant', partyName: '广州某贸易有限公司', awaitingExamination: true });

    // Mr Hu's evidence, the dossier, the case itself: nothing, and he is told why.
    const pending = { ok: false, error: { code: 'FORBIDDEN', message: '您为单位参加诉讼提交的证明材料正待法院审核，审核通过后方可查看和办理本案' } };
    expect((await callFunction('evidence-list', { caseId: world.caseId }, impostor.openid)).result).toEqual(pending);
    expect((await callFunction('dossier-url', { caseId: world.caseId, documentId: world.ids.case.evidenceId ?? '' }, impostor.openid)).result).toEqual(pending);
    expect((await callFunction('dossier-list', { caseId: world.caseId }, impostor.openid)).result).toEqual(pending);
    expect((await callFunction('case-detail', { caseId: world.caseId }, impostor.openid)).result).toEqual(pending);
    expect((await callFunction('message-list', { caseId: world.caseId }, impostor.openid)).result).toEqual(pending);
    // Nothing served on him for the company.
    const served = ok(
      await callFunction('service-send', { requestId: 'impostor-serve', caseId: world.caseId, documentId: 'acceptance-notice' }, STAFF.clerk.openid),
    );
    expect(ok(await callFunction('service-inbox', {}, impostor.openid)).items).toEqual([]);
    expect(served.served).toHaveLength(3);

    // The clerk looks at the papers and does not recognise him: he is off the case, and told why.
    const examined = ok(
      await callFunction(
        'case-verify',
        {
          op: 'representation',
          requestId: 'impostor-examine',
          caseId: world.caseId,
          party: 1,
          decision: 'reject',
          reason: '法定代表人身份证明书与工商登记不符',
        },
        STAFF.clerk.openid,
      ),
    );
    expect(examined).toEqual({ op: 'representation', party: '广州某贸易有限公司', decision: 'reject', served: 0 });
    expect((await callFunction('case-detail', { caseId: world.caseId }, impostor.openid)).result).toMatchObject(forbidden);
    const record = ok(await callFunction('case-detail', { caseId: world.caseId }, world.presiding));
    expect(record.representation).toContainEqual(expect.objectContaining({ state: 'rejected', reason: '法定代表人身份证明书与工商登记不符' }));
    expect(record.timeline.at(-1)).toMatchObject({ action: 'representation.examined', actorRole: 'clerk' });
  });
});

describe('division and court boundaries', () => {
  it('a leader of another division reads no case of the court and no filing under review; his own division’s leader and the president do', async () => {
    expect((await callFunction('case-detail', { caseId: world.caseId }, STAFF.otherDivision.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('dossier-list', { caseId: world.caseId }, STAFF.otherDivision.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('case-detail', { caseId: world.filingId }, STAFF.otherDivision.openid)).result).toMatchObject(forbidden);
    // Filings under review are the registrars’: not even the case’s own division leader reads one.
    expect((await callFunction('case-detail', { caseId: world.filingId }, STAFF.leader.openid)).result).toMatchObject(forbidden);
    expect(ok(await callFunction('case-detail', { caseId: world.filingId }, STAFF.registrar.openid)).myRoles).toEqual(['court-registrar']);
    // The division's leader sat on the panel too; he reads it as both.
    expect(ok(await callFunction('case-detail', { caseId: world.caseId }, STAFF.leader.openid)).myRoles).toContain('division-leader');
    expect(ok(await callFunction('case-detail', { caseId: world.caseId }, STAFF.president.openid)).myRoles).toEqual(['president']);
    expect((await callFunction('case-detail', { caseId: world.caseId }, STAFF.otherCourt.openid)).result).toMatchObject(forbidden);
  });

  it('a leader of another division cannot assign a case to himself, with or without naming his division, and nothing is written', async () => {
    const caseId = await unassignedCase('0001');
    const before = await digest();
    expect((await callFunction('case-assign', { requestId: 'bound-assign-01', caseId }, STAFF.otherDivision.openid)).result).toMatchObject(forbidden);
    expect(
      (await callFunction('case-assign', { requestId: 'bound-assign-02', caseId, divisionId: 'tianhe-civil-2' }, STAFF.otherDivision.openid)).result,
    ).toMatchObject(forbidden);
    expect((await digest()).digest).toBe(before.digest);
    // His own division's leader assigns it, within the division.
    const assigned = ok(await callFunction('case-assign', { requestId: 'bound-assign-03', caseId }, STAFF.leader.openid));
    expect([STAFF.leader.openid, STAFF.judgeA.openid, STAFF.judgeB.openid]).toContain(assigned.presiding.openid);
  });

  it('case-assign with another court’s divisionId makes no judge of another court the presiding judge', async () => {
    const caseId = await unassignedCase('0002');
    const before = await digest();
    const named = await callFunction(
      'case-assign',
      { requestId: 'bound-assign-11', caseId, divisionId: YUEXIU.divisions[0]?.id ?? '' },
      STAFF.registrar.openid,
    );
    expect(named.result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '本案已确定承办部门，只能在该部门内分案' } });
    // A case accepted before divisions were recorded gets one from the registrar: never another court's.
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { divisionId: db.command.remove() } });
    const legacy = await digest();
    expect(legacy.digest).not.toBe(before.digest);
    const other = await callFunction('case-assign', { requestId: 'bound-assign-12', caseId, divisionId: 'yuexiu-civil-1' }, STAFF.registrar.openid);
    expect(other.result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '所选承办部门不属于本院' } });
    expect((await digest()).digest).toBe(legacy.digest);
    const assigned = ok(await callFunction('case-assign', { requestId: 'bound-assign-13', caseId, divisionId: 'tianhe-civil-2' }, STAFF.registrar.openid));
    expect([STAFF.otherDivision.openid, STAFF.judgeOtherDivision.openid]).toContain(assigned.presiding.openid);
    expect(ok(await callFunction('case-detail', { caseId }, STAFF.otherDivision.openid)).myRoles).toContain('division-leader');
  });

  it('any judge of any court opens a bankruptcy’s claims window: only the court it was deployed for may', async () => {
    const plugin = cloud.database({ env: Environments.claims.localId });
    await plugin
      .collection('bankruptcies')
      .doc('w-bankruptcy-2')
      .set({ data: { deployment: deploymentOf('claims', 'gz-tianhe', new Date(FIXED_NOW)) } });
    const input = {
      requestId: 'bound-open-01',
      bankruptcyId: 'w-bankruptcy-2',
      caseNumber: '（2026）粤0106破2号',
      debtor: '广州某共享单车有限公司',
      acceptedOn: '2026-02-25',
      announcedOn: '2026-02-26',
      deadlineOn: '2026-04-30',
    };
    const before = await digest();
    expect((await callFunction('claims-open', input, STAFF.otherCourt.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('claims-open', { ...input, requestId: 'bound-open-02' }, STAFF.judgeOtherCourt.openid)).result).toMatchObject(forbidden);
    expect((await digest()).digest).toBe(before.digest);
    const judge = [STAFF.judgeA, STAFF.judgeB].find((j) => j.openid !== world.inactive)?.openid;
    expect(ok(await callFunction('claims-open', { ...input, requestId: 'bound-open-03' }, judge))).toEqual({
      bankruptcyId: 'w-bankruptcy-2',
      deadlineOn: '2026-04-30',
    });
  });
});

describe('staff and agents whose standing ended', () => {
  it('an inactive judge reads nothing of the cases he sat on', async () => {
    for (const name of ['case-detail', 'dossier-list', 'evidence-list', 'message-list'] as const) {
      expect((await callFunction(name, { caseId: world.caseId }, world.inactive)).result).toMatchObject(forbidden);
    }
    expect((await callFunction('case-verify', { op: 'chain', caseId: world.caseId }, world.inactive)).result).toMatchObject(forbidden);
  });

  it('an agent revoked yesterday sees nothing today, and is served nothing', async () => {
    for (const name of ['case-detail', 'dossier-list', 'evidence-list'] as const) {
      expect((await callFunction(name, { caseId: world.caseId }, PEOPLE.revokedAgent.openid)).result).toMatchObject(forbidden);
    }
    const served = ok(
      await callFunction('service-send', { requestId: 'revoked-serve', caseId: world.caseId, documentId: 'acceptance-notice' }, STAFF.clerk.openid),
    );
    expect(ok(await callFunction('service-inbox', {}, PEOPLE.revokedAgent.openid)).items).toEqual([]);
    // Mr Hu, his agent Mr Lin, and the company's representative.
    expect(served.served).toHaveLength(3);
  });

  it('an agent whose power of attorney does not grant receiving documents is not served; the party is', async () => {
    const record = await findById<CaseRecord>(db, 'cases', world.caseId);
    const members = (record?.members ?? []).map((m) => (m.openid === PEOPLE.lin.openid ? { ...m, powers: ['settle'] } : m));
    await db
      .collection('cases')
      .doc(world.caseId)
      .update({ data: { members: db.command.set(members) } });
    ok(await callFunction('service-send', { requestId: 'powers-serve', caseId: world.caseId, documentId: 'acceptance-notice' }, STAFF.clerk.openid));
    // What was served on him before (the world's hearing summons) stays in his inbox; this notice is not served on him.
    expect(ok(await callFunction('service-inbox', {}, PEOPLE.lin.openid)).items.map((i) => i.title)).not.toContain('受理案件通知书');
    expect(ok(await callFunction('service-inbox', {}, PEOPLE.hu.openid)).items.map((i) => i.title)).toContain('受理案件通知书');
    // He still acts for Mr Hu within the powers he has.
    expect(ok(await callFunction('case-detail', { caseId: world.caseId }, PEOPLE.lin.openid)).myRoles).toEqual(['agent']);
  });
});
