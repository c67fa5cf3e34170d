import { yuanText } from './money';
/*
 * Online mediation (在线调解): the mediators' roster, the flow and its deadlines, the agreement and
 * what follows it. Pure rules, each with its article; the use cases in usecases/mediation.ts apply
 * them. Sources: 人民法院在线调解规则 (2021, "调解规则"), 人民法院特邀调解的规定 (2016, "特邀"),
 * 民事诉讼法 (2023) 第一百条至第一百零二条、第二百零五条至第二百零六条, 民诉法解释 第一百四十六条至
 * 第一百五十一条、第三百五十一条至第三百五十八条, 司法确认程序规定 (2011).
 */
import { addWorkingDays, computeDeadline } from './deadlines';
import { utcDay } from './time';
import { ConfirmationBars, ConfirmationRejections, MediationStates, MediatorKinds, ReturnReasons, TerminationReasons } from './mediation-words';

export { ConfirmationBars, ConfirmationRejections, MediationStates, MediatorKinds, ReturnReasons, TerminationReasons };

// ---------------------------------------------------------------------------------------------
// Mediators (调解规则 第五条、第六条; 特邀 第十二条、第十五条)

export type MediatorKind = keyof typeof MediatorKinds;

/** The profile the platform publishes for each mediator (调解规则 第五条第二款). */
export interface MediatorProfile {
  name: string;
  kind: MediatorKind;
  /** An invited mediator's organisation (特邀调解组织). */
  organisation?: string | undefined;
  /** 简介. */
  introduction: string;
  /** 擅长领域 / 受理案件范围. */
  caseRange: readonly string[];
  specialities: readonly string[];
  /** Whether the mediation is charged for, and how much; people's mediation is free (人民调解法 第四条). */
  fee: { charged: boolean; note?: string | undefined };
  /** The inviting court (邀请法院). */
  invitingCourt: string;
  /** Regions of cases a foreign, Hong Kong, Macau or Taiwan mediator takes (调解规则 第六条). */
  regions?: readonly string[] | undefined;
}

// ---------------------------------------------------------------------------------------------
// The flow (调解规则 第八条至第二十五条)

/** Before filing (诉前调解, 委派: 特邀 第一条) or inside a case (诉中调解, 委托: 特邀 第十一条). */
export type MediationStage = 'pre-filing' | 'in-case';

export type MediationState = keyof typeof MediationStates;

/** §2.2's states and the moves between them. */
const MOVES: Readonly<Record<MediationState, readonly MediationState[]>> = {
  applied: ['returned', 'assigning', 'terminated'],
  returned: [],
  assigning: ['awaiting-acceptance', 'terminated'],
  'awaiting-acceptance': ['awaiting-respondent', 'in-session', 'assigning', 'terminated'],
  'awaiting-respondent': ['in-session', 'terminated', 'assigning'],
  'in-session': ['signed', 'failed', 'terminated', 'assigning'],
  signed: ['closed', 'confirmation', 'resumed'],
  failed: ['filed', 'resumed'],
  terminated: ['filed', 'resumed'],
  closed: ['confirmation'],
  confirmation: ['closed'],
  filed: [],
  resumed: [],
};

export function canMove(from: MediationState, to: MediationState): boolean {
  return MOVES[from].includes(to);
}

/** Still running: the mediator can hold sessions, draft and take signatures. */
export const isOpen = (state: MediationState) => ['assigning', 'awaiting-acceptance', 'awaiting-respondent', 'in-session'].includes(state);

export type ReturnReason = keyof typeof ReturnReasons;

export type TerminationReason = keyof typeof TerminationReasons;

// ---------------------------------------------------------------------------------------------
// Working days (调解规则 第十条、第十二条、第十五条)

