import { randomBytes } from 'node:crypto';
import { issueTicket, readTicket, ticketKey, TICKET_TTL_MS } from './ticket';

const key = ticketKey(randomBytes(32));
const now = new Date('2026-03-02T02:00:00Z');
const verified = { name: '胡某', idLookup: 'lookup-hu', verifiedAt: new Date('2026-03-02T01:59:00Z') };

describe('a verified creditor’s ticket', () => {
  const ticket = issueTicket('o-hu', verified, now, key);

  it('vouches for the verification it was issued for, to the account it was issued to', () => {
    expect(readTicket(ticket, 'o-hu', now, key)).toEqual({ kind: 'party', ...verified });
  });

  it('is nothing to another account, after a day, or under another key', () => {
    expect(readTicket(ticket, 'o-wu', now, key)).toBeNull();
    expect(readTicket(ticket, 'o-hu', new Date(now.getTime() + TICKET_TTL_MS), key)).toBeNull();
    expect(readTicket(ticket, 'o-hu', now, ticketKey(randomBytes(32)))).toBeNull();
    expect(readTicket(ticket, 'o-hu', now, undefined)).toBeNull();
  });

  it('is nothing once changed: another name or identity under the same signature', () => {
    const [payload, mac] = ticket.split('.');
    const body = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...body, n: '吴某', l: 'lookup-wu' })).toString('base64url')}.${mac ?? ''}`;
    expect(readTicket(forged, 'o-hu', now, key)).toBeNull();
    expect(readTicket(`${ticket}.x`, 'o-hu', now, key)).toBeNull();
    expect(readTicket('not-a-ticket', 'o-hu', now, key)).toBeNull();
  });
});
