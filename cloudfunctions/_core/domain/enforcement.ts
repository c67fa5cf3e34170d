/*
 * 执行 (enforcement): the standard steps and their time limits, the six-month period with the
 * periods it does not count, the two-year application period, and the conditions of 终结本次执行.
 * Pure rules, no I/O; the law is ../shared/legal-rules-2.md §3 (民事诉讼法 2023 numbering).
 *
 * Date conventions (legal-rules-2 §0.2): a period set for a party rolls past rest days (民事诉讼法
 * 第八十五条, `computeDeadline`); a court-internal limit is the nominal day, never rolled, unless the
 * court's setting asks for it; an extension is start + total months; an excluded period adds
 * `to − from` days; "X日前" an event is the event − X days.
 */
import { computeDeadline } from './deadlines';
import { utcDay } from './time';

const addDays = (on: string, days: number) => utcDay(on).add(days, 'day').format('YYYY-MM-DD');
const addMonths = (on: string, months: number) => utcDay(on).add(months, 'month').format('YYYY-MM-DD');
const daysBetween = (from: string, to: string) => utcDay(to).diff(utcDay(from), 'day');

/** What a step's limit counts from. */
export type StepTrigger =
  | 'application'
  | 'filing'
  | 'assignment'
  | 'leads-received'
  | 'seizure'
  | 'price-set'
  | 'auction'
  | 'payment'
  | 'service'
  | 'money-arrived'
  | 'plan-served'
  | 'change'
  | 'objection-received';

export interface StepTemplate {
  label: string;
  trigger: StepTrigger;
  /** Days after the trigger (negative: before it, "X日前"), or months / years. */
  period: { days: number } | { months: number };
  /** A period set for a party rolls past rest days (民事诉讼法 第八十五条); the court's own limits do not. */
  forParty?: boolean;
  basis: string;
}

/**
 * The standard steps of an enforcement case (legal-rules-2 §3.3), each with the limit that runs
 * from its trigger. Where two rules set different limits the stricter is the template's, so the
 * alert comes first (§3.3 row 6); the other is named in `basis`.
 */
