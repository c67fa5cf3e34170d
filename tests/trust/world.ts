import cloud from 'wx-server-sdk';
import { Environments, type ActionInput, type ActionName, type ActionOutput } from '#contract';
import type { Matter } from '#domain/authorization';
import { findById } from '#runtime';
import type { CaseRecord, FilingRecord } from '#usecases/records';
import { deploymentOf } from '../../scripts/lib/plugins';
import { callFunction, FIXED_NOW, ok, operation, resetEmulator } from '../support/emulator';
import { huComplaint, recogniseRepresentative } from '../support/filing';
import { facePurposes } from '#domain/e-signature';
import { judgment, uploadToCourt2 } from '../support/enforcement';
import { faceCheckOnPhone, faceChecked, residentId, upload, verify, HU, WU } from '../support/people';

/*
 * The trust world: one seeded state over which the generated tests (who may call what, bad input,
 * retries, faults) run every action of the contract. It is built once through the actions
 * themselves, kept as an emulator snapshot (`/__/snapshot`), and restored after any call that
 * wrote, so a test never builds it twice.
 *
 * Two courts with two civil divisions each; staff of every role, one of them deactivated; parties,
 * a lawyer of another case, an agent whose mandate was revoked; Mr Hu's case against a company in
 * trial (the panel assigned, the company's representative recognised, the fee paid, a hearing set,
 * evidence, a document served, a message; ready to close), a filing under review, a bankruptcy open
 * for claims, and a case of his closed by judgment and archived, inside both appeal periods.
 *
 * To extend it for a new module: append one step to WORLD_STEPS that brings its matter about
 * through its own actions, and name in `ids` the ids its actions take (`mediationId`, …); the
 * matrix substitutes them by field name into every generated input. See tests/trust/README.md.
 */

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const pluginDb = cloud.database({ env: Environments.claims.localId });

export const TIANHE = {
  _id: 'gz-tianhe',
  code: '粤0106',
  name: '广州市天河区人民法院',
  divisions: [
    { id: 'tianhe-civil-1', name: '民事审判第一庭', hears: ['civil-first-instance'] },
    { id: 'tianhe-civil-2', name: '民事审判第二庭', hears: ['civil-first-instance'] },
    { id: 'tianhe-enforcement', name: '执行局', hears: ['enforcement'] },
  ],
  higherCourtId: 'gz-intermediate',
};
/** The court above Tianhe (上一级法院): its president decides a second extension of a limit. */
export const INTERMEDIATE = { _id: 'gz-intermediate', code: '粤01', name: '广州市中级人民法院', divisions: [] };
export const YUEXIU = {
  _id: 'gz-yuexiu',
  code: '粤0104',
  name: '广州市越秀区人民法院',
  divisions: [
    { id: 'yuexiu-civil-1', name: '民事审判第一庭', hears: ['civil-first-instance'] },
    { id: 'yuexiu-civil-2', name: '民事审判第二庭', hears: ['civil-first-instance'] },
  ],
};

type StaffRole = 'registrar' | 'judge' | 'clerk' | 'executor' | 'leader' | 'administrator' | 'president' | 'mediator' | 'mediation-office';
interface StaffPerson {
  openid: string;
  name: string;
  courtId: string;
  divisionId?: string;
  roles: StaffRole[];
}

const ALL_STAFF_ROLES: StaffRole[] = ['registrar', 'judge', 'clerk', 'executor', 'leader', 'administrator', 'president', 'mediator', 'mediation-office'];

