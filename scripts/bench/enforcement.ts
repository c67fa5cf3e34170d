/**
 * The leader's dashboard (督办看板) over 10,000 enforcement cases of one bureau with 20 executors:
 * p50/p95 latency and DB round trips per call of the bureau leader's view (his division), the
 * president's (the court) and an executor's task list, as the emulator measured them.
 */
import { buildFunctions } from '../build';
import { callOk, functionStats, sdkFor, timed, withEmulator, type Row } from './lib';

const CASES = 10_000;
const EXECUTORS = 20;
const COURT = 'gz-bench';
const BUREAU = 'bench-enforcement';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

export async function enforcementSuite(): Promise<Row[]> {
  await buildFunctions();
  return withEmulator(undefined, async (url) => {
    const cloud = sdkFor(url);
    const db = cloud.database();
    await db.collection('courts').add({
      data: { _id: COURT, code: '粤0199', name: '基准测试法院', divisions: [{ id: BUREAU, name: '执行局', hears: ['enforcement'] }] },
    });
    const person = (openid: string, name: string, roles: string[]) => ({ _id: openid, name, courtId: COURT, divisionId: BUREAU, roles, active: true });
    const executors = Array.from({ length: EXECUTORS }, (_, i) => person(`bench-executor-${i}`, `执行员${i}`, ['executor']));
    const staff = [...executors, person('bench-leader', '局长', ['leader']), person('bench-president', '院长', ['president'])];
    await db.collection('staff').add({ data: staff });
    await db.collection('users').add({ data: staff.map(({ _id, name, ...record }) => ({ _id, kind: 'staff', name, staff: record })) });
    // Open cases, each with three open steps: a fifth of them overdue, some due within the week, the rest later.
    for (let start = 0; start < CASES; start += 500) {
      const batch = Array.from({ length: Math.min(500, CASES - start) }, (_, k) => {
        const i = start + k;
        const first = (i % 5) - 1 + (i % 7);
        const steps = [first, first + 10, first + 120].map((offset, n) => ({
          id: ['investigation', 'online-search', 'close'][n],
          kind: ['investigation', 'online-search', 'close'][n],
          triggerOn: day(-30),
          dueOn: day(offset),
          acts: [],
        }));
        const executor = executors[i % EXECUTORS];
        return {
          _id: `EBENCH${String(i).padStart(6, '0')}`,
          typeCode: '执',
          caseNumber: `（2026）粤0199执${i + 1}号`,
          courtId: COURT,
          courtCode: '粤0199',
          courtName: '基准测试法院',
          divisionId: BUREAU,
          state: 'in-progress',
          executor: { openid: executor?._id, name: executor?.name },
          members: [{ openid: executor?._id, role: 'executor' }],
          parties: [],
          steps,
          urges: [],
          nextDueOn: steps[0]?.dueOn,
        };
      });
      await db.collection('enforcements').add({ data: batch });
    }
    await fetch(`${url}/__/stats`);
    const view = (openid: string, op: 'dashboard' | 'tasks') => () => callOk(url, 'enforcement-view', op === 'dashboard' ? { op, limit: 200 } : { op }, openid);
    const runs: [string, () => Promise<unknown>][] = [
      ['dashboard (bureau leader)', view('bench-leader', 'dashboard')],
      ['dashboard (president)', view('bench-president', 'dashboard')],
      ['tasks (one executor)', view('bench-executor-0', 'tasks')],
    ];
    const rows: Row[] = [];
    for (const [what, run] of runs) {
      const before = (await functionStats(url))['enforcement-view'];
      const t = await timed(1, 20, run);
      const after = (await functionStats(url))['enforcement-view'];
      const calls = (after?.invocations ?? 0) - (before?.invocations ?? 0);
      const trips = (after?.dbCallsPerInvocation ?? 0) * (after?.invocations ?? 0) - (before?.dbCallsPerInvocation ?? 0) * (before?.invocations ?? 0);
      rows.push({
        what,
        cases: CASES,
        executors: EXECUTORS,
        calls,
        p50Ms: Math.round(t.p50Ms),
        p95Ms: Math.round(t.p95Ms),
        dbRoundTrips: calls ? Math.round((trips / calls) * 10) / 10 : 0,
      });
    }
    return rows;
  });
}
