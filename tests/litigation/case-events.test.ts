import cloud from 'wx-server-sdk';
import { query } from '#runtime';
import { callFunction, ok, operation, resetEmulator } from '../support/emulator';
import { acceptedHuCase, huComplaint } from '../support/filing';
import { CLERK, HU, LIN, REGISTRAR, seedCourts, upload, verify, verifyApprovedLawyer } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

interface StoredEvent {
  action: string;
  actor: string;
  actorRole: string;
  onBehalfOf?: string;
}

const eventsOf = (caseId: string, action: string) => query<StoredEvent>(db.collection('case_events').where({ caseId, action }));

beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
});

describe("an event records the actor's own role on the case", () => {
  it('a clerk’s refund is recorded as the clerk’s, not a judge’s', async () => {
    // Prepare: a simplified case billed in full (as before the one fee rule), assigned (the division's clerk drawn with the panel), the fee paid.
    const { caseId } = await acceptedHuCase({ procedure: 'simplified' });
    await db
      .collection('cases')
      .doc(caseId)
      .update({ data: { 'fee.feeFen': 880_000 } });
    const panel = ok(await callFunction('case-assign', { requestId: 'events-assign-0001', caseId }, REGISTRAR.openid));
    expect(panel.clerk?.openid).toBe(CLERK.openid);
    ok(await callFunction('fee-order', { requestId: 'events-order-0001', caseId }, HU.openid));
    await operation('POST', `pay/${caseId}F1`);
    // Act
    ok(await callFunction('fee-refund', { requestId: 'events-refund-0001', caseId, reason: 'simplified' }, CLERK.openid));
    // Assess
    expect(await eventsOf(caseId, 'fee.refund')).toEqual([expect.objectContaining({ actor: CLERK.openid, actorRole: 'clerk' })]);
  });

  it('a judge’s service is recorded as the judge’s, not the clerk’s', async () => {
    const { caseId } = await acceptedHuCase();
    const presiding = ok(await callFunction('case-assign', { requestId: 'events-assign-0002', caseId }, REGISTRAR.openid)).presiding.openid;
    ok(await callFunction('service-send', { requestId: 'events-service-0001', caseId, documentId: 'fee-notice' }, presiding));
    expect(await eventsOf(caseId, 'service.sent')).toEqual([expect.objectContaining({ actor: presiding, actorRole: 'presiding-judge' })]);
  });

  it('a lawyer’s fee order for a client is recorded as the agent’s, not the plaintiff’s', async () => {
    // Prepare: an approved lawyer files for Mr Hu (party 0) with a power of attorney, and the case is accepted.
    const lawyer = LIN;
    await verifyApprovedLawyer(db);
    const powerOfAttorney = await upload(lawyer.openid, '授权委托书.pdf', '%PDF-1.4 power of attorney');
    const filingId = ok(
      await callFunction('filing-submit', huComplaint('events-file-0001', { agent: { forParty: 0, powerOfAttorney } }), lawyer.openid),
    ).filingId;
    const caseId = ok(await callFunction('filing-review', { requestId: 'events-review-0001', filingId, outcome: 'accept' }, REGISTRAR.openid)).caseId ?? '';
    // Act
    ok(await callFunction('fee-order', { requestId: 'events-order-0002', caseId }, lawyer.openid));
    // Assess
    expect(await eventsOf(caseId, 'fee.ordered')).toEqual([expect.objectContaining({ actor: lawyer.openid, actorRole: 'agent', onBehalfOf: '0' })]);
    expect(await eventsOf(caseId, 'filing.submitted')).toEqual([expect.objectContaining({ actor: lawyer.openid, actorRole: 'agent', onBehalfOf: '0' })]);
  });
});
