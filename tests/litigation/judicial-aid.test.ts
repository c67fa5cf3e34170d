import cloud from 'wx-server-sdk';

import { findById } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import type { FeeAidInput } from '#schemas/fees';
import { callFunction, callWithAnyInput, countOf as countInDb, ok, resetEmulator } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { assignedHuCase, today } from '../support/management';
import { CLERK, HU, LIN, OTHER_REGISTRAR, REGISTRAR, seedCourts, upload, verify, verifyApprovedLawyer, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const aid = (openid: string, input: FeeAidInput) => callFunction('fee-aid', input, openid);
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
const invalid = { ok: false, error: { code: 'INVALID_INPUT' } };

async function applying(
  requestId: string,
  caseId: string,
  extra: Partial<Extract<FeeAidInput, { op: 'apply' }>>,
): Promise<Extract<FeeAidInput, { op: 'apply' }>> {
  return {
    op: 'apply',
    requestId,
    caseId,
    kind: 'exemption',
    ground: 'disabled-no-income',
    facts: '本人系肢体二级残疾，无固定生活来源，依靠最低生活保障金生活。',
    proofs: [await upload(HU.openid, '残疾人证.pdf', `%PDF-1.4 disability card ${requestId}`)],
    ...extra,
  };
}

let caseId: string;
let feeFen: number;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  ({ caseId } = await acceptedHuCase());
  feeFen = (await findById<CaseRecord>(db, 'cases', caseId))?.fee.feeFen ?? 0;
});

