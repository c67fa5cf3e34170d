/**
 * The part of trtc-wx-sdk (node_modules/trtc-wx-sdk/trtc-wx.js, README) the hearing and
 * mediation rooms use: the package ships no types.
 */
declare module 'trtc-wx-sdk' {
  export interface PusherAttributes {
    url: string;
    [attribute: string]: unknown;
  }
  export interface PlayerAttributes {
    id: string;
    userID: string;
    streamType: string;
    src: string;
    muteVideo: boolean;
    muteAudio: boolean;
    [attribute: string]: unknown;
  }
  export interface EnterRoomParams {
    sdkAppID: number;
    userID: string;
    userSig: string;
    /** A string room id, as the court's PrivateMapKey names it. */
    strRoomID: string;
    privateMapKey: string;
    enableMic: boolean;
    enableCamera: boolean;
  }
  export interface TrtcEvent {
    data: { player?: PlayerAttributes; playerList?: PlayerAttributes[]; userID?: string } & Record<string, unknown>;
  }
  export default class TRTC {
    constructor(context: unknown, options?: { env?: string });
    EVENT: Record<
      | 'LOCAL_JOIN'
      | 'LOCAL_LEAVE'
      | 'KICKED_OUT'
      | 'REMOTE_USER_JOIN'
      | 'REMOTE_USER_LEAVE'
      | 'REMOTE_VIDEO_ADD'
      | 'REMOTE_VIDEO_REMOVE'
      | 'REMOTE_AUDIO_ADD'
      | 'REMOTE_AUDIO_REMOVE'
      | 'ERROR',
      string
    >;
    createPusher(config: Record<string, unknown>): { pusherAttributes: PusherAttributes };
    enterRoom(params: EnterRoomParams): PusherAttributes;
    exitRoom(): { pusher: PusherAttributes; playerList: PlayerAttributes[] };
    getPusherInstance(): { start(options?: unknown): void; stop(options?: unknown): void };
    setPlayerAttributes(id: string, attributes: Partial<PlayerAttributes>): PlayerAttributes[];
    on(event: string, handler: (event: TrtcEvent) => void): void;
    off(event?: string): void;
    pusherEventHandler(event: unknown): void;
    pusherNetStatusHandler(event: unknown): void;
    pusherErrorHandler(event: unknown): void;
    playerEventHandler(event: unknown): void;
    playerNetStatus(event: unknown): void;
    playerFullscreenChange(event: unknown): void;
  }
}
