import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { pageOptions, run } from '../../lib/page';
import type { PublicNoticesOutput } from '../../../cloudfunctions/_core/schemas/notices';

type Tab = 'hearings' | 'live' | 'service' | 'court';
type Announcements = Extract<PublicNoticesOutput, { view: 'hearings' }>['announcements'];
type LiveHearings = Extract<PublicNoticesOutput, { view: 'live' }>['hearings'];
type Court = Extract<PublicNoticesOutput, { view: 'court' }>['court'];
type ServiceNotices = Extract<PublicNoticesOutput, { view: 'service' }>['notices'];

const TABS = [
  { value: 'hearings', label: '开庭公告' },
  { value: 'live', label: '庭审直播' },
  { value: 'service', label: '公告送达' },
  { value: 'court', label: '法院信息' },
];
const PAGE_SIZE = 20;

/**
 * 开庭公告、庭审直播与法院信息, without login: the court's public hearings under ordinary procedure
 * (民事诉讼法 第一百三十九条), the hearings broadcast now and next, notices of service by publication
 * (第九十五条), and how to reach the court.
 * Opened with `court=<courtId>` and `tab=` it shows that court and tab.
 */
Component({
  behaviors: [largeText],
  data: {
    tabs: TABS,
    tab: 'hearings' as Tab,
    courts: [] as { courtId: string; name: string }[],
    courtIndex: 0,
    announcements: [] as (Announcements[number] & { when: string; partyLine: string })[],
    live: [] as (LiveHearings[number] & { when: string })[],
    notices: [] as ServiceNotices,
    court: null as Court | null,
    page: 0,
    more: false,
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    async attached() {
      const options = pageOptions();
      const listed = await run(this, () => call('court-list', {}));
      if (!listed) return;
      const courts = listed.courts.map((c) => ({ courtId: c.courtId, name: c.name }));
      const index = Math.max(
        0,
        courts.findIndex((c) => c.courtId === options.court),
      );
      const tab = TABS.some((t) => t.value === options.tab) ? (options.tab as Tab) : 'hearings';
      this.setData({ courts, courtIndex: index, tab });
      await this.load(0);
    },
  },
  methods: {
    courtId(): string | undefined {
      return this.data.courts[this.data.courtIndex]?.courtId;
    },
    async onTab(e: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.setData({ tab: e.detail.value });
      await this.load(0);
    },
    async onCourt(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ courtIndex: Number(e.detail.value) });
      await this.load(0);
    },
    async more() {
      await this.load(this.data.page + 1);
    },
    async load(page: number) {
      const courtId = this.courtId();
      if (!courtId) return;
      const tab = this.data.tab;
      if (tab === 'court') {
        const answer = await run(this, () => call('public-notices', { view: 'court', courtId }));
        if (answer?.view === 'court') this.setData({ court: answer.court });
        return;
      }
      const answer = await run(this, () => call('public-notices', { view: tab, courtId, page, pageSize: PAGE_SIZE }));
      if (answer?.view === 'hearings') {
        const rows = answer.announcements.map((a) => ({
          ...a,
          when: chinaTime(a.startsAt),
          partyLine: a.parties.map((p) => `${p.role} ${p.name}`).join('；'),
        }));
        this.setData({ announcements: page === 0 ? rows : [...this.data.announcements, ...rows], page, more: answer.more });
      } else if (answer?.view === 'service') {
        this.setData({ notices: page === 0 ? answer.notices : [...this.data.notices, ...answer.notices], page, more: answer.more });
      } else if (answer?.view === 'live') {
        const rows = answer.hearings.map((h) => ({ ...h, when: chinaTime(h.startsAt) }));
        this.setData({ live: page === 0 ? rows : [...this.data.live, ...rows], page, more: answer.more });
      }
    },
    /** The stream opens on the court's broadcast site: the address is copied for the browser. */
    copyStream(e: WechatMiniprogram.BaseEvent) {
      const { url } = e.currentTarget.dataset as { url: string };
      wx.setClipboardData({ data: url });
    },
    openMap() {
      const court = this.data.court;
      if (!court?.location) return;
      wx.openLocation({ latitude: court.location.latitude, longitude: court.location.longitude, name: court.name, address: court.address ?? '' });
    },
    callCourt() {
      const phone = this.data.court?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone.replace(/[^0-9+]/g, '') });
    },
  },
});
