import cloud from 'wx-server-sdk';
import { devEnvValue } from '../../emulator/project';
import { facePurposes } from '#domain/e-signature';
import { trtcSigner } from '../../cloudfunctions/_core/runtime/trtc';
import { callFunction, callWithAnyInput, ok, operation, resetEmulator, roundTripsOf, FIXED_NOW } from '../support/emulator';
import { faceCheckOnPhone, HU, verify, WU } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

beforeEach(async () => {
  await resetEmulator();
});

describe('a face check for one purpose (identity-verify op: check)', () => {
  it('is opened only for a verified person, for a purpose in the agreed form', async () => {
    const purpose = facePurposes.hearing('case-1', 'hearing-1');
    expect((await callFunction('identity-verify', { op: 'check', requestId: 'check-0001', purpose }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED', message: '请先完成实名认证，再进行人脸识别' },
    });
    await verify(HU);
    expect((await callWithAnyInput('identity-verify', { op: 'check', requestId: 'check-0002', purpose: 'HEARING 1' }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const started = ok(await callFunction('identity-verify', { op: 'check', requestId: 'check-0003', purpose }, HU.openid));
    expect(started).toMatchObject({ op: 'check', purpose, verifyId: expect.any(String) });
    // A retry answers the same session.
    expect(ok(await callFunction('identity-verify', { op: 'check', requestId: 'check-0003', purpose }, HU.openid))).toEqual(started);
  });

  it('opens a check in at most 3 round trips, the caller included, and answers its retry from the check', async () => {
    await verify(HU);
    const trips = () => roundTripsOf('identity-verify');
    const purpose = facePurposes.mediationSession('m-1');
    const before = await trips();
    const started = ok(await callFunction('identity-verify', { op: 'check', requestId: 'check-0010', purpose }, HU.openid));
    const opened = await trips();
    expect(opened - before).toBeLessThanOrEqual(3);
    expect(ok(await callFunction('identity-verify', { op: 'check', requestId: 'check-0010', purpose }, HU.openid))).toEqual(started);
    expect((await trips()) - opened).toBeLessThanOrEqual(2);
  });

  it('cannot stand for 实名认证, nor be finished on another account', async () => {
    await verify(HU);
    await verify(WU);
    const purpose = facePurposes.signature('a'.repeat(64));
    const started = ok(await callFunction('identity-verify', { op: 'check', requestId: 'check-0004', purpose }, HU.openid));
    if (started.op !== 'check') throw new Error('not a check');
    expect((await faceCheckOnPhone(started.verifyId, WU.openid)).ok).toBe(false);
    expect((await faceCheckOnPhone(started.verifyId, HU.openid)).ok).toBe(true);
    expect((await callFunction('identity-verify', { op: 'finish', requestId: 'finish-0004', verifyId: started.verifyId }, HU.openid)).result).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED', message: '这次人脸识别是为其他事项发起的，请重新进行实名认证' },
    });
  });
});

describe("the emulator's TRTC with the functions' application", () => {
  it('admits tickets signed with the SDKAppID and secret the functions get, and records the entry', async () => {
    const signer = trtcSigner({ sdkAppId: Number(devEnvValue('MC_TRTC_SDKAPPID')), secret: devEnvValue('MC_TRTC_SECRET') });
    const at = new Date(FIXED_NOW);
    const ticket = {
      sdkAppId: signer.sdkAppId,
      userId: 'u-one',
      roomId: 'mc-room',
      userSig: signer.userSig('u-one', 600, at),
      privateMapKey: signer.privateMapKey('u-one', 600, 'mc-room', 255, at),
    };
    expect(await operation('POST', 'trtc/enter', ticket)).toEqual({ ok: true });
    expect(await operation('POST', 'trtc/enter', { ...ticket, roomId: 'mc-other' })).toMatchObject({ ok: false, code: 'ROOM_NOT_PERMITTED' });
    expect(await operation('GET', 'trtc/rooms/mc-room')).toEqual({ present: ['u-one'], events: [{ userId: 'u-one', event: 'enter', at: FIXED_NOW }] });
  });
});
