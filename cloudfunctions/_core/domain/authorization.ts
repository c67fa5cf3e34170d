/*
 * Who may read and do what: the one authorization model. Every use case asks it, through
 * `authorize` in usecases/access.ts; nothing else decides access.
 *
 * A person holds global roles (GlobalRoles: a party or lawyer from `users`, court staff from
 * `staff` with their court and division). On a matter — a case, a filing, a bankruptcy — they
 * hold case roles as its members, and unit roles by where they sit: the leader of the matter's
 * division (the enforcement bureau's 局长 leads the enforcement division), the president of its
 * court, a registrar or judge of its court. Each permission names the case roles and unit roles
 * that carry it and, for an agent (诉讼代理人), the power its power of attorney must grant
 * (民事诉讼法 第六十二条). Court and division boundaries hold for every staff grant: staff hold a
 * role on a matter only while active, and only in the matter's own court.
 */
import type { GlobalRole } from '../contract/base';
import { AgentPowers, type AgentPower } from './agents';

/** Roles a person holds on one matter, as its members list them. */
export const CaseRoles = {
  plaintiff: '原告',
  defendant: '被告',
  'third-party': '第三人',
  agent: '诉讼代理人',
  'presiding-judge': '审判长（承办法官）',
  'panel-member': '合议庭成员',
  clerk: '书记员',
  executor: '执行法官',
  registrar: '立案法官',
  mediator: '调解员',
  administrator: '破产管理人',
  // An enforcement case's parties (民事诉讼法 第二百四十七条).
  applicant: '申请执行人',
  respondent: '被执行人',
} as const;
export type CaseRole = keyof typeof CaseRoles;

/** The parties themselves (民事诉讼法 第五十一条、第五十九条). */
export const PartyRoles = ['plaintiff', 'defendant', 'third-party'] as const;
export type PartyRole = (typeof PartyRoles)[number];

/** A party's side of a case: the parties and their agents. */
export const PARTY_SIDE: readonly CaseRole[] = [...PartyRoles, 'agent'];
/** An enforcement case's parties and their agents. */
export const ENFORCEMENT_SIDE: readonly CaseRole[] = ['applicant', 'respondent', 'agent'];
/** The panel and its clerk: who hear the case and serve its documents. */
export const PANEL: readonly CaseRole[] = ['presiding-judge', 'panel-member', 'clerk'];

/** Roles court staff hold on a matter: they count only while the person is active staff of the matter's court. */
const STAFF_CASE_ROLES: ReadonlySet<CaseRole> = new Set(['presiding-judge', 'panel-member', 'clerk', 'executor', 'registrar', 'mediator', 'administrator']);

export interface CaseMember {
  openid: string;
  role: CaseRole;
  /** For a party or an agent: the party (its place in the matter's parties) they are or act for. */
  for?: string;
  /** For an agent: the powers its power of attorney grants (民事诉讼法 第六十二条); none named, none of the special ones. */
  powers?: readonly AgentPower[];
  /** An agent's mandate revoked or changed (民事诉讼法 第六十三条): from this instant the member holds nothing. */
  revokedAt?: Date;
}

/**
 * Roles held by where one sits, not by being named on the matter. `staffRole` is the global role
 * it needs, `scope` how far it reaches: the matter's court, or its court and division.
 */
export const UnitRoles = {
  'division-leader': { label: '本庭庭长（执行局局长）', staffRole: 'leader', scope: 'division' },
  president: { label: '本院院长（分管副院长）', staffRole: 'president', scope: 'court' },
  'court-registrar': { label: '本院立案法官', staffRole: 'registrar', scope: 'court' },
  'court-judge': { label: '本院法官', staffRole: 'judge', scope: 'court' },
  'court-clerk': { label: '本院书记员', staffRole: 'clerk', scope: 'court' },
  'court-administrator': { label: '本院名册中的破产管理人', staffRole: 'administrator', scope: 'court' },
  'court-mediation-office': { label: '本院调解办公室（诉调对接中心）', staffRole: 'mediation-office', scope: 'court' },
  // 延长审限规定 第一条: a second extension of ordinary procedure is decided by the higher court.
  'higher-court-president': { label: '上级法院院长（分管副院长）', staffRole: 'president', scope: 'higher-court' },
} as const satisfies Record<string, { label: string; staffRole: GlobalRole; scope: 'court' | 'division' | 'higher-court' }>;
export type UnitRole = keyof typeof UnitRoles;

