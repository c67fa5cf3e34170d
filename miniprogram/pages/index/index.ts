import { loadSettings, saveSettings } from '../../lib/settings';

const ENTRIES = [
  { text: '我要立案', icon: 'file-add', url: '/litigation/filing/filing' },
  { text: '我的案件', icon: 'folder', url: '/litigation/cases/cases' },
  { text: '扫码查案', icon: 'scan', url: '/public/query/query' },
  { text: '诉讼费计算', icon: 'calculator', url: '/public/fee/fee' },
  { text: '期限计算', icon: 'calendar', url: '/public/deadline/deadline' },
  { text: '送达文书', icon: 'mail', url: '/litigation/inbox/inbox' },
  { text: '联系法官', icon: 'chat', url: '/litigation/cases/cases?then=messages' },
  { text: '实名认证', icon: 'user-checked', url: '/litigation/verify/verify' },
];

/** 首页: every service by what a person wants to do, and the large-text switch. */
Component({
  data: { entries: ENTRIES, largeText: false },
  lifetimes: {
    attached() {
      this.setData({ largeText: loadSettings().largeText });
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