/** The working-day limits of §2.2, by step, with their articles. */
export const WorkingDayLimits = {
  // 调解规则 第十条: the parties choose together within 2 working days, else the court designates within 3.
  'joint-choice': { days: 2, label: '共同选定调解员', basis: '在线调解规则 第十条' },
  designation: { days: 3, label: '法院指定调解员', basis: '在线调解规则 第十条' },
  // 调解规则 第十二条: the mediator accepts or declines with reasons within 3 working days.
  acceptance: { days: 3, label: '调解员接受或说明理由拒绝', basis: '在线调解规则 第十二条' },
  // 调解规则 第十五条: the respondent is asked; help reaching them within 3 working days.
  respondent: { days: 3, label: '联系被申请人', basis: '在线调解规则 第十五条' },
} as const;
export type WorkingDayStep = keyof typeof WorkingDayLimits;

export function stepDueOn(step: WorkingDayStep, from: string): string {
  return addWorkingDays(from, WorkingDayLimits[step].days);
}

// ---------------------------------------------------------------------------------------------
// The mediation period (调解规则 第二十四条、第二十六条; 特邀 第二十七条; 民事调解规定 第二条、第四条)

export type MediationTrack = 'pre-filing' | 'ordinary' | 'simplified';

export const MediationPeriods: Readonly<Record<MediationTrack, { days: number; basis: string }>> = {
  'pre-filing': { days: 30, basis: '在线调解规则 第二十四条' },
  ordinary: { days: 15, basis: '在线调解规则 第二十四条' },
  simplified: { days: 7, basis: '在线调解规则 第二十四条' },
};

export interface MediationPeriodInput {
  track: MediationTrack;
  /** The mediator's acceptance on the platform, or for judge-led mediation the day all parties consented. */
  startOn: string;
  /** Extensions every party agreed to: each the new last day. */
  extendedTo?: readonly string[];
  /** Appraisal periods (鉴定), not counted (调解规则 第二十六条): each adds `to − from` days (legal-rules-2 §0.2(3)). */
  excluded?: readonly { from: string; to: string }[];
}

/**
 * The last day of a mediation: start + the period (a court-internal limit: not moved off rest
 * days, legal-rules-2 §0.2(1)), plus excluded days, or the latest extension agreed. After filing,
 * the days an extension adds are not counted in the trial limit (民事调解规定 第四条).
 */
export function mediationPeriod(input: MediationPeriodInput): {
  endOn: string;
  nominalEndOn: string;
  excludedDays: number;
  extensionDays: number;
  basis: string;
} {
  const period = MediationPeriods[input.track];
  const nominal = utcDay(input.startOn).add(period.days, 'day');
  const excludedDays = (input.excluded ?? []).reduce((sum, p) => sum + utcDay(p.to).diff(utcDay(p.from), 'day'), 0);
  const base = nominal.add(excludedDays, 'day');
  const latest = [...(input.extendedTo ?? [])].sort().pop();
  const endOn = latest && latest > base.format('YYYY-MM-DD') ? latest : base.format('YYYY-MM-DD');
  const extensionDays = utcDay(endOn).diff(base, 'day');
  return { endOn, nominalEndOn: nominal.format('YYYY-MM-DD'), excludedDays, extensionDays, basis: period.basis };
}

// ---------------------------------------------------------------------------------------------
// The agreement (调解规则 第十九条; 民诉法解释 第一百四十七条、第一百四十九条)

/** One term of an agreement: who pays whom how much (fen) by when, optionally in instalments, or another act. */
export interface AgreementTerm {
  /** The party who performs, and the party who receives: their places in the mediation's parties. */
  debtor: number;
  creditor: number;
  amountFen?: number | undefined;
  dueOn?: string | undefined;
  instalments?: readonly { amountFen: number; dueOn: string }[] | undefined;
  act?: string | undefined;
}

export interface AgreementDraft {
  title: string;
  parties: readonly { name: string; role: string }[];
  mediator: string;
  facts: string;
  terms: readonly AgreementTerm[];
  /** Who bears the court fee (民事调解规定 第十一条): the parties agree, or the court decides. */
  feeBearing?: string | undefined;
  version: number;
}

const yuan = yuanText;

