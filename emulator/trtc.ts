import { createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { json, readBody, type Routes } from './http';
import { devEnvValue } from './project';
import type { Clock } from './state';

/**
 * TRTC's side of a video room, as far as a function or a test can observe it: a phone enters a
 * room with its UserSig and PrivateMapKey (what trtc-wx-sdk sends on `enterRoom`), which are
 * checked as TRTC checks them with 「启动权限密钥」 on, and every entry, refusal and exit is
 * recorded with the emulator's time.
 *
 * - `POST /__/trtc/enter { sdkAppId, userId, userSig, privateMapKey, roomId }` → 200 `{ ok: true }`,
 *   or 403 `{ ok: false, code, message }` (code: USER_SIG_INVALID, USER_SIG_EXPIRED,
 *   PRIVATE_MAP_KEY_INVALID, PRIVATE_MAP_KEY_EXPIRED, ROOM_NOT_PERMITTED, SDKAPPID_MISMATCH)
 * - `POST /__/trtc/exit { roomId, userId, reason? }` → `{ ok }` (reason: 'leave' by default, or
 *   'network', 'kicked' …, what TRTC's room event would say)
 * - `GET /__/trtc/rooms/<roomId>` → `{ present: [userId], events: [{ userId, event, at, code?, reason? }] }`
 *
 * The application is the functions' own: `MC_TRTC_SDKAPPID` and `MC_TRTC_SECRET` as the emulator
 * gives them to functions (`devEnvValue`).
 */

export interface RoomEvent {
  userId: string;
  event: 'enter' | 'refused' | 'exit';
  at: string;
  code?: string;
  reason?: string;
}

interface SigDoc {
  'TLS.ver'?: unknown;
  'TLS.identifier'?: unknown;
  'TLS.sdkappid'?: unknown;
  'TLS.time'?: unknown;
  'TLS.expire'?: unknown;
  'TLS.userbuf'?: unknown;
  'TLS.sig'?: unknown;
}

type Refusal = { code: string; message: string };

function inflate(sig: string): SigDoc | null {
  try {
    const base64 = sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    return JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8')) as SigDoc;
  } catch {
    return null;
  }
}

/** The PrivateMapKey's userbuf (tls-sig-api-v2 `_genUserbuf`), read back. */
function readUserbuf(base64: string): { account: string; sdkAppId: number; authId: number; expiresAt: number; privileges: number; room: string | null } | null {
  const buf = Buffer.from(base64, 'base64');
  if (buf.length < 23) return null;
  const version = buf[0];
  const accountLength = buf.readUInt16BE(1);
  const fixed = 3 + accountLength;
  if (buf.length < fixed + 20) return null;
  const account = buf.subarray(3, fixed).toString('latin1');
  const sdkAppId = buf.readUInt32BE(fixed);
  const authId = buf.readUInt32BE(fixed + 4);
  const expiresAt = buf.readUInt32BE(fixed + 8);
  const privileges = buf.readUInt32BE(fixed + 12);
  let room: string | null = null;
  if (version === 1) {
    if (buf.length < fixed + 22) return null;
    const roomLength = buf.readUInt16BE(fixed + 20);
    room = buf.subarray(fixed + 22, fixed + 22 + roomLength).toString('latin1');
  }
  return { account, sdkAppId, authId, expiresAt, privileges, room };
}

const ENTER = 2;

export class TrtcService {
  private rooms = new Map<string, RoomEvent[]>();

  constructor(
    private readonly app: { sdkAppId: number; secret: string },
    private readonly clock: Clock,
  ) {}

  static fromProject(clock: Clock): TrtcService {
    return new TrtcService({ sdkAppId: Number(devEnvValue('MC_TRTC_SDKAPPID')), secret: devEnvValue('MC_TRTC_SECRET') }, clock);
  }

  reset(): void {
    this.rooms.clear();
  }

  /** A signature document's HMAC as TLS computes it, and whether it is the one it carries. */
  private signedHere(doc: SigDoc): boolean {
    let content = `TLS.identifier:${String(doc['TLS.identifier'])}\nTLS.sdkappid:${String(doc['TLS.sdkappid'])}\n`;
    content += `TLS.time:${String(doc['TLS.time'])}\nTLS.expire:${String(doc['TLS.expire'])}\n`;
    if (doc['TLS.userbuf'] !== undefined) content += `TLS.userbuf:${String(doc['TLS.userbuf'])}\n`;
    const expected = createHmac('sha256', this.app.secret).update(content).digest();
    const given = Buffer.from(typeof doc['TLS.sig'] === 'string' ? doc['TLS.sig'] : '', 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private checkSig(sig: string, userId: string, kind: 'USER_SIG' | 'PRIVATE_MAP_KEY'): { doc: SigDoc } | Refusal {
    const doc = inflate(sig);
    const invalid = { code: `${kind}_INVALID`, message: `${kind === 'USER_SIG' ? 'UserSig' : 'PrivateMapKey'} 校验失败` };
    if (!doc || doc['TLS.ver'] !== '2.0' || !this.signedHere(doc)) return invalid;
    if (doc['TLS.identifier'] !== userId) return { ...invalid, message: `${invalid.message}：不是该用户的票据` };
    if (doc['TLS.sdkappid'] !== this.app.sdkAppId) return { code: 'SDKAPPID_MISMATCH', message: 'SDKAppID 不符' };
    const now = Math.floor(this.clock.now() / 1000);
    if (Number(doc['TLS.time']) + Number(doc['TLS.expire']) <= now) return { code: `${kind}_EXPIRED`, message: '票据已过期' };
    return { doc };
  }

  /** What TRTC decides when a phone enters a room: both tickets this application's, this user's, this room's. */
  enter(input: {
    sdkAppId?: unknown;
    userId?: unknown;
    userSig?: unknown;
    privateMapKey?: unknown;
    roomId?: unknown;
  }): { ok: true } | ({ ok: false } & Refusal) {
    const userId = typeof input.userId === 'string' ? input.userId : '';
    const roomId = typeof input.roomId === 'string' ? input.roomId : '';
    const refuse = (refusal: Refusal) => {
      this.log(roomId, { userId, event: 'refused', code: refusal.code });
      return { ok: false as const, ...refusal };
    };
    if (Number(input.sdkAppId) !== this.app.sdkAppId) return refuse({ code: 'SDKAPPID_MISMATCH', message: 'SDKAppID 不符' });
    const user = this.checkSig(String(input.userSig ?? ''), userId, 'USER_SIG');
    if (!('doc' in user)) return refuse(user);
    const key = this.checkSig(String(input.privateMapKey ?? ''), userId, 'PRIVATE_MAP_KEY');
    if (!('doc' in key)) return refuse(key);
    const buf = typeof key.doc['TLS.userbuf'] === 'string' ? readUserbuf(key.doc['TLS.userbuf']) : null;
    if (!buf || buf.account !== userId || buf.sdkAppId !== this.app.sdkAppId)
      return refuse({ code: 'PRIVATE_MAP_KEY_INVALID', message: 'PrivateMapKey 校验失败' });
    if (buf.expiresAt <= Math.floor(this.clock.now() / 1000)) return refuse({ code: 'PRIVATE_MAP_KEY_EXPIRED', message: '进房权限已过期' });
    if (buf.room !== roomId || (buf.privileges & ENTER) === 0) return refuse({ code: 'ROOM_NOT_PERMITTED', message: '无权进入该房间' });
    if (!this.present(roomId).includes(userId)) this.log(roomId, { userId, event: 'enter' });
    return { ok: true };
  }

  exit(roomId: string, userId: string, reason = 'leave'): boolean {
    if (!this.present(roomId).includes(userId)) return false;
    this.log(roomId, { userId, event: 'exit', reason });
    return true;
  }

  present(roomId: string): string[] {
    const inside = new Set<string>();
    for (const e of this.rooms.get(roomId) ?? []) {
      if (e.event === 'enter') inside.add(e.userId);
      if (e.event === 'exit') inside.delete(e.userId);
    }
    return [...inside];
  }

  events(roomId: string): RoomEvent[] {
    return [...(this.rooms.get(roomId) ?? [])];
  }

  private log(roomId: string, event: Omit<RoomEvent, 'at'>): void {
    const list = this.rooms.get(roomId) ?? [];
    list.push({ ...event, at: new Date(this.clock.now()).toISOString() });
    this.rooms.set(roomId, list);
  }
}

export function trtcRoutes(trtc: TrtcService): Routes {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/__/trtc/')) return false;
    const route = url.pathname.slice('/__/trtc/'.length);
    if (req.method === 'GET' && route.startsWith('rooms/')) {
      const roomId = decodeURIComponent(route.slice('rooms/'.length));
      json(res, 200, { present: trtc.present(roomId), events: trtc.events(roomId) });
      return true;
    }
    if (req.method !== 'POST') return false;
    const text = (await readBody(req)).toString('utf8');
    const input = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (route === 'enter') {
      const outcome = trtc.enter(input);
      json(res, outcome.ok ? 200 : 403, outcome);
      return true;
    }
    if (route === 'exit') {
      const left = trtc.exit(String(input.roomId ?? ''), String(input.userId ?? ''), typeof input.reason === 'string' ? input.reason : undefined);
      json(res, 200, { ok: left });
      return true;
    }
    return false;
  };
}
