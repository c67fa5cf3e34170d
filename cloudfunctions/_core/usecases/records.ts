import type { CaseMember, CaseRole, ChainHead } from '#runtime';
import type { StoredFile } from '#runtime';
import type { CaseType, FilingFeeKind, FilingState } from '#domain/filing';
import type { ESignature } from '#domain/e-signature';
import type { AgreementTerm, MediationStage, Obligation, MediationState, MediationTrack, MediatorProfile, TerminationReason } from '#domain/mediation';
import type { ProofKind, RepresentationCapacity } from '#domain/legal-person';
import type { AgentPower } from '#domain/agents';
import type { AidGround, AidKind } from '#domain/judicial-aid';
import type { ExcludedKind, LimitProcedure } from '#domain/trial-limits';
import type { StoredParty } from './parties';

/** A filing (立案申请) from submission to the registrar's decision; its id becomes the case id. */
export interface FilingRecord {
  _id: string;
  /** The electronic services of its documents read by their addressees (`service-read`), each once: what a read on another device checks. */
  readServices?: string[];
  owner: string;
  courtId: string;
  courtCode: string;
  courtName: string;
  caseType: CaseType;
  feeKind: FilingFeeKind;
  cause: string;
  parties: StoredParty[];
  agent?: { openid: string; name: string; forParty: number; powerOfAttorney: StoredFile };
  claims: { text: string; amountFen?: number }[];
  amountFen: number;
  facts: string;
  evidence: { title: string; proves: string; file?: StoredFile }[];
  service: { consent: boolean; mobileMasked: string; addressConfirmed: boolean };
  members: CaseMember[];
  state: FilingState;
  submittedAt: Date;
  receivedOn: string;
  reviewDueOn: string;
  correction?: { items: string[]; at: Date; by: string };
  refusal?: { reasons: string; at: Date; by: string };
  /** The filer acting for a legal-person plaintiff, and the papers that prove it. */
  representation?: RepresentationRecord;
  /** The court's documents on a filing that never became a case: the refusal ruling and its proofs of service. */
  documents?: CaseDocument[];
  caseId?: string;
  chain: ChainHead;
  updatedAt: Date;
}

/** One application for 司法救助 (诉讼费用交纳办法 第四十八条): what was asked, on what ground, with what proof, and the decision. */
export interface AidApplicationRecord {
  id: string;
  /** The party applying: its place in `parties`. */
  party: number;
  by: string;
  kind: AidKind;
  ground: AidGround;
  percent?: number;
  deferTo?: string;
  facts: string;
  proofs: StoredFile[];
  appliedAt: Date;
  /** Applied late (第四十八条): the warning given, the application still decided. */
  warning?: string;
  decision?: { granted: boolean; percent?: number; deferredTo?: string; reason?: string; by: string; at: Date; feeBefore: { feeFen: number; dueOn: string } };
}

/**
 * A lawyer's mandate for a party (诉讼代理, 民事诉讼法 第六十一条至第六十三条): applied for with the
 * power of attorney (授权委托书, hashed) and the powers it names; the agent is a member of the case
 * only once the party itself or the panel confirms it; a change of powers or a revocation ends the
 * old mandate at once.
 */
export interface AgencyRecord {
  id: string;
  /** The party acted for: its place in `parties`. */
  party: number;
  openid: string;
  /** The lawyer's verified name, licence number and firm. */
  agentName: string;
  licence?: string;
  firm?: string;
  powers: AgentPower[];
  powerOfAttorney: StoredFile;
  appliedAt: Date;
  /** Who confirmed the mandate: the party from its own account, or the panel on the paper. */
  confirmed?: { by: string; via: 'party' | 'court'; at: Date };
  rejected?: { by: string; at: Date; reason: string };
  revoked?: { by: string; via: 'party' | 'court' | 'agent'; at: Date; reason?: string };
  /** Each change of powers, the earlier powers kept. */
  changes?: { by: string; at: Date; from: AgentPower[]; to: AgentPower[] }[];
}

/** Someone acting for a legal-person party: in what capacity, and the papers supplied (登记立案规定 第六条). */
export interface RepresentationRecord {
  /** The party's index in `parties`. */
  party: number;
  openid: string;
  /** The actor's verified name. */
  actorName: string;
  capacity: RepresentationCapacity;
  proofs: { kind: ProofKind; file: StoredFile }[];
  supplied: ProofKind[];
  missing: ProofKind[];
  /** The registrar (or judge) who examined the papers and recognised the representative. */
  examined?: { by: string; at: Date };
  /** The court did not recognise the representative: off the case, with the reasons. */
  rejected?: { by: string; at: Date; reason: string };
}

