import { Environments } from '#contract';
import type { Database } from '#runtime';
import type { DecisionRecord } from '#usecases/records';
import { callFunction, emulatorUrl, ok, operation, resetEmulator } from './emulator';
import { acceptedHuCase, recogniseRepresentative, wuJoinsFor } from './filing';
import { HU, REGISTRAR, seedCourts, verify, WU } from './people';

/** The enforcement bureau of Tianhe, its 局长, its executors, an executor of another division, the president. */
export const EXECUTORS = [
  { openid: 'o-exec-liu', name: '刘执行' },
  { openid: 'o-exec-zhao', name: '赵执行' },
];
export const OTHER_EXECUTOR = { openid: 'o-exec-civil', name: '民庭执行员' };
export const LEADER = { openid: 'o-leader-enf', name: '孙局长' };
export const CIVIL_LEADER = { openid: 'o-leader-civil', name: '钱庭长' };
export const PRESIDENT = { openid: 'o-president', name: '周院长' };

/** Tianhe gets its enforcement bureau (执行局, hearing enforcement) and its people, as court IT provisions them. */
export async function seedBureau(db: Database): Promise<void> {
  await db
    .collection('courts')
    .doc('gz-tianhe')
    .update({
      data: {
        divisions: [
          { id: 'tianhe-civil-1', name: '民事审判第一庭', hears: ['civil-first-instance'] },
          { id: 'tianhe-enforcement', name: '执行局', hears: ['enforcement'] },
        ],
      },
    });
  const staff = (person: { openid: string; name: string }, divisionId: string, roles: string[]) => ({
    _id: person.openid,
    name: person.name,
    courtId: 'gz-tianhe',
    divisionId,
    roles,
    active: true,
  });
  const rows = [
    ...EXECUTORS.map((e) => staff(e, 'tianhe-enforcement', ['executor'])),
    staff(OTHER_EXECUTOR, 'tianhe-civil-1', ['executor']),
    staff(LEADER, 'tianhe-enforcement', ['leader']),
    staff(CIVIL_LEADER, 'tianhe-civil-1', ['leader']),
    staff(PRESIDENT, 'tianhe-enforcement', ['president']),
  ];
  await db.collection('staff').add({ data: rows });
  await db.collection('users').add({ data: rows.map(({ _id, name, ...record }) => ({ _id, kind: 'staff', name, staff: record })) });
}

/** A judgment of Mr Hu's case, effective 2026-01-21: the company pays `amountFen` by 2026-02-02. */
export const judgment = (id: string, amountFen: number): DecisionRecord => ({
  id,
  kind: 'judgment',
  title: '民事判决书',
  documentId: id,
  issuedOn: '2026-01-05',
  effectiveOn: '2026-01-21',
  // 被告于判决生效之日起十日内支付货款: due 2026-01-31 (a Saturday, a party's period: 2026-02-02).
  obligations: [{ debtor: 1, creditor: 0, amountFen, dueOn: '2026-02-02' }],
  enforceable: true,
});

/** 财产保全裁定 of Mr Hu's case, made 03-02 on his application: up to 100,000 yuan of the company's property. */
export const preservation: DecisionRecord = {
  id: 'preservation-1',
  kind: 'ruling',
  title: '民事裁定书（财产保全）',
  documentId: 'preservation-1',
  issuedOn: '2026-03-02',
  obligations: [{ debtor: 1, creditor: 0, amountFen: 10_000_000 }],
  enforceable: true,
  preservation: true,
};

/** The executor's phone uploads into the environment of the function that attaches the file (court-2). */
export async function uploadToCourt2(openid: string, name: string, content: string): Promise<string> {
  const res = await fetch(`${emulatorUrl()}/upload/uploads/${openid}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid, 'x-wx-env': Environments['court-2'].localId },
    body: content,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

/**
 * Mr Hu's case accepted, the company joined and its representative recognised, the bureau seeded and
 * the given judgments effective; the clock at 2026-03-02 10:00, past the performance period.
 */
export async function huJudgmentsEffective(db: Database, decisions: DecisionRecord[]): Promise<{ caseId: string; caseNumber: string }> {
  await resetEmulator('2026-02-20T02:00:00.000Z');
  await seedCourts(db);
  await verify(HU);
  await verify(WU);
  const { caseId, caseNumber } = await acceptedHuCase();
  const joined = await callFunction('case-join', await wuJoinsFor('wu-join-0001', caseNumber, { consent: true, addressConfirmed: true }), WU.openid);
  ok(joined);
  await recogniseRepresentative(caseId, REGISTRAR.openid);
  await seedBureau(db);
  await db.collection('cases').doc(caseId).update({ data: { decisions } });
  await operation('POST', 'clock', { now: '2026-03-02T02:00:00.000Z' });
  return { caseId, caseNumber };
}

/** Mr Hu applies to enforce a decision, the registrar files it and the 局长 draws the executor. */
export async function filedAndAssigned(caseId: string, decisionId: string, prefix: string): Promise<{ enforcementId: string; executor: string }> {
  const applied = ok(await callFunction('enforcement-apply', { op: 'apply', requestId: `${prefix}-apply-01`, caseId, decisionId }, HU.openid));
  const { enforcementId } = applied;
  ok(await callFunction('enforcement-file', { op: 'file', requestId: `${prefix}-file-01`, enforcementId }, REGISTRAR.openid));
  const assigned = ok(await callFunction('enforcement-file', { op: 'assign', requestId: `${prefix}-assign-01`, enforcementId }, LEADER.openid));
  return { enforcementId, executor: assigned.executor?.openid ?? '' };
}