/** Court staff as court IT provisions them. */
export const STAFF = {
  registrar: { openid: 'w-registrar-tianhe', name: '天河立案', courtId: TIANHE._id, roles: ['registrar'] },
  leader: { openid: 'w-leader-tianhe-1', name: '孙庭长', courtId: TIANHE._id, divisionId: 'tianhe-civil-1', roles: ['leader', 'judge'] },
  judgeA: { openid: 'w-judge-tianhe-1a', name: '陈法官', courtId: TIANHE._id, divisionId: 'tianhe-civil-1', roles: ['judge'] },
  judgeB: { openid: 'w-judge-tianhe-1b', name: '周法官', courtId: TIANHE._id, divisionId: 'tianhe-civil-1', roles: ['judge'] },
  clerk: { openid: 'w-clerk-tianhe-1', name: '王书记员', courtId: TIANHE._id, divisionId: 'tianhe-civil-1', roles: ['clerk'] },
  president: { openid: 'w-president-tianhe', name: '天河院长', courtId: TIANHE._id, roles: ['president'] },
  administrator: { openid: 'w-administrator', name: '君信律师事务所（管理人）', courtId: TIANHE._id, roles: ['administrator'] },
  /** The court's mediation office (诉调对接中心), and a mediator of its roster. */
  office: { openid: 'w-office-tianhe', name: '诉调对接中心', courtId: TIANHE._id, roles: ['mediation-office'] },
  mediator: { openid: 'w-mediator-tianhe', name: '梁调解员', courtId: TIANHE._id, roles: ['mediator'] },
  /** The enforcement bureau (执行局): its one executor, and its 局长. */
  executor: { openid: 'w-executor-tianhe', name: '刘执行', courtId: TIANHE._id, divisionId: 'tianhe-enforcement', roles: ['executor'] },
  bureauLeader: { openid: 'w-leader-enforcement', name: '孙局长', courtId: TIANHE._id, divisionId: 'tianhe-enforcement', roles: ['leader'] },
  higherPresident: { openid: 'w-president-intermediate', name: '广州中院院长', courtId: INTERMEDIATE._id, roles: ['president'] },
  /** Every role a division's staff can have, in the other civil division of the same court. */
  otherDivision: {
    openid: 'w-staff-tianhe-2',
    name: '二庭全能',
    courtId: TIANHE._id,
    divisionId: 'tianhe-civil-2',
    roles: ['leader', 'judge', 'clerk', 'executor', 'mediator'],
  },
  judgeOtherDivision: { openid: 'w-judge-tianhe-2', name: '二庭法官', courtId: TIANHE._id, divisionId: 'tianhe-civil-2', roles: ['judge'] },
  /** Every staff role there is, in another court. */
  otherCourt: { openid: 'w-staff-yuexiu', name: '越秀全能', courtId: YUEXIU._id, divisionId: 'yuexiu-civil-1', roles: ALL_STAFF_ROLES },
  registrarOtherCourt: { openid: 'w-registrar-yuexiu', name: '越秀立案', courtId: YUEXIU._id, roles: ['registrar'] },
  judgeOtherCourt: { openid: 'w-judge-yuexiu-1', name: '越秀法官', courtId: YUEXIU._id, divisionId: 'yuexiu-civil-1', roles: ['judge'] },
} satisfies Record<string, StaffPerson>;

const person = (openid: string, name: string, prefix17: string) => ({ openid, name, idNumber: residentId(prefix17) });
/** People who are not court staff. Mr Hu and Mr Wu are the seed story's; the rest play their parts around them. */
export const PEOPLE = {
  hu: { ...HU, openid: 'w-hu' },
  wu: { ...WU, openid: 'w-wu' },
  lin: person('w-lawyer-lin', '林晓明', '44010619850612202'),
  revokedAgent: person('w-lawyer-revoked', '赵前律', '44010619860101101'),
  otherLawyer: person('w-lawyer-other', '钱律师', '44010619870202202'),
  otherClient: person('w-client-sun', '孙委托', '44010619880303303'),
  filer: person('w-filer-zhang', '张立案', '44010619890404404'),
  stranger: person('w-stranger', '郑某人', '11010519491231002'),
  unverified: person('w-unverified', '冯未验', '44010619900505505'),
} as const;

export const UNKNOWN_OPENID = 'w-unknown';
/** The defendant company's credit code, as Mr Hu's complaint names it (public registration data). */
export const COMPANY_USCC = '91350100M000100Y43';
const LICENCE = { licence: '14401200010000001', firm: '广东某律师事务所' };

/** The ids of the world that actions take, by the input field that carries them. */
export type WorldIds = Record<string, string>;

export interface World {
  /** Mr Hu's case: the matter of every case action. */
  caseId: string;
  /** The filing under review: the matter of every filing action. */
  filingId: string;
  bankruptcyId: string;
  /** The presiding judge drawn for the case, and the panel member since deactivated. */
  presiding: string;
  inactive: string;
  /**
   * Ids by field name, for each kind of matter; a step of a new module adds its own. `fresh`: a
   * second case of Mr Hu's, accepted, whose defendant (孙委托, a natural person) has not joined and
   * whose fee is unpaid, for the first joining and paying races start from. `closed`: a third case
   * of Mr Hu's against the company, closed by judgment, its dossier archived, the judgment served on
   * both sides today and so inside both appeal periods.
   */
  ids: { case: WorldIds; filing: WorldIds; bankruptcy: WorldIds; fresh: WorldIds; closed: WorldIds };
}

