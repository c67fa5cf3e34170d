/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { resetEmulator } from '../support/emulator';
import { installPhone, renderPage, shows, tap, text, typeInto } from '../support/miniprogram';
import { assignedHuCase, PRESIDENT, seedManagement, today } from '../support/management';
import { HU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

const SECRET = '被告关于质量异议的抗辩不能成立，应支持原告全部诉讼请求';

beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
});

describe('合议 and 审限 pages', () => {
  it('the panel records a note that the party never sees; the judge asks an extension, the president approves it in the inbox, the party sees it', async () => {
    const { caseId, caseNumber, presiding } = await assignedHuCase();

    // The presiding judge opens the case, then the deliberation page from it.
    const judge = installPhone(presiding);
    judge.options = { id: caseId };
    const casePage = renderPage('litigation/case/case');
    await shows(casePage, '合议');
    tap(casePage, '.open-deliberation');
    expect(judge.navigations).toContain(`/management/deliberation/deliberation?id=${caseId}`);

    const deliberation = renderPage('management/deliberation/deliberation');
    await shows(deliberation, '尚无合议记录');
    // Without a question the function's Chinese reason shows.
    typeInto(deliberation, ['.note'], { value: SECRET });
    tap(deliberation, '.record');
    await shows(deliberation, '请填写合议事项');
    typeInto(deliberation, ['.question'], { value: '是否支持原告的货款请求' });
    typeInto(deliberation, ['.vote'], { value: 'agree' });
    tap(deliberation, '.record');
    await shows(deliberation, SECRET);
    expect(text(deliberation)).toContain('同意 1');
    expect(text(deliberation)).toContain('审判长');

    // Mr Hu's case page: no link to the deliberation, no word of it; the page itself is refused to him.
    const hu = installPhone(HU.openid);
    hu.options = { id: caseId };
    const huCase = renderPage('litigation/case/case');
    await shows(huCase, caseNumber);
    expect(huCase.querySelector('.open-deliberation')).toBeFalsy();
    expect(text(huCase)).not.toContain(SECRET);
    expect(text(huCase)).not.toContain('合议');
    const sealed = renderPage('management/deliberation/deliberation');
    await shows(sealed, '无权');
    expect(text(sealed)).not.toContain(SECRET);

    // The judge asks too late (14 days before expiry), then in time.
    await today('2026-08-19');
    installPhone(presiding).options = { id: caseId };
    const limit = renderPage('management/limit/limit');
    await shows(limit, '2026-09-02');
    typeInto(limit, ['.months'], { value: '6' });
    typeInto(limit, ['.reasons'], { value: '案情复杂，需补充鉴定' });
    tap(limit, '.request-button');
    await shows(limit, '15 日前（2026-08-18 前）');
    await today('2026-08-10');
    tap(limit, '.request-button');
    await shows(limit, '待审批');
    expect(text(limit)).toContain('延长审限 6 个月');

    // The president decides in the inbox: a refusal needs a reason; then approval.
    await today('2026-08-20');
    installPhone(PRESIDENT.openid);
    const inbox = renderPage('management/approvals/approvals');
    await shows(inbox, caseNumber);
    tap(inbox, '.refuse');
    await shows(inbox, '不批准须写明理由');
    tap(inbox, '.approve');
    await shows(inbox, '审限届满日为 2027-03-02');
    expect(text(inbox)).toContain('没有待审批的事项');

    // Mr Hu sees the extension on the limit page (延长审限规定 第七条), not the request.
    installPhone(HU.openid).options = { id: caseId };
    const shown = renderPage('management/limit/limit');
    await shows(shown, '2027-03-02');
    expect(text(shown)).toContain('2026-08-20 本院院长批准延长 6 个月');
    expect(text(shown)).not.toContain('案情复杂');
    expect(shown.querySelector('.request-button')).toBeFalsy();
  });
});
