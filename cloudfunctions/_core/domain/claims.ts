/**
 * Declaring claims in a bankruptcy (企业破产法 第四十四条至第五十八条).
 */
import { checkDeclarationPeriod, computeDeadline } from './deadlines';

/** 第四十八条: employees' claims are listed by the administrator, not declared. */
export const EMPLOYEE_CLAIM_KINDS = ['wages', 'employee-compensation', 'social-insurance'] as const;
export const CLAIM_KINDS = ['ordinary', ...EMPLOYEE_CLAIM_KINDS] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const EMPLOYEE_CLAIM_GUIDANCE =
  '职工的工资、医疗伤残补助、抚恤费用、基本养老和医疗保险费用及经济补偿金不必申报，由管理人调查后列出清单并予以公示；对清单有异议的，可以要求管理人更正（企业破产法 第四十八条）';

export interface DeclarationWindow {
  acceptedOn: string;
  announcedOn: string;
  deadlineOn: string;
  /** The day of the final distribution, once known: after it nothing more is accepted (第五十六条). */
  finalDistributionOn?: string | undefined;
}

export type Timing = { ok: true; late: false } | { ok: true; late: true; notice: string } | { ok: false; reason: string };

/**
 * When a declaration comes in: within the period (第四十五条); late but before the final
 * distribution, as 补充申报 bearing its own review cost and missing earlier distributions
 * (第五十六条); or after the final distribution, refused.
 */
export function declarationTiming(window: DeclarationWindow, today: string): Timing {
  if (today < window.announcedOn) return { ok: false, reason: `申报期限自 ${window.announcedOn} 受理公告之日起计算，尚未开始` };
  if (today <= window.deadlineOn) return { ok: true, late: false };
  if (window.finalDistributionOn && today > window.finalDistributionOn) {
    return { ok: false, reason: '破产财产已最后分配，不能再补充申报（企业破产法 第五十六条）' };
  }
  return { ok: true, late: true, notice: LATE_DECLARATION_NOTICE };
}

export const LATE_DECLARATION_NOTICE =
  '申报期限已届满，本次为补充申报：此前已进行的分配不再对您补充分配，为审查和确认补充申报债权的费用由您承担（企业破产法 第五十六条）';

/** 第四十五条: the period set when the window opens is 30 days to 3 months from the announcement. */
export function checkWindow(window: DeclarationWindow): string | null {
  if (window.announcedOn < window.acceptedOn) return '受理公告日不能早于受理日';
  const period = checkDeclarationPeriod(window.announcedOn, window.deadlineOn);
  return period.ok ? null : `申报期限应自公告之日起最短三十日、最长三个月，即 ${period.earliest} 至 ${period.latest} 之间（企业破产法 第四十五条）`;
}

/** 第四十六条: interest stops accruing when the bankruptcy application is accepted. */
export function checkInterestEnd(interestUntil: string | undefined, interestFen: number, acceptedOn: string): string | null {
  if (interestFen > 0 && !interestUntil) return '请填写利息计算的截止日';
  if (interestUntil && interestUntil > acceptedOn) return `利息计算至破产申请受理日（${acceptedOn}）止，不能计至其后（企业破产法 第四十六条）`;
  return null;
}

export function claimTotalFen(amounts: { principalFen: number; interestFen: number; otherFen: number }): number {
  return amounts.principalFen + amounts.interestFen + amounts.otherFen;
}

export const REVIEW_DECISIONS = ['confirmed', 'partly-confirmed', 'disputed', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** What a review needs (企业破产法 第五十七条): a confirmed amount for a partial confirmation, reasons for anything short of full. */
export function reviewProblem(decision: ReviewDecision, totalFen: number, confirmedFen: number | undefined, reason: string | undefined): string | null {
  if (decision === 'partly-confirmed' && (confirmedFen === undefined || confirmedFen <= 0 || confirmedFen >= totalFen))
    return '部分确认须填写小于申报金额的确认金额';
  if (decision !== 'confirmed' && (!reason || reason.trim().length < 2)) return '不予全部确认的，须写明理由';
  return null;
}

/** 破产法司法解释（三） 第八条: an objector sues within 15 days after the creditors' meeting verification ends. */
export function objectionDeadline(meetingEndsOn: string): string {
  return computeDeadline(meetingEndsOn, { days: 15 }).deadline;
}
