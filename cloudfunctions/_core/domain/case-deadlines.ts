import { daysLeft } from './deadlines';
import { publishBy, refundBy, type PartyPeriod } from './judgments';
import { chinaDate } from './time';

/*
 * Every running deadline of a filing or a case, of every kind, as the court and the parties
 * count them: what the judge's workbench orders cases by, what a lawyer's list shows as each
 * case's next deadline, and what a reminder is sent for. Each kind names its article; the dates
 * themselves come from the rules that set them (filing, fees, hearings, trial limits, judgments).
 */

/** Who must act before the day: the court, or the parties (whom a reminder is sent to). */
export type DeadlineSide = 'court' | 'party';

export const DeadlineKinds = {
  // 登记立案规定 第八条: the registrar decides within 7 days of receiving the complaint.
  'filing-review': { label: '法院审查期限', basis: '登记立案规定 第八条', side: 'court', soonDays: 2 },
  // 诉讼费用交纳办法 第二十二条: the fee is paid within 7 days of the notice, or the suit is treated as withdrawn.
  'fee-payment': { label: '预交诉讼费截止', basis: '诉讼费用交纳办法 第二十二条', side: 'party', soonDays: 3 },
  // 民事诉讼法 第一百三十九条: the parties are summoned 3 days before the hearing.
  hearing: { label: '开庭', basis: '民事诉讼法 第一百三十九条', side: 'party', soonDays: 3 },
  // 民事诉讼法 第一百五十条: the transcript is read and signed within five days of the hearing.
  'transcript-signatures': { label: '庭审笔录签名确认', basis: '民事诉讼法 第一百五十条', side: 'party', soonDays: 2 },
  // 民事诉讼法 第一百五十二条、第一百六十四条 (the procedure's own article is given per case).
  'trial-limit': { label: '审理期限届满', basis: '民事诉讼法 第一百五十二条', side: 'court', soonDays: 30 },
  // 民事诉讼法 第一百七十一条; 民诉法解释 第二百四十四条: each party's period from its own service.
  appeal: { label: '上诉期限届满', basis: '民事诉讼法 第一百七十一条、第二百八十六条；民诉法解释 第二百四十四条', side: 'party', soonDays: 3 },
  // 裁判文书上网规定 第七条: published within 7 working days of taking effect.
  publication: { label: '裁判文书上网公开', basis: '最高人民法院关于人民法院在互联网公布裁判文书的规定 第七条', side: 'court', soonDays: 2 },
  // 诉讼费用交纳办法 第五十三条: the refund within 15 days of the decision taking effect.
  'fee-refund': { label: '退还诉讼费', basis: '诉讼费用交纳办法 第五十三条', side: 'court', soonDays: 3 },
} as const satisfies Record<string, { label: string; basis: string; side: DeadlineSide; soonDays: number }>;
export type DeadlineKind = keyof typeof DeadlineKinds;
export const DEADLINE_KINDS = Object.keys(DeadlineKinds) as [DeadlineKind, ...DeadlineKind[]];

/**
 * The subscribe-message template of each deadline a party is reminded of (one per kind): the
 * phone asks consent for these (wx.requestSubscribeMessage), each acceptance allowing one message.
 */
export const ReminderTemplates = {
  'fee-payment': 'MC_TPL_REMIND_FEE',
  hearing: 'MC_TPL_REMIND_HEARING',
  'transcript-signatures': 'MC_TPL_REMIND_TRANSCRIPT',
  appeal: 'MC_TPL_REMIND_APPEAL',
} as const satisfies Partial<Record<DeadlineKind, string>>;
export type RemindedKind = keyof typeof ReminderTemplates;
export type ReminderTemplate = (typeof ReminderTemplates)[RemindedKind];
export const REMINDER_TEMPLATES = Object.values(ReminderTemplates) as [ReminderTemplate, ...ReminderTemplate[]];

export type DeadlineState = 'overdue' | 'due-soon' | 'later';
export const DeadlineStates: Record<DeadlineState, string> = { overdue: '已超期', 'due-soon': '即将到期', later: '未到期' };

export interface CaseDeadline {
  kind: DeadlineKind;
  /** What falls due, in the court's words (a party's appeal names the party). */
  label: string;
  /** The last day (YYYY-MM-DD, China time); a hearing's day. */
  date: string;
  daysLeft: number;
  state: DeadlineState;
  basis: string;
  /** An appeal period: the party whose period it is (its place in the case). */
  party?: number;
}

/**
 * What a filing or a case has running, as read from its records: each fact only while it runs
 * (a fee unpaid, a limit of an open case, a transcript not yet signed by all, a party's appeal
 * period not appealed, an effective decision not yet published, a refund not yet asked).
 */
export interface DeadlineFacts {
  /** A filing awaiting the registrar: its last day of review. */
  reviewDueOn?: string;
  fee?: { state: 'unpaid' | 'paid'; dueOn: string };
  /** An open case's trial limit, with the article of its procedure. */
  trialLimit?: { expiresOn: string; basis?: string };
  hearings?: readonly { startsAt: Date; cancelled?: boolean }[];
  /** Transcripts awaiting signatures, each with its last day. */
  transcripts?: readonly { dueOn: string }[];
  /** Appeal periods running: each party's last day, from its own service (the party by name and by its place in the case). */
  appeals?: readonly { party: string; index?: number; appealBy: string }[];
  /** An effective decision the court decided to publish and has not yet: its last day. */
  publishBy?: string;
  /** A refund owed at closing and not yet asked of the pay service: its last day. */
  refundBy?: string;
}

