/**
 * Shape-agnostic AST helpers. The detection knowledge runs on two AST dialects: ESTree from
 * ESLint's parsers (rules) and Babel's from recast (the jscodeshift codemod). Everything here
 * accepts both, so there is one definition of "entrypoint", "promise API", … not two.
 */

/** Any AST node, from either dialect. */
export interface AnyNode {
  type: string;
  [key: string]: unknown;
}

export const isNode = (value: unknown): value is AnyNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

export function child(node: AnyNode, key: string): AnyNode | undefined {
  const value = node[key];
  return isNode(value) ? value : undefined;
}

export function children(node: AnyNode, key: string): AnyNode[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/** A string literal's value (ESTree `Literal`, Babel `StringLiteral`, or a template without expressions). */
export function stringValue(node: AnyNode | undefined): string | undefined {
  if (!node) return undefined;
  if ((node.type === 'Literal' || node.type === 'StringLiteral') && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && children(node, 'expressions').length === 0) {
    const quasi = children(node, 'quasis')[0];
    const value = quasi?.value as { cooked?: string | null } | undefined;
    return value?.cooked ?? undefined;
  }
  return undefined;
}

/**
 * A directive-prologue entry (`'use strict'`). ESLint's parsers leave `directive` off every other
 * expression statement; oxlint sets it to `null` there, so only a string means a directive.
 */
export const isDirective = (statement: AnyNode): boolean => typeof statement.directive === 'string';

const TRANSPARENT_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TypeCastExpression',
  'ParenthesizedExpression',
  'ChainExpression',
]);

/** Strips type assertions, `!`, parentheses and optional-chain wrappers, which do not change the value. */
export function unwrap(node: AnyNode | undefined): AnyNode | undefined {
  let current = node;
  while (current && TRANSPARENT_WRAPPERS.has(current.type)) current = child(current, 'expression');
  return current;
}

export const isMemberExpression = (node: AnyNode | undefined): boolean =>
  node?.type === 'MemberExpression' || node?.type === 'OptionalMemberExpression';

export const isCallExpression = (node: AnyNode | undefined): boolean =>
  node?.type === 'CallExpression' || node?.type === 'OptionalCallExpression';

/**
 * Functions with a body. Babel's method nodes are functions themselves (ESTree wraps a
 * `FunctionExpression` in `MethodDefinition`/`Property`), so they count too: both dialects agree.
 */
export const isFunctionNode = (node: AnyNode | undefined): boolean =>
  node?.type === 'FunctionExpression' ||
  node?.type === 'ArrowFunctionExpression' ||
  node?.type === 'FunctionDeclaration' ||
  node?.type === 'ClassMethod' ||
  node?.type === 'ClassPrivateMethod' ||
  node?.type === 'ObjectMethod';

/**
 * The static name of a member's property: `a.b` → `b`, `a['b']` → `b`, `a.#b` → `b`, `a[b]` → undefined.
 * (ESTree's `PrivateIdentifier` holds the name, Babel's `PrivateName` holds it in an `id`.)
 */
export function propertyName(member: AnyNode): string | undefined {
  const property = child(member, 'property');
  if (!property) return undefined;
  if (!member.computed) {
    const named = property.type === 'PrivateName' ? child(property, 'id') : property;
    if (named && (named.type === 'Identifier' || named.type === 'PrivateIdentifier')) {
      return typeof named.name === 'string' ? named.name : undefined;
    }
    return undefined;
  }
  return stringValue(property);
}

/**
 * The call of method `name` that `receiver` is the object of (`receiver.name(…)`), if it is one;
 * `parentOf` says how to go up the tree (the dialects keep parents differently).
 */
export function methodCallOn(
  receiver: AnyNode,
  name: string,
  parentOf: (node: AnyNode) => AnyNode | undefined,
): AnyNode | undefined {
  const member = parentOf(receiver);
  if (!member || !isMemberExpression(member) || child(member, 'object') !== receiver || propertyName(member) !== name)
    return undefined;
  const call = parentOf(member);
  return call && isCallExpression(call) && child(call, 'callee') === member ? call : undefined;
}

/**
 * The name a property or class member is declared under, when static: `run`, `'run'`, `['run']`,
 * `#run` (as `run`). Undefined for a computed key that is not a string.
 */
export function keyName(node: AnyNode): string | undefined {
  const key = child(node, 'key');
  if (!key) return undefined;
  if (node.computed) return stringValue(key);
  const named = key.type === 'PrivateName' ? child(key, 'id') : key;
  if (named?.type === 'Identifier' || named?.type === 'PrivateIdentifier')
    return typeof named.name === 'string' ? named.name : undefined;
  return stringValue(key);
}

/**
 * A dotted path for identifiers and static member chains: `process.on` → 'process.on',
 * `this.queue.add` → 'this.queue.add', `import.meta.url` → 'import.meta.url'. Undefined for anything dynamic.
 */
