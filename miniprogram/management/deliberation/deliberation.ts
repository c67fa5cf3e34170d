import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { chinaTime } from '../../lib/format';
import { choices, run } from '../../lib/page';
import type { DeliberationOutput } from '../../../cloudfunctions/_core/schemas/management';

type Entry = Extract<DeliberationOutput, { op: 'read' }>['entries'][number];
type Vote = 'agree' | 'disagree' | 'abstain';

const VOTES: Record<Vote, string> = { agree: '同意', disagree: '不同意', abstain: '保留意见' };
/** The judges of the panel write; the president only reads (合议庭工作规定 第十条). */
const PANEL = ['presiding-judge', 'panel-member'];

/**
 * 合议: the panel's notes and votes on a case, each entry chained to the one before it. Only the
 * panel and the president read them; the function refuses everyone else (合议笔录 入副卷,
 * 合议庭工作规定 第十四条).
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    caseNumber: '',
    entries: [] as (Entry & { when: string; voteLabel: string })[],
    tally: { agree: 0, disagree: 0, abstain: 0 },
    writes: false,
    votes: choices(VOTES),
    question: '',
    note: '',
    vote: '' as Vote | '',
  },
  methods: {
    async refresh() {
      const detail = await run(this, () => call('case-detail', { caseId: this.caseId() }));
      if (!detail) return;
      this.setData({ caseNumber: detail.caseNumber ?? '', writes: detail.myRoles.some((r) => PANEL.includes(r)) });
      const read = await run(this, () => call('deliberation', { op: 'read', caseId: this.caseId() }));
      if (read?.op !== 'read') return;
      this.setData({
        entries: read.entries.map((e) => ({ ...e, when: chinaTime(e.at), voteLabel: e.vote ? VOTES[e.vote] : '' })),
        tally: read.tally,
      });
    },
    async record() {
      const { question, note, vote } = this.data;
      const done = await run(
        this,
        () =>
          call('deliberation', {
            op: 'record',
            requestId: newRequestId(),
            caseId: this.caseId(),
            question: question.trim(),
            note: note.trim(),
            ...(vote ? { vote } : {}),
          }),
        { success: '已记录' },
      );
      if (!done) return;
      // The question stays for the next judge's vote on it.
      this.setData({ note: '', vote: '' });
      await this.refresh();
    },
  },
});