/** What a permission applies to: a case (or a filing that became one), a filing not yet a case, a bankruptcy, the caller's own court, or a mediation (before filing, or inside a case with the case's members). */
export type MatterKind = 'case' | 'filing' | 'bankruptcy' | 'court' | 'mediation';

export interface PermissionRule {
  /** What the permission is, in the court's words (it completes "无权…"). */
  label: string;
  on: MatterKind;
  /** Case roles that carry it. */
  case: readonly CaseRole[];
  /** Unit roles that carry it. */
  unit?: readonly UnitRole[];
  /** Global roles that carry it wherever one is (acting as a lawyer at all). */
  global?: readonly GlobalRole[];
  /** The power an agent's power of attorney must grant. */
  power?: AgentPower;
  /** Only parties on these sides, and agents acting for them. */
  side?: readonly PartyRole[];
  /** What a refused caller reads, where the general wording would not tell them what is missing. */
  refusal?: string;
  /**
   * Held still by an agent whose mandate has ended, once the case is closed and archived: the main
   * file is open to the former agent for a retrial application (律师阅卷规定 第一条、第五条; the
   * 副卷 — deliberation — never is, and every read is recorded in place of the reading slip).
   */
  formerAgent?: boolean;
}

const rule = (r: PermissionRule) => r;
const READERS_OF_CASE: readonly CaseRole[] = [...PARTY_SIDE, ...PANEL, 'executor', 'registrar', 'mediator'];

/**
 * The permission table. The design notes' table (cloudfunctions/README.md) is generated from it
 * (`npm run api`); a unit test holds the two together. A permission not yet called by an action
 * is here for the module being built on it: its callers are decided once, here.
 */
