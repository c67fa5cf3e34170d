import cloud from 'wx-server-sdk';
import type { ActionOutput } from '#contract';
import { appealDeadline, effectiveDate, publishBy } from '#domain/judgments';
import type { DecisionRecord } from '#usecases/records';
import { utcDay } from '#domain/time';
import { callFunction, callRaw, callWithAnyInput, ok, operation, resetEmulator } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { assignedHuCase, PRESIDENT, seedManagement, today } from '../support/management';
import { CLERK, HU, JUDGES, LIN, OTHER_REGISTRAR, REGISTRAR, verify, verifyApprovedLawyer, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

/** The leader of Tianhe's first civil division, and of its second. */
const LEADER = { openid: 'o-leader-civil-1', name: '钱庭长' };
const OTHER_LEADER = { openid: 'o-leader-civil-2', name: '孙庭长' };

type Workbench = ActionOutput<'workbench'>;
const bench = async (openid: string, input: Record<string, unknown>) => (await callWithAnyInput('workbench', input, openid)).result;
const view = async <Op extends Workbench['op']>(openid: string, input: { op: Op } & Record<string, unknown>) => {
  const answer = ok(await callWithAnyInput('workbench', input, openid));
  if (answer.op !== input.op) throw new Error(`answered ${answer.op}`);
  return answer as Extract<Workbench, { op: Op }>;
};
const remind = () =>
  operation<{ result: { ok: boolean; data?: { due: number; sent: number; alreadySent: number; noConsent: number } } }>('POST', 'timer/workbench');
const outbox = async () =>
  (await operation<{ messages: { touser: string; templateId: string; data: Record<string, { value: string }> }[] }>('GET', 'outbox')).messages;

beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
  const leader = (person: { openid: string; name: string }, divisionId: string) => ({
    _id: person.openid,
    name: person.name,
    courtId: 'gz-tianhe',
    divisionId,
    roles: ['leader'],
    active: true,
  });
  const rows = [leader(LEADER, 'tianhe-civil-1'), leader(OTHER_LEADER, 'tianhe-civil-2')];
  await db.collection('staff').add({ data: rows });
  await db.collection('users').add({ data: rows.map(({ _id, name, ...record }) => ({ _id, kind: 'staff', name, staff: record })) });
});

/** Two of Mr Hu's cases on one judge's panel: the first with its fee unpaid, the second paid, with a hearing set. */
async function twoCases(): Promise<{ first: string; second: string; judge: string; presiding: string }> {
  const a = await assignedHuCase({ tag: 'wb-a' });
  const b = await assignedHuCase({ tag: 'wb-b' });
  // Three of the four judges sit on each panel: at least two sit on both.
  const panelOf = (c: { presiding: string; members: string[] }) => [c.presiding, ...c.members];
  const judge = JUDGES.map((j) => j.openid).find((j) => panelOf(a).includes(j) && panelOf(b).includes(j));
  if (!judge) throw new Error(`no judge on both panels: ${JSON.stringify([panelOf(a), panelOf(b)])}`);
  ok(await callFunction('fee-order', { requestId: 'wb-order-b', caseId: b.caseId }, HU.openid));
  await operation('POST', `pay/${b.caseId}F1`);
  ok(
    await callFunction(
      'hearing-schedule',
      { requestId: 'wb-hearing-b', caseId: b.caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } },
      b.presiding,
    ),
  );
  return { first: a.caseId, second: b.caseId, judge, presiding: b.presiding };
}

