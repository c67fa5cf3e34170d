import fc from 'fast-check';
import * as z from 'zod';
import { actionNames, contract, type ActionName } from '#contract';
import { callRaw, emulatorUrl } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { digest, theWorld, type World, WORLD_BUILD_MS } from './world';

/*
 * Generated bad input over every action of the contract (issue 17, item 3): wrong types, missing
 * and extra fields, operator-like values, prototype keys, control, bidi and zero-width characters,
 * lone surrogates, oversize strings and lists, deep nesting. Every one must answer INVALID_INPUT
 * with a Chinese message, in an envelope, and write nothing. The inputs are derived from each
 * action's zod schema, so an action added to the contract is covered without a line here.
 */

type Def = { type: string; checks?: { _zod: { def: { check: string; maximum?: number } } }[]; [key: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const maximumOf = (schema: z.ZodType): number | undefined => (defOf(schema).checks ?? []).map((c) => c._zod.def).find((c) => c.check === 'max_length')?.maximum;

type Path = (string | number)[];
interface Leaf {
  path: Path;
  kind: 'string' | 'number' | 'boolean' | 'array' | 'object' | 'choice' | 'other';
  max?: number | undefined;
}

/** Every field an input schema declares, nested ones included (a list's through its first item). */
function leavesOf(schema: z.ZodType, path: Path = [], found: Leaf[] = [], depth = 0): Leaf[] {
  if (depth > 12) return found;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return leavesOf(def.innerType as z.ZodType, path, found, depth);
    case 'pipe':
      return leavesOf(def.in as z.ZodType, path, found, depth);
    case 'union':
      for (const option of def.options as z.ZodType[]) leavesOf(option, path, found, depth + 1);
      return found;
    case 'object':
      if (path.length > 0) found.push({ path, kind: 'object' });
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) leavesOf(value, [...path, key], found, depth + 1);
      return found;
    case 'array':
      found.push({ path, kind: 'array', max: maximumOf(schema) });
      return leavesOf(def.element as z.ZodType, [...path, 0], found, depth + 1);
    case 'string':
      found.push({ path, kind: 'string', max: maximumOf(schema) });
      return found;
    case 'number':
    case 'int':
      found.push({ path, kind: 'number' });
      return found;
    case 'boolean':
      found.push({ path, kind: 'boolean' });
      return found;
    case 'enum':
    case 'literal':
      found.push({ path, kind: 'choice' });
      return found;
    default:
      found.push({ path, kind: 'other' });
      return found;
  }
}

/** `value` at `path` of a copy of `base`, lists and objects made on the way. */
function withValue(base: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = { ...base };
  let node: Record<string | number, unknown> = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = typeof path[i + 1] === 'number' ? [] : {};
    node[key] = node[key] && typeof node[key] === 'object' ? (Array.isArray(node[key]) ? [...(node[key] as unknown[])] : { ...(node[key] as object) }) : next;
    node = node[key] as Record<string | number, unknown>;
  });
  return root;
}

const deep = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

const CHARACTERS: [string, string][] = [
  ['NUL', '张三\u0000'],
  ['BEL', '张三\u0007'],
  ['ESC', '张三\u001b[31m'],
  ['right-to-left override', '张三\u202e'],
  ['bidi isolate', '张\u2067三'],
  ['zero-width space', '张\u200b三'],
  ['byte order mark inside', '张\ufeff三'],
  ['lone high surrogate', '张\ud800三'],
  ['lone low surrogate', '张\udc00三'],
];
const OPERATORS: unknown[] = [{ $ne: null }, { $gt: '' }, { $regex: '.*' }, { $where: 'sleep(1000)' }, ['$ne', null]];

