import type * as z from 'zod';

/*
 * A valid input for an action, generated from its zod schema: the fewest fields the schema
 * requires, each leaf the first of a few plain candidates its schema accepts, and every field
 * named after an id of the world (`caseId`, `evidenceId`, …) given that id. Where no candidate
 * fits (a pattern, a refinement across fields), the action needs a sample (./samples.ts).
 */

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  items?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
  checks?: { _zod: { def: { check: string; minimum?: number; value?: number } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const STRINGS = [
  '核验生成的输入',
  '2026-03-10',
  '2026-03-20T09:30:00+08:00',
  '13800138000',
  'matrix-sample-0001',
  '（2026）粤0106民初1号',
  '91350100M000100Y43',
  '广东省广州市天河区体育西路1号',
  '0123456789abcdef',
  'cloud://microcourt-local.0000/uploads/w-hu/sample.pdf',
  'https://example.com/',
  'a',
];
const NUMBERS = [1, 0, 100, 19_900, 2026];

export class NoInput extends Error {}

/** What a schema needs at least: the fewest items an array must have. */
function minItems(def: Def): number {
  const min = (def.checks ?? []).map((c) => c._zod.def).find((c) => c.check === 'min_length');
  return Math.max(1, min?.minimum ?? min?.value ?? 1);
}

function firstAccepted(schema: z.ZodType, candidates: readonly unknown[], path: string): unknown {
  for (const candidate of candidates) if (schema.safeParse(candidate).success) return candidate;
  throw new NoInput(`no plain value fits ${path || 'the input'}`);
}

/**
 * A value `schema` accepts. `ids` are given to fields of those names; `requestId` to fields named
 * so. Optional and defaulted fields are left out.
 */
export function validValue(schema: z.ZodType, ids: Record<string, string>, requestId: string, path = ''): unknown {
  const def = defOf(schema);
  const name = path.split('.').pop() ?? '';
  if (name === 'requestId' && schema.safeParse(requestId).success) return requestId;
  const id = ids[name];
  if (id !== undefined && schema.safeParse(id).success) return id;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const fieldType = defOf(field).type;
        if (fieldType === 'optional' || fieldType === 'default' || fieldType === 'prefault') continue;
        out[key] = validValue(field, ids, requestId, path ? `${path}.${key}` : key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: minItems(def) }, (_, i) => validValue(def.element as z.ZodType, ids, requestId, `${path}[${i}]`));
    case 'tuple':
      return (def.items ?? []).map((item, i) => validValue(item, ids, requestId, `${path}[${i}]`));
    case 'union': {
      let last: unknown;
      for (const option of def.options ?? []) {
        try {
          const value = validValue(option, ids, requestId, path);
          if (option.safeParse(value).success) return value;
        } catch (error) {
          last = error;
        }
      }
      throw last instanceof Error ? last : new NoInput(`no option of ${path} fits`);
    }
    case 'intersection': {
      const left = validValue(def.left as z.ZodType, ids, requestId, path) as Record<string, unknown>;
      const right = validValue(def.right as z.ZodType, ids, requestId, path) as Record<string, unknown>;
      return { ...left, ...right };
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return validValue(def.innerType as z.ZodType, ids, requestId, path);
    case 'pipe':
      return validValue(def.in as z.ZodType, ids, requestId, path);
    case 'lazy':
      return validValue((def.getter as () => z.ZodType)(), ids, requestId, path);
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'boolean':
      return firstAccepted(schema, [true, false], path);
    case 'number':
    case 'int':
      return firstAccepted(schema, NUMBERS, path);
    case 'string':
      return firstAccepted(schema, [...(id === undefined ? [] : [id]), ...STRINGS], path);
    case 'record':
      return {};
    default:
      throw new NoInput(`${path || 'the input'} is a ${def.type}: no generated value`);
  }
}

/** A whole input the action's schema accepts, or why there is none. */
export function generatedInput(schema: z.ZodType, ids: Record<string, string>, requestId: string): { input: unknown } | { missing: string } {
  try {
    const input = validValue(schema, ids, requestId);
    const parsed = schema.safeParse(input);
    if (parsed.success) return { input };
    const issue = parsed.error.issues[0];
    return { missing: `the generated input fails its schema at ${issue?.path.join('.') || 'the top'}: ${issue?.message ?? ''}` };
  } catch (error) {
    if (error instanceof NoInput) return { missing: error.message };
    throw error;
  }
}
