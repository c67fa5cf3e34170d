import { inflateSig, trtcRoomId, trtcSigner, trtcUserId } from './trtc';

// Tencent's published test vector for tls-sig-api-v2 (the issue's: SDKAppID 1400000000, identifier
// xiaojun, expire 180 days, time 1700000000). Deflate's bytes may differ between zlib builds, so the
// inflated JSON is compared, not the ticket's text.
const VECTOR = { sdkAppId: 1400000000, secret: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e' };
const AT = new Date(1700000000 * 1000);

describe('UserSig (tls-sig-api-v2)', () => {
  it('signs the known vector at a fixed clock', () => {
    const sig = trtcSigner(VECTOR).userSig('xiaojun', 15552000, AT);
    expect(inflateSig(sig)).toEqual({
      'TLS.ver': '2.0',
      'TLS.identifier': 'xiaojun',
      'TLS.sdkappid': 1400000000,
      'TLS.time': 1700000000,
      'TLS.expire': 15552000,
      'TLS.sig': 'LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=',
    });
  });

  it('leaves the wall clock as it was after signing at the court clock', () => {
    const before = Date.now();
    trtcSigner(VECTOR).userSig('xiaojun', 60, AT);
    expect(Date.now()).toBeGreaterThanOrEqual(before);
  });

  it('binds a PrivateMapKey to one string room, the user and the rights, expiring at time + expire', () => {
    const key = trtcSigner(VECTOR).privateMapKey('xiaojun', 300, 'mc-room-1', 255, AT);
    const doc = inflateSig(key);
    expect(doc).toMatchObject({ 'TLS.identifier': 'xiaojun', 'TLS.time': 1700000000, 'TLS.expire': 300 });
    const buf = Buffer.from(String(doc['TLS.userbuf']), 'base64');
    expect(buf[0]).toBe(1); // a string room id
    const accountLength = buf.readUInt16BE(1);
    expect(buf.subarray(3, 3 + accountLength).toString()).toBe('xiaojun');
    const rest = buf.subarray(3 + accountLength);
    expect(rest.readUInt32BE(0)).toBe(1400000000);
    expect(rest.readUInt32BE(8)).toBe(1700000000 + 300);
    expect(rest.readUInt32BE(12)).toBe(255);
    expect(rest.subarray(22).toString()).toBe('mc-room-1');
  });
});

describe('room and user ids', () => {
  it('are TRTC string ids, stable per scope and unlinkable across scopes', () => {
    const room = trtcRoomId('hearing:case-1:hearing-1');
    expect(room).toMatch(/^[A-Za-z0-9-]{1,64}$/);
    expect(trtcRoomId('hearing:case-1:hearing-1')).toBe(room);
    expect(trtcRoomId('hearing:case-2:hearing-1')).not.toBe(room);
    const user = trtcUserId('hearing:case-1:hearing-1', 'o-hu');
    expect(user).toHaveLength(32);
    expect(trtcUserId('hearing:case-1:hearing-2', 'o-hu')).not.toBe(user);
  });
});
