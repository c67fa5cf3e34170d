import { utcDay } from './time';

/**
 * 在线庭审: the rules of an online hearing, from consent to the signed transcript
 * (人民法院在线诉讼规则, 民事诉讼法, 人民法院庭审录音录像的若干规定, 人民法院直播录播庭审活动规定).
 * Pure: the use cases in `usecases/hearings.ts` store and chain what happens.
 */

/** How a party takes part in one step (在线诉讼规则 第四条). */
export type Choice = 'online' | 'offline';

/** One party's consent to one step, with the text it was shown (在线诉讼规则 第四条: the court explains before it asks). */
export interface Consent {
  /** The party's place in the case's parties. */
  party: number;
  /** The step consented to: `hearing:<hearingId>`, `async-hearing`, `recording-as-transcript:<hearingId>` (第四条第四款: one step's consent is not another's). */
  step: string;
  choice: Choice;
  /** Who recorded it: the party itself on the platform, or the court on the party's word. */
  source: 'platform' | 'court';
  at: Date;
  /** The explanation shown (steps, rights, duties, consequences). */
  text: string;
  /** A refusal's stated reason (第二十一条第一项: one refusal with good reason bars the online hearing). */
  reason?: string;
  /** The judge's view of that reason. */
  reasonAccepted?: boolean;
  /** Withdrawn before the step (第五条). */
  withdrawnAt?: Date;
}

/** 在线诉讼规则 第二十一条: when a hearing is not held online. */
export const OnlineBars = {
  'all-refuse': '各方当事人均明确表示不同意，或者一方当事人表示不同意且有正当理由',
  'no-means': '各方当事人均不具备参与在线庭审的技术条件和能力',
  'in-person-check': '需要通过庭审现场查明身份、核对原件、查验实物',
  complex: '案件疑难复杂、证据繁多，适用在线庭审不利于查明事实和适用法律',
  secrets: '案件涉及国家安全、国家秘密',
  impact: '案件具有重大社会影响，受到广泛关注',
  unsuitable: '人民法院认为存在其他不宜适用在线庭审的情形',
} as const;
export type OnlineBar = keyof typeof OnlineBars;

export type HearingMode = 'online' | 'mixed' | 'offline';

/**
 * The hearing's mode from the parties' consents and the bars the judge recorded (在线诉讼规则 第四条第三款,
 * 第二十一条): every party online → online; some offline → mixed (those online stay online); all
 * refusing, one refusing with a reason the judge accepts, or any bar → offline. A party that has not
 * answered, or whose consent was withdrawn, takes part offline.
 */
export function hearingMode(parties: readonly number[], consents: readonly Consent[], bars: readonly OnlineBar[]): { mode: HearingMode; online: number[] } {
  if (bars.length > 0) return { mode: 'offline', online: [] };
  const current = parties.map((party) => consents.filter((c) => c.party === party && !c.withdrawnAt).pop());
  if (current.some((c) => c?.choice === 'offline' && c.reasonAccepted)) return { mode: 'offline', online: [] };
  const online = parties.filter((_, i) => current[i]?.choice === 'online');
  if (online.length === 0) return { mode: 'offline', online: [] };
  return { mode: online.length === parties.length ? 'online' : 'mixed', online };
}

/** 在线诉讼规则 第五条: consent is withdrawn a reasonable time before the step; here, before the hearing's day (China time). */
export function withdrawalInTime(todayChina: string, hearingDayChina: string): boolean {
  return todayChina < hearingDayChina;
}

/** Check-in opens this long before the hearing (the court's waiting room). */
export const CHECKIN_OPENS_MINUTES = 30;

/** 民事诉讼法 第一百三十六条至第一百四十五条: the stages of a hearing, as they are recorded when they start. */
export const HearingStages = {
  investigation: '法庭调查',
  evidence: '举证质证',
  debate: '法庭辩论',
  'final-statement': '最后陈述',
  mediation: '法庭调解',
} as const;
export type HearingStage = keyof typeof HearingStages;

/** Why a participant dropped out (在线诉讼规则 第二十五条第二款). */
export const DisconnectCauses = {
  network: '网络故障',
  device: '设备损坏',
  power: '电力中断',
  'force-majeure': '不可抗力',
  'left-voluntarily': '自行退出',
  unknown: '原因不明',
} as const;
export type DisconnectCause = keyof typeof DisconnectCauses;