/** Values of another type than the field's, chosen by a seeded generator (fast-check), the same on every run. */
function otherTypes(kind: Leaf['kind'], seed: number): unknown[] {
  const arbitrary = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 8 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  );
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const own: Record<Leaf['kind'], string[]> = {
    string: ['string'],
    number: ['number'],
    boolean: ['boolean'],
    array: ['array'],
    object: ['object'],
    choice: [],
    other: [],
  };
  return fc
    .sample(arbitrary, { seed, numRuns: 12 })
    .filter((v) => !own[kind].includes(typeOf(v)))
    .slice(0, 3);
}

interface BadInput {
  what: string;
  /** The JSON body sent, as text: a prototype key survives only in text. */
  body: string;
}

const json = (value: unknown) => JSON.stringify(value);

/** The bad inputs for one action, from its schema and a base of the world's ids. */
function badInputsOf(name: ActionName, world: World): BadInput[] {
  const schema = contract[name].input as z.ZodType;
  const leaves = leavesOf(schema);
  const ids: Record<string, string> = { ...world.ids.bankruptcy, ...world.ids.filing, ...world.ids.case };
  const base: Record<string, unknown> = { requestId: `bad-input-${name}`.slice(0, 64) };
  for (const leaf of leaves) {
    const key = leaf.path[0];
    if (leaf.path.length === 1 && typeof key === 'string' && ids[key] !== undefined) base[key] = ids[key];
  }
  const inputs: BadInput[] = [
    { what: 'no fields', body: '{}' },
    { what: 'a list', body: json([1, 2]) },
    { what: 'a string', body: json('x') },
    { what: 'an extra field', body: json({ ...base, unexpected: 1 }) },
    { what: 'an operator as a field', body: json({ ...base, $where: '1' }) },
    { what: 'a dotted field', body: json({ ...base, 'a.b': 1 }) },
    { what: '__proto__', body: `{"__proto__":{"polluted":true},${json(base).slice(1)}` },
    { what: 'constructor.prototype', body: json({ ...base, constructor: { prototype: { polluted: true } } }) },
    { what: 'nested __proto__', body: json({ ...base, draft: JSON.parse('{"a":{"__proto__":{"polluted":true}}}') }) },
    { what: '3,000 deep', body: json({ ...base, draft: deep(3000) }) },
    // Sent as text: building 5,000 levels as a value would overflow JSON.stringify here too.
    { what: '5,000 deep', body: `{"draft":${'['.repeat(5000)}${']'.repeat(5000)}}` },
  ];
  let seed = 17;
  for (const leaf of leaves) {
    const at = leaf.path.join('.');
    for (const operator of OPERATORS) inputs.push({ what: `${at} = ${json(operator)}`, body: json(withValue(base, leaf.path, operator)) });
    for (const value of otherTypes(leaf.kind, (seed += 1))) inputs.push({ what: `${at} = ${json(value)}`, body: json(withValue(base, leaf.path, value)) });
    if (leaf.kind === 'string') {
      for (const [what, text] of CHARACTERS) inputs.push({ what: `${at}: ${what}`, body: json(withValue(base, leaf.path, text)) });
      if (leaf.max !== undefined) inputs.push({ what: `${at}: ${leaf.max + 1} characters`, body: json(withValue(base, leaf.path, '字'.repeat(leaf.max + 1))) });
    }
    if (leaf.kind === 'array') {
      inputs.push({
        what: `${at}: ${(leaf.max ?? 0) + 1} items`,
        body: json(
          withValue(
            base,
            leaf.path,
            Array.from({ length: (leaf.max ?? 0) + 1 }, () => ({})),
          ),
        ),
      });
      inputs.push({
        what: `${at}: 10,001 items`,
        body: json(
          withValue(
            base,
            leaf.path,
            Array.from({ length: 10_001 }, () => 'x'),
          ),
        ),
      });
    }
    if (leaf.kind !== 'string' && leaf.kind !== 'other') inputs.push({ what: `${at}: nested deep`, body: json(withValue(base, leaf.path, deep(300))) });
  }
  // One string of 1 MB in each action (a field without a maximum took one).
  const first = leaves.find((leaf) => leaf.kind === 'string');
  if (first) inputs.push({ what: `${first.path.join('.')}: 1 MB`, body: json(withValue(base, first.path, 'x'.repeat(1_000_000))) });
  return inputs;
}

