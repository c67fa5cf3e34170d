import { createHash } from 'node:crypto';
import cloud from 'wx-server-sdk';
import { drawPanel } from '#domain/assignment';
import { findById, verifyCaseChain, type ChainHead } from '#runtime';
import type { ActionInput, ActionName, ActionOutput } from '#contract';

import { callFunction, callWithAnyInput, countOf as countInDb, ok, operation } from '../support/emulator';
import {
  CIVIL_LEADER,
  EXECUTORS,
  filedAndAssigned,
  huJudgmentsEffective,
  judgment,
  LEADER,
  OTHER_EXECUTOR,
  PRESIDENT,
  uploadToCourt2,
} from '../support/enforcement';
import { CLERK, HU, REGISTRAR, OTHER_REGISTRAR, residentId, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);

const STRANGER = { openid: 'o-stranger', name: '郑路人', idNumber: residentId('11010119900307663') };

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid: string): Promise<ActionOutput<N>> {
  return ok(await callFunction(name, data, openid));
}
const at = (now: string) => operation('POST', 'clock', { now });
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

let caseId: string;
beforeEach(async () => {
  ({ caseId } = await huJudgmentsEffective(db, [judgment('judgment-1', 50_000_000), judgment('judgment-2', 2_000_000)]));
});

describe('enforcement end to end', () => {
  it('Mr Hu’s judgment: applied, filed, assigned, notice, logs (one synced late), an overrun urged and answered, another escalated, money received and paid out, 执行完毕, the chain verified', async () => {
    const applied = await call(
      'enforcement-apply',
      { op: 'apply', requestId: 'enf-apply-0001', caseId, decisionId: 'judgment-1', leads: '被告在某银行开有账户' },
      HU.openid,
    );
    expect(applied).toEqual({
      op: 'apply',
      enforcementId: expect.any(String),
      state: 'applied',
      appliedOn: '2026-03-02',
      filingDueOn: '2026-03-09',
      applicationLastDay: '2028-02-02',
      late: false,
      typeCode: '执',
    });
    const id = applied.enforcementId;
    // A retry answers the same; a second application of the same judgment is refused while the first runs.
    expect(
      ok(
        await callFunction(
          'enforcement-apply',
          { op: 'apply', requestId: 'enf-apply-0001', caseId, decisionId: 'judgment-1', leads: '被告在某银行开有账户' },
          HU.openid,
        ),
      ),
    ).toEqual(applied);
    expect(
      (await callFunction('enforcement-apply', { op: 'apply', requestId: 'enf-apply-0002', caseId, decisionId: 'judgment-1' }, HU.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: '该法律文书已申请执行，正在办理中' },
    });

    // 立案 by the registrar: a 执 number from the court's counter, the application fee borne by the debtor after enforcement.
    expect(
      (await callFunction('enforcement-file', { op: 'file', requestId: 'enf-file-0001', enforcementId: id }, OTHER_REGISTRAR.openid)).result,
    ).toMatchObject(forbidden);
    const filed = await call('enforcement-file', { op: 'file', requestId: 'enf-file-0001', enforcementId: id }, REGISTRAR.openid);
    expect(filed).toEqual({ op: 'file', enforcementId: id, state: 'filed', caseNumber: '（2026）粤0106执1号', feeFen: 740_000, assignmentDueOn: '2026-03-09' });
    expect(ok(await callFunction('enforcement-file', { op: 'file', requestId: 'enf-file-0001', enforcementId: id }, REGISTRAR.openid))).toEqual(filed);

    // The executor drawn by the bureau's 局长; the leader of another division may not.
    expect(
      (await callFunction('enforcement-file', { op: 'assign', requestId: 'enf-assign-0001', enforcementId: id }, CIVIL_LEADER.openid)).result,
    ).toMatchObject(forbidden);
    const assigned = await call('enforcement-file', { op: 'assign', requestId: 'enf-assign-0001', enforcementId: id }, LEADER.openid);
    const draw = assigned.draw ?? { seed: '', candidates: [] };
    const [rerun] = drawPanel(
      draw.seed,
      draw.candidates.map((c) => ({ ...c, name: EXECUTORS.find((e) => e.openid === c.openid)?.name ?? '' })),
      1,
    );
    expect(assigned.executor?.openid).toBe(rerun?.openid);
    const executor = assigned.executor?.openid ?? '';
    const otherOfBureau = EXECUTORS.find((e) => e.openid !== executor)?.openid ?? '';

    // The execution notice and the property report order, done the next day.
    await at('2026-03-03T02:00:00.000Z');
    for (const stepId of ['notice', 'report-order'])
      await call('enforcement-act', { op: 'step', requestId: `enf-step-${stepId}`, enforcementId: id, stepId, done: true, note: '已送达' }, executor);

    // A photo at the debtor's premises, taken and sent at once.
    const photo = await uploadToCourt2(executor, '现场.jpg', 'jpeg bytes of the premises');
    const photoLog = await call(
      'enforcement-act',
      {
        op: 'log',
        requestId: 'enf-log-photo-01',
        enforcementId: id,
        clientId: 'phone-log-0001',
        kind: 'photo',
        stepId: 'investigation',
        capturedAt: '2026-03-03T10:05:00+08:00',
        place: { latitude: 23.135, longitude: 113.327, name: '天河路385号' },
        file: photo,
        text: '被执行人经营场所',
      },
      executor,
    );
    // The function hashed the bytes it attached.
    expect(photoLog).toMatchObject({ sha256: createHash('sha256').update('jpeg bytes of the premises').digest('hex'), capturedAt: '2026-03-03 10:05' });
    // A video captured without network at 11:00, synced the next morning, and the sync retried: one log.
    const video = await uploadToCourt2(executor, '查封.mp4', 'mp4 bytes of the seizure');
    await at('2026-03-04T01:30:00.000Z');
    const videoInput = {
      op: 'log' as const,
      requestId: 'enf-log-video-01',
      enforcementId: id,
      clientId: 'phone-log-0002',
      kind: 'video' as const,
      stepId: 'investigation',
      capturedAt: '2026-03-03T11:00:00+08:00',
      place: { latitude: 23.136, longitude: 113.328 },
      file: video,
      internal: '被执行人情绪激动，下次带法警',
    };
    const videoLog = await call('enforcement-act', videoInput, executor);
    expect(videoLog).toMatchObject({ capturedAt: '2026-03-03 11:00', uploadedAt: '2026-03-04 09:30' });
    expect(await call('enforcement-act', videoInput, executor)).toEqual(videoLog);
    expect(await call('enforcement-act', { ...videoInput, requestId: 'enf-log-video-02' }, executor)).toEqual(videoLog);
    expect(await countOf('enforcement_logs', { enforcementId: id })).toBe(2);
    // CPL 239: the record signed by those present; CPL 256: the inventory, given to the debtor.
    await call(
      'enforcement-act',
      {
        op: 'record',
        requestId: 'enf-record-0001',
        enforcementId: id,
        kind: 'inventory',
        text: '查封被执行人仓库货物',
        present: [
          { name: '刘执行', capacity: '执行员', signed: true },
          { name: '吴海涛', capacity: '被执行人法定代表人', signed: true },
          { name: '李见证', capacity: '见证人', signed: true },
        ],
        items: [{ name: '服装', quantity: '200箱' }],
        givenToDebtor: true,
      },
      executor,
    );

    // Another executor, of the bureau or of another division, sees nothing of it.
    expect((await callFunction('enforcement-view', { op: 'detail', enforcementId: id }, OTHER_EXECUTOR.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('enforcement-view', { op: 'detail', enforcementId: id }, otherOfBureau)).result).toMatchObject(forbidden);
    expect(ok(await callFunction('enforcement-view', { op: 'tasks' }, OTHER_EXECUTOR.openid)).rows).toEqual([]);
    expect(
      (await callFunction('enforcement-act', { op: 'step', requestId: 'enf-other-0001', enforcementId: id, stepId: 'ask-leads', done: true }, otherOfBureau))
        .result,
    ).toMatchObject(forbidden);

    // 03-10: asking for leads (due 03-05) ran over. The leader's dashboard has it first; he urges.
    await at('2026-03-10T02:00:00.000Z');
    const board = await call('enforcement-view', { op: 'dashboard' }, LEADER.openid);
    expect(board.rows?.[0]).toMatchObject({ enforcementId: id, stepId: 'ask-leads', state: 'overdue', dueOn: '2026-03-05' });
    expect(board.byExecutor?.[0]).toMatchObject({ overdue: 1, open: 1 });
    expect((await callFunction('enforcement-view', { op: 'dashboard' }, CIVIL_LEADER.openid)).result).toMatchObject({ ok: true, data: { rows: [] } });
    expect((await callFunction('enforcement-view', { op: 'dashboard' }, executor)).result).toMatchObject(forbidden);
    expect(
      (
        await callFunction(
          'enforcement-supervise',
          { op: 'urge', requestId: 'enf-urge-0000', enforcementId: id, stepId: 'close', note: '请加快' },
          LEADER.openid,
        )
      ).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    expect(
      (
        await callFunction(
          'enforcement-supervise',
          { op: 'urge', requestId: 'enf-urge-0001', enforcementId: id, stepId: 'ask-leads', note: '请于两日内办理' },
          CIVIL_LEADER.openid,
        )
      ).result,
    ).toMatchObject(forbidden);
    const urge = await call(
      'enforcement-supervise',
      { op: 'urge', requestId: 'enf-urge-0001', enforcementId: id, stepId: 'ask-leads', note: '请于两日内办理' },
      LEADER.openid,
    );
    expect(urge).toEqual({ op: 'urge', enforcementId: id, urgeId: 'urge-1', answerDueAt: '2026-03-12 10:00' });
    expect(
      await call(
        'enforcement-supervise',
        { op: 'urge', requestId: 'enf-urge-0001', enforcementId: id, stepId: 'ask-leads', note: '请于两日内办理' },
        LEADER.openid,
      ),
    ).toEqual(urge);
    const { messages } = await operation<{ messages: { touser: string; page?: string }[] }>('GET', 'outbox');
    expect(messages.some((m) => m.touser === executor && (m.page ?? '').startsWith('enforcement/answer/answer'))).toBe(true);
    expect(ok(await callFunction('enforcement-view', { op: 'tasks' }, executor)).rows?.find((r) => r.stepId === 'ask-leads')).toMatchObject({
      urged: true,
      state: 'overdue',
    });
    await call(
      'enforcement-act',
      { op: 'answer', requestId: 'enf-answer-0001', enforcementId: id, urgeId: 'urge-1', reason: '申请执行人未接电话，已改为书面通知', newDueOn: '2026-03-12' },
      executor,
    );

    // 03-14: the investigation (due 03-13) ran over; urged, not answered; two days on the sweep escalates it to the president.
    await at('2026-03-14T02:00:00.000Z');
    await call(
      'enforcement-supervise',
      { op: 'urge', requestId: 'enf-urge-0002', enforcementId: id, stepId: 'investigation', note: '调查逾期' },
      LEADER.openid,
    );
    await at('2026-03-15T02:00:00.000Z');
    // The first sweep also records the steps that have run over by now (each once).
    expect(await call('enforcement-supervise', { op: 'sweep', requestId: 'enf-sweep-0001' }, LEADER.openid)).toMatchObject({
      op: 'sweep',
      escalated: 0,
      overdue: 4,
    });
    await at('2026-03-16T03:00:00.000Z');
    expect(await call('enforcement-supervise', { op: 'sweep', requestId: 'enf-sweep-0002' }, LEADER.openid)).toMatchObject({ op: 'sweep', escalated: 1 });
    expect(await call('enforcement-supervise', { op: 'sweep', requestId: 'enf-sweep-0003' }, LEADER.openid)).toEqual({ op: 'sweep', escalated: 0, overdue: 0 });
    const outbox = await operation<{ messages: { touser: string }[] }>('GET', 'outbox');
    expect(outbox.messages.some((m) => m.touser === PRESIDENT.openid)).toBe(true);

    // Money arrives 03-20 (to be paid out by 04-19) and is paid out; 执行完毕.
    await at('2026-03-20T02:00:00.000Z');
    const arrived = await call(
      'enforcement-act',
      { op: 'step', requestId: 'enf-money-0001', enforcementId: id, kind: 'payout', triggerOn: '2026-03-20', amountFen: 50_000_000 },
      executor,
    );
    expect(arrived).toMatchObject({ stepId: 'payout', dueOn: '2026-04-19' });
    expect(
      (await callFunction('enforcement-act', { op: 'close', requestId: 'enf-close-0000', enforcementId: id, method: 'completed' }, executor)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('500000.00 元未发放') },
    });
    await call(
      'enforcement-act',
      { op: 'step', requestId: 'enf-money-0002', enforcementId: id, stepId: 'payout', done: true, amountFen: 50_000_000 },
      executor,
    );
    expect(await call('enforcement-act', { op: 'close', requestId: 'enf-close-0001', enforcementId: id, method: 'completed' }, executor)).toMatchObject({
      state: 'closed',
    });

    // 执行公开: Mr Hu and the debtor see the steps, dates and the logs, never the executor's internal note or the urges.
    const huSees = await call('enforcement-view', { op: 'detail', enforcementId: id }, HU.openid);
    expect(huSees.case).toMatchObject({
      caseNumber: '（2026）粤0106执1号',
      stateLabel: '执行完毕',
      receivedFen: 50_000_000,
      paidFen: 50_000_000,
      higherCourtAfter: '2026-09-02',
      chainVerified: true,
    });
    expect(huSees.case?.logs.map((l) => [l.kind, l.capturedAt, l.uploadedAt])).toEqual([
      ['photo', '2026-03-03 10:05', '2026-03-03 10:00'],
      ['video', '2026-03-03 11:00', '2026-03-04 09:30'],
    ]);
    expect(JSON.stringify(huSees)).not.toContain('法警');
    expect(huSees.case?.urges).toBeUndefined();
    const wuSees = await call('enforcement-view', { op: 'detail', enforcementId: id }, WU.openid);
    expect(wuSees.case?.logs).toHaveLength(2);
    expect(JSON.stringify(wuSees)).not.toContain(HU.idNumber);
    const leaderSees = await call('enforcement-view', { op: 'detail', enforcementId: id }, LEADER.openid);
    expect(leaderSees.case?.urges?.map((u) => [u.urgeId, Boolean(u.answer), Boolean(u.escalatedAt)])).toEqual([
      ['urge-1', true, false],
      ['urge-2', false, true],
    ]);
    expect(leaderSees.case?.logs.find((l) => l.kind === 'video')?.internal).toBe('被执行人情绪激动，下次带法警');
    expect((await callFunction('enforcement-view', { op: 'detail', enforcementId: id }, STRANGER.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('enforcement-view', { op: 'detail', enforcementId: id }, CLERK.openid)).result).toMatchObject(forbidden);

    // The chain: every act, with each log's hash.
    const head = (await findById<{ chain: ChainHead }>(db, 'enforcements', id))?.chain;
    expect(await verifyCaseChain(db, id, head)).toMatchObject({ ok: true });
    const logged = (await db.collection('case_events').where({ caseId: id, action: 'enforcement.logged' }).get()) as unknown as {
      data: { data: { sha256: string } }[];
    };
    expect(logged.data.map((e) => e.data.sha256)).toContain(photoLog.sha256);
  });

  it('终本 only once every condition holds: refused before 3 months with the reason; then the 6-monthly search, and property found resumes it as 执恢', async () => {
    const { enforcementId: id } = await call('enforcement-apply', { op: 'apply', requestId: 'enf2-apply-0001', caseId, decisionId: 'judgment-2' }, HU.openid);
    await call('enforcement-file', { op: 'file', requestId: 'enf2-file-0001', enforcementId: id }, LEADER.openid);
    const { executor } = await call(
      'enforcement-file',
      { op: 'assign', requestId: 'enf2-assign-0001', enforcementId: id, executor: EXECUTORS[0]?.openid ?? '' },
      LEADER.openid,
    );
    const by = executor?.openid ?? '';
    for (const stepId of ['notice', 'report-order'])
      await call('enforcement-act', { op: 'step', requestId: `enf2-step-${stepId}`, enforcementId: id, stepId, done: true }, by);
    const termination = {
      consumptionRestricted: true,
      dishonestListedOrIneligible: true,
      measuresExhausted: true,
      debtorSearched: true,
      applicantInterviewed: true,
    };
    await at('2026-06-02T02:00:00.000Z');
    expect(
      (
        await callFunction(
          'enforcement-act',
          { op: 'close', requestId: 'enf2-close-0001', enforcementId: id, method: 'terminated-this-round', termination },
          by,
        )
      ).result,
    ).toEqual({
      ok: false,
      error: {
        code: 'STATE',
        message:
          '不能终结本次执行程序，尚不具备：自立案之日起已超过三个月；申请执行人书面同意，或经合议庭合议并报院长批准（最早 2026-06-03）（终本规定 第一条）',
      },
    });
    await at('2026-06-03T02:00:00.000Z');
    expect(
      (
        await callFunction(
          'enforcement-act',
          {
            op: 'close',
            requestId: 'enf2-close-0002',
            enforcementId: id,
            method: 'terminated-this-round',
            termination: { ...termination, applicantInterviewed: false },
          },
          by,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('已约谈申请执行人') } });
    // Every fact holds, but nobody has agreed: the executor cannot say the applicant did (终本规定 第一条第（五）项).
    expect(
      (
        await callFunction(
          'enforcement-act',
          { op: 'close', requestId: 'enf2-close-0004', enforcementId: id, method: 'terminated-this-round', termination },
          by,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('申请执行人书面同意，或经合议庭合议并报院长批准') } });
    // Only the applicant consents, and only the president approves instead.
    // The debtor is refused; so is the executor, who is no party at all.
    expect(
      (await callFunction('enforcement-apply', { op: 'consent-termination', requestId: 'enf2-consent-x-wu', enforcementId: id }, WU.openid)).result,
    ).toMatchObject(forbidden);
    expect(
      (await callFunction('enforcement-apply', { op: 'consent-termination', requestId: 'enf2-consent-x-ex', enforcementId: id }, by)).result,
    ).toMatchObject({
      ok: false,
    });
    expect(
      (
        await callFunction(
          'enforcement-supervise',
          { op: 'approve-termination', requestId: 'enf2-approve-x', enforcementId: id, reason: '合议庭认为符合终本条件' },
          LEADER.openid,
        )
      ).result,
    ).toMatchObject(forbidden);
    expect(await call('enforcement-apply', { op: 'consent-termination', requestId: 'enf2-consent-0001', enforcementId: id }, HU.openid)).toMatchObject({
      op: 'consent-termination',
      enforcementId: id,
    });
    // The president's approval on the panel's view is the other way; recorded in the chain as the consent is.
    expect(
      await call(
        'enforcement-supervise',
        { op: 'approve-termination', requestId: 'enf2-approve-0001', enforcementId: id, reason: '合议庭认为符合终本条件' },
        PRESIDENT.openid,
      ),
    ).toMatchObject({ op: 'approve-termination', enforcementId: id });
    const closed = await call(
      'enforcement-act',
      { op: 'close', requestId: 'enf2-close-0003', enforcementId: id, method: 'terminated-this-round', termination },
      by,
    );
    expect(closed).toMatchObject({ state: 'closed', nextSearchOn: '2026-12-03' });
    expect(closed.checklist?.every((i) => i.met)).toBe(true);

    // The reminder to search again: the executor's task list shows it from three days before it is due (终本规定 第九条).
    const searchRow = async () => (await call('enforcement-view', { op: 'tasks' }, by)).rows?.find((r) => r.enforcementId === id && r.stepId === 'search');
    await at('2026-11-20T02:00:00.000Z');
    expect(await searchRow()).toBeUndefined();
    await at('2026-12-01T02:00:00.000Z');
    expect(await searchRow()).toMatchObject({ dueOn: '2026-12-03', state: 'due-soon' });
    await at('2026-12-04T02:00:00.000Z');
    expect(await searchRow()).toMatchObject({ dueOn: '2026-12-03', state: 'overdue' });
    expect(
      await call('enforcement-act', { op: 'search', requestId: 'enf2-search-0001', enforcementId: id, found: true, note: '发现被执行人名下车辆' }, by),
    ).toMatchObject({
      nextSearchOn: '2027-06-03',
    });
    expect(await searchRow()).toBeUndefined();
    const resumed = await call(
      'enforcement-file',
      { op: 'resume', requestId: 'enf2-resume-0001', enforcementId: id, reason: '终本后发现可供执行的财产' },
      REGISTRAR.openid,
    );
    expect(resumed).toMatchObject({ state: 'filed', caseNumber: '（2026）粤0106执恢1号' });
    expect(resumed).not.toHaveProperty('applicationLastDay');
    const resumedCase = (await call('enforcement-view', { op: 'detail', enforcementId: resumed.enforcementId }, HU.openid)).case;
    expect(resumedCase).toMatchObject({ state: 'filed', chainVerified: true, late: false });
    // 民诉法解释 第五百一十七条: after 终本 no period of application runs.
    expect(resumedCase).not.toHaveProperty('applicationLastDay');
  });

  it('a breached settlement resumes as 执恢 with the period from its last performance day; a settlement performed closes as 执行完毕 and is never resumed', async () => {
    const { enforcementId: id, executor } = await filedAndAssigned(caseId, 'judgment-1', 'settle');
    // 03-05: the parties settle; the company is to pay by 06-30 (民事诉讼法 第二百四十一条).
    await at('2026-03-05T02:00:00.000Z');
    expect(
      await call(
        'enforcement-act',
        { op: 'close', requestId: 'settle-close-01', enforcementId: id, method: 'settlement', lastPerformanceOn: '2026-06-30' },
        executor,
      ),
    ).toMatchObject({ state: 'settled' });
    // 07-15: it has not paid. Resumed as a new 执恢 case; its period runs from 06-30 (民诉法解释 第四百六十六条), not from the judgment's 02-02.
    await at('2026-07-15T02:00:00.000Z');
    const resumed = await call(
      'enforcement-file',
      { op: 'resume', requestId: 'settle-resume-01', enforcementId: id, reason: '被执行人未履行执行和解协议' },
      REGISTRAR.openid,
    );
    expect(resumed).toMatchObject({ caseNumber: '（2026）粤0106执恢1号', applicationLastDay: '2028-06-30', late: false });
    expect((await call('enforcement-view', { op: 'detail', enforcementId: resumed.enforcementId }, HU.openid)).case).toMatchObject({
      typeCode: '执恢',
      applicationLastDay: '2028-06-30',
      late: false,
    });

    // The second judgment: settled, then performed in full → 执行完毕; a resumption is refused (民诉法解释 第四百六十五条).
    const second = await filedAndAssigned(caseId, 'judgment-2', 'settle2');
    await call(
      'enforcement-act',
      { op: 'close', requestId: 'settle2-close-01', enforcementId: second.enforcementId, method: 'settlement', lastPerformanceOn: '2026-08-01' },
      second.executor,
    );
    expect(
      await call('enforcement-act', { op: 'close', requestId: 'settle2-close-02', enforcementId: second.enforcementId, method: 'completed' }, second.executor),
    ).toMatchObject({ state: 'closed' });
    expect(
      (
        await callFunction(
          'enforcement-file',
          { op: 'resume', requestId: 'settle2-resume-01', enforcementId: second.enforcementId, reason: '被执行人未履行' },
          REGISTRAR.openid,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'STATE' } });
  });

  it('refuses a stranger, a party who is not the creditor, bad input and a decision not yet effective; objections run their 15-day clock', async () => {
    await verify(STRANGER);
    expect(
      (await callFunction('enforcement-apply', { op: 'apply', requestId: 'enf3-apply-0001', caseId, decisionId: 'judgment-1' }, STRANGER.openid)).result,
    ).toMatchObject(forbidden);
    expect(
      (await callFunction('enforcement-apply', { op: 'apply', requestId: 'enf3-apply-0002', caseId, decisionId: 'judgment-1' }, WU.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('权利人') },
    });
    expect((await callWithAnyInput('enforcement-apply', { op: 'apply', requestId: 'enf3-apply-0003', caseId }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { decisionId: expect.any(String) } },
    });
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { decisions: [{ ...judgment('judgment-3', 1_000_000), effectiveOn: null }] } });
    expect(
      (await callFunction('enforcement-apply', { op: 'apply', requestId: 'enf3-apply-0004', caseId, decisionId: 'judgment-3' }, HU.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining('已经生效') },
    });
    expect(await countOf('enforcements')).toBe(0);

    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { decisions: [judgment('judgment-1', 50_000_000)] } });
    const { enforcementId: id } = await call('enforcement-apply', { op: 'apply', requestId: 'enf3-apply-0005', caseId, decisionId: 'judgment-1' }, HU.openid);
    expect(
      (await callFunction('enforcement-apply', { op: 'object', requestId: 'enf3-object-0001', enforcementId: id, reason: '查封的设备为租赁物' }, WU.openid))
        .result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    await call('enforcement-file', { op: 'file', requestId: 'enf3-file-0001', enforcementId: id }, REGISTRAR.openid);
    const objection = await call(
      'enforcement-apply',
      { op: 'object', requestId: 'enf3-object-0002', enforcementId: id, reason: '查封的设备为租赁物' },
      WU.openid,
    );
    expect(objection).toMatchObject({ objectionId: 'objection-1', reviewDueOn: '2026-03-17' });
    expect(
      await call('enforcement-apply', { op: 'object', requestId: 'enf3-object-0002', enforcementId: id, reason: '查封的设备为租赁物' }, WU.openid),
    ).toEqual(objection);
    expect(
      (await callFunction('enforcement-apply', { op: 'object', requestId: 'enf3-object-0003', enforcementId: id, reason: '我也有意见' }, STRANGER.openid))
        .result,
    ).toMatchObject(forbidden);
    expect(
      (await callFunction('enforcement-file', { op: 'refuse', requestId: 'enf3-refuse-0001', enforcementId: id, reason: '不符合条件' }, HU.openid)).result,
    ).toMatchObject(forbidden);
  });

  it('the leader’s dashboard lists every executor of his unit with his counts, and a leader made inactive or moved sees it no more at once', async () => {
    const { enforcementId, executor } = await filedAndAssigned(caseId, 'judgment-1', 'board');
    const board = await call('enforcement-view', { op: 'dashboard' }, LEADER.openid);
    expect(board.rows?.every((r) => r.enforcementId === enforcementId)).toBe(true);
    // Both executors of the bureau, the one without a case too; none of another division.
    expect(board.byExecutor?.map((e) => e.executor).sort()).toEqual(EXECUTORS.map((e) => e.name).sort());
    const drawn = EXECUTORS.find((e) => e.openid === executor)?.name;
    expect(board.byExecutor?.find((e) => e.executor === drawn)).toMatchObject({ open: 1, overdue: 0 });
    expect(board.byExecutor?.find((e) => e.executor !== drawn)).toMatchObject({ open: 0, overdue: 0, dueSoon: 0 });
    // The president sees the court's, the executors of every division with them.
    const court = await call('enforcement-view', { op: 'dashboard' }, PRESIDENT.openid);
    expect(court.byExecutor?.map((e) => e.executor)).toContain(OTHER_EXECUTOR.name);

    // Moved to the civil division: its cases (none), at once, though his instance kept the record a moment ago.
    const staffRecord = (fields: Record<string, unknown>) =>
      Promise.all([
        db
          .collection('users')
          .doc(LEADER.openid)
          .update({ data: Object.fromEntries(Object.entries(fields).map(([k, v]) => [`staff.${k}`, v])) }),
        db.collection('staff').doc(LEADER.openid).update({ data: fields }),
      ]);
    await staffRecord({ divisionId: 'tianhe-civil-1' });
    expect(await call('enforcement-view', { op: 'dashboard' }, LEADER.openid)).toMatchObject({ rows: [], byExecutor: [{ executor: OTHER_EXECUTOR.name }] });
    await staffRecord({ divisionId: 'tianhe-enforcement', active: false });
    expect((await callFunction('enforcement-view', { op: 'dashboard' }, LEADER.openid)).result).toMatchObject(forbidden);
  });

  it('pays out only money received: a payout recorded with its arrival counts as paid; one above what arrived is refused and writes nothing', async () => {
    const { enforcementId: id, executor } = await filedAndAssigned(caseId, 'judgment-2', 'money');
    const step = (requestId: string, input: Record<string, unknown>) =>
      callFunction('enforcement-act', { op: 'step', requestId, enforcementId: id, ...input } as ActionInput<'enforcement-act'>, executor);
    // 03-03: 5,000 yuan arrives and is paid out the same day.
    await at('2026-03-03T02:00:00.000Z');
    ok(await step('money-step-01', { kind: 'payout', amountFen: 500_000, done: true }));
    expect((await call('enforcement-view', { op: 'detail', enforcementId: id }, HU.openid)).case).toMatchObject({ receivedFen: 500_000, paidFen: 500_000 });
    // 15,000 more arrives; paying out 20,000 of it is refused, nothing written.
    const arrived = ok(await step('money-step-02', { kind: 'payout', amountFen: 1_500_000 }));
    const head = (await findById<{ chain: ChainHead }>(db, 'enforcements', id))?.chain;
    expect((await step('money-step-03', { stepId: arrived.stepId, done: true, amountFen: 2_000_000 })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '发放金额超过已到账未发放的执行款 15000.00 元' },
    });
    expect((await findById<{ chain: ChainHead }>(db, 'enforcements', id))?.chain).toEqual(head);
    ok(await step('money-step-04', { stepId: arrived.stepId, done: true }));
    expect((await call('enforcement-view', { op: 'detail', enforcementId: id }, HU.openid)).case).toMatchObject({ receivedFen: 2_000_000, paidFen: 2_000_000 });
    expect(await call('enforcement-act', { op: 'close', requestId: 'money-close-01', enforcementId: id, method: 'completed' }, executor)).toMatchObject({
      state: 'closed',
    });
  });
});
