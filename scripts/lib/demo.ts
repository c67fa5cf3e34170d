import { sittingSlot } from '#domain/hearings';
import { chinaDate } from '#domain/time';
import { apply, connect, plan, readCourts } from './court-admin';
import { DEMO_COMPANY, DEMO_COURTS, DEMO_PARTIES, DEMO_STAFF } from './seed';

/**
 * The demo the emulator starts with: courts and staff provisioned as court IT does, parties
 * verified by face, and cases brought into different states by the actions themselves.
 */
export async function seedDemo(url: string, log: (line: string) => void): Promise<void> {
  const db = connect({ emulator: url, env: 'microcourt-local', secretId: 'demo', secretKey: 'demo' });
  if ((await readCourts(db)).size > 0) return;
  const now = new Date();
  for (const court of DEMO_COURTS) {
    await apply(db, plan('add-court', { id: court._id, code: court.code, name: court.name }, now, { courts: await readCourts(db) }));
    for (const division of court.divisions)
      await apply(db, plan('add-division', { court: court._id, id: division.id, name: division.name }, now, { courts: await readCourts(db) }));
    await apply(db, plan('set-court-info', { court: court._id, ...court.info }, now, { courts: await readCourts(db) }));
  }
  // The demo books its hearings from today's date, whatever the year: its courts sit on weekdays of a
  // year whose holiday calendar is not recorded yet (a real court keeps the default, refusing them).
  for (const court of DEMO_COURTS) await db.collection('courts').doc(court._id).update({ unrecordedYear: 'weekends' });
  const courts = await readCourts(db);
  for (const s of DEMO_STAFF)
    await apply(db, plan('add-staff', { openid: s._id, name: s.name, court: s.courtId, division: s.divisionId, roles: s.roles.join(',') }, now, { courts }));

  const post = async <T>(path: string, body: unknown, openid?: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  const call = async <T>(name: string, data: Record<string, unknown>, openid?: string): Promise<T> => {
    const reply = await post<{ result?: { ok: boolean; data?: T; error?: unknown } }>(`/call/${name}`, data, openid);
    if (!reply.result?.ok) throw new Error(`demo seed: ${name} failed: ${JSON.stringify(reply.result)}`);
    return reply.result.data as T;
  };
  const upload = async (openid: string, name: string, content: string) =>
    (
      (await (
        await fetch(`${url}/upload/uploads/${openid}/${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'x-wx-openid': openid }, body: content })
      ).json()) as { fileID: string }
    ).fileID;

  for (const party of DEMO_PARTIES) {
    // 实名认证 as the page runs it: open the face-check session, the phone's check, then the result.
    const started = await call<{ op: string; verifyId: string }>(
      'identity-verify',
      {
        op: 'start',
        requestId: `demo-verify-start-${party.openid}`,
        name: party.name,
        idNumber: party.idNumber,
        ...(party.kind === 'lawyer' ? { lawyer: { licence: '14401200010000001', firm: '广东某律师事务所' } } : {}),
      },
      party.openid,
    );
    if (started.op !== 'start') throw new Error('identity-verify did not open a face-check session');
    await post('/__/face', { verifyId: started.verifyId, openid: party.openid });
    await call('identity-verify', { op: 'finish', requestId: `demo-verify-${party.openid}`, verifyId: started.verifyId }, party.openid);
  }
  await apply(db, plan('approve-lawyer', { openid: 'lawyer-lin' }, now, { courts }));

  const [hu, , wu] = DEMO_PARTIES;
  if (!hu || !wu) return;
  const complaint = (n: number, cause: string, amountFen: number) => ({
    requestId: `demo-file-${n}`,
    courtId: 'gz-tianhe',
    caseType: 'civil-first-instance',
    cause,
    parties: [
      { kind: 'natural', role: 'plaintiff', name: hu.name, idNumber: hu.idNumber, mobile: '13800138000', address: '浙江省宁波市江北区人民路88号' },
      {
        kind: 'legal',
        role: 'defendant',
        name: DEMO_COMPANY.name,
        uscc: DEMO_COMPANY.uscc,
        representative: DEMO_COMPANY.representative,
        address: '广东省广州市天河区天河路385号',
      },
    ],
    claims: [{ text: `判令被告支付${amountFen / 100}元`, amountFen }],
    facts: '原告向被告供应服装，被告收货后经多次催告仍未支付货款，故诉至法院，请求依法判决。',
    service: { consent: true, mobile: '13800138000', addressConfirmed: true },
  });
  const file = (n: number, cause: string, amountFen: number) => call<{ filingId: string }>('filing-submit', complaint(n, cause, amountFen), hu.openid);
  const registrar = 'staff-registrar-li';

  await file(1, '买卖合同纠纷', 8_000_000);
  const second = await file(2, '服务合同纠纷', 3_000_000);
  await call(
    'filing-review',
    { requestId: 'demo-review-2', filingId: second.filingId, outcome: 'correction', items: ['被告的营业执照信息', '服务合同原件扫描件'] },
    registrar,
  );
  const third = await file(3, '借款合同纠纷', 12_000_000);
  await call('filing-review', { requestId: 'demo-review-3', filingId: third.filingId, outcome: 'accept', procedure: 'simplified' }, registrar);
  const fourth = await file(4, '买卖合同纠纷', 50_000_000);
  const { caseNumber } = await call<{ caseNumber: string }>(
    'filing-review',
    { requestId: 'demo-review-4', filingId: fourth.filingId, outcome: 'accept' },
    registrar,
  );
  const { presiding } = await call<{ presiding: { openid: string } }>(
    'case-assign',
    { requestId: 'demo-assign-4', caseId: fourth.filingId },
    'staff-leader-sun',
  );
  // 09:30 on the first working day ten days on: the second one-hour slot of the court's morning.
  const hearingAt = sittingSlot(chinaDate(new Date(Date.now() + 10 * 86_400_000)), 1, 60);
  await call(
    'hearing-schedule',
    { requestId: 'demo-hearing-4', caseId: fourth.filingId, startsAt: hearingAt.toISOString(), place: { kind: 'online' } },
    presiding.openid,
  );
  await call('fee-order', { requestId: 'demo-order-4', caseId: fourth.filingId }, hu.openid);
  await post(`/__/pay/${fourth.filingId}F1`, {});
  // The company answers the suit through its legal representative, by its credit code, with its licence and his certificate for the judge.
  const licence = await upload(wu.openid, '营业执照.pdf', '%PDF-1.4 demo business licence');
  const certificate = await upload(wu.openid, '法定代表人身份证明书.pdf', '%PDF-1.4 demo representative certificate');
  await call(
    'case-join',
    {
      requestId: 'demo-join-4',
      caseNumber,
      uscc: DEMO_COMPANY.uscc,
      representation: {
        capacity: 'legal-representative',
        proofs: [
          { kind: 'business-licence', file: licence },
          { kind: 'representative-certificate', file: certificate },
        ],
      },
      service: { consent: true, addressConfirmed: true },
    },
    wu.openid,
  );
  // The presiding judge examines the papers and recognises him: from now on he acts for the company.
  await call('case-verify', { op: 'representation', requestId: 'demo-examine-4', caseId: fourth.filingId, party: 1, decision: 'accept' }, presiding.openid);
  const fifth = await file(5, '房屋租赁合同纠纷', 2_000_000);
  await call(
    'filing-review',
    {
      requestId: 'demo-review-5',
      filingId: fifth.filingId,
      outcome: 'refuse',
      reasons: '原告与被告之间的争议已由仲裁委员会作出生效裁决，依法不属于人民法院受理民事诉讼的范围。',
    },
    registrar,
  );
  const delivery = await upload(hu.openid, '送货单.pdf', '%PDF-1.4 demo delivery note');
  await call(
    'evidence-add',
    { requestId: 'demo-evidence-4', caseId: fourth.filingId, items: [{ title: '送货单', proves: '被告已收到货物', file: delivery }] },
    hu.openid,
  );
  log(
    `  demo: 5 filings by 胡建国 (party-hu): awaiting review, awaiting correction, accepted with fee due, ${fourth.filingId} in trial with a hearing and the company defendant joined and recognised (party-wu), and one refused with its ruling served`,
  );
}
