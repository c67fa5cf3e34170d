/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { facePurposes } from '#domain/e-signature';
import { callFunction, ok, operation, resetEmulator } from '../support/emulator';
import { MEDIATOR, mediatorProfile, OFFICE, seedMediationStaff, uploadToMediation } from '../support/mediation';
import { installPhone, renderPage, shows, tap, text, typeInto, until } from '../support/miniprogram';
import { faceCheckOnPhone, HU, JUDGES, residentId, seedCourts, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

const NUMBER = '（2026）粤0106民诉前调1号';

beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await seedMediationStaff(db);
  await verify(HU);
  await verify(WU);
  await verify({ ...MEDIATOR, idNumber: residentId('44010619800101101') });
  ok(await callFunction('mediator-roster', mediatorProfile('roster-0001'), OFFICE.openid));
});

let checks = 0;
/** Signs the agreement through the function, as another person's phone would. */
async function signs(openid: string, mediationId: string, sha256: string): Promise<void> {
  checks += 1;
  const started = ok(
    await callFunction('identity-verify', { op: 'check', requestId: `agreement-face-${checks}`, purpose: facePurposes.signature(sha256) }, openid),
  );
  if (started.op !== 'check') throw new Error('no face check');
  await faceCheckOnPhone(started.verifyId, openid);
  const signature = await uploadToMediation(openid, '签名.png', Buffer.from(`signature of ${openid}`));
  ok(
    await callFunction(
      'mediation-agreement',
      { op: 'sign', requestId: `agreement-sign-${checks}`, mediationId, sha256, signature, verifyId: started.verifyId },
      openid,
    ),
  );
}

/** The page's id of the mediation it shows or made. */
const mediationIdOf = (page: { instance: { data: Record<string, unknown> } }) => String((page.instance.data.result as { mediationId: string }).mediationId);