export interface WorldStep {
  what: string;
  build(world: World): Promise<void>;
}

const call = async <N extends ActionName>(name: N, input: ActionInput<N>, openid?: string) => ok(await callFunction(name, input, openid));

async function provision(): Promise<void> {
  await db.collection('courts').add({ data: [TIANHE, YUEXIU, INTERMEDIATE].map((court) => ({ ...court, unrecordedYear: 'weekends' })) });
  const rows = Object.values(STAFF).map((s: StaffPerson) => ({
    _id: s.openid,
    name: s.name,
    courtId: s.courtId,
    ...(s.divisionId ? { divisionId: s.divisionId } : {}),
    roles: s.roles,
    active: true,
    caseload: 0,
  }));
  await db.collection('staff').add({ data: rows });
  // As court-admin does: the roles mirrored into users/<openid>, where the functions read them.
  const mirror = rows.map(({ _id, name, caseload: _caseload, ...record }) => ({ _id, kind: 'staff', name, staff: record }));
  await db.collection('users').add({ data: mirror });
  // The claims plug-in holds the staff the deploy copied (its court's judges and administrators),
  // and, deployed for another court's bankruptcy too, that court's.
  await pluginDb.collection('users').add({ data: mirror });
}

/** Deactivates a member of staff as court IT does (`npm run court-admin -- deactivate-staff`). */
async function deactivate(openid: string): Promise<void> {
  await db
    .collection('staff')
    .doc(openid)
    .update({ data: { active: false } });
  await db
    .collection('users')
    .doc(openid)
    .update({ data: { 'staff.active': false } });
  await pluginDb
    .collection('users')
    .doc(openid)
    .update({ data: { 'staff.active': false } });
}

async function approveLawyer(openid: string): Promise<void> {
  await db
    .collection('users')
    .doc(openid)
    .update({ data: { lawyerApprovedAt: new Date(FIXED_NOW) } });
}

/** Mr Hu files a complaint and the registrar accepts it into civil division 1 in simplified procedure. */
async function acceptedInSimplified(complaint: ActionInput<'filing-submit'>, requestId: string): Promise<ActionOutput<'filing-review'>> {
  const filed = await call('filing-submit', complaint, PEOPLE.hu.openid);
  return call(
    'filing-review',
    { requestId, filingId: filed.filingId, outcome: 'accept', procedure: 'simplified', divisionId: 'tianhe-civil-1' },
    STAFF.registrar.openid,
  );
}

/**
 * Mr Wu joins a case of Mr Hu's for the company as its legal representative, with its papers; the
 * clerk recognises him; Mr Hu orders the fee and pays it. `tag` names the requests (world-join-wu, …).
 */
async function companyJoinsAndFeePaid(caseId: string, caseNumber: string, tag: string): Promise<void> {
  const proofs = [
    { kind: 'business-licence' as const, file: await upload(PEOPLE.wu.openid, '营业执照.pdf', '%PDF-1.4 licence') },
    { kind: 'representative-certificate' as const, file: await upload(PEOPLE.wu.openid, '法定代表人身份证明书.pdf', '%PDF-1.4 certificate') },
  ];
  const suffix = tag === 'hu' ? '' : `-${tag}`;
  await call(
    'case-join',
    {
      requestId: `world-join-wu${suffix}`,
      caseNumber,
      uscc: COMPANY_USCC,
      representation: { capacity: 'legal-representative', proofs },
      service: { consent: true, addressConfirmed: true },
    },
    PEOPLE.wu.openid,
  );
  await recogniseRepresentative(caseId, STAFF.clerk.openid, `world-examine-wu${suffix}`);
  await call('fee-order', { requestId: `world-order-${tag}`, caseId }, PEOPLE.hu.openid);
  await operation('POST', `pay/${caseId}F1`);
}