describe('workbench: the judge’s cases by their next deadline, the unit’s with the overdue first', () => {
  it('orders a judge’s cases by the next deadline of any kind, counts them per kind, and keeps divisions apart', async () => {
    const { first, second, judge } = await twoCases();

    // 2026-03-08: the first case's fee falls due tomorrow (诉讼费用交纳办法 第二十二条), the second's hearing on 03-20.
    await today('2026-03-08');
    const mine = await view(judge, { op: 'mine' });
    expect(mine.cases.map((c) => [c.caseId, c.next?.kind, c.next?.date, c.next?.state])).toEqual([
      [first, 'fee-payment', '2026-03-09', 'due-soon'],
      [second, 'hearing', '2026-03-20', 'later'],
    ]);
    expect(mine.counts.byKind.filter((k) => k.count > 0)).toEqual([
      { kind: 'fee-payment', label: '预交诉讼费截止', count: 1 },
      { kind: 'hearing', label: '开庭', count: 1 },
      { kind: 'trial-limit', label: '审理期限届满', count: 2 },
    ]);
    expect(mine.counts).toMatchObject({ overdue: 0, dueSoon: 1, later: 3 });
    expect(mine.cases[0]?.deadlines).toContainEqual(expect.objectContaining({ kind: 'trial-limit', date: '2026-09-02', basis: '民事诉讼法 第一百五十二条' }));
    // The clerk of both panels sees both; a judge of neither, none.
    expect((await view(CLERK.openid, { op: 'mine' })).cases.map((c) => c.caseId).sort()).toEqual([first, second].sort());

    // 2026-03-10: the fee is overdue. The division's leader sees the division, the overdue first, by judge.
    await today('2026-03-10');
    const unit = await view(LEADER.openid, { op: 'unit' });
    expect(unit).toMatchObject({ scope: 'division', more: false, counts: { overdue: 1 } });
    expect(unit.cases.map((c) => [c.caseId, c.next?.state])).toEqual([
      [first, 'overdue'],
      [second, 'later'],
    ]);
    expect(unit.byJudge.reduce((sum, j) => sum + j.cases, 0)).toBe(2);
    expect(unit.byJudge[0]).toMatchObject({ overdue: 1 });
    // The president sees the court.
    expect(await view(PRESIDENT.openid, { op: 'unit' })).toMatchObject({ scope: 'court', cases: [{ caseId: first }, { caseId: second }] });
    expect(await view(PRESIDENT.openid, { op: 'unit', divisionId: 'tianhe-civil-1' })).toMatchObject({ scope: 'division', cases: [{}, {}] });

    // Another division's leader sees nothing of this one: asked by name, refused; his own unit holds neither case.
    expect(await bench(OTHER_LEADER.openid, { op: 'unit', divisionId: 'tianhe-civil-1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await view(OTHER_LEADER.openid, { op: 'unit' })).toMatchObject({ scope: 'division', cases: [] });
    // A party has no workbench, and a stranger reads no case's deadlines.
    await verify(WU);
    expect(await bench(HU.openid, { op: 'unit' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await bench(HU.openid, { op: 'mine' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await bench(WU.openid, { op: 'case', caseId: first })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The leader moved to the second division: his very next view is of that division, though his record was kept a moment ago.
    expect((await view(LEADER.openid, { op: 'unit' })).cases).toHaveLength(2);
    await db
      .collection('users')
      .doc(LEADER.openid)
      .update({ data: { 'staff.divisionId': 'tianhe-civil-2' } });
    await db
      .collection('staff')
      .doc(LEADER.openid)
      .update({ data: { divisionId: 'tianhe-civil-2' } });
    expect(await view(LEADER.openid, { op: 'unit' })).toMatchObject({ scope: 'division', cases: [] });
    expect(await bench(LEADER.openid, { op: 'unit', divisionId: 'tianhe-civil-1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The case's own party reads its deadlines.
    expect((await view(HU.openid, { op: 'case', caseId: first })).deadlines.map((d) => [d.kind, d.stateLabel])).toEqual([
      ['fee-payment', '已超期'],
      ['trial-limit', '未到期'],
    ]);
  });

  it('alerts the registrar to filings past their review day (登记立案规定 第八条), in his court only', async () => {
    await verify(HU);
    ok(await callFunction('filing-submit', huComplaint('wb-file-late'), HU.openid));
    expect(await view(REGISTRAR.openid, { op: 'review-queue' })).toMatchObject({ overdueCount: 0, pendingCount: 1, filings: [{ state: 'later' }] });
    // A second filing, a day later: the queue is paged, the earliest review day first, and counted whole.
    await today('2026-03-03');
    ok(await callFunction('filing-submit', huComplaint('wb-file-later'), HU.openid));
    await today('2026-03-12');
    const alert = await view(REGISTRAR.openid, { op: 'review-queue', pageSize: 1 });
    expect(alert).toMatchObject({
      overdueCount: 2,
      pendingCount: 2,
      page: 0,
      hasMore: true,
      filings: [{ receivedOn: '2026-03-02', reviewDueOn: '2026-03-09', state: 'overdue', daysLeft: -3 }],
    });
    expect(await view(REGISTRAR.openid, { op: 'review-queue', page: 1, pageSize: 1 })).toMatchObject({
      hasMore: false,
      filings: [{ receivedOn: '2026-03-03', reviewDueOn: '2026-03-10', daysLeft: -2 }],
    });
    expect(await view(OTHER_REGISTRAR.openid, { op: 'review-queue' })).toMatchObject({ overdueCount: 0, pendingCount: 0 });
    expect(await bench(JUDGES[0]?.openid as string, { op: 'review-queue' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('workbench: deadline reminders by subscribe message', () => {
  it('sends a reminder due soon once to whoever accepted it, never twice, and never without an acceptance', async () => {
    const { first, second, presiding } = await twoCases();
    await today('2026-03-06');
    // Nobody accepted anything: nothing is sent.
    expect((await remind()).result).toMatchObject({ ok: true, data: { due: 0, sent: 0 } });

    // Mr Hu's phone asked, and he accepted the fee reminder only.
    const accepted = await view(HU.openid, { op: 'subscribe', requestId: 'wb-subscribe-1', accepted: ['MC_TPL_REMIND_FEE'] });
    expect(accepted.reminders.find((r) => r.template === 'MC_TPL_REMIND_FEE')).toMatchObject({ remaining: 1, templateId: 'dev-mc_tpl_remind_fee' });
    // A retry of the same call adds nothing.
    await view(HU.openid, { op: 'subscribe', requestId: 'wb-subscribe-1', accepted: ['MC_TPL_REMIND_FEE'] });
    expect((await view(HU.openid, { op: 'reminders' })).reminders.find((r) => r.template === 'MC_TPL_REMIND_FEE')).toMatchObject({ remaining: 1 });

    // 03-06: the fee falls due on 03-09, within three days.
    const before = (await outbox()).length;
    expect((await remind()).result).toMatchObject({ ok: true, data: { due: 1, sent: 1, alreadySent: 0 } });
    const sent = (await outbox()).slice(before);
    expect(sent).toEqual([
      expect.objectContaining({
        touser: HU.openid,
        templateId: 'dev-mc_tpl_remind_fee',
        data: {
          thing1: { value: expect.any(String) },
          amount2: { value: '8800元' },
          date3: { value: '2026-03-09' },
          thing4: { value: '请在截止日前预交诉讼费' },
        },
      }),
    ]);

    // He accepts again; the next run does not send the same reminder twice.
    await view(HU.openid, { op: 'subscribe', requestId: 'wb-subscribe-2', accepted: ['MC_TPL_REMIND_FEE'] });
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 0, alreadySent: 1 } });
    expect((await outbox()).length).toBe(before + 1);

    // The hearing of the second case on 03-20, moved to 03-10: due soon, but he never accepted hearing reminders.
    ok(
      await callFunction(
        'hearing-schedule',
        { op: 'reschedule', requestId: 'wb-hearing-move', caseId: second, hearingId: 'hearing-1', startsAt: '2026-03-10T09:30:00+08:00', reason: '法庭调整' },
        presiding,
      ),
    );
    await today('2026-03-07');
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 0, noConsent: 1 } });
    expect((await outbox()).filter((m) => m.templateId === 'dev-mc_tpl_remind_hearing')).toEqual([]);
    // Each run says in one log line what it sent and skipped.
    const { lines } = await operation<{ lines: string[] }>('GET', 'logs');
    expect(lines.filter((line) => line.includes('"kind":"deadline-reminders"')).pop()).toMatch(/"sent":0,"failed":0,"alreadySent":1,"noConsent":1/);

    // With consent it goes, once.
    await view(HU.openid, { op: 'subscribe', requestId: 'wb-subscribe-3', accepted: ['MC_TPL_REMIND_HEARING'] });
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 1 } });
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 0 } });
    expect((await outbox()).filter((m) => m.templateId === 'dev-mc_tpl_remind_hearing')).toEqual([
      expect.objectContaining({ touser: HU.openid, data: expect.objectContaining({ time2: { value: '2026-03-10 09:30' }, thing3: { value: '在线庭审' } }) }),
    ]);
    expect(first).not.toBe(second);
  });

  it('a served judgment: each party’s appeal period from its own service, reminded once; once effective, its publication is due (§5.4)', async () => {
    const { caseId, presiding } = await assignedHuCase({ tag: 'wb-judgment' });
    // The judgment, closed on 06-03, served on Mr Hu on the platform that day and on the company by post on 06-05.
    const decision: DecisionRecord = {
      id: 'judgment-1',
      kind: 'judgment',
      title: '民事判决书',
      documentId: 'judgment-1',
      issuedOn: '2026-06-03',
      appealKind: 'judgment',
      enforceable: true,
    };
    await db
      .collection('cases')
      .doc(caseId)
      .update({
        data: {
          state: 'closed',
          decisions: [decision],
          closing: { outcome: 'judgment', on: '2026-06-03', decisionId: 'judgment-1', publication: { decision: 'publish', kind: 'civil' } },
        },
      });
    await db.collection('services').add({
      data: [
        { _id: 'wb-served-hu', caseId, documentId: 'judgment-1', party: 0, recipient: HU.openid, servedAt: new Date('2026-06-03T02:00:00Z') },
        { _id: 'wb-served-co', channel: 'offline', caseId, documentId: 'judgment-1', party: 1, state: 'served', servedOn: '2026-06-05' },
      ],
    });
    const huBy = appealDeadline('2026-06-03', 'judgment');
    const companyBy = appealDeadline('2026-06-05', 'judgment');

    await today('2026-06-10');
    const running = await view(HU.openid, { op: 'case', caseId });
    expect(running.deadlines.map((d) => [d.kind, d.label, d.date])).toEqual([
      ['appeal', '胡建国上诉期限届满', huBy],
      ['appeal', expect.stringMatching(/上诉期限届满$/), companyBy],
    ]);

    // Mr Lin acts for Mr Hu without the power to appeal (民事诉讼法 第六十二条): he is not reminded of the appeal period.
    await verifyApprovedLawyer(db);
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { members: db.command.push([{ openid: LIN.openid, role: 'agent', for: '0', powers: ['receive-service'] }]) } });
    await view(LIN.openid, { op: 'subscribe', requestId: 'wb-subscribe-lin', accepted: ['MC_TPL_REMIND_APPEAL'] });
    // Two days before his period ends, Mr Hu (who accepted) is reminded of his own appeal period only, once.
    await view(HU.openid, { op: 'subscribe', requestId: 'wb-subscribe-appeal', accepted: ['MC_TPL_REMIND_APPEAL'] });
    await today(utcDay(huBy).subtract(2, 'day').format('YYYY-MM-DD'));
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 1 } });
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 0 } });
    expect((await outbox()).filter((m) => m.templateId === 'dev-mc_tpl_remind_appeal')).toEqual([
      expect.objectContaining({ touser: HU.openid, data: expect.objectContaining({ thing2: { value: '民事判决书' }, date3: { value: huBy } }) }),
    ]);

    // A reminder an earlier run recorded and never settled is not sent again; its acceptance is given back, and counted.
    await db.collection('reminders').add({
      data: {
        _id: 'wb-unsettled',
        openid: HU.openid,
        caseId,
        kind: 'fee-payment',
        date: '2026-03-09',
        template: 'MC_TPL_REMIND_FEE',
        state: 'sending',
        at: new Date('2026-06-01T00:00:00Z'),
      },
    });
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 0, recovered: 1 } });
    expect((await view(HU.openid, { op: 'reminders' })).reminders.find((r) => r.template === 'MC_TPL_REMIND_FEE')).toMatchObject({ remaining: 1 });
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 0, recovered: 0 } });

    // The day after the last period: effective; published within 7 working days (裁判文书上网规定 第七条), on the judge's workbench.
    const effectiveOn = effectiveDate([huBy, companyBy]) as string;
    await today(effectiveOn);
    const mine = await view(presiding, { op: 'mine' });
    expect(mine.cases.find((c) => c.caseId === caseId)?.deadlines).toEqual([
      expect.objectContaining({ kind: 'publication', date: publishBy(effectiveOn), state: 'later' }),
    ]);
  });

  it('a transcript awaiting signatures after the hearing is on the judge’s workbench until every signer signed, and its reminder goes once (民事诉讼法 第一百五十条)', async () => {
    const { second, judge } = await twoCases();
    // The hearing of 03-20 held and closed; the transcript to be signed within five days.
    await today('2026-03-21');
    const session = { _id: `${second}:hearing-1`, caseId: second, hearingId: 'hearing-1', state: 'closed', transcript: { version: 1, dueOn: '2026-03-25' } };
    await db.collection('hearing_sessions').add({ data: session });
    const mine = await view(judge, { op: 'mine' });
    expect(mine.cases.find((c) => c.caseId === second)?.deadlines.map((d) => [d.kind, d.date])).toEqual([
      ['transcript-signatures', '2026-03-25'],
      ['trial-limit', '2026-09-02'],
    ]);
    await view(HU.openid, { op: 'subscribe', requestId: 'wb-subscribe-transcript', accepted: ['MC_TPL_REMIND_TRANSCRIPT'] });
    await today('2026-03-23');
    expect((await remind()).result).toMatchObject({ ok: true, data: { sent: 1 } });
    expect((await outbox()).filter((m) => m.templateId === 'dev-mc_tpl_remind_transcript')).toEqual([
      expect.objectContaining({ touser: HU.openid, data: expect.objectContaining({ date2: { value: '2026-03-25' } }) }),
    ]);
    // Everyone signed: the signed transcript is filed, and nothing is due any more.
    await db
      .collection('hearing_sessions')
      .doc(session._id)
      .update({ data: { 'transcript.filedDocumentId': 'transcript-hearing-1-v1' } });
    expect((await view(judge, { op: 'mine' })).cases.find((c) => c.caseId === second)?.deadlines.map((d) => d.kind)).toEqual(['trial-limit']);
  });

  it('a timer event from a phone is refused', async () => {
    const timer = { Type: 'Timer', TriggerName: 'deadline-reminders', Time: '2026-03-02T00:00:00Z', Message: '' };
    expect((await callRaw('workbench', timer, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
