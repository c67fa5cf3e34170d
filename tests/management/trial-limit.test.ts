import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import type { CaseRecord } from '#usecases/records';

import { callFunction, callWithAnyInput, countOf as countInDb, ok, resetEmulator } from '../support/emulator';
import { assignedHuCase, HIGHER_PRESIDENT, OTHER_PRESIDENT, PRESIDENT, seedManagement, today } from '../support/management';
import { CLERK, HU, JUDGES, LIN, REGISTRAR, verifyApprovedLawyer } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const limit = (openid: string, input: Record<string, unknown>) => callWithAnyInput('trial-limit', input, openid);

let caseId: string;
let presiding: string;
beforeEach(async () => {
  await resetEmulator();
  await seedManagement(db);
  ({ caseId, presiding } = await assignedHuCase());
});

describe('trial-limit: an extension refused for being late, asked in time, approved, shown to the parties', () => {
  it('runs the whole approval chain', async () => {
    // Filed 2026-03-02, ordinary procedure: 6 months → 2026-09-02; ask by 08-18, decide by 08-28.
    const shown = ok(await callFunction('trial-limit', { op: 'view', caseId }, HU.openid));
    expect(shown).toMatchObject({
      op: 'view',
      limit: { filedOn: '2026-03-02', expiresOn: '2026-09-02', requestBy: '2026-08-18', decideBy: '2026-08-28', extensions: [] },
      requests: [],
    });

    // Too late: 14 days before expiry.
    await today('2026-08-19');
    const late = await limit(presiding, { op: 'request', requestId: 'limit-late-01', caseId, kind: 'extension', months: 6, reasons: '案情复杂，需补充鉴定' });
    expect(late.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringMatching(/15 日前（2026-08-18 前）/) } });
    expect(await countOf('limit_requests')).toBe(0);

    // In time, but more than the president may grant at once (民事诉讼法 第一百五十二条).
    await today('2026-08-10');
    const tooLong = await limit(presiding, {
      op: 'request',
      requestId: 'limit-long-01',
      caseId,
      kind: 'extension',
      months: 12,
      reasons: '案情复杂，需补充鉴定',
    });
    expect(tooLong.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/院长批准最多延长 6 个月.*报请上级人民法院批准/) },
    });
    expect(await countOf('limit_requests')).toBe(0);

    const asked = ok(
      await callFunction(
        'trial-limit',
        { op: 'request', requestId: 'limit-ask-01', caseId, kind: 'extension', months: 6, reasons: '案情复杂，需补充鉴定' },
        presiding,
      ),
    );
    if (asked.op !== 'request') throw new Error('unreachable');
    expect(asked.request).toMatchObject({ state: 'pending', approver: 'president', decideBy: '2026-08-28', months: 6 });
    // A retry answers the same request and writes nothing more.
    expect(
      (await limit(presiding, { op: 'request', requestId: 'limit-ask-01', caseId, kind: 'extension', months: 6, reasons: '案情复杂，需补充鉴定' })).result,
    ).toEqual({ ok: true, data: asked });
    expect(await countOf('limit_requests')).toBe(1);

    // The president's inbox; another court's president sees nothing of it.
    const inbox = ok(await callFunction('trial-limit', { op: 'inbox' }, PRESIDENT.openid));
    expect(inbox).toMatchObject({ op: 'inbox', requests: [{ limitRequestId: asked.request.limitRequestId, caseId }] });
    expect(ok(await callFunction('trial-limit', { op: 'inbox' }, OTHER_PRESIDENT.openid))).toEqual({ op: 'inbox', requests: [] });

    // A refusal needs a reason.
    const bare = await limit(PRESIDENT.openid, {
      op: 'decide',
      requestId: 'decide-0001',
      caseId,
      limitRequestId: asked.request.limitRequestId,
      decision: 'refuse',
    });
    expect(bare.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { reason: '不批准须写明理由' } } });

    await today('2026-08-20');
    const approved = ok(
      await callFunction(
        'trial-limit',
        { op: 'decide', requestId: 'decide-0002', caseId, limitRequestId: asked.request.limitRequestId, decision: 'approve' },
        PRESIDENT.openid,
      ),
    );
    expect(approved).toMatchObject({
      op: 'decide',
      request: { state: 'approved' },
      limit: { expiresOn: '2027-03-02', extensions: [{ months: 6, approver: 'president' }] },
    });
    // Decided once.
    expect(
      (await limit(PRESIDENT.openid, { op: 'decide', requestId: 'decide-0003', caseId, limitRequestId: asked.request.limitRequestId, decision: 'approve' }))
        .result,
    ).toMatchObject({
      ok: false,
      error: { code: 'STATE' },
    });

    // The parties see the extension (延长审限规定 第七条), not the court's requests.
    const party = ok(await callFunction('trial-limit', { op: 'view', caseId }, HU.openid));
    expect(party).toMatchObject({ limit: { expiresOn: '2027-03-02', extensions: [{ months: 6, approvedOn: '2026-08-20' }] }, requests: [] });
    expect((await findById<CaseRecord>(db, 'cases', caseId))?.trialLimitOn).toBe('2027-03-02');
    const detail = ok(await callFunction('case-detail', { caseId }, HU.openid));
    expect(JSON.stringify(detail)).toContain('审批审限申请');
  });

  it('a second extension of ordinary procedure goes to the higher court’s president, not this court’s', async () => {
    await today('2026-08-01');
    const first = ok(
      await callFunction(
        'trial-limit',
        { op: 'request', requestId: 'limit-ask-01', caseId, kind: 'extension', months: 6, reasons: '案情复杂，需补充鉴定' },
        presiding,
      ),
    );
    if (first.op !== 'request') throw new Error('unreachable');
    ok(
      await callFunction(
        'trial-limit',
        { op: 'decide', requestId: 'decide-0001', caseId, limitRequestId: first.request.limitRequestId, decision: 'approve' },
        PRESIDENT.openid,
      ),
    );
    await today('2027-02-01');
    const second = ok(
      await callFunction(
        'trial-limit',
        { op: 'request', requestId: 'limit-ask-02', caseId, kind: 'extension', months: 3, reasons: '鉴定意见尚未作出' },
        presiding,
      ),
    );
    if (second.op !== 'request') throw new Error('unreachable');
    expect(second.request.approver).toBe('higher-court');
    const own = await limit(PRESIDENT.openid, {
      op: 'decide',
      requestId: 'decide-0002',
      caseId,
      limitRequestId: second.request.limitRequestId,
      decision: 'approve',
    });
    expect(own.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(ok(await callFunction('trial-limit', { op: 'inbox' }, HIGHER_PRESIDENT.openid))).toMatchObject({
      requests: [{ limitRequestId: second.request.limitRequestId }],
    });
    const higher = ok(
      await callFunction(
        'trial-limit',
        { op: 'decide', requestId: 'decide-0003', caseId, limitRequestId: second.request.limitRequestId, decision: 'approve' },
        HIGHER_PRESIDENT.openid,
      ),
    );
    expect(higher).toMatchObject({ limit: { expiresOn: '2027-06-02' } });
  });

  it('a period not counted is approved and adds its days; a refusal keeps the limit and gives the reason', async () => {
    await today('2026-04-01');
    const asked = ok(
      await callFunction(
        'trial-limit',
        {
          op: 'request',
          requestId: 'exclude-0001',
          caseId,
          kind: 'exclusion',
          exclusion: { type: 'appraisal', from: '2026-04-01', to: '2026-05-16' },
          reasons: '委托司法鉴定',
        },
        presiding,
      ),
    );
    if (asked.op !== 'request') throw new Error('unreachable');
    const decided = ok(
      await callFunction(
        'trial-limit',
        { op: 'decide', requestId: 'decide-0001', caseId, limitRequestId: asked.request.limitRequestId, decision: 'approve' },
        PRESIDENT.openid,
      ),
    );
    expect(decided).toMatchObject({ limit: { expiresOn: '2026-10-17', excluded: [{ type: 'appraisal', label: '鉴定期间', days: 45 }] } });
    const again = ok(
      await callFunction(
        'trial-limit',
        { op: 'request', requestId: 'limit-ask-01', caseId, kind: 'extension', months: 6, reasons: '案情复杂，需补充鉴定' },
        presiding,
      ),
    );
    if (again.op !== 'request') throw new Error('unreachable');
    const refused = ok(
      await callFunction(
        'trial-limit',
        { op: 'decide', requestId: 'decide-0002', caseId, limitRequestId: again.request.limitRequestId, decision: 'refuse', reason: '理由不充分' },
        PRESIDENT.openid,
      ),
    );
    expect(refused).toMatchObject({ request: { state: 'refused', decision: { reason: '理由不充分' } }, limit: { expiresOn: '2026-10-17' } });
  });

  it('simplified → ordinary keeps the start and asks the other half of the fee within 7 days; a second month beyond 4 is refused', async () => {
    await resetEmulator();
    await seedManagement(db);
    const simple = await assignedHuCase({ procedure: 'simplified' });
    // A Saturday: the other half of the fee is due 7 days on, 03-28, a Saturday too, so on Monday 03-30 (民事诉讼法 第八十五条).
    await today('2026-03-21');
    const tooMuch = await limit(simple.presiding, {
      op: 'request',
      requestId: 'limit-ask-09',
      caseId: simple.caseId,
      kind: 'extension',
      months: 2,
      reasons: '案情复杂',
    });
    expect(tooMuch.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/累计不超过 4 个月/) } });
    const converted = ok(
      await callFunction(
        'trial-limit',
        { op: 'convert', requestId: 'convert-0001', caseId: simple.caseId, reasons: '案情复杂，不宜适用简易程序' },
        simple.presiding,
      ),
    );
    expect(converted).toMatchObject({
      op: 'convert',
      limit: { procedure: 'ordinary', filedOn: '2026-03-02', expiresOn: '2026-09-02', conversion: { feeDueOn: '2026-03-30' } },
    });
    if (converted.op !== 'convert') throw new Error('unreachable');
    expect(converted.limit.conversion?.feeDueFen).toBeGreaterThan(0);
    expect((await findById<CaseRecord>(db, 'cases', simple.caseId))?.procedure).toBe('ordinary');
  });

  it('FORBIDDEN to a stranger, a wrong role and another court; nothing written', async () => {
    await verifyApprovedLawyer(db);
    const ask = { op: 'request', requestId: 'limit-ask-01', caseId, kind: 'extension', months: 6, reasons: '案情复杂，需补充鉴定' };
    for (const who of [LIN.openid, HU.openid, CLERK.openid, REGISTRAR.openid, PRESIDENT.openid, 'o-nobody']) {
      expect((await limit(who, ask)).result).toMatchObject({ ok: false });
    }
    expect((await limit(JUDGES.find((j) => j.openid !== presiding)?.openid ?? '', { op: 'view', caseId: 'no-such-case-0001' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await limit(LIN.openid, { op: 'view', caseId })).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await limit(OTHER_PRESIDENT.openid, { op: 'view', caseId })).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await limit(HU.openid, { op: 'inbox' })).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await countOf('limit_requests')).toBe(0);
  });
});