/** The steps that bring the world about, in order. A new module appends its own. */
export const WORLD_STEPS: WorldStep[] = [
  {
    what: 'courts, divisions and staff; parties verified by face, lawyers approved',
    async build() {
      await provision();
      for (const p of [PEOPLE.hu, PEOPLE.wu, PEOPLE.filer, PEOPLE.stranger, PEOPLE.otherClient]) await verify(p, `verify-${p.openid}`);
      for (const lawyer of [PEOPLE.lin, PEOPLE.revokedAgent, PEOPLE.otherLawyer]) {
        ok(await callFunction('identity-verify', await faceChecked(lawyer, `verify-${lawyer.openid}`, { lawyer: LICENCE }), lawyer.openid));
        await approveLawyer(lawyer.openid);
      }
      // Opened the face check, never finished it.
      await call(
        'identity-verify',
        { op: 'start', requestId: 'verify-unverified', name: PEOPLE.unverified.name, idNumber: PEOPLE.unverified.idNumber },
        PEOPLE.unverified.openid,
      );
    },
  },
  {
    what: 'Mr Hu’s case against the company: accepted into civil division 1, assigned, the company’s representative recognised, the fee paid',
    async build(world) {
      const filed = await call('filing-submit', huComplaint('world-file-hu', { courtId: TIANHE._id }), PEOPLE.hu.openid);
      const accepted = await call(
        'filing-review',
        { requestId: 'world-accept-hu', filingId: filed.filingId, outcome: 'accept', divisionId: 'tianhe-civil-1' },
        STAFF.registrar.openid,
      );
      world.caseId = accepted.caseId ?? '';
      const assigned = await call('case-assign', { requestId: 'world-assign-hu', caseId: world.caseId }, STAFF.leader.openid);
      world.presiding = assigned.presiding.openid;
      // The judge who leaves the court: one of the panel who is neither presiding nor the division's leader.
      world.inactive = assigned.members.find((m) => m.openid !== STAFF.leader.openid)?.openid ?? '';
      await companyJoinsAndFeePaid(world.caseId, accepted.caseNumber ?? '', 'hu');
      world.ids.case.caseId = world.caseId;
      world.ids.case.caseNumber = accepted.caseNumber ?? '';
      world.ids.case.filingId = world.caseId;
    },
  },
  {
    what: 'evidence, a hearing, a document served, a message, and the agents on Mr Hu’s side',
    async build(world) {
      const file = await upload(PEOPLE.hu.openid, '购销合同.pdf', '%PDF-1.4 world contract');
      const added = await call(
        'evidence-add',
        { requestId: 'world-evidence-hu', caseId: world.caseId, items: [{ title: '购销合同', proves: '双方存在买卖合同关系', file }] },
        PEOPLE.hu.openid,
      );
      world.ids.case.evidenceId = added.added[0]?.evidenceId ?? '';
      const hearing = await call(
        'hearing-schedule',
        { requestId: 'world-hearing-hu', caseId: world.caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'courtroom', room: '第三法庭' } },
        world.presiding,
      );
      world.ids.case.hearingId = hearing.hearingId;
      const served = await call('service-send', { requestId: 'world-serve-hu', caseId: world.caseId, documentId: 'fee-notice' }, STAFF.clerk.openid);
      world.ids.case.documentId = served.documentId;
      world.ids.case.serviceId = served.served[0]?.serviceId ?? '';
      await call('message-send', { requestId: 'world-message-hu', caseId: world.caseId, text: '请问何时开庭？' }, PEOPLE.hu.openid);
      // The agents as agent management records them: Mr Lin for Mr Hu, with the power to receive service;
      // another lawyer whose mandate Mr Hu revoked yesterday (民事诉讼法 第六十三条).
      const yesterday = new Date(Date.parse(FIXED_NOW) - 86_400_000);
      await db
        .collection('cases')
        .doc(world.caseId)
        .update({
          data: {
            members: db.command.push([
              { openid: PEOPLE.lin.openid, role: 'agent', for: '0', powers: ['receive-service'] },
              { openid: PEOPLE.revokedAgent.openid, role: 'agent', for: '0', powers: ['receive-service', 'settle'], revokedAt: yesterday },
            ]),
            [`eService.${PEOPLE.lin.openid}`]: { consent: true, addressConfirmed: true },
          },
        });
      // A judge of the panel leaves the court's active staff.
      await deactivate(world.inactive);
    },
  },
  {
    what: 'a filing under review, and another lawyer’s filing for her own client',
    async build(world) {
      const complaint = huComplaint('world-file-zhang', {
        courtId: TIANHE._id,
        parties: [
          {
            kind: 'natural',
            role: 'plaintiff',
            name: PEOPLE.filer.name,
            idNumber: PEOPLE.filer.idNumber,
            mobile: '13900139000',
            address: '广东省广州市天河区体育西路1号',
          },
          { kind: 'natural', role: 'defendant', name: '李某', address: '广东省广州市越秀区中山五路2号' },
        ],
      });
      world.filingId = (await call('filing-submit', complaint, PEOPLE.filer.openid)).filingId;
      world.ids.filing.filingId = world.filingId;
      world.ids.filing.caseId = world.filingId;
      const powerOfAttorney = await upload(PEOPLE.otherLawyer.openid, '授权委托书.pdf', '%PDF-1.4 power of attorney');
      await call(
        'filing-submit',
        huComplaint('world-file-other', {
          courtId: TIANHE._id,
          parties: [
            {
              kind: 'natural',
              role: 'plaintiff',
              name: PEOPLE.otherClient.name,
              idNumber: PEOPLE.otherClient.idNumber,
              mobile: '13700137000',
              address: '广东省广州市海珠区新港中路3号',
            },
            { kind: 'natural', role: 'defendant', name: '周某', address: '广东省广州市荔湾区龙津路4号' },
          ],
          agent: { forParty: 0, powerOfAttorney },
        }),
        PEOPLE.otherLawyer.openid,
      );
    },
  },
  {
    what: 'a bankruptcy of the court, deployed in the claims plug-in and open, with Mr Hu’s claim',
    async build(world) {
      world.bankruptcyId = 'w-bankruptcy';
      await pluginDb
        .collection('bankruptcies')
        .doc(world.bankruptcyId)
        .set({ data: { deployment: deploymentOf('claims', TIANHE._id, new Date(FIXED_NOW)) } });
      await call(
        'claims-open',
        {
          requestId: 'world-claims-open',
          bankruptcyId: world.bankruptcyId,
          caseNumber: '（2026）粤0106破1号',
          debtor: '广州悦骑信息科技有限公司',
          acceptedOn: '2026-02-20',
          announcedOn: '2026-02-21',
          deadlineOn: '2026-04-30',
        },
        STAFF.administrator.openid,
      );
      await verify(PEOPLE.hu, 'creditor-w-hu', 'creditor-verify');
      const claim = await call(
        'claim-register',
        {
          requestId: 'world-claim-hu',
          bankruptcyId: world.bankruptcyId,
          principalFen: 19_900,
          basis: '小鸣单车用户押金未退还',
          bankAccount: { bank: '中国工商银行', name: PEOPLE.hu.name, account: '6222020012345678901' },
          eService: { consent: true, mobile: '13800138000' },
        },
        PEOPLE.hu.openid,
      );
      world.ids.bankruptcy.bankruptcyId = world.bankruptcyId;
      world.ids.bankruptcy.claimId = claim.claimId;
    },
  },
];

