/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import { createHash } from 'node:crypto';
import cloud from 'wx-server-sdk';
import { callFunction, countOf, ok, operation, resetEmulator } from '../support/emulator';
import { EXECUTORS, judgment, LEADER, preservation, seedBureau, uploadToCourt2 } from '../support/enforcement';
import { acceptedHuCase } from '../support/filing';
import { installPhone, renderPage, settle, tap, tapNode, text, typeInto, until } from '../support/miniprogram';
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

  it('an applicant applies from another court’s decision with its PDF and sees its SHA-256; the filing officer opens it, files it only once checked', async () => {
    const pdf = '%PDF-1.4 越秀法院 民事判决书 (2025)粤0104民初321号';
    const phone = installPhone(HU.openid);
    const page = renderPage('enforcement/upload/upload');
    await until(() => (page.instance.data.courts as unknown[]).length > 0);
    const courts = page.instance.data.courts as { courtId: string }[];
    page.instance.onCourt?.({ detail: { value: String(courts.findIndex((c) => c.courtId === 'gz-tianhe')) } });
    typeInto(page, ['.issuing-court'], { value: '广州市越秀区人民法院' });
    typeInto(page, ['.decision-number'], { value: '（2025）粤0104民初321号' });
    page.instance.onEffective?.({ detail: { value: '2026-01-10' } });
    page.instance.onDue?.({ detail: { value: '2026-01-20' } });
    typeInto(page, ['.respondent'], { value: '广州某贸易有限公司' });
    typeInto(page, ['.amount'], { value: '30000' });
    // Without the PDF: said on the page, nothing sent.
    tap(page, '.submit');
    await until(() => text(page).includes('请上传生效法律文书'));
    expect(await countOf(db, 'enforcements')).toBe(0);
    phone.pick = { name: '判决书.pdf', content: pdf };
    tap(page, '.pick');
    await until(() => text(page).includes('判决书.pdf'));
    tap(page, '.submit');
    await until(() => text(page).includes('申请已提交'));
    expect(text(page)).toContain(`SHA-256）：${createHash('sha256').update(pdf).digest('hex')}`);
    expect(text(page)).toContain('申请执行期间至 2028-01-20');

    // The registrar's queue: the stated decision, its hash, the PDF opened; filing refused until checked.
    const registrar = installPhone(REGISTRAR.openid);
    const filing = renderPage('enforcement/filing/filing');
    await until(() => text(filing).includes('广州市越秀区人民法院'));
    expect(text(filing)).toContain('（2025）粤0104民初321号');
    expect(text(filing)).toContain('被执行人：广州某贸易有限公司');
    tap(filing, '.open-decision');
    await until(() => registrar.opened.length > 0);
    tap(filing, '.file');
    await until(() => text(filing).includes('须经核对'));
    typeInto(filing, ['.document-checked'], { checked: true });
    tap(filing, '.file');
    await until(() => text(filing).includes('已立案：（2026）粤0106执1号'));
  });

  it('a 执保 case shows no performance or application period and no CPL 237 date, urgent, with its own steps', async () => {
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { decisions: [preservation] } });
    installPhone(HU.openid).options = { id: caseId, decision: 'preservation-1' };
    const apply = renderPage('enforcement/apply/apply');
    tap(apply, '.submit');
    await until(() => text(apply).includes('申请已提交'));
    expect(text(apply)).toContain('无申请执行期间');
    const id = String((apply.instance.data.result as { enforcementId: string }).enforcementId);
    ok(await callFunction('enforcement-file', { op: 'file', requestId: 'page-pres-file-01', enforcementId: id }, REGISTRAR.openid));

    installPhone(HU.openid).options = { id };
    const progress = renderPage('enforcement/case/case');
    await until(() => text(progress).includes('（2026）粤0106执保1号'));
    expect(text(progress)).toContain('财产保全裁定，立即开始执行');
    expect(text(progress)).toContain('紧急');
    expect(text(progress)).toContain('网络查控');
    expect(text(progress)).not.toContain('第二百三十七条');
    expect(text(progress)).not.toContain('申请执行期间至');
    expect(text(progress)).not.toContain('执行通知书');
  });

  it('the executor’s photo and video logs are in the case’s dossier: the applicant opens the public photo, the executor plays the video', async () => {
    const id = await appliedFiledAssigned();
    const executor = EXECUTORS[0]?.openid ?? '';
    const log = async (clientId: string, kind: 'photo' | 'video', content: string, extra: { public?: boolean } = {}) =>
      ok(
        await callFunction(
          'enforcement-act',
          {
            op: 'log',
            requestId: `page-dossier-${clientId}`,
            enforcementId: id,
            clientId,
            kind,
            capturedAt: '2026-03-02T10:05:00+08:00',
            place: { latitude: 23.135, longitude: 113.327, name: '天河路385号' },
            file: await uploadToCourt2(executor, kind === 'photo' ? '现场.jpg' : '查封.mp4', content),
            ...extra,
          },
          executor,
        ),
      );
    await log('pd-photo', 'photo', 'jpeg bytes of the premises');
    await log('pd-video', 'video', 'mp4 bytes of the seizure', { public: false });

    const hu = installPhone(HU.openid);
    hu.options = { id };
    const progress = renderPage('enforcement/case/case');
    await until(() => text(progress).includes('执行卷宗'));
    tap(progress, '.dossier');
    expect(hu.navigations).toContain(`/litigation/dossier/dossier?id=${id}`);
    const dossier = renderPage('litigation/dossier/dossier');
    await until(() => text(dossier).includes('执行日志'));
    expect(text(dossier)).toContain('执行日志（照片）2026-03-02 10:05 天河路385号');
    expect(text(dossier)).not.toContain('视频');
    tap(dossier, '.document');
    await until(() => hu.opened.length > 0);
    expect(await (await fetch(hu.opened[0] ?? '')).text()).toBe('jpeg bytes of the premises');

    const phone = installPhone(executor);
    phone.options = { id };
    const own = renderPage('litigation/dossier/dossier');
    await until(() => text(own).includes('执行日志（视频）'));
    const video = own.querySelectorAll('.document').find((node) => (node.dom?.textContent ?? '').includes('视频'));
    if (!video) throw new Error('no video in the dossier');
    tapNode(video);
    await until(() => phone.opened.length > 0);
    expect(await (await fetch(phone.opened[0] ?? '')).text()).toBe('mp4 bytes of the seizure');

    // Closed as 执行完毕: the CPL 237 date no longer shown to the applicant.
    expect(progress.instance.data.detail).toBeTruthy();
    expect(text(progress)).toContain('第二百三十七条');
    ok(await callFunction('enforcement-act', { op: 'close', requestId: 'page-dossier-close', enforcementId: id, method: 'completed' }, executor));
    installPhone(HU.openid).options = { id };
    const closed = renderPage('enforcement/case/case');
    await until(() => text(closed).includes('执行完毕'));
    expect(text(closed)).not.toContain('第二百三十七条');
  });
});
