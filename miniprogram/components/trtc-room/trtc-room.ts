import TRTC, { type PlayerAttributes, type PusherAttributes, type TrtcEvent } from 'trtc-wx-sdk';
import type { HearingRoomOutput } from '../../../cloudfunctions/_core/schemas/hearings';

/**
 * 视频庭审室 / 调解室: the phone's own camera pushed with <live-pusher>, everyone else's stream
 * played with <live-player>, the room's state kept by trtc-wx-sdk. The page hands in the ticket
 * its function issued (UserSig and a PrivateMapKey for this one room); the component enters with
 * it, and tells the page when the phone dropped out so it can ask for a fresh ticket and rejoin.
 */
type Ticket = HearingRoomOutput;
interface Room {
  trtc?: TRTC;
}

Component({
  properties: { ticket: { type: Object, value: {} } },
  data: {
    pusher: {} as PusherAttributes,
    playerList: [] as PlayerAttributes[],
    inRoom: false,
  },
  observers: {
    ticket(ticket: Partial<Ticket>) {
      if (ticket.userSig) this.enter(ticket as Ticket);
    },
  },
  lifetimes: {
    attached() {
      const trtc = new TRTC(this);
      (this as unknown as Room).trtc = trtc;
      this.setData({ pusher: trtc.createPusher({ beautyLevel: 0 }).pusherAttributes });
      const players = (event: TrtcEvent, attributes: Partial<PlayerAttributes>) => {
        if (event.data.player) this.setData({ playerList: trtc.setPlayerAttributes(event.data.player.id, attributes) });
      };
      trtc.on(trtc.EVENT.REMOTE_VIDEO_ADD, (event) => players(event, { muteVideo: false }));
      trtc.on(trtc.EVENT.REMOTE_AUDIO_ADD, (event) => players(event, { muteAudio: false }));
      trtc.on(trtc.EVENT.REMOTE_VIDEO_REMOVE, (event) => players(event, { muteVideo: true }));
      trtc.on(trtc.EVENT.REMOTE_AUDIO_REMOVE, (event) => players(event, { muteAudio: true }));
      trtc.on(trtc.EVENT.REMOTE_USER_LEAVE, (event) => this.setData({ playerList: event.data.playerList ?? this.data.playerList }));
      // Thrown out by the network or the server: the page offers to rejoin (在线诉讼规则 第二十五条: a network failure is not a refusal).
      const dropped = (cause: string) => {
        this.setData({ inRoom: false });
        this.triggerEvent('dropped', { cause });
      };
      trtc.on(trtc.EVENT.KICKED_OUT, () => dropped('kicked-out'));
      trtc.on(trtc.EVENT.ERROR, () => dropped('error'));
      const ticket = this.data.ticket as Partial<Ticket>;
      if (ticket.userSig) this.enter(ticket as Ticket);
    },
    detached() {
      const { trtc } = this as unknown as Room;
      if (trtc && this.data.inRoom) trtc.exitRoom();
    },
  },
  methods: {
    enter(ticket: Ticket) {
      const { trtc } = this as unknown as Room;
      if (!trtc) return;
      const pusher = trtc.enterRoom({
        sdkAppID: ticket.sdkAppId,
        userID: ticket.userId,
        userSig: ticket.userSig,
        strRoomID: ticket.roomId,
        privateMapKey: ticket.privateMapKey,
        enableMic: true,
        enableCamera: true,
      });
      this.setData({ pusher, inRoom: true }, () => trtc.getPusherInstance().start());
    },
    leave() {
      const { trtc } = this as unknown as Room;
      if (!trtc) return;
      const left = trtc.exitRoom();
      this.setData({ pusher: left.pusher, playerList: left.playerList, inRoom: false });
      this.triggerEvent('left', {});
    },
    onPusherState(event: unknown) {
      (this as unknown as Room).trtc?.pusherEventHandler(event);
    },
    onPusherNet(event: unknown) {
      (this as unknown as Room).trtc?.pusherNetStatusHandler(event);
    },
    onPusherError(event: unknown) {
      (this as unknown as Room).trtc?.pusherErrorHandler(event);
    },
    onPlayerState(event: unknown) {
      (this as unknown as Room).trtc?.playerEventHandler(event);
    },
    onPlayerNet(event: unknown) {
      (this as unknown as Room).trtc?.playerNetStatus(event);
    },
  },
});
