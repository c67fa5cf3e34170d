import { addWorkingDays, computeDeadline } from './deadlines';
import { utcDay } from './time';

/*
 * Closing a case, serving its decision, appeal periods, effect and publication
 * (legal-rules-2 §4.5, §5).
 */

/** 审结报结: how a case ends (legal-rules-2 §4.5). */
export const ClosingOutcomes = {
  judgment: { label: '判决', decision: 'judgment', basis: '民事诉讼法 第一百五十五条', appealable: true },
  mediation: { label: '调解', decision: 'mediation-statement', basis: '民事诉讼法 第一百条；民诉法解释 第一百四十九条', appealable: false },
  withdrawal: { label: '准予撤诉', decision: 'ruling', basis: '民事诉讼法 第一百四十八条', appealable: false },
  'treated-withdrawn': { label: '按撤诉处理', decision: 'ruling', basis: '民事诉讼法 第一百四十六条；民诉法解释 第二百一十三条', appealable: false },
  dismissal: { label: '驳回起诉', decision: 'ruling', basis: '民事诉讼法 第一百五十七条', appealable: true },
  transfer: { label: '移送', decision: 'ruling', basis: '民诉法解释 第二百一十一条', appealable: false },
  termination: { label: '终结诉讼', decision: 'ruling', basis: '民事诉讼法 第一百五十四条', appealable: false },
} as const;
export type ClosingOutcome = keyof typeof ClosingOutcomes;
export const CLOSING_OUTCOMES = Object.keys(ClosingOutcomes) as [ClosingOutcome, ...ClosingOutcome[]];

/**
 * 审限规定（2000） 第十条: the closing date is the day a judgment is pronounced (宣判) or a ruling
 * announced (宣告); for a 调解书 the day the last party is served; left at the address (留置), the day left; by public notice, the day published;
 * by post, the day posted.
 */
export const ClosingDateMethods = {
  pronouncement: '宣判之日',
  announcement: '裁定书宣告之日',
  'last-service': '调解书送达最后一方当事人之日',
  left: '留置送达之日',
  publication: '公告刊登之日',
  post: '交邮之日',
} as const;
export type ClosingDateMethod = keyof typeof ClosingDateMethods;
export const CLOSING_DATE_METHODS = Object.keys(ClosingDateMethods) as [ClosingDateMethod, ...ClosingDateMethod[]];

/**
 * 民事诉讼法 第一百七十一条: 15 days against a judgment, 10 against a ruling; 第二百八十六条 (2023): 30
 * days for a party with no domicile in China. Only rulings of non-acceptance, jurisdiction and
 * dismissal are appealable (第一百五十七条); small claims are final (第一百六十五条).
 */
export function appealDays(kind: 'judgment' | 'ruling', foreign: boolean): number {
  if (foreign) return 30;
  return kind === 'judgment' ? 15 : 10;
}

/** The last day of a party's appeal period, from its own service (民诉法解释 第二百四十四条), rolled past rest days (民事诉讼法 第八十五条). */
export function appealDeadline(servedOn: string, kind: 'judgment' | 'ruling', foreign = false): string {
  return computeDeadline(servedOn, { days: appealDays(kind, foreign) }).deadline;
}

/**
 * The effective date: the day after the last party's appeal period (民事诉讼法 第一百五十八条;
 * legal-rules-2 §5.2 convention); undefined while a party is unserved.
 */
export function effectiveDate(deadlines: readonly (string | undefined)[]): string | undefined {
  if (deadlines.length === 0 || deadlines.some((d) => d === undefined)) return undefined;
  const last = (deadlines as string[]).reduce((a, b) => (a > b ? a : b));
  return utcDay(last).add(1, 'day').format('YYYY-MM-DD');
}

/** 裁判文书上网规定 第七条: published within 7 working days of taking effect. */
export function publishBy(effectiveOn: string): string {
  return addWorkingDays(effectiveOn, 7);
}

/**
 * 简易程序规定 第二十八条: pronounced in court with a period to collect the judgment, the party is
 * served on the day it collects it, or else on the last day of the period.
 */
export function collectionServiceDay(pronouncedOn: string, days: number, collectedOn?: string): string {
  return collectedOn ?? utcDay(pronouncedOn).add(days, 'day').format('YYYY-MM-DD');
}

/** 诉讼费用交纳办法 第十七条: the appeal fee is the case fee on the amount appealed. */
export const APPEAL_FEE_BASIS = '诉讼费用交纳办法 第十七条';