export const StepTemplates = {
  // 执行立案 item 16: file, or rule not to accept, within 7 days.
  filing: { label: '立案审查', trigger: 'application', period: { days: 7 }, basis: '执行工作若干问题的规定 第十六条' },
  // 2006 期限规定 第二条: the officer assigned within 7 days of filing.
  assignment: { label: '确定承办人', trigger: 'filing', period: { days: 7 }, basis: '执行期限规定（2006） 第二条' },
  // 民诉法解释 第四百八十条: the execution notice within 10 days of receiving the application (the 3 days of 2006 Art. 4 from the file: `noticeDue`).
  notice: { label: '发出执行通知书', trigger: 'application', period: { days: 10 }, basis: '民诉法解释 第四百八十条；执行期限规定（2006） 第四条' },
  // 财产调查规定 第三条: the property report order goes with the execution notice.
  'report-order': { label: '责令申报财产', trigger: 'application', period: { days: 10 }, basis: '财产调查规定 第三条' },
  // 2006 期限规定 第五条: the applicant asked for leads within 3 days.
  'ask-leads': { label: '通知申请执行人提供财产线索', trigger: 'assignment', period: { days: 3 }, basis: '执行期限规定（2006） 第五条' },
  // 财产调查规定 第二条 (7 days, 3 if urgent) and 2006 Art. 6 (5 days): the stricter, 5 (3 if urgent).
  'verify-leads': { label: '核查财产线索', trigger: 'leads-received', period: { days: 5 }, basis: '财产调查规定 第二条；执行期限规定（2006） 第六条' },
  // 2006 期限规定 第六条: the court's investigation started within 10 days.
  investigation: { label: '法院调查', trigger: 'assignment', period: { days: 10 }, basis: '执行期限规定（2006） 第六条' },
  // 财产调查规定 第一条、网络查控规定: online search and control is mandatory [timing M: with the investigation].
  'online-search': { label: '网络查控', trigger: 'assignment', period: { days: 10 }, basis: '财产调查规定 第一条；网络查控规定 第四条至第六条' },
  // 财产调查规定 第七条: the debtor reports a change within 10 days.
  'supplementary-report': { label: '被执行人补充报告', trigger: 'change', period: { days: 10 }, forParty: true, basis: '财产调查规定 第七条' },
  // 参考价规定 第一条: the reference price started within 30 days of seizure.
  valuation: { label: '确定财产处置参考价', trigger: 'seizure', period: { days: 30 }, basis: '参考价规定 第一条' },
  // 参考价规定 第三十条: the sale started within 10 days of the price.
  sale: { label: '启动变价', trigger: 'price-set', period: { days: 10 }, basis: '参考价规定 第三十条' },
  // 网拍规定 第十二条: the notice 15 days (movables) or 30 days (real estate) before the auction.
  'auction-notice': { label: '发布拍卖公告', trigger: 'auction', period: { days: -15 }, basis: '网络司法拍卖规定 第十二条' },
  // 2006 期限规定 第八条: the assistance notice for transfer within 5 days.
  transfer: { label: '送达协助过户通知书', trigger: 'payment', period: { days: 5 }, basis: '执行期限规定（2006） 第八条' },
  // 拍卖变卖规定 第二十条: the ruling served 10 days after payment.
  'sale-ruling': { label: '送达成交裁定', trigger: 'payment', period: { days: 10 }, basis: '拍卖变卖规定 第二十条' },
  // 拍卖变卖规定 第二十七条: handed over within 15 days of service.
  'hand-over': { label: '移交拍卖财产', trigger: 'service', period: { days: 15 }, basis: '拍卖变卖规定 第二十七条' },
  // 执行款物管理规定: received money paid out within 30 days of the notice of arrival.
  payout: { label: '发放执行款', trigger: 'money-arrived', period: { days: 30 }, basis: '执行款物管理规定 第十二条' },
  // 执行程序解释 第十七条、第十八条: objection to a distribution plan within 15 days.
  distribution: { label: '分配方案异议期', trigger: 'plan-served', period: { days: 15 }, forParty: true, basis: '执行程序解释 第十七条、第十八条' },
  // 民事诉讼法 第二百三十六条、第二百三十八条: an objection reviewed within 15 days of receipt.
  'objection-review': { label: '审查执行异议', trigger: 'objection-received', period: { days: 15 }, basis: '民事诉讼法 第二百三十六条、第二百三十八条' },
  // 2006 期限规定 第一条: closed within 6 months of filing (the period with its exclusions: `enforcementPeriod`).
  close: { label: '执行结案', trigger: 'filing', period: { months: 6 }, basis: '执行期限规定（2006） 第一条' },
} as const satisfies Record<string, StepTemplate>;
export type StepKind = keyof typeof StepTemplates;
export const STEP_KINDS = Object.keys(StepTemplates) as StepKind[];

export function isStepKind(kind: string): kind is StepKind {
  return Object.prototype.hasOwnProperty.call(StepTemplates, kind);
}

/** What varies a step's limit: an urgent lead (3 days), real estate at auction (30 days' notice). */
export interface StepOptions {
  urgent?: boolean;
  realEstate?: boolean;
  /** The court's setting: roll the court's own limits past rest days too (legal-rules-2 §0.2 item 1). */
  rollover?: boolean;
}

/** The day a step is due, from the day of its trigger. */
export function stepDue(kind: StepKind, triggerOn: string, options: StepOptions = {}): string {
  const template: StepTemplate = StepTemplates[kind];
  let period = template.period;
  // 财产调查规定 第二条: urgent leads verified within 3 days.
  if (kind === 'verify-leads' && options.urgent) period = { days: 3 };
  // 网络司法拍卖规定 第十二条: real estate 30 days before the auction.
  if (kind === 'auction-notice' && options.realEstate) period = { days: -30 };
  if ('months' in period) return addMonths(triggerOn, period.months);
  if (period.days < 0) return addDays(triggerOn, period.days);
  if (template.forParty || options.rollover) return computeDeadline(triggerOn, period).deadline;
  return addDays(triggerOn, period.days);
}

