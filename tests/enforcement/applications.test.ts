import { createHash } from 'node:crypto';
import cloud from 'wx-server-sdk';
import type { ActionInput, ActionName, ActionOutput } from '#contract';
import type { DecisionRecord } from '#usecases/records';

import { callFunction, ok, operation } from '../support/emulator';
import { CIVIL_LEADER, EXECUTORS, huJudgmentsEffective, LEADER, judgment, preservation, uploadToCourt2 } from '../support/enforcement';
import { today } from '../support/management';
import { HU, OTHER_REGISTRAR, REGISTRAR } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid: string): Promise<ActionOutput<N>> {
  return ok(await callFunction(name, data, openid));
}
const refused = async <N extends ActionName>(name: N, data: ActionInput<N>, openid: string) => (await callFunction(name, data, openid)).result;
const eventData = async (caseId: string, action: string) =>
  ((await db.collection('case_events').where({ caseId, action }).get()) as unknown as { data: { data: Record<string, unknown> }[] }).data.map((e) => e.data);

let caseId: string;
beforeEach(async () => {
  ({ caseId } = await huJudgmentsEffective(db, [judgment('judgment-1', 50_000_000), preservation]));
});

describe('执保 and a decision of another court (legal-rules-2 §3.1, §3.2)', () => {
  it('a preservation ruling is carried out at once as a 执保 case, numbered from its own gap-free counter, at no further fee', async () => {
    const applied = await call('enforcement-apply', { op: 'apply', requestId: 'pres-apply-01', caseId, decisionId: 'preservation-1' }, HU.openid);
    expect(applied).toMatchObject({ op: 'apply', state: 'applied', typeCode: '执保', appliedOn: '2026-03-02', late: false });
    const filed = await call('enforcement-file', { op: 'file', requestId: 'pres-file-01', enforcementId: applied.enforcementId }, REGISTRAR.openid);
    expect(filed).toMatchObject({ caseNumber: '（2026）粤0106执保1号', feeFen: 0 });
    const steps = (await call('enforcement-view', { op: 'detail', enforcementId: applied.enforcementId }, HU.openid)).case?.steps.map((s) => s.kind);
    expect(steps).toEqual(expect.arrayContaining(['assignment', 'online-search', 'close']));
    expect(steps).not.toContain('notice');
    // The judgment's own enforcement is a 执 case, numbered from the 执 counter.
    const judgmentApplied = await call('enforcement-apply', { op: 'apply', requestId: 'pres-apply-02', caseId, decisionId: 'judgment-1' }, HU.openid);
    expect(judgmentApplied.typeCode).toBe('执');
    expect(
      await call('enforcement-file', { op: 'file', requestId: 'pres-file-02', enforcementId: judgmentApplied.enforcementId }, REGISTRAR.openid),
    ).toMatchObject({
      caseNumber: '（2026）粤0106执1号',
    });
  });

  it('an uploaded decision of another court is hashed, stated with its court and number, and filed only after the filing officer has checked it', async () => {
    const pdf = '%PDF-1.4 越秀法院 民事判决书 (2025)粤0104民初123号';
    const input = {
      op: 'apply-upload' as const,
      requestId: 'up-apply-01',
      courtId: 'gz-tianhe',
      jurisdiction: 'property' as const,
      issuingCourt: '广州市越秀区人民法院',
      decisionNumber: '（2025）粤0104民初123号',
      title: '民事判决书',
      effectiveOn: '2026-01-10',
      dueOn: '2026-01-20',
      respondent: '广州某贸易有限公司',
      amountFen: 3_000_000,
      file: await uploadToCourt2(HU.openid, '判决书.pdf', pdf),
    };
    // Neither an amount nor an act; a photo instead of the PDF: refused, nothing kept.
    const { amountFen: _amount, ...noAmount } = input;
    expect(await refused('enforcement-apply', { ...noAmount, requestId: 'up-apply-x1' }, HU.openid)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const photo = await uploadToCourt2(HU.openid, '判决书.jpg', 'a photo of the judgment');
    expect(await refused('enforcement-apply', { ...input, requestId: 'up-apply-x2', file: photo }, HU.openid)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '生效法律文书请上传 PDF 文件' },
    });

    const applied = await call('enforcement-apply', input, HU.openid);
    expect(applied).toMatchObject({
      op: 'apply-upload',
      state: 'applied',
      typeCode: '执',
      applicationLastDay: '2028-01-20',
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    expect(await call('enforcement-apply', input, HU.openid)).toEqual(applied);
    expect(await refused('enforcement-apply', { ...input, requestId: 'up-apply-02' }, HU.openid)).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: '该法律文书已申请执行，正在办理中' },
    });
    expect((await eventData(applied.enforcementId, 'enforcement.applied'))[0]).toMatchObject({
      source: '（2025）粤0104民初123号',
      uploaded: { court: '广州市越秀区人民法院', sha256: applied.sha256 },
    });

    // The filing officer's queue has it with the decision as stated and its hash; another court's, a party's or an executor's nothing.
    const queue = await call('enforcement-view', { op: 'applications' }, REGISTRAR.openid);
    expect(queue.applications).toEqual([
      expect.objectContaining({
        enforcementId: applied.enforcementId,
        filingDueOn: '2026-03-09',
        source: { caseNumber: '（2025）粤0104民初123号', title: '广州市越秀区人民法院 民事判决书' },
        uploaded: expect.objectContaining({ court: '广州市越秀区人民法院', sha256: applied.sha256, url: expect.stringContaining('http') }),
      }),
    ]);
    expect(await (await fetch(queue.applications?.[0]?.uploaded?.url ?? '')).text()).toBe(pdf);
    expect((await call('enforcement-view', { op: 'applications' }, OTHER_REGISTRAR.openid)).applications).toEqual([]);
    // The bureau's 局长 has it; the civil division's leader, of the same court, nothing.
    expect((await call('enforcement-view', { op: 'applications' }, LEADER.openid)).applications).toHaveLength(1);
    expect((await call('enforcement-view', { op: 'applications' }, CIVIL_LEADER.openid)).applications).toEqual([]);
    expect(await refused('enforcement-view', { op: 'applications' }, HU.openid)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await refused('enforcement-view', { op: 'applications' }, EXECUTORS[0]?.openid ?? '')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // The filing officer sees the stated decision and must check it before filing.
    expect(await refused('enforcement-file', { op: 'file', requestId: 'up-file-00', enforcementId: applied.enforcementId }, REGISTRAR.openid)).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('须经核对') },
    });
    const filed = await call(
      'enforcement-file',
      { op: 'file', requestId: 'up-file-01', enforcementId: applied.enforcementId, documentChecked: true },
      REGISTRAR.openid,
    );
    expect(filed).toMatchObject({ state: 'filed', caseNumber: '（2026）粤0106执1号' });
    expect((await eventData(applied.enforcementId, 'enforcement.filed'))[0]).toMatchObject({ documentChecked: true });
    const seen = await call('enforcement-view', { op: 'detail', enforcementId: applied.enforcementId }, HU.openid);
    expect(seen.case).toMatchObject({ caseNumber: '（2026）粤0106执1号' });
  });

  it('ten applications of one decision at once make one application; the others are refused, or answered the same when they are one attempt (民事诉讼法 第二百三十五条)', async () => {
    const enforcementsOf = async (sourceCaseId: string) =>
      ((await db.collection('enforcements').where({ 'source.caseId': sourceCaseId }).get()) as unknown as { data: { _id: string }[] }).data;
    const upload = {
      op: 'apply-upload' as const,
      courtId: 'gz-tianhe',
      jurisdiction: 'domicile' as const,
      issuingCourt: '广州市越秀区人民法院',
      decisionNumber: '(2025)粤0104民初456号',
      title: '民事判决书',
      effectiveOn: '2026-01-10',
      dueOn: '2026-01-20',
      respondent: '广州某贸易有限公司',
      amountFen: 1_000_000,
      file: await uploadToCourt2(HU.openid, '判决书.pdf', '%PDF-1.4 (2025)粤0104民初456号'),
    };
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => callFunction('enforcement-apply', { ...upload, requestId: `race-up-${i}` }, HU.openid).then((r) => r.result)),
    );
    const accepted = replies.filter((r) => r.ok);
    expect(accepted).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).map((r) => r.error)).toEqual(
      Array(9).fill(expect.objectContaining({ code: 'STATE', message: '该法律文书已申请执行，正在办理中' })),
    );
    // The number written another way (half-width brackets, spaces) names the same decision.
    const sourceKey = 'upload:广州市越秀区人民法院:（2025）粤0104民初456号';
    expect((await enforcementsOf(sourceKey)).map((e) => e._id)).toEqual([(accepted[0] as { data: { enforcementId: string } }).data.enforcementId]);
    expect(await refused('enforcement-apply', { ...upload, decisionNumber: '（2025） 粤0104民初456号', requestId: 'race-up-again' }, HU.openid)).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });

    // One attempt sent ten times at once: ten times the same answer, one application.
    const same = { ...upload, decisionNumber: '（2025）粤0104民初789号', requestId: 'race-up-same' };
    const twins = await Promise.all(Array.from({ length: 10 }, () => callFunction('enforcement-apply', same, HU.openid).then((r) => r.result)));
    expect(twins.every((r) => r.ok)).toBe(true);
    expect(new Set(twins.map((r) => JSON.stringify(r.ok ? r.data : r.error))).size).toBe(1);
    expect(await enforcementsOf('upload:广州市越秀区人民法院:（2025）粤0104民初789号')).toHaveLength(1);

    // The same of a decision of this platform: its case names the one application under way.
    const platform = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        callFunction('enforcement-apply', { op: 'apply', requestId: `race-apply-${i}`, caseId, decisionId: 'judgment-1' }, HU.openid).then((r) => r.result),
      ),
    );
    expect(platform.filter((r) => r.ok)).toHaveLength(1);
    expect(platform.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(Array(9).fill('STATE'));
    expect(await enforcementsOf(caseId)).toHaveLength(1);
  });

  it('a judgment payable in instalments is enforced for the instalments past their day, the two years running from the last (民事诉讼法 第二百五十条)', async () => {
    const plan = [
      { amountFen: 100_000, dueOn: '2026-03-02' },
      { amountFen: 200_000, dueOn: '2026-04-02' },
      { amountFen: 300_000, dueOn: '2026-06-02' },
    ];
    const instalments = {
      ...judgment('instalments-1', 600_000),
      obligations: [{ debtor: 1, creditor: 0, amountFen: 600_000, dueOn: '2026-06-02', instalments: plan }],
    };
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { decisions: [instalments] } });
    // 03-02: the first instalment's day itself, not yet passed.
    expect(await refused('enforcement-apply', { op: 'apply', requestId: 'inst-apply-00', caseId, decisionId: 'instalments-1' }, HU.openid)).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('义务人在生效法律文书确定的期限内未履行义务') },
    });
    // 04-03: two instalments unpaid past their day; the last one's day is months away.
    await operation('POST', 'clock', { now: '2026-04-03T02:00:00.000Z' });
    const applied = await call('enforcement-apply', { op: 'apply', requestId: 'inst-apply-01', caseId, decisionId: 'instalments-1' }, HU.openid);
    expect(applied).toMatchObject({ state: 'applied', applicationLastDay: '2028-06-02', late: false });
    expect((await eventData(applied.enforcementId, 'enforcement.applied'))[0]).toMatchObject({ amountFen: 300_000, instalmentsDue: 2, instalments: 3 });
  });
});

describe('a judgment that gives days to perform from its effect (自本判决生效之日起十日内)', () => {
  it('is enforced only once those days have run, and the two years count from their end (民事诉讼法 第二百五十条; legal-rules-2 §3.8)', async () => {
    const tenDays: DecisionRecord = {
      ...judgment('judgment-days', 50_000_000),
      obligations: [{ debtor: 1, creditor: 0, amountFen: 50_000_000, performanceDays: 10 }],
    };
    const { caseId: id } = await huJudgmentsEffective(db, [tenDays]);
    // Effective 2026-01-21: ten days end on Saturday 01-31, a party's period, so on Monday 02-02 (第八十五条).
    await today('2026-02-02');
    expect(await refused('enforcement-apply', { op: 'apply', requestId: 'days-apply-01', caseId: id, decisionId: 'judgment-days' }, HU.openid)).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('期限内未履行') },
    });
    await today('2026-02-03');
    expect(await call('enforcement-apply', { op: 'apply', requestId: 'days-apply-02', caseId: id, decisionId: 'judgment-days' }, HU.openid)).toMatchObject({
      applicationLastDay: '2028-02-02',
      late: false,
    });
  });
});