/** How an outcome bears on the fee: halved (诉讼费用交纳办法 第十五条), none due (第八条、第二十七条), or as billed. */
export function feeOutcomeOf(outcome: ClosingOutcome): 'mediation' | 'withdrawal' | 'dismissal' | undefined {
  if (outcome === 'mediation') return 'mediation';
  // 按撤诉处理 is a withdrawal for the fee (legal-rules-2 §4.5).
  if (outcome === 'withdrawal' || outcome === 'treated-withdrawn') return 'withdrawal';
  if (outcome === 'dismissal') return 'dismissal';
  return undefined;
}

/**
 * 按撤诉处理 because the plaintiff never prepaid the fee (诉讼费用交纳办法 第二十二条; 民诉法解释
 * 第二百一十三条: notified, still unpaid, no reduction, deferral or exemption granted): what is then
 * owed. The Measures do not say. 第十五条 halves the fee of a case closed by mediation or withdrawn on
 * the plaintiff's application (申请撤诉), not of a suit treated as withdrawn because the prepayment
 * never came; and 第二十二条 names no fee for it, only that it is "handled under the relevant rules".
 * Courts differ: many charge nothing (the suit went no further than the unpaid notice), some
 * charge half as for a withdrawal. So it is the court's setting (`courts.unpaidTreatedWithdrawnFee`),
 * 'none' unless the court sets 'half'.
 */
export const UnpaidTreatedWithdrawnFees = {
  none: { label: '不收取案件受理费', basis: ['诉讼费用交纳办法 第二十二条', '民诉法解释 第二百一十三条'] },
  half: { label: '减半收取案件受理费', basis: ['诉讼费用交纳办法 第十五条', '诉讼费用交纳办法 第二十二条', '民诉法解释 第二百一十三条'] },
} as const;
export type UnpaidTreatedWithdrawnFee = keyof typeof UnpaidTreatedWithdrawnFees;

/** A court's setting as stored (anything else: the default, 'none'). */
export function unpaidTreatedWithdrawnFeeOf(setting: unknown): UnpaidTreatedWithdrawnFee {
  return setting === 'half' ? 'half' : 'none';
}

/** Whether a case ends 按撤诉处理 for want of the prepayment: treated as withdrawn with the fee unpaid and no deferral granted (a deferred fee is not one left unpaid). */
export function treatedWithdrawnUnpaid(outcome: ClosingOutcome, fee: { state: 'unpaid' | 'paid'; aid?: { kind: string } | undefined }): boolean {
  return outcome === 'treated-withdrawn' && fee.state === 'unpaid' && fee.aid?.kind !== 'deferral';
}

/**
 * Who bears the fee due, party by party (诉讼费用交纳办法 第二十九条 the loser, apportioned by the
 * judgment; 第三十一条 as the parties agree in mediation, else as the court decides; 第三十四条 the
 * plaintiff who withdraws). The judgment must state it; otherwise the plaintiffs bear it in equal
 * parts (any remainder of a fen on the first). The shares add up to the fee due.
 */
export function feeShares(
  outcome: ClosingOutcome,
  dueFen: number,
  roles: readonly string[],
  given?: readonly { party: number; fen: number }[],
): { ok: true; shares: { party: number; fen: number }[] } | { ok: false; reason: string } {
  if (given && given.length > 0) {
    if (given.some((s) => s.party < 0 || s.party >= roles.length)) return { ok: false, reason: '诉讼费用负担中的当事人不在本案当事人之列' };
    if (feeOutcomeOf(outcome) === 'withdrawal' && given.some((s) => s.fen > 0 && roles[s.party] !== 'plaintiff'))
      return { ok: false, reason: '撤诉的案件受理费由原告负担（诉讼费用交纳办法 第三十四条）' };
    const sum = given.reduce((total, s) => total + s.fen, 0);
    if (sum !== dueFen) return { ok: false, reason: `各方负担的诉讼费用合计应为 ${(dueFen / 100).toFixed(2)} 元（现为 ${(sum / 100).toFixed(2)} 元）` };
    return { ok: true, shares: given.map((s) => ({ party: s.party, fen: s.fen })) };
  }
  if (dueFen === 0) return { ok: true, shares: [] };
  if (outcome === 'judgment') return { ok: false, reason: '判决须写明诉讼费用的负担（诉讼费用交纳办法 第二十九条）' };
  const plaintiffs = roles.flatMap((role, party) => (role === 'plaintiff' ? [party] : []));
  if (plaintiffs.length === 0) return { ok: false, reason: '请写明诉讼费用由哪一方负担' };
  const each = Math.floor(dueFen / plaintiffs.length);
  return { ok: true, shares: plaintiffs.map((party, i) => ({ party, fen: i === 0 ? dueFen - each * (plaintiffs.length - 1) : each })) };
}

