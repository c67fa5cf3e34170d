/**
 * @jest-environment ./tests/support/jsdom-environment.js
 */
import cloud from 'wx-server-sdk';
import { callFunction, ok, operation, resetEmulator } from '../support/emulator';
import { recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { installPhone, renderPage, shows, tap, tapNode, text, typeInto, until } from '../support/miniprogram';
import { assignedHuCase, mediatedBySeed, PRESIDENT, seedManagement, today } from '../support/management';
import { CLERK, HU, LIN, REGISTRAR, verify, verifyApprovedLawyer, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

const SECRET = '被告关于质量异议的抗辩不能成立，应支持原告全部诉讼请求';
const JUDGMENT = [
  '广州市天河区人民法院民事判决书',
  '原告：胡建国，男，住浙江省宁波市江北区人民路88号。',
  '原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，本院依法审理终结。',
  '判决如下：被告于本判决生效之日起十日内向原告支付货款500000元。案件受理费8800元，由被告负担。',
].join('\n');

/** The home page's entries, in order. */
const entriesOf = (page: { instance: { data: Record<string, unknown> } }) => (page.instance.data.entries as { text: string }[]).map((e) => e.text);

/** Mr Hu's case with the company answering through Mr Wu, its legal representative. */
async function caseWithBothSides(): Promise<{ caseId: string; caseNumber: string; presiding: string }> {
  const assigned = await assignedHuCase();
  await verify(WU);
  const joined = ok(
    await callFunction('case-join', await wuJoinsFor('join-wu-0001', assigned.caseNumber, { consent: true, addressConfirmed: false }), WU.openid),
  );
  if (joined.awaitingExamination) await recogniseRepresentative(assigned.caseId, CLERK.openid);
  return assigned;
}

beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
});

describe('合议 and 审限 pages', () => {
  it('the panel records a note that the party never sees; the judge asks an extension and records a period not counted, the president approves both in the inbox, the party sees them', async () => {
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
    // And a period not counted: the appraisal (民诉法解释 第二百四十三条).
    typeInto(limit, ['.kind'], { value: 'exclusion' });
    typeInto(limit, ['.type'], { value: 'appraisal' });
    typeInto(limit, ['.from'], { value: '2026-04-01' });
    typeInto(limit, ['.to'], { value: '2026-05-16' });
    typeInto(limit, ['.reasons'], { value: '委托司法鉴定' });
    tap(limit, '.request-button');
    await shows(limit, '扣除审限：鉴定期间 2026-04-01 至 2026-05-16');

    // The president decides in the inbox: a refusal needs a reason; then approval.
    await today('2026-08-20');
    const president = installPhone(PRESIDENT.openid);
    const home = renderPage('pages/index/index');
    await until(() => entriesOf(home)[0] === '审限审批');
    tapNode(home.querySelectorAll('.entry')[0] as Parameters<typeof tapNode>[0]);
    expect(president.navigations).toEqual(['/management/approvals/approvals']);
    const inbox = renderPage('management/approvals/approvals');
    await shows(inbox, caseNumber);
    tap(inbox, '.refuse');
    await shows(inbox, '不批准须写明理由');
    tap(inbox, '.approve');
    await until(() => (inbox.instance.data.requests as unknown[]).length === 1);
    tap(inbox, '.approve');
    await shows(inbox, '审限届满日为 2027-04-16');
    expect(text(inbox)).toContain('没有待审批的事项');

    // Mr Hu sees the extension on the limit page (延长审限规定 第七条), not the request.
    installPhone(HU.openid).options = { id: caseId };
    const shown = renderPage('management/limit/limit');
    await shows(shown, '2027-04-16');
    expect(text(shown)).toContain('2026-08-20 本院院长批准延长 6 个月');
    expect(text(shown)).toContain('鉴定期间：2026-04-01 至 2026-05-16，扣除 45 日');
    expect(text(shown)).not.toContain('案情复杂');
    expect(shown.querySelector('.request-button')).toBeFalsy();
  });
});

