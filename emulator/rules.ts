// CloudBase's security rules (developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/
// security-rules, .../storage/security-rules): `{ "read": <boolean | expression>, "write": ... }`
// (database rules also `create`, `update`, `delete`), an expression over `auth` (`openid`, `uid`,
// `loginType`; null when nobody is signed in), `doc` (the document) or `resource` (the file:
// `openid`, its owner, and `path`). The syntax evaluated here is what those pages write: literals
// (true, false, null, numbers, 'strings'), member paths, `== != < <= > >=`, `&& || !`, parentheses,
// and a regex literal's `.test(value)`. Anything else does not parse, and a rule that does not
// parse denies.

type Value = unknown;
/** A value the rule cannot know yet (a field of `doc` the query does not pin): it denies. */
export const UNKNOWN = Symbol('unknown');

type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'path'; parts: string[] }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'test'; regex: RegExp; operand: Node };

const TOKEN =
  /\s*(?:(\/(?:\\.|[^/\\])+\/[a-z]*)|('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")|(\d+(?:\.\d+)?)|(==|!=|<=|>=|&&|\|\||[<>!().,])|([A-Za-z_$][A-Za-z0-9_$]*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`cannot read the rule at ${text.slice(at)}`);
    tokens.push(match[0].trim());
    at = TOKEN.lastIndex;
  }
  return tokens;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 };

export function parseRule(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const token = tokens[i];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`expected ${expected ?? 'more'} in the rule ${text}`);
    i += 1;
    return token;
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = expression(0);
      take(')');
      return inner;
    }
    if (token === '!') return { kind: 'not', operand: primary() };
    if (token.startsWith('/')) {
      const end = token.lastIndexOf('/');
      const regex = new RegExp(token.slice(1, end), token.slice(end + 1));
      take('.');
      take('test');
      take('(');
      const operand = expression(0);
      take(')');
      return { kind: 'test', regex, operand };
    }
    if (token.startsWith("'") || token.startsWith('"')) return { kind: 'literal', value: token.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (/^\d/.test(token)) return { kind: 'literal', value: Number(token) };
    if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
    if (token === 'null') return { kind: 'literal', value: null };
    if (!/^[A-Za-z_$]/.test(token)) throw new Error(`unexpected ${token} in the rule ${text}`);
    const parts = [token];
    while (peek() === '.') {
      take('.');
      parts.push(take());
    }
    return { kind: 'path', parts };
  };
  const expression = (min: number): Node => {
    let left = primary();
    for (;;) {
      const op = peek();
      const precedence = op === undefined ? undefined : PRECEDENCE[op];
      if (op === undefined || precedence === undefined || precedence < min) break;
      take();
      const right = expression(precedence + 1);
      left = { kind: 'binary', op, left, right };
    }
    return left;
  };
  const node = expression(0);
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i] ?? ''} in the rule ${text}`);
  return node;
}

/** What a rule sees: `auth`, and `doc` or `resource` (a function: UNKNOWN for what is not known). */
export interface RuleContext {
  auth: { openid: string; uid?: string; loginType: string } | null;
  lookup(root: string, parts: string[]): Value | typeof UNKNOWN;
}

function evaluate(node: Node, context: RuleContext): Value | typeof UNKNOWN {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path': {
      const [root, ...rest] = node.parts;
      if (root === 'auth') {
        let value: unknown = context.auth;
        for (const part of rest) value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[part];
        return value === undefined ? null : value;
      }
      return context.lookup(root ?? '', rest);
    }
    case 'not': {
      const value = evaluate(node.operand, context);
      return value === UNKNOWN ? UNKNOWN : !truthy(value);
    }
    case 'test': {
      const value = evaluate(node.operand, context);
      return value === UNKNOWN ? UNKNOWN : typeof value === 'string' && node.regex.test(value);
    }
    case 'binary': {
      const left = evaluate(node.left, context);
      if (node.op === '&&') {
        if (left !== UNKNOWN && !truthy(left)) return false;
        const right = evaluate(node.right, context);
        if (right !== UNKNOWN && !truthy(right)) return false;
        return left === UNKNOWN || right === UNKNOWN ? UNKNOWN : true;
      }
      if (node.op === '||') {
        if (left !== UNKNOWN && truthy(left)) return true;
        const right = evaluate(node.right, context);
        if (right !== UNKNOWN && truthy(right)) return true;
        return left === UNKNOWN || right === UNKNOWN ? UNKNOWN : false;
      }
      const right = evaluate(node.right, context);
      if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
      const a = left === undefined ? null : left;
      const b = right === undefined ? null : right;
      switch (node.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        default: {
          if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
          const [x, y] = [a as number | string, b as number | string];
          return node.op === '<' ? x < y : node.op === '<=' ? x <= y : node.op === '>' ? x > y : x >= y;
        }
      }
    }
  }
}

const truthy = (value: unknown) => value === true;

/**
 * Whether a rule allows: `true`/`false` as written, an expression when it evaluates to true
 * (an expression that does not parse, or that depends on what is not known, denies).
 */
export function allows(rule: unknown, context: RuleContext): boolean {
  if (rule === true) return true;
  if (typeof rule !== 'string') return false;
  try {
    return evaluate(parseRule(rule), context) === true;
  } catch {
    return false;
  }
}

/** A lookup in a plain object (a document, a file's resource). */
export function fieldsOf(root: string, value: Record<string, unknown> | null): RuleContext['lookup'] {
  return (name, parts) => {
    if (name !== root) return UNKNOWN;
    let current: unknown = value;
    for (const part of parts) current = current === null || typeof current !== 'object' ? undefined : (current as Record<string, unknown>)[part];
    return current === undefined ? null : current;
  };
}

/**
 * A query's view of `doc` for a rule: a field the query pins by equality (`{ _openid: 'o-hu' }`,
 * `{ _openid: _.eq('o-hu') }`, also inside `$and`) is known; any other is UNKNOWN. So a rule on
 * `doc` allows a query only when every document it can match satisfies the rule: CloudBase's
 * "查询条件必须是安全规则的子集".
 */
export function pinnedBy(query: Record<string, unknown>): RuleContext['lookup'] {
  const pinned = new Map<string, unknown>();
  const visit = (node: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' && Array.isArray(value)) value.forEach((part) => part && typeof part === 'object' && visit(part as Record<string, unknown>));
      else if (key.startsWith('$')) continue;
      else if (value === null || typeof value !== 'object' || value instanceof Date) pinned.set(key, value);
      else if (!Array.isArray(value) && Object.keys(value).length === 1 && '$eq' in value) pinned.set(key, (value as { $eq: unknown }).$eq);
    }
  };
  visit(query);
  return (name, parts) => {
    if (name !== 'doc') return UNKNOWN;
    const key = parts.join('.');
    return pinned.has(key) ? pinned.get(key) : UNKNOWN;
  };
}
