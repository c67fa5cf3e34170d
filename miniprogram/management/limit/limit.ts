import { largeText } from '../../lib/large-text';
import { callingPage } from '../../lib/calling-page';
import { call, newRequestId } from '../../lib/call';
import { choices, run } from '../../lib/page';
import { ExcludedKinds, LimitProcedures, type ExcludedKind, type LimitProcedure } from '../../shared/trial-limits';
import { yuan } from '../../lib/format';
import { APPROVERS, requestRow, type RequestRow } from '../limits';
import type { LimitView } from '../../../cloudfunctions/_core/schemas/management';

const KINDS = { extension: '延长审限', exclusion: '扣除审限（不计入审限的期间）' };

/**
 * 审限: the case's limit with every extension and period not counted, shown to the parties too
 * (延长审限规定 第七条); the presiding judge asks an extension at least 15 days before expiry or
 * records a period not counted (民诉法解释 第二百四十三条), or changes simplified procedure to
 * ordinary (第二百五十八条); the president decides in the approvals inbox.
 */
Component({
  behaviors: [largeText, callingPage],
  data: {
    limit: null as (LimitView & { extensionLines: string[]; excludedLines: string[]; conversionLine: string }) | null,
    requests: [] as RequestRow[],
    asks: false,
    kinds: choices(KINDS),
    excludedKinds: choices(ExcludedKinds),
    kind: 'extension' as keyof typeof KINDS,
    months: '',
    type: '' as ExcludedKind | '',
    from: '',
    to: '',
    reasons: '',
    convertReasons: '',
  },
  methods: {
    async refresh() {
      const detail = await run(this, () => call('case-detail', { caseId: this.caseId() }));
      if (!detail) return;
      this.setData({ asks: detail.myRoles.includes('presiding-judge') });
      const answer = await run(this, () => call('trial-limit', { op: 'view', caseId: this.caseId() }));
      if (answer?.op !== 'view') return;
      const { limit } = answer;
      this.setData({
        limit: {
          ...limit,
          extensionLines: limit.extensions.map((e) => `${e.approvedOn} ${APPROVERS[e.approver]}批准延长 ${e.months} 个月`),
          excludedLines: limit.excluded.map((e) => `${e.label}：${e.from} 至 ${e.to}，扣除 ${e.days} 日（${e.basis}）`),
          conversionLine: limit.conversion
            ? `${limit.conversion.on} 由${LimitProcedures[limit.conversion.from as LimitProcedure]?.label ?? limit.conversion.from}转为普通程序，审限自立案次日起计算；原告应于 ${limit.conversion.feeDueOn} 前补交诉讼费 ${yuan(limit.conversion.feeDueFen)}`
            : '',
        },
        requests: answer.requests.map(requestRow),
      });
    },
    async request() {
      const { kind, months, type, from, to, reasons } = this.data;
      const asked = await run(
        this,
        () =>
          call('trial-limit', {
            op: 'request',
            requestId: newRequestId(),
            caseId: this.caseId(),
            kind,
            ...(kind === 'extension' && months ? { months: Number(months) } : {}),
            ...(kind === 'exclusion' && type ? { exclusion: { type, from, to } } : {}),
            reasons: reasons.trim(),
          }),
        { success: '已提交审批' },
      );
      if (!asked) return;
      this.setData({ months: '', reasons: '', type: '', from: '', to: '' });
      await this.refresh();
    },
    async convert() {
      const done = await run(
        this,
        () => call('trial-limit', { op: 'convert', requestId: newRequestId(), caseId: this.caseId(), reasons: this.data.convertReasons.trim() }),
        { success: '已转为普通程序' },
      );
      if (!done) return;
      this.setData({ convertReasons: '' });
      await this.refresh();
    },
  },
});
