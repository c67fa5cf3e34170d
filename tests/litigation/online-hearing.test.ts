import cloud from 'wx-server-sdk';
import { facePurposes } from '#domain/e-signature';
import { findById, trtcRoomId, verifyCaseChain, type ChainHead } from '#runtime';
import type { ActionInput, ActionName, ActionOutput } from '#contract';
import { callFunction, operation, resetEmulator } from '../support/emulator';
import { acceptedHuCase, recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { CLERK, faceCheckOnPhone, HU, REGISTRAR, residentId, seedCourts, upload, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid?: string): Promise<ActionOutput<N>> {
  const reply = await callFunction(name, data, openid);
  if (!reply.result?.ok) throw new Error(`${name}: ${JSON.stringify(reply.result)} ${reply.errMsg}`);
  return reply.result.data;
}
async function refused<N extends ActionName>(name: N, data: ActionInput<N>, openid: string): Promise<{ code: string; message: string }> {
  const reply = await callFunction(name, data, openid);
  if (reply.result.ok) throw new Error(`${name} should have been refused`);
  return reply.result.error;
}

const STRANGER = { openid: 'o-stranger', name: '路人甲', idNumber: residentId('44010619900101123') };
const NOTICE =
  '在线庭审告知：经您同意，本案以在线方式开庭；您享有与到庭同等的诉讼权利，须遵守法庭纪律，未经许可不得录制、传播庭审（人民法院在线诉讼规则 第四条）。';
const H = 'hearing-1';
const at = (hhmm: string) => operation('POST', 'clock', { now: `2026-03-06T${hhmm}:00+08:00` });

/** A face check started for `purpose` and passed on the person's own phone: the verifyId to send. */
async function faceFor(person: { openid: string }, purpose: string, requestId: string): Promise<string> {
  const started = await call('identity-verify', { op: 'check', requestId, purpose }, person.openid);
  if (started.op !== 'check') throw new Error('no check');
  expect((await faceCheckOnPhone(started.verifyId, person.openid)).ok).toBe(true);
  return started.verifyId;
}

/** A drawn signature, uploaded, and a face check for this very version. */
async function sign(person: { openid: string }, caseId: string, sha256: string, tag: string) {
  const image = await upload(person.openid, `签名-${tag}.png`, Buffer.from(`\x89PNG signature of ${person.openid} ${tag}`));
  const verifyId = await faceFor(person, facePurposes.signature(sha256), `sign-face-${tag}`);
  return callFunction('transcript', { op: 'sign', requestId: `sign-${tag}`, caseId, hearingId: H, sha256, image, verifyId }, person.openid);
}

let caseId: string;
let presiding: string;

/** Mr Hu's case, accepted, assigned, the company's representative recognised, an online hearing set for Fri 2026-03-06 09:30. */
async function huCaseWithHearing(): Promise<void> {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  await verify(WU);
  ({ caseId } = await acceptedHuCase());
  const assigned = await call('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid);
  presiding = assigned.presiding.openid;
  const { caseNumber } = (await findById<{ caseNumber: string }>(db, 'cases', caseId)) ?? { caseNumber: '' };
  const joined = await call('case-join', await wuJoinsFor('wu-join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid);
  if (joined.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid);
  await call('hearing-schedule', { requestId: 'schedule-0001', caseId, startsAt: '2026-03-06T09:30:00+08:00', place: { kind: 'online' } }, CLERK.openid);
}

describe('an online hearing', () => {
  beforeEach(huCaseWithHearing);

  it('Mr Hu: consent → notice → check-in with face → admission → room → stages → disconnect and rejoin → recording → transcript corrected and signed → dossier → chain', async () => {
    // The summons was served three days ahead (民事诉讼法 第一百三十九条).
    const dossierBefore = await call('dossier-list', { caseId }, HU.openid);
    expect(dossierBefore.documents.some((d) => d.kind === 'hearing-notice')).toBe(true);
    // A public hearing under ordinary procedure is announced (开庭公告) with the parties, 案由, time and place.
    const announced = await call('public-notices', { view: 'hearings', courtId: 'gz-tianhe' });
    expect(announced.view === 'hearings' && announced.announcements.map((a) => [a.caseNumber, a.startsAt, a.place, a.announceBy])).toEqual([
      [(await findById<{ caseNumber: string }>(db, 'cases', caseId))?.caseNumber, '2026-03-06T01:30:00.000Z', '在线庭审', '2026-03-03'],
    ]);

    // Consent, each party for itself (在线诉讼规则 第四条); one offline would make it mixed.
    expect(
      await call('hearing-consent', { op: 'choose', requestId: 'hu-consent-1', caseId, hearingId: H, choice: 'online', textShown: NOTICE }, HU.openid),
    ).toEqual({
      hearingId: H,
      mode: 'mixed',
      online: [0],
    });
    expect(
      await call('hearing-consent', { op: 'choose', requestId: 'wu-consent-1', caseId, hearingId: H, choice: 'online', textShown: NOTICE }, WU.openid),
    ).toEqual({
      hearingId: H,
      mode: 'online',
      online: [0, 1],
    });

    // Check-in opens 30 minutes before, with a face check for this hearing only.
    await at('08:30');
    const early = await faceFor(HU, facePurposes.hearing(caseId, H), 'hu-face-early');
    expect(await refused('hearing-checkin', { op: 'checkin', requestId: 'hu-checkin-0', caseId, hearingId: H, verifyId: early }, HU.openid)).toMatchObject({
      code: 'DEADLINE',
    });
    await at('09:05');
    const forSigning = await faceFor(WU, facePurposes.signature('f'.repeat(64)), 'wu-face-other');
    expect(await refused('hearing-checkin', { op: 'checkin', requestId: 'wu-checkin-0', caseId, hearingId: H, verifyId: forSigning }, WU.openid)).toMatchObject(
      {
        code: 'NOT_VERIFIED',
        message: '这次人脸识别不是为本次办理发起的，请重新识别',
      },
    );
    const huFace = await faceFor(HU, facePurposes.hearing(caseId, H), 'hu-face-1');
    await call('hearing-checkin', { op: 'checkin', requestId: 'hu-checkin-1', caseId, hearingId: H, verifyId: huFace }, HU.openid);
    const wuFace = await faceFor(WU, facePurposes.hearing(caseId, H), 'wu-face-1');
    await call('hearing-checkin', { op: 'checkin', requestId: 'wu-checkin-1', caseId, hearingId: H, verifyId: wuFace }, WU.openid);
    // The same check cannot be used twice.
    expect(await refused('hearing-checkin', { op: 'checkin', requestId: 'wu-checkin-2', caseId, hearingId: H, verifyId: wuFace }, WU.openid)).toMatchObject({
      code: 'NOT_VERIFIED',
    });

    // Waiting room: not admitted yet, no room ticket.
    expect(await refused('hearing-room', { caseId, hearingId: H }, HU.openid)).toMatchObject({ code: 'FORBIDDEN' });
    const waiting = await call('hearing-checkin', { op: 'waiting', requestId: 'clerk-wait-1', caseId, hearingId: H }, CLERK.openid);
    expect(waiting.participants.map((p) => [p.name, p.role, p.admittedAt])).toEqual([
      [HU.name, 'plaintiff', undefined],
      [WU.name, 'defendant', undefined],
    ]);
    for (const p of waiting.participants)
      await call('hearing-checkin', { op: 'admit', requestId: `admit-${p.participant}`, caseId, hearingId: H, participant: p.participant }, CLERK.openid);
    // A witness Mr Hu called testifies from a room the court designates (在线诉讼规则 第二十二条): entered and admitted by the clerk.
    const withWitness = await call(
      'hearing-checkin',
      { op: 'witness', requestId: 'witness-0001', caseId, hearingId: H, name: '钱证人', room: '宁波市海曙区人民法院第二法庭', calledBy: 0 },
      CLERK.openid,
    );
    expect(withWitness.participants.find((p) => p.role === 'witness')).toMatchObject({
      name: '钱证人',
      party: 0,
      room: '宁波市海曙区人民法院第二法庭',
      admittedAt: expect.any(String),
    });
    expect(
      await refused(
        'hearing-checkin',
        { op: 'witness', requestId: 'witness-0002', caseId, hearingId: H, name: '孙证人', room: '本院证人室', calledBy: 0 },
        HU.openid,
      ),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const opened = await call('hearing-checkin', { op: 'open', requestId: 'open-0001', caseId, hearingId: H, assistant: '赵助理' }, presiding);
    expect(opened).toMatchObject({ state: 'open', opening: { presiding: expect.any(String), clerk: CLERK.name, assistant: '赵助理' } });

    // The room: TRTC lets in the admitted, refuses a stranger and another hearing's room.
    const huTicket = await call('hearing-room', { caseId, hearingId: H }, HU.openid);
    expect(await operation('POST', 'trtc/enter', huTicket)).toEqual({ ok: true });
    expect(await operation('POST', 'trtc/enter', { ...huTicket, roomId: trtcRoomId(facePurposes.hearing(caseId, 'hearing-2')) })).toMatchObject({
      ok: false,
      code: 'ROOM_NOT_PERMITTED',
    });
    await verify(STRANGER);
    expect(await refused('hearing-room', { caseId, hearingId: H }, STRANGER.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await operation('POST', 'trtc/enter', { ...huTicket, userId: 'u-stranger' })).toMatchObject({ ok: false, code: 'USER_SIG_INVALID' });
    const wuTicket = await call('hearing-room', { caseId, hearingId: H }, WU.openid);
    expect(await operation('POST', 'trtc/enter', wuTicket)).toEqual({ ok: true });
    const clerkTicket = await call('hearing-room', { caseId, hearingId: H }, CLERK.openid);
    expect(await operation('POST', 'trtc/enter', clerkTicket)).toEqual({ ok: true });

    // Recording from the opening, stages as they start.
    await call('hearing-run', { op: 'recording', requestId: 'rec-start-1', caseId, hearingId: H, mark: 'start' }, CLERK.openid);
    for (const stage of ['investigation', 'evidence'] as const)
      await call('hearing-run', { op: 'stage', requestId: `stage-${stage}`, caseId, hearingId: H, stage }, CLERK.openid);

    // Mr Wu's network fails: logged, not 拒不到庭; he rejoins.
    await at('09:50');
    expect(await operation('POST', 'trtc/exit', { roomId: wuTicket.roomId, userId: wuTicket.userId, reason: 'network' })).toEqual({ ok: true });
    const wuP = waiting.participants.find((p) => p.name === WU.name)?.participant ?? '';
    const { disconnectId } = await call(
      'hearing-run',
      { op: 'disconnect', requestId: 'drop-0001', caseId, hearingId: H, participant: wuP, cause: 'network' },
      CLERK.openid,
    );
    expect(await refused('hearing-run', { op: 'absence', requestId: 'absent-01', caseId, hearingId: H, party: 1, kind: 'no-show' }, presiding)).toMatchObject({
      code: 'STATE',
      message: expect.stringContaining('不视为拒不到庭'),
    });
    await call(
      'hearing-run',
      { op: 'recording', requestId: 'rec-gap-1', caseId, hearingId: H, mark: 'gap', gap: 'recess', reason: '被告断线，休庭等待' },
      CLERK.openid,
    );
    await at('09:55');
    await call(
      'hearing-run',
      { op: 'disconnect-step', requestId: 'drop-1-back', caseId, hearingId: H, disconnectId: disconnectId ?? '', step: 'rejoined' },
      CLERK.openid,
    );
    expect(await operation('POST', 'trtc/enter', await call('hearing-room', { caseId, hearingId: H }, WU.openid))).toEqual({ ok: true });
    await call('hearing-run', { op: 'recording', requestId: 'rec-resume', caseId, hearingId: H, mark: 'resume' }, CLERK.openid);
    for (const stage of ['debate', 'final-statement'] as const)
      await call('hearing-run', { op: 'stage', requestId: `stage-${stage}`, caseId, hearingId: H, stage }, CLERK.openid);
    await call('hearing-run', { op: 'recording', requestId: 'rec-stop-1', caseId, hearingId: H, mark: 'stop' }, CLERK.openid);
    const file = await upload(CLERK.openid, '庭审录像.mp4', 'mp4 bytes of the hearing');
    const filedRecording = await call('hearing-run', { op: 'recording-file', requestId: 'rec-file-1', caseId, hearingId: H, file }, CLERK.openid);
    expect(filedRecording.recording?.sha256).toMatch(/^[0-9a-f]{64}$/);
    await call(
      'transcript',
      { op: 'edit', requestId: 'tr-edit-1', caseId, hearingId: H, text: '书记员：宣布法庭纪律。\n原告：被告欠货款50万元。\n被告：对欠款金额有异议。' },
      CLERK.openid,
    );
    await at('10:20');
    expect(await call('hearing-run', { op: 'close', requestId: 'close-0001', caseId, hearingId: H }, presiding)).toMatchObject({
      state: 'closed',
      transcriptDueOn: '2026-03-11',
    });
    const room = await operation<{ events: { event: string }[] }>('GET', `trtc/rooms/${huTicket.roomId}`);
    expect(room.events.filter((e) => e.event === 'enter')).toHaveLength(4);

    // The transcript: Mr Hu asks a correction, the clerk accepts and edits: version 2, signed by both.
    const v1 = await call('transcript', { op: 'read', requestId: 'hu-read-1', caseId, hearingId: H }, HU.openid);
    expect(v1).toMatchObject({ version: 1, unsigned: [HU.name, WU.name] });
    const signedV1 = await sign(WU, caseId, v1.sha256, 'wu-v1');
    expect(signedV1.result.ok).toBe(true);
    const { corrections } = await call(
      'transcript',
      { op: 'correct', requestId: 'hu-correct-1', caseId, hearingId: H, text: '原告陈述应为“货款共计50万元，已多次催告”' },
      HU.openid,
    );
    await call(
      'transcript',
      { op: 'decide', requestId: 'clerk-decide-1', caseId, hearingId: H, correctionId: corrections[0]?.id ?? '', accept: true },
      CLERK.openid,
    );
    const v2 = await call(
      'transcript',
      {
        op: 'edit',
        requestId: 'tr-edit-2',
        caseId,
        hearingId: H,
        text: '书记员：宣布法庭纪律。\n原告：货款共计50万元，已多次催告。\n被告：对欠款金额有异议。',
      },
      CLERK.openid,
    );
    // An edit after a signature is a new version that everyone signs again.
    expect(v2).toMatchObject({ version: 2, unsigned: [HU.name, WU.name] });
    expect((await sign(HU, caseId, v1.sha256, 'hu-old')).result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await sign(HU, caseId, v2.sha256, 'hu-v2')).result.ok).toBe(true);
    const last = await sign(WU, caseId, v2.sha256, 'wu-v2');
    expect(last.result).toMatchObject({ ok: true, data: { unsigned: [], filedDocumentId: 'transcript-hearing-1-v2' } });

    // The dossier holds the recording and the signed transcript, each with its hash; the chain holds.
    const dossier = await call('dossier-list', { caseId }, HU.openid);
    expect(dossier.documents.filter((d) => d.kind === 'hearing-recording' || d.kind === 'transcript').map((d) => d.kind)).toEqual([
      'hearing-recording',
      'transcript',
    ]);
    const stored = await findById<{ chain: ChainHead }>(db, 'cases', caseId);
    const verdict = await verifyCaseChain(db, caseId, stored?.chain);
    expect(verdict).toMatchObject({ ok: true });
    const detail = await call('case-detail', { caseId }, HU.openid);
    expect(detail.timeline.map((e) => e.label)).toEqual(
      expect.arrayContaining([
        '庭前签到（人脸识别）',
        '宣布开庭（宣布审判人员和书记员及法官助理）',
        '记录参加人断线',
        '断线参加人重新进入庭审',
        '电子签名确认庭审笔录',
        '闭庭',
      ]),
    );
  });

  it('one party offline makes it mixed, a refusal with a reason the judge accepts or an Art. 21 bar makes it offline; consent is withdrawn only before the day', async () => {
    await call('hearing-consent', { op: 'choose', requestId: 'hu-choose-1', caseId, hearingId: H, choice: 'online', textShown: NOTICE }, HU.openid);
    expect(
      await call(
        'hearing-consent',
        { op: 'choose', requestId: 'wu-choose-1', caseId, hearingId: H, choice: 'offline', textShown: NOTICE, reason: '公司无视频设备' },
        WU.openid,
      ),
    ).toMatchObject({ mode: 'mixed', online: [0] });
    expect(await call('hearing-consent', { op: 'decide', requestId: 'judge-decide-1', caseId, hearingId: H, party: 1, accept: true }, presiding)).toMatchObject(
      { mode: 'offline' },
    );
    expect(
      await refused('hearing-consent', { op: 'decide', requestId: 'clerk-decide-1', caseId, hearingId: H, party: 1, accept: false }, CLERK.openid),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('hearing-consent', { op: 'withdraw', requestId: 'wu-withdraw-1', caseId, hearingId: H, reason: '改为到庭' }, WU.openid)).toMatchObject(
      { code: 'STATE' },
    );
    expect(
      await call('hearing-consent', { op: 'withdraw', requestId: 'hu-withdraw-1', caseId, hearingId: H, reason: '改为到庭参加' }, HU.openid),
    ).toMatchObject({ mode: 'offline', online: [] });
    await at('08:00');
    await call('hearing-consent', { op: 'choose', requestId: 'hu-choose-2', caseId, hearingId: H, choice: 'online', textShown: NOTICE }, HU.openid);
    expect(
      await refused('hearing-consent', { op: 'withdraw', requestId: 'hu-withdraw-2', caseId, hearingId: H, reason: '改为到庭参加' }, HU.openid),
    ).toMatchObject({ code: 'DEADLINE' });
    expect(
      await call(
        'hearing-consent',
        { op: 'bar', requestId: 'judge-bar', caseId, hearingId: H, ground: 'in-person-check', reason: '需当庭核对送货单原件' },
        presiding,
      ),
    ).toMatchObject({ mode: 'offline' });
  });

  it('refuses strangers, the wrong role and another case, and answers a retry with the first answer', async () => {
    await verify(STRANGER);
    const choose = { op: 'choose' as const, requestId: 'hu-choose-9', caseId, hearingId: H, choice: 'online' as const, textShown: NOTICE };
    expect(await refused('hearing-consent', choose, STRANGER.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('hearing-consent', choose, CLERK.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('hearing-run', { op: 'stage', requestId: 'hu-stage-1', caseId, hearingId: H, stage: 'debate' }, HU.openid)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refused('hearing-checkin', { op: 'waiting', requestId: 'hu-wait-01', caseId, hearingId: H }, HU.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('transcript', { op: 'edit', requestId: 'hu-edit-01', caseId, hearingId: H, text: '改笔录' }, HU.openid)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refused('transcript', { op: 'read', requestId: 'st-read-01', caseId, hearingId: H }, STRANGER.openid)).toMatchObject({ code: 'FORBIDDEN' });
    // Another case of the stranger's own: his place there gives him nothing here, and this case's hearing is not there.
    const other = await acceptedHuCase({ tag: '0002' });
    expect(await refused('hearing-consent', { ...choose, caseId: other.caseId }, WU.openid)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused('hearing-room', { caseId: other.caseId, hearingId: H }, HU.openid)).toMatchObject({ code: 'NOT_FOUND' });

    const first = await call('hearing-consent', choose, HU.openid);
    expect(await call('hearing-consent', choose, HU.openid)).toEqual(first);
    const session = await findById<{ consents: unknown[] }>(db, 'hearing_sessions', `${caseId}:${H}`);
    expect(session?.consents).toHaveLength(1);
  });
});