export const Permissions = {
  // Reading a case.
  'case.read': rule({ label: '查看本案', on: 'case', case: READERS_OF_CASE, unit: ['division-leader', 'president'] }),
  'case.verify': rule({ label: '核验本案记录', on: 'case', case: READERS_OF_CASE, unit: ['division-leader', 'president'] }),
  'dossier.read': rule({
    label: '阅卷',
    on: 'case',
    case: [...PARTY_SIDE, ...PANEL, 'registrar', 'mediator'],
    unit: ['division-leader', 'president'],
    formerAgent: true,
  }),
  'evidence.read': rule({ label: '查看证据', on: 'case', case: [...PARTY_SIDE, ...PANEL, 'registrar', 'mediator'], unit: ['division-leader', 'president'] }),
  'message.read': rule({ label: '查看本案留言', on: 'case', case: [...PARTY_SIDE, ...PANEL] }),
  // A party's acts.
  'evidence.add': rule({ label: '提交证据', on: 'case', case: PARTY_SIDE }),
  'evidence.opinion': rule({ label: '发表质证意见', on: 'case', case: PARTY_SIDE }),
  'fee.pay': rule({ label: '缴纳诉讼费', on: 'case', case: ['plaintiff', 'agent'], side: ['plaintiff'] }),
  // 司法救助 (诉讼费用交纳办法 第四十八条): the one who owes the fee applies; the applications, with their proof of hardship, are not the other side's to read.
  'fee.aid-apply': rule({ label: '申请司法救助', on: 'case', case: ['plaintiff', 'agent'], side: ['plaintiff'] }),
  'fee.aid-read': rule({
    label: '查看司法救助申请',
    on: 'case',
    case: ['plaintiff', 'agent', ...PANEL, 'registrar'],
    side: ['plaintiff'],
    unit: ['court-registrar'],
  }),
  'message.send': rule({ label: '在本案留言', on: 'case', case: [...PARTY_SIDE, ...PANEL] }),
  'service.receive': rule({ label: '接受送达', on: 'case', case: PARTY_SIDE, power: 'receive-service' }),
  'claim.admit': rule({ label: '承认诉讼请求', on: 'case', case: PARTY_SIDE, power: 'admit' }),
  'claim.waive': rule({ label: '放弃诉讼请求或撤诉', on: 'case', case: PARTY_SIDE, power: 'waive' }),
  'claim.modify': rule({ label: '变更诉讼请求', on: 'case', case: PARTY_SIDE, power: 'modify' }),
  'counterclaim.file': rule({ label: '提起反诉', on: 'case', case: PARTY_SIDE, power: 'counterclaim', side: ['defendant'] }),
  'appeal.file': rule({ label: '提起上诉', on: 'case', case: PARTY_SIDE, power: 'appeal' }),
  'settlement.make': rule({ label: '和解', on: 'case', case: PARTY_SIDE, power: 'settle' }),
  'mediation.sign': rule({ label: '签署调解协议、签收调解书', on: 'mediation', case: PARTY_SIDE, power: 'sign-mediation' }),
  'enforcement.collect': rule({ label: '领取执行款', on: 'case', case: [...PARTY_SIDE, 'applicant'], power: 'exec-collect-money' }),
  'enforcement.settle': rule({ label: '执行和解', on: 'case', case: [...PARTY_SIDE, 'applicant', 'respondent'], power: 'exec-settle' }),
  'enforcement.waive': rule({ label: '执行中放弃、变更民事权利', on: 'case', case: [...PARTY_SIDE, 'applicant'], power: 'exec-waive-modify' }),
  // 诉讼代理人 (民事诉讼法 第六十一条至第六十三条): a lawyer applies to act for a party with its power of attorney;
  // the party itself (only for its own agents) or the panel on the paper confirms, changes or revokes; an agent may withdraw itself.
  'agent.join': rule({ label: '作为诉讼代理人参加诉讼', on: 'case', case: [], global: ['lawyer'], refusal: '作为诉讼代理人参加诉讼须为经法院审核通过的律师' }),
  'agent.manage': rule({ label: '确认、变更或解除诉讼代理人', on: 'case', case: [...PARTY_SIDE, ...PANEL] }),
  // The court's acts on a case.
  'case.assign': rule({ label: '分案', on: 'case', case: [], unit: ['division-leader', 'court-registrar'] }),
  'hearing.schedule': rule({ label: '排期开庭', on: 'case', case: ['presiding-judge', 'clerk'] }),
  // 在线庭审: the parties' side attends; the panel and clerk conduct; the judges rule (在线诉讼规则 第二十一条、第二十五条).
  'hearing.attend': rule({ label: '参加庭审（选择庭审方式、签到、补正和签名确认笔录）', on: 'case', case: PARTY_SIDE }),
  'hearing.enter': rule({ label: '进入本案庭审', on: 'case', case: [...PARTY_SIDE, ...PANEL] }),
  'hearing.conduct': rule({ label: '主持庭审（准许进入、记录庭审、制作笔录）', on: 'case', case: PANEL }),
  'hearing.rule': rule({ label: '决定在线庭审的障碍及拒不到庭、中途退庭', on: 'case', case: ['presiding-judge', 'panel-member'] }),
  // 民事诉讼法 第一百三十七条; 直播录播庭审规定 第五条: the judges decide a private hearing and propose a broadcast, the court's leader approves it.
  'hearing.publicity': rule({ label: '决定不公开审理、提请庭审直播', on: 'case', case: ['presiding-judge', 'panel-member'] }),
  'broadcast.decide': rule({ label: '批准庭审直播', on: 'case', case: [], unit: ['president'] }),
  'service.send': rule({ label: '送达文书', on: 'case', case: PANEL }),
  'service.record': rule({ label: '登记线下送达', on: 'case', case: PANEL }),
  // 诉讼费用交纳办法 第四十八条: the court decides on 司法救助 at filing (its registrars) or in the case (its presiding judge).
  'fee.aid-decide': rule({ label: '决定司法救助', on: 'case', case: ['presiding-judge', 'registrar'], unit: ['court-registrar'] }),
  'fee.refund': rule({ label: '退还诉讼费', on: 'case', case: ['presiding-judge', 'panel-member', 'clerk'] }),
  'representation.examine': rule({ label: '审核代表资格', on: 'case', case: [...PANEL, 'registrar'] }),
  'deliberation.read': rule({ label: '查看合议', on: 'case', case: ['presiding-judge', 'panel-member'], unit: ['president'] }),
  // The judges record their own views and votes: a note no clerk could read back is not his to write.
  'deliberation.write': rule({ label: '记录合议', on: 'case', case: ['presiding-judge', 'panel-member'] }),
  'limit.request': rule({ label: '申请延长审限', on: 'case', case: ['presiding-judge'] }),
  'limit.decide': rule({ label: '审批延长审限', on: 'case', case: [], unit: ['president'] }),
  'limit.decide-higher': rule({ label: '审批再次延长审限（上级法院）', on: 'case', case: [], unit: ['higher-court-president'] }),
  'case.close': rule({ label: '结案', on: 'case', case: ['presiding-judge'] }),
  // 裁判文书上网规定 第三条、第四条、第十二条: the division leader or the president confirms what is published, anonymised, or withheld.
  'judgment.publish': rule({ label: '审核裁判文书公开', on: 'case', case: [], unit: ['division-leader', 'president'] }),
  'case.supervise': rule({ label: '督办（催办）', on: 'case', case: [], unit: ['division-leader', 'president'] }),
  'mediation.conduct': rule({ label: '主持调解', on: 'mediation', case: ['mediator', 'presiding-judge'] }),
  'enforcement.act': rule({ label: '办理执行事项', on: 'case', case: ['executor'] }),
  // Enforcement (执行): applied for from a decision of the case, filed by a registrar (or the bureau's leader), seen by its parties.
  'enforcement.apply': rule({ label: '申请执行', on: 'case', case: PARTY_SIDE }),
  'enforcement.file': rule({ label: '执行立案审查', on: 'case', case: [], unit: ['court-registrar', 'division-leader'] }),
  'enforcement.read': rule({ label: '查看执行案件', on: 'case', case: [...ENFORCEMENT_SIDE, 'executor'], unit: ['division-leader', 'president'] }),
  'enforcement.object': rule({ label: '提出执行异议', on: 'case', case: ENFORCEMENT_SIDE }),
  // 终本规定 第一条第（五）项: the applicant's own written consent (not an agent's: no power of item 20 covers it), or the president's approval.
  'enforcement.consent-termination': rule({ label: '同意终结本次执行程序', on: 'case', case: ['applicant'] }),
  'enforcement.approve-termination': rule({ label: '批准终结本次执行程序', on: 'case', case: [], unit: ['president'] }),
  // 民事诉讼法 第二百三十八条: anyone (verified) claiming a right in the object of enforcement; the bureau reviews objections.
  'enforcement.outsider-object': rule({
    label: '提出案外人异议',
    on: 'case',
    case: [],
    global: ['party', 'lawyer'],
    refusal: '请先完成实名认证后再提出案外人异议',
  }),
  // 民事诉讼法 第二百三十五条第二款: a decision of another court is enforced where the debtor lives or its property is; any verified person may apply with it.
  'enforcement.apply-upload': rule({ label: '依外院生效法律文书申请执行', on: 'court', case: [], global: ['party'], refusal: '请先完成实名认证后再申请执行' }),
  'enforcement.rule-objection': rule({ label: '审查执行异议并作出裁定', on: 'case', case: [], unit: ['division-leader', 'president'] }),
  // A mediation (在线调解规则): its parties, its mediator, in a case the panel; the court's mediation office.
  // What is said in a caucus is sealed from the other side (在线调解规则 第十八条; 民诉法解释 第一百四十六条).
  'mediation.read': rule({
    label: '查看调解',
    on: 'mediation',
    case: [...PARTY_SIDE, 'mediator', ...PANEL],
    unit: ['court-mediation-office', 'division-leader', 'president'],
  }),
  'mediation.respond': rule({ label: '同意或拒绝调解、选择调解员', on: 'mediation', case: PARTY_SIDE }),
  'mediation.manage': rule({ label: '审查调解申请、指定调解员', on: 'mediation', case: ['presiding-judge'], unit: ['court-mediation-office'] }),
  'mediation.file': rule({ label: '调解不成后网上立案', on: 'mediation', case: ['plaintiff', 'agent'], side: ['plaintiff'] }),
  'mediation.roster': rule({ label: '维护调解员名册', on: 'court', case: [], unit: ['court-mediation-office'] }),
  // 民事诉讼法 第二百零五条: the court of the inviting court decides a confirmation; its president approves an extension (司法确认程序规定 第五条).
  // The judge who accepts an application is the 民特 case's 承办法官 (presiding-judge on the mediation): he reads the
  // mediation and rules; no other judge of the court reads what was said in it (民诉法解释 第一百四十六条).
  'confirmation.decide': rule({ label: '审查司法确认申请', on: 'mediation', case: [], unit: ['court-judge'] }),
  'confirmation.rule': rule({ label: '作出司法确认裁定', on: 'mediation', case: ['presiding-judge'] }),
  'confirmation.extend': rule({ label: '批准延长司法确认审查期限', on: 'mediation', case: [], unit: ['president'] }),
  // A filing before it becomes a case: its filer, and the registrars of its court.
  'filing.read': rule({ label: '查看立案申请', on: 'filing', case: [...PARTY_SIDE, 'registrar'], unit: ['court-registrar'] }),
  'filing.review': rule({ label: '审查立案申请', on: 'filing', case: [], unit: ['court-registrar'] }),
  'filing.record-service': rule({ label: '登记裁定的线下送达', on: 'filing', case: [], unit: ['court-registrar'] }),
  'filing.file-as-agent': rule({ label: '代为立案', on: 'filing', case: [], global: ['lawyer'], refusal: '代为立案须为经法院审核通过的律师' }),
  // The caller's own court.
  'filing.review-queue': rule({ label: '查看待审查的立案申请', on: 'court', case: [], unit: ['court-registrar'] }),
  'enforcement.dashboard': rule({ label: '查看执行督办看板', on: 'court', case: [], unit: ['division-leader', 'president'] }),
  'limit.inbox': rule({ label: '查看审限审批事项', on: 'court', case: [], unit: ['president'] }),
  // 工作台: a judge's or clerk's own cases by their deadlines; the unit's, for its leader (his division) and the president (the court).
  'workbench.own': rule({ label: '查看本人承办案件的期限', on: 'court', case: [], unit: ['court-judge', 'court-clerk'] }),
  // Deadline reminders by subscribe message: a party's or a lawyer's own consent (wx.requestSubscribeMessage).
  'reminders.subscribe': rule({
    label: '订阅期限提醒',
    on: 'court',
    case: [],
    global: ['party', 'lawyer'],
    refusal: '期限提醒供当事人和律师订阅',
  }),
  'workbench.unit': rule({ label: '查看本庭（本院）案件的期限', on: 'court', case: [], unit: ['division-leader', 'president'] }),
  'service.offline-list': rule({ label: '查看待线下送达的文书', on: 'court', case: [], unit: ['court-judge', 'court-clerk', 'court-registrar'] }),
  // A bankruptcy (the claims plug-in): its court and its administrators.
  // 企业破产法 第三条: the court where the debtor is domiciled hears its bankruptcy.
  'claims.open': rule({
    label: '开放债权申报',
    on: 'bankruptcy',
    case: [],
    unit: ['court-judge', 'court-administrator'],
    refusal: '该破产案件不属于您所在的法院',
  }),
  'claims.review': rule({ label: '审查债权', on: 'bankruptcy', case: ['administrator'] }),
  'claims.table': rule({ label: '查看债权表', on: 'bankruptcy', case: ['administrator'], unit: ['court-judge'] }),
} as const satisfies Record<string, PermissionRule>;
export type Permission = keyof typeof Permissions;
export const PERMISSIONS = Object.keys(Permissions) as Permission[];

