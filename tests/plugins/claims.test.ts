import cloud from 'wx-server-sdk';
import { Environments, type ActionInput } from '#contract';
import { findById } from '#runtime';
import type { ClaimRegisterInput } from '#schemas/claims';
import { callFunction, callWithAnyInput, countOf, ok, operation, resetEmulator } from '../support/emulator';
import { openXiaomingClaims, recordDeployment, XIAOMING } from '../support/claims';
import { faceChecked, HU, verify, verifyCreditor, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
// The plug-in's own database: its environment is not the court's.
const db = cloud.database({ env: Environments.claims.localId });
const court = cloud.database();
const ADMINISTRATOR = 'o-administrator-junxin';
const BANKRUPTCY = 'xiaoming-bike';

const claim = (requestId: string, extra: Partial<ClaimRegisterInput> = {}): ClaimRegisterInput => ({
  requestId,
  bankruptcyId: BANKRUPTCY,
  principalFen: 19_900,
  basis: '小鸣单车用户押金未退还',
  bankAccount: { bank: '中国工商银行', name: HU.name, account: '6222020012345678901' },
  eService: { consent: true, mobile: '13800138000' },
  ...extra,
});
const register = (openid: string, input: unknown) => callWithAnyInput('claim-register', input, openid);

beforeEach(async () => {
  await resetEmulator();
  await db.collection('users').add({
    data: { _id: ADMINISTRATOR, kind: 'staff', name: '广东君信律师事务所', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } },
  });
  // The clock stands at 2026-03-02, inside the window.
  await openXiaomingClaims(ADMINISTRATOR);
  await verifyCreditor(HU);
});