/** What is wrong with a set of terms, in the court's words; empty when they can be rendered. */
export function checkTerms(terms: readonly AgreementTerm[], partyCount: number): string[] {
  const problems: string[] = [];
  terms.forEach((t, i) => {
    const n = `第${i + 1}项`;
    if (t.debtor === t.creditor) problems.push(`${n}：履行方与接受方不能是同一当事人`);
    if (t.debtor >= partyCount || t.creditor >= partyCount) problems.push(`${n}：当事人不存在`);
    if (t.amountFen === undefined && !t.act) problems.push(`${n}：请写明给付金额或应履行的事项`);
    if (t.instalments && t.instalments.length > 0) {
      const total = t.instalments.reduce((s, p) => s + p.amountFen, 0);
      if (t.amountFen !== total) problems.push(`${n}：分期金额合计${yuan(total)}与给付总额${yuan(t.amountFen ?? 0)}不符`);
      const dates = t.instalments.map((p) => p.dueOn);
      if (dates.some((d, j) => j > 0 && d <= (dates[j - 1] ?? ''))) problems.push(`${n}：分期履行日期应逐期在后`);
    }
  });
  if (terms.length === 0) problems.push('调解协议至少应有一项内容');
  return problems;
}

/** The agreement as a document: the text every signer sees and whose SHA-256 the signatures bind. */
export function renderAgreement(draft: AgreementDraft): string {
  const who = (i: number) => draft.parties[i]?.name ?? `当事人${i + 1}`;
  const lines = [`${draft.title}`, `（第${draft.version}稿）`, ''];
  for (const p of draft.parties) lines.push(`${p.role}：${p.name}`);
  lines.push(`调解员：${draft.mediator}`, '', `纠纷事实：${draft.facts}`, '', '经调解，各方当事人自愿达成如下协议：');
  draft.terms.forEach((t, i) => {
    let text = `${i + 1}. `;
    if (t.amountFen !== undefined) {
      text += `${who(t.debtor)}向${who(t.creditor)}支付${yuan(t.amountFen)}`;
      if (t.instalments && t.instalments.length > 0) {
        text += `，分${t.instalments.length}期支付：${t.instalments.map((p, j) => `第${j + 1}期于${p.dueOn}前支付${yuan(p.amountFen)}`).join('；')}`;
      } else if (t.dueOn) text += `，于${t.dueOn}前付清`;
      if (t.act) text += `；并${t.act}`;
    } else text += `${who(t.debtor)}${t.act ?? ''}（对${who(t.creditor)}）`;
    lines.push(`${text}。`);
  });
  if (draft.feeBearing) lines.push(`${draft.terms.length + 1}. 案件受理费的负担：${draft.feeBearing}。`);
  lines.push('', '本协议经各方当事人和调解员签名后生效（在线调解规则 第十九条）。');
  return lines.join('\n');
}

/**
 * What a decision orders, in structured terms, so that enforcement can start from it: who (the
 * debtor's place in its parties) performs for whom, how much (fen) or what act, by when (the two
 * years of 民事诉讼法 第二百五十条 run from it); payable in instalments, `dueOn` is the last one's
 * day and each may be enforced once its own day has passed.
 */
export interface Obligation {
  debtor: number;
  creditor: number;
  amountFen?: number;
  act?: string;
  dueOn?: string;
  /** A judgment's "within N days of its effect" (自本判决生效之日起N日内), when it names no day. */
  performanceDays?: number;
  instalments?: { amountFen: number; dueOn: string }[];
}

/** The obligations an agreement or 调解书 orders, for enforcement (DecisionRecord.obligations). */
export function obligationsOf(terms: readonly AgreementTerm[]): Obligation[] {
  return terms.map((t) => {
    const instalments = t.instalments && t.instalments.length > 0 ? t.instalments : undefined;
    const last = instalments ? instalments[instalments.length - 1]?.dueOn : t.dueOn;
    return {
      debtor: t.debtor,
      creditor: t.creditor,
      ...(t.amountFen !== undefined ? { amountFen: t.amountFen } : {}),
      ...(t.act ? { act: t.act } : {}),
      ...(last ? { dueOn: last } : {}),
      ...(instalments ? { instalments: instalments.map((p) => ({ amountFen: p.amountFen, dueOn: p.dueOn })) } : {}),
    };
  });
}