/**
 * 在线诉讼规则 第三十五条: a closed case's e-dossier is archived, and read-only from then on. What
 * still acts on it: reading it, serving and receiving its decision, appealing within the period,
 * applying for enforcement of it, the fee refund, closing's own steps and publication, and the
 * parties' agents (confirmed, changed or revoked). Every other permission on an archived case is
 * refused (`archiveRefusal`).
 */
export const OPEN_AFTER_ARCHIVE: ReadonlySet<Permission> = new Set<Permission>([
  'case.read',
  'case.verify',
  'dossier.read',
  'evidence.read',
  'message.read',
  'deliberation.read',
  'mediation.read',
  'enforcement.read',
  'service.send',
  'service.record',
  'service.receive',
  'appeal.file',
  'enforcement.apply',
  'fee.refund',
  // The fee the decision leaves to be paid, and the payer's fee record.
  'fee.pay',
  'case.close',
  'judgment.publish',
  // Who acts and receives service for a party while its decision is served and appealed: a mandate
  // ends, or gains the power to appeal, whenever the party says so (民事诉讼法 第六十二条、第六十三条).
  'agent.manage',
]);

/** What a caller reads when a permission is refused on an archived case (null: it still acts). */
export function archiveRefusal(permission: Permission | PermissionRule): string | null {
  if (typeof permission === 'string' && OPEN_AFTER_ARCHIVE.has(permission)) return null;
  return `本案已结案归档，电子卷宗只读，不能再${ruleOf(permission).label}（在线诉讼规则 第三十五条）`;
}