/** What the gateway makes of a body before the function parses it: CloudBase spreads it into the event. */
function eventOf(body: string): unknown {
  try {
    const value = JSON.parse(body) as unknown;
    return { ...(value as object) };
  } catch {
    return undefined;
  }
}

/** The body the function parses is valid after all (an empty list for an action taking no fields): not bad input. */
function validAfterAll(name: ActionName, body: string): boolean {
  try {
    return (contract[name].input as z.ZodType).safeParse(eventOf(body)).success;
  } catch {
    return false;
  }
}

async function send(name: ActionName, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${emulatorUrl()}/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'w-stranger', 'x-wx-env': envOf(name) },
    body,
  });
  return { status: res.status, text: await res.text() };
}
let envOf: (name: ActionName) => string = () => '';

const CHINESE = /[\u4e00-\u9fff]/;
const counts = { actions: 0, inputs: 0, skipped: 0 };
let world: World;

beforeAll(async () => {
  world = await theWorld();
  const { Environments, environmentOf } = await import('#contract');
  envOf = (name) => Environments[environmentOf(name)].localId;
  // Warm every function once, so what follows measures nothing but the answers.
  await Promise.all(actionNames.map((name) => callRaw(name, {}, 'w-stranger')));
}, WORLD_BUILD_MS);

afterAll(() => {
  console.log(
    `bad input: ${counts.actions} actions × their inputs = ${counts.inputs} calls, each INVALID_INPUT with nothing written (${counts.skipped} bodies valid after all)`,
  );
});