describe('审限 page under simplified procedure', () => {
  it('the judge changes it to ordinary procedure: the limit keeps its start, the other half of the fee is asked within 7 days', async () => {
    const { caseId, presiding } = await assignedHuCase({ procedure: 'simplified' });
    await today('2026-03-20');
    installPhone(presiding).options = { id: caseId };
    const limit = renderPage('management/limit/limit');
    await shows(limit, '简易程序转为普通程序');
    expect(text(limit)).toContain('2026-06-02');
    tap(limit, '.convert-button');
    await shows(limit, '请写明理由');
    typeInto(limit, ['.convert-reasons'], { value: '案情复杂，不宜适用简易程序' });
    tap(limit, '.convert-button');
    await shows(limit, '2026-03-20 由简易程序转为普通程序');
    expect(text(limit)).toContain('原告应于 2026-03-27 前补交诉讼费');
    expect(text(limit)).toContain('2026-09-02');
    expect(limit.querySelector('.convert-button')).toBeFalsy();
  });
});

describe('结案、上诉 and 裁判文书公开 pages', () => {
  it('the judge closes with a judgment; a party late to appeal is told so; the president publishes it; the public finds it without login', async () => {
    const { caseId, caseNumber, presiding } = await caseWithBothSides();
    await today('2026-06-03');

    const judge = installPhone(presiding);
    judge.options = { id: caseId };
    const closing = renderPage('management/closing/closing');
    await shows(closing, '审结报结');
    // Without the decision the function's Chinese reason shows, and nothing is closed.
    tap(closing, '.close-button');
    await shows(closing, '请按提示修改');
    typeInto(closing, ['.title'], { value: '民事判决书' });
    typeInto(closing, ['.issued-on'], { value: '2026-06-03' });
    typeInto(closing, ['.text'], { value: JUDGMENT });
    typeInto(closing, ['.share-1'], { fen: 880_000 });
    judge.pick = { name: '判决书.pdf', content: '%PDF-1.4 judgment of the case' };
    tap(closing, '.pick-decision');
    await shows(closing, '判决书.pdf');
    tap(closing, '.close-button');
    await shows(closing, '宣判之日');
    expect(text(closing)).toContain('民事判决书（2026-06-03）');
    expect(text(closing)).toContain('广州某贸易有限公司 负担 8,800.00 元');
    expect(text(closing)).toMatch(/SHA-256 [0-9a-f]{64}/);

    // Served: Mr Hu at once, Mr Wu when he reads it on 06-05.
    const documentId = String((closing.instance.data.shown as { closing: { decision: { documentId: string } } }).closing.decision.documentId);
    ok(await callFunction('service-send', { requestId: 'serve-0001', caseId, documentId }, CLERK.openid));
    await today('2026-06-05');
    const served = ok(await callFunction('service-inbox', {}, WU.openid)).items.find((i) => i.title === '民事判决书');
    ok(await callFunction('service-read', { requestId: 'read-0001', serviceId: served?.serviceId ?? '' }, WU.openid));
    // Mr Wu's case page lists his own appeal period with its article, and not Mr Hu's.
    const wu = installPhone(WU.openid);
    wu.options = { id: caseId };
    const wuCase = renderPage('litigation/case/case');
    await shows(wuCase, '广州某贸易有限公司上诉期限届满');
    expect(text(wuCase)).toContain('2026-06-22（剩17天）');
    expect(text(wuCase)).toContain('民事诉讼法 第一百七十一条');
    expect(text(wuCase)).not.toContain('胡建国上诉期限届满');

    // Mr Hu, from his case page, on 06-19: his own period ended on 06-18.
    await today('2026-06-19');
    const hu = installPhone(HU.openid);
    hu.options = { id: caseId };
    const huCase = renderPage('litigation/case/case');
    await shows(huCase, caseNumber);
    tap(huCase, '.open-closing');
    expect(hu.navigations).toContain(`/management/closing/closing?id=${caseId}`);
    const huClosing = renderPage('management/closing/closing');
    await shows(huClosing, '上诉期至 2026-06-18');
    typeInto(huClosing, ['.appeal-reasons'], { value: '一审判决认定事实不清，请求改判。' });
    hu.pick = { name: '上诉状.pdf', content: '%PDF-1.4 appeal petition' };
    tap(huClosing, '.pick-petition');
    await shows(huClosing, '上诉状.pdf');
    tap(huClosing, '.appeal-button');
    await shows(huClosing, '上诉期间已于 2026-06-18 届满');

    // Effective on 06-23; the president checks the anonymised text and publishes it.
    await today('2026-06-23');
    installPhone(PRESIDENT.openid).options = { id: caseId };
    const review = renderPage('management/closing/closing');
    await shows(review, '2026-06-23 发生法律效力');
    tap(review, '.preview');
    await shows(review, '核对无误');
    expect(text(review)).not.toContain('人民路88号');
    tap(review, '.publish');
    await shows(review, '已在裁判文书公开平台公开');

    // Anyone, without login, from the home page: by keyword, the anonymised text.
    const visitor = installPhone('o-visitor');
    const home = renderPage('pages/index/index');
    await until(() => entriesOf(home).includes('法院信息'));
    tapNode(home.querySelectorAll('.entry')[entriesOf(home).indexOf('裁判文书')] as Parameters<typeof tapNode>[0]);
    tapNode(home.querySelectorAll('.entry')[entriesOf(home).indexOf('法院信息')] as Parameters<typeof tapNode>[0]);
    expect(visitor.navigations).toEqual(['/public/judgments/judgments', '/public/notices/notices?tab=court']);
    const search = renderPage('public/judgments/judgments');
    await shows(search, caseNumber);
    typeInto(search, ['.keyword'], { value: '离婚' });
    tap(search, '.search');
    await shows(search, '没有符合条件的裁判文书');
    typeInto(search, ['.keyword'], { value: '货款' });
    typeInto(search, ['.year'], { value: '2026' });
    tap(search, '.search');
    await shows(search, caseNumber);
    expect(text(search)).toContain('共 1 篇');
    expect(text(search)).toContain('广州市天河区人民法院');
    expect(text(search)).not.toContain('人民路88号');
  });
});

