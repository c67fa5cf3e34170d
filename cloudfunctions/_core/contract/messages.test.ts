import * as z from 'zod';
import { actionNames, contract } from './index';
import { inputMessage, inputMessages } from '../schemas/messages';
import { invalidInput } from '../runtime/errors';

/**
 * Every field a person fills answers with a message written for it, never zod's generic wording
 * ("无效输入：期望 string，实际接收 undefined"). The test replaces zod's wording with a marker and
 * sends every action a family of bad inputs that reach each field's checks: missing, of the wrong
 * type, empty, too long, too small, too large, not a whole number, not one of the choices.
 */
const GENERIC = '«zod»';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Bad values for one field, the k-th of each field sent together in the k-th probe. */
function badValues(schema: z.ZodType, depth = 0): unknown[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return badValues(def.innerType as z.ZodType, depth);
    case 'pipe':
      return badValues(def.in as z.ZodType, depth);
    case 'lazy':
      return depth > 3 ? [] : badValues((def.getter as () => z.ZodType)(), depth + 1);
    case 'string':
      return [undefined, 42, '', 'x', '字'.repeat(30000), ' '];
    case 'number':
    case 'int':
      return [undefined, '1', -1, 0, 1e16, 0.5, Number.MAX_SAFE_INTEGER];
    case 'boolean':
      return [undefined, 'yes'];
    case 'enum':
    case 'literal':
      return [undefined, '«none»', 7];
    case 'date':
      return [undefined, 'not a date'];
    case 'array': {
      const inner = badValues(def.element as z.ZodType, depth + 1);
      return [undefined, 'x', [], ...inner.map((v) => [v]), Array.from({ length: 2000 }, () => inner[1])];
    }
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.entries(shape).map(([key, value]) => [key, badValues(value, depth + 1)] as const);
      const width = Math.max(1, ...fields.map(([, values]) => values.length));
      return [undefined, 'x', ...Array.from({ length: width }, (_, k) => Object.fromEntries(fields.map(([key, values]) => [key, values[k % values.length]])))];
    }
    case 'union':
      return [undefined, ...(def.options as z.ZodType[]).flatMap((option) => badValues(option, depth + 1))];
    case 'record':
      return [undefined, 'x', { k: 'x' }];
    default:
      return [undefined, 'x'];
  }
}

describe('messages a person reads when a field is wrong', () => {
  // The functions' wording, with zod's own (the last resort) replaced by a marker.
  beforeAll(() => z.config({ customError: inputMessage, localeError: () => GENERIC }));
  afterAll(() => z.config({ customError: undefined, localeError: undefined }));

  it.each([...actionNames])('%s: every failure of every field is worded for that field', (name) => {
    const input = contract[name].input as z.ZodType;
    const generic = new Set<string>();
    for (const probe of badValues(input)) {
      const result = input.safeParse(probe);
      if (result.success) continue;
      for (const issue of result.error.issues) if (issue.message === GENERIC) generic.add(`${issue.path.join('.') || '（整体）'}: ${issue.code}`);
    }
    expect([...generic].sort()).toEqual([]);
  });
});

describe('the wording', () => {
  beforeAll(() => z.config(inputMessages()));

  const fields = (name: keyof typeof contract, input: unknown) => {
    const parsed = (contract[name].input as z.ZodType).safeParse(input);
    if (parsed.success) throw new Error('expected a failure');
    return invalidInput(parsed.error).fields;
  };

  it('names the field and what is wrong with it, as a person would say it', () => {
    expect(fields('case-list', { page: -1, pageSize: 500 })).toEqual({
      page: '页码不能小于 0，请更新小程序后重试',
      pageSize: '每页条数不能大于 50，请更新小程序后重试',
    });
    expect(fields('evidence-add', { caseId: 'case-00000001', requestId: 'r-000001', items: [{ title: '', file: 7 }] })).toMatchObject({
      'items.0.title': expect.stringMatching(/^(请填写证据名称|证据名称至少)/),
      'items.0.file': '证据文件应为文字',
    });
  });

  it('says what is missing in words, and tells an outdated app to update', () => {
    expect(fields('case-detail', {})).toEqual({ caseId: '缺少案件编号' });
    expect(fields('case-detail', [])).toEqual({ _: '请求内容应为一组字段，请更新小程序后重试' });
  });
});