WORLD_STEPS.push({
  what: 'a second case of Mr Hu’s, accepted, its defendant not joined, its fee unpaid; its defendant verified as a creditor; a file of Mr Hu’s not yet submitted; a bankruptcy not yet opened',
  async build(world) {
    const [plaintiff] = huComplaint('world-file-fresh').parties;
    const complaint = huComplaint('world-file-fresh', {
      courtId: TIANHE._id,
      parties: [
        ...(plaintiff ? [plaintiff] : []),
        { kind: 'natural', role: 'defendant', name: PEOPLE.otherClient.name, idNumber: PEOPLE.otherClient.idNumber, address: '广东省广州市海珠区新港中路3号' },
      ],
    });
    const accepted = await acceptedInSimplified(complaint, 'world-accept-fresh');
    world.ids.fresh.caseId = accepted.caseId ?? '';
    world.ids.fresh.caseNumber = accepted.caseNumber ?? '';
    await verify(PEOPLE.otherClient, 'creditor-w-client-sun', 'creditor-verify');
    // A file Mr Hu uploaded and has not submitted yet, and a bankruptcy deployed and not yet opened.
    world.ids.fresh.file = await upload(PEOPLE.hu.openid, '补充证据.pdf', '%PDF-1.4 world further evidence');
    // A power of attorney the other lawyer holds from the second case's defendant, not yet filed.
    world.ids.fresh.powerOfAttorney = await upload(PEOPLE.otherLawyer.openid, '授权委托书.pdf', '%PDF-1.4 world power of attorney');
    world.ids.fresh.bankruptcyId = 'w-bankruptcy-fresh';
    await pluginDb
      .collection('bankruptcies')
      .doc(world.ids.fresh.bankruptcyId)
      .set({ data: { deployment: deploymentOf('claims', TIANHE._id, new Date(FIXED_NOW)) } });
  },
});

/** The mediator verifies his identity as anyone does: he signs the agreements he mediates. */
const MEDIATOR_ID = residentId('44010619800101101');