/** Mr Hu's case, assigned, its fee ordered and paid. */
async function paidHuCase() {
  const assigned = await assignedHuCase();
  ok(await callFunction('fee-order', { requestId: 'order-0001', caseId: assigned.caseId }, HU.openid));
  await operation('POST', `pay/${assigned.caseId}F1`);
  return assigned;
}

/** The judge on the closing page of Mr Hu's case, the outcome chosen and the signed ruling attached. */
async function closingForm(outcome: string, fee: 'paid' | 'unpaid' = 'paid') {
  const { caseId, presiding } = fee === 'paid' ? await paidHuCase() : await assignedHuCase();
  await today('2026-06-03');
  const judge = installPhone(presiding);
  judge.options = { id: caseId };
  const closing = renderPage('management/closing/closing');
  await shows(closing, '审结报结');
  typeInto(closing, ['.outcome'], { value: outcome });
  typeInto(closing, ['.title'], { value: '民事裁定书' });
  typeInto(closing, ['.issued-on'], { value: '2026-06-03' });
  typeInto(closing, ['.text'], { value: '原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，裁定如下。' });
  judge.pick = { name: '裁定书.pdf', content: `%PDF-1.4 ruling ${outcome}` };
  tap(closing, '.pick-decision');
  await shows(closing, '裁定书.pdf');
  return { closing, caseId, presiding };
}

describe('结案 by a ruling', () => {
  it('the judge closes on the plaintiff’s withdrawal with the ground; half the fee is refunded from the page', async () => {
    const { closing } = await closingForm('withdrawal');
    tap(closing, '.close-button');
    await shows(closing, '请写明裁定的理由');
    typeInto(closing, ['.ground'], { value: '原告申请撤诉，符合法律规定' });
    tap(closing, '.close-button');
    await shows(closing, '准予撤诉');
    expect(text(closing)).toContain('胡建国 负担 4,400.00 元');
    expect(text(closing)).toContain('应退 4,400.00 元（撤诉，减半交纳）');
    tap(closing, '.refund-button');
    await shows(closing, '已办理退费');
    expect(closing.querySelector('.refund-button')).toBeFalsy();
  });
});