export function memberPath(node: AnyNode | undefined): string | undefined {
  const target = unwrap(node);
  if (!target) return undefined;
  switch (target.type) {
    case 'Identifier':
      return typeof target.name === 'string' ? target.name : undefined;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'MetaProperty': {
      const meta = child(target, 'meta');
      const property = child(target, 'property');
      return `${String(meta?.name)}.${String(property?.name)}`;
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const object = memberPath(child(target, 'object'));
      const property = propertyName(target);
      return object !== undefined && property !== undefined ? `${object}.${property}` : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a function node is `async`. */
const rangeOf = (node: AnyNode): readonly [number, number] =>
  (node.range as [number, number] | undefined) ?? [Number(node.start ?? 0), Number(node.end ?? 0)];

/** Whether `inner`'s source range lies within `outer`'s (ESTree `range` or Babel `start`/`end`). */
export function contains(outer: AnyNode, inner: AnyNode): boolean {
  const [a, b] = rangeOf(outer);
  const [c, d] = rangeOf(inner);
  return a <= c && d <= b;
}

export const isAsyncFunction = (node: AnyNode | undefined): boolean => isFunctionNode(node) && node?.async === true;

/** The argument written at `index`, unless it is a spread (a spread before it is not accounted for). */
export function argument(call: AnyNode, index: number): AnyNode | undefined {
  const arg = children(call, 'arguments')[index];
  return arg && arg.type !== 'SpreadElement' ? arg : undefined;
}

/** The object at the bottom of a member chain: `a` of `a.b.c` (through wrappers), or the node itself. */
export function memberChainRoot(node: AnyNode | undefined): AnyNode | undefined {
  let current = unwrap(node);
  while (current && isMemberExpression(current)) current = unwrap(child(current, 'object'));
  return current;
}

/** The identifier a member chain starts from (`fs` of `fs.promises.readFile`), if it starts from one. */
export function rootIdentifier(node: AnyNode | undefined): AnyNode | undefined {
  const root = memberChainRoot(node);
  return root?.type === 'Identifier' ? root : undefined;
}

/**
 * Visits every node below `root` in source order. `enter` returning `false` skips that node's children.
 * Iterative (no recursion limit on generated code) and dialect-agnostic: it follows every child key
 * except position and parent links.
 */
export function walk(root: AnyNode, enter: (node: AnyNode, parent: AnyNode | undefined) => boolean | void): void {
  // Parallel stacks and one scratch buffer: no allocation per node (walks showed as GC in lint profiles).
  const nodes: AnyNode[] = [root];
  const parents: Array<AnyNode | undefined> = [undefined];
  const scratch: AnyNode[] = [];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (enter(node, parent) === false) continue;
    pushChildNodes(node, scratch);
    for (let i = scratch.length - 1; i >= 0; i--) {
      nodes.push(scratch[i]!);
      parents.push(node);
    }
    scratch.length = 0;
  }
}

/** Whether a function body has a `return` of its own (not in a nested function or class) that `test` accepts. */
export function someOwnReturn(body: AnyNode, test: (statement: AnyNode) => boolean = () => true): boolean {
  const nodes: AnyNode[] = [body];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (node.type === 'ReturnStatement' && test(node)) return true;
    if (node !== body && (isFunctionNode(node) || node.type === 'ClassBody')) continue;
    pushChildNodes(node, nodes);
  }
  return false;
}

/**
 * Visits every node below `root` in source order with its ancestors (outermost first; the array is
 * reused, copy it to keep it). `enter` returning `false` skips that node's children.
 */
export function walkWithAncestors(
  root: AnyNode,
  enter: (node: AnyNode, ancestors: readonly AnyNode[]) => boolean | void,
): void {
  const ancestors: AnyNode[] = [];
  const stack: Array<{ node: AnyNode; depth: number }> = [{ node: root, depth: 0 }];
  const pending: AnyNode[] = [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    ancestors.length = depth;
    if (enter(node, ancestors) === false) continue;
    ancestors.push(node);
    pushChildNodes(node, pending);
    for (let i = pending.length - 1; i >= 0; i--) stack.push({ node: pending[i]!, depth: depth + 1 });
    pending.length = 0;
  }
}

const parentMaps = new WeakMap<AnyNode, Map<AnyNode, AnyNode>>();

/** Parent links for a tree parsed without them: one walk per root, cached. */
export function parentLinks(root: AnyNode): (node: AnyNode) => AnyNode | undefined {
  let parents = parentMaps.get(root);
  if (!parents) {
    const map = new Map<AnyNode, AnyNode>();
    walk(root, (node, parent) => {
      if (parent) map.set(node, parent);
    });
    parentMaps.set(root, (parents = map));
  }
  return (node) => parents.get(node);
}

/** A node's ancestors, outermost first, by following `parentOf`. */
export function ancestorsVia(node: AnyNode, parentOf: (node: AnyNode) => AnyNode | undefined): AnyNode[] {
  const ancestors: AnyNode[] = [];
  for (let at = parentOf(node); at; at = parentOf(at)) ancestors.push(at);
  return ancestors.reverse();
}

/** Appends the child nodes of `node` to `out` in source order: every key but position and parent links (the one list every walker uses). */
export function pushChildNodes(node: AnyNode, out: AnyNode[]): void {
  for (const key in node) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = node[key];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) {
      out.push(value);
    }
  }
}

const SKIPPED_KEYS = new Set([
  'parent',
  'loc',
  'range',
  'start',
  'end',
  'comments',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'tokens',
  'extra',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
]);

/**
 * Expressions whose value is a primitive or a fresh array/object literal, in ESTree and Babel: every
 * literal, a template, `[…]`, `{…}`, and the operators `!x`, `a + b`, `i++`. None is a function.
 */
export const VALUE_EXPRESSION_TYPES: readonly string[] = [
  'Literal',
  'StringLiteral',
  'NumericLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'BigIntLiteral',
  'RegExpLiteral',
  'TemplateLiteral',
  'ObjectExpression',
  'ArrayExpression',
  'UnaryExpression',
  'BinaryExpression',
  'UpdateExpression',
];