/** Causes that excuse (第二十五条第二款: 网络故障、设备损坏、电力中断或者不可抗力). */
const EXCUSED: ReadonlySet<DisconnectCause> = new Set(['network', 'device', 'power', 'force-majeure']);

export interface Disconnect {
  /** The participant's openid and the party they are or act for. */
  openid: string;
  party: number;
  at: Date;
  cause: DisconnectCause;
  promptedAt?: Date;
  warnedAt?: Date;
  rejoinedAt?: Date;
}

export type Absence = 'no-show' | 'walked-out';
export const Absences: Record<Absence, string> = { 'no-show': '拒不到庭', 'walked-out': '中途退庭' };

/**
 * 在线诉讼规则 第二十五条第二款: a party who, without good reason, does not join is 拒不到庭; one who leaves
 * and does not return after a prompt and a warning is 中途退庭. A network failure, device damage, power
 * cut or force majeure is neither. Null when the judge may record it, otherwise why not.
 */
export function absenceProblem(kind: Absence, party: number, disconnects: readonly Disconnect[], admitted: boolean): string | null {
  const own = disconnects.filter((d) => d.party === party);
  if (own.some((d) => EXCUSED.has(d.cause) && !d.rejoinedAt))
    return '该当事人因网络故障、设备损坏、电力中断或不可抗力未能参加，不视为拒不到庭或中途退庭（在线诉讼规则 第二十五条第二款）';
  if (kind === 'no-show') return admitted ? '该当事人已进入庭审，不能记为拒不到庭' : null;
  const last = own[own.length - 1];
  if (!last || last.rejoinedAt) return '该当事人未退出庭审，不能记为中途退庭';
  if (!last.promptedAt || !last.warnedAt) return '须先经提示、警告，当事人仍不返回的，方可记为中途退庭（在线诉讼规则 第二十五条第二款）';
  return null;
}

/**
 * The consequence the court may apply, offered, never applied by itself: a plaintiff's absence may be
 * treated as a withdrawal (民事诉讼法 第一百四十六条), a defendant's allows a default judgment (第一百四十七条).
 */
export function absenceConsequence(role: string): { article: string; consequence: string } | null {
  if (role === 'plaintiff') return { article: '民事诉讼法 第一百四十六条', consequence: '可以按撤诉处理' };
  if (role === 'defendant') return { article: '民事诉讼法 第一百四十七条', consequence: '可以缺席判决' };
  return null;
}

/** 庭审录音录像规定 第三条: the recording is interrupted only for these, each gap logged. */
export const RecordingGaps = {
  recess: '休庭',
  'non-public-evidence': '不公开质证的证据',
  'mediation-unsuitable': '不宜录制的调解活动',
  failure: '设备故障（须书面说明，审判长签字，第四条）',
} as const;
export type RecordingGap = keyof typeof RecordingGaps;

/** 民事诉讼法 第一百五十条: the transcript is read and signed within five days of the hearing. */
export const TRANSCRIPT_SIGNING_DAYS = 5;
export function transcriptDueOn(hearingDayChina: string): string {
  return utcDay(hearingDayChina).add(TRANSCRIPT_SIGNING_DAYS, 'day').format('YYYY-MM-DD');
}

/**
 * 庭审录音录像规定 第八条、第九条: the recording replaces the transcript only in a civil case under
 * simplified procedure and only with every party's consent; the parties then sign its hash.
 */
export function recordingMayReplaceTranscript(caseType: string, procedure: string, parties: readonly number[], consenting: readonly number[]): boolean {
  return caseType.startsWith('civil') && procedure === 'simplified' && parties.length > 0 && parties.every((p) => consenting.includes(p));
}

/**
 * 在线诉讼规则 第二十条第二款: an asynchronous hearing is for small claims or simplified procedure, when
 * appearing at once is genuinely hard, on one party's written application with every party's consent,
 * after online evidence exchange left the main facts and evidence undisputed. Null when allowed.
 */
