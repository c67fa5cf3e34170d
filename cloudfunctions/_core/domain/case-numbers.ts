/**
 * Case numbers (案号), per 最高人民法院关于人民法院案件案号的若干规定 (法〔2015〕137号, amended
 * by 法〔2018〕335号): （year）court code + specialised-trial code + type code + number 号.
 */

// 案号规定 第四条、第五条: court codes (法院代字). [M] entries are marked in legal-rules.md §2.3.
export const COURT_CODES: Readonly<Record<string, string>> = {
  粤: '广东省高级人民法院',
  粤01: '广东省广州市中级人民法院',
  粤03: '广东省深圳市中级人民法院',
  粤07: '广东省江门市中级人民法院',
  粤71: '广州铁路运输中级法院',
  粤72: '广州海事法院',
  粤73: '广州知识产权法院',
  粤0103: '广州市荔湾区人民法院',
  粤0104: '广州市越秀区人民法院',
  粤0105: '广州市海珠区人民法院',
  粤0106: '广州市天河区人民法院',
  粤0111: '广州市白云区人民法院',
  粤0112: '广州市黄埔区人民法院',
  粤0113: '广州市番禺区人民法院',
  粤0114: '广州市花都区人民法院',
  粤0115: '广州市南沙区人民法院',
  粤0117: '广州市从化区人民法院',
  粤0118: '广州市增城区人民法院',
  粤0191: '广东自由贸易区南沙片区人民法院',
  粤0192: '广州互联网法院',
  粤0703: '江门市蓬江区人民法院',
  粤0704: '江门市江海区人民法院',
  粤0705: '江门市新会区人民法院',
  粤0781: '台山市人民法院',
  粤0783: '开平市人民法院',
  粤0784: '鹤山市人民法院',
  粤0785: '恩平市人民法院',
};

// 案号规定 第二条 (2018): specialised-trial codes (专门审判代字), one character.
export const SPECIALISED_CODES = ['知', '金', '海', '环', '铁', '林', '农'] as const;

// 人民法院案件类型及其代字标准 (2015), the classes MicroCourt handles; 民诉前调 added later by the SPC.
export const TYPE_CODES: Readonly<Record<string, string>> = {
  民初: '民事一审',
  民终: '民事二审',
  民监: '民事审判监督',
  民申: '民事申请再审审查',
  民抗: '民事抗诉再审审查',
  民再: '民事再审',
  民撤: '第三人撤销之诉',
  民特: '民事特别程序',
  民特监: '民事特别程序监督',
  民催: '公示催告',
  民督: '申请支付令审查',
  民督监: '支付令监督',
  民他: '其他民事',
  民保令: '人身安全保护令',
  民保更: '人身安全保护令变更',
  民辖: '民事管辖',
  民辖终: '民事管辖上诉',
  民辖监: '民事管辖监督',
  民诉前调: '诉前调解',
  行初: '行政一审',
  行终: '行政二审',
  行监: '行政审判监督',
  行申: '行政申请再审审查',
  行审: '非诉行政执行审查',
  财保: '诉前或非诉财产保全审查',
  证保: '证据保全',
  执: '首次执行',
  执恢: '恢复执行',
  执保: '财产保全执行',
  执异: '执行异议',
  执复: '执行复议',
  执监: '执行监督',
  执协: '执行协调',
  执他: '其他执行',
  破申: '破产申请审查',
  破终: '破产上诉',
  破监: '破产监督',
  破: '破产清算、重整、和解',
  强清: '强制清算',
};

export interface CaseNumber {
  year: number;
  courtCode: string;
  specialised: string;
  typeCode: string;
  seq: number;
  /** The 之一 / 之二 suffix of a further decision in the same case. */
  suffix: string;
}

const PROVINCES = '最高法|[京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青台内桂藏宁新港澳军兵](?:\\d{4}|\\d{2})?';
const SPECIALISED = SPECIALISED_CODES.join('');
const TYPES = Object.keys(TYPE_CODES)
  .sort((a, b) => b.length - a.length)
  .join('|');
const PATTERN = new RegExp(`^[（(](\\d{4})[）)](${PROVINCES})([${SPECIALISED}]?)(${TYPES})([1-9]\\d*)号((?:之[一二三四五六七八九十]+)?)$`);

/** The canonical form: full-width brackets, no zero padding (案号规定 第三条). */
export function formatCaseNumber(n: CaseNumber): string {
  return `（${n.year}）${n.courtCode}${n.specialised}${n.typeCode}${n.seq}号${n.suffix}`;
}

/** Parses a case number as people type it: half-width brackets and stray spaces accepted. */
export function parseCaseNumber(text: string): CaseNumber | null {
  const compact = text.replace(/\s+/g, '');
  const match = PATTERN.exec(compact);
  if (!match) return null;
  const [, year, courtCode, specialised, typeCode, seq, suffix] = match;
  return { year: Number(year), courtCode: courtCode ?? '', specialised: specialised ?? '', typeCode: typeCode ?? '', seq: Number(seq), suffix: suffix ?? '' };
}

export function normaliseCaseNumber(text: string): string | null {
  const parsed = parseCaseNumber(text);
  return parsed ? formatCaseNumber(parsed) : null;
}

/**
 * The counter a new number is drawn from: numbering is separate per court and type code
 * (第九条), per specialised code, and restarts each receipt year (第十条).
 */
export function counterId(courtCode: string, specialised: string, typeCode: string, year: number): string {
  return `case-number:${courtCode}:${specialised || '-'}:${typeCode}:${year}`;
}