/**
 * The execution notice: 10 days from the application (民诉法解释 第四百八十条), and 3 days from the
 * officer's receipt of the file (执行期限规定（2006） 第四条); the earlier is the one alerted on.
 */
export function noticeDue(appliedOn: string, assignedOn?: string): string {
  const byApplication = stepDue('notice', appliedOn);
  if (!assignedOn) return byApplication;
  const byFile = addDays(assignedOn, 3);
  return byFile < byApplication ? byFile : byApplication;
}

/** 网络司法拍卖规定 第十二条: the parties told at least 3 days before the auction notice. */
export function partiesToldBy(auctionOn: string, realEstate: boolean): string {
  return addDays(stepDue('auction-notice', auctionOn, { realEstate }), -3);
}

export type StepState = 'done' | 'overdue' | 'due-soon' | 'open';
/** Due within this many days: shown as due soon. */
export const DUE_SOON_DAYS = 3;

/** A step's state, always derived: done when done, otherwise by its due day against today. */
export function stepState(step: { dueOn: string; doneOn?: string | undefined }, today: string): StepState {
  if (step.doneOn) return 'done';
  if (today > step.dueOn) return 'overdue';
  if (daysBetween(today, step.dueOn) <= DUE_SOON_DAYS) return 'due-soon';
  return 'open';
}

export const StepStateLabels: Record<StepState, string> = { done: '已完成', overdue: '已超期', 'due-soon': '即将到期', open: '进行中' };

/** The order of a leader's dashboard: overdue first (longest over first), then due soon, then the rest by due day. */
export function dashboardRank(state: StepState, dueOn: string): string {
  const group = { overdue: '0', 'due-soon': '1', open: '2', done: '3' }[state];
  return `${group}:${dueOn}`;
}

// ---------------------------------------------------------------------------------------------
// Freeze and seizure terms (民诉法解释 第四百八十五条).

export const FreezeTerms = {
  deposit: { label: '银行存款', years: 1 },
  movable: { label: '动产', years: 2 },
  'real-estate': { label: '不动产', years: 3 },
  right: { label: '其他财产权', years: 3 },
} as const;
export type FreezeKind = keyof typeof FreezeTerms;
/** Renewal is asked before expiry: reminded this many days ahead [M]. */
export const RENEWAL_NOTICE_DAYS = 30;

/** 民诉法解释 第四百八十五条: a freeze or seizure expires after its term; renew before, reminded ahead. */
export function freezeTerm(kind: FreezeKind, from: string): { expiresOn: string; remindOn: string } {
  const expiresOn = addDays(addMonths(from, FreezeTerms[kind].years * 12), -1);
  return { expiresOn, remindOn: addDays(expiresOn, -RENEWAL_NOTICE_DAYS) };
}

// ---------------------------------------------------------------------------------------------
// The six-month period, its exclusions and extensions (执行期限规定; 2000 审限规定 第九条).

/** Periods not counted in the enforcement period (2000 审限规定 第九条; 2006 第十三条 [M]); `cpl237`: also not counted towards the higher-court date (执行程序解释 第十三条). */
export const EnforcementExclusions = {
  valuation: { label: '审计、评估、鉴定或清理资产期间', cpl237: true },
  suspension: { label: '中止执行期间', cpl237: true },
  deferral: { label: '和解、提供担保暂缓执行期间', cpl237: true },
  'higher-court-deferral': { label: '上级法院通知暂缓执行期间', cpl237: true },
  auction: { label: '拍卖、变卖期间', cpl237: false },
  'public-notice': { label: '公告期间', cpl237: true },
  'jurisdiction-objection': { label: '管辖权异议审查期间', cpl237: true },
  coordination: { label: '执行争议协调期间', cpl237: true },
  'law-request': { label: '请示上级法院期间', cpl237: false },
} as const;
export type ExclusionKind = keyof typeof EnforcementExclusions;

export interface Exclusion {
  kind: ExclusionKind;
  from: string;
  to: string;
}

