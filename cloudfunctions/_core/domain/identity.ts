/**
 * Identity numbers: resident ID (GB 11643-1999), unified social credit code (GB 32100-2015),
 * mobile numbers; and how they are shown masked.
 */

// GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

// GB/T 2260 province codes (the first two digits of an address code).
const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
  '91',
]);

export type IdCheck = { ok: true; birthDate: string; sex: 'male' | 'female'; region: string } | { ok: false; reason: string };

/** Checks an 18-character resident ID: region, a real birth date not in the future, the check character. */
export function checkResidentId(raw: string, today = new Date()): IdCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号码应为18位，最后一位可以是数字或X' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, reason: '身份证号码的地区码不正确' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || y < 1900 || birth.getTime() > today.getTime()) {
    return { ok: false, reason: '身份证号码中的出生日期不正确' };
  }
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17]) return { ok: false, reason: '身份证号码校验位不正确，请核对' };
  return {
    ok: true,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    region: id.slice(0, 6),
  };
}

/** The check character a 17-digit prefix needs (for building test identities). */
export function residentIdCheckChar(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(first17[i]), 0);
  return ID_CHECK[sum % 11] ?? '';
}

// GB 32100-2015: 31 characters (no I, O, S, V, Z), weights 3^i mod 31, check = 31 - sum mod 31.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function uscCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? '';
}

export function checkUscc(raw: string): { ok: true } | { ok: false; reason: string } {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return { ok: false, reason: '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）' };
  if (!/^[1-9ANY][1-9]\d{6}/.test(code)) return { ok: false, reason: '统一社会信用代码的登记管理部门、机构类别或行政区划码不正确' };
  if (uscCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: '统一社会信用代码校验位不正确，请核对' };
  return { ok: true };
}

export const MOBILE = /^1[3-9]\d{9}$/;
export function checkMobile(raw: string): boolean {
  return MOBILE.test(raw.trim());
}

/** 440106199001011231 → 440106********1231: region kept, birth date and sequence hidden. */
export function maskResidentId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '*'.repeat(id.length);
}

/** 13800138000 → 138****8000. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '*'.repeat(mobile.length);
}

/** 张三丰 → 张**: a person's name shown to someone who is not on the case. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** A bank account shows its last four digits only. */
export function maskBankAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  return digits.length <= 4 ? digits : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}