describe('mediation pages', () => {
  it('Mr Hu applies before suing; the office designates from the roster; the mediator accepts, Mr Wu agrees; a caucus sealed from Mr Wu; the agreement drafted, signed and confirmed', async () => {
    // Apply: without ticking consent the function's Chinese reason shows; then the application.
    const hu = installPhone(HU.openid);
    const apply = renderPage('mediation/apply/apply');
    await shows(apply, '广州市天河区人民法院');
    typeInto(apply, ['.court'], { value: 'gz-tianhe' });
    typeInto(apply, ['.cause'], { value: '买卖合同纠纷' });
    typeInto(apply, ['.summary'], { value: '吴海涛购买服装一批，尚欠货款五十万元未付。' });
    typeInto(apply, ['.amount'], { fen: 50_000_000 });
    typeInto(apply, ['.respondent-name'], { value: WU.name });
    typeInto(apply, ['.respondent-id'], { value: WU.idNumber });
    typeInto(apply, ['.respondent-mobile'], { value: '13900139000' });
    typeInto(apply, ['.mobile'], { value: '13800138000' });
    hu.pick = { name: '送货单.pdf', content: '%PDF-1.4 delivery note' };
    tap(apply, '.add-material');
    await shows(apply, '送货单.pdf');
    tap(apply, '.submit');
    await shows(apply, '申请在线调解须同意在线调解规则');
    typeInto(apply, ['.consent'], { checked: true });
    typeInto(apply, ['.address'], { checked: true });
    tap(apply, '.submit');
    await shows(apply, NUMBER);
    expect(text(apply)).toContain(NUMBER);
    const id = mediationIdOf(apply);

    // The office screens it on the mediation page and designates from the roster, whose profiles are public.
    installPhone(OFFICE.openid).options = { id };
    const screening = renderPage('mediation/mediation/mediation');
    await shows(screening, '审查申请');
    tap(screening, '.screen-accept');
    await shows(screening, '选定调解员');
    const roster = renderPage('mediation/roster/roster');
    await shows(roster, MEDIATOR.name);
    expect(text(roster)).toContain('特邀调解员');
    expect(text(roster)).toContain('免费 · 邀请法院：广州市天河区人民法院');
    tap(roster, '.pick');
    await shows(roster, `已指定调解员 ${MEDIATOR.name}`);

    // The mediator's workbench has it; he accepts on the mediation page.
    installPhone(MEDIATOR.openid).options = { id };
    const bench = renderPage('mediation/workbench/workbench');
    await until(() => (bench.instance.data.rows as unknown[]).length > 0);
    expect(bench.instance.data.rows).toEqual([expect.objectContaining({ mediationId: id, stage: 'pre-filing', state: 'awaiting-acceptance' })]);
    const accepting = renderPage('mediation/mediation/mediation');
    await shows(accepting, '是否接受调解');
    tap(accepting, '.accept');
    await shows(accepting, '待被申请人同意');

    // Mr Wu, named by Mr Hu, agrees from the page his invitation opens.
    installPhone(WU.openid).options = { id };
    const respond = renderPage('mediation/apply/apply');
    await shows(respond, '邀请您参加在线调解');
    typeInto(respond, ['.address'], { checked: true });
    tap(respond, '.agree');
    await shows(respond, '您已同意在线调解');

    // A caucus with Mr Hu alone (背靠背): he speaks; Mr Wu cannot see it.
    const mediator = installPhone(MEDIATOR.openid);
    mediator.options = { id };
    const conducting = renderPage('mediation/mediation/mediation');
    await shows(conducting, '开始调解');
    typeInto(conducting, ['.caucus'], { value: '0' });
    tap(conducting, '.open-session');
    await until(() => mediator.navigations.length > 0);
    expect(mediator.navigations[0]).toContain('/mediation/session/session?id=');
    const sessionId = new URLSearchParams(String(mediator.navigations[0]).split('?')[1]).get('session') ?? '';
    installPhone(HU.openid).options = { id, session: sessionId };
    const caucus = renderPage('mediation/session/session');
    await shows(caucus, `背靠背：调解员与${HU.name}`);
    expect(text(caucus)).toContain('第十八条');
    typeInto(caucus, ['.say-text'], { value: '四十五万我可以接受。' });
    tap(caucus, '.say');
    await shows(caucus, '四十五万我可以接受。');
    installPhone(WU.openid).options = { id, session: sessionId };
    const sealed = renderPage('mediation/session/session');
    await shows(sealed, '背靠背调解仅对调解员和该方当事人开放');
    expect(text(sealed)).not.toContain('四十五万');

    // A video session: Mr Hu's face check for this session, then the room with the ticket it gives.
    const online = ok(await callFunction('mediation-session', { op: 'open', requestId: 'session-online', mediationId: id, mode: 'online' }, MEDIATOR.openid));
    const huPhone = installPhone(HU.openid);
    huPhone.options = { id, session: online.sessionId ?? '' };
    const video = renderPage('mediation/session/session');
    await shows(video, '人脸识别后进入视频调解');
    tap(video, '.join');
    await shows(video, '已进入，正在传输音视频');
    expect(await operation('POST', 'trtc/enter', video.instance.data.ticket)).toEqual({ ok: true });

    // The mediator drafts from structured terms; Mr Hu reads and signs with a drawn signature and a face check.
    installPhone(MEDIATOR.openid).options = { id };
    const drafting = renderPage('mediation/agreement/agreement');
    await shows(drafting, '拟定调解协议');
    typeInto(drafting, ['.facts'], { value: '买卖合同货款纠纷' });
    typeInto(drafting, ['.term-amount-0'], { fen: 45_000_000 });
    drafting.instance.onTerm?.({ currentTarget: { dataset: { index: 0, field: 'dueOn' } }, detail: { value: '2026-04-30' } });
    tap(drafting, '.draft-button');
    await shows(drafting, '调解协议（第 1 版）');
    expect(text(drafting)).toContain('吴海涛向胡建国支付450000元，于2026-04-30前付清');

    const signer = installPhone(HU.openid);
    signer.options = { id };
    const signing = renderPage('mediation/agreement/agreement');
    await shows(signing, '同意以上内容，签名');
    const pad = signing.querySelector('.signature');
    await pad?.instance.onStart?.({ touches: [{ x: 10, y: 10 }] });
    await pad?.instance.onMove?.({ touches: [{ x: 90, y: 30 }] });
    tap(signing, '.sign-button');
    await until(() => signer.toasts.includes('签名成功'));
    expect(signer.toasts).toContain('签名成功');
    expect(text(signing)).toContain(`已签名：${HU.name}`);
    const sha256 = String((signing.instance.data.m as { agreement: { sha256: string } }).agreement.sha256);
    await signs(WU.openid, id, sha256);
    await signs(MEDIATOR.openid, id, sha256);

    // Judicial confirmation: Mr Hu applies on the page, Mr Wu by his phone; a judge accepts and rules it valid.
    installPhone(HU.openid).options = { id };
    const applying = renderPage('mediation/confirm/confirm');
    await shows(applying, '申请司法确认');
    tap(applying, '.apply');
    await shows(applying, `已申请：${HU.name}`);
    ok(await callFunction('mediation-confirm', { op: 'apply', requestId: 'confirm-wu', mediationId: id }, WU.openid));
    installPhone(JUDGES[1]?.openid ?? '').options = { id };
    const court = renderPage('mediation/confirm/confirm');
    await shows(court, '受理审查');
    tap(court, '.accept');
    await shows(court, '已受理，案号 （2026）粤0106民特1号');
    tap(court, '.valid');
    await shows(court, '裁定调解协议有效');
    installPhone(WU.openid).options = { id };
    const ruled = renderPage('mediation/confirm/confirm');
    await shows(ruled, '调解协议有效，可以向人民法院申请强制执行');
  });
});
