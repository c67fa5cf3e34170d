import { createHash } from 'node:crypto';
import cloud from 'wx-server-sdk';
import { findById } from '#runtime';

import { callFunction, operation, resetEmulator, ok, countOf as countInDb } from '../support/emulator';
import { acceptedHuCase, huComplaint, recogniseRepresentative, wuJoinsFor } from '../support/filing';
import { CLERK, HU, REGISTRAR, seedCourts, upload, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

let caseId: string;
let caseNumber: string;
let presiding: string;
beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  await verify(WU);
  ({ caseId, caseNumber } = await acceptedHuCase());
  presiding = ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid)).presiding.openid;
  // The defendant company's legal representative answers the suit on the platform; he consents to e-service but has not confirmed an address.
  const joined = ok(
    await callFunction(
      'case-join',
      await wuJoinsFor('join-0001', caseNumber.replace('（', '(').replace('）', ')'), { consent: true, addressConfirmed: false }),
      WU.openid,
    ),
  );
  expect(joined).toEqual({ caseId, role: 'defendant', partyName: '广州某贸易有限公司', awaitingExamination: true });
  // The registrar who accepted the case examines the company's licence and his certificate, and recognises him.
  await recogniseRepresentative(caseId, REGISTRAR.openid);
});

describe('case-join', () => {
  it('refuses someone who is not a defendant, with the same answer as for a case that does not exist', async () => {
    const stranger = { openid: 'o-stranger', name: '郑某人', idNumber: '11010519491231002X' };
    await verify(stranger);
    const wrong = await callFunction(
      'case-join',
      { requestId: 'join-0002', caseNumber, uscc: '91350100M000100Y43', service: { consent: true, addressConfirmed: true } },
      stranger.openid,
    );
    const missing = await callFunction(
      'case-join',
      { requestId: 'join-0003', caseNumber: '（2026）粤0106民初999号', service: { consent: true, addressConfirmed: true } },
      stranger.openid,
    );
    expect(wrong.result).toEqual(missing.result);
    expect(wrong.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a company’s representative who brings no papers, naming the missing ones, and writes nothing', async () => {
    const { caseNumber: second } = await acceptedHuCase({ tag: '0002' });
    const licenceOnly = { ...(await wuJoinsFor('join-0004', second, { consent: true, addressConfirmed: true })) };
    licenceOnly.representation = { capacity: 'legal-representative', proofs: (licenceOnly.representation?.proofs ?? []).slice(0, 1) };
    const bare = await callFunction(
      'case-join',
      { requestId: 'join-0005', caseNumber: second, uscc: '91350100M000100Y43', service: licenceOnly.service },
      WU.openid,
    );
    expect(bare.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '以法定代表人身份为单位应诉，请提交营业执照、法定代表人身份证明书' },
    });
    expect((await callFunction('case-join', licenceOnly, WU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '以法定代表人身份为单位应诉，请提交法定代表人身份证明书' },
    });
    expect(ok(await callFunction('case-list', { view: 'cases' }, WU.openid)).items.map((c) => c.caseNumber)).toEqual([caseNumber]);
  });
});

