import { findById, type Database } from '#runtime';
import type { CaseRecord } from '#usecases/records';
import type { MediatorRosterInput } from '#schemas/mediation';
import { Environments } from '#contract';
import { callFunction, emulatorUrl, ok, resetEmulator } from './emulator';
import { acceptedHuCase, recogniseRepresentative, wuJoinsFor } from './filing';
import { CLERK, faceCheckOnPhone, HU, REGISTRAR, residentId, seedCourts, verify, WU } from './people';

/** Tianhe's mediation office (诉调对接中心), an invited mediator, and the president. */
export const OFFICE = { openid: 'o-mediation-office', name: '诉调对接中心' };
export const MEDIATOR = { openid: 'o-mediator-liang', name: '梁调解员' };
export const MEDIATION_PRESIDENT = { openid: 'o-president-tianhe', name: '天河院长' };

export async function seedMediationStaff(db: Database): Promise<void> {
  const rows = [
    { _id: OFFICE.openid, name: OFFICE.name, courtId: 'gz-tianhe', roles: ['mediation-office'], active: true },
    { _id: MEDIATOR.openid, name: MEDIATOR.name, courtId: 'gz-tianhe', roles: ['mediator'], active: true },
    { _id: MEDIATION_PRESIDENT.openid, name: MEDIATION_PRESIDENT.name, courtId: 'gz-tianhe', roles: ['president'], active: true },
  ];
  await db.collection('staff').add({ data: rows });
  await db.collection('users').add({ data: rows.map(({ _id, name, ...staff }) => ({ _id, kind: 'staff', name, staff })) });
}

/** Mediator Liang's profile on the roster (在线调解规则 第五条第二款). */
export const mediatorProfile = (requestId: string): MediatorRosterInput => ({
  op: 'save',
  requestId,
  mediator: MEDIATOR.openid,
  name: MEDIATOR.name,
  mediatorKind: 'invited-mediator',
  organisation: '天河区人民调解委员会',
  introduction: '从事商事纠纷调解十年',
  caseRange: ['买卖合同纠纷', '民间借贷纠纷'],
  specialities: ['商事'],
  feeCharged: false,
});

