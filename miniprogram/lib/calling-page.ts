import { pageParam } from './page';

/**
 * What every page that calls functions shares: the states `run` sets (loading, the Chinese error,
 * the fields it names), the first load (`refresh`) once attached, a form value set from its
 * input's `data-field`, and the case the page was opened for (`id`).
 */
export const callingPage = Behavior({
  properties: { id: { type: String, value: '' } },
  data: { loading: false, error: '', fieldErrors: {} as Record<string, string> },
  lifetimes: {
    attached() {
      const page = this as unknown as { refresh?: () => Promise<void> };
      if (page.refresh) void page.refresh();
    },
  },
  methods: {
    caseId(): string {
      return pageParam(this);
    },
    onValue(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value });
    },
  },
});