/** The phone starts a face check for one purpose (identity-verify op 'check') and the person passes it. */
async function faceFor(openid: string, purpose: string, requestId: string): Promise<string> {
  const started = await call('identity-verify', { op: 'check', requestId, purpose }, openid);
  if (started.op !== 'check') throw new Error('expected a face check');
  await faceCheckOnPhone(started.verifyId, openid);
  return started.verifyId;
}

/** The roster's profile of a mediator (在线调解规则 第五条). */
export const rosterProfile = (requestId: string, mediator: { openid: string; name: string }) => ({
  op: 'save' as const,
  requestId,
  mediator: mediator.openid,
  name: mediator.name,
  mediatorKind: 'invited-mediator' as const,
  organisation: '天河区人民调解委员会',
  introduction: '从事商事纠纷调解十年',
  caseRange: ['买卖合同纠纷'],
  specialities: ['商事'],
  feeCharged: false,
});

WORLD_STEPS.push(
  {
    what: 'the court’s roster of mediators, and Mr Hu’s mediation with Mr Wu before filing: screened, its mediator designated and accepted, consented, the agreement signed by all and effective, Mr Hu’s application for its judicial confirmation',
    async build(world) {
      await verify({ openid: STAFF.mediator.openid, name: STAFF.mediator.name, idNumber: MEDIATOR_ID }, 'verify-w-mediator');
      await call('mediator-roster', rosterProfile('world-roster-mediator', STAFF.mediator), STAFF.office.openid);
      const applied = await call(
        'mediation-apply',
        {
          op: 'apply',
          requestId: 'world-mediation-apply',
          courtId: TIANHE._id,
          cause: '买卖合同纠纷',
          summary: '吴海涛购买服装一批，尚欠货款五十万元未付。',
          amountFen: 50_000_000,
          respondent: { name: PEOPLE.wu.name, idNumber: PEOPLE.wu.idNumber, mobile: '13900139000' },
          mobile: '13800138000',
          consent: true,
          addressConfirmed: true,
        },
        PEOPLE.hu.openid,
      );
      const mediationId = applied.mediationId;
      await call('mediation-apply', { op: 'screen', requestId: 'world-mediation-screen', mediationId, decision: 'accept' }, STAFF.office.openid);
      await call(
        'mediation-assign',
        { op: 'designate', requestId: 'world-mediation-designate', mediationId, mediator: STAFF.mediator.openid },
        STAFF.office.openid,
      );
      await call('mediation-assign', { op: 'accept', requestId: 'world-mediation-accept', mediationId }, STAFF.mediator.openid);
      await call(
        'mediation-apply',
        { op: 'respond', requestId: 'world-mediation-respond', mediationId, consent: true, addressConfirmed: true },
        PEOPLE.wu.openid,
      );
      const drafted = await call(
        'mediation-agreement',
        {
          op: 'draft',
          requestId: 'world-mediation-draft',
          mediationId,
          facts: '买卖合同货款纠纷',
          terms: [{ debtor: 1, creditor: 0, amountFen: 45_000_000, dueOn: '2026-04-30' }],
        },
        STAFF.mediator.openid,
      );
      const sha256 = drafted.sha256 ?? '';
      for (const openid of [PEOPLE.hu.openid, PEOPLE.wu.openid, STAFF.mediator.openid]) {
        await call(
          'mediation-agreement',
          {
            op: 'sign',
            requestId: `world-sign-${openid}`,
            mediationId,
            sha256,
            signature: await uploadToCourt2(openid, '签名.png', `signature of ${openid}`),
            verifyId: await faceFor(openid, facePurposes.signature(sha256), `world-face-sign-${openid}`),
          },
          openid,
        );
      }
      await call('mediation-confirm', { op: 'apply', requestId: 'world-confirm-hu', mediationId }, PEOPLE.hu.openid);
      world.ids.case.preFilingMediationId = mediationId;
    },
  },
  {
    what: 'a mediation in Mr Hu’s case, led by the presiding judge, consented by both parties and in session',
    async build(world) {
      const proposed = await call(
        'mediation-apply',
        { op: 'propose', requestId: 'world-mediation-propose', caseId: world.caseId, mediatedBy: 'judge' },
        world.presiding,
      );
      for (const party of [PEOPLE.hu, PEOPLE.wu]) {
        await call(
          'mediation-apply',
          { op: 'respond', requestId: `world-consent-${party.openid}`, mediationId: proposed.mediationId, consent: true },
          party.openid,
        );
      }
      world.ids.case.mediationId = proposed.mediationId;
    },
  },
);