export type CaseState = 'accepted' | 'in-trial' | 'closed' | 'withdrawn';

export interface CaseDocument {
  id: string;
  kind:
    | 'complaint'
    | 'evidence'
    | 'power-of-attorney'
    | 'representation-proof'
    | 'acceptance-notice'
    | 'fee-notice'
    | 'refusal-ruling'
    | 'hearing-notice'
    | 'served-document'
    | 'service-proof'
    | 'hearing-recording'
    | 'transcript'
    | 'mediation-statement'
    | 'mediation-agreement'
    | 'confirmation-ruling'
    | 'enforcement-log'
    | 'decision'
    | 'appeal';
  title: string;
  /** Absent while a notice is rendered from the case on first read. */
  file?: StoredFile;
  /** A hearing notice states the hearing as it was set when the notice was issued. */
  hearing?: HearingNotice;
  at: Date;
  by: string;
}

/** What a summons (or a notice of a change) says of its hearing. */
export interface HearingNotice {
  hearingId: string;
  change: 'scheduled' | 'rescheduled' | 'cancelled';
  startsAt: Date;
  endsAt: Date;
  place: string;
  reason?: string;
}

/** One hearing of a case; rescheduling changes it in place, a cancelled one stays on record. */
export interface HearingRecord {
  id: string;
  startsAt: Date;
  /** Absent on hearings set before hearings had a duration: they took an hour. */
  endsAt?: Date;
  place: { kind: 'courtroom' | 'online'; room?: string };
  scheduledBy: string;
  state?: 'scheduled' | 'cancelled';
  /** The judges the hearing books (the panel when it was set). */
  judges?: string[];
  /** The notice now in force for this hearing. */
  noticeId?: string;
  /** Times it was put off to a later time (延期开庭). */
  adjourned?: number;
}

