import * as z from 'zod';
import { canonicalJson } from './canonical-json';
import { buildCaseEvent, GENESIS_HASH, verifyEvents, type CaseEvent } from './case-events';
import { parseConfig } from './config';
import { AppError, assert, ErrorCode, defaultMessage, invalidInput } from './errors';
import { idempotencyKey } from './idempotency';
import { lookupHash, seal, unseal } from './pii';
import { inputMessages } from '../schemas/messages';
import { requireRecentFace } from './caller';

z.config(inputMessages());

describe('errors', () => {
  it('has a Chinese default message for every code', () => {
    for (const code of Object.values(ErrorCode)) expect(defaultMessage[code]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('reads preconditions as assert(x, code)', () => {
    expect(() => assert(null, 'NOT_FOUND', '案件不存在')).toThrow(new AppError('NOT_FOUND', '案件不存在'));
    expect(() => assert(1, 'NOT_FOUND')).not.toThrow();
  });

  it('turns zod issues into per-field Chinese messages, keeping the zod error as cause', () => {
    const parsed = z.object({ amountFen: z.number().int(), parties: z.array(z.object({ name: z.string() })) }).safeParse({ amountFen: 1.5, parties: [{}] });
    if (parsed.success) throw new Error('expected a failure');
    const error = invalidInput(parsed.error);
    expect(error.code).toBe('INVALID_INPUT');
    expect(Object.keys(error.fields ?? {})).toEqual(['amountFen', 'parties.0.name']);
    expect(error.fields?.['parties.0.name']).toMatch(/[\u4e00-\u9fa5]/);
    expect(error.cause).toBe(parsed.error);
  });
});

describe('RFC 8785 canonical JSON', () => {
  it('sorts keys by UTF-16 code units and writes numbers in their shortest form', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '\u20ac': 1e21, '\r': 0.000001, 1: 4.5 })).toBe(
      '{"\\r":0.000001,"1":4.5,"a":[true,null,"x"],"b":1,"€":1e+21}',
    );
  });

  it('writes dates as ISO strings and drops undefined fields', () => {
    expect(canonicalJson({ at: new Date(0), gone: undefined })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('refuses NaN', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe('the case event chain', () => {
  const at = new Date('2026-03-02T02:00:00Z');
  const chain = (n: number): CaseEvent[] => {
    const events: CaseEvent[] = [];
    for (let i = 0; i < n; i += 1) {
      const last = events.at(-1);
      events.push(
        buildCaseEvent(
          'case-1',
          last ? { seq: last.seq, hash: last.hash } : undefined,
          { action: 'evidence.added', actor: 'o1', actorRole: 'presiding-judge', state: 's', data: { step: i } },
          at,
        ),
      );
    }
    return events;
  };

  it('links each event to the previous one, from a genesis hash', () => {
    const events = chain(3);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(verifyEvents(events)).toEqual({ ok: true, count: 3, head: { seq: 3, hash: events[2]?.hash } });
  });

  it('names the first altered event', () => {
    const events = chain(4);
    const tampered = events.map((e) => (e.seq === 2 ? { ...e, data: { amountFen: 1 } } : e));
    expect(verifyEvents(tampered)).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringContaining('已被改动') });
  });

  it('names a removed event', () => {
    const events = chain(4).filter((e) => e.seq !== 3);
    expect(verifyEvents(events)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('catches a forged event whose hash is recomputed but whose successor still points at the original', () => {
    const events = chain(3);
    const forged = buildCaseEvent(
      'case-1',
      { seq: 1, hash: events[0]?.hash ?? '' },
      { action: 'fee.refund', actor: 'o2', actorRole: 'presiding-judge', state: 's' },
      at,
    );
    expect(verifyEvents([events[0] as CaseEvent, forged, events[2] as CaseEvent])).toMatchObject({ ok: false, brokenAt: 3 });
  });
});

describe('configuration', () => {
  it('fails fast on a malformed key, naming the variable', () => {
    expect(() => parseConfig({ MC_PII_KEY: 'c2hvcnQ=' })).toThrow(/MC_PII_KEY/);
  });

  it('takes a 32-byte base64 key', () => {
    expect(parseConfig({ MC_PII_KEY: Buffer.alloc(32, 7).toString('base64') }).MC_PII_KEY?.length).toBe(32);
  });
});

describe('personal information at rest', () => {
  const key = Buffer.alloc(32, 1);

  it('seals and unseals an ID number; the sealed form does not contain it', () => {
    const sealed = seal('440106199001011231', key);
    expect(JSON.stringify(sealed)).not.toContain('440106199001011231');
    expect(unseal(sealed, key)).toBe('440106199001011231');
  });

  it('refuses a sealed value that was altered', () => {
    const sealed = seal('440106199001011231', key);
    expect(() => unseal({ ...sealed, data: Buffer.from('x').toString('base64') }, key)).toThrow();
  });

  it('gives a stable keyed lookup hash that differs by kind and key', () => {
    expect(lookupHash('resident-id', '11010519491231002x', key)).toBe(lookupHash('resident-id', '11010519491231002X', key));
    expect(lookupHash('resident-id', '1', key)).not.toBe(lookupHash('mobile', '1', key));
    expect(lookupHash('resident-id', '1', key)).not.toBe(lookupHash('resident-id', '1', Buffer.alloc(32, 2)));
  });
});

describe('idempotency keys', () => {
  it('separates callers and actions', () => {
    expect(idempotencyKey('a', 'o1', 'r-00000001')).not.toBe(idempotencyKey('a', 'o2', 'r-00000001'));
    expect(idempotencyKey('a', 'o1', 'r-00000001')).not.toBe(idempotencyKey('b', 'o1', 'r-00000001'));
  });
});

describe('a recent face check', () => {
  const now = new Date('2026-03-02T02:00:00Z');
  it('passes within the window and answers NOT_VERIFIED after it', () => {
    expect(() => requireRecentFace({ user: { kind: 'party', lastFaceAt: new Date('2026-03-02T01:31:00Z') } }, now, 30)).not.toThrow();
    expect(() => requireRecentFace({ user: { kind: 'party', lastFaceAt: new Date('2026-03-02T01:29:00Z') } }, now, 30)).toThrow(
      expect.objectContaining({ code: 'NOT_VERIFIED' }),
    );
    expect(() => requireRecentFace({ user: null }, now, 30)).toThrow(expect.objectContaining({ code: 'NOT_VERIFIED' }));
  });
});
