import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call } from '../../lib/call';
import { choices, run } from '../../lib/page';
import type { JudgmentSearchInput, JudgmentSearchOutput } from '../../../cloudfunctions/_core/schemas/closing';

type CaseType = NonNullable<JudgmentSearchInput['caseType']>;
type Item = JudgmentSearchOutput['items'][number];

const CASE_TYPES: Record<CaseType, string> = { 'civil-first-instance': '民事一审', 'administrative-first-instance': '行政一审' };
const PAGE_SIZE = 10;
/** How much of a judgment the list shows before it is opened. */
const EXCERPT = 120;

/**
 * 裁判文书公开查询, without login: the court's published decisions, anonymised (裁判文书上网规定
 * 第八条至第十条), and for one not published its case number, court, date and reason (第四条、
 * 第六条); by court, case type, 案由, year and keyword, a page at a time.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    courts: [{ courtId: '', name: '全部法院' }] as { courtId: string; name: string }[],
    courtIndex: 0,
    caseTypes: [{ value: '', label: '全部' }, ...choices(CASE_TYPES)],
    caseType: '' as CaseType | '',
    cause: '',
    year: '',
    keyword: '',
    items: [] as (Item & { excerpt: string; open: boolean })[],
    total: 0,
    page: 0,
    searched: false,
  },
  methods: {
    async refresh() {
      const listed = await run(this, () => call('court-list', {}));
      if (listed) this.setData({ courts: [{ courtId: '', name: '全部法院' }, ...listed.courts.map((c) => ({ courtId: c.courtId, name: c.name }))] });
      await this.load(0);
    },
    onCourt(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ courtIndex: Number(e.detail.value) });
    },
    search() {
      return this.load(0);
    },
    more() {
      return this.load(this.data.page + 1);
    },
    async load(page: number) {
      const d = this.data;
      const courtId = d.courts[d.courtIndex]?.courtId;
      const year = Number(d.year.trim());
      const answer = await run(this, () =>
        call('judgment-search', {
          page,
          pageSize: PAGE_SIZE,
          ...(courtId ? { courtId } : {}),
          ...(d.caseType ? { caseType: d.caseType } : {}),
          ...(d.cause.trim() ? { cause: d.cause.trim() } : {}),
          ...(d.year.trim() ? { year: Number.isInteger(year) ? year : Number.NaN } : {}),
          ...(d.keyword.trim() ? { keyword: d.keyword.trim() } : {}),
        }),
      );
      if (!answer) return;
      const rows = answer.items.map((item) => ({
        ...item,
        excerpt: item.text && item.text.length > EXCERPT ? `${item.text.slice(0, EXCERPT)}…` : (item.text ?? ''),
        open: false,
      }));
      this.setData({ items: page === 0 ? rows : [...d.items, ...rows], total: answer.total, page, searched: true });
    },
    toggle(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`items[${index}].open`]: !this.data.items[index]?.open });
    },
  },
});