export interface CaseRecord {
  _id: string;
  /** The electronic services of its documents read by their addressees (`service-read`), each once: what a read on another device checks. */
  readServices?: string[];
  caseNumber: string;
  courtId: string;
  /**
   * The division that hears it (审判庭, or the enforcement bureau), set when the case is accepted
   * (`divisionHearing`); its leader supervises and assigns it. A case accepted before divisions were
   * recorded has none until it is assigned: only court-wide roles reach it meanwhile.
   */
  divisionId?: string;
  courtCode: string;
  courtName: string;
  caseType: CaseType;
  cause: string;
  procedure: 'ordinary' | 'simplified';
  state: CaseState;
  filedOn: string;
  trialLimitOn: string;
  /** The trial limit as the court manages it: procedure, approved extensions and periods not counted (absent: as filed). */
  limit?: LimitRecord;
  parties: StoredParty[];
  members: CaseMember[];
  amountFen: number;
  feeKind: FilingFeeKind;
  fee: {
    noticeId: string;
    feeFen: number;
    basis: string[];
    dueOn: string;
    state: 'unpaid' | 'paid';
    outTradeNo?: string;
    paidAt?: Date;
    transactionId?: string;
    /** Each refund asked of WeChat Pay; `refunded` once its refund notice confirms it (a refund asked before notices were kept has no state). */
    refunds?: { outRefundNo: string; refundFen: number; reason: string; at: Date; state?: 'requested' | 'refunded' | 'failed' }[];
    /** 司法救助 granted (诉讼费用交纳办法 第四十四条至第四十七条): the fee as assessed before it, stated at closing (第五十一条). */
    aid?: { kind: AidKind; assessedFen: number; percent?: number; deferredTo?: string; decidedOn: string; applicationId: string };
  };
  /** Applications for 司法救助 on the fee, with the court's decision on each (第四十八条). */
  aidApplications?: AidApplicationRecord[];
  /** The court's decisions on the case, in issue order: served, appealed, effective, enforceable. */
  decisions?: DecisionRecord[];
  /** How the case ended, once its closing is recorded (审结报结, legal-rules-2 §4.5); a 调解书's effect records the outcome first. */
  closing?: ClosingRecord;
  /** The e-dossier archived at closing (在线诉讼规则 第三十五条): read-only from then on. */
  archive?: { on: string; at: Date; by: string };
  /** Reductions of the claim recorded before the end of court investigation (诉讼费用交纳办法 第二十一条), the latest last. */
  claimReductions?: { amountFen: number; on: string }[];
  panel?: {
    presiding: { openid: string; name: string };
    members: { openid: string; name: string }[];
    clerk?: { openid: string; name: string };
    draw: { seed: string; candidates: string[] };
  };
  hearings: HearingRecord[];
  documents: CaseDocument[];
  /** Who acts for each legal-person party on the platform, with the papers that prove it. */
  representations?: RepresentationRecord[];
  /** Lawyers who joined as a party's agent (诉讼代理人), confirmed, changed or revoked (民事诉讼法 第六十一条至第六十三条). */
  agencies?: AgencyRecord[];
  /** Who consented to electronic service, and whether they confirmed the address (民诉法解释 第一百三十六条). */
  eService: Record<string, { consent: boolean; addressConfirmed: boolean }>;
  /** The code printed on the acceptance notice's QR code, for the public case query. */
  publicCode: string;
  chain: ChainHead;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A decision of the court that ends a case or a part of it (判决书、裁定书、调解书、司法确认裁定):
 * what is served, appealed, takes effect and can be enforced. Kept on the case, in issue order.
 */
export interface DecisionRecord {
  id: string;
  kind: 'judgment' | 'ruling' | 'mediation-statement' | 'confirmation-ruling';
  title: string;
  /** The decision's document in `documents` (its file is hashed there). */
  documentId: string;
  /** The date the decision bears (YYYY-MM-DD, China time). */
  issuedOn: string;
  /** When it took effect: the last appeal period run out, or the last signed receipt of a 调解书. */
  effectiveOn?: string;
  /**
   * What it orders, in structured terms, so that enforcement can start from it: who (the debtor's
   * place in `parties`) performs for whom, how much (fen) or what act, by when (YYYY-MM-DD; the
   * two years of 民事诉讼法 第二百五十条 run from it).
   */
  obligations?: Obligation[];
  /** Whether it has content that can be enforced (a dismissal has none). */
  enforceable: boolean;
  /** A property preservation ruling (财产保全裁定, 民事诉讼法 第一百零三条、第一百零四条): carried out at once as a 执保 case. */
  preservation?: boolean;
  /** Its appeal period (民事诉讼法 第一百七十一条): a judgment's, an appealable ruling's; absent, it is final on service. */
  appealKind?: 'judgment' | 'ruling' | null;
  /** Parties with no domicile in China: 30 days to appeal (民事诉讼法 第二百八十六条). */
  abroad?: number[];
  /** The decision's text as signed, kept with the case, from which the published text is anonymised. */
  text?: string;
  /** Appeals filed within each party's own period (上诉). */
  appeals?: AppealRecord[];
  /** Published or withheld online (裁判文书上网规定), once the reviewer confirmed it: the entry in `judgments`. */
  publication?: { state: 'published' | 'withheld'; judgmentId: string; on: string; by: string };
}

/** An appeal (上诉) against a decision, filed online within the party's period. */
export interface AppealRecord {
  party: number;
  on: string;
  at: Date;
  by: string;
  reasons: string;
  /** The part of the decision appealed against, in fen (诉讼费用交纳办法 第十七条), and its fee. */
  amountFen: number;
  feeFen: number;
  feeBasis: string[];
  /** The appeal petition (上诉状), if uploaded, in the dossier. */
  documentId?: string;
}

/** 审结报结: the outcome, its decision, the closing date, the fee list and the publication decision (legal-rules-2 §4.5). */
export interface ClosingRecord {
  outcome: import('#domain/judgments').ClosingOutcome;
  /** The closing date (审限规定（2000） 第十条). */
  on: string;
  dateMethod?: import('#domain/judgments').ClosingDateMethod;
  decisionId?: string;
  /** The ruling's ground (撤诉、按撤诉处理、终结), or the receiving court (移送). */
  ground?: string;
  transferTo?: string;
  fees?: ClosingFees;
  publication?: { decision: 'publish' | 'withhold'; kind: import('#domain/anonymise').PublicationCaseKind; reason?: string };
  by?: string;
  at?: Date;
}

/** The fee list at closing: billed, due after the outcome, each party's share, and the refund to the payer (诉讼费用交纳办法 第五十三条). */
export interface ClosingFees {
  billedFen: number;
  paidFen: number;
  dueFen: number;
  basis: string[];
  shares: { party: number; fen: number }[];
  refund?: { fen: number; ground: import('#domain/fees').RefundGround; by: string };
  /** 移送: the fee prepaid, handed over with the case to the receiving court (诉讼费用交纳办法 第二十四条). */
  handedOver?: { fen: number; to: string };
}

/** A decision as the public reads it (裁判文书公开): published anonymised, or withheld with its reason (第六条). In `judgments`. */
export interface JudgmentRecord {
  _id: string;
  caseId: string;
  caseNumber: string;
  courtId: string;
  courtName: string;
  caseType: string;
  cause: string;
  year: number;
  title: string;
  decidedOn: string;
  effectiveOn: string;
  publishedOn: string;
  state: 'published' | 'withheld';
  /** Published: the anonymised text, and its SHA-256 the reviewer confirmed. */
  text?: string;
  sha256?: string;
  /** Withheld: the reason (第四条). */
  reason?: string;
}

/**
 * A public notice (公告) on the court's announcements list, readable without login: a hearing
 * announcement (开庭公告) or service by public notice (公告送达). Its text never names a party of a
 * hearing that is not public.
 */
export interface AnnouncementRecord {
  _id: string;
  kind: 'hearing' | 'service-by-notice';
  courtId: string;
  caseId: string;
  caseNumber: string;
  title: string;
  /** The public text, as it is shown. */
  body: string;
  publishedAt: Date;
  /** A hearing announcement: when and where it sits. */
  hearing?: { hearingId: string; startsAt: Date; place: string };
  /** Service by public notice: the day the notice period ends (deemed served). */
  periodEndsOn?: string;
  /** Taken down (a hearing moved or cancelled): kept on record, no longer listed. */
  withdrawnAt?: Date;
}

/** One document served on one person (电子送达). */
export interface ServiceRecord {
  _id: string;
  caseId: string;
  caseNumber: string;
  documentId: string;
  title: string;
  /** The party served (its place in the case's parties): the person themself or their agent. */
  party?: number;
  recipient: string;
  recipientRole: CaseRole;
  addressConfirmed: boolean;
  sentAt: Date;
  /** 民诉法 第九十条: arrival at the recipient's platform account. */
  arrivedAt: Date;
  readAt?: Date;
  /** When service took effect (the rule is `servedAt` in `#domain/e-service`). */
  servedAt?: Date;
  sentBy: string;
}

/**
 * One document to be served on a party with no consenting recipient on the platform: on the
 * clerk's list until they record it served by post or in person, or until the party joins
 * and is served on the platform. Kept in `services` beside the electronic ones.
 */
export interface OfflineServiceRecord {
  _id: string;
  channel: 'offline';
  caseId: string;
  caseNumber: string;
  courtId: string;
  documentId: string;
  title: string;
  party: number;
  partyName: string;
  /** The court staff of the case when it was sent: whose list it is on. */
  staff: string[];
  /** For a summons: the hearing day, so that a late service is flagged (民事诉讼法 第一百三十九条). */
  hearingOn?: string;
  /** `withdrawn`: superseded by a later notice before it was served (a hearing moved or cancelled). */
  state: 'awaiting' | 'served' | 'served-online' | 'withdrawn';
  sentAt: Date;
  sentBy: string;
  method?: 'post' | 'in-person' | 'lodged' | 'public-notice';
  /** 留置送达: how the recipient refused, and who witnessed it (民事诉讼法 第八十九条). */
  reason?: string;
  /** 公告送达: the day the notice was published; `servedOn` is the day it is deemed served. */
  announcedOn?: string;
  servedOn?: string;
  reference?: string;
  recordedBy?: string;
  /** The electronic services that replaced it when the party joined. */
  servedOnline?: string[];
}

/** A case's trial limit (审限): its procedure now, and what the president approved (legal-rules-2 §4). */
export interface LimitRecord {
  procedure: LimitProcedure;
  extensions: { months: number; approvedOn: string; approver: 'president' | 'higher-court'; approvedBy?: string; requestId?: string }[];
  excluded: { type: ExcludedKind; from: string; to: string; approvedOn: string; approvedBy?: string; requestId?: string }[];
  /** Simplified converted to ordinary: the start kept, the other half of the fee due (民诉法解释 第一百九十九条、第二百五十八条). */
  conversion?: { on: string; from: 'simplified'; feeDueFen: number; feeDueOn: string };
}

/** A request to extend a trial limit or not to count a period, in the president's (or the higher court's) inbox. */
export interface LimitRequestRecord {
  _id: string;
  caseId: string;
  caseNumber: string;
  courtId: string;
  /** A second extension of ordinary procedure: the higher court decides. */
  higherCourtId?: string;
  kind: 'extension' | 'exclusion';
  months?: number;
  exclusion?: { type: ExcludedKind; from: string; to: string };
  reasons: string;
  requestedBy: string;
  requestedAt: Date;
  requestedOn: string;
  expiresOn: string;
  decideBy: string;
  approver: 'president' | 'higher-court';
  state: 'pending' | 'approved' | 'refused';
  decision?: { by: string; at: Date; on: string; reason?: string };
}

/** One entry of a case's deliberation (合议笔录, 副卷): never shown to a party; each hashed onto the one before. */
export interface DeliberationRecord {
  _id: string;
  caseId: string;
  courtId: string;
  seq: number;
  question: string;
  note: string;
  vote?: 'agree' | 'disagree' | 'abstain';
  by: string;
  byName: string;
  byRole: string;
  at: Date;
  prevHash: string;
  hash: string;
}

/** One mediator on a court's roster (在线调解规则 第五条), with the profile the platform publishes. */
export interface MediatorRecord extends MediatorProfile {
  /** `<courtId>:<openid>`. */
  _id: string;
  courtId: string;
  /** The mediator's WeChat account: a judge's or a roster mediator's staff account. */
  openid: string;
  active: boolean;
  /** Open mediations, for the office's designation and the workbench. */
  caseload: number;
  updatedAt: Date;
  updatedBy: string;
}

/** A party to a mediation: who they are, how the platform reaches them, and whether they consented. */
export interface MediationParty {
  name: string;
  kind: 'natural' | 'legal';
  /** `plaintiff` is the applicant (申请人), `defendant` the respondent (被申请人): the sides the authorization model knows. */
  role: 'plaintiff' | 'defendant';
  /** Keyed hash of the ID number or credit code, to recognise the respondent when they answer. */
  idLookup?: string;
  mobileMasked?: string;
  /** 调解规则 第八条、第十七条: the e-service address confirmed. */
  addressConfirmed?: boolean;
  consentedAt?: Date;
  refusedAt?: Date;
}

/** A statement made in mediation: never evidence later (调解规则 第十八条), sealed from the other side when in caucus. */
export interface MediationStatement {
  at: Date;
  by: string;
  byRole: string;
  text: string;
  session: string;
  /** A caucus (背靠背) with one party: only that side and the mediator read it. */
  caucus?: number;
}

/**
 * One mediation, before filing (诉前调解) or inside a case (诉中调解), from application to its end.
 * Its events form a chain of its own under its id (`case_events`, like a case's); a mediation
 * inside a case also records its start and end on the case's chain.
 */
export interface MediationRecord {
  _id: string;
  /** The electronic services of its documents read by their addressees (`service-read`), each once: what a read on another device checks. */
  readServices?: string[];
  /** Before filing: its number, （2026）粤0106民诉前调1号. */
  number?: string;
  stage: MediationStage;
  track: MediationTrack;
  courtId: string;
  courtCode: string;
  courtName: string;
  divisionId?: string;
  caseId?: string;
  caseNumber?: string;
  cause: string;
  summary: string;
  amountFen: number;
  parties: MediationParty[];
  /** Pre-filing: the applicant, the respondent once joined, the mediator. In a case the case's members count too. */
  members: CaseMember[];
  materials: StoredFile[];
  state: MediationState;
  /** The working-day step now running and its last day (调解规则 第十条、第十二条、第十五条). */
  step?: { kind: 'joint-choice' | 'designation' | 'acceptance' | 'respondent'; dueOn: string };
  choices?: Record<string, string>;
  mediator?: { openid: string; name: string; by: 'parties' | 'court'; acceptedOn?: string };
  declined?: { openid: string; reason: string; at: Date }[];
  disclosures?: { text: string; at: Date; objectedBy?: string }[];
  period?: { startOn: string; endOn: string; extendedTo: string[]; excluded: { from: string; to: string }[]; extensionDays: number };
  sessions?: { id: string; mode: 'online' | 'text' | 'async'; caucus?: number; openedAt: Date; attended: { openid: string; faceAt: Date }[] }[];
  statements?: MediationStatement[];
  agreement?: {
    version: number;
    terms: AgreementTerm[];
    feeBearing?: string;
    text: string;
    sha256: string;
    /** Set at the first signature: from then on the text cannot change (调解规则 第十九条). */
    frozenAt?: Date;
    /** Each an e-signature (`#domain/e-signature`) on the version's SHA-256; `role` is `party:<i>` or `mediator`, `for` the party an agent signed for. */
    signatures: (ESignature & { for?: string; on: string })[];
    effectiveOn?: string;
  };
  /** 调解书 (in a case): served for signature; effective on the last signed receipt (民事诉讼法 第一百条; 民诉法解释 第一百四十九条). */
  statement?: {
    documentId: string;
    issuedOn: string;
    /** Each party's receipt: signed on the platform by the party or its agent (`openid`), or on the paper proof of service the clerk recorded (`serviceId`). */
    receipts: { party: number; openid: string; on: string; at: Date; serviceId?: string }[];
    effectiveOn?: string;
  };
  end?: { outcome: 'agreed' | 'failed' | 'terminated'; reason?: TerminationReason; facts?: string; costConduct?: string; by: string; at: Date };
  confirmation?: {
    applications: { party: number; openid: string; at: Date }[];
    dueOn: string;
    caseNumber?: string;
    acceptedOn?: string;
    /** The division of the judge who accepted it (the mediation itself takes none). */
    divisionId?: string;
    decisionDueOn?: string;
    extended?: boolean;
    refused?: { bar: string; by: string; at: Date };
    ruling?: { valid: boolean; reason?: string; on: string; by: string; enforceable: boolean };
  };
  /** The filing made from a failed pre-filing mediation. */
  filingId?: string;
  /** The 民特 case's documents served on the parties (the confirmation ruling), rendered from the mediation on first read. */
  documents?: CaseDocument[];
  /** The confirmation ruling as a decision enforcement can start from (民事诉讼法 第二百零六条). */
  decisions?: DecisionRecord[];
  chain: ChainHead;
  createdAt: Date;
  updatedAt: Date;
}

/** One step of an enforcement case (legal-rules-2 §3.3): its limit from its trigger, and the executor's acts on it. */
export interface EnforcementStep {
  id: string;
  kind: import('#domain/enforcement').StepKind;
  triggerOn: string;
  dueOn: string;
  doneOn?: string;
  urgent?: boolean;
  realEstate?: boolean;
  amountFen?: number;
  acts: { at: Date; by: string; note?: string; done?: boolean }[];
  /** The due day whose overrun the sweep recorded (once per due day; a new date may overrun again). */
  overdueNoted?: string;
}

/** An urge (催办) on an overdue step: answered by the executor with a reason and a new date, or escalated when not answered in time. */
export interface EnforcementUrge {
  id: string;
  stepId: string;
  note: string;
  by: string;
  level: 'division-leader' | 'president';
  at: Date;
  answerDueAt: Date;
  answer?: { reason: string; newDueOn: string; at: Date; by: string };
  escalatedAt?: Date;
}

/**
 * An enforcement case (执行案件), from the application to its closing, in `enforcements`. Its
 * events are in `case_events` under its id; its executor's logs in `enforcement_logs`.
 */
export interface EnforcementRecord {
  _id: string;
  typeCode: '执' | '执恢' | '执保';
  caseNumber?: string;
  courtId: string;
  courtCode: string;
  courtName: string;
  /** The enforcement bureau (its 局长 is the division leader). */
  divisionId?: string;
  state: 'applied' | 'refused' | 'filed' | 'in-progress' | 'settled' | 'closed';
  source: { caseId: string; caseNumber: string; decisionId: string; title: string };
  /** A decision of another court, uploaded by the applicant: hashed, and checked by the filing officer before filing. */
  uploaded?: {
    court: string;
    file: StoredFile;
    effectiveOn: string;
    jurisdiction: 'domicile' | 'property';
    checked?: { by: string; on: string };
  };
  parties: { role: 'applicant' | 'respondent'; name: string }[];
  members: CaseMember[];
  amountFen: number;
  act?: string;
  appliedOn: string;
  /**
   * The period of application (民事诉讼法 第二百五十条): for a 执恢 case after a breached settlement, from the
   * settlement's last performance day (民诉法解释 第四百六十六条; 执行和解规定 第十条); after 终本, none
   * (`unlimited`, 民诉法解释 第五百一十七条).
   */
  application: { performanceDueOn: string; lastDay: string; late: boolean; unlimited?: true };
  leads?: string;
  urgent?: boolean;
  refusal?: { reason: string; on: string; by: string };
  filedOn?: string;
  fee?: { feeFen: number; basis: string[] };
  executor?: { openid: string; name: string };
  draw?: { seed: string; candidates: { openid: string; caseload: number }[] };
  assignedOn?: string;
  steps: EnforcementStep[];
  exclusions: import('#domain/enforcement').Exclusion[];
  extensions: { months: number; by: string; at: Date; reason: string }[];
  urges: EnforcementUrge[];
  /** The earliest answer time of the urges unanswered and not escalated: what the sweep looks for. */
  pendingUrgeDueAt?: Date | null;
  /** 执行异议 (民事诉讼法 第二百三十六条) and 案外人异议 (第二百三十八条), each a 执异 case; absent kind: an act objection filed before kinds were kept. */
  objections: {
    id: string;
    kind?: 'act' | 'outsider';
    caseNumber?: string;
    reason: string;
    by: string;
    filedOn: string;
    reviewDueOn: string;
    stepId?: string;
    object?: string;
    proofs?: StoredFile[];
    ruling?: { sustained: boolean; reason: string; on: string; by: string; remedy: string; remedyDueOn?: string };
  }[];
  records?: {
    id: string;
    kind: 'record' | 'inventory';
    stepId?: string;
    text: string;
    present: { name: string; capacity: string; signed: boolean }[];
    items?: { name: string; quantity: string }[];
    file?: StoredFile;
    at: Date;
    by: string;
  }[];
  receivedFen: number;
  paidFen: number;
  settlement?: { on: string; lastPerformanceOn?: string };
  /**
   * What 终结本次执行程序 needs beside the facts (终本规定 第一条第（五）项): the applicant's own written
   * consent, or the panel's view with the president's approval, each recorded by the one who gives it.
   */
  terminationConsent?: { by: string; at: Date };
  terminationApproval?: { by: string; at: Date; reason: string };
  closing?: {
    method: import('#domain/enforcement').ClosingMethod;
    on: string;
    by: string;
    reason?: string;
    checklist?: { condition: string; label: string; met: boolean }[];
  };
  searches: { on: string; found: boolean; by: string }[];
  nextSearchOn?: string | null;
  resumedFrom?: string;
  resumedAs?: string;
  /** The earliest due day of the open steps: the dashboard's order. */
  nextDueOn?: string | null;
  /** The day the sweep last looked at the case (it is not looked at again that day). */
  sweptOn?: string;
  chain: ChainHead;
  createdAt: Date;
  updatedAt: Date;
}

/** One executor's log (执行日志): captured on the phone, kept once by the phone's own id. */
export interface EnforcementLogRecord {
  _id: string;
  enforcementId: string;
  clientId: string;
  kind: 'text' | 'photo' | 'video';
  stepId?: string;
  capturedAt: Date;
  uploadedAt: Date;
  place?: { latitude: number; longitude: number; name?: string | undefined };
  file?: StoredFile;
  text?: string;
  internal?: string;
  public: boolean;
  by: string;
}

/**
 * The deadline reminders a person accepted on the phone (wx.requestSubscribeMessage), in
 * `subscriptions/<openid>`: a one-time subscription allows one message per acceptance, so each
 * template's count goes up with every acceptance and down with every reminder sent.
 */
export interface SubscriptionRecord {
  _id: string;
  remaining: Partial<Record<import('#domain/case-deadlines').ReminderTemplate, number>>;
  /** The sum of `remaining`: what the daily run looks for. */
  total: number;
  updatedAt: Date;
}

/** One reminder of one deadline to one person, in `reminders`; its id follows from what it is, so it is sent once. */
export interface ReminderRecord {
  _id: string;
  openid: string;
  caseId: string;
  kind: import('#domain/case-deadlines').RemindedKind;
  date: string;
  template: import('#domain/case-deadlines').ReminderTemplate;
  state: 'sending' | 'sent' | 'failed';
  at: Date;
  sentAt?: Date;
}