/**
 * The day a set of signatures takes effect: when every one required has signed, the last
 * signature's day (调解规则 第十九条; a 调解书 by the last signed receipt: 民事诉讼法 第一百条、民诉法解释
 * 第一百四十九条); a refusal means it never does (调解规则 第二十五条第七项; 民事诉讼法 第一百零二条).
 */
export function effectiveOn(required: readonly string[], signed: readonly { who: string; on: string }[], refused: readonly string[] = []): string | null {
  if (refused.length > 0) return null;
  const byWho = new Map(signed.map((s) => [s.who, s.on]));
  if (!required.every((r) => byWho.has(r))) return null;
  return (
    required
      .map((r) => byWho.get(r) ?? '')
      .sort()
      .pop() ?? null
  );
}

// ---------------------------------------------------------------------------------------------
// Judicial confirmation (民事诉讼法 第二百零五条、第二百零六条; 民诉法解释 第三百五十五条; 司法确认 2011)

/** The last day to apply jointly: 30 days after the agreement took effect, a party's period, so it rolls off rest days (民事诉讼法 第二百零五条、第八十五条). */
export function confirmationDeadline(agreementEffectiveOn: string): string {
  return computeDeadline(agreementEffectiveOn, { days: 30 }).deadline;
}

export type ConfirmationBar = keyof typeof ConfirmationBars;

/**
 * 民诉法解释 第三百五十五条 as the dispute's cause (案由, 民事案件案由规定) shows it: an agreement on a status
 * relation (第三项: marriage, parentage, adoption, guardianship found valid, void or dissolved) or on the
 * ownership of property or of an intellectual property right (第五项) is not accepted for confirmation.
 * A cause about money or property between the same people (离婚后财产纠纷, 抚养费纠纷) bars nothing.
 */
export function confirmationBarOf(cause: string): ConfirmationBar | undefined {
  if (/^(离婚纠纷|婚姻无效纠纷|撤销婚姻纠纷|(确认|否认)?亲子关系纠纷|(确认|解除)?收养关系纠纷|监护权(特别程序)?纠纷|变更监护关系纠纷)$/.test(cause))
    return 'status';
  if (/(物权确认纠纷|所有权确认纠纷|用益物权确认纠纷|担保物权确认纠纷|权属纠纷)$/.test(cause)) return 'ownership';
  return undefined;
}

export type ConfirmationRejection = keyof typeof ConfirmationRejections;

/**
 * When the court must decide: 15 days from acceptance, 10 more with the president's approval
 * (司法确认程序规定 第五条); never beyond the 30 days of 民事诉讼法 第一百八十七条. Court-internal: not rolled.
 */
export function confirmationDecisionDue(acceptedOn: string, extended: boolean): string {
  return utcDay(acceptedOn)
    .add(extended ? 25 : 15, 'day')
    .format('YYYY-MM-DD');
}

/** The case type code of a confirmation ruling: 民特 (民事特别程序, 案号规定; legal-rules-2 §2.3). */
export const CONFIRMATION_TYPE_CODE = '民特';

/**
 * When a confirmation ruling takes effect: it is final (民事诉讼法 第一百八十五条) and effective once
 * served (第一百五十八条), so on the day the last party is served, each party by its first service.
 * Not yet: a party not served.
 */
export function servedEffectOn(parties: number, served: readonly { party: number; servedOn?: string | undefined }[]): string | undefined {
  let last = '';
  for (let party = 0; party < parties; party += 1) {
    const days = served
      .filter((s) => s.party === party && s.servedOn)
      .map((s) => s.servedOn as string)
      .sort();
    const first = days[0];
    if (!first) return undefined;
    if (first > last) last = first;
  }
  return last || undefined;
}