export function isPermission(name: string): name is Permission {
  return Object.prototype.hasOwnProperty.call(Permissions, name);
}

/** The caller as the model sees them: who, their global roles, and where they sit. */
export interface Subject {
  openid: string;
  roles: ReadonlySet<GlobalRole>;
  staff: { courtId: string; divisionId?: string | undefined; roles: readonly GlobalRole[]; active: boolean } | null;
}

/** What the model needs of a matter: its court and division, its members, its parties' sides, and who acts for a legal person unexamined. */
export interface Matter {
  courtId: string;
  divisionId?: string | undefined;
  /** The court above the matter's court (上一级法院), for what the higher court decides. */
  higherCourtId?: string | undefined;
  members: readonly CaseMember[];
  parties?: readonly { role: string }[];
  /** Those who joined for a legal-person party: until the court examines their papers they hold nothing. */
  representations?: readonly { openid: string; party: number; examined?: unknown }[];
  /** Set when the closed case's e-dossier is archived (在线诉讼规则 第三十五条). */
  archive?: unknown;
}

/** How a permission is held: as a member of the matter, or by a unit role, or by a global role. */
export type Grant = { via: 'case'; role: CaseRole; member: CaseMember } | { via: 'unit'; role: UnitRole } | { via: 'global'; role: GlobalRole };

