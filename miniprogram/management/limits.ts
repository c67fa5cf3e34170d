import type { LimitRequestView } from '../../cloudfunctions/_core/schemas/management';

const STATES: Record<LimitRequestView['state'], string> = { pending: '待审批', approved: '已批准', refused: '不批准' };
export const APPROVERS: Record<LimitRequestView['approver'], string> = { president: '本院院长', 'higher-court': '上级法院' };

export type RequestRow = LimitRequestView & { line: string; stateLabel: string };

/** A request to change a trial limit as the court reads it: what, when asked, and by when it is to be decided. */
export function requestRow(r: LimitRequestView): RequestRow {
  const what =
    r.kind === 'extension' ? `延长审限 ${r.months ?? 0} 个月` : `扣除审限：${r.exclusion?.label ?? ''} ${r.exclusion?.from ?? ''} 至 ${r.exclusion?.to ?? ''}`;
  return {
    ...r,
    line: `${r.caseNumber} ${what}（${r.requestedOn} 申请，审限届满 ${r.expiresOn}，应于 ${r.decideBy} 前由${APPROVERS[r.approver]}审批）`,
    stateLabel: STATES[r.state],
  };
}
