import { sha256Hex } from './canonical-json';

/** The first answer to a mutating call, kept under the key of (action, caller, requestId). */
export interface IdempotencyRecord {
  _id: string;
  action: string;
  at: Date;
  data: unknown;
}

/**
 * The key is a hash, so the idempotency collection holds no openid in the clear, and the
 * same requestId from two callers or for two actions never collides.
 */
export function idempotencyKey(action: string, openid: string, requestId: string): string {
  return sha256Hex(`${action}\n${openid}\n${requestId}`);
}