describe('结案 by each other outcome the page offers', () => {
  it('按撤诉处理 for the fee never prepaid: the ground is asked for, and nothing is owed or refunded (交纳办法 第二十二条)', async () => {
    const { closing } = await closingForm('treated-withdrawn', 'unpaid');
    tap(closing, '.close-button');
    await shows(closing, '请写明裁定的理由');
    typeInto(closing, ['.ground'], { value: '原告经通知后仍未预交案件受理费，按撤诉处理' });
    tap(closing, '.close-button');
    await shows(closing, '按撤诉处理');
    expect(text(closing)).toContain('受理费 8,800.00 元，已缴 0.00 元，应负担 0.00 元');
    expect(text(closing)).toContain('民诉法解释 第二百一十三条');
    expect(text(closing)).not.toContain('应退');
    expect(closing.querySelector('.refund-button')).toBeFalsy();
  });

  it('驳回起诉: no ground field, the whole fee refunded from the page (交纳办法 第八条、第二十七条)', async () => {
    const { closing } = await closingForm('dismissal');
    expect(closing.querySelector('.ground')).toBeFalsy();
    tap(closing, '.close-button');
    await shows(closing, '驳回起诉');
    expect(text(closing)).toContain('应负担 0.00 元');
    expect(text(closing)).toContain('应退 8,800.00 元（驳回起诉，退还受理费）');
    tap(closing, '.refund-button');
    await shows(closing, '已办理退费');
  });

  it('移送: the receiving court is asked for; the prepaid fee goes with the case (交纳办法 第二十四条)', async () => {
    const { closing } = await closingForm('transfer');
    tap(closing, '.close-button');
    await shows(closing, '请填写受移送的法院');
    typeInto(closing, ['.transfer-to'], { value: '广州市越秀区人民法院' });
    tap(closing, '.close-button');
    await shows(closing, '诉讼费用交纳办法 第二十四条');
    expect(text(closing)).toContain('移送');
    expect(text(closing)).toContain('应负担 0.00 元');
    expect(closing.querySelector('.refund-button')).toBeFalsy();
  });

  it('终结诉讼: with its ground, the fee stays on the plaintiff, nothing refunded', async () => {
    const { closing } = await closingForm('termination');
    typeInto(closing, ['.ground'], { value: '原告死亡，没有继承人，终结诉讼' });
    typeInto(closing, ['.share-0'], { fen: 880_000 });
    tap(closing, '.close-button');
    await shows(closing, '终结诉讼');
    expect(text(closing)).toContain('胡建国 负担 8,800.00 元');
    expect(text(closing)).not.toContain('应退');
  });

  it('调解: the 调解书 made effective by mediation closes the case without a document; half the fee refunded (交纳办法 第十五条)', async () => {
    const { caseId, presiding } = await paidHuCase();
    await mediatedBySeed(db, caseId, '2026-03-06');
    await today('2026-03-09');
    const judge = installPhone(presiding);
    judge.options = { id: caseId };
    const closing = renderPage('management/closing/closing');
    await shows(closing, '审结报结');
    typeInto(closing, ['.outcome'], { value: 'mediation' });
    expect(closing.querySelector('.pick-decision')).toBeFalsy();
    tap(closing, '.close-button');
    await shows(closing, '调解书送达最后一方当事人之日');
    expect(text(closing)).toContain('2026-03-06');
    expect(text(closing)).toContain('应退 4,400.00 元（调解结案，减半交纳），于 2026-03-21 前退还');
  });
});