describe('evidence', () => {
  it('Mr Hu submits evidence; the defendant gives opinions; the catalogue shows both; a tampered file is caught', async () => {
    const file = await upload(HU.openid, '购销合同.pdf', '%PDF-1.4 contract');
    const added = ok(
      await callFunction(
        'evidence-add',
        { requestId: 'evidence-0001', caseId, items: [{ title: '购销合同', proves: '双方存在买卖合同关系', file }] },
        HU.openid,
      ),
    );
    expect(added.added).toEqual([
      { evidenceId: `${caseId}:${sha('%PDF-1.4 contract').slice(0, 16)}`, title: '购销合同', sha256: sha('%PDF-1.4 contract'), size: 17 },
    ]);
    const evidenceId = added.added[0]?.evidenceId ?? '';

    const opinion = {
      requestId: 'opinion-0001',
      caseId,
      evidenceId,
      authenticity: 'admit',
      legality: 'admit',
      relevance: 'deny',
      text: '合同真实，但与欠款金额无关',
    } as const;
    expect((await callFunction('evidence-opinion', { ...opinion, requestId: 'opinion-0000' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '质证意见由对方当事人发表' },
    });
    expect(ok(await callFunction('evidence-opinion', opinion, WU.openid))).toEqual({ evidenceId, opinions: 1 });
    expect(ok(await callFunction('evidence-opinion', opinion, WU.openid))).toEqual({ evidenceId, opinions: 1 });

    const catalogue = ok(await callFunction('evidence-list', { caseId }, presiding));
    expect(catalogue.items).toEqual([
      expect.objectContaining({
        title: '购销合同',
        side: 'plaintiff',
        sha256: sha('%PDF-1.4 contract'),
        opinions: [expect.objectContaining({ side: 'defendant', relevance: 'deny' })],
      }),
    ]);

    expect(ok(await callFunction('evidence-verify', { caseId, evidenceId }, presiding))).toMatchObject({ intact: true });
    const stored = await findById<{ file: { fileID: string } }>(db, 'evidence', evidenceId);
    const path = stored?.file.fileID.replace(/^cloud:\/\/[^/]+\//, '') ?? '';
    await cloud.uploadFile({ cloudPath: path, fileContent: Buffer.from('%PDF-1.4 altered') });
    expect(ok(await callFunction('evidence-verify', { caseId, evidenceId }, presiding))).toEqual({
      intact: false,
      registered: sha('%PDF-1.4 contract'),
      actual: sha('%PDF-1.4 altered'),
    });
  });

  it('evidence filed with the complaint is the case’s first evidence: listed, cross-examined, re-hashed, one id in the dossier', async () => {
    const file = await upload(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
    const filed = ok(
      await callFunction('filing-submit', huComplaint('file-ev-0001', { evidence: [{ title: '送货单', proves: '货物已交付', file }] }), HU.openid),
    );
    const accepted = ok(await callFunction('filing-review', { requestId: 'review-ev-0001', filingId: filed.filingId, outcome: 'accept' }, REGISTRAR.openid));
    const withEvidence = accepted.caseId ?? '';
    ok(
      await callFunction(
        'case-join',
        await wuJoinsFor('join-ev-0001', (accepted.caseNumber ?? '').replace('（', '(').replace('）', ')'), { consent: true, addressConfirmed: false }),
        WU.openid,
      ),
    );
    await recogniseRepresentative(withEvidence, REGISTRAR.openid, 'examine-ev-0001');

    const catalogue = ok(await callFunction('evidence-list', { caseId: withEvidence }, HU.openid));
    expect(catalogue.items).toEqual([
      expect.objectContaining({ title: '送货单', proves: '货物已交付', side: 'plaintiff', sha256: sha('%PDF-1.4 delivery note') }),
    ]);
    const evidenceId = catalogue.items[0]?.evidenceId ?? '';
    expect(ok(await callFunction('dossier-list', { caseId: withEvidence }, HU.openid)).documents).toEqual(
      expect.arrayContaining([expect.objectContaining({ documentId: evidenceId, kind: 'evidence' })]),
    );
    const opinion = { requestId: 'opinion-ev-0001', caseId: withEvidence, evidenceId, authenticity: 'admit', legality: 'admit', relevance: 'admit' } as const;
    expect(ok(await callFunction('evidence-opinion', opinion, WU.openid))).toEqual({ evidenceId, opinions: 1 });
    expect(ok(await callFunction('evidence-verify', { caseId: withEvidence, evidenceId }, HU.openid))).toMatchObject({ intact: true });
  });

  it('every item the complaint lists is evidence of the case: one without a file (a witness), and two that share a file', async () => {
    const file = await upload(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
    const evidence = [
      { title: '送货单', proves: '货物已交付', file },
      { title: '送货单（签收栏）', proves: '被告员工签收', file },
      { title: '证人张某证言', proves: '被告曾承诺付款' },
    ];
    const filed = ok(await callFunction('filing-submit', huComplaint('file-ev-0008', { evidence }), HU.openid));
    const accepted = ok(await callFunction('filing-review', { requestId: 'review-ev-0008', filingId: filed.filingId, outcome: 'accept' }, REGISTRAR.openid));
    const withEvidence = accepted.caseId ?? '';

    const catalogue = ok(await callFunction('evidence-list', { caseId: withEvidence }, HU.openid)).items;
    expect(catalogue).toHaveLength(3);
    expect(catalogue).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: '送货单', proves: '货物已交付', sha256: sha('%PDF-1.4 delivery note') }),
        expect.objectContaining({ title: '送货单（签收栏）', proves: '被告员工签收', sha256: sha('%PDF-1.4 delivery note') }),
        expect.objectContaining({ title: '证人张某证言', proves: '被告曾承诺付款', side: 'plaintiff' }),
      ]),
    );
    const witness = catalogue.find((e) => e.title === '证人张某证言');
    expect(witness).not.toHaveProperty('sha256');
    expect(new Set(catalogue.map((e) => e.evidenceId)).size).toBe(3);
    // Nothing to re-hash for a witness; the two file items are in the dossier, each under its own id.
    expect((await callFunction('evidence-verify', { caseId: withEvidence, evidenceId: witness?.evidenceId ?? '' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });
    const dossier = ok(await callFunction('dossier-list', { caseId: withEvidence }, HU.openid)).documents.filter((d) => d.kind === 'evidence');
    expect(dossier.map((d) => d.title).sort()).toEqual(['送货单', '送货单（签收栏）']);
  });

  it('a file already in evidence is not evidence twice: the other side submitting it is told so, and nothing is recorded', async () => {
    const contract = await upload(HU.openid, '购销合同.pdf', '%PDF-1.4 same contract');
    ok(
      await callFunction('evidence-add', { requestId: 'evidence-0101', caseId, items: [{ title: '购销合同', proves: '买卖关系', file: contract }] }, HU.openid),
    );
    const events = async () => ((await db.collection('case_events').where({ caseId, action: 'evidence.added' }).count()) as { total: number }).total;
    const before = await events();
    const again = await upload(WU.openid, '合同.pdf', '%PDF-1.4 same contract');
    expect(
      (await callFunction('evidence-add', { requestId: 'evidence-0102', caseId, items: [{ title: '合同', proves: '另有约定', file: again }] }, WU.openid))
        .result,
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '“合同”的文件已作为证据提交，无需重复提交' } });
    const twice = await upload(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
    expect(
      (
        await callFunction(
          'evidence-add',
          {
            requestId: 'evidence-0103',
            caseId,
            items: [
              { title: '送货单', proves: '交货', file: twice },
              { title: '送货单副本', proves: '交货', file: twice },
            ],
          },
          HU.openid,
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await events()).toBe(before);
    const listed = ok(await callFunction('evidence-list', { caseId }, HU.openid));
    expect(listed.items.filter((i: { title: string }) => i.title === '购销合同')).toHaveLength(1);
  });

  it('FORBIDDEN to a stranger; INVALID_INPUT for an unsupported file, with nothing written', async () => {
    const stranger = { openid: 'o-stranger', name: '郑某人', idNumber: '11010519491231002X' };
    await verify(stranger);
    const file = await upload(stranger.openid, 'x.pdf', '%PDF');
    expect(
      (await callFunction('evidence-add', { requestId: 'evidence-0002', caseId, items: [{ title: '材料', proves: '无关内容', file }] }, stranger.openid))
        .result,
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const exe = await upload(HU.openid, 'virus.exe', 'MZ');
    expect(
      (await callFunction('evidence-add', { requestId: 'evidence-0003', caseId, items: [{ title: '可执行文件', proves: '无关内容', file: exe }] }, HU.openid))
        .result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await countOf('evidence')).toBe(0);
  });
});

describe('e-dossier', () => {
  it('lists the documents and gives a short-lived link; notices are rendered from the case; every read is recorded', async () => {
    const dossier = ok(await callFunction('dossier-list', { caseId }, HU.openid));
    // The company's licence and its representative's certificate came with its joining.
    expect(dossier.documents.map((d) => d.documentId)).toEqual([
      'acceptance-notice',
      'fee-notice',
      expect.stringMatching(/^representation-1-/),
      expect.stringMatching(/^representation-1-/),
    ]);
    const link = ok(await callFunction('dossier-url', { caseId, documentId: 'acceptance-notice' }, HU.openid));
    expect(link).toMatchObject({ title: '受理案件通知书', type: 'text/html', expiresAt: '2026-03-02T02:10:00.000Z' });
    const html = await (await fetch(encodeURI(link.url))).text();
    expect(html).toContain(caseNumber);
    expect(html).toContain('data:image/png;base64,');
    const fee = await (await fetch(encodeURI(ok(await callFunction('dossier-url', { caseId, documentId: 'fee-notice' }, HU.openid)).url))).text();
    expect(fee).toContain('8,800.00元');
    expect(await countOf('dossier_reads', { caseId })).toBe(2);
    expect((await callFunction('dossier-url', { caseId, documentId: 'acceptance-notice' }, 'o-stranger')).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await callFunction('dossier-url', { caseId, documentId: 'no-such-document' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('electronic service', () => {
  it('serves a judgment: on arrival for Mr Hu’s confirmed address, on reading for the defendant; proofs of service land in the dossier', async () => {
    const judgment = await upload(CLERK.openid, '民事判决书.pdf', '%PDF-1.4 judgment');
    const sent = ok(await callFunction('service-send', { requestId: 'serve-0001', caseId, document: { title: '民事判决书', file: judgment } }, CLERK.openid));
    expect(sent.served.map((s) => s.effective).sort()).toEqual(['on-arrival', 'on-read']);
    expect(
      ok(await callFunction('service-send', { requestId: 'serve-0001', caseId, document: { title: '民事判决书', file: judgment } }, CLERK.openid)),
    ).toEqual(sent);

    const inbox = ok(await callFunction('service-inbox', {}, WU.openid));
    expect(inbox.items).toEqual([expect.objectContaining({ title: '民事判决书', caseNumber })]);
    expect(inbox.items[0]?.servedAt).toBeUndefined();
    const serviceId = inbox.items[0]?.serviceId ?? '';

    await operation('POST', 'clock', { now: '2026-03-04T01:00:00.000Z' });
    expect((await callFunction('service-read', { requestId: 'read-0001', serviceId }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const read = ok(await callFunction('service-read', { requestId: 'read-0002', serviceId }, WU.openid));
    expect(read).toMatchObject({ readAt: '2026-03-04T01:00:00.000Z', servedAt: '2026-03-04T01:00:00.000Z' });
    expect(await (await fetch(encodeURI(read.url))).text()).toBe('%PDF-1.4 judgment');

    const dossier = ok(await callFunction('dossier-list', { caseId }, presiding));
    const proofs = dossier.documents.filter((d) => d.kind === 'service-proof');
    expect(proofs).toHaveLength(2);
    const proofOfRead = proofs.find((p) => p.documentId === `proof:${serviceId}`);
    const html = await (
      await fetch(encodeURI(ok(await callFunction('dossier-url', { caseId, documentId: proofOfRead?.documentId ?? '' }, presiding)).url))
    ).text();
    expect(html).toContain('送达回证');
    expect(html).toContain('2026-03-04 09:00');
    const shown = ok(await callFunction('case-detail', { caseId }, HU.openid));
    expect(shown.chainVerified).toBe(true);
    expect(shown.timeline.map((e) => e.label)).toEqual(expect.arrayContaining(['电子送达', '受送达人阅读送达文书']));
  });

  it('a document opened on two devices at once is read once: one event, one proof, the first time kept', async () => {
    const judgment = await upload(CLERK.openid, '民事判决书.pdf', '%PDF-1.4 judgment');
    ok(await callFunction('service-send', { requestId: 'serve-0001', caseId, document: { title: '民事判决书', file: judgment } }, CLERK.openid));
    const serviceId = ok(await callFunction('service-inbox', {}, WU.openid)).items[0]?.serviceId ?? '';
    const reads = await Promise.all(
      ['read-0101', 'read-0102', 'read-0103', 'read-0104'].map((requestId) => callFunction('service-read', { requestId, serviceId }, WU.openid)),
    );
    // Each opens the document, or is told it was read meanwhile; none records a second read.
    for (const reply of reads) expect(reply.result.ok || reply.result.error?.code === 'CONFLICT').toBe(true);
    const events = (await db.collection('case_events').where({ caseId, action: 'service.read' }).count()) as { total: number };
    expect(events.total).toBe(1);
    const stored = await findById<{ readAt: Date }>(db, 'services', serviceId);
    const answered = reads.flatMap((r) => (r.result.ok ? [r.result.data.readAt] : []));
    expect(answered).toContain(stored?.readAt.toISOString());
    const proofs = ok(await callFunction('dossier-list', { caseId }, presiding)).documents.filter((d) => d.documentId === `proof:${serviceId}`);
    expect(proofs).toHaveLength(1);
    expect(ok(await callFunction('case-detail', { caseId }, WU.openid)).chainVerified).toBe(true);
  });

  it('FORBIDDEN to a party serving documents; INVALID_INPUT without a document', async () => {
    expect((await callFunction('service-send', { requestId: 'serve-0002', caseId, documentId: 'fee-notice' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await callFunction('service-send', { requestId: 'serve-0003', caseId }, CLERK.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await countOf('services')).toBe(0);
  });
});

describe('messages to the judge', () => {
  it('Mr Hu writes to the presiding judge, who answers; risky text is refused; strangers see nothing', async () => {
    ok(await callFunction('message-send', { requestId: 'msg-0001', caseId, text: '法官您好，我方已提交全部送货单，请查收。' }, HU.openid));
    await operation('POST', 'clock', { now: '2026-03-02T03:00:00.000Z' });
    ok(await callFunction('message-send', { requestId: 'msg-0002', caseId, text: '已收到，开庭时请携带原件。' }, presiding));
    const thread = ok(await callFunction('message-list', { caseId }, HU.openid));
    expect(thread.items.map((m) => [m.fromRole, m.mine])).toEqual([
      ['presiding-judge', false],
      ['plaintiff', true],
    ]);
    expect((await callFunction('message-send', { requestId: 'msg-0003', caseId, text: '我可以帮你办假证' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect((await callFunction('message-list', { caseId }, 'o-stranger')).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    ok(await callFunction('message-send', { requestId: 'msg-0001', caseId, text: '法官您好，我方已提交全部送货单，请查收。' }, HU.openid));
    expect(await countOf('messages')).toBe(2);
    const { messages } = await operation<{ messages: { touser: string }[] }>('GET', 'outbox');
    expect(messages.some((m) => m.touser === presiding)).toBe(true);
  });
});
