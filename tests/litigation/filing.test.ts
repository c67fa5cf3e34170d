import { createHash } from 'node:crypto';
import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import { maskResidentId } from '#domain/identity';

import type { FilingSubmitInput } from '#schemas/filing';
import type { FilingReviewInput } from '#schemas/review';
import { callFunction, callWithAnyInput, operation, resetEmulator, ok, countOf as countInDb } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { HU, OTHER_REGISTRAR, REGISTRAR, residentId, seedCourts, upload, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);

const submit = (openid: string, input: unknown) => callWithAnyInput('filing-submit', input, openid);
const review = (openid: string, input: FilingReviewInput) => callFunction('filing-review', input, openid);
const detail = (openid: string, caseId: string) => callFunction('case-detail', { caseId }, openid);

beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
});

describe('filing-submit', () => {
  it('files Mr Hu’s complaint: received today, 7-day review clock, the fee previewed', async () => {
    const filed = ok(await submit(HU.openid, huComplaint('file-0001')));
    // 2026-03-02 is a Monday: the review ends on Monday 2026-03-09 (登记立案规定 第八条).
    expect(filed).toEqual({ filingId: expect.any(String), state: 'submitted', receivedOn: '2026-03-02', reviewDueOn: '2026-03-09', feePreviewFen: 880_000 });
    const mine = ok(await callFunction('case-list', { view: 'filings' }, HU.openid));
    expect(mine.items).toEqual([expect.objectContaining({ id: filed.filingId, kind: 'filing', stateLabel: '待审查', myRoles: ['plaintiff'] })]);
    const shown = ok(await detail(HU.openid, filed.filingId));
    expect(shown).toMatchObject({
      kind: 'filing',
      state: 'submitted',
      chainVerified: true,
      timeline: [{ seq: 1, label: '提交立案申请' }],
      deadlines: [{ label: '法院审查期限', date: '2026-03-09', daysLeft: 7 }],
    });
    expect(JSON.stringify(shown)).not.toContain(HU.idNumber);
  });

  it('attaches evidence with a server-side SHA-256, and refuses a file from someone else’s upload area', async () => {
    const mine = await upload(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
    const filed = ok(await submit(HU.openid, huComplaint('file-0002', { evidence: [{ title: '送货单', proves: '被告已收货', file: mine }] })));
    const data = await findById<{ evidence: { file: { sha256: string; fileID: string } }[] }>(db, 'filings', filed.filingId);
    expect(data?.evidence[0]?.file.sha256).toBe(createHash('sha256').update('%PDF-1.4 delivery note').digest('hex'));
    expect(data?.evidence[0]?.file.fileID).toContain(`/cases/${filed.filingId}/evidence/`);
    const theirs = await upload(WU.openid, '伪造.pdf', '%PDF-1.4 forged');
    const refused = await submit(HU.openid, huComplaint('file-0003', { evidence: [{ title: '他人文件', proves: '无关内容', file: theirs }] }));
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('NOT_VERIFIED before real-name verification', async () => {
    const reply = await submit(WU.openid, huComplaint('file-0004'));
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
  });

  it('FORBIDDEN: a verified stranger filing in Mr Hu’s name', async () => {
    await verify(WU);
    const reply = await submit(WU.openid, huComplaint('file-0005'));
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await countOf('filings')).toBe(0);
  });

  it('INVALID_INPUT with Chinese field messages, and nothing written', async () => {
    const input = huComplaint('file-0006');
    const reply = await submit(HU.openid, { ...input, parties: [{ ...input.parties[0], idNumber: '330203198003051230' }], claims: [] });
    expect(reply.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'parties.0.idNumber': expect.stringContaining('校验位'), claims: '至少一项诉讼请求' } },
    });
    expect(await countOf('filings')).toBe(0);
    expect(await countOf('case_events')).toBe(0);
  });

  it('a retried submission files once', async () => {
    const first = await submit(HU.openid, huComplaint('file-0007'));
    const again = await submit(HU.openid, huComplaint('file-0007'));
    expect(again.result).toEqual(first.result);
    expect(await countOf('filings')).toBe(1);
  });
});

