/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { callFunction, countOf, ok, operation, resetEmulator } from '../support/emulator';
import { EXECUTORS, judgment, LEADER, seedBureau } from '../support/enforcement';
import { acceptedHuCase } from '../support/filing';
import { installPhone, renderPage, settle, tap, text, typeInto, until } from '../support/miniprogram';
import { HU, REGISTRAR, seedCourts, verify } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

let caseId: string;
beforeEach(async () => {
  await resetEmulator('2026-02-20T02:00:00.000Z');
  await seedCourts(db);
  await verify(HU);
  ({ caseId } = await acceptedHuCase());
  await seedBureau(db);
  await db
    .collection('cases')
    .doc(caseId)
    .update({ data: { decisions: [judgment('judgment-1', 50_000_000)] } });
  await operation('POST', 'clock', { now: '2026-03-02T02:00:00.000Z' });
});

/** Mr Hu applies on the page; the registrar files; the 局长 names 刘执行. */
async function appliedFiledAssigned(): Promise<string> {
  installPhone(HU.openid).options = { id: caseId, decision: 'judgment-1' };
  const apply = renderPage('enforcement/apply/apply');
  typeInto(apply, ['.leads'], { value: '被告在某银行开有账户' });
  tap(apply, '.submit');
  await until(() => text(apply).includes('法院应于 2026-03-09 前决定是否立案'));
  const id = String((apply.instance.data.result as { enforcementId: string }).enforcementId);
  ok(await callFunction('enforcement-file', { op: 'file', requestId: 'page-file-0001', enforcementId: id }, REGISTRAR.openid));
  ok(
    await callFunction(
      'enforcement-file',
      { op: 'assign', requestId: 'page-assign-0001', enforcementId: id, executor: EXECUTORS[0]?.openid ?? '' },
      LEADER.openid,
    ),
  );
  return id;
}

describe('enforcement pages', () => {
  it('the applicant applies and follows the progress; the executor’s task list has the case by due date', async () => {
    const id = await appliedFiledAssigned();
    installPhone(HU.openid).options = { id };
    const progress = renderPage('enforcement/case/case');
    await until(() => text(progress).includes('（2026）粤0106执1号'));
    expect(text(progress)).toContain('发出执行通知书');
    expect(text(progress)).toContain('2026-09-02 后向上一级法院申请');
    expect(text(progress)).not.toContain('记录执行日志');

    installPhone(EXECUTORS[0]?.openid ?? '');
    const tasks = renderPage('enforcement/tasks/tasks');
    await until(() => text(tasks).includes('（2026）粤0106执1号'));
    const dues = (tasks.instance.data.rows as { dueOn: string }[]).map((r) => r.dueOn);
    expect(dues).toEqual([...dues].sort());
  });

  it('a photo taken without network waits on the phone, is synced once when the network is back; syncing again sends nothing', async () => {
    const id = await appliedFiledAssigned();
    // The phone stamps the capture with its own clock: the court's clock reads the same time.
    await operation('POST', 'clock', { now: new Date().toISOString() });
    const phone = installPhone(EXECUTORS[0]?.openid ?? '');
    phone.options = { id };
    phone.location = { latitude: 23.135, longitude: 113.327 };
    const capture = renderPage('enforcement/capture/capture');
    await settle();
    phone.offline = true;
    phone.media = { content: 'jpeg bytes taken offline', fileType: 'image' };
    tap(capture, '.shoot-photo');
    await until(() => text(capture).includes('待同步 1 条'));
    expect(await countOf(db, 'enforcement_logs')).toBe(0);

    phone.offline = false;
    tap(capture, '.sync');
    await until(() => capture.instance.data.pending === 0 && capture.instance.data.loading === false);
    expect(text(capture)).toContain('日志已全部同步');
    // The queue is empty: syncing again sends nothing.
    await (capture.instance.sync as () => Promise<void>)();
    expect(await countOf(db, 'enforcement_logs', { enforcementId: id })).toBe(1);

    const detail = ok(await callFunction('enforcement-view', { op: 'detail', enforcementId: id }, HU.openid));
    expect(detail.case?.logs).toEqual([
      expect.objectContaining({ kind: 'photo', place: { latitude: 23.135, longitude: 113.327 }, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
  });

  it('the leader urges an overdue step from the dashboard; the executor answers from the page the notice opens', async () => {
    const id = await appliedFiledAssigned();
    await operation('POST', 'clock', { now: '2026-03-10T02:00:00.000Z' });
    const phone = installPhone(LEADER.openid);
    const board = renderPage('enforcement/dashboard/dashboard');
    await until(() => text(board).includes('已超期'));
    expect(text(board)).toContain('刘执行：超期 1');
    typeInto(board, ['.urge-note'], { value: '请于两日内办理' });
    tap(board, '.urge');
    await until(() => phone.toasts.includes('已催办'));

    const executor = installPhone(EXECUTORS[0]?.openid ?? '');
    executor.options = { id, urge: 'urge-1' };
    const answer = renderPage('enforcement/answer/answer');
    typeInto(answer, ['.reason'], { value: '申请执行人未接电话，已改为书面通知' });
    answer.instance.onDate?.({ detail: { value: '2026-03-12' } });
    tap(answer, '.submit');
    await until(() => text(answer).includes('已答复'));
    const seen = ok(await callFunction('enforcement-view', { op: 'detail', enforcementId: id }, LEADER.openid));
    expect(seen.case?.urges?.[0]?.answer).toMatchObject({ newDueOn: '2026-03-12' });
  });
});