describe('the plug-in’s own environment', () => {
  it('registers claims in the plug-in’s database while the court’s database sees none of its writes', async () => {
    ok(await register(HU.openid, claim('claim-env-1')));
    expect(await countOf(db, 'claims')).toBe(1);
    expect(await countOf(db, 'users', { _id: HU.openid })).toBe(1);
    for (const collection of ['claims', 'bankruptcies', 'users', 'idempotency']) expect(await countOf(court, collection)).toBe(0);
    // A creditor verified at the court is not verified in the plug-in: each environment keeps its own users.
    await verify(WU);
    expect((await register(WU.openid, claim('claim-env-2'))).result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
  });
});

describe('creditor-verify', () => {
  it('refuses bad input writing nothing, answers a retry with its first answer, and refuses another person’s face check', async () => {
    expect(
      (await callWithAnyInput('creditor-verify', { op: 'start', requestId: 'creditor-wu-0000', name: WU.name, idNumber: '123' }, WU.openid)).result,
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await countOf(db, 'users', { _id: WU.openid })).toBe(0);
    const input = await faceChecked(WU, 'creditor-wu-0001', { action: 'creditor-verify' });
    const first = ok(await callFunction('creditor-verify', input, WU.openid));
    expect(ok(await callFunction('creditor-verify', input, WU.openid))).toEqual(first);
    expect(await countOf(db, 'users', { _id: WU.openid })).toBe(1);
    // Another person's face check does not verify anyone else.
    expect((await callFunction('creditor-verify', { ...input, requestId: 'creditor-admin-01' }, ADMINISTRATOR)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
    expect(await findById(db, 'users', ADMINISTRATOR)).not.toHaveProperty('verifiedAt');
  });
});

describe('claims-open', () => {
  it('opens only a bankruptcy the plug-in was deployed for: before its deploy record, claims-open and claim-register refuse it', async () => {
    const other = { ...XIAOMING, requestId: 'open-other', bankruptcyId: 'doudou-bike', caseNumber: '（2026）粤01破2号' };
    expect((await callFunction('claims-open', other, ADMINISTRATOR)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('尚未部署债权申报插件') },
    });
    expect(await countOf(db, 'bankruptcies', { _id: 'doudou-bike' })).toBe(0);
    expect((await register(HU.openid, claim('claim-other-1', { bankruptcyId: 'doudou-bike' }))).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('尚未部署债权申报插件') },
    });
    // Deployed and not opened yet: no declaration.
    await recordDeployment('doudou-bike');
    expect((await register(HU.openid, claim('claim-other-2', { bankruptcyId: 'doudou-bike' }))).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: '该破产案件尚未开放债权申报' },
    });
    ok(await callFunction('claims-open', other, ADMINISTRATOR));
    expect(ok(await register(HU.openid, claim('claim-other-3', { bankruptcyId: 'doudou-bike' })))).toMatchObject({ version: 1 });
    expect(await countOf(db, 'claims', { bankruptcyId: 'doudou-bike' })).toBe(1);
  });

  it('refuses a judge of another court: a bankruptcy deployed for one court is opened by that court only', async () => {
    await recordDeployment('doudou-bike', 'gz-intermediate');
    await db.collection('users').add({
      data: { _id: 'o-judge-tianhe', kind: 'staff', name: '天河法官', staff: { courtId: 'gz-tianhe', roles: ['judge'], active: true } },
    });
    const other = { ...XIAOMING, requestId: 'open-tianhe', bankruptcyId: 'doudou-bike', caseNumber: '（2026）粤01破2号' };
    expect((await callFunction('claims-open', other, 'o-judge-tianhe')).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '该破产案件不属于您所在的法院' },
    });
    expect(await findById(db, 'bankruptcies', 'doudou-bike')).not.toHaveProperty('openedAt');
  });

  it('refuses a period outside 30 days to 3 months (第四十五条), a second opening, and a party', async () => {
    const input = {
      requestId: 'open-0002',
      bankruptcyId: 'other-case',
      caseNumber: '（2026）粤01破2号',
      debtor: '某公司',
      acceptedOn: '2026-02-20',
      announcedOn: '2026-02-21',
      deadlineOn: '2026-03-10',
    };
    expect((await callFunction('claims-open', input, ADMINISTRATOR)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('第四十五条') },
    });
    expect(
      (await callFunction('claims-open', { ...input, requestId: 'open-0003', bankruptcyId: BANKRUPTCY, deadlineOn: '2026-04-30' }, ADMINISTRATOR)).result,
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await callFunction('claims-open', { ...input, requestId: 'open-0004', deadlineOn: '2026-04-30' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

describe('claim-register and claim-status', () => {
  it('claim-status shows the review and not the reviewer’s openid: every answer is parsed by its schema', async () => {
    const { claimId } = ok(await register(HU.openid, claim('claim-0031')));
    ok(
      await callFunction('claim-review', { requestId: 'review-0031', bankruptcyId: BANKRUPTCY, reviews: [{ claimId, decision: 'confirmed' }] }, ADMINISTRATOR),
    );
    const status = ok(await callFunction('claim-status', { bankruptcyId: BANKRUPTCY }, HU.openid));
    expect(status.review).toEqual({ state: 'confirmed', confirmedFen: 19_900 });
    expect(JSON.stringify(status)).not.toContain(ADMINISTRATOR);
  });

  it('registers a 199-yuan deposit claim; a second submission amends the one claim and keeps the history', async () => {
    expect(ok(await register(HU.openid, claim('claim-0001')))).toEqual({ claimId: expect.any(String), version: 1, totalFen: 19_900, late: false });
    const amended = ok(await register(HU.openid, claim('claim-0002', { principalFen: 19_900, otherFen: 100, basis: '押金199元及未使用余额1元' })));
    expect(amended).toMatchObject({ version: 2, totalFen: 20_000 });
    expect(await countOf(db, 'claims')).toBe(1);
    const status = ok(await callFunction('claim-status', { bankruptcyId: BANKRUPTCY }, HU.openid));
    expect(status).toMatchObject({
      creditorName: '胡建国',
      totalFen: 20_000,
      version: 2,
      review: { state: 'pending' },
      bankAccountMasked: '中国工商银行 ***************8901',
    });
    const stored = await findById<{ versions: unknown[] }>(db, 'claims', amended.claimId);
    expect(stored?.versions).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain('6222020012345678901');
    expect(JSON.stringify(stored)).not.toContain('13800138000');
  });

  it('a first declaration is the caller read and one insert; the window is read once per warm instance', async () => {
    await verifyCreditor(WU);
    ok(await register(HU.openid, claim('claim-0011')));
    ok(await register(WU.openid, claim('claim-0012', { bankAccount: { bank: '中国工商银行', name: WU.name, account: '6222020012345678902' } })));
    const stats = await operation<{ functions: Record<string, { invocations: number; dbCallsPerInvocation: number }> }>('GET', 'stats');
    // The first call: caller, window, insert; the second: caller, insert.
    expect(stats.functions['claim-register']).toMatchObject({ invocations: 2, dbCallsPerInvocation: 2.5 });
  });

  it('a retried submission is one version', async () => {
    const first = await register(HU.openid, claim('claim-0003'));
    expect((await register(HU.openid, claim('claim-0003'))).result).toEqual(first.result);
    expect(ok(await callFunction('claim-status', { bankruptcyId: BANKRUPTCY }, HU.openid)).version).toBe(1);
  });

  it('points an employee to the administrator’s list (第四十八条)', async () => {
    const reply = await register(HU.openid, claim('claim-0004', { kind: 'wages' }));
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'STATE', message: expect.stringContaining('第四十八条') } });
    expect(await countOf(db, 'claims')).toBe(0);
  });

  it('stops interest at the acceptance date (第四十六条)', async () => {
    const reply = await register(HU.openid, claim('claim-0005', { interestFen: 500, interestUntil: '2026-03-01' }));
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { interestUntil: expect.stringContaining('2026-02-20') } } });
  });

  it('takes a late declaration with the cost notice, and refuses after the final distribution (第五十六条)', async () => {
    await operation('POST', 'clock', { now: '2026-05-06T02:00:00.000Z' });
    expect(ok(await register(HU.openid, claim('claim-0006')))).toMatchObject({ late: true, notice: expect.stringContaining('补充申报') });
    await db
      .collection('bankruptcies')
      .doc(BANKRUPTCY)
      .update({ data: { finalDistributionOn: '2026-05-10' } });
    await operation('POST', 'clock', { now: '2026-05-12T02:00:00.000Z' });
    expect((await register(HU.openid, claim('claim-0007'))).result).toMatchObject({ ok: false, error: { code: 'DEADLINE' } });
  });

  it('NOT_VERIFIED before verification; bad input writes nothing; one sees only one’s own claim', async () => {
    expect((await register(WU.openid, claim('claim-0008'))).result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
    expect((await register(HU.openid, { ...claim('claim-0009'), principalFen: -1 })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await countOf(db, 'claims')).toBe(0);
    ok(await register(HU.openid, claim('claim-0010')));
    await verifyCreditor(WU);
    expect((await callFunction('claim-status', { bankruptcyId: BANKRUPTCY }, WU.openid)).result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a burst of 2,000 submissions from 1,600 creditors, 400 of them twice at once, ends in 1,600 claims', async () => {
    const creditors = Array.from({ length: 1600 }, (_, i) => `o-creditor-${String(i).padStart(5, '0')}`);
    for (let i = 0; i < creditors.length; i += 500) {
      await db.collection('users').add({
        data: creditors
          .slice(i, i + 500)
          .map((openid, j) => ({ _id: openid, kind: 'party', name: `债权人${i + j}`, idLookup: `lookup-${openid}`, verifiedAt: new Date() })),
      });
    }
    // The first 400 creditors submit twice, back to back, so their two submissions race each other.
    const submissions = creditors.flatMap((openid, i) => [{ openid, requestId: `burst-a-${i}` }, ...(i < 400 ? [{ openid, requestId: `burst-b-${i}` }] : [])]);
    let next = 0;
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < submissions.length) {
          const s = submissions[next++];
          if (!s) break;
          const reply = await register(s.openid, claim(s.requestId, { bankAccount: { bank: '中国工商银行', name: '债权人', account: '6222020012345678901' } }));
          if (!reply.result?.ok) failures.push(reply.result);
        }
      }),
    );
    // A submission that lost every retry to its own creditor's other submission answers CONFLICT and wrote nothing.
    expect(failures.every((f) => (f as { error?: { code?: string } }).error?.code === 'CONFLICT')).toBe(true);
    expect(await countOf(db, 'claims', { bankruptcyId: BANKRUPTCY })).toBe(1600);
    // The second submission declares what the first did: one declaration, one version (issue 17: one effect however many attempts).
    const twice = (await db.collection('claims').where({ bankruptcyId: BANKRUPTCY, version: 2 }).count()) as { total: number };
    expect(twice.total).toBe(0);
  });
});

