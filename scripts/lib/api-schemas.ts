import path from 'node:path';
import * as z from 'zod';
import { actionNames, contract, Environments, Modules, type ActionEntry } from '../../cloudfunctions/_core/contract';
import { defaultMessage, ErrorCode } from '../../cloudfunctions/_core/runtime/errors';
import { ROOT } from './functions';

/** Where the open interface is published: one JSON Schema document per action, and the error codes. */
export const API_DIR = path.join(ROOT, 'api');

const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The contract as JSON Schema (the seed's 一套规范: one data format other vendors can build on):
 * for each action its module, callers and environment, its input as a caller sends it and its
 * answer's `data` as the function returns it, inside the envelope every action answers.
 */
export function apiDocuments(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const index: Record<string, unknown>[] = [];
  for (const name of [...actionNames].sort()) {
    const { module, title, allow, access, verified, mutating, env, callback, input, output } = contract[name] as ActionEntry & { callback?: boolean };
    const facts = {
      name,
      title,
      module,
      moduleTitle: Modules[module],
      allow,
      ...(access ? { access } : {}),
      verified: verified ?? false,
      mutating: mutating ?? false,
      environment: env,
      ...(callback ? { callback } : {}),
    };
    index.push({ ...facts, file: `${name}.json` });
    out.set(`${name}.json`, {
      $schema: SCHEMA,
      $id: `microcourt/api/${name}.json`,
      ...facts,
      input: z.toJSONSchema(input, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
      output: z.toJSONSchema(output, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }),
    });
  }
  out.set('errors.json', {
    $schema: SCHEMA,
    $id: 'microcourt/api/errors.json',
    title: '错误码：每个动作失败时答复 { ok: false, error: { code, message, fields? } }',
    codes: Object.values(ErrorCode).map((code) => ({ code, message: defaultMessage[code] })),
  });
  out.set('index.json', {
    $id: 'microcourt/api/index.json',
    title: '微法院开放接口：每个动作一份 JSON Schema',
    envelope: {
      ok: { ok: true, data: '<output>' },
      error: { ok: false, error: { code: '<errors.json>', message: '中文说明', fields: { '<字段>': '中文说明' } } },
    },
    environments: Object.fromEntries(Object.entries(Environments).map(([key, e]) => [key, { title: e.title, database: e.database }])),
    actions: index,
  });
  return out;
}

/** A document as it is written to api/: two-space JSON and a final newline. */
export function apiText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