describe('filing-review', () => {
  let filingId: string;
  beforeEach(async () => {
    filingId = ok(await submit(HU.openid, huComplaint('file-0100'))).filingId;
  });

  it('asks for one correction; the resubmission restarts the 7-day clock; acceptance numbers the case and issues the fee notice', async () => {
    const queue = ok(await callFunction('workbench', { op: 'review-queue' }, REGISTRAR.openid));
    expect(queue).toMatchObject({ filings: [{ filingId, reviewDueOn: '2026-03-09' }], pendingCount: 1 });

    const correction = ok(
      await review(REGISTRAR.openid, { requestId: 'review-0001', filingId, outcome: 'correction', items: ['被告的营业执照信息', '送货单原件扫描件'] }),
    );
    expect(correction).toEqual({ filingId, state: 'correction', correctionItems: ['被告的营业执照信息', '送货单原件扫描件'] });
    expect(ok(await detail(HU.openid, filingId))).toMatchObject({
      state: 'correction',
      stateLabel: '待补正',
      correctionItems: ['被告的营业执照信息', '送货单原件扫描件'],
    });

    await operation('POST', 'clock', { now: '2026-03-05T02:00:00.000Z' });
    const resubmitted = ok(await submit(HU.openid, huComplaint('file-0101', { filingId })));
    expect(resubmitted).toMatchObject({ filingId, reviewDueOn: '2026-03-12' });

    const accepted = ok(await review(REGISTRAR.openid, { requestId: 'review-0002', filingId, outcome: 'accept' }));
    expect(accepted).toEqual({
      filingId,
      state: 'accepted',
      caseId: filingId,
      caseNumber: '（2026）粤0106民初1号',
      fee: { noticeId: `${filingId}-fee-1`, feeFen: 880_000, dueOn: '2026-03-12' },
    });

    const shown = ok(await detail(HU.openid, filingId));
    expect(shown).toMatchObject({
      kind: 'case',
      caseNumber: '（2026）粤0106民初1号',
      courtName: '广州市天河区人民法院',
      stateLabel: '已立案',
      fee: { feeFen: 880_000, dueOn: '2026-03-12', state: 'unpaid' },
      deadlines: [
        { label: '预交诉讼费截止', date: '2026-03-12', daysLeft: 7 },
        { label: '审理期限届满', date: '2026-09-05', daysLeft: 184 },
      ],
      chainVerified: true,
    });
    expect(shown.timeline.map((e) => e.label)).toEqual(['提交立案申请', '通知补正', '补正后重新提交', '立案受理']);
    const { messages } = await operation<{ messages: { touser: string }[] }>('GET', 'outbox');
    expect(messages.filter((m) => m.touser === HU.openid)).toHaveLength(2);
  });

  it('a correction goes back to the court that asked for it: a resubmission to another court is refused and changes nothing', async () => {
    ok(await review(REGISTRAR.openid, { requestId: 'review-0901', filingId, outcome: 'correction', items: ['送货单原件扫描件'] }));
    const elsewhere = await submit(HU.openid, huComplaint('file-0901', { filingId, courtId: 'gz-yuexiu' }));
    const message = '补正材料应向原审查法院（广州市天河区人民法院）提交；如需向其他法院起诉，请重新提交立案申请';
    expect(elsewhere.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message, fields: { courtId: message } } });
    expect(await findById(db, 'filings', filingId)).toMatchObject({ courtId: 'gz-tianhe', state: 'correction' });
    expect(ok(await callFunction('workbench', { op: 'review-queue' }, OTHER_REGISTRAR.openid))).toMatchObject({ filings: [], pendingCount: 0 });
  });

  it('the public QR query shows the case without a single name or number of a person', async () => {
    ok(await review(REGISTRAR.openid, { requestId: 'review-0003', filingId, outcome: 'accept', procedure: 'simplified' }));
    const stored = await findById<{ publicCode: string }>(db, 'cases', filingId);
    const reply = await callWithAnyInput('case-query', { code: stored?.publicCode });
    expect(reply.result).toEqual({
      ok: true,
      data: { caseNumber: '（2026）粤0106民初1号', courtName: '广州市天河区人民法院', cause: '买卖合同纠纷', stateLabel: '已立案', filedOn: '2026-03-02' },
    });
    expect(JSON.stringify(reply.result)).not.toMatch(/胡建国|广州某贸易|1380013/);
  });

  it('refuses by a ruling the filer is served: the reasons, the ruling in their documents and inbox, and 10 days to appeal from service', async () => {
    const reasons = '原告与被告之间的争议已由仲裁委员会作出生效裁决，依法不属于人民法院受理民事诉讼的范围。';
    expect((await review(REGISTRAR.openid, { requestId: 'review-0301', filingId, outcome: 'refuse', reasons: '不受理' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { reasons: '请写明不予受理的理由（至少10字）' } },
    });
    expect((await findById<{ state: string }>(db, 'filings', filingId))?.state).toBe('submitted');
    ok(await review(REGISTRAR.openid, { requestId: 'review-0302', filingId, outcome: 'refuse', reasons }));

    // 2026-03-02 served on arrival (address confirmed): 10 days → Thursday 2026-03-12 (民事诉讼法 第一百七十一条).
    const shown = ok(await detail(HU.openid, filingId));
    expect(shown).toMatchObject({
      state: 'refused',
      stateLabel: '不予受理',
      refusal: { reasons, decidedOn: '2026-03-02', rulingDocumentId: 'refusal-ruling', servedOn: '2026-03-02', appealDueOn: '2026-03-12' },
      deadlines: [{ label: '不服裁定的上诉期', date: '2026-03-12', daysLeft: 10 }],
      documents: [
        expect.objectContaining({ id: 'refusal-ruling', kind: 'refusal-ruling', title: '民事裁定书（不予受理）' }),
        // Served on arrival: its proof of service (送达回证) is issued at once (民事诉讼法 第八十七条).
        expect.objectContaining({ kind: 'service-proof', title: '送达回证（民事裁定书（不予受理））' }),
      ],
    });
    expect(ok(await detail(REGISTRAR.openid, filingId)).refusal).toMatchObject({ appealDueOn: '2026-03-12' });

    const inbox = ok(await callFunction('service-inbox', {}, HU.openid));
    expect(inbox.items).toEqual([expect.objectContaining({ caseId: filingId, title: '民事裁定书（不予受理）', servedAt: '2026-03-02T02:00:00.000Z' })]);
    const read = ok(await callFunction('service-read', { requestId: 'read-0301', serviceId: inbox.items[0]?.serviceId ?? '' }, HU.openid));
    const ruling = await (await fetch(read.url)).text();
    expect(ruling).toContain('民事裁定书');
    expect(ruling).toContain(reasons);
    expect(ruling).toContain('十日内');
    const { messages } = await operation<{ messages: { touser: string; data: Record<string, { value: string }> }[] }>('GET', 'outbox');
    expect(messages.filter((m) => m.touser === HU.openid).map((m) => Object.values(m.data).map((v) => v.value))).toEqual([
      expect.arrayContaining(['不予受理']),
      expect.arrayContaining(['民事裁定书（不予受理）']),
    ]);
  });

  it('a filer who refused e-service is served the ruling off the platform: on the registrar’s list until the registrar records it', async () => {
    const offline = ok(
      await submit(HU.openid, huComplaint('file-0320', { service: { consent: false, mobile: '13800138000', addressConfirmed: false } })),
    ).filingId;
    ok(await review(REGISTRAR.openid, { requestId: 'review-0320', filingId: offline, outcome: 'refuse', reasons: '本案不属于人民法院受理民事诉讼的范围。' }));
    expect(ok(await callFunction('service-inbox', {}, HU.openid)).items).toEqual([]);
    const list = ok(await callFunction('service-inbox', { view: 'offline' }, REGISTRAR.openid)).items;
    expect(list).toEqual([
      expect.objectContaining({ caseId: offline, title: '民事裁定书（不予受理）', partyName: HU.name, address: '浙江省宁波市江北区人民路88号' }),
    ]);
    const serviceId = list[0]?.serviceId ?? '';
    // Only the registrar whose list it is on records it; a registrar of another court cannot.
    const entry = { requestId: 'offline-0320', caseId: offline, offlineService: { serviceId, method: 'post', servedOn: '2026-03-04' } } as const;
    await operation('POST', 'clock', { now: '2026-03-05T02:00:00.000Z' });
    expect((await callFunction('service-send', entry, OTHER_REGISTRAR.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await callFunction('service-send', entry, REGISTRAR.openid)).recorded).toEqual({ serviceId, method: 'post', servedOn: '2026-03-04' });
    expect(ok(await callFunction('service-inbox', { view: 'offline' }, REGISTRAR.openid)).items).toEqual([]);
    // Served by post on 03-04: 10 days end on Saturday 03-14, so Monday 03-16 (民事诉讼法 第八十五条、第一百七十一条).
    const shown = ok(await detail(HU.openid, offline));
    expect(shown.refusal).toMatchObject({ servedOn: '2026-03-04', appealDueOn: '2026-03-16' });
    expect(shown.timeline.map((e) => e.action)).toEqual(['filing.submitted', 'filing.refused', 'service.recorded']);
    expect(shown.chainVerified).toBe(true);
  });

  it('a ruling served on an unconfirmed address takes effect when read, and the appeal period runs from that day', async () => {
    const unconfirmed = ok(
      await submit(HU.openid, huComplaint('file-0310', { service: { consent: true, mobile: '13800138000', addressConfirmed: false } })),
    ).filingId;
    ok(
      await review(REGISTRAR.openid, { requestId: 'review-0310', filingId: unconfirmed, outcome: 'refuse', reasons: '本案不属于人民法院受理民事诉讼的范围。' }),
    );
    expect(ok(await detail(HU.openid, unconfirmed)).refusal).not.toHaveProperty('appealDueOn');
    await operation('POST', 'clock', { now: '2026-03-04T02:00:00.000Z' });
    const [served] = ok(await callFunction('service-inbox', {}, HU.openid)).items.filter((i) => i.caseId === unconfirmed);
    ok(await callFunction('service-read', { requestId: 'read-0310', serviceId: served?.serviceId ?? '' }, HU.openid));
    const shown = ok(await detail(HU.openid, unconfirmed));
    expect(shown.refusal).toMatchObject({ servedOn: '2026-03-04', appealDueOn: '2026-03-16' });
    expect(shown.documents.map((d) => d.kind)).toEqual(['refusal-ruling', 'service-proof']);
    expect(shown.timeline.map((e) => e.label)).toEqual(['提交立案申请', '不予受理', '受送达人阅读送达文书']);
    expect(shown.chainVerified).toBe(true);
  });

  it('refuses with reasons, and the filing cannot be reviewed again', async () => {
    ok(await review(REGISTRAR.openid, { requestId: 'review-0004', filingId, outcome: 'refuse', reasons: '本案不属于人民法院受理民事诉讼的范围。' }));
    const again = await review(REGISTRAR.openid, { requestId: 'review-0005', filingId, outcome: 'accept' });
    expect(again.result).toMatchObject({ ok: false, error: { code: 'STATE' } });
  });

  it('FORBIDDEN to a registrar of another court, and to a party', async () => {
    expect((await review(OTHER_REGISTRAR.openid, { requestId: 'review-0006', filingId, outcome: 'accept' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await review(HU.openid, { requestId: 'review-0007', filingId, outcome: 'accept' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await detail(WU.openid, filingId)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a retried acceptance answers the first result: one case, one number', async () => {
    const first = await review(REGISTRAR.openid, { requestId: 'review-0008', filingId, outcome: 'accept' });
    const again = await review(REGISTRAR.openid, { requestId: 'review-0008', filingId, outcome: 'accept' });
    expect(again.result).toEqual(first.result);
    expect(await countOf('cases')).toBe(1);
  });

  it.each(['cases', 'filings', 'case_events', 'counters'])('an injected failure writing %s leaves no half-accepted case', async (collection) => {
    await operation('POST', 'faults', { writes: [{ collection, nth: 1 }] });
    const failed = await review(REGISTRAR.openid, { requestId: 'review-0009', filingId, outcome: 'accept' });
    expect(failed.result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await countOf('cases')).toBe(0);
    expect((await findById<{ state: string }>(db, 'filings', filingId))?.state).toBe('submitted');
    expect(await countOf('counters')).toBe(0);
    const retried = ok(await review(REGISTRAR.openid, { requestId: 'review-0009', filingId, outcome: 'accept' }));
    expect(retried.caseNumber).toBe('（2026）粤0106民初1号');
  });

  it('asks for a correction once (一次性告知): after the resubmission the registrar accepts or refuses, and a second notice is refused', async () => {
    ok(await review(REGISTRAR.openid, { requestId: 'review-0201', filingId, outcome: 'correction', items: ['被告的营业执照信息'] }));
    ok(await submit(HU.openid, huComplaint('file-0201', { filingId })));
    expect((await review(REGISTRAR.openid, { requestId: 'review-0202', filingId, outcome: 'correction', items: ['送货单原件扫描件'] })).result).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: '已一次性告知补正，补正后的立案申请只能受理或不予受理' },
    });
    expect((await findById<{ state: string; correction: { items: string[] } }>(db, 'filings', filingId))?.correction.items).toEqual(['被告的营业执照信息']);
    expect(ok(await review(REGISTRAR.openid, { requestId: 'review-0203', filingId, outcome: 'accept' }))).toMatchObject({ state: 'accepted' });
  });

  it('flags a filing still undecided after its last day of review (登记立案规定 第八条) in the registrar’s queue', async () => {
    const onTime = ok(await callFunction('workbench', { op: 'review-queue' }, REGISTRAR.openid));
    expect(onTime).toMatchObject({ filings: [{ filingId, reviewDueOn: '2026-03-09', state: 'later' }], overdueCount: 0 });
    await operation('POST', 'clock', { now: '2026-03-10T02:00:00.000Z' });
    const late = ok(await callFunction('workbench', { op: 'review-queue' }, REGISTRAR.openid));
    expect(late).toMatchObject({ filings: [{ filingId, state: 'overdue', daysLeft: -1 }], overdueCount: 1 });
    expect(ok(await callFunction('case-list', { view: 'filings' }, HU.openid)).items).toEqual([
      expect.objectContaining({ id: filingId, alerts: ['review-overdue'] }),
    ]);
  });

  it('INVALID_INPUT: a correction notice must list what is missing', async () => {
    const reply = await review(REGISTRAR.openid, { requestId: 'review-0010', filingId, outcome: 'correction', items: [] });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { items: '请列明需要补正的全部事项' } } });
  });
});