/** 诉讼费用交纳办法 第五十三条: the court refunds within 15 days of the decision taking effect. */
export function refundBy(effectiveOn: string): string {
  return utcDay(effectiveOn).add(15, 'day').format('YYYY-MM-DD');
}

/** Whether a decision can be appealed, and by which period (民事诉讼法 第一百五十七条、第一百七十一条; small claims are final, 第一百六十五条). */
export function appealKindOf(outcome: ClosingOutcome, smallClaims = false): 'judgment' | 'ruling' | null {
  if (smallClaims) return null;
  if (outcome === 'judgment') return 'judgment';
  if (outcome === 'dismissal') return 'ruling';
  return null;
}

export interface PartyPeriod {
  party: number;
  servedOn?: string;
  /** The last day of this party's appeal period, from its own service. */
  appealBy?: string;
  appealed?: boolean;
}

export type DecisionState = 'serving' | 'appeal-period' | 'appealed' | 'effective';

/**
 * A decision's effect, derived at read time from each party's service (民诉法解释 第二百四十四条):
 * appealable, effective the day after the last period runs out with no appeal (民事诉讼法 第一百五十八条);
 * final, effective on the last service (legal-rules-2 §5.2 convention). An appeal keeps it from taking effect.
 */
export function decisionEffect(input: {
  appealKind: 'judgment' | 'ruling' | null;
  parties: readonly number[];
  servedOn: Readonly<Record<number, string | undefined>>;
  abroad?: readonly number[];
  appealed?: readonly number[];
  today: string;
}): { state: DecisionState; periods: PartyPeriod[]; effectiveOn?: string; publishBy?: string } {
  const periods: PartyPeriod[] = input.parties.map((party) => {
    const servedOn = input.servedOn[party];
    const appealKind = input.appealKind;
    return {
      party,
      ...(servedOn ? { servedOn } : {}),
      ...(servedOn && appealKind ? { appealBy: appealDeadline(servedOn, appealKind, (input.abroad ?? []).includes(party)) } : {}),
      ...((input.appealed ?? []).includes(party) ? { appealed: true } : {}),
    };
  });
  if (periods.some((p) => p.appealed)) return { state: 'appealed', periods };
  const effectiveOn =
    input.appealKind === null
      ? periods.every((p) => p.servedOn)
        ? periods.map((p) => p.servedOn as string).reduce((a, b) => (a > b ? a : b), '')
        : undefined
      : effectiveDate(periods.map((p) => p.appealBy));
  if (!effectiveOn) return { state: periods.every((p) => p.servedOn) ? 'appeal-period' : 'serving', periods };
  if (input.today < effectiveOn) return { state: 'appeal-period', periods };
  return { state: 'effective', periods, effectiveOn, publishBy: publishBy(effectiveOn) };
}

/** The kinds of case the rules on publishing judgments name (裁判文书上网规定 第四条、第八条). */
export type PublicationCaseKind =
  'civil' | 'marriage-family' | 'inheritance' | 'divorce' | 'custody-guardianship' | 'criminal' | 'juvenile-criminal' | 'administrative' | 'enforcement';

/**
 * The kind of case its 案由 makes it, which the publication decision starts from: the 婚姻家庭、继承纠纷
 * of 民事案件案由规定 (第二部分) are withheld (离婚, 抚养、监护: 裁判文书上网规定 第四条第（四）项) or
 * published with the parties' names replaced (第八条第（一）项); an administrative case is one. The judge
 * may name another kind; this is only where the choice starts, so that a divorce is never published by
 * a default.
 */
export function publicationKindOf(cause: string, caseType?: string): PublicationCaseKind {
  if (caseType?.startsWith('administrative')) return 'administrative';
  if (cause.includes('离婚')) return 'divorce';
  if (/抚养|监护|探望/.test(cause)) return 'custody-guardianship';
  if (/继承|遗嘱|遗赠|遗产/.test(cause)) return 'inheritance';
  if (/婚姻|婚约|夫妻|同居|收养|赡养|扶养|亲子|家庭/.test(cause)) return 'marriage-family';
  return 'civil';
}