/** An excluded period adds `to − from` days (legal-rules-2 §0.2 item 3). */
export const excludedDays = (periods: readonly Exclusion[], only?: (kind: ExclusionKind) => boolean) =>
  periods.filter((p) => !only || only(p.kind)).reduce((sum, p) => sum + Math.max(0, daysBetween(p.from, p.to)), 0);

export interface EnforcementPeriodInput {
  filedOn: string;
  /** Extensions the president approved, in months. */
  extensions?: readonly { months: number }[];
  excluded?: readonly Exclusion[];
  /** A non-litigation document (仲裁、公证): 3 months (执行期限规定（2006） 第一条). */
  nonLitigation?: boolean;
}

/**
 * 执行期限规定（2006） 第一条: an enforcement case is closed within 6 months of filing (3 for a
 * non-litigation document); extended by the (vice-)president; excluded periods not counted
 * (2000 审限规定 第九条). An extension counts start + total months (§0.2 item 2).
 */
export function enforcementPeriod(input: EnforcementPeriodInput): { lastDay: string; excludedDays: number; months: number; basis: string } {
  const months = (input.nonLitigation ? 3 : 6) + (input.extensions ?? []).reduce((sum, e) => sum + e.months, 0);
  const excluded = excludedDays(input.excluded ?? []);
  return {
    lastDay: addDays(addMonths(input.filedOn, months), excluded),
    excludedDays: excluded,
    months,
    basis: '执行期限规定（2006） 第一条；审限规定（2000） 第九条',
  };
}

/** 执行期限规定（2006） 第一条: an extension is asked in the last 5 days before expiry ("届满前5日内"). */
export function extensionWindow(lastDay: string): { from: string; to: string } {
  return { from: addDays(lastDay, -5), to: lastDay };
}

/**
 * 民事诉讼法 第二百三十七条: more than 6 months after the application without enforcement, the
 * applicant may apply to the higher court; the periods of 执行程序解释 第十三条 are not counted.
 * Answers the last day of those 6 months: the higher court may be asked after it.
 */
export function higherCourtAfter(appliedOn: string, excluded: readonly Exclusion[] = []): string {
  return addDays(
    addMonths(appliedOn, 6),
    excludedDays(excluded, (kind) => EnforcementExclusions[kind].cpl237),
  );
}

// ---------------------------------------------------------------------------------------------
// Application (民事诉讼法 第二百五十条; 民诉法解释 第四百八十一条).

export interface PerformanceTerms {
  /** The day the decision took effect. */
  effectiveOn: string;
  /** "Within N days" of effect. */
  performanceDays?: number;
  /** A fixed performance day, or the last instalment's due day. */
  dueOn?: string;
}

/** The last day of the period for performance: a fixed day, or N days from effect (a party's period, rolled), or the effective date. */
export function performanceDueOn(terms: PerformanceTerms): string {
  if (terms.dueOn) return terms.dueOn;
  if (terms.performanceDays) return computeDeadline(terms.effectiveOn, { days: terms.performanceDays }).deadline;
  return terms.effectiveOn;
}

/**
 * 民事诉讼法 第二百五十条: 2 years from the last day of the performance period (the last
 * instalment's, or the effective date when none is set), rolled past rest days (第八十五条). A late
 * application is accepted and flagged: the debtor may object, and if upheld it is not enforced
 * (民诉法解释 第四百八十一条).
 */
export function applicationPeriod(terms: PerformanceTerms, appliedOn: string): { performanceDueOn: string; lastDay: string; late: boolean; basis: string } {
  const due = performanceDueOn(terms);
  const lastDay = computeDeadline(due, { months: 24 }).deadline;
  return { performanceDueOn: due, lastDay, late: appliedOn > lastDay, basis: '民事诉讼法 第二百五十条；民诉法解释 第四百八十一条' };
}

/**
 * What of an obligation payable in instalments may be enforced on a day: the instalments whose
 * period has run out unperformed (执行工作若干问题的规定 第十六条: the period for performance has passed, for
 * each instalment its own), their sum, and the first one's due day. The two years of 民事诉讼法
 * 第二百五十条 still run from the last instalment's due day (`applicationPeriod`).
 */