describe('claim-review and claims-table', () => {
  let claimIds: string[];
  beforeEach(async () => {
    const creditors = ['o-creditor-a', 'o-creditor-b', 'o-creditor-c'];
    await db.collection('users').add({
      data: creditors.map((openid, i) => ({
        _id: openid,
        kind: 'party',
        name: `债权人${'甲乙丙'[i]}`,
        idLookup: `lookup-${openid}`,
        verifiedAt: new Date(),
      })),
    });
    claimIds = [];
    for (const [i, openid] of creditors.entries()) {
      const extra = i === 2 ? { principalFen: 14_000_000_00, collateral: '单车一批（抵押）', basis: '供货合同欠款' } : {};
      claimIds.push(
        ok(await register(openid, claim(`table-claim-${i}`, { ...extra, bankAccount: { bank: '中国银行', name: '债权人', account: '6216610000000000000' } })))
          .claimId,
      );
    }
  });

  it('reviews in a batch, totals by state and security, and exports the table as XLSX and CSV', async () => {
    const reviews: ActionInput<'claim-review'>['reviews'] = [
      { claimId: claimIds[0] ?? '', decision: 'confirmed' },
      { claimId: claimIds[1] ?? '', decision: 'partly-confirmed', confirmedFen: 10_000, reason: '仅有押金缴纳凭证' },
      { claimId: claimIds[2] ?? '', decision: 'disputed', reason: '抵押登记有争议' },
    ];
    expect(ok(await callFunction('claim-review', { requestId: 'review-0001', bankruptcyId: BANKRUPTCY, reviews }, ADMINISTRATOR))).toEqual({ reviewed: 3 });
    const table = ok(await callFunction('claims-table', { bankruptcyId: BANKRUPTCY, export: 'xlsx', meetingEndsOn: '2026-05-20' }, ADMINISTRATOR));
    expect(table.totals).toEqual([
      { state: 'confirmed', secured: false, claims: 1, declaredFen: 19_900, confirmedFen: 19_900 },
      { state: 'disputed', secured: true, claims: 1, declaredFen: 14_000_000_00, confirmedFen: 0 },
      { state: 'partly-confirmed', secured: false, claims: 1, declaredFen: 19_900, confirmedFen: 10_000 },
    ]);
    expect(table.rows).toHaveLength(3);
    expect(table.objectionDeadline).toBe('2026-06-04');
    const xlsx = Buffer.from(await (await fetch(encodeURI(table.export?.url ?? ''))).arrayBuffer());
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    expect(table.export?.rows).toBe(3);
    const csv = ok(await callFunction('claims-table', { bankruptcyId: BANKRUPTCY, export: 'csv', state: 'disputed' }, ADMINISTRATOR));
    const text = await (await fetch(encodeURI(csv.export?.url ?? ''))).text();
    expect(text).toContain('债权人丙,14000000,有,否,有争议,0');
    expect(text).not.toContain('债权人甲');
  });

  it('refuses an incomplete partial confirmation, a creditor reviewing, and another bankruptcy’s administrator', async () => {
    const bad = await callFunction(
      'claim-review',
      { requestId: 'review-0002', bankruptcyId: BANKRUPTCY, reviews: [{ claimId: claimIds[0] ?? '', decision: 'partly-confirmed', reason: '理由' }] },
      ADMINISTRATOR,
    );
    expect(bad.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('第1笔') } });
    expect(
      (
        await callFunction(
          'claim-review',
          { requestId: 'review-0003', bankruptcyId: BANKRUPTCY, reviews: [{ claimId: claimIds[0] ?? '', decision: 'confirmed' }] },
          'o-creditor-a',
        )
      ).result,
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await db.collection('users').add({
      data: {
        _id: 'o-other-administrator',
        kind: 'staff',
        name: '另一管理人',
        staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true },
      },
    });
    expect((await callFunction('claims-table', { bankruptcyId: BANKRUPTCY }, 'o-other-administrator')).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Once reviewed, the creditor cannot amend by declaring again.
    ok(
      await callFunction(
        'claim-review',
        { requestId: 'review-0004', bankruptcyId: BANKRUPTCY, reviews: [{ claimId: claimIds[0] ?? '', decision: 'confirmed' }] },
        ADMINISTRATOR,
      ),
    );
    expect((await register('o-creditor-a', claim('table-again'))).result).toMatchObject({ ok: false, error: { code: 'STATE' } });
  });
});