/** The page uploads to the environment of the function it calls (wx.cloud.uploadFile with `config.env`): mediation's is court-2. */
export async function uploadToMediation(openid: string, name: string, content: string | Buffer): Promise<string> {
  const res = await fetch(`${emulatorUrl()}/upload/uploads/${openid}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid, 'x-wx-env': Environments['court-2'].localId },
    body: content,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

let faceChecks = 0;
/** The phone starts a face check for one purpose (identity-verify op 'check') and the person passes it. */
export async function faceFor(openid: string, purpose: string): Promise<string> {
  faceChecks += 1;
  const started = ok(await callFunction('identity-verify', { op: 'check', requestId: `face-check-${faceChecks}`, purpose }, openid));
  if (started.op !== 'check') throw new Error('expected a face check');
  await faceCheckOnPhone(started.verifyId, openid);
  return started.verifyId;
}

/** Court staff who sign (the mediator, the judge) verify their identity as anyone does. */
const STAFF_IDS: Record<string, string> = {
  [MEDIATOR.openid]: residentId('44010619800101101'),
  'o-judge-chen': residentId('44010619700101102'),
  'o-judge-zhou': residentId('44010619700101103'),
  'o-judge-wu': residentId('44010619700101104'),
  'o-judge-he': residentId('44010619700101105'),
};
export const verifyStaff = (openid: string, name: string) => verify({ openid, name, idNumber: STAFF_IDS[openid] ?? '' });

export const signature = (openid: string) => uploadToMediation(openid, '签名.png', Buffer.from(`signature of ${openid}`));

/** Mr Hu applies to mediate his dispute with Mr Wu before suing; the office accepts and designates Mediator Liang, who accepts; Mr Wu agrees. */
export async function preFilingInSession(tag: string, wuConfirmsAddress = true, cause = '买卖合同纠纷'): Promise<string> {
  const material = await uploadToMediation(HU.openid, '送货单.pdf', '%PDF-1.4 delivery note');
  const applied = ok(await callFunction('mediation-apply', huApplication(`apply-${tag}`, material, cause), HU.openid));
  const id = applied.mediationId;
  ok(await callFunction('mediation-apply', { op: 'screen', requestId: `screen-${tag}`, mediationId: id, decision: 'accept' }, OFFICE.openid));
  ok(await callFunction('mediation-assign', { op: 'designate', requestId: `designate-${tag}`, mediationId: id, mediator: MEDIATOR.openid }, OFFICE.openid));
  ok(await callFunction('mediation-assign', { op: 'accept', requestId: `accept-${tag}`, mediationId: id }, MEDIATOR.openid));
  ok(
    await callFunction(
      'mediation-apply',
      { op: 'respond', requestId: `respond-${tag}`, mediationId: id, consent: true, addressConfirmed: wuConfirmsAddress },
      WU.openid,
    ),
  );
  return id;
}

/** Mr Wu pays Mr Hu 450,000 yuan in two instalments. */
export const terms = [
  {
    debtor: 1,
    creditor: 0,
    amountFen: 45_000_000,
    instalments: [
      { amountFen: 25_000_000, dueOn: '2026-04-30' },
      { amountFen: 20_000_000, dueOn: '2026-05-31' },
    ],
  },
];

/** Mr Hu's application to mediate his claim against Mr Wu before suing (在线调解规则 第八条), with one material. */
export const huApplication = (requestId: string, material: string, cause = '买卖合同纠纷') => ({
  op: 'apply' as const,
  requestId,
  courtId: 'gz-tianhe',
  cause,
  summary: '吴海涛购买服装一批，尚欠货款五十万元未付。',
  amountFen: 50_000_000,
  respondent: { name: WU.name, idNumber: WU.idNumber, mobile: '13900139000' },
  mobile: '13800138000',
  consent: true as const,
  addressConfirmed: true as const,
  materials: [material],
});

/** Every mediation test's world: Tianhe's courts and mediation staff, Mr Hu and Mr Wu verified, Mediator Liang verified and on the roster. */
export async function mediationWorld(db: Database): Promise<void> {
  await resetEmulator();
  await seedCourts(db);
  await seedMediationStaff(db);
  await verify(HU);
  await verify(WU);
  await verifyStaff(MEDIATOR.openid, MEDIATOR.name);
  ok(await callFunction('mediator-roster', mediatorProfile('roster-0001'), OFFICE.openid));
}

/** One statement in a session, by whoever is speaking. */
export const say = (mediationId: string, sessionId: string | undefined, text: string, openid: string, requestId: string) =>
  callFunction('mediation-session', { op: 'say', requestId, mediationId, sessionId: sessionId ?? '', text }, openid);

/**
 * A mediation in Mr Hu's suit: the case accepted and assigned, the company answering through Mr Wu (consenting to
 * e-service or not), the presiding judge proposing mediation (by himself, or by a mediator of the roster) and both
 * parties consenting.
 */
export async function mediationInHuCase(
  db: Database,
  wuService = { consent: true, addressConfirmed: true },
  mediatedBy: 'judge' | 'roster' = 'judge',
): Promise<{ caseId: string; caseNumber: string; judge: string; clerk: string; mediationId: string }> {
  const { caseId, caseNumber } = await acceptedHuCase();
  ok(await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid));
  const assigned = await findById<CaseRecord>(db, 'cases', caseId);
  const judge = assigned?.panel?.presiding.openid ?? '';
  const clerk = assigned?.panel?.clerk?.openid ?? CLERK.openid;
  await verifyStaff(judge, assigned?.panel?.presiding.name ?? '');
  const joined = ok(await callFunction('case-join', await wuJoinsFor('join-0001', caseNumber, wuService), WU.openid));
  if (joined.awaitingExamination) await recogniseRepresentative(caseId, clerk);
  const mediationId = ok(await callFunction('mediation-apply', { op: 'propose', requestId: 'propose-0001', caseId, mediatedBy }, judge)).mediationId;
  ok(await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0001', mediationId, consent: true }, HU.openid));
  ok(await callFunction('mediation-apply', { op: 'respond', requestId: 'respond-0002', mediationId, consent: true }, WU.openid));
  return { caseId, caseNumber, judge, clerk, mediationId };
}

/** Judge Chen drafts the agreement in Mr Hu's suit: the instalments, and the halved fee borne by Mr Hu. */
export const judgeDrafts = async (mediationId: string, judge: string) =>
  ok(
    await callFunction(
      'mediation-agreement',
      { op: 'draft', requestId: 'draft-0001', mediationId, facts: '原告向被告供应服装，被告欠付货款', terms, feeBearing: '减半收取的案件受理费由原告负担' },
      judge,
    ),
  );
