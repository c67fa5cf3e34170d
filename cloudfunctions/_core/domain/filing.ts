/**
 * Online filing (立案): what can be filed, how a filing moves, and the review clock.
 * 民事诉讼法 第一百二十二条、第一百二十六条; 最高人民法院关于人民法院登记立案若干问题的规定 (法释〔2015〕8号).
 */
import { computeDeadline, StatutoryPeriods } from './deadlines';
import { calculateFee, type FeeCategory, type FeeResult } from './fees';

export const CaseTypes = {
  'civil-first-instance': { typeCode: '民初', label: '民事一审' },
  'administrative-first-instance': { typeCode: '行初', label: '行政一审' },
} as const;
export type CaseType = keyof typeof CaseTypes;

export const FilingStates = ['submitted', 'correction', 'accepted', 'refused'] as const;
export type FilingState = (typeof FilingStates)[number];

/** The registrar's three outcomes (登记立案规定 第二条、第七条、第八条). */
export const ReviewOutcomes = ['accept', 'correction', 'refuse'] as const;
export type ReviewOutcome = (typeof ReviewOutcomes)[number];

/** A filing can be reviewed only while submitted; a correction waits for the party. */
export function canReview(state: FilingState): boolean {
  return state === 'submitted';
}

export function canResubmit(state: FilingState): boolean {
  return state === 'correction';
}

/**
 * Everything missing is listed in one written notice (一次性告知, 登记立案规定 第七条): once a
 * filing has been corrected, the registrar accepts or refuses it, and does not ask again.
 */
export function canAskCorrection(filing: { correction?: unknown }): boolean {
  return filing.correction === undefined;
}

/**
 * The last day of the review (登记立案规定 第八条): 7 days from receiving the complaint, or
 * from receiving the supplementary material after a correction notice.
 */
export function reviewDueOn(receivedOn: string): string {
  return computeDeadline(receivedOn, { days: 7 }).deadline;
}

/** 诉讼费用交纳办法 第二十二条: the fee is due 7 days from the day after the notice is received. */
export function feeDueOn(noticeOn: string): string {
  return computeDeadline(noticeOn, { days: 7 }).deadline;
}

/** The fee category of a civil filing: its claims' amounts, or the kind of non-property case. */
export function feeCategoryOf(kind: FilingFeeKind, amountFen: number): FeeCategory {
  if (kind === 'general') return amountFen > 0 ? 'property' : 'other-non-property';
  if (kind === 'administrative') return 'administrative';
  return kind;
}
/**
 * A case's 案件受理费, by one rule wherever it is billed or recomputed: the acceptance's fee notice,
 * and a refund after mediation, withdrawal or a reduced claim. Simplified procedure halves it
 * (诉讼费用交纳办法 第十六条), as mediation and withdrawal do (第十五条); the halvings never stack.
 */
export function caseFee(
  record: { feeKind: FilingFeeKind; amountFen: number; procedure: 'ordinary' | 'simplified' },
  change: { amountFen?: number; outcome?: 'mediation' | 'withdrawal' } = {},
): FeeResult {
  const amountFen = change.amountFen ?? record.amountFen;
  return calculateFee({
    category: feeCategoryOf(record.feeKind, amountFen),
    amountFen: amountFen > 0 ? amountFen : undefined,
    procedure: record.procedure,
    outcome: change.outcome,
  });
}

export const FilingFeeKinds = ['general', 'divorce', 'personality', 'ip', 'labour', 'administrative'] as const;
export type FilingFeeKind = (typeof FilingFeeKinds)[number];

export const STATE_LABELS: Readonly<Record<string, string>> = {
  submitted: '待审查',
  correction: '待补正',
  refused: '不予受理',
  accepted: '已立案',
  'in-trial': '审理中',
  closed: '已结案',
  withdrawn: '已撤诉',
};

/**
 * The last day to appeal a refusal ruling (不予受理裁定, appealable under 民事诉讼法 第一百五十七条):
 * 10 days from the day it was served (第一百七十一条), moved off rest days (第八十五条).
 */
export function refusalAppealDueOn(servedOn: string): string {
  return computeDeadline(servedOn, StatutoryPeriods['appeal-ruling'].period).deadline;
}
/** The id of a filing's refusal ruling among its documents. */
export const REFUSAL_RULING_ID = 'refusal-ruling';
export const REFUSAL_APPEAL_BASIS = StatutoryPeriods['appeal-ruling'].basis;
