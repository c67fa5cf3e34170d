import cloud from 'wx-server-sdk';

import { callFunction, callWithAnyInput, countOf as countInDb, ok, resetEmulator } from '../support/emulator';
import { assignedHuCase, OTHER_PRESIDENT, PRESIDENT, seedManagement } from '../support/management';
import { CLERK, HU, LIN, REGISTRAR, verifyApprovedLawyer } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const deliberation = (openid: string, input: Record<string, unknown>) => callWithAnyInput('deliberation', input, openid);

const SECRET = '被告关于质量异议的抗辩不能成立，应支持原告全部诉讼请求';

let caseId: string;
let presiding: string;
let members: string[];
beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
  ({ caseId, presiding, members } = await assignedHuCase());
});

describe('deliberation (合议)', () => {
  it('the panel records notes and votes; the panel and the president read them with the tally; a retry records once', async () => {
    const first = ok(
      await callFunction(
        'deliberation',
        { op: 'record', requestId: 'delib-0001', caseId, question: '是否支持原告的货款请求', note: SECRET, vote: 'agree' },
        presiding,
      ),
    );
    expect(
      (await deliberation(presiding, { op: 'record', requestId: 'delib-0001', caseId, question: '是否支持原告的货款请求', note: SECRET, vote: 'agree' }))
        .result,
    ).toEqual({
      ok: true,
      data: first,
    });
    for (const [index, member] of members.entries()) {
      ok(
        await callFunction(
          'deliberation',
          {
            op: 'record',
            requestId: `delib-m-000${index}`,
            caseId,
            question: '是否支持原告的货款请求',
            note: '同意审判长意见',
            vote: index === 0 ? 'agree' : 'disagree',
          },
          member,
        ),
      );
    }
    ok(
      await callFunction(
        'deliberation',
        { op: 'record', requestId: 'delib-note-01', caseId, question: '是否支持原告的货款请求', note: '审判长总结：合议庭评议完毕' },
        presiding,
      ),
    );
    const read = ok(await callFunction('deliberation', { op: 'read', caseId }, PRESIDENT.openid));
    expect(read).toMatchObject({ op: 'read', tally: { agree: 2, disagree: 1, abstain: 0 } });
    if (read.op !== 'read') throw new Error('unreachable');
    expect(read.entries).toHaveLength(4);
    expect(read.entries[0]).toMatchObject({ note: SECRET, byRole: '审判长' });
    expect(await countOf('deliberations', { caseId })).toBe(4);
  });

  it('only the judges of the panel write: not the clerk, the president, the registrar or a party', async () => {
    for (const who of [CLERK.openid, PRESIDENT.openid, REGISTRAR.openid, HU.openid]) {
      expect((await deliberation(who, { op: 'record', requestId: 'delib-0002', caseId, question: '是否支持', note: '同意' })).result).toMatchObject({
        ok: false,
      });
    }
    expect(await countOf('deliberations', { caseId })).toBe(0);
  });

  it('is absent from every party-facing answer and sealed from a stranger even with the entry’s id', async () => {
    const recorded = ok(
      await callFunction(
        'deliberation',
        { op: 'record', requestId: 'delib-0001', caseId, question: '是否支持原告的货款请求', note: SECRET, vote: 'agree' },
        presiding,
      ),
    );
    if (recorded.op !== 'record') throw new Error('unreachable');
    const { deliberationId } = recorded.entry;
    await verifyApprovedLawyer(db);
    for (const who of [HU.openid, LIN.openid, CLERK.openid, REGISTRAR.openid, OTHER_PRESIDENT.openid, 'o-nobody']) {
      expect((await deliberation(who, { op: 'read', caseId, deliberationId })).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // What the party reads of the case: detail with its timeline, the dossier, the chain check, the limit.
    const answers = [
      await callFunction('case-detail', { caseId }, HU.openid),
      await callFunction('dossier-list', { caseId }, HU.openid),
      await callFunction('case-verify', { op: 'chain', caseId }, HU.openid),
      await callFunction('trial-limit', { op: 'view', caseId }, HU.openid),
      await callFunction('case-list', {}, HU.openid),
    ];
    for (const answer of answers) {
      expect(answer.result.ok).toBe(true);
      const text = JSON.stringify(answer.result);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(deliberationId);
      expect(text).not.toContain('合议');
    }
  });
});
