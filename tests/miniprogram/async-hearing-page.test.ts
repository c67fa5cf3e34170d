/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { callFunction, ok, resetEmulator } from '../support/emulator';
import { recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { assignedHuCase, seedManagement, today } from '../support/management';
import { installPhone, renderPage, settle, tap, text, typeInto, until } from '../support/miniprogram';
import { CLERK, HU, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

describe('非同步审理 page', () => {
  it('a party applies, the other consents, the judge sets the windows and approves, a party records a stage; errors in Chinese', async () => {
    await resetEmulator();
    await seedManagement(db);
    await verify(WU);
    const { caseId, caseNumber, presiding } = await assignedHuCase({ procedure: 'simplified' });
    const joined = ok(await callFunction('case-join', await wuJoinsFor('wu-join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid));
    if (joined.awaitingExamination) await recogniseRepresentative(caseId, CLERK.openid);
    ok(
      await callFunction(
        'hearing-schedule',
        { requestId: 'schedule-0001', caseId, startsAt: '2026-03-06T09:30:00+08:00', place: { kind: 'online' } },
        CLERK.openid,
      ),
    );
    const options = { id: caseId, hearing: 'hearing-1' };

    // Mr Hu: an empty application is refused with the field's Chinese message; then he applies.
    const hu = installPhone(HU.openid);
    hu.options = options;
    let page = renderPage('hearing/async/async');
    await until(() => text(page).includes('尚未申请非同步审理'));
    tap(page, '.apply-button');
    await until(() => text(page).includes('请填写书面申请'));
    typeInto(page, ['.application'], { value: '双方分处宁波和广州，同时在线确有困难，申请非同步审理。' });
    typeInto(page, ['.difficulty'], { value: '工作时间无法同时在线' });
    tap(page, '.apply-button');
    await until(() => text(page).includes('已申请，等待各方同意'));

    // The company's representative consents, having read the notice.
    installPhone(WU.openid).options = options;
    page = renderPage('hearing/async/async');
    await until(() => text(page).includes('非同步审理告知'));
    tap(page, '.consent-button');
    await until(() => text(page).includes('各方均已同意，等待法院决定'));

    // The presiding judge: the conditions confirmed, two stages' windows, approved.
    installPhone(presiding).options = options;
    page = renderPage('hearing/async/async');
    await until(() => text(page).includes('准许非同步审理'));
    typeInto(page, ['.undisputed'], { checked: true });
    const pick = (selector: string, index: number, value: string) =>
      (page.querySelectorAll(selector)[index] as unknown as { dispatchEvent(name: string, init: unknown): void }).dispatchEvent('change', {
        detail: { value },
      });
    pick('.window__from', 0, '2026-03-03');
    pick('.window__to', 0, '2026-03-04');
    pick('.window__from', 2, '2026-03-05');
    pick('.window__to', 2, '2026-03-06');
    typeInto(page, ['.reason'], { value: '主要事实和证据无争议，各方均同意' });
    await settle();
    tap(page, '.approve');
    await until(() => text(page).includes('法院已准许'));
    expect(text(page)).toContain('2026-03-03 至 2026-03-04');
    expect(text(page)).toContain('尚未上传：当事人1、当事人2');

    // Mr Hu records the investigation with the camera on its first day.
    await today('2026-03-03');
    const phone = installPhone(HU.openid);
    phone.options = options;
    phone.media = { content: 'mp4 video of Mr Hu, investigation', fileType: 'video' };
    page = renderPage('hearing/async/async');
    await until(() => text(page).includes('录制并上传'));
    tap(page, '.record');
    await until(() => text(page).includes('尚未上传：当事人2'));
    expect(phone.toasts).toContain('录像已上传');
  });
});
