import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { residentIdCheckChar } from '../domain/identity';
import { requireConfig } from './config';

/** An identity number or bank account at rest: AES-256-GCM, with the key version for rotation. */
export interface SealedValue {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/** Encrypts a sensitive value (个人信息保护法 第五十一条: encryption of sensitive data). */
export function seal(plain: string, key: Buffer = requireConfig('MC_PII_KEY')): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

export function unseal(sealed: SealedValue, key: Buffer = requireConfig('MC_PII_KEY')): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}

/** A keyed hash to find a person by identity number without storing it in the clear. */
export function lookupHash(kind: 'resident-id' | 'uscc' | 'mobile' | 'bank-account', value: string, key: Buffer = requireConfig('MC_LOOKUP_KEY')): string {
  return createHmac('sha256', key).update(`${kind}:${value.trim().toUpperCase()}`).digest('hex');
}

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
