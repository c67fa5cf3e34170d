import cloud from 'wx-server-sdk';

import { callFunction, callWithAnyInput, callRaw, resetEmulator } from '../support/emulator';
import { acceptedHuCase } from '../support/filing';
import { HU, REGISTRAR, seedCourts, upload, verify } from '../support/people';
import type { ActionName } from '#contract';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const STRANGER = { openid: 'o-stranger', name: '郑某人', idNumber: '11010519491231002X' };

/**
 * The error contract every case action keeps (DESIGN: error codes are part of the tested
 * contract): a stranger acting on someone else's case is FORBIDDEN, and malformed input is
 * INVALID_INPUT — both before anything is written.
 */
let caseId: string;
let presiding: string;
let evidenceId: string;
beforeAll(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
  await verify(STRANGER);
  ({ caseId } = await acceptedHuCase());
  const assigned = await callFunction('case-assign', { requestId: 'assign-0001', caseId }, REGISTRAR.openid);
  if (!assigned.result.ok) throw new Error(JSON.stringify(assigned.result));
  presiding = assigned.result.data.presiding.openid;
  const added = await callFunction(
    'evidence-add',
    {
      requestId: 'evidence-0001',
      caseId,
      items: [{ title: '购销合同', proves: '双方存在买卖合同关系', file: await upload(HU.openid, '合同.pdf', '%PDF-1.4') }],
    },
    HU.openid,
  );
  if (!added.result.ok) throw new Error(JSON.stringify(added.result));
  evidenceId = added.result.data.added[0]?.evidenceId ?? '';
});

const stranger = (name: ActionName, input: () => Record<string, unknown>) => [name, input] as const;

describe.each([
  stranger('case-detail', () => ({ caseId })),
  stranger('evidence-list', () => ({ caseId })),
  stranger('evidence-verify', () => ({ caseId, evidenceId })),
  stranger('evidence-opinion', () => ({ requestId: 'stranger-op-1', caseId, evidenceId, authenticity: 'deny', legality: 'deny', relevance: 'deny' })),
  stranger('dossier-list', () => ({ caseId })),
  stranger('dossier-url', () => ({ caseId, documentId: 'fee-notice' })),
  stranger('message-send', () => ({ requestId: 'stranger-msg-1', caseId, text: '你好' })),
  stranger('message-list', () => ({ caseId })),
  stranger('fee-order', () => ({ requestId: 'stranger-pay-1', caseId })),
  stranger('evidence-add', () => ({
    requestId: 'stranger-ev-01',
    caseId,
    items: [{ title: '材料', proves: '无关内容', file: `cloud://microcourt-local.x/uploads/${STRANGER.openid}/a.pdf` }],
  })),
])('%s', (name, input) => {
  it('is FORBIDDEN to a verified stranger, who learns nothing about the case', async () => {
    const reply = await callWithAnyInput(name, input(), STRANGER.openid);
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(reply.result)).not.toContain('胡建国');
  });

  it('answers INVALID_INPUT for a malformed case id', async () => {
    const reply = await callWithAnyInput(name, { ...input(), caseId: 42 }, HU.openid);
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { caseId: expect.any(String) } } });
  });
});

describe('staff-only actions refuse parties', () => {
  it.each([
    ['workbench', { op: 'review-queue' }],
    ['service-send', { requestId: 'party-serve-1', caseId: 'x'.repeat(24), documentId: 'fee-notice' }],
    ['hearing-schedule', { requestId: 'party-hear-1', caseId: 'x'.repeat(24), startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } }],
    ['fee-refund', { requestId: 'party-refund', caseId: 'x'.repeat(24), reason: 'mediation' }],
  ])('%s', async (name, input) => {
    expect((await callRaw(name, input, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('retries have one effect', () => {
  it('evidence-add and service-read answer a retry with the first answer and one effect', async () => {
    const file = await upload(HU.openid, '补充证据.pdf', '%PDF-1.4 more');
    const input = { requestId: 'evidence-0002', caseId, items: [{ title: '补充证据', proves: '货款金额', file }] };
    const first = await callFunction('evidence-add', input, HU.openid);
    expect((await callFunction('evidence-add', input, HU.openid)).result).toEqual(first.result);
    expect(((await db.collection('evidence').where({ caseId }).count()) as { total: number }).total).toBe(2);

    const served = await callFunction('service-send', { requestId: 'serve-0001', caseId, documentId: 'fee-notice' }, presiding);
    if (!served.result.ok) throw new Error(JSON.stringify(served.result));
    const serviceId = served.result.data.served[0]?.serviceId ?? '';
    const read = await callFunction('service-read', { requestId: 'read-0001', serviceId }, HU.openid);
    const again = await callFunction('service-read', { requestId: 'read-0001', serviceId }, HU.openid);
    // The same receipt; the download link is issued afresh, as a link expires.
    const withoutLink = (reply: typeof read) => ({ ...(reply.result as object), data: { ...(reply.result as { data: object }).data, url: undefined } });
    expect(withoutLink(again)).toEqual(withoutLink(read));
    expect(((await db.collection('case_events').where({ caseId, action: 'service.read' }).count()) as { total: number }).total).toBe(1);
  });
});
