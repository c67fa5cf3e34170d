import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import type { CaseRecord } from '#usecases/records';

import { callFunction, callWithAnyInput, countOf as countInDb, ok, operation, resetEmulator } from '../support/emulator';
import { recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { assignedHuCase, mediatedBySeed, OTHER_PRESIDENT, PRESIDENT, seedManagement, today } from '../support/management';
import { CLERK, HU, LIN, upload, verify, verifyApprovedLawyer, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

const JUDGMENT_TEXT = [
  '广州市天河区人民法院民事判决书',
  '原告：胡建国，男，住浙江省宁波市江北区人民路88号，公民身份号码330203198003051234。',
  '被告：广州某贸易有限公司，住所地广东省广州市天河区天河路385号。',
  '原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，本院依法审理终结。',
  '判决如下：被告于本判决生效之日起十日内向原告支付货款500000元，款项汇入账号6222020200112233445。',
  '案件受理费8800元，由被告负担。如不服本判决，可以在判决书送达之日起十五日内上诉于广东省广州市中级人民法院。',
].join('\n');

/** Mr Hu's case accepted, paid, assigned; the company joins through Mr Wu, who never confirmed his address (served when he reads). */
async function huCase(tag: string): Promise<{ caseId: string; caseNumber: string; presiding: string; clerk: string }> {
  const { caseId, caseNumber, presiding } = await assignedHuCase({ tag });
  ok(await callFunction('fee-order', { requestId: `order-${tag}`, caseId }, HU.openid));
  expect(await operation('POST', `pay/${caseId}F1`)).toMatchObject({ paid: true });
  const record = await findById<CaseRecord>(db, 'cases', caseId);
  const clerk = record?.panel?.clerk?.openid ?? CLERK.openid;
  const joined = ok(await callFunction('case-join', await wuJoinsFor(`join-${tag}`, caseNumber, { consent: true, addressConfirmed: false }), WU.openid));
  if (joined.awaitingExamination) await recogniseRepresentative(caseId, clerk, `examine-${tag}`);
  return { caseId, caseNumber, presiding, clerk };
}

async function judgmentClosed(tag: string, presiding: string, caseId: string, publication?: { kind: 'civil' }) {
  const file = await upload(presiding, `判决书-${tag}.pdf`, `%PDF-1.4 judgment ${tag}`);
  return ok(
    await callFunction(
      'case-close',
      {
        op: 'close',
        requestId: `close-${tag}`,
        caseId,
        outcome: 'judgment',
        document: { title: '民事判决书', file, text: JUDGMENT_TEXT, issuedOn: '2026-06-03' },
        obligations: [{ debtor: 1, creditor: 0, amountFen: 50_000_000 }],
        feeShares: [{ party: 1, fen: 880_000 }],
        ...(publication ? { publication } : {}),
      },
      presiding,
    ),
  );
}

/** Serves the decision on both sides: Mr Hu at once (address confirmed); Mr Wu on the day he reads it. */
async function serveBoth(caseId: string, documentId: string, clerk: string, tag: string, wuReadsOn: string, title = '民事判决书'): Promise<void> {
  ok(await callFunction('service-send', { requestId: `serve-${tag}`, caseId, documentId }, clerk));
  await today(wuReadsOn);
  const inbox = ok(await callFunction('service-inbox', {}, WU.openid));
  const serviceId = inbox.items.find((i) => i.title === title)?.serviceId ?? '';
  ok(await callFunction('service-read', { requestId: `read-${tag}`, serviceId }, WU.openid));
}

beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
  await verify(WU);
});

