import { inflateSync } from 'node:zlib';
import { sha256Hex } from './canonical-json';
import { requireConfig } from './config';

/**
 * TRTC (腾讯实时音视频), the video room of an online hearing or mediation session. A phone enters a
 * room with `trtc-wx-sdk` holding two tickets this module issues with the official
 * `tls-sig-api-v2` package: the UserSig (who it is, for this SDKAppID) and the PrivateMapKey (which
 * one room it may enter, with which rights). The SDKAppID and its secret come from the
 * environment (`MC_TRTC_SDKAPPID`, `MC_TRTC_SECRET`); the emulator's TRTC (`emulator/trtc.ts`)
 * checks both tickets as TRTC does with 「启动权限密钥」 on.
 */

/** PrivateMapKey rights (tls-sig-api-v2 genPrivateMapKey): 1 create, 2 enter, 4/8 send/receive audio, 16/32 video, 64/128 sub-stream. */
export const TrtcPrivileges = { create: 1, enter: 2, sendAudio: 4, receiveAudio: 8, sendVideo: 16, receiveVideo: 32, sendSub: 64, receiveSub: 128 } as const;
/** Speak and be seen, hear and see everyone, share a screen: what a participant of a hearing holds. */
export const PARTICIPANT_PRIVILEGES = 255;
/** Watch only: enter and receive (a public viewer of a stream is not in the room at all). */
export const VIEWER_PRIVILEGES = TrtcPrivileges.enter | TrtcPrivileges.receiveAudio | TrtcPrivileges.receiveVideo | TrtcPrivileges.receiveSub;

/** How long a room ticket lasts: the hearing's day; a participant who rejoins asks again. */
export const TICKET_SECONDS = 6 * 60 * 60;

export interface RoomTicket {
  sdkAppId: number;
  userId: string;
  /** trtc-wx-sdk's `strRoomID`. */
  roomId: string;
  userSig: string;
  privateMapKey: string;
  expiresAt: string;
}

/**
 * A room's id for one sitting (`hearing:<caseId>:<hearingId>`, `mediation-session:<id>`): a string
 * room id of TRTC's characters, the same for every participant, never the case's own id.
 */
export function trtcRoomId(scope: string): string {
  return `mc-${sha256Hex(`room:${scope}`).slice(0, 40)}`;
}

/**
 * A person's TRTC user id within one room's scope: stable for that scope (a rejoin is the same
 * person), unlinkable across scopes, and never the openid (other participants see user ids).
 */
export function trtcUserId(scope: string, openid: string): string {
  return `u${sha256Hex(`user:${scope}:${openid}`).slice(0, 31)}`;
}

/**
 * tls-sig-api-v2 signs at the wall clock (`Date.now()`); the court's clock is the action's `now`
 * (fixed on the emulator in tests). Signing is synchronous, so the clock is lent for that call
 * only and nothing else runs meanwhile.
 */
function atClock<T>(now: Date, sign: () => T): T {
  const wall = Date.now;
  Date.now = () => now.getTime();
  try {
    return sign();
  } finally {
    Date.now = wall;
  }
}

/** A signer for the configured application (or one given, for the test vectors). */
export function trtcSigner(app?: { sdkAppId: number; secret: string }) {
  const sdkAppId = app?.sdkAppId ?? requireConfig('MC_TRTC_SDKAPPID');
  // Required here, not imported at the top: a bundle that never signs (most, through the runtime
  // index) then leaves the package out, as esbuild drops a CommonJS module nothing reaches.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Api } = require('tls-sig-api-v2/TLSSigAPIv2.js') as typeof import('tls-sig-api-v2/TLSSigAPIv2.js');
  const api = new Api(sdkAppId, app?.secret ?? requireConfig('MC_TRTC_SECRET'));
  return {
    sdkAppId,
    userSig: (userId: string, expireSeconds: number, now: Date) => atClock(now, () => api.genUserSig(userId, expireSeconds)),
    privateMapKey: (userId: string, expireSeconds: number, roomId: string, privileges: number, now: Date) =>
      atClock(now, () => api.genPrivateMapKeyWithStringRoomID(userId, expireSeconds, roomId, privileges)),
  };
}

/** Both tickets for one person and one room, valid `TICKET_SECONDS` from `now`. */
export function roomTicket(input: { scope: string; openid: string; now: Date; privileges?: number }): RoomTicket {
  const signer = trtcSigner();
  const roomId = trtcRoomId(input.scope);
  const userId = trtcUserId(input.scope, input.openid);
  return {
    sdkAppId: signer.sdkAppId,
    userId,
    roomId,
    userSig: signer.userSig(userId, TICKET_SECONDS, input.now),
    privateMapKey: signer.privateMapKey(userId, TICKET_SECONDS, roomId, input.privileges ?? PARTICIPANT_PRIVILEGES, input.now),
    expiresAt: new Date(input.now.getTime() + TICKET_SECONDS * 1000).toISOString(),
  };
}

/** The JSON inside a UserSig or PrivateMapKey: base64url (`*`, `-`, `_` for `+`, `/`, `=`) of deflated JSON. */
export function inflateSig(sig: string): Record<string, unknown> {
  const base64 = sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  return JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8')) as Record<string, unknown>;
}