describe('司法救助 on the fee (诉讼费用交纳办法 第四十四条至第五十一条)', () => {
  it('exemption: applied with proof, granted by the registrar; no fee is due and the grant is kept for the judgment', async () => {
    const input = await applying('aid-apply-0001', caseId, {});
    const applied = ok(await aid(HU.openid, input));
    expect(applied).toMatchObject({ op: 'apply', application: { applicationId: 'aid-1', kind: 'exemption', state: 'applied', appliedOn: '2026-03-02' } });
    if (applied.op !== 'apply') throw new Error('unreachable');
    expect(applied.application.warning).toBeUndefined();
    expect(applied.application.proofs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // A retry answers the first result; a second application while one is pending is refused.
    expect((await aid(HU.openid, input)).result).toEqual({ ok: true, data: applied });
    expect((await aid(HU.openid, await applying('aid-apply-0002', caseId, {}))).result).toMatchObject({ ok: false, error: { code: 'STATE' } });

    await today('2026-03-04');
    const decided = ok(await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0001', caseId, applicationId: 'aid-1', decision: 'grant' }));
    expect(decided).toMatchObject({
      op: 'decide',
      application: { state: 'granted', decidedOn: '2026-03-04' },
      fee: { feeFen: 0, state: 'paid', aid: { kind: 'exemption', assessedFen: feeFen } },
    });
    const record = await findById<CaseRecord>(db, 'cases', caseId);
    expect(record?.fee).toMatchObject({ feeFen: 0, state: 'paid', aid: { kind: 'exemption', assessedFen: feeFen, decidedOn: '2026-03-04' } });
    // The fee notice follows: nothing to pay.
    const detail = ok(await callFunction('case-detail', { caseId }, HU.openid));
    expect(detail.fee).toMatchObject({ feeFen: 0, state: 'paid' });
    expect(detail.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['fee.aid-applied', 'fee.aid-decided']));
  });

  it('reduction: at least 30%; the reduced fee is due 7 days from the decision', async () => {
    expect(
      (await aid(HU.openid, await applying('aid-apply-0003', caseId, { kind: 'reduction', ground: 'disaster-hardship', percent: 20 }))).result,
    ).toMatchObject(invalid);
    ok(await aid(HU.openid, await applying('aid-apply-0004', caseId, { kind: 'reduction', ground: 'disaster-hardship', percent: 50 })));
    // The court may grant less than asked, never under 30%.
    expect(
      (await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0002', caseId, applicationId: 'aid-1', decision: 'grant', percent: 25 })).result,
    ).toMatchObject(invalid);
    const decided = ok(
      await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0003', caseId, applicationId: 'aid-1', decision: 'grant', percent: 30 }),
    );
    expect(decided).toMatchObject({
      fee: { feeFen: Math.floor((feeFen * 70) / 100), dueOn: '2026-03-09', state: 'unpaid', aid: { kind: 'reduction', percent: 30 } },
    });
    const order = ok(await callFunction('fee-order', { requestId: 'aid-order-0001', caseId }, HU.openid));
    expect(order.feeFen).toBe(Math.floor((feeFen * 70) / 100));
  });

  it('deferral: the fee is due on the later day granted', async () => {
    ok(await aid(HU.openid, await applying('aid-apply-0005', caseId, { kind: 'deferral', ground: 'legal-aid', deferTo: '2026-06-30' })));
    const decided = ok(await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0004', caseId, applicationId: 'aid-1', decision: 'grant' }));
    expect(decided).toMatchObject({
      application: { state: 'granted', deferTo: '2026-06-30' },
      fee: { feeFen, dueOn: '2026-06-30', state: 'unpaid', aid: { kind: 'deferral' } },
    });
    expect(ok(await callFunction('case-detail', { caseId }, HU.openid)).fee).toMatchObject({ dueOn: '2026-06-30', state: 'unpaid' });
  });

  it('refusal: only with written reasons; the whole fee is then due in 7 days; the applicant reads the reasons', async () => {
    ok(await aid(HU.openid, await applying('aid-apply-0006', caseId, { kind: 'exemption', ground: 'exemption-other' })));
    const before = await countOf('case_events', { caseId });
    expect(
      (await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0005', caseId, applicationId: 'aid-1', decision: 'refuse' })).result,
    ).toMatchObject(invalid);
    expect(await countOf('case_events', { caseId })).toBe(before);
    await today('2026-03-05');
    const reason = '申请人提交的材料不能证明其无固定生活来源';
    const refused = ok(await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0006', caseId, applicationId: 'aid-1', decision: 'refuse', reason }));
    expect(refused).toMatchObject({ application: { state: 'refused', reason }, fee: { feeFen, dueOn: '2026-03-12', state: 'unpaid' } });
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.fee.aid).toBeUndefined();
    const seen = ok(await aid(HU.openid, { op: 'view', caseId }));
    expect(seen).toMatchObject({ op: 'view', applications: [{ state: 'refused', reason }] });
    // Decided once.
    expect(
      (await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-0007', caseId, applicationId: 'aid-1', decision: 'grant' })).result,
    ).toMatchObject({ ok: false, error: { code: 'STATE' } });
  });

  it('an application after the fee’s day is warned (第四十八条), not blocked', async () => {
    await today('2026-03-20');
    const late = ok(await aid(HU.openid, await applying('aid-apply-0007', caseId, { kind: 'deferral', ground: 'accident-victim', deferTo: '2026-06-30' })));
    if (late.op !== 'apply') throw new Error('unreachable');
    expect(late.application.warning).toContain('第四十八条');
  });

  it('refuses a stranger, the other side, a judge of another court and the wrong case, writing nothing', async () => {
    ok(await aid(HU.openid, await applying('aid-apply-0008', caseId, {})));
    await verify(WU);
    await verifyApprovedLawyer(db);
    const other = (await acceptedHuCase({ tag: '0002' })).caseId;
    const before = await countOf('case_events', { caseId });
    // The defendant and an unrelated lawyer may neither apply, nor read the plaintiff's hardship, nor decide.
    for (const who of [WU.openid, LIN.openid, 'o-nobody']) {
      expect((await aid(who, { op: 'view', caseId })).result).toMatchObject({ ok: false });
      expect((await aid(who, { op: 'decide', requestId: 'aid-decide-x001', caseId, applicationId: 'aid-1', decision: 'grant' })).result).toMatchObject({
        ok: false,
      });
    }
    // The party may not decide its own application; a registrar of another court may not either.
    for (const who of [HU.openid, OTHER_REGISTRAR.openid, CLERK.openid]) {
      expect((await aid(who, { op: 'decide', requestId: 'aid-decide-x002', caseId, applicationId: 'aid-1', decision: 'grant' })).result).toMatchObject(
        forbidden,
      );
    }
    // The right registrar on the wrong case: no such application there.
    expect(
      (await aid(REGISTRAR.openid, { op: 'decide', requestId: 'aid-decide-x003', caseId: other, applicationId: 'aid-1', decision: 'grant' })).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Bad input: no proof, an unknown ground.
    expect((await aid(HU.openid, { ...(await applying('aid-apply-x004', other, {})), proofs: [] })).result).toMatchObject(invalid);
    expect((await callWithAnyInput('fee-aid', { ...(await applying('aid-apply-x005', other, {})), ground: 'poor' }, HU.openid)).result).toMatchObject(invalid);
    expect(await countOf('case_events', { caseId })).toBe(before);
  });
});

describe('司法救助 decided by the presiding judge in the case', () => {
  it('the presiding judge decides an application made in the case', async () => {
    await resetEmulator();
    await seedCourts(db);
    const assigned = await assignedHuCase({ tag: '0003' });
    ok(await aid(HU.openid, await applying('aid-apply-0009', assigned.caseId, { kind: 'deferral', ground: 'insurance-claim', deferTo: '2026-05-30' })));
    expect(
      ok(await aid(assigned.presiding, { op: 'decide', requestId: 'aid-decide-0008', caseId: assigned.caseId, applicationId: 'aid-1', decision: 'grant' })),
    ).toMatchObject({ fee: { dueOn: '2026-05-30' } });
  });
});
