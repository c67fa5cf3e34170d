import { loadSettings } from './lib/settings';

/** The cloud environment the mini-program calls; court IT sets it per deployment. */
const CLOUD_ENV = 'microcourt-prod';

App<{ globalData: { largeText: boolean } }>({
  globalData: { largeText: false },
  onLaunch() {
    wx.cloud.init({ env: CLOUD_ENV, traceUser: false });
    this.globalData.largeText = loadSettings().largeText;
  },
});