export type Decision =
  | { ok: true; grants: readonly [Grant, ...Grant[]] }
  /** `pending`: the caller acts for a legal person whose papers are unexamined; `power`: an agent lacks the power named. */
  | { ok: false; refusal: 'stranger' | 'pending' | 'power'; power?: AgentPower };

/** An agent holds a power when its power of attorney names it; an ordinary one also when it names no powers at all (一般授权). */
export function holdsPower(member: Pick<CaseMember, 'powers'>, power: AgentPower): boolean {
  if (member.powers === undefined) return !AgentPowers[power].special;
  return member.powers.includes(power);
}

/** The side a member is on: a party's own role, or the role of the party an agent acts for. */
export function sideOf(matter: Pick<Matter, 'parties'>, member: CaseMember): PartyRole | undefined {
  const role = member.role === 'agent' ? matter.parties?.[Number(member.for)]?.role : member.role;
  return (PartyRoles as readonly string[]).includes(role ?? '') ? (role as PartyRole) : undefined;
}

/**
 * 民事诉讼法 第五十一条、民诉法解释 第五十条: a legal person acts through its registered
 * representative, whose papers the court examines. One who joined for it and whose papers are
 * not examined yet is not yet the party's representative.
 */
export function awaitsExamination(matter: Pick<Matter, 'representations'>, member: CaseMember): boolean {
  if (!(PartyRoles as readonly string[]).includes(member.role)) return false;
  return (matter.representations ?? []).some((r) => r.openid === member.openid && String(r.party) === member.for && !r.examined);
}

function holdsUnit(subject: Subject, matter: Pick<Matter, 'courtId' | 'divisionId' | 'higherCourtId'>, unit: UnitRole): boolean {
  const { staffRole, scope } = UnitRoles[unit];
  const staff = subject.staff;
  if (scope === 'higher-court')
    return Boolean(staff?.active && matter.higherCourtId && staff.courtId === matter.higherCourtId && staff.roles.includes(staffRole));
  if (!staff?.active || staff.courtId !== matter.courtId || !staff.roles.includes(staffRole)) return false;
  return scope === 'court' || (matter.divisionId !== undefined && staff.divisionId === matter.divisionId);
}