describe('司法救助 page', () => {
  it('Mr Hu applies for exemption with proof; the court refuses without reasons only with its Chinese message, then grants it', async () => {
    const { caseId } = await assignedHuCase();
    const hu = installPhone(HU.openid);
    hu.options = { id: caseId };
    const casePage = renderPage('litigation/case/case');
    await shows(casePage, '司法救助');
    tap(casePage, '.open-aid');
    expect(hu.navigations).toContain(`/management/aid/aid?id=${caseId}`);

    const aid = renderPage('management/aid/aid');
    await shows(aid, '申请免交、减交或缓交诉讼费');
    typeInto(aid, ['.ground'], { value: 'disabled-no-income' });
    typeInto(aid, ['.facts'], { value: '本人系肢体二级残疾，无固定生活来源，依靠最低生活保障金生活。' });
    tap(aid, '.apply-button');
    await shows(aid, '请提交经济困难的证明材料');
    hu.pick = { name: '残疾人证.pdf', content: '%PDF-1.4 disability card' };
    tap(aid, '.add-proof');
    await shows(aid, '残疾人证.pdf');
    tap(aid, '.apply-button');
    await shows(aid, '残疾人无固定生活来源');
    expect(text(aid)).toContain('证明材料 1 份');

    installPhone(REGISTRAR.openid).options = { id: caseId };
    const court = renderPage('management/aid/aid');
    await shows(court, '残疾人无固定生活来源');
    tap(court, '.refuse');
    await shows(court, '不予准许');
    expect(text(court)).toContain('请按提示修改');
    tap(court, '.grant');
    await shows(court, '无需再交');
    expect(text(court)).toContain('免交诉讼费用（原应交 8,800.00 元');
  });
});

describe('诉讼代理人 page', () => {
  it('a lawyer joins for the company with its power of attorney; Mr Wu confirms it, narrows it, and ends it', async () => {
    const { caseId, caseNumber } = await caseWithBothSides();
    await verifyApprovedLawyer(db);

    // From the home page's entry, without a case: the lawyer's own application.
    const lin = installPhone(LIN.openid);
    const home = renderPage('pages/index/index');
    await until(() => entriesOf(home).includes('代理应诉'));
    tapNode(home.querySelectorAll('.entry')[entriesOf(home).indexOf('代理应诉')] as Parameters<typeof tapNode>[0]);
    expect(lin.navigations).toEqual(['/management/agents/agents']);
    const join = renderPage('management/agents/agents');
    await shows(join, '律师代理应诉');
    typeInto(join, ['.case-number'], { value: caseNumber });
    typeInto(join, ['.party-name'], { value: '广州某贸易有限公司' });
    typeInto(join, ['.power-appeal'], { checked: true });
    typeInto(join, ['.power-receive-service'], { checked: true });
    typeInto(join, ['.consent'], { checked: true });
    typeInto(join, ['.address'], { checked: true });
    tap(join, '.join-button');
    await shows(join, '请按提示修改');
    lin.pick = { name: '授权委托书.pdf', content: '%PDF-1.4 power of attorney' };
    tap(join, '.pick-power-of-attorney');
    await shows(join, '授权委托书.pdf');
    tap(join, '.join-button');
    await shows(join, '已申请作为广州某贸易有限公司的诉讼代理人（代为提起上诉、代为签收法律文书）');

    // Mr Wu, for the company, from the case page.
    const wu = installPhone(WU.openid);
    wu.options = { id: caseId };
    const casePage = renderPage('litigation/case/case');
    await shows(casePage, '诉讼代理人');
    tap(casePage, '.open-agents');
    expect(wu.navigations).toContain(`/management/agents/agents?id=${caseId}`);
    const agents = renderPage('management/agents/agents');
    await shows(agents, '待确认');
    tap(agents, '.confirm');
    await shows(agents, '代理中');
    // Appeal no longer granted: only receiving service.
    typeInto(agents, ['.power-receive-service'], { checked: true });
    tap(agents, '.change');
    await shows(agents, '代理权限：代为签收法律文书');
    expect((agents.instance.data.agencies as { powers: string[] }[])[0]?.powers).toEqual(['receive-service']);
    tap(agents, '.revoke');
    await shows(agents, '已解除');

    // The lawyer, revoked, reads nothing of the case.
    installPhone(LIN.openid).options = { id: caseId };
    const after = renderPage('management/agents/agents');
    await shows(after, '无权');
  });
});
