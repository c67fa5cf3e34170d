/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { callFunction, resetEmulator } from '../support/emulator';
import { acceptedHuCase, wuJoinsFor } from '../support/filing';
import { installPhone, renderPage, settle, tap, tapNode, text, typeInto, until } from '../support/miniprogram';
import { CLERK, HU, LIN, REGISTRAR, seedCourts, upload, verify, verifyApprovedLawyer, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
});

/** Step 1 of the wizard as Mr Hu's complaint fills it: the court, the cause, Mr Hu and the trading company. */
function fillParties(page: ReturnType<typeof renderPage>, uscc = '91350100M000100Y43'): void {
  typeInto(page, ['.court'], { value: 'gz-tianhe' });
  typeInto(page, ['.cause'], { value: '买卖合同纠纷' });
  typeInto(page, ['.party-0', '.party-name'], { value: HU.name });
  typeInto(page, ['.party-0', '.party-id'], { value: HU.idNumber });
  typeInto(page, ['.party-0', '.party-address'], { value: '浙江省宁波市江北区人民路88号' });
  typeInto(page, ['.party-1', '.party-name'], { value: '广州某贸易有限公司' });
  typeInto(page, ['.party-1', '.party-uscc'], { value: uscc });
  typeInto(page, ['.party-1', '.party-rep'], { value: '吴海涛' });
  typeInto(page, ['.party-1', '.party-address'], { value: '广东省广州市天河区天河路385号' });
}

const FACTS = '原告于2025年向被告供应服装一批，货款共计500000元，被告收货后经多次催告仍未支付。';

describe('real-name verification', () => {
  it('checks the ID number as it is typed, then verifies by face', async () => {
    installPhone(HU.openid);
    const page = renderPage('litigation/verify/verify');
    typeInto(page, ['.name'], { value: HU.name });
    typeInto(page, ['.id-number'], { value: '330203198003051230' });
    await settle();
    expect(text(page)).toContain('校验位不正确');
    typeInto(page, ['.id-number'], { value: HU.idNumber });
    tap(page, '.verify');
    await until(() => text(page).includes('已完成实名认证'));
    expect(text(page)).toContain(`已完成实名认证：胡建国（${HU.idNumber.slice(0, 6)}********${HU.idNumber.slice(14)}）`);
  });
});

describe('filing wizard', () => {
  it('walks Mr Hu through the five steps; the filing then appears in his cases', async () => {
    await verify(HU);
    const phone = installPhone(HU.openid);
    const page = renderPage('litigation/filing/filing');
    await until(() => (page.instance.data.courts as unknown[]).length > 0);

    tap(page, '.next');
    await settle();
    expect(text(page)).toContain('请选择法院');

    fillParties(page, '91350100M000100Y44');
    await settle();
    expect(text(page)).toContain('统一社会信用代码校验位不正确');
    typeInto(page, ['.party-1', '.party-uscc'], { value: '91350100M000100Y43' });
    tap(page, '.next');
    await settle();

    typeInto(page, ['.claim-text-0'], { value: '判令被告支付货款500000元' });
    typeInto(page, ['.claim-amount-0'], { fen: 50_000_000 });
    typeInto(page, ['.facts'], { value: FACTS });
    tap(page, '.save-draft');
    await until(() => phone.toasts.includes('草稿已保存'));
    tap(page, '.next');
    await settle();

    phone.pick = { name: '送货单.pdf', content: '%PDF-1.4 delivery note' };
    tap(page, '.add-evidence');
    await until(() => text(page).includes('100%'));
    tap(page, '.next');
    await settle();

    typeInto(page, ['.service-mobile'], { value: '13800138000' });
    tap(page, '.next');
    await until(() => text(page).includes('预计诉讼费'));
    expect(text(page)).toContain('预计诉讼费：8,800.00 元');

    tap(page, '.submit');
    await until(() => text(page).includes('立案申请已提交'));
    expect(text(page)).toContain('法院将在 2026-03-09 前完成审查');

    const cases = renderPage('litigation/cases/cases');
    tap(cases, '.tab-filings');
    await until(() => text(cases).includes('待审查'));
    expect(text(cases)).toContain('买卖合同纠纷');
  });
});

describe('a lawyer files for a client', () => {
  it('uploads the power of attorney and files as the plaintiff’s agent', async () => {
    const lawyer = LIN;
    await verifyApprovedLawyer(db);
    const phone = installPhone(lawyer.openid);
    const page = renderPage('litigation/filing/filing');
    await until(() => Boolean(page.instance.data.lawyer));
    typeInto(page, ['.as-agent'], { checked: true });
    phone.pick = { name: '授权委托书.pdf', content: '%PDF-1.4 power of attorney' };
    tap(page, '.add-poa');
    await until(() => text(page).includes('已上传授权委托书'));
    fillParties(page);
    tap(page, '.next');
    await settle();
    typeInto(page, ['.claim-text-0'], { value: '判令被告支付货款500000元' });
    typeInto(page, ['.facts'], { value: FACTS });
    tap(page, '.next');
    await settle();
    tap(page, '.next');
    await settle();
    typeInto(page, ['.service-mobile'], { value: '13900139000' });
    tap(page, '.next');
    await until(() => text(page).includes('预计诉讼费'));
    tap(page, '.submit');
    await until(() => text(page).includes('立案申请已提交'));
    const filings = (await db.collection('filings').get()) as unknown as { data: { members: unknown[]; agent: { name: string } }[] };
    expect(filings.data[0]).toMatchObject({ members: [{ openid: lawyer.openid, role: 'agent', for: '0' }], agent: { name: lawyer.name } });
  });
});

