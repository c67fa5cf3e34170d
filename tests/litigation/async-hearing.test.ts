import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import type { ActionInput, ActionName, ActionOutput } from '#contract';
import { callFunction, resetEmulator } from '../support/emulator';
import { recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { assignedHuCase, seedManagement, today } from '../support/management';
import { CLERK, HU, residentId, upload, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid?: string): Promise<ActionOutput<N>> {
  const reply = await callFunction(name, data, openid);
  if (!reply.result?.ok) throw new Error(`${name}: ${JSON.stringify(reply.result)} ${reply.errMsg}`);
  return reply.result.data;
}
async function refused<N extends ActionName>(
  name: N,
  data: ActionInput<N>,
  openid: string,
): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const reply = await callFunction(name, data, openid);
  if (reply.result.ok) throw new Error(`${name} should have been refused: ${JSON.stringify(reply.result.data)}`);
  return reply.result.error;
}
const events = async (caseId: string, action: string) =>
  ((await db.collection('case_events').where({ caseId, action }).get()) as { data: unknown[] }).data.length;

const STRANGER = { openid: 'o-stranger', name: '路人甲', idNumber: residentId('44010619900101123') };
const H = 'hearing-1';
const CONSENT_TEXT = '非同步审理告知：各方在法院确定的期间内分别登录平台，按庭审阶段录制并上传视频（人民法院在线诉讼规则 第二十条）。';

