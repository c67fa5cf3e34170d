import cloud from 'wx-server-sdk';

import { Environments } from '#contract';
import type { IdentityVerifyInput } from '#schemas/identity';
import { devEnvValue } from '../../emulator/project';
import { callWithAnyInput, emulatorUrl, operation, resetEmulator, roundTripsOf, countOf as countInDb } from '../support/emulator';
import { faceChecked, faceCheckOnPhone, HU, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

const verifyAs = (openid: string, input: IdentityVerifyInput | Record<string, unknown>) => callWithAnyInput('identity-verify', input, openid);
const countOf = (collection: string, where: Record<string, unknown> = {}) => countInDb(db, collection, where);
const start = (person: { openid: string; name: string; idNumber: string }, requestId: string) =>
  verifyAs(person.openid, { op: 'start', requestId, name: person.name, idNumber: person.idNumber });
const verifyIdOf = (reply: { result: unknown }) => (reply.result as { data: { verifyId: string } }).data.verifyId;

beforeEach(() => resetEmulator(null));

describe('identity-verify (face check 2.0: getVerifyId → wx.requestFacialVerify → queryVerifyInfo)', () => {
  it('verifies Mr Hu by face: the ID number is stored sealed, looked up by keyed hash, shown masked', async () => {
    const started = await start(HU, 'verify-0001-start');
    expect(started.result).toEqual({ ok: true, data: { op: 'start', verifyId: expect.any(String), expiresAt: expect.any(String) } });
    expect(await faceCheckOnPhone(verifyIdOf(started), HU.openid)).toEqual({ ok: true, errMsg: 'requestFacialVerify:ok' });
    const reply = await verifyAs(HU.openid, { op: 'finish', requestId: 'verify-0001', verifyId: verifyIdOf(started) });
    expect(reply.result).toEqual({
      ok: true,
      data: {
        op: 'finish',
        name: '胡建国',
        idMasked: `${HU.idNumber.slice(0, 6)}********${HU.idNumber.slice(14)}`,
        verifiedAt: expect.any(String),
        lawyerStatus: 'none',
        ticket: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
      },
    });
    const { data: user } = (await db.collection('users').doc(HU.openid).get()) as { data: Record<string, unknown> };
    expect(JSON.stringify(user)).not.toContain(HU.idNumber);
    expect(user).toMatchObject({ kind: 'party', idLookup: expect.stringMatching(/^[0-9a-f]{64}$/), verifiedAt: expect.any(Date) });
    // The session kept between the two calls holds no ID number in the clear either.
    const sessions = (await db.collection('face_checks').get()) as { data: Record<string, unknown>[] };
    expect(JSON.stringify(sessions.data)).not.toContain(HU.idNumber);
  });

  it('records a lawyer as pending until court staff approve', async () => {
    const reply = await verifyAs(HU.openid, await faceChecked(HU, 'verify-0002', { lawyer: { licence: '14401200010000001', firm: '广东某律师事务所' } }));
    expect(reply.result).toMatchObject({ ok: true, data: { lawyerStatus: 'pending' } });
  });

  it('a retried start answers the same session, a retried finish the first answer, and the face check is used once', async () => {
    const first = await start(HU, 'verify-0003-start');
    expect(verifyIdOf(await start(HU, 'verify-0003-start'))).toBe(verifyIdOf(first));
    await faceCheckOnPhone(verifyIdOf(first), HU.openid);
    const input = { op: 'finish', requestId: 'verify-0003', verifyId: verifyIdOf(first) };
    const done = await verifyAs(HU.openid, input);
    expect((await verifyAs(HU.openid, input)).result).toEqual(done.result);
    expect(await countOf('face_checks')).toBe(1);
    expect(await countOf('face_checks', { state: 'used' })).toBe(1);
  });

  it('refuses a face check used before, with a new request', async () => {
    const input = await faceChecked(HU, 'verify-0004');
    await verifyAs(HU.openid, input);
    const reply = await verifyAs(HU.openid, { ...input, requestId: 'verify-0005' });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED', message: '该次人脸核身结果已使用，请重新识别' } });
  });

  it("refuses someone else's face check: Mr Wu can neither run Mr Hu's session on his phone nor finish it", async () => {
    const started = await start(HU, 'verify-0006-start');
    expect(await faceCheckOnPhone(verifyIdOf(started), WU.openid)).toMatchObject({ ok: false, errMsg: 'requestFacialVerify:fail user mismatch' });
    await faceCheckOnPhone(verifyIdOf(started), HU.openid);
    const reply = await verifyAs(WU.openid, { op: 'finish', requestId: 'verify-0006', verifyId: verifyIdOf(started) });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED', message: '未找到本微信账号发起的这次人脸核身，请重新识别' } });
    expect(await countOf('users')).toBe(0);
  });

  it('asks WeChat for the real result: a check cancelled on the phone, or never run, verifies nobody', async () => {
    const cancelled = await start(HU, 'verify-0007-start');
    expect(await faceCheckOnPhone(verifyIdOf(cancelled), HU.openid, 90002)).toMatchObject({ ok: false });
    expect((await verifyAs(HU.openid, { op: 'finish', requestId: 'verify-0007', verifyId: verifyIdOf(cancelled) })).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED', message: '人脸核身已取消，请重新识别' },
    });
    const neverRun = await start(HU, 'verify-0008-start');
    expect((await verifyAs(HU.openid, { op: 'finish', requestId: 'verify-0008', verifyId: verifyIdOf(neverRun) })).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED', message: '人脸核身未通过，请本人在光线充足处重新识别' },
    });
    expect(await countOf('users')).toBe(0);
  });

  it('binds one identity to one WeChat account, refusing a second account before its face check starts', async () => {
    await verifyAs(HU.openid, await faceChecked(HU, 'verify-0009'));
    const other = { ...HU, openid: 'o-hu-second-phone' };
    const reply = await start(other, 'verify-0010-start');
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该身份证号码已绑定其他微信账号；如需更换，请联系法院' } });
  });

  it('refuses to re-verify an account as another person, at the start and at a finish begun earlier, keeping the first binding', async () => {
    const asHu = await faceChecked(HU, 'again-0001');
    // A second session, for Mr Wu's name and number, opened on Mr Hu's phone before either finished.
    const asWu = await faceChecked({ ...WU, openid: HU.openid }, 'again-0002');
    expect((await verifyAs(HU.openid, asHu)).result).toMatchObject({ ok: true });

    const accountTaken = { ok: false, error: { code: 'CONFLICT', message: '本账号已实名为他人，如需变更请联系法院' } };
    expect((await verifyAs(HU.openid, asWu)).result).toMatchObject(accountTaken);
    expect((await start({ ...WU, openid: HU.openid }, 'again-0003-start')).result).toMatchObject(accountTaken);
    expect(await countOf('identity_bindings')).toBe(1);
    // Mr Wu's identity was never bound to Mr Hu's account: he verifies as himself on his own.
    expect((await verifyAs(WU.openid, await faceChecked(WU, 'again-0004'))).result).toMatchObject({ ok: true, data: { name: WU.name } });
    expect(await countOf('identity_bindings')).toBe(2);
  });

  it('answers INVALID_INPUT with purpose-written messages and writes nothing', async () => {
    const wrongId = await verifyAs(HU.openid, { op: 'start', requestId: 'verify-0011', name: HU.name, idNumber: '330203198003051230' });
    expect(wrongId.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { idNumber: expect.stringContaining('校验位') } } });
    const noOp = await verifyAs(HU.openid, { requestId: 'verify-0012', name: HU.name, idNumber: HU.idNumber });
    expect(noOp.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { op: '请说明是开始（start）还是完成（finish）人脸核身' } } });
    const noSession = await verifyAs(HU.openid, { op: 'finish', requestId: 'verify-0013' });
    expect(noSession.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { verifyId: '请先进行人脸识别' } } });
    expect(await countOf('users')).toBe(0);
    expect(await countOf('face_checks')).toBe(0);
  });

  it('refuses a face check older than 30 minutes', async () => {
    const input = await faceChecked(HU, 'verify-0014');
    await operation('POST', 'clock', { now: new Date(Date.now() + 31 * 60_000).toISOString() });
    const reply = await verifyAs(HU.openid, input);
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED', message: '人脸核身结果已过期，请重新识别' } });
  });

  it('answers NOT_VERIFIED for a forged session id', async () => {
    const reply = await verifyAs(HU.openid, { op: 'finish', requestId: 'verify-0015', verifyId: 'forged-verify-id-0000' });
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
  });

  it('keeps working when its cached access_token is revoked: it fetches the stable token again', async () => {
    await verifyAs(HU.openid, await faceChecked(HU, 'verify-0016'));
    // Another server of the court forces a new token: the one the warm instance keeps stops working.
    const res = await fetch(`${emulatorUrl()}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: devEnvValue('MC_WX_APPID'), secret: devEnvValue('MC_WX_APPSECRET'), force_refresh: true }),
    });
    expect(await res.json()).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });
    const reply = await verifyAs(WU.openid, await faceChecked(WU, 'verify-0017'));
    expect(reply.result).toMatchObject({ ok: true, data: { op: 'finish', name: WU.name } });
  });

  it('forces a new token when WeChat refuses one that normal-mode stable_token still answers', async () => {
    await verifyAs(HU.openid, await faceChecked(HU, 'verify-0018'));
    expect(await operation('POST', 'access-token/refuse')).toEqual({ refused: true });
    const reply = await verifyAs(WU.openid, await faceChecked(WU, 'verify-0019'));
    expect(reply.result).toMatchObject({ ok: true, data: { op: 'finish', name: WU.name } });
  });
});

const roundTripsSoFar = () => roundTripsOf('identity-verify');

/** Fails the court database's nth write from now on (0: none). */
const failWrite = (nth: number) => operation('POST', 'faults', { env: Environments.court.localId, writes: nth ? [{ nth }] : [] });

const verifiedAs = async (openid: string) => {
  const { data } = (await db.collection('users').where({ _id: openid }).get()) as { data: { idLookup?: string; verifiedAt?: Date }[] };
  return data[0]?.verifiedAt ? data[0].idLookup : undefined;
};
const bindingOf = async (openid: string) => (await db.collection('identity_bindings').where({ openid }).get()) as { data: { _id: string }[] };

describe('identity-verify without a transaction: round trips, retries and faults', () => {
  it('starts in at most 5 round trips and finishes in at most 5, the caller included; a retry of either costs less', async () => {
    const started = await start(HU, 'trips-0001-start');
    const afterStart = await roundTripsSoFar();
    expect(afterStart).toBeLessThanOrEqual(5);
    await faceCheckOnPhone(verifyIdOf(started), HU.openid);
    const finish = { op: 'finish', requestId: 'trips-0001', verifyId: verifyIdOf(started) };
    const done = await verifyAs(HU.openid, finish);
    expect(done.result).toMatchObject({ ok: true, data: { op: 'finish', name: HU.name } });
    const afterFinish = await roundTripsSoFar();
    expect(afterFinish - afterStart).toBeLessThanOrEqual(5);
    // The retries are answered from the check itself: the start's from its key, the finish's from its answer.
    expect(verifyIdOf(await start(HU, 'trips-0001-start'))).toBe(verifyIdOf(started));
    expect((await verifyAs(HU.openid, finish)).result).toEqual(done.result);
    expect((await roundTripsSoFar()) - afterFinish).toBeLessThanOrEqual(4);
    expect(await countOf('idempotency')).toBe(0);
    expect(await countOf('face_checks')).toBe(1);
  });

  it('a finish failing at each of its writes leaves the account either unverified or verified and bound, and its retry completes it once', async () => {
    let writes = 0;
    for (let nth = 1; nth <= 10; nth += 1) {
      await resetEmulator(null);
      const input = await faceChecked(HU, `fault-${String(nth).padStart(4, '0')}`);
      await failWrite(nth);
      const failed = await verifyAs(HU.openid, input);
      await failWrite(0);
      if (failed.result.ok) break;
      writes = nth;
      // Never verified without the binding that makes the identity this account's alone.
      const verified = await verifiedAs(HU.openid);
      if (verified) expect((await bindingOf(HU.openid)).data.map((b) => b._id)).toEqual([verified]);
      const retried = await verifyAs(HU.openid, input);
      expect({ nth, reply: retried.result }).toMatchObject({ nth, reply: { ok: true, data: { op: 'finish', name: HU.name } } });
      expect((await verifyAs(HU.openid, input)).result).toEqual(retried.result);
      expect(await verifiedAs(HU.openid)).toEqual(expect.stringMatching(/^[0-9a-f]{64}$/));
      expect(await countOf('identity_bindings')).toBe(1);
      expect(await countOf('face_checks', { state: 'used' })).toBe(1);
      expect(await countOf('users')).toBe(1);
      // The check is spent: another request cannot use it again.
      expect((await verifyAs(HU.openid, { ...input, requestId: `fault-${String(nth).padStart(4, '0')}-again` })).result).toMatchObject({
        ok: false,
        error: { code: 'NOT_VERIFIED', message: '该次人脸核身结果已使用，请重新识别' },
      });
    }
    // The binding, the account, the check.
    expect(writes).toBe(3);
  });

  it('a binding left by a finish that failed before the account holds its identity for a while only', async () => {
    const input = await faceChecked(HU, 'left-0001');
    await operation('POST', 'faults', { env: Environments.court.localId, writes: [{ collection: 'users', nth: 1 }] });
    expect((await verifyAs(HU.openid, input)).result).toMatchObject({ ok: false });
    await failWrite(0);
    expect(await countOf('identity_bindings')).toBe(1);
    expect(await verifiedAs(HU.openid)).toBeUndefined();
    // Mr Hu on a new phone: refused while the first finish could still be under way ...
    const newPhone = { ...HU, openid: 'o-hu-new-phone' };
    expect((await start(newPhone, 'left-0002-start')).result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // ... and free once it cannot: the new phone verifies, and takes the binding over.
    await operation('POST', 'clock', { now: new Date(Date.now() + 3 * 60_000).toISOString() });
    expect((await verifyAs(newPhone.openid, await faceChecked(newPhone, 'left-0003'))).result).toMatchObject({ ok: true, data: { name: HU.name } });
    expect((await bindingOf(newPhone.openid)).data).toHaveLength(1);
    expect((await bindingOf(HU.openid)).data).toHaveLength(0);
    // The first phone's finish, tried again, now finds the identity another account's.
    expect((await verifyAs(HU.openid, input)).result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '该身份证号码已绑定其他微信账号；如需更换，请联系法院' },
    });
    expect(await verifiedAs(HU.openid)).toBeUndefined();
  });

  it('a binding whose hold ran out: its holder’s retry and another account’s finish at once verify one account, the binding’s', async () => {
    const input = await faceChecked(HU, 'hold-0001');
    await operation('POST', 'faults', { env: Environments.court.localId, writes: [{ collection: 'users', nth: 1 }] });
    expect((await verifyAs(HU.openid, input)).result).toMatchObject({ ok: false });
    await failWrite(0);
    const newPhone = { ...HU, openid: 'o-hu-other-phone' };
    await operation('POST', 'clock', { now: new Date(Date.now() + 3 * 60_000).toISOString() });
    const other = await faceChecked(newPhone, 'hold-0002');
    const replies = await Promise.all([verifyAs(HU.openid, input), verifyAs(newPhone.openid, other)]);
    const verified = [(await verifiedAs(HU.openid)) ? HU.openid : null, (await verifiedAs(newPhone.openid)) ? newPhone.openid : null].filter(Boolean);
    expect(verified).toHaveLength(1);
    expect(replies.filter((r) => r.result.ok)).toHaveLength(1);
    expect((await bindingOf(verified[0] ?? '')).data).toHaveLength(1);
    expect(await countOf('identity_bindings')).toBe(1);
  });

  it('the same finish ten times at once: one answer, one binding, one account, the check spent once', async () => {
    const input = await faceChecked(HU, 'burst-0001');
    const replies = await Promise.all(Array.from({ length: 10 }, () => verifyAs(HU.openid, input)));
    expect(replies.every((r) => r.result.ok)).toBe(true);
    expect(new Set(replies.map((r) => JSON.stringify(r.result))).size).toBe(1);
    expect(await countOf('identity_bindings')).toBe(1);
    expect(await countOf('users')).toBe(1);
    expect(await countOf('face_checks', { state: 'used' })).toBe(1);
  });

  it('one check finished by two requests at once verifies once: the other is told it was used', async () => {
    const input = await faceChecked(HU, 'twice-0001');
    const replies = await Promise.all([verifyAs(HU.openid, input), verifyAs(HU.openid, { ...input, requestId: 'twice-0002' })]);
    expect(replies.map((r) => (r.result.ok ? 'ok' : r.result.error.code)).sort()).toEqual(['NOT_VERIFIED', 'ok']);
    expect(await countOf('identity_bindings')).toBe(1);
    expect(await countOf('face_checks', { state: 'used' })).toBe(1);
  });

  it('two accounts finishing as one identity at once: one is verified and bound, the other refused', async () => {
    const other = { ...HU, openid: 'o-hu-second-phone' };
    const inputs = [await faceChecked(HU, 'race-0001'), await faceChecked(other, 'race-0002')];
    const replies = await Promise.all([verifyAs(HU.openid, inputs[0] ?? {}), verifyAs(other.openid, inputs[1] ?? {})]);
    expect(replies.map((r) => (r.result.ok ? 'ok' : r.result.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect(await countOf('identity_bindings')).toBe(1);
    expect(await countOf('users', { verifiedAt: db.command.exists(true) })).toBe(1);
  });
});