/** What one member's place on the matter gives towards a rule: a grant, or why not. */
function memberGrant(matter: Matter, member: CaseMember, r: PermissionRule, now: Date, staffHere: boolean): Grant | 'stranger' | 'pending' | 'power' {
  if (!r.case.includes(member.role)) return 'stranger';
  if (member.revokedAt && member.revokedAt.getTime() <= now.getTime() && !(r.formerAgent && member.role === 'agent' && matter.archive)) return 'stranger';
  if (STAFF_CASE_ROLES.has(member.role)) return staffHere ? { via: 'case', role: member.role, member } : 'stranger';
  if (awaitsExamination(matter, member)) return 'pending';
  const side = sideOf(matter, member);
  if (r.side && !(side && r.side.includes(side))) return 'stranger';
  if (member.role === 'agent' && r.power && !holdsPower(member, r.power)) return 'power';
  return { via: 'case', role: member.role, member };
}

/**
 * A permission's rule. A function's bundle holds only the rules its own code names (scripts/build.ts,
 * `tablesOfTheBundle`): a name made up at run time would not be there, and is refused loudly here.
 */
function ruleOf(permission: Permission | PermissionRule): PermissionRule {
  if (typeof permission !== 'string') return permission;
  const found: PermissionRule | undefined = Permissions[permission];
  if (!found) throw new Error(`权限 ${permission} 不在本函数的权限表中：权限名须在代码中直接写出`);
  return found;
}

/** Whether `subject` holds `permission` on `matter` at `now`, and how; the grants in the order of the members, then units, then global roles. */
export function decide(subject: Subject, matter: Matter, permission: Permission | PermissionRule, now: Date): Decision {
  const r = ruleOf(permission);
  const staffHere = subject.staff?.active === true && subject.staff.courtId === matter.courtId;
  const grants: Grant[] = [];
  let refusal: 'stranger' | 'pending' | 'power' = 'stranger';
  for (const member of matter.members) {
    if (member.openid !== subject.openid) continue;
    const found = memberGrant(matter, member, r, now, staffHere);
    if (typeof found === 'object') grants.push(found);
    else if (found === 'pending' || (found === 'power' && refusal === 'stranger')) refusal = found;
  }
  for (const unit of r.unit ?? []) if (holdsUnit(subject, matter, unit)) grants.push({ via: 'unit', role: unit });
  for (const role of r.global ?? []) if (subject.roles.has(role)) grants.push({ via: 'global', role });
  const [first, ...rest] = grants;
  if (first) return { ok: true, grants: [first, ...rest] };
  return refusal === 'power' && r.power ? { ok: false, refusal, power: r.power } : { ok: false, refusal };
}

/**
 * Whether one member of a party's side holds `permission` by that membership (a party served, an
 * agent notified): not revoked, not unexamined, within its power. Staff are never asked this way.
 */
export function memberHolds(matter: Matter, member: CaseMember, permission: Permission, now: Date): boolean {
  return !STAFF_CASE_ROLES.has(member.role) && typeof memberGrant(matter, member, ruleOf(permission), now, false) === 'object';
}

/**
 * What a refused caller reads. A stranger learns nothing about the matter, not even whether it
 * exists; a member learns why they may not.
 */
export function refusalMessage(decision: Extract<Decision, { ok: false }>, permission: Permission | PermissionRule): string {
  const { label, on, refusal } = ruleOf(permission);
  if (decision.refusal === 'power' && decision.power) {
    return `您的授权委托书未授予“${AgentPowers[decision.power].label}”的权限，不能${label}（民事诉讼法 第六十二条）`;
  }
  if (decision.refusal === 'pending') return '您为单位参加诉讼提交的证明材料正待法院审核，审核通过后方可查看和办理本案';
  if (refusal) return refusal;
  if (on === 'bankruptcy') return '您不是该破产案件的管理人或受理法院的法官，无权办理';
  if (on === 'court') return `您无权${label}`;
  if (on === 'mediation') return '您不是本次调解的当事人或调解员，无权查看或办理';
  return '您不是本案的当事人或承办人员，无权查看或办理';
}

/** As whom a grant acts in the case's events: the member's own role, or the staff role a unit role rests on. */
export function actingRole(grant: Grant): CaseRole | GlobalRole {
  return grant.via === 'unit' ? UnitRoles[grant.role].staffRole : grant.role;
}
