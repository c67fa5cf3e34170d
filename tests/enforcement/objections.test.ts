import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import type { ActionInput, ActionName, ActionOutput } from '#contract';
import { callFunction, ok, operation } from '../support/emulator';
import { EXECUTORS, huJudgmentsEffective, judgment, LEADER, uploadToCourt2 } from '../support/enforcement';
import { HU, REGISTRAR, residentId, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid: string): Promise<ActionOutput<N>> {
  return ok(await callFunction(name, data, openid));
}
async function refused<N extends ActionName>(name: N, data: ActionInput<N>, openid: string) {
  const reply = await callFunction(name, data, openid);
  if (reply.result.ok) throw new Error(`${name} should have been refused: ${JSON.stringify(reply.result.data)}`);
  return reply.result.error;
}
const events = async (caseId: string, action: string) =>
  ((await db.collection('case_events').where({ caseId, action }).get()) as { data: unknown[] }).data.length;

/** A verified neighbour who says the sealed car is hers. */
const OUTSIDER = { openid: 'o-outsider-liu', name: '刘案外', idNumber: residentId('44010619880808202') };
const UNVERIFIED = 'o-unverified';

let enforcementId: string;
beforeEach(async () => {
  const { caseId } = await huJudgmentsEffective(db, [judgment('judgment-1', 50_000_000)]);
  ({ enforcementId } = await call('enforcement-apply', { op: 'apply', requestId: 'obj-apply-0001', caseId, decisionId: 'judgment-1' }, HU.openid));
  await call('enforcement-file', { op: 'file', requestId: 'obj-file-0001', enforcementId }, REGISTRAR.openid);
});

describe('执行异议 and 案外人异议 (民事诉讼法 第二百三十六条、第二百三十八条)', () => {
  it('each objection is a 执异 case reviewed in 15 days; the bureau rules, and each ruling names what follows and by when', async () => {
    // The respondent objects to an act of enforcement: a 执异 number from the court's gap-free counter.
    const act = await call('enforcement-apply', { op: 'object', requestId: 'obj-act-0001', enforcementId, reason: '查封的设备为租赁物' }, WU.openid);
    expect(act).toMatchObject({ op: 'object', objectionId: 'objection-1', objectionNumber: '（2026）粤0106执异1号', reviewDueOn: '2026-03-17' });

    // An outsider claims the sealed car, with proof of title; a party cannot use the outsider's route, nor can an unverified caller.
    await verify(OUTSIDER);
    const proof = await uploadToCourt2(OUTSIDER.openid, '机动车登记证书.pdf', '%PDF-1.4 vehicle title of Liu');
    const outsiderInput = {
      op: 'outsider-object',
      requestId: 'obj-out-0001',
      enforcementId,
      object: '粤A·12345 小型轿车',
      reason: '该车为本人所有，登记在本人名下，仅借给被执行人使用',
      proofs: [proof],
    } satisfies ActionInput<'enforcement-apply'>;
    expect(
      await refused(
        'enforcement-apply',
        { ...outsiderInput, requestId: 'obj-out-hu', proofs: [await uploadToCourt2(HU.openid, 'x.pdf', '%PDF x')] },
        HU.openid,
      ),
    ).toMatchObject({
      code: 'STATE',
      message: '您是本案当事人，请提出执行异议（民事诉讼法 第二百三十六条）',
    });
    expect(await refused('enforcement-apply', { ...outsiderInput, requestId: 'obj-out-anon' }, UNVERIFIED)).toMatchObject({ code: 'NOT_VERIFIED' });
    // Proof uploaded by someone else is not the outsider's to submit.
    expect(
      await refused(
        'enforcement-apply',
        { ...outsiderInput, requestId: 'obj-out-wrong', proofs: [await uploadToCourt2(WU.openid, 'y.pdf', '%PDF y')] },
        OUTSIDER.openid,
      ),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const outsider = await call('enforcement-apply', outsiderInput, OUTSIDER.openid);
    expect(outsider).toMatchObject({ op: 'outsider-object', objectionId: 'objection-2', objectionNumber: '（2026）粤0106执异2号', reviewDueOn: '2026-03-17' });
    // A retry answers the first and files one objection.
    expect(await call('enforcement-apply', outsiderInput, OUTSIDER.openid)).toEqual(outsider);
    expect(await events(enforcementId, 'enforcement.objected')).toBe(2);

    // The ruling is the bureau's: not the executor's, not a party's, not the outsider's.
    const rule = (objectionId: string, sustained: boolean, requestId: string) =>
      ({
        op: 'rule-objection',
        requestId,
        enforcementId,
        objectionId,
        sustained,
        reason: sustained ? '异议成立' : '车辆登记在被执行人名下，异议人未能证明其权利',
      }) satisfies ActionInput<'enforcement-supervise'>;
    expect(await refused('enforcement-supervise', rule('objection-2', false, 'obj-rule-hu'), HU.openid)).toMatchObject({ code: 'FORBIDDEN' });
    const assigned = (await findById<{ executor?: { openid: string } }>(db, 'enforcements', enforcementId))?.executor?.openid ?? EXECUTORS[0]?.openid ?? '';
    expect(await refused('enforcement-supervise', rule('objection-2', false, 'obj-rule-ex'), assigned)).toMatchObject({ code: 'FORBIDDEN' });

    await operation('POST', 'clock', { now: '2026-03-10T02:00:00.000Z' });
    const rejected = await call('enforcement-supervise', rule('objection-2', false, 'obj-rule-0002'), LEADER.openid);
    expect(rejected.objection).toMatchObject({
      kind: 'outsider',
      caseNumber: '（2026）粤0106执异2号',
      object: '粤A·12345 小型轿车',
      ruling: { sustained: false, on: '2026-03-10', remedy: expect.stringContaining('十五日内不得处分该标的'), remedyDueOn: '2026-03-25' },
    });
    const sustained = await call('enforcement-supervise', rule('objection-1', true, 'obj-rule-0001'), LEADER.openid);
    expect(sustained.objection).toMatchObject({
      kind: 'act',
      ruling: { sustained: true, remedy: expect.stringContaining('十日内向上一级人民法院申请复议'), remedyDueOn: '2026-03-20' },
    });
    expect(await refused('enforcement-supervise', rule('objection-1', false, 'obj-rule-again'), LEADER.openid)).toMatchObject({
      code: 'STATE',
      message: '该异议已作出裁定',
    });
    expect(await refused('enforcement-supervise', rule('objection-9', false, 'obj-rule-none'), LEADER.openid)).toMatchObject({ code: 'NOT_FOUND' });

    // The parties read both objections and their rulings on the case; each review step is done.
    const seen = await call('enforcement-view', { op: 'detail', enforcementId }, HU.openid);
    expect(seen.case?.objections.map((o) => [o.kind, o.caseNumber, o.ruling?.sustained])).toEqual([
      ['act', '（2026）粤0106执异1号', true],
      ['outsider', '（2026）粤0106执异2号', false],
    ]);
    expect(seen.case?.chainVerified).toBe(true);
    const stored = await findById<{ steps: { kind: string; doneOn?: string }[] }>(db, 'enforcements', enforcementId);
    expect(stored?.steps.filter((s) => s.kind === 'objection-review').map((s) => s.doneOn)).toEqual(['2026-03-10', '2026-03-10']);
  });
});