describe('filing-draft', () => {
  it('saves a draft sealed, resumes it with the ID number and mobile masked, and keeps it from anyone else', async () => {
    const draft = { cause: '买卖合同纠纷', parties: [{ name: HU.name, idNumber: HU.idNumber, mobile: '13800138000' }] };
    const saved = ok(await callFunction('filing-draft', { requestId: 'draft-0001', draft }, HU.openid));
    const draftId = saved.drafts[0]?.draftId ?? '';
    const stored = await findById<Record<string, unknown>>(db, 'filing_drafts', draftId);
    expect(JSON.stringify(stored)).not.toContain(HU.idNumber);
    // The answer kept for a retry (issue 17: it held the draft whole, the ID number and mobile in clear).
    const kept = JSON.stringify(((await db.collection('idempotency').get()) as { data: unknown[] }).data);
    expect(kept).not.toContain(HU.idNumber);
    expect(kept).not.toContain('13800138000');
    const masked = { cause: '买卖合同纠纷', parties: [{ name: HU.name, idNumber: maskResidentId(HU.idNumber), mobile: '138****8000' }] };
    expect(ok(await callFunction('filing-draft', {}, HU.openid)).drafts).toEqual([expect.objectContaining({ draftId, draft: masked })]);
    ok(await callFunction('filing-draft', { requestId: 'draft-0002', draftId, draft: { ...draft, cause: '借款合同纠纷' } }, HU.openid));
    expect(ok(await callFunction('filing-draft', { draftId }, HU.openid)).drafts[0]?.draft?.cause).toBe('借款合同纠纷');
    expect((await callFunction('filing-draft', { draftId }, WU.openid)).result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await callWithAnyInput('filing-draft', { draft }, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('time limits on the workbench', () => {
  it('flags an unpaid fee past its 7 days on the case list', async () => {
    const filingId = ok(await submit(HU.openid, huComplaint('file-0200'))).filingId;
    ok(await review(REGISTRAR.openid, { requestId: 'review-0200', filingId, outcome: 'accept' }));
    await operation('POST', 'clock', { now: '2026-03-10T02:00:00.000Z' });
    const list = ok(await callFunction('case-list', { view: 'cases' }, REGISTRAR.openid));
    expect(list.items).toEqual([expect.objectContaining({ id: filingId, alerts: ['fee-overdue'] })]);
    expect(ok(await detail(HU.openid, filingId)).fee).toMatchObject({ state: 'overdue' });
  });
});

describe('a company plaintiff (民事诉讼法 第五十一条; 登记立案规定 第六条、第七条)', () => {
  const TENCENT = { name: '腾讯科技（深圳）有限公司', uscc: '9144030071526726XG', representative: '马化腾' };
  const companyComplaint = (requestId: string, extra: Partial<FilingSubmitInput> = {}): FilingSubmitInput => {
    const base = huComplaint(requestId);
    return {
      ...base,
      parties: [{ kind: 'legal', role: 'plaintiff', ...TENCENT, address: '广东省深圳市南山区科技中一路腾讯大厦' }, ...base.parties.slice(1)],
      ...extra,
    };
  };

  it('a citizen cannot file as a company by typing its name: as its representative the verified name must be the one registered', async () => {
    expect((await submit(HU.openid, companyComplaint('file-0401'))).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const posing = await submit(HU.openid, companyComplaint('file-0402', { representation: { forParty: 0, capacity: 'legal-representative', proofs: [] } }));
    expect(posing.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('法定代表人不一致') } });
    expect(await countOf('filings')).toBe(0);
  });

  it('an agent without proof is flagged: the registrar sees what is unproven, cannot accept, and the one correction notice asks for it', async () => {
    const filed = ok(await submit(HU.openid, companyComplaint('file-0403', { representation: { forParty: 0, capacity: 'authorised-agent', proofs: [] } })));
    expect(filed.missingProofs).toEqual(['营业执照', '授权委托书']);
    const unproven = { party: TENCENT.name, capacity: '委托代理人', actorName: HU.name, supplied: [], missing: ['营业执照', '授权委托书'], state: 'unproven' };
    expect(ok(await detail(REGISTRAR.openid, filed.filingId)).representation).toEqual([expect.objectContaining(unproven)]);

    const accepted = await review(REGISTRAR.openid, { requestId: 'review-0403', filingId: filed.filingId, outcome: 'accept' });
    expect(accepted.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('缺少营业执照、授权委托书') } });
    expect(await countOf('cases')).toBe(0);

    const correction = ok(
      await review(REGISTRAR.openid, { requestId: 'review-0404', filingId: filed.filingId, outcome: 'correction', items: ['送货单原件扫描件'] }),
    );
    expect(correction).toEqual({
      filingId: filed.filingId,
      state: 'correction',
      correctionItems: ['送货单原件扫描件', `${TENCENT.name}的营业执照`, `${TENCENT.name}的授权委托书`],
      unprovenRepresentation: [{ party: TENCENT.name, capacity: '委托代理人', missing: ['营业执照', '授权委托书'] }],
    });

    const licence = await upload(HU.openid, '营业执照.pdf', '%PDF-1.4 licence');
    const letter = await upload(HU.openid, '授权委托书.pdf', '%PDF-1.4 authorisation');
    const proofs = [
      { kind: 'business-licence', file: licence },
      { kind: 'authorisation', file: letter },
    ] as const;
    const resubmitted = ok(
      await submit(
        HU.openid,
        companyComplaint('file-0405', { filingId: filed.filingId, representation: { forParty: 0, capacity: 'authorised-agent', proofs: [...proofs] } }),
      ),
    );
    expect(resubmitted).not.toHaveProperty('missingProofs');
    expect(ok(await detail(REGISTRAR.openid, filed.filingId)).representation).toEqual([
      expect.objectContaining({ supplied: ['营业执照', '授权委托书'], missing: [], state: 'to-examine', stateLabel: '证明材料待审核' }),
    ]);
    ok(await review(REGISTRAR.openid, { requestId: 'review-0405', filingId: filed.filingId, outcome: 'accept' }));
    const shown = ok(await detail(HU.openid, filed.filingId));
    expect(shown.myRoles).toEqual(['agent']);
    expect(shown.representation).toEqual([expect.objectContaining({ state: 'examined' })]);
    expect(shown.documents.filter((d) => d.kind === 'representation-proof').map((d) => d.title)).toEqual([
      `营业执照（${TENCENT.name}）`,
      `授权委托书（${TENCENT.name}）`,
    ]);
  });

  it('a citizen naming a company as his co-plaintiff proves nothing for it: listed unproven, acceptance refused, the correction asks its papers', async () => {
    const base = huComplaint('file-0407');
    const together = {
      ...base,
      parties: [base.parties[0], { kind: 'legal', role: 'plaintiff', ...TENCENT, address: '广东省深圳市南山区科技中一路腾讯大厦' }, ...base.parties.slice(1)],
    };
    const filed = ok(await submit(HU.openid, together));
    const unproven = [{ party: TENCENT.name, capacity: '法定代表人', missing: ['营业执照', '法定代表人身份证明书'] }];

    const accepted = await review(REGISTRAR.openid, { requestId: 'review-0407', filingId: filed.filingId, outcome: 'accept' });
    expect(accepted.result).toMatchObject({
      ok: false,
      error: { code: 'STATE', message: expect.stringContaining(`${TENCENT.name}的法定代表人资格未证明（缺少营业执照、法定代表人身份证明书）`) },
    });
    expect(await countOf('cases')).toBe(0);
    expect(
      ok(await review(REGISTRAR.openid, { requestId: 'review-0408', filingId: filed.filingId, outcome: 'correction', items: ['送货单原件扫描件'] })),
    ).toEqual({
      filingId: filed.filingId,
      state: 'correction',
      correctionItems: ['送货单原件扫描件', `${TENCENT.name}的营业执照`, `${TENCENT.name}的法定代表人身份证明书`],
      unprovenRepresentation: unproven,
    });
  });

  it('the registered legal representative files for the company with the licence and the certificate', async () => {
    const ma = { openid: 'o-ma', name: TENCENT.representative, idNumber: residentId('44030419711029001') };
    await verify(ma);
    const proofs = [
      { kind: 'business-licence' as const, file: await upload(ma.openid, '营业执照.pdf', '%PDF-1.4 licence') },
      { kind: 'representative-certificate' as const, file: await upload(ma.openid, '法定代表人身份证明书.pdf', '%PDF-1.4 certificate') },
    ];
    const filed = ok(await submit(ma.openid, companyComplaint('file-0406', { representation: { forParty: 0, capacity: 'legal-representative', proofs } })));
    expect(filed).not.toHaveProperty('missingProofs');
    expect(ok(await review(REGISTRAR.openid, { requestId: 'review-0406', filingId: filed.filingId, outcome: 'accept' }))).toMatchObject({ state: 'accepted' });
    expect(ok(await detail(ma.openid, filed.filingId)).myRoles).toEqual(['plaintiff']);
  });
});