describe('Mr Hu’s case from acceptance to publication and enforcement', () => {
  it('closes by judgment, serves both sides on different days, takes effect, is published anonymised, found, and enforced', async () => {
    const { caseId, caseNumber, presiding, clerk } = await huCase('0001');
    await today('2026-06-03');

    // Bad input writes nothing: a judgment needs its document; a decision must be a PDF.
    const bare = await callWithAnyInput('case-close', { op: 'close', requestId: 'close-bad1', caseId, outcome: 'judgment' }, presiding);
    expect(bare.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { document: expect.any(String) } } });
    const word = await upload(presiding, '判决书.docx', 'not a pdf');
    const notPdf = await callFunction(
      'case-close',
      {
        op: 'close',
        requestId: 'close-bad2',
        caseId,
        outcome: 'judgment',
        document: { title: '民事判决书', file: word, text: JUDGMENT_TEXT, issuedOn: '2026-06-03' },
        feeShares: [{ party: 1, fen: 880_000 }],
      },
      presiding,
    );
    expect(notPdf.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { 'document.file': '裁判文书须为 PDF 文件' } } });
    const noShares = await callFunction(
      'case-close',
      {
        op: 'close',
        requestId: 'close-bad3',
        caseId,
        outcome: 'judgment',
        document: { title: '民事判决书', file: await upload(presiding, 'x.pdf', '%PDF x'), text: JUDGMENT_TEXT, issuedOn: '2026-06-03' },
      },
      presiding,
    );
    expect(noShares.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { feeShares: expect.stringMatching(/第二十九条/) } } });
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.state).not.toBe('closed');

    // Only the presiding judge closes: not the clerk, not a party, not a stranger.
    const file = await upload(presiding, '判决书-0001.pdf', '%PDF-1.4 judgment 0001');
    const input = {
      op: 'close' as const,
      requestId: 'close-0001',
      caseId,
      outcome: 'judgment' as const,
      document: { title: '民事判决书', file, text: JUDGMENT_TEXT, issuedOn: '2026-06-03' },
      obligations: [{ debtor: 1, creditor: 0, amountFen: 50_000_000 }],
      feeShares: [{ party: 1, fen: 880_000 }],
    };
    for (const who of [clerk, HU.openid, WU.openid, OTHER_PRESIDENT.openid]) {
      expect((await callFunction('case-close', { ...input, requestId: `close-x-${who}` }, who)).result).toMatchObject(forbidden);
    }

    const closed = ok(await callFunction('case-close', input, presiding));
    if (closed.op !== 'close') throw new Error('unreachable');
    expect(closed.closing).toMatchObject({
      caseNumber,
      outcome: 'judgment',
      outcomeLabel: '判决',
      closedOn: '2026-06-03',
      dateMethod: '宣判之日',
      archivedOn: '2026-06-03',
      decision: { title: '民事判决书', issuedOn: '2026-06-03', appealKind: 'judgment', state: 'serving', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      fees: { billedFen: 880_000, paidFen: 880_000, dueFen: 880_000, shares: [{ party: 1, name: '广州某贸易有限公司', fen: 880_000 }] },
      publication: { decision: 'publish', state: 'pending' },
    });
    expect(closed.closing.fees?.refund).toBeUndefined();
    // A retry answers the first closing and writes nothing more.
    expect((await callFunction('case-close', input, presiding)).result).toEqual({ ok: true, data: closed });
    expect(await countOf('case_events', { caseId, action: 'case.closed' })).toBe(1);
    const documentId = closed.closing.decision?.documentId ?? '';

    // Archived: writing on the case is refused with the reason; reading still works.
    const evidence = await callFunction(
      'evidence-add',
      { requestId: 'evidence-late', caseId, items: [{ title: '补充证据', proves: '补充证明', file: await upload(HU.openid, '补充.pdf', '%PDF late') }] },
      HU.openid,
    );
    expect(evidence.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringMatching(/已结案归档.*只读/) } });
    const message = await callFunction('message-send', { requestId: 'message-late', caseId, text: '请问何时执行？' }, HU.openid);
    expect(message.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringMatching(/已结案归档/) } });
    expect(ok(await callFunction('case-detail', { caseId }, HU.openid))).toMatchObject({ caseNumber });

    // Served: Mr Hu on 06-03 (address confirmed), Mr Wu when he reads it on 06-05.
    await serveBoth(caseId, documentId, clerk, '0001', '2026-06-05');
    const status = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
    if (status.op !== 'status') throw new Error('unreachable');
    // Each period from its own service: 06-03 + 15 = 06-18; 06-05 + 15 = 06-20, a rest day (端午) → 06-22.
    expect(status.closing.decision).toMatchObject({
      state: 'appeal-period',
      periods: [
        { party: 0, name: '胡建国', servedOn: '2026-06-03', appealBy: '2026-06-18' },
        { party: 1, name: '广州某贸易有限公司', servedOn: '2026-06-05', appealBy: '2026-06-22' },
      ],
    });
    expect(status.closing.decision?.effectiveOn).toBeUndefined();
    // The case's detail shows each side its own appeal period, and the court both.
    const appealsOf = async (openid: string) =>
      ok(await callFunction('case-detail', { caseId }, openid))
        .deadlines.filter((d) => d.kind === 'appeal')
        .map((d) => [d.label, d.date, d.basis]);
    const basis = '民事诉讼法 第一百七十一条、第二百八十六条；民诉法解释 第二百四十四条';
    expect(await appealsOf(HU.openid)).toEqual([['胡建国上诉期限届满', '2026-06-18', basis]]);
    expect(await appealsOf(WU.openid)).toEqual([['广州某贸易有限公司上诉期限届满', '2026-06-22', basis]]);
    expect(await appealsOf(presiding)).toEqual([
      ['胡建国上诉期限届满', '2026-06-18', basis],
      ['广州某贸易有限公司上诉期限届满', '2026-06-22', basis],
    ]);

    // Mr Hu is late on 06-19; the company may still appeal then, but does not.
    await today('2026-06-19');
    const late = await callFunction('appeal', { requestId: 'appeal-late', caseId, reasons: '一审判决认定事实不清，请求改判。' }, HU.openid);
    expect(late.result).toMatchObject({ ok: false, error: { code: 'DEADLINE', message: expect.stringMatching(/2026-06-18/) } });
    // Publication waits for effect.
    expect((await callFunction('case-close', { op: 'publish', requestId: 'publish-early', caseId }, PRESIDENT.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });

    // The day after the last period: effective 06-23, to be published within 7 working days (by 07-02).
    await today('2026-06-23');
    const effective = ok(await callFunction('case-close', { op: 'status', caseId }, WU.openid));
    if (effective.op !== 'status') throw new Error('unreachable');
    expect(effective.closing.decision).toMatchObject({ state: 'effective', effectiveOn: '2026-06-23', publishBy: '2026-07-02' });
    expect(ok(await callFunction('case-detail', { caseId }, presiding)).deadlines).toEqual([
      expect.objectContaining({ kind: 'publication', date: '2026-07-02', daysLeft: 9, state: 'later' }),
    ]);

    // The reviewer (the president) previews the anonymised text and confirms it; the judge and the parties cannot.
    expect((await callFunction('case-close', { op: 'preview', caseId }, presiding)).result).toMatchObject(forbidden);
    expect((await callFunction('case-close', { op: 'preview', caseId }, HU.openid)).result).toMatchObject(forbidden);
    expect((await callFunction('case-close', { op: 'preview', caseId }, OTHER_PRESIDENT.openid)).result).toMatchObject(forbidden);
    const preview = ok(await callFunction('case-close', { op: 'preview', caseId }, PRESIDENT.openid));
    if (preview.op !== 'preview') throw new Error('unreachable');
    expect(preview.decision).toBe('publish');
    expect(preview.text).toContain('江北区');
    for (const gone of ['人民路88号', '330203198003051234', '6222020200112233445', '天河路385号']) expect(preview.text).not.toContain(gone);
    expect(
      (await callFunction('case-close', { op: 'publish', requestId: 'publish-bad', caseId, sha256: 'a'.repeat(64) }, PRESIDENT.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const published = ok(await callFunction('case-close', { op: 'publish', requestId: 'publish-0001', caseId, sha256: preview.sha256 }, PRESIDENT.openid));
    expect(published).toEqual({ op: 'publish', judgmentId: expect.any(String), state: 'published', publishedOn: '2026-06-23', late: false });
    expect((await callFunction('case-close', { op: 'publish', requestId: 'publish-0001', caseId, sha256: preview.sha256 }, PRESIDENT.openid)).result).toEqual({
      ok: true,
      data: published,
    });
    expect(await countOf('judgments')).toBe(1);

    // judgment-search, without login: by court, type, cause, year, keyword; only the anonymised text.
    const found = ok(
      await callFunction('judgment-search', { courtId: 'gz-tianhe', caseType: 'civil-first-instance', cause: '买卖合同纠纷', year: 2026, keyword: '货款' }),
    );
    expect(found).toMatchObject({ total: 1, page: 0, items: [{ caseNumber, courtName: '广州市天河区人民法院', state: 'published', decidedOn: '2026-06-03' }] });
    expect(found.items[0]?.text).toBe(preview.text);
    expect(JSON.stringify(found)).not.toContain('人民路88号');
    expect(ok(await callFunction('judgment-search', { keyword: '离婚' }))).toMatchObject({ total: 0, items: [] });
    expect(ok(await callFunction('judgment-search', { year: 2025 }))).toMatchObject({ total: 0 });
    expect(ok(await callFunction('judgment-search', { page: 1, pageSize: 1 }))).toMatchObject({ total: 1, items: [] });

    // Enforcement from the effective judgment, in one call, once the time to perform has passed.
    await today('2026-06-24');
    expect((await callFunction('enforcement-apply', { op: 'apply', requestId: 'enforce-x', caseId, decisionId: documentId }, WU.openid)).result).toMatchObject({
      ok: false,
    });
    const applied = ok(await callFunction('enforcement-apply', { op: 'apply', requestId: 'enforce-0001', caseId, decisionId: documentId }, HU.openid));
    expect(applied).toMatchObject({ op: 'apply', state: 'applied' });
  });

  it('an appeal within the party’s own period, with its fee; a retry files it once; the decision then waits for the second instance', async () => {
    await verifyApprovedLawyer(db);
    const { caseId, presiding, clerk } = await huCase('0002');
    await today('2026-06-03');
    const closed = await judgmentClosed('0002', presiding, caseId);
    if (closed.op !== 'close') throw new Error('unreachable');
    const documentId = closed.closing.decision?.documentId ?? '';

    // Not yet served on the company: no period has begun.
    const early = await callFunction('appeal', { requestId: 'appeal-early', caseId, reasons: '一审判决认定事实错误，请求撤销。' }, WU.openid);
    expect(early.result).toMatchObject({ ok: false, error: { code: 'DEADLINE' } });
    await serveBoth(caseId, documentId, clerk, '0002', '2026-06-05');

    // A lawyer on no side of the case, and a stranger, cannot appeal.
    expect((await callFunction('appeal', { requestId: 'appeal-lin', caseId, reasons: '一审判决认定事实错误，请求撤销。' }, LIN.openid)).result).toMatchObject(
      forbidden,
    );

    await today('2026-06-20');
    const appeal = { requestId: 'appeal-0001', caseId, reasons: '一审判决认定事实错误，请求撤销原判，驳回被上诉人的诉讼请求。', amountFen: 50_000_000 };
    const filed = ok(await callFunction('appeal', appeal, WU.openid));
    // 诉讼费用交纳办法 第十七条: the appeal fee on the 500,000 yuan appealed: 8,800 yuan.
    expect(filed).toMatchObject({ party: 1, filedOn: '2026-06-20', appealBy: '2026-06-22', amountFen: 50_000_000, feeFen: 880_000 });
    expect((await callFunction('appeal', appeal, WU.openid)).result).toEqual({ ok: true, data: filed });
    expect((await callFunction('appeal', { ...appeal, requestId: 'appeal-0002' }, WU.openid)).result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await countOf('case_events', { caseId, action: 'appeal.filed' })).toBe(1);

    await today('2026-07-01');
    const status = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
    if (status.op !== 'status') throw new Error('unreachable');
    expect(status.closing.decision).toMatchObject({ state: 'appealed', periods: [{ party: 0 }, { party: 1, appealed: true }] });
    expect(status.closing.decision?.effectiveOn).toBeUndefined();
    expect((await callFunction('case-close', { op: 'publish', requestId: 'publish-0002', caseId }, PRESIDENT.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringMatching(/第七条/) },
    });
    expect(
      (await callFunction('enforcement-apply', { op: 'apply', requestId: 'enforce-0002', caseId, decisionId: documentId }, HU.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
  });

  it('a mediated case closes with the fee halved and the refund due in 15 days; its 调解书 is withheld, listed with the reason', async () => {
    const { caseId, caseNumber, presiding } = await huCase('0003');
    // The 调解书's last receipt on 03-06, as mediation records it: the case closed by mediation, the statement effective.
    await mediatedBySeed(db, caseId, '2026-03-06', { obligations: [{ debtor: 1, creditor: 0, amountFen: 40_000_000 }], enforceable: true });
    await today('2026-03-09');
    // A stranger to the case, and a party, cannot close it.
    expect((await callFunction('case-close', { op: 'close', requestId: 'close-x001', caseId, outcome: 'mediation' }, HU.openid)).result).toMatchObject(
      forbidden,
    );
    const input = { op: 'close' as const, requestId: 'close-0003', caseId, outcome: 'mediation' as const };
    const closed = ok(await callFunction('case-close', input, presiding));
    if (closed.op !== 'close') throw new Error('unreachable');
    // 诉讼费用交纳办法 第十五条: half of 8,800 yuan is due; 4,400 back to Mr Hu within 15 days of effect (第五十三条).
    expect(closed.closing).toMatchObject({
      outcome: 'mediation',
      closedOn: '2026-03-06',
      dateMethod: '调解书送达最后一方当事人之日',
      decision: { decisionId: 'statement-1', state: 'effective', effectiveOn: '2026-03-06' },
      fees: {
        paidFen: 880_000,
        dueFen: 440_000,
        shares: [{ party: 0, fen: 440_000 }],
        refund: { fen: 440_000, ground: 'mediation', by: '2026-03-21', requested: false },
      },
      publication: { decision: 'withhold', reason: expect.stringMatching(/第四条第（三）项/), state: 'pending' },
    });
    expect((await callFunction('case-close', input, presiding)).result).toEqual({ ok: true, data: closed });

    // The refund still goes through the archived case, and the fee list shows it asked.
    const refund = ok(await callFunction('fee-refund', { requestId: 'refund-0003', caseId, reason: 'mediation' }, presiding));
    expect(refund).toMatchObject({ refundFen: 440_000, feeFen: 440_000 });
    const status = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
    if (status.op !== 'status') throw new Error('unreachable');
    expect(status.closing.fees?.refund).toMatchObject({ fen: 440_000, requested: true });

    // A 调解书 cannot be appealed; the withheld entry lists case number, court, date and reason, never text.
    expect((await callFunction('appeal', { requestId: 'appeal-0003', caseId, reasons: '不服调解书，请求撤销调解书。' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    const preview = ok(await callFunction('case-close', { op: 'preview', caseId }, PRESIDENT.openid));
    expect(preview).toMatchObject({ op: 'preview', decision: 'withhold', reason: expect.stringMatching(/调解/) });
    const withheld = ok(await callFunction('case-close', { op: 'publish', requestId: 'publish-0003', caseId }, PRESIDENT.openid));
    expect(withheld).toMatchObject({ state: 'withheld', publishedOn: '2026-03-09', late: false });
    const listed = ok(await callFunction('judgment-search', { courtId: 'gz-tianhe' }));
    expect(listed.items).toEqual([
      expect.objectContaining({
        caseNumber,
        courtName: '广州市天河区人民法院',
        decidedOn: '2026-03-04',
        state: 'withheld',
        reason: expect.stringMatching(/第四条/),
      }),
    ]);
    expect(listed.items[0]?.text).toBeUndefined();
  });
});

describe('the other outcomes of §4.5', () => {
  it('a divorce judgment is withheld from publication by its cause, though the judge named a plain civil case (裁判文书上网规定 第四条第（四）项)', async () => {
    const { caseId, presiding } = await huCase('0009');
    // The same suit, filed as a divorce (民事案件案由规定 第二部分).
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { cause: '离婚纠纷' } });
    await today('2026-06-03');
    const closed = await judgmentClosed('0009', presiding, caseId, { kind: 'civil' });
    if (closed.op !== 'close') throw new Error('unreachable');
    expect(closed.closing.publication).toMatchObject({ decision: 'withhold', reason: expect.stringMatching(/第四条第（四）项/) });
  });

  it('a dismissal: an appealable ruling with 10 days from each service, the whole fee refunded', async () => {
    const { caseId, presiding, clerk } = await huCase('0004');
    await today('2026-06-03');
    const ruling = await upload(presiding, '裁定书-0004.pdf', '%PDF-1.4 dismissal 0004');
    const dismissed = ok(
      await callFunction(
        'case-close',
        {
          op: 'close',
          requestId: 'close-0004',
          caseId,
          outcome: 'dismissal',
          document: {
            title: '民事裁定书',
            file: ruling,
            text: '原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，裁定驳回原告胡建国的起诉。',
            issuedOn: '2026-06-03',
          },
        },
        presiding,
      ),
    );
    if (dismissed.op !== 'close') throw new Error('unreachable');
    // 诉讼费用交纳办法 第八条、第二十七条: nothing is due; all 8,800 yuan back.
    expect(dismissed.closing).toMatchObject({
      outcome: 'dismissal',
      decision: { appealKind: 'ruling', state: 'serving' },
      fees: { paidFen: 880_000, dueFen: 0, shares: [], refund: { fen: 880_000, ground: 'dismissal', requested: false } },
    });
    await serveBoth(caseId, dismissed.closing.decision?.documentId ?? '', clerk, '0004', '2026-06-05', '民事裁定书');
    const status = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
    if (status.op !== 'status') throw new Error('unreachable');
    // 10 days: 06-13 (a Saturday) → 06-15; 06-15.
    expect(status.closing.decision?.periods).toMatchObject([
      { servedOn: '2026-06-03', appealBy: '2026-06-15' },
      { servedOn: '2026-06-05', appealBy: '2026-06-15' },
    ]);
    await today('2026-06-16');
    const effective = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
    if (effective.op !== 'status') throw new Error('unreachable');
    expect(effective.closing.decision).toMatchObject({ state: 'effective', effectiveOn: '2026-06-16' });
    expect(effective.closing.fees?.refund).toMatchObject({ by: '2026-07-01' });
    expect(ok(await callFunction('fee-refund', { requestId: 'refund-0004', caseId, reason: 'dismissal' }, presiding))).toMatchObject({
      refundFen: 880_000,
      feeFen: 0,
    });
  });
});

/** Closes Mr Hu's case by a ruling the presiding judge signed on `issuedOn` (撤诉、按撤诉处理、移送、终结诉讼). */
async function closedByRuling(
  tag: string,
  presiding: string,
  caseId: string,
  outcome: 'withdrawal' | 'treated-withdrawn' | 'transfer' | 'termination',
  issuedOn: string,
  extra: Record<string, string>,
) {
  const file = await upload(presiding, `裁定书-${tag}.pdf`, `%PDF-1.4 ruling ${tag}`);
  const closed = ok(
    await callFunction(
      'case-close',
      {
        op: 'close',
        requestId: `close-${tag}`,
        caseId,
        outcome,
        document: {
          title: '民事裁定书',
          file,
          text: `原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，裁定如下：${extra.ground ?? extra.transferTo ?? ''}`,
          issuedOn,
        },
        ...extra,
      },
      presiding,
    ),
  );
  if (closed.op !== 'close') throw new Error('unreachable');
  return closed.closing;
}

/** The dossier is read-only: evidence and messages are refused with the reason, the case is still read. */
async function expectArchived(caseId: string): Promise<void> {
  const evidence = await callFunction(
    'evidence-add',
    {
      requestId: `evidence-after-${caseId}`,
      caseId,
      items: [{ title: '补充证据', proves: '补充证明', file: await upload(HU.openid, '补充-归档后.pdf', '%PDF after') }],
    },
    HU.openid,
  );
  expect(evidence.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringMatching(/已结案归档.*只读.*第三十五条/) } });
  const message = await callFunction('message-send', { requestId: `message-after-${caseId}`, caseId, text: '请问案件进展如何？' }, HU.openid);
  expect(message.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringMatching(/已结案归档/) } });
  expect(await countOf('evidence', { caseId })).toBe(0);
  ok(await callFunction('case-detail', { caseId }, HU.openid));
}

describe('closings by a ruling that ends the case at first instance (撤诉、按撤诉处理、移送、终结诉讼)', () => {
  it.each([
    ['withdrawal', '准予撤诉', /第一百四十八条/, '原告胡建国以与被告已自行和解为由申请撤回起诉，符合法律规定，准许原告撤诉。'],
    ['treated-withdrawn', '按撤诉处理', /第一百四十六条/, '原告胡建国经传票传唤，无正当理由拒不到庭，按撤诉处理。'],
  ] as const)(
    '%s (%s): half the fee on the plaintiff, the other half refunded within 15 days of effect; unappealable, effective on the last service',
    async (outcome, label, basis, ground) => {
      const tag = outcome === 'withdrawal' ? '0005' : '0006';
      const { caseId, presiding, clerk } = await huCase(tag);
      await today('2026-06-03');
      // A ruling of withdrawal needs its ground.
      const bare = await callWithAnyInput(
        'case-close',
        {
          op: 'close',
          requestId: `close-bare-${tag}`,
          caseId,
          outcome,
          document: { title: '民事裁定书', file: await upload(presiding, 'r.pdf', '%PDF r'), text: '准许原告胡建国撤回起诉。', issuedOn: '2026-06-02' },
        },
        presiding,
      );
      expect(bare.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { ground: expect.any(String) } } });

      const closing = await closedByRuling(tag, presiding, caseId, outcome, '2026-06-02', { ground });
      // 审限规定（2000） 第十条: closed the day the ruling was pronounced; 诉讼费用交纳办法 第十五条 halves the 8,800 yuan, 第三十四条 puts it on the plaintiff.
      expect(closing).toMatchObject({
        outcome,
        outcomeLabel: label,
        basis: expect.stringMatching(basis),
        closedOn: '2026-06-02',
        dateMethod: '裁定书宣告之日',
        archivedOn: '2026-06-03',
        decision: { title: '民事裁定书', appealKind: null, state: 'serving' },
        fees: {
          billedFen: 880_000,
          paidFen: 880_000,
          dueFen: 440_000,
          basis: expect.arrayContaining([expect.stringMatching(/第十五条/)]),
          shares: [{ party: 0, name: '胡建国', fen: 440_000 }],
          refund: { fen: 440_000, ground: 'withdrawal', requested: false },
        },
      });
      // Its refund date runs from effect, not yet known.
      expect(closing.fees?.refund?.by).toBeUndefined();
      await expectArchived(caseId);

      // Served on Mr Hu on 06-03 and on Mr Wu when he reads it on 06-05: an unappealable ruling takes effect on the last service.
      await serveBoth(caseId, closing.decision?.documentId ?? '', clerk, tag, '2026-06-05', '民事裁定书');
      const status = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
      if (status.op !== 'status') throw new Error('unreachable');
      expect(status.closing.decision).toMatchObject({
        state: 'effective',
        effectiveOn: '2026-06-05',
        periods: [{ servedOn: '2026-06-03' }, { servedOn: '2026-06-05' }],
      });
      expect(status.closing.decision?.periods.every((p) => p.appealBy === undefined)).toBe(true);
      // 诉讼费用交纳办法 第五十三条: refunded within 15 days of effect.
      expect(status.closing.fees?.refund).toMatchObject({ fen: 440_000, by: '2026-06-20', requested: false });
      const appeal = await callFunction('appeal', { requestId: `appeal-${tag}`, caseId, reasons: '不服该裁定，请求撤销原裁定。' }, HU.openid);
      expect(appeal.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringMatching(/不属于可以上诉的裁判/) } });
      expect(ok(await callFunction('fee-refund', { requestId: `refund-${tag}`, caseId, reason: 'withdrawal' }, presiding))).toMatchObject({
        refundFen: 440_000,
        feeFen: 440_000,
      });
      const after = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
      if (after.op !== 'status') throw new Error('unreachable');
      expect(after.closing.fees?.refund).toMatchObject({ fen: 440_000, requested: true });
    },
  );

  it.each([
    ['none', undefined, 0],
    ['half', 'half', 440_000],
  ] as const)(
    '按撤诉处理 because the fee was never prepaid (交纳办法 第二十二条; 解释 第二百一十三条): the court setting %s decides what is owed',
    async (_name, setting, dueFen) => {
      const tag = setting ? '0010' : '0009';
      const { caseId, presiding } = await assignedHuCase({ tag });
      if (setting)
        await db
          .collection('courts')
          .doc('gz-tianhe')
          .update({ data: { unpaidTreatedWithdrawnFee: setting } });
      await today('2026-03-20');
      const closing = await closedByRuling(tag, presiding, caseId, 'treated-withdrawn', '2026-03-20', {
        ground: '原告胡建国经本院通知后仍未预交案件受理费，也未申请司法救助，按撤诉处理。',
      });
      expect(closing).toMatchObject({
        outcome: 'treated-withdrawn',
        fees: {
          billedFen: 880_000,
          paidFen: 0,
          dueFen,
          basis: expect.arrayContaining(['诉讼费用交纳办法 第二十二条', '民诉法解释 第二百一十三条']),
          shares: dueFen === 0 ? [] : [{ party: 0, fen: dueFen }],
        },
      });
      // Half only where the court charges it, by 第十五条 as for a withdrawal; nothing was paid, so nothing is refunded.
      expect(closing.fees?.basis.some((b) => b.includes('第十五条'))).toBe(dueFen > 0);
      expect(closing.fees?.refund).toBeUndefined();
    },
  );

  it('a transfer (移送): the prepaid fee goes with the case to the receiving court, nothing is borne or refunded here', async () => {
    const { caseId, presiding, clerk } = await huCase('0007');
    await today('2026-06-03');
    const missing = await callWithAnyInput(
      'case-close',
      {
        op: 'close',
        requestId: 'close-bare-0007',
        caseId,
        outcome: 'transfer',
        document: { title: '民事裁定书', file: await upload(presiding, 't.pdf', '%PDF t'), text: '本案移送有管辖权的人民法院处理。', issuedOn: '2026-06-03' },
      },
      presiding,
    );
    expect(missing.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { transferTo: expect.any(String) } } });

    const closing = await closedByRuling('0007', presiding, caseId, 'transfer', '2026-06-03', { transferTo: '广州市越秀区人民法院' });
    // 民诉法解释 第二百一十一条; 诉讼费用交纳办法 第二十四条: the court hands the prepaid fee over with the case.
    expect(closing).toMatchObject({
      outcome: 'transfer',
      outcomeLabel: '移送',
      basis: expect.stringMatching(/第二百一十一条/),
      closedOn: '2026-06-03',
      archivedOn: '2026-06-03',
      decision: { appealKind: null },
      fees: {
        billedFen: 880_000,
        paidFen: 880_000,
        dueFen: 0,
        basis: [expect.stringMatching(/第二十四条/)],
        shares: [],
        handedOver: { fen: 880_000, to: '广州市越秀区人民法院' },
      },
    });
    expect(closing.fees?.refund).toBeUndefined();
    await expectArchived(caseId);
    await serveBoth(caseId, closing.decision?.documentId ?? '', clerk, '0007', '2026-06-04', '民事裁定书');
    const status = ok(await callFunction('case-close', { op: 'status', caseId }, WU.openid));
    if (status.op !== 'status') throw new Error('unreachable');
    expect(status.closing.decision).toMatchObject({ state: 'effective', effectiveOn: '2026-06-04' });
    // Nothing to refund here: the fee is the receiving court's.
    const refund = await callFunction('fee-refund', { requestId: 'refund-0007', caseId, reason: 'withdrawal' }, presiding);
    expect(refund.result).toMatchObject({ ok: false, error: { code: 'STATE' } });
    expect(await countOf('case_events', { caseId, action: 'fee.refund' })).toBe(0);
  });

  it('a termination (终结诉讼): the fee stays due on the plaintiff, nothing refunded; unappealable, effective on the last service', async () => {
    const { caseId, presiding, clerk } = await huCase('0008');
    await today('2026-06-03');
    const closing = await closedByRuling('0008', presiding, caseId, 'termination', '2026-06-03', {
      ground: '原告死亡，没有继承人，依照民事诉讼法第一百五十四条第一项终结诉讼。',
    });
    expect(closing).toMatchObject({
      outcome: 'termination',
      outcomeLabel: '终结诉讼',
      basis: expect.stringMatching(/第一百五十四条/),
      closedOn: '2026-06-03',
      archivedOn: '2026-06-03',
      decision: { appealKind: null, state: 'serving' },
      fees: { paidFen: 880_000, dueFen: 880_000, shares: [{ party: 0, fen: 880_000 }] },
    });
    expect(closing.fees?.refund).toBeUndefined();
    await expectArchived(caseId);
    await serveBoth(caseId, closing.decision?.documentId ?? '', clerk, '0008', '2026-06-08', '民事裁定书');
    const status = ok(await callFunction('case-close', { op: 'status', caseId }, HU.openid));
    if (status.op !== 'status') throw new Error('unreachable');
    expect(status.closing.decision).toMatchObject({ state: 'effective', effectiveOn: '2026-06-08' });
    // Closed once: a second closing is refused, and the case stays as it was closed.
    const again = await callFunction(
      'case-close',
      {
        op: 'close',
        requestId: 'close-again-0008',
        caseId,
        outcome: 'withdrawal',
        ground: '原告申请撤诉。',
        document: {
          title: '民事裁定书',
          file: await upload(presiding, 'again.pdf', '%PDF again'),
          text: '准许原告撤回起诉。本裁定书即时生效。',
          issuedOn: '2026-06-08',
        },
      },
      presiding,
    );
    expect(again.result).toMatchObject({ ok: false, error: { code: 'STATE' } });
    expect(await countOf('case_events', { caseId, action: 'case.closed' })).toBe(1);
  });
});
