const THEMES: Record<string, string> = {
  submitted: 'warning',
  correction: 'danger',
  refused: 'default',
  accepted: 'primary',
  'in-trial': 'primary',
  closed: 'success',
  withdrawn: 'default',
};

/** A case's or filing's state as a coloured tag. */
Component({
  properties: { state: { type: String, value: '' }, label: { type: String, value: '' } },
  data: { theme: 'default' },
  observers: {
    state(state: string) {
      this.setData({ theme: THEMES[state] ?? 'default' });
    },
  },
});