export function instalmentsDue(
  instalments: readonly { amountFen: number; dueOn: string }[],
  today: string,
): { due: number; amountFen: number; firstDueOn: string | undefined } {
  const due = instalments.filter((p) => today > p.dueOn);
  return { due: due.length, amountFen: due.reduce((sum, p) => sum + p.amountFen, 0), firstDueOn: instalments[0]?.dueOn };
}

/** The filing conditions, all of them (执行工作若干问题的规定 第十六条; legal-rules-2 §3.1). */
export const FilingConditions = {
  effective: '申请执行的法律文书已经生效',
  'right-holder': '申请执行人是生效法律文书确定的权利人或其继承人、权利承受人',
  'clear-content': '申请执行的法律文书有给付内容，且执行标的和被执行人明确',
  'period-passed': '义务人在生效法律文书确定的期限内未履行义务',
  jurisdiction: '属于受申请法院管辖',
} as const;
export type FilingCondition = keyof typeof FilingConditions;

/** The conditions not met, each worded for the refusal (执行工作若干问题的规定 第十六条). */
export function unmetFilingConditions(facts: Record<FilingCondition, boolean>): { condition: FilingCondition; label: string }[] {
  return (Object.keys(FilingConditions) as FilingCondition[]).filter((c) => !facts[c]).map((condition) => ({ condition, label: FilingConditions[condition] }));
}

// ---------------------------------------------------------------------------------------------
// Closing: 终结本次执行 (终本规定 2016 第一条; 民诉法解释 第五百一十七条).

export const TerminationConditions = {
  'notice-and-report': '已向被执行人发出执行通知、责令其报告财产',
  'consumption-restriction': '已向被执行人发出限制消费令，并将符合条件的被执行人纳入失信被执行人名单',
  'measures-exhausted': '已穷尽财产调查措施，未发现可供执行的财产或者发现的财产不能处置',
  'three-months': '自立案之日起已超过三个月',
  'debtor-searched': '被执行人下落不明的，已依法予以查找；妨害执行的，已依法采取罚款、拘留等强制措施',
  'applicant-interviewed': '已约谈申请执行人，告知查控情况并听取意见',
  confirmation: '申请执行人书面同意，或经合议庭合议并报院长批准',
} as const;
export type TerminationCondition = keyof typeof TerminationConditions;

export interface TerminationFacts {
  filedOn: string;
  today: string;
  noticeIssued: boolean;
  reportOrdered: boolean;
  /** Issued, or the debtor not eligible (a ground recorded). */
  consumptionRestricted: boolean;
  /** Listed, or not eligible. */
  dishonestListedOrIneligible: boolean;
  measuresExhausted: boolean;
  /** Searched where missing, sanctioned where obstructing, or neither arose. */
  debtorSearched: boolean;
  applicantInterviewed: boolean;
  confirmation?: 'applicant-signed' | 'panel-and-president' | undefined;
}

/** The first day 终本 may be ordered: more than 3 months since filing ("超过" [M]: the day after filed + 3 months). */
export const terminationEarliest = (filedOn: string) => addDays(addMonths(filedOn, 3), 1);

/** Every condition of 终本 with whether it holds: the checklist shown, and the reasons of a refusal. */
export function terminationChecklist(facts: TerminationFacts): { ok: boolean; items: { condition: TerminationCondition; label: string; met: boolean }[] } {
  const met: Record<TerminationCondition, boolean> = {
    'notice-and-report': facts.noticeIssued && facts.reportOrdered,
    'consumption-restriction': facts.consumptionRestricted && facts.dishonestListedOrIneligible,
    'measures-exhausted': facts.measuresExhausted,
    'three-months': facts.today >= terminationEarliest(facts.filedOn),
    'debtor-searched': facts.debtorSearched,
    'applicant-interviewed': facts.applicantInterviewed,
    confirmation: facts.confirmation !== undefined,
  };
  const items = (Object.keys(TerminationConditions) as TerminationCondition[]).map((condition) => ({
    condition,
    label: TerminationConditions[condition],
    met: met[condition],
  }));
  return { ok: items.every((i) => i.met), items };
}