export function asyncHearingProblem(input: {
  procedure: string;
  smallClaims: boolean;
  writtenApplication: boolean;
  allConsented: boolean;
  mainFactsUndisputed: boolean;
  difficulty: boolean;
}): string | null {
  if (!input.smallClaims && input.procedure !== 'simplified') return '非同步审理仅适用于小额诉讼程序或者简易程序审理的案件（在线诉讼规则 第二十条第二款）';
  if (!input.writtenApplication) return '须有一方当事人书面申请（在线诉讼规则 第二十条第二款第二项）';
  if (!input.allConsented) return '须各方当事人均同意（在线诉讼规则 第二十条第二款第二项）';
  if (!input.mainFactsUndisputed) return '经在线证据交换，主要事实和证据仍有争议的，不适用非同步审理（第二十条第二款第三项）';
  if (!input.difficulty) return '须各方当事人同时在线参与庭审确有困难（第二十条第二款第一项）';
  return null;
}

/** 民事诉讼法 第一百三十九条: a public hearing is announced, and the parties summoned, three days before ("开庭三日前"). */
export function announceBy(hearingDayChina: string): string {
  return utcDay(hearingDayChina).subtract(3, 'day').format('YYYY-MM-DD');
}

/**
 * Whether a hearing is announced (开庭公告): a public hearing under ordinary procedure (民事诉讼法
 * 第一百三十九条); simplified procedure is exempt (第一百六十三条); a private hearing names no party.
 */
export const announcementRequired = (procedure: string, isPublic: boolean) => isPublic && procedure !== 'simplified';

/** 人民法院直播录播庭审活动规定 第二条第二款: hearings never broadcast. */
export const BroadcastBars = {
  private: '依法不公开审理（国家秘密、商业秘密、个人隐私、未成年人犯罪）',
  'prosecution-objects': '检察机关明确提出不进行庭审直播、录播并有正当理由的刑事案件',
  'party-objects': '当事人明确提出不进行庭审直播、录播并有正当理由的民事、行政案件',
  unsuitable: '其他不宜庭审直播、录播的案件',
} as const;
export type BroadcastBar = keyof typeof BroadcastBars;

/**
 * 民事诉讼法 第一百三十七条: why a civil hearing is held in private. State secrets and personal
 * privacy, and what the law otherwise provides, always; a divorce or a trade secret only on a
 * party's application.
 */
export const PrivateGrounds = {
  'state-secret': { label: '涉及国家秘密', onApplication: false, basis: '民事诉讼法 第一百三十七条第一款' },
  privacy: { label: '涉及个人隐私', onApplication: false, basis: '民事诉讼法 第一百三十七条第一款' },
  'by-law': { label: '法律另有规定不公开审理', onApplication: false, basis: '民事诉讼法 第一百三十七条第一款' },
  divorce: { label: '离婚案件，当事人申请不公开审理', onApplication: true, basis: '民事诉讼法 第一百三十七条第二款' },
  'trade-secret': { label: '涉及商业秘密，当事人申请不公开审理', onApplication: true, basis: '民事诉讼法 第一百三十七条第二款' },
} as const;
export type PrivateGround = keyof typeof PrivateGrounds;

/** A party's objection to broadcasting its hearing, and the court's answer to it. */
export interface BroadcastObjection {
  id: string;
  party: number;
  reason: string;
  /** Answered by whoever decides the broadcast: a good reason bars it (直播录播规定 第二条第二款第三项). */
  accepted?: boolean;
  answer?: string;
}

/**
 * 直播录播庭审规定 第一条、第二条、第五条; 在线诉讼规则 第二十七条: why this hearing may not be broadcast,
 * or null. Only a public hearing is broadcast; a party's objection accepted as well founded bars it
 * in a civil case; an objection not yet answered leaves the decision open.
 */
export function broadcastBar(input: { isPublic: boolean; objections: readonly BroadcastObjection[] }): { bar: BroadcastBar; reason: string } | null {
  if (!input.isPublic) return { bar: 'private', reason: `${BroadcastBars.private}：不得直播、录播，也不得在互联网公开（在线诉讼规则 第二十七条）` };
  if (input.objections.some((o) => o.accepted === true)) return { bar: 'party-objects', reason: BroadcastBars['party-objects'] };
  return null;
}

/** 直播录播庭审规定 §7.2 states, derived: proposed → approved | rejected; an approved hearing is live while it sits and archived after. */
export type BroadcastState = 'none' | 'proposed' | 'approved' | 'rejected' | 'live' | 'archived';
export function broadcastState(decision: 'proposed' | 'approved' | 'rejected' | undefined, session: 'pending' | 'open' | 'closed'): BroadcastState {
  if (!decision) return 'none';
  if (decision !== 'approved') return decision;
  return session === 'open' ? 'live' : session === 'closed' ? 'archived' : 'approved';
}
