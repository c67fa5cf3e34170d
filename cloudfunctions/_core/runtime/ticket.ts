import { createHmac, timingSafeEqual } from 'node:crypto';
import { config, requireConfig } from './config';
import type { UserRecord } from './caller';

/*
 * A verified person's ticket: what their verification found (name, the identity's lookup hash,
 * when), signed by the function that verified them, bound to their openid, for a day. An action
 * that accepts one (`claim-register`) identifies its caller from the ticket and reads nothing,
 * so a declaration in a bankruptcy's burst is its one insert. Without a ticket, or with one that
 * fails (forged, another account's, expired, signed with another key), the caller is read as
 * always: a ticket only ever saves the read.
 */

/** How long a ticket holds: a creditor verifies once and declares, or amends, within the day. */
export const TICKET_TTL_MS = 24 * 60 * 60_000;

const LABEL = 'microcourt creditor ticket v1';

/** The ticket's own key, derived from the lookup key (which every function that verifies holds), so it signs nothing else. */
export function ticketKey(lookupKey: Buffer = requireConfig('MC_LOOKUP_KEY')): Buffer {
  return createHmac('sha256', lookupKey).update(LABEL).digest();
}

interface TicketBody {
  /** openid */
  o: string;
  /** name */
  n: string;
  /** idLookup */
  l: string;
  /** verifiedAt, ms */
  v: number;
  /** expires, ms */
  e: number;
}

const mac = (payload: string, key: Buffer) => createHmac('sha256', key).update(payload).digest('base64url');

/** A ticket for a person just verified (or found verified). */
export function issueTicket(openid: string, user: { name: string; idLookup: string; verifiedAt: Date }, now: Date, key: Buffer = ticketKey()): string {
  const body: TicketBody = { o: openid, n: user.name, l: user.idLookup, v: user.verifiedAt.getTime(), e: now.getTime() + TICKET_TTL_MS };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${mac(payload, key)}`;
}

/** The verified record a ticket vouches for, when it is this caller's, unexpired and signed with our key; otherwise null. */
export function readTicket(
  ticket: string,
  openid: string,
  now: Date,
  key: Buffer | undefined = config.MC_LOOKUP_KEY && ticketKey(config.MC_LOOKUP_KEY),
): UserRecord | null {
  const [payload, given, ...rest] = ticket.split('.');
  if (!payload || !given || rest.length > 0 || !key) return null;
  const expected = Buffer.from(mac(payload, key));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  let body: TicketBody;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TicketBody;
  } catch {
    return null;
  }
  if (body.o !== openid || !(now.getTime() < body.e) || typeof body.n !== 'string' || typeof body.l !== 'string') return null;
  return { kind: 'party', name: body.n, idLookup: body.l, verifiedAt: new Date(body.v) };
}
