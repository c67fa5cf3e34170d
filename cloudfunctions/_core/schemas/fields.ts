import * as z from 'zod';
import { parseCaseNumber } from '#domain/case-numbers';
import { isRealDate } from '#domain/time';

/**
 * The builders every input field is declared with. Every string has a maximum; text a person
 * types is trimmed, normalised (NFC) and refuses control, bidi and zero-width characters and
 * broken UTF-16; a code, an id or an openid has its shape; money is whole fen; an object a phone
 * sends refuses a field it does not declare. `contract/limits.test.ts` walks every action's input
 * in the contract and fails a field declared without these.
 */

/** What a character refused in text a person types is, in words; undefined when the text is clean. */
export function refusedCharacter(text: string, lines = false): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return '残缺的字符';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return '残缺的字符';
    if (lines && (c === 0x0a || c === 0x09 || c === 0x0d)) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return lines ? '控制字符' : '换行或控制字符';
    // Bidi marks, embeddings, overrides and isolates: they make a name or a sum read otherwise than it is stored.
    if (c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return '文字方向控制符';
    // Zero-width and invisible separators: two names that look the same and are not.
    if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff || c === 0x180e || c === 0x2028 || c === 0x2029) return '不可见字符';
    if (c === 0xfffe || c === 0xffff) return '无效字符';
  }
  return undefined;
}

export interface TextOptions {
  /** At least this many characters after trimming (1 unless given: an empty text is "not filled"). */
  min?: number;
  /** Multi-line text (facts, reasons, a message): newlines and tabs are allowed. */
  lines?: boolean;
  /** The message when the field is missing or not text. */
  required?: string;
  /** The messages when it is too short or too long; otherwise worded from the field's name (messages.ts). */
  tooShort?: string;
  tooLong?: string;
}

/** Every schema personText() made: what the limits test knows as text a person types. */
export const personTextSchemas = new WeakSet<z.ZodType>();

/**
 * Text a person types (a name, a title, facts, a reason): trimmed, NFC-normalised, at most `max`
 * characters, and free of control, bidi and zero-width characters and lone surrogates.
 */
export function personText(max: number, options: TextOptions = {}): z.ZodString {
  const schema = z
    .string(options.required === undefined ? undefined : { error: options.required })
    .trim()
    .normalize('NFC')
    .min(options.min ?? 1, options.tooShort)
    .max(max, options.tooLong)
    .superRefine((text, ctx) => {
      const refused = refusedCharacter(text, options.lines);
      if (refused) ctx.addIssue({ code: 'custom', message: `不能含有${refused}，请删除后重新填写` });
    });
  personTextSchemas.add(schema);
  return schema;
}

/** A person's name as on their identity card: 2–50 characters. */
export const PersonName = personText(50, { min: 2, required: '请填写姓名', tooShort: '姓名至少2个字', tooLong: '姓名过长' });

/** A code of a fixed shape a program or a form fills (a licence number, an order number): its pattern says all it may hold. */
export function code(pattern: RegExp, max: number, message: string, required?: string): z.ZodString {
  return z
    .string(required === undefined ? undefined : { error: required })
    .max(max, message)
    .regex(pattern, message);
}

export interface IdOptions {
  min?: number;
  max?: number;
  required?: string;
  message?: string;
}

/**
 * The id of a stored record (a case, a filing, a document, a service): letters, digits and
 * `_ - : .`, never a slash or a space, so it cannot name a path or an operator.
 */
export function id(options: IdOptions = {}): z.ZodString {
  const { min = 1, max = 64, required, message } = options;
  return z
    .string(required === undefined ? undefined : { error: required })
    .min(min, message)
    .max(max, message)
    .regex(/^[A-Za-z0-9_:.-]+$/, message);
}

/** A case's id, as every case-scoped action takes it. */
export const CaseId = id({ min: 8, max: 64, required: '缺少案件编号' });

/** A WeChat openid (28 characters on WeChat; the emulator's are shorter): letters, digits, `_` and `-`. */
/** A WeChat face check's session (verifyId), for identity-verify's finish and every act that asks a fresh face. */
export const FaceVerifyId = code(/^[A-Za-z0-9_=+/.:-]{8,256}$/, 256, '人脸核身会话标识无效，请重新识别', '请先进行人脸识别');

/** The SHA-256 (hex) of a text the person read before signing: a signature binds that version only. */
export function Sha256Of(what: string): z.ZodString {
  return code(/^[0-9a-f]{64}$/, 64, `${what}摘要格式不正确，请刷新后重试`, `缺少${what}摘要，请刷新后重试`);
}

export const Openid = code(/^[A-Za-z0-9_-]{1,64}$/, 64, '用户标识不正确');