describe('bad input over every action of the contract', () => {
  it.each([...actionNames])('%s: every bad input is INVALID_INPUT, in Chinese, and writes nothing', async (name) => {
    const inputs = badInputsOf(name, world).filter((input) => {
      const skip = ['a list', 'a string', 'no fields'].includes(input.what) && validAfterAll(name, input.body);
      if (skip) counts.skipped += 1;
      return !skip;
    });
    const before = await digest();
    const wrong: string[] = [];
    for (let i = 0; i < inputs.length; i += 8) {
      await Promise.all(
        inputs.slice(i, i + 8).map(async (input) => {
          const reply = await send(name, input.body);
          let envelope: {
            result?: { ok?: boolean; error?: { code?: string; message?: string; fields?: Record<string, string> }; errcode?: number; errmsg?: string };
          } = {};
          try {
            envelope = JSON.parse(reply.text) as typeof envelope;
          } catch {
            // Not JSON: reported below.
          }
          // WeChat Pay's callbacks answer in its own shape, { errcode, errmsg: '<code>: <message>' }, not the envelope.
          const callback = envelope.result?.errcode !== undefined ? /^([A-Z_]+): (.*)$/.exec(envelope.result.errmsg ?? '') : null;
          const error = callback ? { code: callback[1], message: callback[2] } : envelope.result?.error;
          const fieldsInChinese = Object.values((error as { fields?: Record<string, string> } | undefined)?.fields ?? {}).every((message) =>
            CHINESE.test(message),
          );
          if (reply.status !== 200 || error?.code !== 'INVALID_INPUT' || !CHINESE.test(error.message ?? '') || !fieldsInChinese) {
            wrong.push(`${input.what}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
          }
        }),
      );
    }
    counts.actions += 1;
    counts.inputs += inputs.length;
    expect(wrong).toEqual([]);
    expect((await digest()).digest).toBe(before.digest);
    // An action taking no fields still gets the bodies, extra fields, prototype keys and nesting.
    expect(inputs.length).toBeGreaterThanOrEqual(8);
  });
});

/**
 * The bad input issue 17 found accepted, each in an input valid but for it: before the fix each
 * got past the schema (and was answered by the use case: FORBIDDEN, NOT_FOUND, INTERNAL, or an
 * HTTP 500 without an envelope); now each is INVALID_INPUT before anything else is looked at.
 */
describe('the bad input issue 17 found accepted', () => {
  /** The answer as HTTP status, code and whether its message is Chinese (WeChat Pay's callback reply read as the envelope). */
  const answer = async (name: ActionName, input: Record<string, unknown> | string) => {
    const reply = await send(name, typeof input === 'string' ? input : json(input));
    const result = (JSON.parse(reply.text) as { result: { errcode?: number; errmsg?: string; error?: { code: string; message: string } } }).result;
    const [code, message] = result.errcode !== undefined ? (result.errmsg ?? '').split(': ') : [result.error?.code, result.error?.message];
    return { status: reply.status, code, chinese: CHINESE.test(message ?? '') };
  };
  const INVALID = { status: 200, code: 'INVALID_INPUT', chinese: true };
  const MB = 'x'.repeat(1_000_000);
  const payment = {
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    outTradeNo: `${'a'.repeat(24)}F1`,
    transactionId: '4200001234202603021234567890',
    totalFee: 880000,
    timeEnd: '20260302100000',
    subMchId: '1900000109',
  };

  it('claims-open refuses a case number that is a path (../)', async () => {
    const open = {
      requestId: 'open-bad-0001',
      bankruptcyId: 'xiaoming-bike',
      debtor: '广州悦骑信息科技有限公司',
      acceptedOn: '2026-02-20',
      announcedOn: '2026-02-21',
      deadlineOn: '2026-04-30',
    };
    for (const caseNumber of ['../../bankruptcies/xiaoming-bike', '（2026）粤01破1号/../x', '..\\..\\x'])
      expect(await answer('claims-open', { ...open, caseNumber })).toEqual(INVALID);
  });

  it.each(['returnCode', 'resultCode', 'timeEnd', 'subMchId'])('fee-paid refuses 1 MB in %s', async (field) => {
    expect(await answer('fee-paid', { ...payment, [field]: MB })).toEqual(INVALID);
  });

  it('case-join refuses a 1 MB credit code', async () => {
    expect(
      await answer('case-join', {
        requestId: 'join-bad-0001',
        caseNumber: '（2026）粤0106民初1号',
        uscc: MB,
        service: { consent: true, addressConfirmed: true },
      }),
    ).toEqual(INVALID);
  });

  it.each([3000, 5000])('a draft nested %i deep is INVALID_INPUT in an envelope, neither INTERNAL nor an HTTP 500', async (levels) => {
    expect(await answer('filing-draft', `{"requestId":"draft-deep-${levels}","draft":{"parties":${'['.repeat(levels)}${']'.repeat(levels)}}}`)).toEqual(
      INVALID,
    );
  });

  it.each(CHARACTERS)('free text refuses %s: a message, a party’s name, an evidence title, a reason', async (_, text) => {
    const caseId = world.caseId;
    expect(await answer('message-send', { requestId: 'msg-bad-0001', caseId, text })).toEqual(INVALID);
    const complaint = huComplaint('file-bad-0001');
    expect(await answer('filing-submit', { ...complaint, parties: complaint.parties.map((p, i) => (i === 0 ? { ...p, name: text } : p)) })).toEqual(INVALID);
    expect(
      await answer('evidence-add', {
        requestId: 'evi-bad-0001',
        caseId,
        items: [{ title: text, proves: '双方存在买卖合同关系', file: 'cloud://court/uploads/o-hu/a.pdf' }],
      }),
    ).toEqual(INVALID);
    expect(
      await answer('filing-review', { requestId: 'rev-bad-0001', filingId: world.filingId, outcome: 'refuse', reasons: `不符合起诉条件，理由如下：${text}` }),
    ).toEqual(INVALID);
  });
});
