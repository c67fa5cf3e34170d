import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call } from '../../lib/call';
import { run } from '../../lib/page';
import type { WorkbenchOutput } from '../../../cloudfunctions/_core/schemas/management';

type Mine = Extract<WorkbenchOutput, { op: 'mine' }>;
type Unit = Extract<WorkbenchOutput, { op: 'unit' }>;
type Queue = Extract<WorkbenchOutput, { op: 'review-queue' }>;
type Counts = Mine['counts'];

/** Who sees which part of the workbench: the panel its own cases, the unit's leaders the unit, the registrar the review queue. */
const PANEL_ROLES = ['judge', 'clerk'];
const UNIT_ROLES = ['leader', 'president'];
const QUEUE_PAGE = 20;

/** Only the kinds with a deadline running, for the counts line. */
const shownCounts = (counts: Counts) => ({ ...counts, byKind: counts.byKind.filter((k) => k.count > 0) });

/**
 * 法官工作台: the judge's (or clerk's) cases ordered by the next deadline of any kind with counts
 * per kind; for a division leader or the president the unit's cases, the overdue first, by judge;
 * for a registrar the queue of filings awaiting review (the overdue first), each opening the filing.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    mine: null as (Mine & { counts: Counts }) | null,
    unit: null as (Unit & { counts: Counts }) | null,
    queue: null as Queue | null,
    nothing: false,
  },
  methods: {
    async refresh() {
      const session = await run(this, () => call('session-info', {}));
      if (!session) return;
      const has = (roles: string[]) => session.roles.some((r) => roles.includes(r));
      if (has(PANEL_ROLES)) {
        const mine = await run(this, () => call('workbench', { op: 'mine' }));
        if (mine?.op === 'mine') this.setData({ mine: { ...mine, counts: shownCounts(mine.counts) } });
      }
      if (has(UNIT_ROLES)) {
        const unit = await run(this, () => call('workbench', { op: 'unit' }));
        if (unit?.op === 'unit') this.setData({ unit: { ...unit, counts: shownCounts(unit.counts) } });
      }
      if (session.roles.includes('registrar')) await this.loadQueue(0);
      this.setData({ nothing: !has([...PANEL_ROLES, ...UNIT_ROLES, 'registrar']) });
    },
    async onPullDownRefresh() {
      await this.refresh();
      wx.stopPullDownRefresh();
    },
    open(e: WechatMiniprogram.CustomEvent) {
      const { id } = e.currentTarget.dataset as { id: string };
      wx.navigateTo({ url: `/litigation/case/case?id=${id}` });
    },
    /** 立案审查: the court's queue, a page at a time, the earliest review day first. */
    async loadQueue(page: number) {
      const queue = await run(this, () => call('workbench', { op: 'review-queue', page, pageSize: QUEUE_PAGE }));
      if (queue?.op !== 'review-queue') return;
      const filings = page === 0 ? queue.filings : [...(this.data.queue?.filings ?? []), ...queue.filings];
      this.setData({ queue: { ...queue, filings } });
    },
    moreQueue() {
      if (this.data.queue?.hasMore && !this.data.loading) void this.loadQueue(this.data.queue.page + 1);
    },
  },
});
