import cloud from 'wx-server-sdk';
import { findById, verifyCaseChain, type ChainHead } from '#runtime';
import type { ActionInput, ActionName, ActionOutput } from '#contract';

import { callFunction, callRaw, ok, operation } from '../support/emulator';
import { filedAndAssigned, huJudgmentsEffective, judgment, LEADER, PRESIDENT } from '../support/enforcement';
import { HU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid: string): Promise<ActionOutput<N>> {
  return ok(await callFunction(name, data, openid));
}
const at = (now: string) => operation('POST', 'clock', { now });
type Swept = { escalated: number; overdue: number; cases: number };
const fireSweep = async () => {
  const fired = await operation<{ trigger: string; result: { ok: boolean; data?: Swept; error?: unknown } }>('POST', 'timer/enforcement-supervise');
  expect(fired).toMatchObject({ trigger: 'enforcement-sweep', result: { ok: true } });
  return fired.result.data;
};
const eventsOf = async (caseId: string) =>
  (
    (await db.collection('case_events').where({ caseId }).orderBy('seq', 'asc').limit(1000).get()) as unknown as {
      data: { action: string; actor: string; actorRole: string; data?: { overdue?: { stepId: string }[]; urges?: string[] } }[];
    }
  ).data;
const outbox = async () => (await operation<{ messages: { touser: string; page?: string; data?: unknown }[] }>('GET', 'outbox')).messages;

let caseId: string;
beforeEach(async () => {
  ({ caseId } = await huJudgmentsEffective(db, [judgment('judgment-1', 50_000_000), judgment('judgment-2', 2_000_000)]));
});

describe('the sweep on enforcement-supervise’s timer trigger (督办巡查)', () => {
  it('records each overrun once and escalates an unanswered urge once; a second run does nothing', async () => {
    const first = await filedAndAssigned(caseId, 'judgment-1', 'sw1');
    const second = await filedAndAssigned(caseId, 'judgment-2', 'sw2');

    // The next day nothing has run over.
    await at('2026-03-03T02:00:00.000Z');
    expect(await fireSweep()).toEqual({ escalated: 0, overdue: 0, cases: 0 });

    // 03-10: asking for leads (due 03-05) and what else fell due has run over in both cases.
    await at('2026-03-10T02:00:00.000Z');
    const overdueIn = async (id: string) =>
      (await call('enforcement-view', { op: 'detail', enforcementId: id }, LEADER.openid)).case?.steps
        .filter((s) => s.state === 'overdue')
        .map((s) => s.stepId) ?? [];
    const overdueFirst = await overdueIn(first.enforcementId);
    const overdueSecond = await overdueIn(second.enforcementId);
    expect(overdueFirst).toContain('ask-leads');
    const before = (await outbox()).length;
    expect(await fireSweep()).toEqual({ escalated: 0, overdue: overdueFirst.length + overdueSecond.length, cases: 2 });
    const recorded = (await eventsOf(first.enforcementId)).filter((e) => e.action === 'enforcement.overdue');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actor: 'enforcement-sweep', actorRole: 'timer' });
    expect(recorded[0]?.data?.overdue?.map((s) => s.stepId).sort()).toEqual([...overdueFirst].sort());
    // Each executor is told of his own case's overrun.
    const told = (await outbox()).slice(before);
    expect(told.filter((m) => m.touser === first.executor && (m.page ?? '').includes(first.enforcementId))).toHaveLength(1);
    expect(told.filter((m) => m.touser === second.executor && (m.page ?? '').includes(second.enforcementId))).toHaveLength(1);

    // Run again: nothing new, nothing written, nobody told twice.
    const eventsBefore = (await eventsOf(first.enforcementId)).length;
    const messagesBefore = (await outbox()).length;
    const stored = async () => JSON.stringify(await findById(db, 'enforcements', first.enforcementId));
    const recordBefore = await stored();
    expect(await fireSweep()).toEqual({ escalated: 0, overdue: 0, cases: 0 });
    expect((await eventsOf(first.enforcementId)).length).toBe(eventsBefore);
    expect((await outbox()).length).toBe(messagesBefore);
    expect(await stored()).toBe(recordBefore);

    // The 局长 urges the first case's overrun (answer due in 48 hours); the executor does not answer.
    const urge = await call(
      'enforcement-supervise',
      { op: 'urge', requestId: 'sw-urge-0001', enforcementId: first.enforcementId, stepId: 'ask-leads', note: '请于两日内办理' },
      LEADER.openid,
    );
    expect(urge.answerDueAt).toBe('2026-03-12 10:00');
    await at('2026-03-12T01:00:00.000Z');
    expect(await fireSweep()).toMatchObject({ escalated: 0 });
    await at('2026-03-12T03:00:00.000Z');
    const toPresident = (await outbox()).length;
    const swept = await fireSweep();
    expect(swept).toMatchObject({ escalated: 1 });
    expect((await outbox()).slice(toPresident).some((m) => m.touser === PRESIDENT.openid && (m.page ?? '').includes(first.enforcementId))).toBe(true);
    const escalation = (await eventsOf(first.enforcementId)).filter((e) => e.action === 'enforcement.escalated');
    expect(escalation).toHaveLength(1);
    expect(escalation[0]).toMatchObject({ actorRole: 'timer', data: { urges: ['urge-1'] } });
    expect((await fireSweep())?.escalated).toBe(0);
    const urges = (await call('enforcement-view', { op: 'detail', enforcementId: first.enforcementId }, LEADER.openid)).case?.urges ?? [];
    expect(urges.map((u) => [u.urgeId, Boolean(u.escalatedAt)])).toEqual([['urge-1', true]]);

    // The leader's own sweep of his unit finds the timer has already done it.
    expect(await call('enforcement-supervise', { op: 'sweep', requestId: 'sw-sweep-0001' }, LEADER.openid)).toEqual({ op: 'sweep', escalated: 0, overdue: 0 });

    // Both chains hold every event the timer wrote.
    for (const { enforcementId } of [first, second]) {
      const head = (await findById<{ chain: ChainHead }>(db, 'enforcements', enforcementId))?.chain;
      expect(await verifyCaseChain(db, enforcementId, head)).toMatchObject({ ok: true });
    }
  });

  it('serves the timer event only as SCF runs the trigger: from a phone or another function it is refused and writes nothing', async () => {
    const { enforcementId } = await filedAndAssigned(caseId, 'judgment-1', 'sw3');
    await at('2026-03-10T02:00:00.000Z');
    const timer = { Type: 'Timer', TriggerName: 'enforcement-sweep', Time: '2026-03-10T02:00:00Z', Message: '' };
    expect((await callRaw('enforcement-supervise', timer, LEADER.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await callRaw('enforcement-supervise', { ...timer, TriggerName: 'chain-anchor' }, HU.openid)).result).toMatchObject({ ok: false });
    expect((await eventsOf(enforcementId)).filter((e) => e.action === 'enforcement.overdue')).toHaveLength(0);
    expect(await fireSweep()).toMatchObject({ cases: 1 });
  });
});
