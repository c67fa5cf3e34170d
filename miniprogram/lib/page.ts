import { CallError } from './errors';

type Instance = WechatMiniprogram.Component.TrivialInstance;

/**
 * Runs one call for a page with its three states: loading while it runs, the success toast
 * when asked, and on failure the Chinese message with what to do next (never raw JSON).
 */
export async function run<T>(page: Instance, work: () => Promise<T>, options: { loading?: string; success?: string } = {}): Promise<T | undefined> {
  page.setData({ loading: true, error: '', errorCode: '', fieldErrors: {} });
  wx.showLoading({ title: options.loading ?? '加载中', mask: true });
  try {
    const result = await work();
    if (options.success) wx.showToast({ title: options.success, icon: 'success' });
    return result;
  } catch (error) {
    const failure = error instanceof CallError ? error : new CallError('INTERNAL', '出现错误');
    page.setData({ error: failure.display, errorCode: failure.code, fieldErrors: failure.fields });
    return undefined;
  } finally {
    wx.hideLoading();
    page.setData({ loading: false });
  }
}

/** The options (query string) the current page was opened with. */
export function pageOptions(): Record<string, string> {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
  return (pages[pages.length - 1] as { options?: Record<string, string> } | undefined)?.options ?? {};
}

/** A page's own id or parameter: the property it was given, else the query string it was opened with. */
export function pageParam(page: Instance, name = 'id'): string {
  return (page.data as Record<string, unknown>)[name]?.toString() || pageOptions()[name] || '';
}

/** A label table as the options of a radio group or picker: `{ value, label }` in the table's order. */
export function choices(table: Readonly<Record<string, string | { label: string }>>): { value: string; label: string }[] {
  return Object.entries(table).map(([value, entry]) => ({ value, label: typeof entry === 'string' ? entry : entry.label }));
}
