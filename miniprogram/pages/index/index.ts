import { call } from '../../lib/call';
import { loadSettings, saveSettings } from '../../lib/settings';

interface Entry {
  text: string;
  icon: string;
  url: string;
}

const ENTRIES: Entry[] = [
  { text: '我要立案', icon: 'file-add', url: '/litigation/filing/filing' },
  { text: '我的案件', icon: 'folder', url: '/litigation/cases/cases' },
  { text: '扫码查案', icon: 'scan', url: '/public/query/query' },
  { text: '诉讼费计算', icon: 'calculator', url: '/public/fee/fee' },
  { text: '期限计算', icon: 'calendar', url: '/public/deadline/deadline' },
  { text: '开庭公告', icon: 'notification', url: '/public/notices/notices' },
  { text: '裁判文书', icon: 'book', url: '/public/judgments/judgments' },
  { text: '法院信息', icon: 'location', url: '/public/notices/notices?tab=court' },
  { text: '送达文书', icon: 'mail', url: '/litigation/inbox/inbox' },
  { text: '联系法官', icon: 'chat', url: '/litigation/cases/cases?then=messages' },
  { text: '实名认证', icon: 'user-checked', url: '/litigation/verify/verify' },
];

/** Staff with a workbench: the panel, the unit's leaders, the registrar. */
const WORKBENCH_ROLES = ['judge', 'clerk', 'leader', 'president'];

/**
 * The entries for who is holding the phone: verification first for someone not yet verified,
 * the agent's wording for a lawyer, and the review queue for a registrar.
 */
export function entriesFor(session: { verified: boolean; roles: string[] } | null): { entries: Entry[]; greeting: string } {
  if (!session) return { entries: ENTRIES, greeting: '' };
  let entries = ENTRIES;
  if (!session.verified) entries = [ENTRIES[ENTRIES.length - 1] as Entry, ...ENTRIES.slice(0, -1)];
  if (session.roles.includes('lawyer'))
    entries = entries.map((e) => (e.text === '我要立案' ? { ...e, text: '代理立案' } : e.text === '我的案件' ? { ...e, text: '代理案件' } : e));
  // The workbench: each case's deadlines for the panel, the unit's for its leaders; for a registrar it is the review queue (立案审查, below).
  if (session.roles.some((r) => WORKBENCH_ROLES.includes(r)))
    entries = [{ text: '工作台', icon: 'dashboard', url: '/management/workbench/workbench' }, ...entries];
  // 律师通 (and a party's own): every case's next deadline, and the deadline reminders.
  if (session.roles.includes('lawyer') || session.roles.includes('party'))
    entries = [...entries, { text: session.roles.includes('lawyer') ? '律师通' : '期限提醒', icon: 'calendar-event', url: '/management/lawyer/lawyer' }];
  if (session.roles.includes('registrar')) entries = [{ text: '立案审查', icon: 'task', url: '/management/workbench/workbench' }, ...entries];
  if (session.roles.includes('lawyer')) entries = [...entries, { text: '代理应诉', icon: 'user-add', url: '/management/agents/agents' }];
  if (session.roles.includes('president')) entries = [{ text: '审限审批', icon: 'time', url: '/management/approvals/approvals' }, ...entries];
  const greeting = !session.verified ? '办理诉讼事务前，请先完成实名认证' : session.roles.includes('lawyer') ? '律师您好' : '';
  return { entries, greeting };
}

/** 首页: every service by what a person wants to do, and the large-text switch. */
Component({
  data: { entries: ENTRIES, greeting: '', largeText: false },
  lifetimes: {
    async attached() {
      this.setData({ largeText: loadSettings().largeText });
      try {
        this.setData(entriesFor(await call('session-info', {})));
      } catch {
        // Offline or not yet signed in: the public entries still work.
      }
    },
  },
  methods: {
    open(e: WechatMiniprogram.CustomEvent) {
      const { url } = e.currentTarget.dataset as { url: string };
      wx.navigateTo({ url });
    },
    toggleLargeText() {
      const largeText = !this.data.largeText;
      saveSettings({ largeText });
      const app = getApp<{ globalData: { largeText: boolean } }>();
      if (app?.globalData) app.globalData.largeText = largeText;
      this.setData({ largeText });
    },
  },
});
