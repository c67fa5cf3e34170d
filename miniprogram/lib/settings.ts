/** The SPC asks platforms to help elderly users: a large-text mode, kept on the phone. */
export interface Settings {
  largeText: boolean;
}

const KEY = 'mc-settings';

export function loadSettings(): Settings {
  const stored = wx.getStorageSync(KEY) as Partial<Settings> | '';
  return { largeText: stored !== '' && stored.largeText === true };
}

export function saveSettings(settings: Settings): void {
  wx.setStorageSync(KEY, settings);
}
