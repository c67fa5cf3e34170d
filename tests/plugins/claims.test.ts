import cloud from 'wx-server-sdk';
import { findById, type Envelope } from '#runtime';
import type { ClaimRegisterInput, ClaimRegisterOutput, ClaimStatusOutput } from '#schemas/claims';
import { callFunction, countOf, ok, operation, resetEmulator } from '../support/emulator';
import { HU, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();
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
const register = (openid: string, input: unknown) => callFunction<Envelope<ClaimRegisterOutput>>('claim-register', input, openid);

beforeEach(async () => {
  await resetEmulator();
  await db.collection('users').add({ data: { _id: ADMINISTRATOR, kind: 'staff', name: '广东君信律师事务所', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } } });
  // The window of the test: accepted 2026-02-20, announced the next day, open until 2026-04-30 (the clock stands at 2026-03-02).
  ok(await callFunction('claims-open', { requestId: 'open-0001', bankruptcyId: BANKRUPTCY, caseNumber: '（2026）粤01破1号', debtor: '广州悦骑信息科技有限公司', acceptedOn: '2026-02-20', announcedOn: '2026-02-21', deadlineOn: '2026-04-30' }, ADMINISTRATOR));
  await verify(HU);
});

describe('claims-open', () => {
  it('refuses a period outside 30 days to 3 months (第四十五条), a second opening, and a party', async () => {
    const input = { requestId: 'open-0002', bankruptcyId: 'other-case', caseNumber: '（2026）粤01破2号', debtor: '某公司', acceptedOn: '2026-02-20', announcedOn: '2026-02-21', deadlineOn: '2026-03-10' };
    expect((await callFunction('claims-open', input, ADMINISTRATOR)).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('第四十五条') } });
    expect((await callFunction('claims-open', { ...input, requestId: 'open-0003', bankruptcyId: BANKRUPTCY, deadlineOn: '2026-04-30' }, ADMINISTRATOR)).result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await callFunction('claims-open', { ...input, requestId: 'open-0004', deadlineOn: '2026-04-30' }, HU.openid)).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('claim-register and claim-status', () => {
  it('registers a 199-yuan deposit claim; a second submission amends the one claim and keeps the history', async () => {
    expect(ok(await register(HU.openid, claim('claim-0001')))).toEqual({ claimId: expect.any(String), version: 1, totalFen: 19_900, late: false });
    const amended = ok(await register(HU.openid, claim('claim-0002', { principalFen: 19_900, otherFen: 100, basis: '押金199元及未使用余额1元' })));
    expect(amended).toMatchObject({ version: 2, totalFen: 20_000 });
    expect(await countOf(db, 'claims')).toBe(1);
    const status = ok(await callFunction<Envelope<ClaimStatusOutput>>('claim-status', { bankruptcyId: BANKRUPTCY }, HU.openid));
    expect(status).toMatchObject({ creditorName: '胡建国', totalFen: 20_000, version: 2, review: { state: 'pending' }, bankAccountMasked: '中国工商银行 ***************8901' });
    const stored = await findById<{ versions: unknown[] }>(db, 'claims', amended.claimId);
    expect(stored?.versions).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain('6222020012345678901');
    expect(JSON.stringify(stored)).not.toContain('13800138000');
  });

  it('a retried submission is one version', async () => {
    const first = await register(HU.openid, claim('claim-0003'));
    expect((await register(HU.openid, claim('claim-0003'))).result).toEqual(first.result);
    expect(ok(await callFunction<Envelope<ClaimStatusOutput>>('claim-status', { bankruptcyId: BANKRUPTCY }, HU.openid)).version).toBe(1);
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
    await db.collection('bankruptcies').doc(BANKRUPTCY).update({ data: { finalDistributionOn: '2026-05-10' } });
    await operation('POST', 'clock', { now: '2026-05-12T02:00:00.000Z' });
    expect((await register(HU.openid, claim('claim-0007'))).result).toMatchObject({ ok: false, error: { code: 'DEADLINE' } });
  });

  it('NOT_VERIFIED before verification; bad input writes nothing; one sees only one’s own claim', async () => {
    expect((await register(WU.openid, claim('claim-0008'))).result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
    expect((await register(HU.openid, { ...claim('claim-0009'), principalFen: -1 })).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await countOf(db, 'claims')).toBe(0);
    ok(await register(HU.openid, claim('claim-0010')));
    await verify(WU);
    expect((await callFunction('claim-status', { bankruptcyId: BANKRUPTCY }, WU.openid)).result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a burst of 2,000 submissions from 1,600 creditors, 400 of them twice at once, ends in 1,600 claims', async () => {
    const creditors = Array.from({ length: 1600 }, (_, i) => `o-creditor-${String(i).padStart(5, '0')}`);
    for (let i = 0; i < creditors.length; i += 500) {
      await db.collection('users').add({ data: creditors.slice(i, i + 500).map((openid, j) => ({ _id: openid, kind: 'party', name: `债权人${i + j}`, idLookup: `lookup-${openid}`, verifiedAt: new Date() })) });
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
    const twice = (await db.collection('claims').where({ bankruptcyId: BANKRUPTCY, version: 2 }).count()) as { total: number };
    expect(twice.total).toBe(400 - failures.length);
  });
});