/** After 终本, the court searches online again every 6 months for 5 years (终本规定 第九条 [W2]). */
export function searchReminders(closedOn: string): string[] {
  const out: string[] = [];
  for (let months = 6; months <= 60; months += 6) out.push(addMonths(closedOn, months));
  return out;
}

/** The next search due after 终本: the first reminder day after the last search (or after closing). */
export function nextSearchDue(closedOn: string, lastSearchOn?: string): string | undefined {
  const after = lastSearchOn ?? closedOn;
  return searchReminders(closedOn).find((day) => day > after);
}

/** How an enforcement case ends (执行工作若干问题的规定 第六十四条). */
export const ClosingMethods = {
  completed: '执行完毕',
  'terminated-this-round': '终结本次执行程序',
  terminated: '终结执行',
  cancelled: '销案',
  'not-enforced': '不予执行',
  rejected: '驳回申请',
} as const;
export type ClosingMethod = keyof typeof ClosingMethods;

/**
 * Resumption after a breached settlement: the period runs from the settlement's last performance
 * day (执行和解规定 第十条; 民诉法解释 第四百六十六条) — 2 years, as 第二百五十条.
 */
export function resumptionLastDay(settlementLastPerformanceOn: string): string {
  return computeDeadline(settlementLastPerformanceOn, { months: 24 }).deadline;
}

// ---------------------------------------------------------------------------------------------
// Urging (催办): answered within a set time, or escalated to the next level.

/** Hours an executor has to answer an urge before it goes up a level [M: a court setting]. */
export const URGE_ANSWER_HOURS = 48;
/** Who an unanswered urge goes to next: the division leader's urge to the president. */
export const EscalationLevels = ['division-leader', 'president'] as const;

export function urgeEscalatesAt(urgedAt: Date, hours = URGE_ANSWER_HOURS): Date {
  return new Date(urgedAt.getTime() + hours * 3_600_000);
}

/**
 * What follows the ruling on an objection (legal-rules-2 §3.5), the period counted from the ruling's
 * service (民事诉讼法 第八十五条: from the next day, a last day on a rest day moves on):
 * - an act objection (第二百三十六条): sustained, the act is revoked or corrected; either way a party
 *   or interested person may ask the higher court to reconsider within 10 days;
 * - an outsider's objection (第二百三十八条): sustained, enforcement of that object is suspended;
 *   rejected, the object is not disposed of for 15 days (民诉法解释 第四百六十三条), within which the
 *   outsider may sue (or seek retrial where the decision itself is wrong). Either way the side that
 *   lost may go to court within 15 days.
 */
export function objectionRemedy(kind: 'act' | 'outsider', sustained: boolean, servedOn: string): { remedy: string; dueOn: string; basis: string } {
  if (kind === 'act') {
    return {
      remedy: `${sustained ? '裁定撤销或者改正该执行行为；' : '裁定驳回异议；'}当事人、利害关系人不服的，可以自裁定送达之日起十日内向上一级人民法院申请复议`,
      dueOn: computeDeadline(servedOn, { days: 10 }).deadline,
      basis: '民事诉讼法 第二百三十六条',
    };
  }
  return {
    remedy: sustained
      ? '裁定中止对该标的的执行；申请执行人不服的，可以自裁定送达之日起十五日内向人民法院提起诉讼'
      : '裁定驳回异议；裁定送达之日起十五日内不得处分该标的。案外人认为原判决、裁定错误的，依照审判监督程序办理；与原判决、裁定无关的，可以自裁定送达之日起十五日内向人民法院提起诉讼',
    dueOn: computeDeadline(servedOn, { days: 15 }).deadline,
    basis: sustained ? '民事诉讼法 第二百三十八条' : '民事诉讼法 第二百三十八条；民诉法解释 第四百六十三条',
  };
}