WORLD_STEPS.push(
  {
    what: 'hearings: Mr Hu chooses to attend the first online; a second hearing opened by the presiding judge; a period of appraisal asked to be left out of the trial limit; a note of the panel’s deliberation',
    async build(world) {
      await call(
        'hearing-consent',
        {
          op: 'choose',
          requestId: 'world-consent-hearing-hu',
          caseId: world.caseId,
          hearingId: world.ids.case.hearingId ?? '',
          choice: 'online',
          textShown: '在线庭审与线下庭审具有同等法律效力。您可以选择在线或线下参加本次庭审（在线诉讼规则 第四条）。',
        },
        PEOPLE.hu.openid,
      );
      const second = await call(
        'hearing-schedule',
        { requestId: 'world-hearing-hu-2', caseId: world.caseId, startsAt: '2026-03-23T09:30:00+08:00', place: { kind: 'courtroom', room: '第三法庭' } },
        world.presiding,
      );
      await call('hearing-checkin', { op: 'open', requestId: 'world-open-hearing-2', caseId: world.caseId, hearingId: second.hearingId }, world.presiding);
      world.ids.case.openHearingId = second.hearingId;
      const requested = await call(
        'trial-limit',
        {
          op: 'request',
          requestId: 'world-limit-request',
          caseId: world.caseId,
          kind: 'exclusion',
          exclusion: { type: 'appraisal', from: '2026-03-02', to: '2026-03-06' },
          reasons: '委托鉴定期间不计入审限',
        },
        world.presiding,
      );
      if (requested.op !== 'request') throw new Error('expected a limit request');
      world.ids.case.limitRequestId = requested.request.limitRequestId;
      await call(
        'deliberation',
        {
          op: 'record',
          requestId: 'world-deliberation',
          caseId: world.caseId,
          question: '被告是否应支付货款',
          note: '证据足以证明双方买卖合同关系',
          vote: 'agree',
        },
        world.presiding,
      );
    },
  },
  {
    what: 'judgments of Mr Hu’s case in effect; enforcement of the first applied for, filed and assigned to the bureau’s executor; of the second applied for',
    async build(world) {
      // Written as the court records a decision that took effect (tests/support/enforcement.ts).
      await db
        .collection('cases')
        .doc(world.caseId)
        .update({ data: { decisions: [judgment('judgment-1', 50_000_000), judgment('judgment-2', 2_000_000), judgment('judgment-3', 1_000_000)] } });
      const apply = async (decisionId: string) => {
        const applied = await call(
          'enforcement-apply',
          { op: 'apply', requestId: `world-enforce-${decisionId}`, caseId: world.caseId, decisionId },
          PEOPLE.hu.openid,
        );
        return applied.enforcementId ?? '';
      };
      const first = await apply('judgment-1');
      await call('enforcement-file', { op: 'file', requestId: 'world-enforcement-file', enforcementId: first }, STAFF.registrar.openid);
      await call('enforcement-file', { op: 'assign', requestId: 'world-enforcement-assign', enforcementId: first }, STAFF.bureauLeader.openid);
      world.ids.case.enforcementId = first;
      world.ids.case.appliedEnforcementId = await apply('judgment-2');
    },
  },
);

/** The judgment of the world's closed case, as the presiding judge signs it. */
export const WORLD_JUDGMENT_TEXT = [
  '广州市天河区人民法院民事判决书',
  '原告胡建国与被告广州某贸易有限公司买卖合同纠纷一案，本院依法审理终结。',
  '判决如下：被告于本判决生效之日起十日内向原告支付货款500000元。案件受理费8800元，由被告负担。',
].join('\n');

