import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import type { ActionInput, ActionName, ActionOutput } from '#contract';

import { callFunction, ok, operation } from '../support/emulator';
import { filedAndAssigned, huJudgmentsEffective, judgment, LEADER, OTHER_EXECUTOR, uploadToCourt2 } from '../support/enforcement';
import { CLERK, HU, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid: string): Promise<ActionOutput<N>> {
  return ok(await callFunction(name, data, openid));
}
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

let caseId: string;
beforeEach(async () => {
  ({ caseId } = await huJudgmentsEffective(db, [judgment('judgment-1', 50_000_000)]));
});

describe('the executor’s logs in the enforcement case’s dossier (执行日志, legal-rules-2 §3.7)', () => {
  it('lists each log with its photo or video to those who may read it, the parties only the public ones, and opens the file through the court’s dossier-url', async () => {
    const { enforcementId, executor } = await filedAndAssigned(caseId, 'judgment-1', 'dos');
    await operation('POST', 'clock', { now: '2026-03-03T03:00:00.000Z' });
    const log = async (clientId: string, kind: 'photo' | 'video', name: string, bytes: string, extra: { public?: boolean; internal?: string } = {}) =>
      call(
        'enforcement-act',
        {
          op: 'log',
          requestId: `dos-log-${clientId}`,
          enforcementId,
          clientId,
          kind,
          stepId: 'investigation',
          capturedAt: '2026-03-03T10:05:00+08:00',
          place: { latitude: 23.135, longitude: 113.327, name: '天河路385号' },
          file: await uploadToCourt2(executor, name, bytes),
          ...extra,
        },
        executor,
      );
    await log('dos-photo', 'photo', '现场.jpg', 'jpeg bytes of the premises');
    await log('dos-video', 'video', '查封.mp4', 'mp4 bytes of the seizure', { public: false, internal: '被执行人情绪激动' });
    // A text log has no file to open: it stays on the case's page.
    await call(
      'enforcement-act',
      { op: 'log', requestId: 'dos-log-text', enforcementId, clientId: 'dos-text', kind: 'text', capturedAt: '2026-03-03T10:30:00+08:00', text: '已张贴公告' },
      executor,
    );

    // The court-2 function kept the files in the court's own storage, where the court's functions read them.
    const stored = (await db.collection('enforcement_logs').where({ enforcementId }).get()) as unknown as { data: { file?: { fileID: string } }[] };
    const fileIDs = stored.data.flatMap((l) => (l.file ? [l.file.fileID] : []));
    expect(fileIDs).toHaveLength(2);
    for (const fileID of fileIDs) expect(fileID.startsWith(`cloud://${Environments.court.localId}.`)).toBe(true);

    const titles = async (openid: string) =>
      (await call('dossier-list', { caseId: enforcementId }, openid)).documents.map((d) => [d.documentId, d.kind, d.type]);
    expect(await titles(executor)).toEqual([
      ['log:dos-photo', 'enforcement-log', 'image/jpeg'],
      ['log:dos-video', 'enforcement-log', 'video/mp4'],
    ]);
    expect(await titles(LEADER.openid)).toHaveLength(2);
    expect(await titles(HU.openid)).toEqual([['log:dos-photo', 'enforcement-log', 'image/jpeg']]);
    expect(await titles(WU.openid)).toEqual([['log:dos-photo', 'enforcement-log', 'image/jpeg']]);
    expect((await call('dossier-list', { caseId: enforcementId }, HU.openid)).documents[0]?.title).toBe('执行日志（照片）2026-03-03 10:05 天河路385号');
    expect((await callFunction('dossier-list', { caseId: enforcementId }, CLERK.openid)).result).toMatchObject(forbidden);
    // An executor of another division sees nothing of it.
    expect((await callFunction('dossier-list', { caseId: enforcementId }, OTHER_EXECUTOR.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('dossier-url', { caseId: enforcementId, documentId: 'log:dos-photo' }, OTHER_EXECUTOR.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('dossier-list', { caseId: 'E-no-such-case' }, HU.openid)).result).toMatchObject(forbidden);

    // Opened through the court's dossier-url: the bytes the executor took; the read recorded. The private video is not the parties'.
    const opened = await call('dossier-url', { caseId: enforcementId, documentId: 'log:dos-photo' }, HU.openid);
    expect(opened).toMatchObject({ title: '执行日志（照片）2026-03-03 10:05 天河路385号', type: 'image/jpeg' });
    expect(await (await fetch(opened.url)).text()).toBe('jpeg bytes of the premises');
    expect((await callFunction('dossier-url', { caseId: enforcementId, documentId: 'log:dos-video' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const video = await call('dossier-url', { caseId: enforcementId, documentId: 'log:dos-video' }, LEADER.openid);
    expect(await (await fetch(video.url)).text()).toBe('mp4 bytes of the seizure');
    expect((await callFunction('dossier-url', { caseId: enforcementId, documentId: 'log:dos-photo' }, CLERK.openid)).result).toMatchObject(forbidden);
    const reads = (await db.collection('dossier_reads').where({ caseId: enforcementId }).get()) as unknown as { data: { reader: string }[] };
    expect(reads.data.map((r) => r.reader).sort()).toEqual([HU.openid, LEADER.openid].sort());
  });
});
