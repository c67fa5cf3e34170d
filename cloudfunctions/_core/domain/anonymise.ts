/**
 * Publishing judgments online: 最高人民法院关于人民法院在互联网公布裁判文书的规定 (法释〔2016〕19号).
 */

import type { PublicationCaseKind } from './judgments';

export type { PublicationCaseKind };

/** 第四条: what is not published online. */
export function publicationBar(input: {
  kind: PublicationCaseKind;
  stateSecret?: boolean;
  mediated?: boolean;
  mediationConfirmation?: boolean;
}): string | null {
  if (input.stateSecret) return '涉及国家秘密（第四条第（一）项）';
  if (input.kind === 'juvenile-criminal') return '未成年人犯罪（第四条第（二）项）';
  if (input.mediated || input.mediationConfirmation) return '以调解方式结案或者确认人民调解协议效力（第四条第（三）项）';
  if (input.kind === 'divorce' || input.kind === 'custody-guardianship') return '离婚诉讼或者涉及未成年子女抚养、监护（第四条第（四）项）';
  return null;
}

export type PersonRole = 'party' | 'legal-representative' | 'victim' | 'incidental-civil-plaintiff' | 'witness' | 'expert-witness' | 'agent-lawyer' | 'other';

export interface NamedPerson {
  name: string;
  role: PersonRole;
  minor?: boolean;
  /** A minority name keeps its first character only (第九条). */
  ethnicMinority?: boolean;
}

const FAMILY_KINDS: ReadonlySet<PublicationCaseKind> = new Set(['marriage-family', 'inheritance', 'divorce', 'custody-guardianship']);
const CRIMINAL_KINDS: ReadonlySet<PublicationCaseKind> = new Set(['criminal', 'juvenile-criminal']);

/** 第八条: whose name is replaced. */
export function mustPseudonymise(person: NamedPerson, kind: PublicationCaseKind): boolean {
  if (person.minor) return true;
  if (FAMILY_KINDS.has(kind) && (person.role === 'party' || person.role === 'legal-representative')) return true;
  if (CRIMINAL_KINDS.has(kind) && ['victim', 'incidental-civil-plaintiff', 'witness', 'expert-witness'].includes(person.role)) return true;
  return false;
}

const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '申屠',
];

function surnameOf(name: string): string {
  const compound = COMPOUND_SURNAMES.find((s) => name.startsWith(s));
  return compound ?? [...name][0] ?? '';
}

const ORDINALS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

/**
 * 第九条: keep the surname and replace the given name with 某 (a minority name keeps its
 * first character); people sharing a surname become 某甲, 某乙 in order of appearance.
 */
export function pseudonyms(people: readonly NamedPerson[], kind: PublicationCaseKind): Map<string, string> {
  const chosen = people.filter((p) => mustPseudonymise(p, kind));
  const bySurname = new Map<string, NamedPerson[]>();
  for (const person of chosen) {
    const key = person.ethnicMinority ? ([...person.name][0] ?? '') : surnameOf(person.name);
    bySurname.set(key, [...(bySurname.get(key) ?? []), person]);
  }
  const out = new Map<string, string>();
  for (const [surname, group] of bySurname) {
    const distinct = [...new Set(group.map((p) => p.name))];
    distinct.forEach((name, i) => out.set(name, distinct.length === 1 ? `${surname}某` : `${surname}某${ORDINALS[i] ?? String(i + 1)}`));
  }
  return out;
}

// 第十条: deleted information.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;
const BANK_ACCOUNT = /(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?:[ -]?\d{1,3})?(?!\d)/g;
const PLATE = /[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂藏宁新][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]/g;
// An address below the county or district (第十一条 keeps only the county or district).
const ADDRESS_DETAIL =
  /((?:[\u4e00-\u9fa5]{2,7}(?:省|自治区))?(?:[\u4e00-\u9fa5]{2,7}(?:市|自治州|地区|盟))?[\u4e00-\u9fa5]{1,7}(?:区|县|旗|县级市))([\u4e00-\u9fa5A-Za-z0-9\-—#（）()]*?(?:路|街|道|巷|弄|村|组|号|栋|幢|座|楼|室|单元|小区|花园|大厦)[\u4e00-\u9fa5A-Za-z0-9\-—#（）()]*)/g;

export interface AnonymiseResult {
  text: string;
  replaced: { kind: string; count: number }[];
}

/** Prepares a judgment's text for publication: names to 某, personal data removed. */
export function anonymiseJudgment(text: string, people: readonly NamedPerson[], kind: PublicationCaseKind): AnonymiseResult {
  const counts = new Map<string, number>();
  const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  let out = text;
  // Longest names first, so 欧阳明 is replaced before 欧阳.
  const names = [...pseudonyms(people, kind).entries()].sort((a, b) => b[0].length - a[0].length);
  for (const [name, alias] of names) {
    if (!out.includes(name)) continue;
    out = out.split(name).join(alias);
    count('姓名');
  }
  out = out.replace(ID_NUMBER, () => (count('身份证件号码'), '×××'));
  out = out.replace(BANK_ACCOUNT, () => (count('银行账号'), '×××'));
  out = out.replace(MOBILE, () => (count('联系方式'), '×××'));
  out = out.replace(LANDLINE, () => (count('联系方式'), '×××'));
  out = out.replace(PLATE, () => (count('车牌号码'), '×××'));
  out = out.replace(ADDRESS_DETAIL, (_m, district: string) => (count('住址'), district));
  return { text: out, replaced: [...counts.entries()].map(([k, n]) => ({ kind: k, count: n })) };
}