WORLD_STEPS.push({
  what: 'Mr Hu’s case ready to close (the presiding judge holds the signed judgment as a PDF); a third case of his against the company, in simplified procedure (a sole judge: the division has two active), closed by judgment, archived, served on both sides today and inside their appeal periods, with an agent of Mr Hu’s who holds no power to appeal and one with it revoked yesterday',
  async build(world) {
    world.ids.case.decisionFile = await upload(world.presiding, '民事判决书.pdf', '%PDF-1.4 world judgment of the first case');
    const accepted = await acceptedInSimplified(huComplaint('world-file-closed', { courtId: TIANHE._id }), 'world-accept-closed');
    const caseId = accepted.caseId ?? '';
    const presiding = (await call('case-assign', { requestId: 'world-assign-closed', caseId }, STAFF.leader.openid)).presiding.openid;
    await companyJoinsAndFeePaid(caseId, accepted.caseNumber ?? '', 'closed');
    const closed = await call(
      'case-close',
      {
        op: 'close',
        requestId: 'world-close-closed',
        caseId,
        outcome: 'judgment',
        document: {
          title: '民事判决书',
          file: await upload(presiding, '民事判决书-已结.pdf', '%PDF-1.4 world judgment of the closed case'),
          text: WORLD_JUDGMENT_TEXT,
          issuedOn: '2026-03-02',
        },
        obligations: [{ debtor: 1, creditor: 0, amountFen: 50_000_000 }],
        // 诉讼费用交纳办法 第十六条: half the fee in simplified procedure, on the company (第二十九条).
        feeShares: [{ party: 1, fen: 440_000 }],
      },
      presiding,
    );
    if (closed.op !== 'close' || !closed.closing.decision) throw new Error('expected the closed case’s judgment');
    const decisionId = closed.closing.decision.decisionId;
    await call('service-send', { requestId: 'world-serve-closed', caseId, documentId: closed.closing.decision.documentId }, STAFF.clerk.openid);
    const yesterday = new Date(Date.parse(FIXED_NOW) - 86_400_000);
    await db
      .collection('cases')
      .doc(caseId)
      .update({
        data: {
          members: db.command.push([
            { openid: PEOPLE.lin.openid, role: 'agent', for: '0', powers: ['receive-service'] },
            { openid: PEOPLE.revokedAgent.openid, role: 'agent', for: '0', powers: ['receive-service', 'appeal'], revokedAt: yesterday },
          ]),
        },
      });
    Object.assign(world.ids.closed, { caseId, caseNumber: accepted.caseNumber ?? '', presiding, decisionId });
  },
});

WORLD_STEPS.push({
  what: 'a fourth case of Mr Hu’s against the company, accepted, the company not joined: Mr Wu holds its papers uploaded',
  async build(world) {
    const accepted = await acceptedInSimplified(huComplaint('world-file-company', { courtId: TIANHE._id }), 'world-accept-company');
    world.ids.fresh.companyCaseId = accepted.caseId ?? '';
    world.ids.fresh.companyCaseNumber = accepted.caseNumber ?? '';
    world.ids.fresh.licence = await upload(PEOPLE.wu.openid, '营业执照-新.pdf', '%PDF-1.4 licence of the fourth case');
    world.ids.fresh.certificate = await upload(PEOPLE.wu.openid, '法定代表人身份证明书-新.pdf', '%PDF-1.4 certificate of the fourth case');
  },
});

const SNAPSHOT = 'trust-world';
/** How long a test file's first hook may take to build the world (some thirty steps through the actions) on a loaded machine. */
export const WORLD_BUILD_MS = 240_000;
let built: World | undefined;

/**
 * The world, built on a wiped emulator the first time a test file asks for it and kept as a
 * snapshot; later, restored from the snapshot. The clock stands at FIXED_NOW.
 */
export async function theWorld(): Promise<World> {
  if (built) {
    await restoreWorld();
    return built;
  }
  await resetEmulator();
  const world: World = {
    caseId: '',
    filingId: '',
    bankruptcyId: '',
    presiding: '',
    inactive: '',
    ids: { case: {}, filing: {}, bankruptcy: {}, fresh: {}, closed: {} },
  };
  for (const step of WORLD_STEPS) await step.build(world);
  await operation('POST', 'snapshot', { name: SNAPSHOT });
  built = world;
  return world;
}

/** Back to the world as it was built: whatever was written since is gone. */
export async function restoreWorld(): Promise<void> {
  await operation('POST', 'restore', { name: SNAPSHOT });
}

/** What the emulator holds now, per environment and collection, as hashes: equal digests, nothing written. */
export interface Digest {
  digest: string;
  environments: Record<string, { documents: Record<string, Record<string, string>>; files: Record<string, string> }>;
}
export const digest = () => operation<Digest>('GET', 'digest');

/** The case (or filing) as the model sees it, read back for deciding what a caller should be answered. */
export async function matterOf(kind: 'case' | 'filing', id: string): Promise<Matter> {
  const record = await findById<CaseRecord | FilingRecord>(db, kind === 'case' ? 'cases' : 'filings', id);
  if (!record) throw new Error(`the world has no ${kind} ${id}`);
  return record;
}