/**
 * What a decision of the case has running (legal-rules-2 §5.2, §5.3, §4.5): each party's appeal
 * period until its last day, from its own service; once the decision is effective, its
 * publication if the court decided to publish it, and the refund owed at closing.
 */
export function decisionFacts(input: {
  effect: { periods: readonly PartyPeriod[]; effectiveOn?: string | undefined };
  partyNames: readonly string[];
  publish: boolean;
  published: boolean;
  refundOwed: boolean;
  today: string;
}): Pick<DeadlineFacts, 'appeals' | 'publishBy' | 'refundBy'> {
  const { effect, today } = input;
  const effectiveOn = effect.effectiveOn;
  if (effectiveOn) {
    return {
      ...(input.publish && !input.published ? { publishBy: publishBy(effectiveOn) } : {}),
      ...(input.refundOwed ? { refundBy: refundBy(effectiveOn) } : {}),
    };
  }
  const appeals = effect.periods.flatMap((p) =>
    p.appealBy && !p.appealed && p.appealBy >= today ? [{ party: input.partyNames[p.party] ?? '', index: p.party, appealBy: p.appealBy }] : [],
  );
  return appeals.length > 0 ? { appeals } : {};
}

/** The next hearing not cancelled that has not started. */
export function nextHearing<H extends { startsAt: Date; cancelled?: boolean }>(hearings: readonly H[], now: Date): H | undefined {
  return hearings.filter((h) => !h.cancelled && h.startsAt.getTime() >= now.getTime()).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}

/**
 * A 调解书 or a judicial-confirmation ruling takes effect on its last signed receipt, recorded when
 * it happens (民事诉讼法 第一百条; 民诉法解释 第一百四十九条); a judgment or ruling by its services.
 */
export function effectRecorded(kind: string): boolean {
  return kind === 'mediation-statement' || kind === 'confirmation-ruling';
}

/** 诉讼费用交纳办法 第五十三条: a refund owed at closing is still due while less has been asked of the pay service. */
export function refundStillOwed(owedFen: number | undefined, refunds: readonly { refundFen: number; state?: string }[]): boolean {
  if (!owedFen) return false;
  return refunds.filter((r) => r.state !== 'failed').reduce((sum, r) => sum + r.refundFen, 0) < owedFen;
}

/**
 * How long a closed case stays on the workbench: its decision is served, appealed (15 or 30 days
 * from each service, 民事诉讼法 第一百七十一条、第二百八十六条), takes effect and is published within
 * 7 working days (上网规定 第七条); four months cover a service by public notice (30 days, 第九十五条) too.
 */
export const CLOSED_KEPT_DAYS = 120;

/** Overdue after its day; due soon within the kind's warning days; later otherwise. */
export function deadlineState(kind: DeadlineKind, today: string, date: string): DeadlineState {
  const left = daysLeft(today, date);
  if (left < 0) return 'overdue';
  return left <= DeadlineKinds[kind].soonDays ? 'due-soon' : 'later';
}

const byDate = (a: CaseDeadline, b: CaseDeadline) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind);

/** Every running deadline of a filing or a case, earliest first. A hearing counts until it starts; the others run to their day and then show overdue. */
export function caseDeadlines(facts: DeadlineFacts, now: Date): CaseDeadline[] {
  const today = chinaDate(now);
  const make = (kind: DeadlineKind, date: string, label: string = DeadlineKinds[kind].label, basis: string = DeadlineKinds[kind].basis): CaseDeadline => ({
    kind,
    label,
    date,
    daysLeft: daysLeft(today, date),
    state: deadlineState(kind, today, date),
    basis,
  });
  const list: CaseDeadline[] = [];
  if (facts.reviewDueOn) list.push(make('filing-review', facts.reviewDueOn));
  if (facts.fee?.state === 'unpaid') list.push(make('fee-payment', facts.fee.dueOn));
  const next = nextHearing(facts.hearings ?? [], now);
  if (next) list.push(make('hearing', chinaDate(next.startsAt)));
  for (const t of facts.transcripts ?? []) list.push(make('transcript-signatures', t.dueOn));
  if (facts.trialLimit) list.push(make('trial-limit', facts.trialLimit.expiresOn, undefined, facts.trialLimit.basis));
  for (const a of facts.appeals ?? [])
    list.push({ ...make('appeal', a.appealBy, a.party ? `${a.party}上诉期限届满` : undefined), ...(a.index !== undefined ? { party: a.index } : {}) });
  if (facts.publishBy) list.push(make('publication', facts.publishBy));
  if (facts.refundBy) list.push(make('fee-refund', facts.refundBy));
  return list.sort(byDate);
}

/** The first deadline: the earliest day, whatever its kind (an overdue one is earlier than any running). */
export function nextDeadline(deadlines: readonly CaseDeadline[]): CaseDeadline | undefined {
  return [...deadlines].sort(byDate)[0];
}

/** How many deadlines of each kind, and of each state, a list holds. */
export function countDeadlines(deadlines: readonly CaseDeadline[]): { byKind: Record<DeadlineKind, number>; byState: Record<DeadlineState, number> } {
  const byKind = Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>;
  const byState: Record<DeadlineState, number> = { overdue: 0, 'due-soon': 0, later: 0 };
  for (const d of deadlines) {
    byKind[d.kind] += 1;
    byState[d.state] += 1;
  }
  return { byKind, byState };
}

/** Orders cases by their next deadline, the earliest day first (an overdue one is earlier than any running); a case with none last. */
export function compareByNext(a: CaseDeadline | undefined, b: CaseDeadline | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return byDate(a, b);
}
