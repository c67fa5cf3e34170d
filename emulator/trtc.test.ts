import { trtcSigner } from '../cloudfunctions/_core/runtime/trtc';
import type { Clock } from './state';
import { TrtcService } from './trtc';

const app = { sdkAppId: 1400000000, secret: 'a-secret-of-the-test-application' };
const at = new Date('2026-03-02T02:00:00Z');
const clock: Clock = { fixedNow: at.toISOString(), now: () => Date.parse(clock.fixedNow ?? '') };
const signer = trtcSigner(app);
const tickets = (userId: string, roomId: string, privileges = 255, secret = app.secret) => {
  const s = secret === app.secret ? signer : trtcSigner({ ...app, secret });
  return { sdkAppId: app.sdkAppId, userId, roomId, userSig: s.userSig(userId, 3600, at), privateMapKey: s.privateMapKey(userId, 3600, roomId, privileges, at) };
};

describe("the emulator's TRTC", () => {
  let trtc: TrtcService;
  beforeEach(() => {
    clock.fixedNow = at.toISOString();
    trtc = new TrtcService(app, clock);
  });

  it('lets in the holder of both tickets for this room, and records entry and exit with the time', () => {
    expect(trtc.enter(tickets('u1', 'room-a'))).toEqual({ ok: true });
    clock.fixedNow = '2026-03-02T02:10:00.000Z';
    expect(trtc.exit('room-a', 'u1', 'network')).toBe(true);
    expect(trtc.events('room-a')).toEqual([
      { userId: 'u1', event: 'enter', at: '2026-03-02T02:00:00.000Z' },
      { userId: 'u1', event: 'exit', at: '2026-03-02T02:10:00.000Z', reason: 'network' },
    ]);
    expect(trtc.present('room-a')).toEqual([]);
  });

  it("refuses another room's key, another user's tickets, a forged secret, expired tickets and a key without the right to enter", () => {
    expect(trtc.enter({ ...tickets('u1', 'room-b'), roomId: 'room-a' })).toMatchObject({ ok: false, code: 'ROOM_NOT_PERMITTED' });
    expect(trtc.enter({ ...tickets('u1', 'room-a'), userId: 'u2' })).toMatchObject({ ok: false, code: 'USER_SIG_INVALID' });
    expect(trtc.enter(tickets('u1', 'room-a', 255, 'not-the-secret-of-the-app'))).toMatchObject({ ok: false, code: 'USER_SIG_INVALID' });
    expect(trtc.enter(tickets('u1', 'room-a', 1))).toMatchObject({ ok: false, code: 'ROOM_NOT_PERMITTED' });
    const { privateMapKey } = tickets('u1', 'room-b');
    expect(trtc.enter({ ...tickets('u1', 'room-a'), privateMapKey })).toMatchObject({ ok: false, code: 'ROOM_NOT_PERMITTED' });
    const valid = tickets('u1', 'room-a');
    clock.fixedNow = '2026-03-02T03:00:01.000Z';
    expect(trtc.enter(valid)).toMatchObject({ ok: false, code: 'USER_SIG_EXPIRED' });
    expect(trtc.present('room-a')).toEqual([]);
    expect(trtc.events('room-a').every((e) => e.event === 'refused')).toBe(true);
  });
});