describe('非同步审理 (在线诉讼规则 第二十条第二款)', () => {
  it('applied in writing, consented by all, approved with each stage’s window, recorded per stage with one late upload, closed into the dossier', async () => {
    await resetEmulator();
    await seedManagement(db);
    await verify(WU);
    await verify(STRANGER);
    const { caseId, caseNumber, presiding } = await assignedHuCase({ procedure: 'simplified' });
    const joined = await call('case-join', await wuJoinsFor('wu-join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid);
    if (joined.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid);
    await call('hearing-schedule', { requestId: 'schedule-0001', caseId, startsAt: '2026-03-06T09:30:00+08:00', place: { kind: 'online' } }, CLERK.openid);
    const base = { caseId, hearingId: H };

    // Mr Hu applies in writing; the application is a party's act, not the clerk's.
    const apply = {
      op: 'apply',
      requestId: 'async-apply-01',
      ...base,
      application: '申请人胡建国在宁波工作，被申请人在广州，双方同时在线确有困难，申请非同步审理。',
      difficulty: '双方分处两地，工作时间无法同时在线',
    } as const;
    expect(await refused('hearing-async', { ...apply, requestId: 'async-apply-02' }, CLERK.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await call('hearing-async', apply, HU.openid)).toMatchObject({ state: 'applied', consented: [0], awaiting: [1] });

    // The judges cannot approve before every party consents, nor while the main facts are disputed.
    const decide = (extra: Partial<Extract<ActionInput<'hearing-async'>, { op: 'decide' }>> = {}) =>
      ({
        op: 'decide',
        requestId: 'async-decide-01',
        ...base,
        approve: true,
        mainFactsUndisputed: true,
        reason: '经在线证据交换，主要事实和证据无争议，各方均同意',
        windows: [
          { stage: 'investigation', from: '2026-03-03', to: '2026-03-04' },
          { stage: 'debate', from: '2026-03-05', to: '2026-03-06' },
        ],
        ...extra,
      }) as ActionInput<'hearing-async'>;
    expect(await refused('hearing-async', decide(), presiding)).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { approve: expect.stringContaining('须各方当事人均同意') },
    });
    expect(await call('hearing-async', { op: 'consent', requestId: 'async-consent-wu', ...base, textShown: CONSENT_TEXT }, WU.openid)).toMatchObject({
      state: 'consented',
      consented: [0, 1],
      awaiting: [],
    });
    expect(await refused('hearing-async', decide({ mainFactsUndisputed: false }), presiding)).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { approve: expect.stringContaining('主要事实和证据仍有争议') },
    });
    expect(await refused('hearing-async', decide({ windows: [{ stage: 'debate', from: '2026-03-06', to: '2026-03-05' }] }), presiding)).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { windows: '法庭辩论的期间起始日晚于截止日' },
    });
    expect(await refused('hearing-async', decide(), HU.openid)).toMatchObject({ code: 'FORBIDDEN' });
    const approved = await call('hearing-async', decide(), presiding);
    expect(approved).toMatchObject({
      state: 'approved',
      windows: [
        { stage: 'investigation', label: '法庭调查', from: '2026-03-03', to: '2026-03-04' },
        { stage: 'debate', label: '法庭辩论', from: '2026-03-05', to: '2026-03-06' },
      ],
      missing: [
        { stage: 'investigation', parties: [0, 1] },
        { stage: 'debate', parties: [0, 1] },
      ],
    });

    // Each party records each stage in its own time.
    const video = async (person: { openid: string }, tag: string) => upload(person.openid, `${tag}.mp4`, Buffer.from(`mp4 video of ${person.openid} ${tag}`));
    const record = async (person: { openid: string }, stage: 'investigation' | 'debate', tag: string) =>
      callFunction('hearing-async', { op: 'upload', requestId: `async-up-${tag}`, ...base, stage, file: await video(person, tag) }, person.openid);
    const early = await record(HU, 'investigation', 'hu-early');
    expect(early.result).toMatchObject({ ok: false, error: { code: 'STATE', message: '法庭调查的录制期间自 2026-03-03 开始' } });
    expect(
      await refused(
        'hearing-async',
        { op: 'upload', requestId: 'async-up-stranger', ...base, stage: 'investigation', file: await video(STRANGER, 's') },
        STRANGER.openid,
      ),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });

    await today('2026-03-03');
    const first = await record(HU, 'investigation', 'hu-inv');
    expect(first.result.ok).toBe(true);
    // A retry answers the first upload and records it once.
    expect((await record(HU, 'investigation', 'hu-inv')).result).toEqual(first.result);
    expect(await events(caseId, 'hearing.async-recorded')).toBe(1);
    expect((await record(WU, 'investigation', 'wu-inv')).result.ok).toBe(true);
    expect((await record(HU, 'mediation' as 'debate', 'hu-med')).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { stage: '法庭调解不在本次非同步审理的阶段之内' } },
    });
    await today('2026-03-05');
    expect((await record(HU, 'debate', 'hu-deb')).result.ok).toBe(true);
    // Wu's debate comes after its window: kept, marked late for the judges to decide (第六条).
    await today('2026-03-07');
    const late = await record(WU, 'debate', 'wu-deb');
    expect(late.result.ok).toBe(true);

    const seen = await call('hearing-async', { op: 'view', ...base }, HU.openid);
    expect(seen.uploads.map((u) => [u.party, u.stage, u.late])).toEqual([
      [0, 'investigation', false],
      [1, 'investigation', false],
      [0, 'debate', false],
      [1, 'debate', true],
    ]);
    expect(seen.missing).toEqual([
      { stage: 'investigation', parties: [] },
      { stage: 'debate', parties: [] },
    ]);
    expect(seen.uploads.every((u) => /^[0-9a-f]{64}$/.test(u.sha256))).toBe(true);

    // Closed by the judges; the recordings are in the dossier with their hashes; the transcript follows.
    expect(await call('hearing-async', { op: 'close', requestId: 'async-close-01', ...base }, presiding)).toMatchObject({ state: 'closed' });
    const dossier = await call('dossier-list', { caseId }, WU.openid);
    const recordings = dossier.documents.filter((d) => d.kind === 'hearing-recording');
    expect(recordings).toHaveLength(4);
    expect(recordings.filter((d) => d.title.includes('逾期上传'))).toHaveLength(1);
    expect(
      (await call('transcript', { op: 'edit', requestId: 'transcript-01', ...base, text: '非同步审理笔录：各方分阶段陈述，详见录像。' }, CLERK.openid)).version,
    ).toBe(1);
    const session = await findById<{ state: string }>(db, 'hearing_sessions', `${caseId}:${H}`);
    expect(session?.state).toBe('closed');
    expect((await call('case-verify', { op: 'chain', caseId }, HU.openid)) as unknown).toMatchObject({ intact: true });
  });
});
