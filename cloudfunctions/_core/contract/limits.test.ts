import * as z from 'zod';
import { actionNames, contract } from './index';
import { CaseNumber, jsonProblem, noticeSchemas, personText, personTextSchemas, refusedCharacter } from '../schemas/fields';
import { inputMessages } from '../schemas/messages';

type Def = { type: string; checks?: { _zod: { def: { check: string; format?: string } } }[]; [key: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (schema: z.ZodType) => (defOf(schema).checks ?? []).map((c) => c._zod.def);

/**
 * What is wrong with how a schema's fields are declared, by path: a string without a maximum,
 * free text not declared with personText(), an array without a maximum, an object that
 * silently drops fields it does not declare, a value of any shape.
 */
function faults(schema: z.ZodType, path: string, found: string[], seen = new Set<z.ZodType>(), checked = false): string[] {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = defOf(schema);
  const checks = checksOf(schema);
  const has = (check: string) => checks.some((c) => c.check === check);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return faults(def.innerType as z.ZodType, path, found, seen, checked);
    case 'pipe':
      // A check on the whole pipe (a resident ID's checksum after its transform) shapes what goes in.
      faults(def.in as z.ZodType, path, found, seen, checked || has('custom'));
      if (defOf(def.out as z.ZodType).type !== 'transform') faults(def.out as z.ZodType, path, found, seen);
      return found;
    case 'transform':
      return found;
    case 'string': {
      if (!has('max_length') && !has('length_equals')) found.push(`${path}: 文字没有最大长度`);
      const shaped = checked || has('string_format') || has('custom') || def.format !== undefined;
      if (!shaped && !personTextSchemas.has(schema)) found.push(`${path}: 自由文字未用 personText() 声明`);
      return found;
    }
    case 'array':
      if (!has('max_length') && !has('length_equals')) found.push(`${path}: 列表没有最大项数`);
      return faults(def.element as z.ZodType, `${path}[]`, found, seen);
    case 'object': {
      const catchall = def.catchall as z.ZodType | undefined;
      const strict = catchall !== undefined && defOf(catchall).type === 'never';
      if (!strict && !noticeSchemas.has(schema)) found.push(`${path}: 对象未拒绝多余字段（用 z.strictObject）`);
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) faults(value, path ? `${path}.${key}` : key, found, seen);
      return found;
    }
    case 'union':
      for (const option of def.options as z.ZodType[]) faults(option, path, found, seen);
      return found;
    case 'tuple':
      for (const item of def.items as z.ZodType[]) faults(item, `${path}[]`, found, seen);
      return found;
    case 'record':
      if (!has('custom')) found.push(`${path}: 自由结构没有限制（用 jsonObject()）`);
      return faults(def.keyType as z.ZodType, `${path}{key}`, found, seen, has('custom'));
    case 'unknown':
    case 'any':
      found.push(`${path}: 任意值`);
      return found;
    default:
      return found;
  }
}

describe('every field of every action is declared with its limits', () => {
  it.each([...actionNames])('%s', (name) => {
    expect(faults(contract[name].input as z.ZodType, '', [])).toEqual([]);
  });
});

describe('text a person types', () => {
  beforeAll(() => z.config(inputMessages()));
  const Title = personText(10, { min: 2 });
  const Facts = personText(100, { lines: true });

  it('is trimmed and NFC-normalised', () => {
    expect(Title.parse('  张三  ')).toBe('张三');
    // e + combining acute (NFD) is stored as é (NFC).
    expect(Title.parse('Cafe\u0301')).toBe('Caf\u00e9');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['DEL', 'a\u007fb'],
    ['C1', 'a\u0085b'],
    ['a right-to-left override', '张三\u202e'],
    ['a bidi isolate', 'a\u2066b'],
    ['a right-to-left mark', 'a\u200fb'],
    ['a zero-width space', '张\u200b三'],
    ['a zero-width joiner', '张\u200d三'],
    ['a word joiner', '张\u2060三'],
    ['a lone high surrogate', '张\ud800三'],
    ['a lone low surrogate', '张\udc00三'],
    ['a line separator', '张\u2028三'],
  ])('refuses %s', (_, text) => {
    const result = Title.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^不能含有/);
    expect(Facts.safeParse(text).success).toBe(false);
  });

  it('keeps what people write: CJK, emoji, newlines in multi-line text', () => {
    expect(Title.parse('张三😀')).toBe('张三😀');
    expect(Facts.parse('第一行\n第二行\t完')).toBe('第一行\n第二行\t完');
    expect(Title.safeParse('第一行\n第二行').success).toBe(false);
  });

  it('has a maximum', () => {
    expect(Title.safeParse('字'.repeat(11)).success).toBe(false);
    expect(Title.safeParse('字'.repeat(10)).success).toBe(true);
  });

  it('names what it refuses', () => {
    expect(refusedCharacter('ok')).toBeUndefined();
    expect(refusedCharacter('a\u202eb')).toBe('文字方向控制符');
    expect(refusedCharacter('a\ud800')).toBe('残缺的字符');
  });
});

describe('a case number', () => {
  it.each(['（2026）粤0106民初123号', '(2026)粤01破2号', '（2026）粤0106民初 123 号'])('takes %s', (text) => {
    expect(CaseNumber.safeParse(text).success).toBe(true);
  });
  it.each(['../../etc/passwd', '（2026）粤01破2号/../x', '（2026）粤01破2号\u0000', 'x'.repeat(41)])('refuses %s', (text) => {
    expect(CaseNumber.safeParse(text).success).toBe(false);
  });
});

describe('a free-form JSON value', () => {
  const limits = { depth: 8, chars: 1000, width: 10 };
  it('passes what a form holds', () => {
    expect(jsonProblem({ parties: [{ name: '张三', amount: 1 }], ok: true, none: null }, limits)).toBeUndefined();
  });
  it('refuses operators, prototype keys, dotted paths, deep nesting, control characters and size', () => {
    expect(jsonProblem({ a: { $ne: null } }, limits)).toMatch(/字段名/);
    expect(jsonProblem(JSON.parse('{"__proto__":{"x":1}}'), limits)).toMatch(/字段名/);
    expect(jsonProblem({ constructor: 1 }, limits)).toMatch(/字段名/);
    expect(jsonProblem({ 'a.b': 1 }, limits)).toMatch(/字段名/);
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(jsonProblem({ deep }, limits)).toMatch(/层次过深/);
    expect(jsonProblem({ a: 'x\u202e' }, limits)).toMatch(/不能含有/);
    expect(jsonProblem({ a: 'x'.repeat(2000) }, limits)).toBe('内容过大');
    expect(jsonProblem({ a: Array.from({ length: 11 }, () => 1) }, limits)).toMatch(/过多/);
  });
});
