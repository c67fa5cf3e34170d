import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { pageParam, run } from '../../lib/page';
import type { HearingRoomOutput } from '../../../cloudfunctions/_core/schemas/hearings';

/**
 * 庭审室: the video room of one hearing. The function issues this admitted participant's ticket
 * (UserSig, and a PrivateMapKey for this room only); the room component enters with it. Leaving
 * and a dropped network both end here with the way back in: a fresh ticket, then the room again.
 */
Component({
  behaviors: [largeText],
  properties: { id: { type: String, value: '' }, hearing: { type: String, value: '' } },
  data: {
    ticket: null as HearingRoomOutput | null,
    dropped: false,
    left: false,
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    attached() {
      void this.join();
    },
  },
  methods: {
    ids(): { caseId: string; hearingId: string } {
      return { caseId: pageParam(this), hearingId: pageParam(this, 'hearing') };
    },
    /** Entering, or rejoining after a drop: a ticket issued now. */
    async join() {
      const ticket = await run(this, () => call('hearing-room', this.ids()), { loading: '正在进入庭审室' });
      if (ticket) this.setData({ ticket, dropped: false, left: false });
    },
    onDropped() {
      this.setData({ dropped: true, error: '网络中断，您已离开庭审室。网络中断不视为拒不到庭，请尽快重新进入。' });
    },
    leave() {
      const room = this.selectComponent('.room') as unknown as { leave(): void } | null;
      room?.leave();
      this.setData({ left: true, ticket: null });
    },
  },
});