describe('case detail, payment, dossier, inbox and messages', () => {
  let caseId: string;
  beforeEach(async () => {
    await verify(HU);
    ({ caseId } = await acceptedHuCase());
  });

  it('pays the fee with WeChat Pay and the case moves on', async () => {
    const phone = installPhone(HU.openid);
    phone.options = { id: caseId };
    const page = renderPage('litigation/case/case');
    await until(() => text(page).includes('待缴纳'));
    expect(text(page)).toContain('诉讼费 8,800.00 元，缴费截止 2026-03-09');
    tap(page, '.pay');
    await until(() => text(page).includes('已缴纳'));
    expect(phone.toasts).toContain('缴费成功');
    expect(text(page)).toContain('缴纳诉讼费');
    expect(text(page)).toContain('全程留痕：记录已校验');
  });

  it('reads the acceptance notice in the dossier', async () => {
    const phone = installPhone(HU.openid);
    phone.options = { id: caseId };
    const page = renderPage('litigation/dossier/dossier');
    await until(() => text(page).includes('受理案件通知书'));
    const first = page.querySelectorAll('.document')[0];
    if (first) tapNode(first);
    // The notice is shown as rich text: its HTML, rendered from the case.
    await until(() => String(page.instance.data.html).includes('决定立案审理'));
    expect(String(page.instance.data.html)).toContain('（2026）粤0106民初1号');
  });

  it('receives a served document and the read is recorded', async () => {
    const assigned = await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid);
    if (!assigned.result.ok) throw new Error('assignment failed');
    const file = await upload(CLERK.openid, '民事调解书.pdf', '%PDF-1.4 mediation');
    await callFunction('service-send', { requestId: 'serve-0001', caseId, document: { title: '民事调解书', file } }, CLERK.openid);
    const phone = installPhone(HU.openid);
    const page = renderPage('litigation/inbox/inbox');
    await until(() => text(page).includes('民事调解书'));
    expect(text(page)).toContain('未阅读');
    const item = page.querySelectorAll('.service')[0];
    if (item) tapNode(item);
    await until(() => text(page).includes('已阅读'));
    expect(phone.opened.length).toBe(1);
  });

  it('writes to the judge; a risky message is refused with its Chinese message', async () => {
    const phone = installPhone(HU.openid);
    phone.options = { id: caseId };
    const page = renderPage('litigation/messages/messages');
    await settle();
    typeInto(page, ['.compose'], { value: '法官您好，我在宁波，申请在线开庭。' });
    tap(page, '.send');
    await until(() => text(page).includes('申请在线开庭'));
    typeInto(page, ['.compose'], { value: '可以帮你办假证' });
    tap(page, '.send');
    await until(() => text(page).includes('不当信息'));
    expect(text(page)).toContain('留言内容含有不当信息，请修改后再发送');
    expect(text(page)).not.toContain('INVALID_INPUT');
  });
});

describe('who acts for the company, and the whole record', () => {
  it('the clerk recognises the company’s representative from his papers; Mr Hu checks every record of his case', async () => {
    await verify(HU);
    await verify(WU);
    const { caseId, caseNumber } = await acceptedHuCase();
    const assigned = await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid);
    if (!assigned.result.ok) throw new Error('assignment failed');
    const joined = await callFunction('case-join', await wuJoinsFor('join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid);
    if (!joined.result.ok) throw new Error('joining failed');

    const clerkPhone = installPhone(CLERK.openid);
    clerkPhone.options = { id: caseId };
    const clerkPage = renderPage('litigation/case/case');
    await until(() => text(clerkPage).includes('证明材料待审核'));
    expect(text(clerkPage)).toContain('广州某贸易有限公司：吴海涛（法定代表人）');
    tap(clerkPage, '.examine-accept');
    await until(() => clerkPhone.toasts.includes('已认可'));
    await until(() => text(clerkPage).includes('已审核'));
    expect(clerkPage.querySelectorAll('.examine-accept')).toHaveLength(0);

    const phone = installPhone(HU.openid);
    phone.options = { id: caseId };
    const page = renderPage('litigation/case/case');
    await until(() => text(page).includes('全程留痕：记录已校验'));
    // A party examines nothing.
    expect(page.querySelectorAll('.examine-accept')).toHaveLength(0);
    tap(page, '.verify-chain');
    await until(() => text(page).includes('已核验全部'));
    // Filed, accepted, assigned, joined, examined.
    expect(text(page)).toContain('已核验全部 5 条记录，均未被改动');
  });
});

describe('what the phone sends through wx.cloud: its uploads under the storage rules', () => {
  it('a page’s upload lands in the phone’s own uploads/<openid>/ folder, and one into another’s folder is refused, storing nothing', async () => {
    installPhone(HU.openid);
    const wx = (globalThis as unknown as { wx: { cloud: { uploadFile(o: { cloudPath: string; filePath: string }): Promise<{ fileID: string }> } } }).wx;
    const own = await wx.cloud.uploadFile({ cloudPath: `uploads/${HU.openid}/起诉状.pdf`, filePath: 'wxfile://tmp/none' });
    expect(own.fileID).toContain(`uploads/${HU.openid}/`);
    await expect(wx.cloud.uploadFile({ cloudPath: `uploads/${WU.openid}/起诉状.pdf`, filePath: 'wxfile://tmp/none' })).rejects.toThrow(/permission denied/);
    await expect(wx.cloud.uploadFile({ cloudPath: 'cases/any/evidence/x.pdf', filePath: 'wxfile://tmp/none' })).rejects.toThrow(/permission denied/);
    const stored = (await cloud.getTempFileURL({ fileList: [own.fileID.replace(HU.openid, WU.openid)] })) as { fileList: { status: number }[] };
    expect(stored.fileList[0]?.status).not.toBe(0);
  });
});
