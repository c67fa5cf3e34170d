import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';

/** Globals each Node.js major version added: a runtime older than that version lacks them. */
const ADDED_IN: Record<number, readonly string[]> = {
  17: ['structuredClone'],
  18: ['fetch', 'FormData', 'Headers', 'Request', 'Response', 'Blob', 'BroadcastChannel'],
  19: ['crypto', 'CustomEvent'],
  20: ['File'],
  21: ['navigator'],
  22: ['WebSocket'],
};

/** The globals a runtime of this Node.js major version does not have. */
export function missingGlobals(node: number): Set<string> {
  return new Set(
    Object.entries(ADDED_IN)
      .filter(([version]) => Number(version) > node)
      .flatMap(([, names]) => names),
  );
}

type AstNode = { type: string; range?: [number, number] } & Record<string, unknown>;

/** The names the code tests with `typeof`, which is how code asks whether a global exists. */
function typeofOperands(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) typeofOperands(child, out);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as AstNode).type !== 'string') return;
  const ast = node as AstNode;
  const argument = ast.argument as AstNode | undefined;
  if (ast.type === 'UnaryExpression' && ast.operator === 'typeof' && argument?.type === 'Identifier') out.add(String(argument.name));
  for (const [key, value] of Object.entries(ast)) if (key !== 'range' && key !== 'loc') typeofOperands(value, out);
}

/**
 * The globals a bundle uses that a runtime of this Node.js version lacks: every free identifier
 * of the bundle (scope analysis, not text search). A global the bundle tests with `typeof`
 * somewhere is taken as feature-detected (zod asks `typeof File` before `instanceof File`).
 */
export function globalsMissingFor(code: string, node: number): string[] {
  const ast = espree.parse(code, { ecmaVersion: 'latest', sourceType: 'script', range: true });
  // espree's tree is ESTree, which eslint-scope reads; their typings name two copies of it.
  const scopes = eslintScope.analyze(ast as unknown as Parameters<typeof eslintScope.analyze>[0], { ecmaVersion: 2022, sourceType: 'script' });
  const guarded = new Set<string>();
  typeofOperands(ast, guarded);
  const missing = missingGlobals(node);
  const used = new Set<string>();
  for (const reference of scopes.globalScope?.through ?? []) {
    const { name } = reference.identifier as { name: string };
    if (missing.has(name) && !guarded.has(name)) used.add(name);
  }
  return [...used].sort();
}
