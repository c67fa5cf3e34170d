import cloud from 'wx-server-sdk';

import type { IdentityVerifyInput } from '#schemas/identity';
import { callWithAnyInput, resetEmulator, countOf as countInDb } from '../support/emulator';
import { faceToken, HU, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

const verifyAs = (openid: string, input: IdentityVerifyInput | Record<string, unknown>) => callWithAnyInput('identity-verify', input, openid);
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);

beforeEach(() => resetEmulator(null));

describe('identity-verify', () => {
  it('verifies Mr Hu by face: the ID number is stored sealed, looked up by keyed hash, shown masked', async () => {
    const reply = await verifyAs(HU.openid, { requestId: 'verify-0001', name: HU.name, idNumber: HU.idNumber, verifyResult: await faceToken(HU) });
    expect(reply.result).toEqual({
      ok: true,
      data: { name: '胡建国', idMasked: `${HU.idNumber.slice(0, 6)}********${HU.idNumber.slice(14)}`, verifiedAt: expect.any(String), lawyerStatus: 'none' },
    });
    const { data: user } = (await db.collection('users').doc(HU.openid).get()) as { data: Record<string, unknown> };
    expect(JSON.stringify(user)).not.toContain(HU.idNumber);
    expect(user).toMatchObject({ kind: 'party', idLookup: expect.stringMatching(/^[0-9a-f]{64}$/), verifiedAt: expect.any(Date) });
  });

  it('records a lawyer as pending until court staff approve', async () => {
    const reply = await verifyAs(HU.openid, {
      requestId: 'verify-0002',
      name: HU.name,
      idNumber: HU.idNumber,
      verifyResult: await faceToken(HU),
      lawyer: { licence: '14401200010000001', firm: '广东某律师事务所' },
    });
    expect(reply.result).toMatchObject({ ok: true, data: { lawyerStatus: 'pending' } });
  });

  it('a retried request gives the first answer and uses the face check once', async () => {
    const input = { requestId: 'verify-0003', name: HU.name, idNumber: HU.idNumber, verifyResult: await faceToken(HU) };
    const first = await verifyAs(HU.openid, input);
    const again = await verifyAs(HU.openid, input);
    expect(again.result).toEqual(first.result);
    expect(await countOf('face_checks')).toBe(1);
  });

  it('refuses a face check used before, with a new request', async () => {
    const verifyResult = await faceToken(HU);
    await verifyAs(HU.openid, { requestId: 'verify-0004', name: HU.name, idNumber: HU.idNumber, verifyResult });
    const reply = await verifyAs(HU.openid, { requestId: 'verify-0005', name: HU.name, idNumber: HU.idNumber, verifyResult });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED', message: '该次人脸核身结果已使用，请重新识别' } });
  });

  it("refuses someone else's face check (a stranger using Mr Hu's token)", async () => {
    const reply = await verifyAs(WU.openid, { requestId: 'verify-0006', name: HU.name, idNumber: HU.idNumber, verifyResult: await faceToken(HU) });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
    expect(await countOf('users')).toBe(0);
  });

  it('refuses a face check made for another name or ID number', async () => {
    const reply = await verifyAs(HU.openid, { requestId: 'verify-0007', name: '胡建军', idNumber: HU.idNumber, verifyResult: await faceToken(HU) });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED', message: '人脸核身的姓名或身份证号码与填写的不一致' } });
  });

  it('binds one identity to one WeChat account', async () => {
    await verifyAs(HU.openid, { requestId: 'verify-0008', name: HU.name, idNumber: HU.idNumber, verifyResult: await faceToken(HU) });
    const other = { ...HU, openid: 'o-hu-second-phone' };
    const reply = await verifyAs(other.openid, { requestId: 'verify-0009', name: HU.name, idNumber: HU.idNumber, verifyResult: await faceToken(other) });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('answers INVALID_INPUT for a wrong ID number and writes nothing', async () => {
    const reply = await verifyAs(HU.openid, { requestId: 'verify-0010', name: HU.name, idNumber: '330203198003051230', verifyResult: 'x'.repeat(32) });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { idNumber: expect.stringContaining('校验位') } } });
    expect(await countOf('users')).toBe(0);
    expect(await countOf('face_checks')).toBe(0);
  });

  it('refuses a face check older than 30 minutes', async () => {
    const verifyResult = await faceToken(HU);
    await resetEmulator(new Date(Date.now() + 31 * 60_000).toISOString());
    const reply = await verifyAs(HU.openid, { requestId: 'verify-0012', name: HU.name, idNumber: HU.idNumber, verifyResult });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
  });

  it('answers NOT_VERIFIED for a forged token', async () => {
    const reply = await verifyAs(HU.openid, { requestId: 'verify-0011', name: HU.name, idNumber: HU.idNumber, verifyResult: 'forged-token-0000' });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
  });
});