/**
 * 案号 as a person types it (half-width brackets and spaces accepted): （2026）粤0106民初123号.
 * Only what parses as a case number passes, so no path (`../`) or operator reaches a query.
 */
export const CaseNumber = z
  .string({ error: '请填写案号' })
  .max(40, '案号过长')
  .trim()
  .min(8, '请填写完整案号')
  .refine((text) => parseCaseNumber(text) !== null, '案号格式不正确，例如（2026）粤0106民初123号');

/** A client-chosen id for one attempt at a change; the same id on a retry means the same change. */
export const RequestId = z
  .string({ error: '缺少请求编号 requestId' })
  .max(64, '请求编号 requestId 应为 8–64 位字母、数字、下划线或连字符')
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号 requestId 应为 8–64 位字母、数字、下划线或连字符');

/** An amount of money in fen: a non-negative whole number. */
export const Fen = z
  .number({ error: '金额须为数字（单位：分）' })
  .int('金额须为整数（单位：分），不能有小数')
  .nonnegative('金额不能为负数')
  .max(Number.MAX_SAFE_INTEGER, '金额过大');

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsoDate = z.string({ error: '请填写日期' }).max(10, '日期格式应为 YYYY-MM-DD').refine(isRealDate, '日期应为真实存在的日期，格式 YYYY-MM-DD');

/** Which page of a list a phone asks for: numbered from 0, at most 50 rows to a page. */
export const Page = z.strictObject({
  page: z.number().int().min(0).max(1000).default(0),
  pageSize: z.number().int().min(1).max(50).default(20),
});

/** Schemas of outside services' notices (WeChat Pay's): they carry fields we do not read, which are dropped, not refused. */
export const noticeSchemas = new WeakSet<z.ZodType>();

/**
 * The fields an outside service's notice carries that we read; the rest of what it sends (a
 * signature, a nonce, the payer's bank) is dropped. Every other input object is strict.
 */
export function notice<Shape extends z.ZodRawShape>(shape: Shape) {
  const schema = z.object(shape);
  noticeSchemas.add(schema);
  return schema;
}

export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  depth: number;
  /** Size as JSON, in characters. */
  chars?: number;
  /** Most keys of one object, most items of one array. */
  width?: number;
  /** Only the depth and prototype keys (`__proto__`, `constructor`, `prototype`) are checked: what the gateway refuses of any event. */
  shapeOnly?: boolean;
}

/**
 * What a free-form JSON value (a draft) may not hold, in words, or undefined: deeper nesting,
 * more size or width than its limits, a key that is an operator (`$ne`), a dotted path or a
 * prototype's (`__proto__`, `constructor`, `prototype`), text with control, bidi or zero-width
 * characters. Walked without recursion, so no nesting overflows the stack.
 */
export function jsonProblem(value: unknown, limits: JsonLimits): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let chars = 0;
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop() as { value: unknown; depth: number };
    if (limits.shapeOnly && (node === null || typeof node !== 'object')) continue;
    if (typeof node === 'string') {
      chars += node.length + 2;
      const refused = refusedCharacter(node, true);
      if (refused) return `内容不能含有${refused}`;
    } else if (typeof node === 'number') {
      if (!Number.isFinite(node)) return '内容中的数字不正确';
      chars += 8;
    } else if (node === null || typeof node === 'boolean') {
      chars += 5;
    } else if (typeof node === 'object') {
      if (depth >= limits.depth) return `内容层次过深（最多 ${limits.depth} 层）`;
      const entries = Array.isArray(node) ? node.map((item, i) => [String(i), item] as const) : Object.entries(node);
      if (limits.width !== undefined && entries.length > limits.width) return `内容中的一组数据过多（最多 ${limits.width} 项）`;
      if (!Array.isArray(node)) {
        for (const [key] of entries) {
          chars += key.length + 3;
          if (FORBIDDEN_KEYS.has(key)) return `内容中的字段名不被接受：${key}`;
          if (limits.shapeOnly) continue;
          if (key.startsWith('$') || key.includes('.') || key === '' || key.length > 64 || refusedCharacter(key))
            return `内容中的字段名不被接受：${key.slice(0, 20)}`;
        }
      }
      for (const [, item] of entries) stack.push({ value: item, depth: depth + 1 });
    } else {
      return '内容格式不正确';
    }
    if (limits.chars !== undefined && chars > limits.chars) return '内容过大';
  }
  return undefined;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A free-form JSON object (a draft the wizard keeps), within its limits. */
export function jsonObject(limits: Omit<JsonLimits, 'shapeOnly'>) {
  return z.record(z.string().max(64), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonProblem(value, limits);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
