import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
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

export { findPersonalData, maskPersonalData, redactPersonalData, type PersonalDataHit } from './personal-data';
