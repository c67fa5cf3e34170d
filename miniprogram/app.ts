import { initCloud } from './lib/env';
import { loadSettings } from './lib/settings';

App<{ globalData: { largeText: boolean } }>({
  globalData: { largeText: false },
  onLaunch() {
    initCloud();
    this.globalData.largeText = loadSettings().largeText;
  },
});
