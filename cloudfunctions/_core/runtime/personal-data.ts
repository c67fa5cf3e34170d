import { residentIdCheckChar } from '../domain/identity';

/*
 * ID numbers, mobiles and bank cards in the clear: found (the integration run's audit) and masked
 * (log lines, answers). No configuration is read here, so a test's setup can load it first.
 */

/** Personal data found in the clear in a text: an 18-digit resident ID with a valid check digit, a mobile, a bank card passing Luhn. */
export interface PersonalDataHit {
  kind: 'resident-id' | 'mobile' | 'bank-card';
  value: string;
}

// A number stands alone when no letter or digit touches it: a run of digits inside a hash, a
// base64 seal or an id is not a person's number.
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_NUMBER = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;
const BANK_CARD = /(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])/g;

function isResidentId(id: string): boolean {
  const upper = id.toUpperCase();
  const month = Number(upper.slice(10, 12));
  const day = Number(upper.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return residentIdCheckChar(upper.slice(0, 17)) === upper[17];
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Every ID number, mobile and bank card in `text` in the clear; their masked forms (`440106********1231`, `138****8000`, `****1234`) are not. */
export function findPersonalData(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (const match of text.matchAll(RESIDENT_ID)) if (isResidentId(match[0])) hits.push({ kind: 'resident-id', value: match[0] });
  for (const match of text.matchAll(MOBILE_NUMBER)) hits.push({ kind: 'mobile', value: match[0] });
  for (const match of text.matchAll(BANK_CARD)) {
    if (passesLuhn(match[0]) && !(match[0].length === 18 && isResidentId(match[0]))) hits.push({ kind: 'bank-card', value: match[0] });
  }
  return hits;
}

/** A JSON value with every ID number, mobile and bank card in its text masked. */
export function maskPersonalData<T>(value: T): T {
  if (typeof value === 'string') return redactPersonalData(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskPersonalData(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskPersonalData(item)])) as T;
  }
  return value;
}

/** The text with every ID number, mobile and bank card masked: what a log line may hold. */
export function redactPersonalData(text: string): string {
  return text
    .replace(RESIDENT_ID, (id) => (isResidentId(id) ? `${id.slice(0, 6)}********${id.slice(14)}` : id))
    .replace(BANK_CARD, (digits) => (passesLuhn(digits) ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : digits))
    .replace(MOBILE_NUMBER, (mobile) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`);
}
