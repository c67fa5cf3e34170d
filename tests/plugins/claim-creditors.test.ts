import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import type { ClaimRegisterInput } from '#schemas/claims';
import { callFunction, callWithAnyInput, countOf, emulatorUrl, ok, resetEmulator } from '../support/emulator';
import { openXiaomingAsAdministrator } from '../support/claims';
import { HU, residentId, verifyCreditor, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database({ env: Environments.claims.localId });
const BANKRUPTCY = 'xiaoming-bike';
/** A supplier of the bankrupt company, and its registered legal representative. */
const SUPPLIER = { name: '梅州市凯达共享单车有限公司', uscc: '91350100M000100Y43', representative: WU.name };

const claim = (requestId: string, extra: Partial<ClaimRegisterInput> = {}): ClaimRegisterInput => ({
  requestId,
  bankruptcyId: BANKRUPTCY,
  principalFen: 1_400_000_000,
  basis: '单车采购合同货款',
  bankAccount: { bank: '中国工商银行', name: SUPPLIER.name, account: '6222020012345678901' },
  eService: { consent: true, mobile: '13800138000' },
  ...extra,
});
const register = (openid: string, input: unknown) => callWithAnyInput('claim-register', input, openid);
/** The phone's wx.cloud.uploadFile into the plug-in environment's storage, in the caller's own upload area. */
async function upload(openid: string, name: string, content: string): Promise<string> {
  const res = await fetch(`${emulatorUrl()}/env/${Environments.claims.localId}/upload/uploads/${openid}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body: content,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}
const proofsOf = async (openid: string, kinds: ('business-licence' | 'representative-certificate' | 'authorisation')[]) =>
  Promise.all(kinds.map(async (kind) => ({ kind, file: await upload(openid, `${kind}.pdf`, `%PDF-1.4 ${kind} of ${openid}`) })));

beforeEach(async () => {
  await resetEmulator();
  await openXiaomingAsAdministrator(db);
  await verifyCreditor(HU);
  await verifyCreditor(WU);
});

describe('one claim per creditor, not per WeChat account (企业破产法 第五十七条)', () => {
  it('two accounts declaring for the same credit code under two names: the second is refused and the one claim stands', async () => {
    const byRepresentative = ok(
      await register(
        WU.openid,
        claim('company-0001', {
          company: { ...SUPPLIER, capacity: 'legal-representative', proofs: await proofsOf(WU.openid, ['business-licence', 'representative-certificate']) },
        }),
      ),
    );
    const byAgent = await register(
      HU.openid,
      claim('company-0002', {
        principalFen: 2_000_000_000,
        company: {
          ...SUPPLIER,
          name: '凯达单车（梅州）',
          capacity: 'authorised-agent',
          proofs: await proofsOf(HU.openid, ['business-licence', 'authorisation']),
        },
      }),
    );
    expect(byAgent.result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('同一债权人只能申报一笔') } });
    expect(await countOf(db, 'claims', { bankruptcyId: BANKRUPTCY })).toBe(1);
    expect(ok(await callFunction('claim-status', { bankruptcyId: BANKRUPTCY, uscc: SUPPLIER.uscc }, WU.openid))).toMatchObject({
      claimId: byRepresentative.claimId,
      creditorName: SUPPLIER.name,
      totalFen: 1_400_000_000,
    });
    // The other account learns nothing of the claim, and its own (personal) claim is another creditor's.
    expect((await callFunction('claim-status', { bankruptcyId: BANKRUPTCY, uscc: SUPPLIER.uscc }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    ok(await register(HU.openid, claim('person-0001', { principalFen: 19_900, basis: '小鸣单车用户押金未退还' })));
    expect(await countOf(db, 'claims', { bankruptcyId: BANKRUPTCY })).toBe(2);
  });

  it('a company’s claim needs its registered representative or an agent, with the papers that prove it', async () => {
    const posing = await register(HU.openid, claim('company-0011', { company: { ...SUPPLIER, capacity: 'legal-representative', proofs: [] } }));
    expect(posing.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('法定代表人不一致') } });
    const unproven = await register(
      HU.openid,
      claim('company-0012', { company: { ...SUPPLIER, capacity: 'authorised-agent', proofs: await proofsOf(HU.openid, ['business-licence']) } }),
    );
    expect(unproven.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { 'company.proofs': '以委托代理人身份为单位申报债权，请提交授权委托书' } },
    });
    expect(await countOf(db, 'claims')).toBe(0);
    ok(
      await register(
        HU.openid,
        claim('company-0013', {
          company: { ...SUPPLIER, capacity: 'authorised-agent', proofs: await proofsOf(HU.openid, ['business-licence', 'authorisation']) },
        }),
      ),
    );
    const [stored] = ((await db.collection('claims').where({ bankruptcyId: BANKRUPTCY }).get()) as { data: Record<string, unknown>[] }).data;
    expect(stored).toMatchObject({
      creditor: `uscc:${SUPPLIER.uscc}`,
      declaredBy: HU.openid,
      representation: { capacity: 'authorised-agent', actorName: HU.name },
    });
  });

  it('a person is one creditor by their verified ID number: the key is its keyed hash, the number is stored nowhere in clear', async () => {
    ok(await register(HU.openid, claim('person-0021', { principalFen: 19_900 })));
    const [stored] = ((await db.collection('claims').where({ bankruptcyId: BANKRUPTCY }).get()) as { data: Record<string, unknown>[] }).data;
    expect(String(stored?.creditor)).toMatch(/^person:/);
    expect(JSON.stringify(stored)).not.toContain(HU.idNumber);
    // One identity binds one account (the plug-in keeps its own bindings), so a second account cannot declare for Mr Hu again.
    const twin = { openid: 'o-hu-second-phone', name: HU.name, idNumber: HU.idNumber };
    await expect(verifyCreditor(twin)).rejects.toThrow(/CONFLICT/);
    const other = { openid: 'o-creditor-zheng', name: '郑某人', idNumber: residentId('11010519491231002') };
    await verifyCreditor(other);
    ok(await register(other.openid, claim('person-0022', { principalFen: 19_900 })));
    expect(await countOf(db, 'claims', { bankruptcyId: BANKRUPTCY })).toBe(2);
  });
});
