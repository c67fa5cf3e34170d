import { loadSettings } from './settings';

/** Every page follows the large-text setting (the SPC asks platforms to help elderly users). */
export const largeText = Behavior({
  data: { textClass: '' },
  lifetimes: {
    attached() {
      this.setData({ textClass: loadSettings().largeText ? 'large' : '' });
    },
  },
});
