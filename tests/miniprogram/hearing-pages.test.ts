/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { facePurposes } from '#domain/e-signature';
import { findById } from '#runtime';
import { callFunction, ok, operation, resetEmulator } from '../support/emulator';
import { acceptedHuCase, recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { installPhone, renderPage, shows, tap, text, typeInto, until } from '../support/miniprogram';
import { CLERK, faceCheckOnPhone, HU, REGISTRAR, seedCourts, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

const H = 'hearing-1';
const at = (hhmm: string) => operation('POST', 'clock', { now: `2026-03-06T${hhmm}:00+08:00` });
const NOTICE = '在线庭审告知：经您同意，本案以在线方式开庭；您享有与到庭同等的诉讼权利（人民法院在线诉讼规则 第四条）。';

let caseId: string;
let presiding: string;

/** Mr Hu's case, assigned, the company's representative recognised, an online hearing on Fri 2026-03-06 09:30. */
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  await verify(WU);
  ({ caseId } = await acceptedHuCase());
  presiding = ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid)).presiding.openid;
  const { caseNumber } = (await findById<{ caseNumber: string }>(db, 'cases', caseId)) ?? { caseNumber: '' };
  const joined = ok(await callFunction('case-join', await wuJoinsFor('wu-join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid));
  if (joined.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid);
  ok(
    await callFunction(
      'hearing-schedule',
      { requestId: 'schedule-0001', caseId, startsAt: '2026-03-06T09:30:00+08:00', place: { kind: 'online' } },
      CLERK.openid,
    ),
  );
});

/** The hearing held through the functions, up to its close, with the clerk's first transcript. */
async function heldHearing(): Promise<void> {
  for (const [person, tag] of [
    [HU, 'hu'],
    [WU, 'wu'],
  ] as const)
    ok(
      await callFunction(
        'hearing-consent',
        { op: 'choose', requestId: `${tag}-consent-1`, caseId, hearingId: H, choice: 'online', textShown: NOTICE },
        person.openid,
      ),
    );
  await at('09:05');
  for (const [person, tag] of [
    [HU, 'hu'],
    [WU, 'wu'],
  ] as const) {
    const check = ok(
      await callFunction('identity-verify', { op: 'check', requestId: `${tag}-face-1`, purpose: facePurposes.hearing(caseId, H) }, person.openid),
    );
    if (check.op !== 'check') throw new Error('no face check');
    expect((await faceCheckOnPhone(check.verifyId, person.openid)).ok).toBe(true);
    ok(await callFunction('hearing-checkin', { op: 'checkin', requestId: `${tag}-checkin-1`, caseId, hearingId: H, verifyId: check.verifyId }, person.openid));
  }
  const { participants } = ok(await callFunction('hearing-checkin', { op: 'waiting', requestId: 'wait-0001', caseId, hearingId: H }, CLERK.openid));
  for (const p of participants)
    ok(
      await callFunction(
        'hearing-checkin',
        { op: 'admit', requestId: `admit-${p.participant}`, caseId, hearingId: H, participant: p.participant },
        CLERK.openid,
      ),
    );
  ok(await callFunction('hearing-checkin', { op: 'open', requestId: 'open-0001', caseId, hearingId: H }, presiding));
  ok(
    await callFunction(
      'transcript',
      { op: 'edit', requestId: 'tr-edit-1', caseId, hearingId: H, text: '书记员：宣布法庭纪律。\n原告：被告欠货款50万元。' },
      CLERK.openid,
    ),
  );
  ok(await callFunction('hearing-run', { op: 'close', requestId: 'close-0001', caseId, hearingId: H }, presiding));
}

describe('hearing pages', () => {
  it('Mr Hu consents and checks in with a face check; the clerk admits him, the judge opens; the room enters with the page’s ticket, drops and rejoins; the console records the hearing', async () => {
    const hu = installPhone(HU.openid);
    hu.options = { id: caseId, hearing: H };
    const page = renderPage('hearing/hearing/hearing');
    await shows(page, '2026-03-06 09:30');
    expect(text(page)).toContain('在线庭审与线下庭审具有同等法律效力');
    tap(page, '.choose');
    await shows(page, '混合庭审');
    ok(
      await callFunction('hearing-consent', { op: 'choose', requestId: 'wu-consent-1', caseId, hearingId: H, choice: 'online', textShown: NOTICE }, WU.openid),
    );
    tap(page, '.devices');
    await shows(page, '摄像头和麦克风可以使用');

    // Too early: the function's reason, in Chinese, on the page.
    await at('08:30');
    tap(page, '.check-in');
    await shows(page, '签到于开庭前 30 分钟开放');
    await at('09:05');
    tap(page, '.check-in');
    await shows(page, '已签到，您在候庭室中');

    // Not yet admitted: no ticket for the room.
    const early = renderPage('hearing/room/room');
    await shows(early, '您尚未签到或尚未被准许进入本次庭审');

    installPhone(CLERK.openid).options = { id: caseId, hearing: H };
    const clerkConsole = renderPage('hearing/console/console');
    await shows(clerkConsole, HU.name);
    tap(clerkConsole, '.admit');
    await shows(clerkConsole, '已准许进入');
    // A witness from a designated room: a missing room is refused in Chinese, then admitted.
    typeInto(clerkConsole, ['.witness-name'], { value: '钱证人' });
    tap(clerkConsole, '.add-witness');
    await shows(clerkConsole, '请填写证人所在的指定场所');
    typeInto(clerkConsole, ['.witness-room'], { value: '宁波市海曙区人民法院证人室' });
    tap(clerkConsole, '.add-witness');
    await shows(clerkConsole, '钱证人（证人）');
    expect(text(clerkConsole)).toContain('宁波市海曙区人民法院证人室');

    installPhone(presiding).options = { id: caseId, hearing: H };
    const judgeConsole = renderPage('hearing/console/console');
    await shows(judgeConsole, '宣布开庭');
    typeInto(judgeConsole, ['.assistant'], { value: '赵助理' });
    tap(judgeConsole, '.open');
    await shows(judgeConsole, '法官助理 赵助理');

    // The room: the pusher's url carries the ticket the function issued, which TRTC (the emulator's) accepts.
    const phone = installPhone(HU.openid);
    phone.options = { id: caseId, hearing: H };
    const room = renderPage('hearing/room/room');
    await shows(room, '已进入，正在传输音视频');
    const ticket = room.instance.data.ticket as { roomId: string; userId: string; privateMapKey: string };
    const trtcRoom = room.querySelector('.room');
    const url = String((trtcRoom?.instance.data.pusher as { url: string }).url);
    expect(url).toContain(`strroomid=${ticket.roomId}`);
    expect(url).toContain(`privatemapkey=${ticket.privateMapKey}`);
    expect(phone.pushers[0]?.started).toBe(1);
    expect(await operation('POST', 'trtc/enter', ticket)).toEqual({ ok: true });

    // The network drops (the pusher reports an abnormal exit): the page offers to rejoin, with a new ticket.
    trtcRoom?.instance.onPusherState?.({ detail: { code: 1019, message: 'exit room abnormally' } });
    await shows(room, '网络中断不视为拒不到庭');
    tap(room, '.rejoin-dropped');
    await until(() => phone.pushers.some((p) => p.started > 1) && !text(room).includes('网络中断'));
    expect(Math.max(...phone.pushers.map((p) => p.started))).toBeGreaterThan(1);
    expect(text(room)).toContain('已进入，正在传输音视频');
    tap(room, '.leave');
    await shows(room, '您已离开庭审室');

    // The clerk's console: a stage, the drop logged and rejoined, the recording marks, the close.
    installPhone(CLERK.openid).options = { id: caseId, hearing: H };
    const running = renderPage('hearing/console/console');
    await shows(running, '庭审中');
    tap(running, '.rec-start');
    await shows(running, '开始录音录像');
    tap(running, '.stage-investigation');
    await shows(running, '进入法庭调查');
    tap(running, '.drop');
    await shows(running, `${HU.name} 断线（网络故障）`);
    // Recording an absence (在线诉讼规则 第二十五条第二款) is the panel's, not the clerk's: the reason in Chinese.
    tap(running, '.no-show');
    await shows(running, '本操作须由审判长或合议庭成员办理');
    tap(running, '.rejoined');
    await shows(running, '已重新进入');
    tap(running, '.rec-stop');
    await shows(running, '停止录音录像');
    tap(running, '.close');
    await shows(running, '当事人应于 2026-03-11 前签名确认笔录');
  });

  it('the transcript: a correction asked and decided, the refusal without a reason refused in Chinese, and Mr Hu signs with a drawn signature and a face check', async () => {
    await heldHearing();
    const hu = installPhone(HU.openid);
    hu.options = { id: caseId, hearing: H };
    const reading = renderPage('hearing/transcript/transcript');
    await shows(reading, '被告欠货款50万元');
    expect(text(reading)).toContain('请于 2026-03-11 前阅读并签名');
    typeInto(reading, ['.correction-text'], { value: '原告陈述应为“货款共计50万元，已多次催告”' });
    tap(reading, '.ask-correction');
    await shows(reading, '已多次催告');

    installPhone(CLERK.openid).options = { id: caseId, hearing: H };
    const keeping = renderPage('hearing/transcript/transcript');
    await shows(keeping, '不予补正');
    tap(keeping, '.refuse');
    await shows(keeping, '请说明理由');
    tap(keeping, '.accept');
    await shows(keeping, '已采纳');
    typeInto(keeping, ['.draft'], { value: '书记员：宣布法庭纪律。\n原告：货款共计50万元，已多次催告。' });
    tap(keeping, '.save');
    await shows(keeping, '第 2 版');

    // Mr Hu signs version 2: without a drawing first, then with one.
    const signer = installPhone(HU.openid);
    signer.options = { id: caseId, hearing: H };
    const signing = renderPage('hearing/transcript/transcript');
    await shows(signing, '第 2 版');
    tap(signing, '.sign-button');
    await shows(signing, '请先在签名板上手写签名');
    const pad = signing.querySelector('.signature');
    await pad?.instance.onStart?.({ touches: [{ x: 10, y: 10 }] });
    await pad?.instance.onMove?.({ touches: [{ x: 80, y: 40 }] });
    tap(signing, '.sign-button');
    await until(() => signer.toasts.includes('签名成功'));
    expect(signer.toasts).toContain('签名成功');
    expect(text(signing)).toContain(`${HU.name} · 第 2 版`);
    const after = ok(await callFunction('transcript', { op: 'read', requestId: 'wu-read-1', caseId, hearingId: H }, WU.openid));
    expect(after.unsigned).toEqual([WU.name]);
  });
});
