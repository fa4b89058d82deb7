/**
 * Which expressions are promises, without type information (docs/architecture.md §4, §5): THE table of Node's
 * promise APIs plus the syntactic helpers built on it. Shared by `no-unmanaged-promises` (ESTree,
 * resolving names with ESLint's scope analysis) and the `graceful-main` codemod (Babel nodes,
 * resolving names with `scopeFromProgram`, one walk per file). Extend rows here, never in a tool.
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  keyName,
  memberPath,
  propertyName,
  rootIdentifier,
  unwrap,
  walk,
} from './syntax/ast.js';
import { type ImportMap, collectImports, resolveReference } from './imports.js';
import { isTrackerCallee } from './main-context.js';
import {
  GLOBAL_BINDING,
  IMPORT_BINDING,
  type NameResolution,
  type NameResolver,
  UNKNOWN_BINDING,
} from './syntax/names.js';
import { patternNames } from './syntax/patterns.js';
import { PROMISE_CHAIN_METHODS } from './syntax/promise-chain.js';
import { isRequireExpression } from './syntax/require.js';

/**
 * Module exports (normalised module → export paths) whose call returns a promise. A trailing `.*`
 * matches every member below it. Not listed on purpose: APIs that return async iterators
 * (`events.on`, `fs/promises.watch`, `timers/promises.setInterval`) and `node:test`'s `test`/`it`,
 * whose top-level promises are meant to float.
 */
export const NODE_PROMISE_APIS: Readonly<Record<string, readonly string[]>> = {
  'fs/promises': [
    'access',
    'appendFile',
    'chmod',
    'chown',
    'copyFile',
    'cp',
    'lchmod',
    'lchown',
    'link',
    'lstat',
    'lutimes',
    'mkdir',
    'mkdtemp',
    'open',
    'opendir',
    'readdir',
    'readFile',
    'readlink',
    'realpath',
    'rename',
    'rm',
    'rmdir',
    'stat',
    'statfs',
    'symlink',
    'truncate',
    'unlink',
    'utimes',
    'writeFile',
  ],
  'dns/promises': [
    'lookup',
    'lookupService',
    'resolve',
    'resolve4',
    'resolve6',
    'resolveAny',
    'resolveCaa',
    'resolveCname',
    'resolveMx',
    'resolveNaptr',
    'resolveNs',
    'resolvePtr',
    'resolveSoa',
    'resolveSrv',
    'resolveTxt',
    'reverse',
  ],
  'timers/promises': ['setTimeout', 'setImmediate', 'scheduler.wait', 'scheduler.yield'],
  'stream/promises': ['pipeline', 'finished'],
  events: ['once', 'EventEmitter.once'],
  assert: ['rejects', 'doesNotReject', 'strict.rejects', 'strict.doesNotReject'],
  'assert/strict': ['rejects', 'doesNotReject'],
  crypto: ['webcrypto.subtle.*', 'subtle.*'],
  'node-fetch': ['default'],
  undici: ['fetch', 'request'],
};

/** The promise-returning exports of a module named in code (never an `Object.prototype` member). */
export const nodePromiseExports = (module: string): readonly string[] | undefined =>
  Object.hasOwn(NODE_PROMISE_APIS, module) ? NODE_PROMISE_APIS[module] : undefined;

/** Factories whose result has promise-returning methods: `readline/promises` → `rl.question()`. */
export const PROMISE_INSTANCE_FACTORIES: ReadonlyArray<{
  readonly module: string;
  readonly factories: readonly string[];
  readonly methods: readonly string[];
}> = [{ module: 'readline/promises', factories: ['createInterface', 'Interface'], methods: ['question'] }];

/** `util.promisify(f)` returns a function whose calls are promises. */
export const PROMISIFY = { module: 'util', name: 'promisify' } as const;

/** Global functions (paths) whose calls are promises. `crypto.subtle.*`: every SubtleCrypto method. */
export const GLOBAL_PROMISE_FUNCTIONS: readonly string[] = [
  'fetch',
  'WebAssembly.compile',
  'WebAssembly.compileStreaming',
  'WebAssembly.instantiate',
  'WebAssembly.instantiateStreaming',
  'crypto.subtle.*',
];

/** Roots of the global promise paths (`Promise.all`, `crypto.subtle.digest`, `globalThis.fetch`): only these need a global lookup. */
const GLOBAL_ROOTS: ReadonlySet<string> = new Set([
  'Promise',
  'globalThis',
  ...GLOBAL_PROMISE_FUNCTIONS.map((path) => path.split('.')[0]!),
]);

/** Methods that return promises on instances made by `PROMISE_INSTANCE_FACTORIES`. */
const FACTORY_METHODS: ReadonlySet<string> = new Set(PROMISE_INSTANCE_FACTORIES.flatMap((row) => row.methods));

/** `Promise.<static>` calls that return a promise (`withResolvers` returns an object). */
export const PROMISE_STATICS: ReadonlySet<string> = new Set([
  'resolve',
  'reject',
  'all',
  'allSettled',
  'race',
  'any',
  'try',
]);

/** The statics that make the promises they receive managed when their own result is (docs/architecture.md §4). */
export const PROMISE_AGGREGATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'race', 'any']);

/** `Object` statics that return the object they are given: `Object.defineProperties(promise, …)` starts nothing new. */
const RETURNS_ITS_ARGUMENT: ReadonlySet<string> = new Set([
  'Object.defineProperty',
  'Object.defineProperties',
  'Object.assign',
  'Object.freeze',
  'Object.seal',
  'Object.preventExtensions',
  'Object.setPrototypeOf',
]);

/**
 * A statement that floats no new promise on purpose: `Promise.reject(error)` alone does nothing but
 * raise an unhandled rejection (code that writes it wants exactly that), `import(file)` alone is the
 * module form of `require(file)` (a module that fails to load must crash the process, as a throwing
 * `require` would), and `Object.assign(p, …)` returns the promise it was given, which is judged where
 * it was created.
 */
export function floatsNothingNew(expression: AnyNode | undefined): boolean {
  const node = unwrap(expression);
  if (node?.type === 'ImportExpression') return true;
  if (!isCallExpression(node)) return false;
  const path = memberPath(child(node!, 'callee'));
  return path === 'Promise.reject' || (path !== undefined && RETURNS_ITS_ARGUMENT.has(path));
}

function matchesExport(rows: readonly string[] | undefined, name: string): boolean {
  if (!rows) return false;
  return rows.some((row) =>
    row.endsWith('.*') ? name.startsWith(row.slice(0, -1)) && name.length > row.length - 1 : row === name,
  );
}

/**
 * Name resolution for the syntactic helpers. The rule answers with ESLint's scope analysis; the
 * codemod with `scopeFromProgram` (names only, no shadowing). Both dialects.
 */
export interface PromiseScope {
  /** Top-level imports and requires (`collectImports`). */
  readonly imports: ImportMap;
  /** What an identifier refers to. */
  readonly resolve: NameResolver;
  /** For `this.m` (a member whose object is `this`): whether that method is an async method of the enclosing class. */
  isAsyncThisMethod(member: AnyNode): boolean;
  /** For `this.m`: the function of that method of the enclosing class or object literal, when it can be found. */
  thisMethod?(member: AnyNode): AnyNode | undefined;
  /**
   * Optional prefilter: false when no async method / async property of that name is declared in the
   * file, so `x.name()` needs no name resolution. A superset is fine (it only saves work).
   */
  mayBeAsyncMember?(name: string): boolean;
}

const MAX_DEPTH = 6;

/** `async` and not a generator (an async generator returns an AsyncGenerator, not a promise). */
export const isAsyncNonGenerator = (fn: AnyNode | undefined): boolean => fn?.async === true && fn.generator !== true;

/** The function of a method-like member: ESTree `MethodDefinition`/`Property` values, Babel `ClassMethod`/`ObjectMethod` themselves, class-field arrows. */
export function memberFunction(member: AnyNode): AnyNode | undefined {
  if (member.type === 'ClassMethod' || member.type === 'ObjectMethod' || member.type === 'ClassPrivateMethod')
    return member;
  const value = unwrap(child(member, 'value'));
  return isFunctionNode(value) ? value : undefined;
}

/**
 * A class body's own member `name` (static or instance as asked): its method / arrow field, or
 * `'accessor'` when only a getter / setter has that name (it still hides a superclass's method).
 */
function ownClassMember(classNode: AnyNode, name: string, isStatic: boolean): AnyNode | 'accessor' | undefined {
  const body = child(classNode, 'body');
  let accessor = false;
  for (const member of body ? children(body, 'body') : []) {
    if (Boolean(member.static) !== isStatic || keyName(member) !== name) continue;
    if (member.kind === 'get' || member.kind === 'set') accessor = true;
    else return member;
  }
  return accessor ? 'accessor' : undefined;
}

/** `class Server extends BaseServer`: the superclass when it is a class declared in this file. */
function sameFileSuperclass(classNode: AnyNode, resolve: NameResolver): AnyNode | undefined {
  const superClass = unwrap(child(classNode, 'superClass'));
  if (superClass?.type === 'ClassExpression') return superClass;
  if (superClass?.type !== 'Identifier') return undefined;
  const resolution = resolve(superClass);
  if (resolution.kind === 'class') return resolution.node;
  const init = resolution.kind === 'value' ? unwrap(resolution.init) : undefined;
  return init?.type === 'ClassExpression' ? init : undefined;
}

/**
 * The function of a class's method / arrow field `name` (static or instance as asked), if it has
 * one. With a resolver, a method the class does not declare is looked up in its superclasses
 * declared in this file (`this.handshake()` in a subclass of the class that declares it).
 */
export function classMethod(
  classNode: AnyNode,
  name: string,
  isStatic: boolean,
  resolve?: NameResolver,
): AnyNode | undefined {
  let current: AnyNode | undefined = classNode;
  for (let depth = 0; current && depth <= MAX_DEPTH; depth++) {
    const member = ownClassMember(current, name, isStatic);
    if (member) return member === 'accessor' ? undefined : memberFunction(member);
    current = resolve ? sameFileSuperclass(current, resolve) : undefined;
  }
  return undefined;
}

/** The function of an object literal's method / function property `name`, if it has one. */
export function objectMethod(object: AnyNode, name: string): AnyNode | undefined {
  for (const property of children(object, 'properties')) {
    if (property.type === 'SpreadElement' || property.type === 'SpreadProperty') continue;
    if (keyName(property) === name && property.kind !== 'get' && property.kind !== 'set')
      return memberFunction(property);
  }
  return undefined;
}

/** Whether a class has an async method / async arrow field `name` (static or instance as asked); see `classMethod`. */
export function classHasAsyncMethod(
  classNode: AnyNode,
  name: string,
  isStatic: boolean,
  resolve?: NameResolver,
): boolean {
  return isAsyncNonGenerator(classMethod(classNode, name, isStatic, resolve));
}

/** Whether an object literal has an async method / async arrow property `name`. */
export function objectHasAsyncMethod(object: AnyNode, name: string): boolean {
  return isAsyncNonGenerator(objectMethod(object, name));
}

/** The module export a callee names, when its root is an import / require binding (or an inline `require`). */
export function moduleExportOf(
  callee: AnyNode | undefined,
  scope: PromiseScope,
): { source: string; imported: string } | undefined {
  const target = unwrap(callee);
  if (!target) return undefined;
  const root = rootIdentifier(target);
  if (root) {
    if (typeof root.name !== 'string' || !scope.imports.has(root.name)) return undefined;
    // A local that shadows the import is not the module (the map only holds top-level bindings).
    const resolution = scope.resolve(root);
    if (resolution.kind !== 'import' && !(resolution.kind === 'value' && isRequireExpression(resolution.init)))
      return undefined;
  }
  return resolveReference(target, scope.imports);
}

/** The Node promise API a callee names (`fsp.readFile` → 'fs/promises#readFile'), if any. */
export function nodePromiseApi(callee: AnyNode | undefined, scope: PromiseScope): string | undefined {
  const binding = moduleExportOf(callee, scope);
  if (!binding) return undefined;
  return matchesExport(nodePromiseExports(binding.source), binding.imported)
    ? `${binding.source}#${binding.imported}`
    : undefined;
}

/** `util.promisify(f)` (however `util` was imported). */
export function isPromisifyCall(node: AnyNode | undefined, scope: PromiseScope): boolean {
  const call = unwrap(node);
  if (!isCallExpression(call)) return false;
  const binding = moduleExportOf(child(call!, 'callee'), scope);
  return binding?.source === PROMISIFY.module && binding.imported === PROMISIFY.name;
}

function globalPath(callee: AnyNode, scope: PromiseScope): string | undefined {
  const root = rootIdentifier(callee);
  if (!root || scope.resolve(root).kind !== 'global') return undefined;
  const path = memberPath(callee);
  return path?.startsWith('globalThis.') ? path.slice('globalThis.'.length) : path;
}

/** Whether calling this (resolved) value returns a promise: an async function, a promisified function. */
function valueIsAsyncCallable(value: AnyNode | undefined, scope: PromiseScope, depth: number): boolean {
  const target = unwrap(value);
  if (!target || depth > MAX_DEPTH) return false;
  if (isFunctionNode(target)) return isAsyncNonGenerator(target) || returnsPromiseExpression(target, scope, depth + 1);
  if (isPromisifyCall(target, scope)) return true;
  if (target.type === 'Identifier') return isAsyncCallable(target, scope, depth + 1);
  // `const save = store.save.bind(store)`
  if (isCallExpression(target)) {
    const callee = unwrap(child(target, 'callee'));
    if (isMemberExpression(callee) && propertyName(callee!) === 'bind')
      return isAsyncCallable(child(callee!, 'object'), scope, depth + 1);
  }
  return false;
}

/**
 * Whether calling `callee` returns a promise, syntactically: a function / arrow / method declared
 * async in this file (hoisted or not, exported or not, `this.m`, `obj.m` on an object literal,
 * `Class.m` statics, `new Class().m`), a promisified function, a Node promise API, `fetch`.
 * Also used for callbacks: `forEach(save)` drops `save`'s promise when `save` is async.
 */
export function isAsyncCallable(callee: AnyNode | undefined, scope: PromiseScope, depth = 0): boolean {
  const target = unwrap(callee);
  if (!target || depth > MAX_DEPTH) return false;
  if (isFunctionNode(target) || target.type === 'ClassMethod' || target.type === 'ObjectMethod')
    return isAsyncNonGenerator(target) || returnsPromiseExpression(target, scope, depth);
  if (target.type === 'Identifier') {
    const resolution = scope.resolve(target);
    switch (resolution.kind) {
      case 'function':
        return isAsyncNonGenerator(resolution.node) || returnsPromiseExpression(resolution.node, scope, depth + 1);
      case 'value':
        return valueIsAsyncCallable(resolution.init, scope, depth + 1);
      case 'global':
        return GLOBAL_PROMISE_FUNCTIONS.includes(String(target.name));
      case 'import':
        return nodePromiseApi(target, scope) !== undefined;
      default:
        return false;
    }
  }
  if (isCallExpression(target)) return isPromisifyCall(target, scope); // promisify(f)(…)
  if (!isMemberExpression(target)) return false;
  const name = propertyName(target);
  if (name === undefined) return false;
  const object = unwrap(child(target, 'object'));
  const localMember = scope.mayBeAsyncMember?.(name) ?? true;
  if (object?.type === 'ThisExpression') return localMember && scope.isAsyncThisMethod(target);
  if (nodePromiseApi(target, scope) !== undefined) return true;
  const root = rootIdentifier(target);
  if (root && GLOBAL_ROOTS.has(String(root.name))) {
    const path = globalPath(target, scope);
    if (path !== undefined)
      return matchesExport(GLOBAL_PROMISE_FUNCTIONS, path) || (path === `Promise.${name}` && PROMISE_STATICS.has(name));
  }
  if (!localMember && !FACTORY_METHODS.has(name)) return false;
  if (object?.type !== 'Identifier') {
    // `new Repo().load()`
    if (object?.type === 'NewExpression') return instanceHasAsyncMethod(child(object, 'callee'), name, scope, depth);
    return false;
  }
  const resolution = scope.resolve(object);
  if (resolution.kind === 'class') return classHasAsyncMethod(resolution.node, name, true, scope.resolve);
  if (resolution.kind !== 'value') return false;
  const init = unwrap(resolution.init);
  if (!init) return false;
  if (init.type === 'ObjectExpression') return objectHasAsyncMethod(init, name);
  if (init.type === 'NewExpression') {
    if (instanceHasAsyncMethod(child(init, 'callee'), name, scope, depth)) return true;
  }
  // `const rl = readline.createInterface(…)` from readline/promises → `rl.question()`.
  if (init.type === 'NewExpression' || isCallExpression(init)) {
    const binding = moduleExportOf(child(init, 'callee'), scope);
    if (binding) {
      return PROMISE_INSTANCE_FACTORIES.some(
        (row) =>
          row.module === binding.source && row.factories.includes(binding.imported) && row.methods.includes(name),
      );
    }
  }
  return false;
}

function instanceHasAsyncMethod(
  classReference: AnyNode | undefined,
  name: string,
  scope: PromiseScope,
  depth: number,
): boolean {
  const target = unwrap(classReference);
  if (!target || depth > MAX_DEPTH) return false;
  if (target.type === 'ClassExpression') return classHasAsyncMethod(target, name, false, scope.resolve);
  if (target.type !== 'Identifier') return false;
  const resolution = scope.resolve(target);
  if (resolution.kind === 'class') return classHasAsyncMethod(resolution.node, name, false, scope.resolve);
  if (resolution.kind === 'value' && unwrap(resolution.init)?.type === 'ClassExpression')
    return classHasAsyncMethod(unwrap(resolution.init)!, name, false, scope.resolve);
  return false;
}

/** `const load = (id) => fetch(url(id))`: an expression-bodied arrow whose body is a promise. */
function returnsPromiseExpression(fn: AnyNode, scope: PromiseScope, depth: number): boolean {
  return (
    fn.type === 'ArrowFunctionExpression' &&
    fn.expression === true &&
    isSyntacticPromise(child(fn, 'body'), scope, depth + 1)
  );
}

/** `x.then(…)`, `x.catch(…)`, `x.finally(…)` (optional calls too): the method, the promise it continues, the handlers. */
export interface PromiseChainCall {
  readonly method: 'then' | 'catch' | 'finally';
  readonly object: AnyNode;
  /** The rejection handler as written; `'spread'` when arguments are spread (unknown). */
  readonly onRejected: AnyNode | 'spread' | undefined;
}

export function promiseChainCall(node: AnyNode | undefined): PromiseChainCall | undefined {
  const call = unwrap(node);
  if (!isCallExpression(call)) return undefined;
  const callee = unwrap(child(call!, 'callee'));
  if (!isMemberExpression(callee)) return undefined;
  const method = propertyName(callee!);
  if (method !== 'then' && method !== 'catch' && method !== 'finally') return undefined;
  const object = child(callee!, 'object');
  if (!object) return undefined;
  const args = children(call!, 'arguments');
  const index = method === 'then' ? 1 : 0;
  const spreadAt = args.findIndex((arg) => arg.type === 'SpreadElement');
  const onRejected = method === 'finally' ? undefined : spreadAt !== -1 && spreadAt <= index ? 'spread' : args[index];
  return { method, object, onRejected };
}

/** The object a `.then/.catch/.finally` chain starts from: `p.then(a).catch(b)` → `p`. */
export function chainRoot(node: AnyNode | undefined): AnyNode | undefined {
  let current = unwrap(node);
  for (let chain = promiseChainCall(current); chain; chain = promiseChainCall(current)) current = unwrap(chain.object);
  return current;
}

/**
 * Whether an expression evaluates to a promise, syntactically (docs/architecture.md §4): calls of async functions
 * declared in the file, `new Promise`, `Promise.*` statics, `.then/.catch/.finally` chains, async
 * IIFEs, `import()`, `fetch`, Node's promise APIs, `promisify(f)(…)`, and names bound once to one of those.
 * Conditional / logical expressions are promises when a branch is; a sequence when its last item is.
 */
export function isSyntacticPromise(expression: AnyNode | undefined, scope: PromiseScope, depth = 0): boolean {
  const node = unwrap(expression);
  if (!node || depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const callee = unwrap(child(node, 'callee'));
      if (callee?.type === 'Import') return true; // Babel's import()
      if (isMemberExpression(callee) && PROMISE_CHAIN_METHODS.has(propertyName(callee!) ?? '')) return true;
      return isAsyncCallable(callee, scope, depth + 1);
    }
    case 'ImportExpression':
      return true;
    case 'NewExpression': {
      const callee = unwrap(child(node, 'callee'));
      return callee?.type === 'Identifier' && callee.name === 'Promise' && scope.resolve(callee).kind === 'global';
    }
    case 'ConditionalExpression':
      return (
        isSyntacticPromise(child(node, 'consequent'), scope, depth + 1) ||
        isSyntacticPromise(child(node, 'alternate'), scope, depth + 1)
      );
    case 'LogicalExpression':
      return (
        isSyntacticPromise(child(node, 'left'), scope, depth + 1) ||
        isSyntacticPromise(child(node, 'right'), scope, depth + 1)
      );
    case 'SequenceExpression':
      return isSyntacticPromise(children(node, 'expressions').at(-1), scope, depth + 1);
    case 'AssignmentExpression':
      return node.operator === '=' && isSyntacticPromise(child(node, 'right'), scope, depth + 1);
    case 'Identifier': {
      const resolution = scope.resolve(node);
      return resolution.kind === 'value' && isSyntacticPromise(resolution.init, scope, depth + 1);
    }
    default:
      return false;
  }
}

const MAPPING_METHODS = new Set(['map', 'flatMap']);

/** An array of promises, syntactically: `[a(), b()]`, `items.map(async (x) => …)`, `Array.from(xs, async …)`. */
export function isSyntacticPromiseArray(expression: AnyNode | undefined, scope: PromiseScope): boolean {
  const node = unwrap(expression);
  if (!node) return false;
  if (node.type === 'ArrayExpression') {
    return children(node, 'elements').some((element) =>
      element.type === 'SpreadElement'
        ? isSyntacticPromiseArray(child(element, 'argument'), scope)
        : isSyntacticPromise(element, scope),
    );
  }
  if (!isCallExpression(node)) return false;
  const callee = unwrap(child(node, 'callee'));
  if (!isMemberExpression(callee)) return false;
  const method = propertyName(callee!);
  if (method !== undefined && MAPPING_METHODS.has(method)) return isAsyncCallable(argument(node, 0), scope);
  if (method === 'from' && memberPath(child(callee!, 'object')) === 'Array')
    return isAsyncCallable(argument(node, 1), scope);
  return false;
}

/**
 * Whether a rejection handler is a function, syntactically: literals, `undefined`, objects, arrays,
 * classes and names bound to such values are not (typescript-eslint reports those: the handler is
 * ignored); anything it cannot see through is assumed to be a function.
 */
export function isSyntacticFunctionHandler(handler: AnyNode | undefined, scope: PromiseScope, depth = 0): boolean {
  const node = unwrap(handler);
  if (!node || depth > MAX_DEPTH) return true;
  switch (node.type) {
    case 'Literal':
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'BigIntLiteral':
    case 'RegExpLiteral':
    case 'TemplateLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'ClassExpression':
    case 'UpdateExpression':
    case 'BinaryExpression':
      return false;
    case 'UnaryExpression':
      return false;
    case 'Identifier': {
      if (node.name === 'undefined') return scope.resolve(node).kind !== 'global';
      const resolution = scope.resolve(node);
      if (resolution.kind === 'class') return false;
      return resolution.kind === 'value' ? isSyntacticFunctionHandler(resolution.init, scope, depth + 1) : true;
    }
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Floating-promise classification (typescript-eslint's `no-floating-promises` meaning of handled)
// ---------------------------------------------------------------------------------------------

/** Expressions whose value is a primitive (or `void`) by their syntax alone, whatever their operands' types. */
const PRIMITIVE_EXPRESSIONS = new Set([
  'UpdateExpression',
  'UnaryExpression',
  'BinaryExpression',
  'TemplateLiteral',
  'StringLiteral',
  'NumericLiteral',
  'BooleanLiteral',
  'NullLiteral',
  'BigIntLiteral',
]);

/**
 * Whether syntax alone proves an expression is no promise nor an array of promises: `i++`, `!x`,
 * `delete o.k`, `a + b`, a (non-regex) literal, `super(…)`. The typed predicates answer these
 * without asking the checker for a type (docs/architecture.md §4).
 */
export function isNeverPromiseSyntax(node: AnyNode): boolean {
  if (PRIMITIVE_EXPRESSIONS.has(node.type)) return true;
  if (node.type === 'Literal') return node.regex === undefined;
  return isCallExpression(node) && child(node, 'callee')?.type === 'Super';
}

/** What the analysis needs to know about expressions; syntactic or from the type checker. */
export interface PromisePredicates {
  isPromise(node: AnyNode): boolean;
  isPromiseArray(node: AnyNode): boolean;
  isFunctionHandler(node: AnyNode): boolean;
  /** A call that is safe to float (`allowForKnownSafeCalls`) or hands the promise to shutdown (a tracker). */
  isSafeCall(call: AnyNode): boolean;
  /**
   * With types: whether a `a && b` / `a || b` expression's own type still holds a promise. The checker
   * narrows away a branch that cannot run (`let c = false; c && p()` is `false`), as `no-floating-promises` does.
   */
  logicalMayHoldPromise?(node: AnyNode): boolean;
}

export type FloatingKind = 'unhandled' | 'untracked' | 'promiseArray';

export interface FloatingVerdict {
  readonly kind: FloatingKind;
  /** A `.catch`/`.then` handler that is not a function (ignored at run time). */
  readonly nonFunctionHandler: boolean;
  /** The `.catch(fn)` / `.then(_, fn)` call that handles the rejection, for `untracked` verdicts. */
  readonly handledBy?: AnyNode;
}

const SEVERITY: Record<FloatingKind, number> = { untracked: 0, promiseArray: 1, unhandled: 2 };

function worst(a: FloatingVerdict | undefined, b: FloatingVerdict | undefined): FloatingVerdict | undefined {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY[b.kind] > SEVERITY[a.kind] ? b : a;
}

/**
 * Classifies an expression whose value is discarded (an expression statement, `() => void x`):
 * undefined when no promise floats; `unhandled` when nothing handles its rejection; `untracked`
 * when its rejection is handled (`.catch(fn)`, `.then(_, fn)`) or it is `void`ed under
 * `ignoreVoid` but nothing waits for it; `promiseArray` for an array of promises.
 * Ternary / logical / sequence branches are each checked; `.finally` is transparent.
 */
export function classifyFloating(
  expression: AnyNode | undefined,
  predicates: PromisePredicates,
  options: { readonly ignoreVoid: boolean },
): FloatingVerdict | undefined {
  const node = unwrap(expression);
  if (!node) return undefined;
  if (node.type === 'AssignmentExpression') return undefined;
  if (node.type === 'SequenceExpression') {
    let verdict: FloatingVerdict | undefined;
    for (const item of children(node, 'expressions'))
      verdict = worst(verdict, classifyFloating(item, predicates, options));
    return verdict;
  }
  if (node.type === 'UnaryExpression' && node.operator === 'void') {
    const inner = classifyFloating(child(node, 'argument'), predicates, options);
    if (!inner || !options.ignoreVoid) return inner;
    // `void p` says "ignore the outcome": not unhandled, but nothing waits for it either.
    return { kind: 'untracked', nonFunctionHandler: false };
  }
  if (predicates.isPromiseArray(node)) return { kind: 'promiseArray', nonFunctionHandler: false };
  // `await [p, q]` waits for nothing: awaiting an array does not await its elements.
  if (node.type === 'AwaitExpression')
    return predicates.isPromiseArray(child(node, 'argument') ?? node)
      ? { kind: 'promiseArray', nonFunctionHandler: false }
      : undefined;
  if (node.type === 'YieldExpression') return undefined;
  if (isCallExpression(node) && predicates.isSafeCall(node)) return undefined;
  if (node.type === 'ConditionalExpression') {
    return worst(
      classifyFloating(child(node, 'consequent'), predicates, options),
      classifyFloating(child(node, 'alternate'), predicates, options),
    );
  }
  if (node.type === 'LogicalExpression') {
    if (predicates.logicalMayHoldPromise?.(node) === false) return undefined;
    return worst(
      classifyFloating(child(node, 'left'), predicates, options),
      classifyFloating(child(node, 'right'), predicates, options),
    );
  }
  if (!predicates.isPromise(node)) return undefined;
  const chain = promiseChainCall(node);
  if (chain) {
    if (chain.method === 'finally') {
      return classifyFloating(chain.object, predicates, options) ?? { kind: 'untracked', nonFunctionHandler: false };
    }
    if (chain.onRejected === 'spread') return { kind: 'untracked', nonFunctionHandler: false, handledBy: node };
    if (chain.onRejected) {
      return predicates.isFunctionHandler(chain.onRejected)
        ? { kind: 'untracked', nonFunctionHandler: false, handledBy: node }
        : { kind: 'unhandled', nonFunctionHandler: true };
    }
  }
  return { kind: 'unhandled', nonFunctionHandler: false };
}

/** The syntactic predicates for `classifyFloating`, for tools without types (the codemod, the rule's default mode). */
export function syntacticPredicates(scope: PromiseScope, trackers: readonly string[]): PromisePredicates {
  return {
    isPromise: (node) => isSyntacticPromise(node, scope),
    isPromiseArray: (node) => isSyntacticPromiseArray(node, scope),
    isFunctionHandler: (node) => isSyntacticFunctionHandler(node, scope),
    isSafeCall: (call) => isTrackerCallee(memberPath(child(call, 'callee')), trackers),
  };
}

// ---------------------------------------------------------------------------------------------
// Name resolution without scope analysis (the codemod)
// ---------------------------------------------------------------------------------------------

/**
 * A `PromiseScope` from one walk over a program, by name (no shadowing: a name declared twice in
 * different ways resolves to `unknown`, the safe answer). For tools without scope analysis: the
 * `graceful-main` codemod uses it to find floating promises inside `main` and wrap them in `track()`.
 */
export function scopeFromProgram(program: AnyNode, imports: ImportMap = collectImports(program)): PromiseScope {
  const bindings = new Map<string, NameResolution>();
  const reassigned = new Set<string>();
  const asyncMethods = new Set<string>();
  const otherMethods = new Set<string>();
  const declare = (name: string, resolution: NameResolution): void => {
    const previous = bindings.get(name);
    bindings.set(name, previous === undefined ? resolution : UNKNOWN_BINDING);
  };
  for (const name of imports.keys()) bindings.set(name, IMPORT_BINDING);
  // The top-level declarators that made the imports; a nested one of the same name shadows the import.
  const topLevel = new Set(
    children(program, 'body').flatMap((statement) =>
      statement.type === 'VariableDeclaration' ? children(statement, 'declarations') : [],
    ),
  );

  walk(program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
        return false;
      case 'FunctionDeclaration':
      case 'ClassDeclaration': {
        const name = child(node, 'id')?.name;
        if (typeof name === 'string')
          declare(name, node.type === 'ClassDeclaration' ? { kind: 'class', node } : { kind: 'function', node });
        break;
      }
      case 'VariableDeclarator': {
        const id = child(node, 'id');
        const init = child(node, 'init');
        if (id?.type === 'Identifier' && typeof id.name === 'string') {
          // `const fs = require('fs')`, `const fsp = fs.promises`
          if (bindings.get(id.name) === IMPORT_BINDING && topLevel.has(node)) break;
          const value = unwrap(init);
          if (!init) declare(id.name, UNKNOWN_BINDING);
          else if (isFunctionNode(value)) declare(id.name, { kind: 'function', node: value! });
          else if (value?.type === 'ClassExpression') declare(id.name, { kind: 'class', node: value });
          else declare(id.name, { kind: 'value', init });
        } else {
          const names: string[] = [];
          names.push(...patternNames(id));
          for (const name of names)
            if (bindings.get(name) !== IMPORT_BINDING || !topLevel.has(node)) declare(name, UNKNOWN_BINDING);
        }
        break;
      }
      case 'AssignmentExpression':
      case 'UpdateExpression': {
        const target = child(node, node.type === 'AssignmentExpression' ? 'left' : 'argument');
        const names: string[] = [];
        names.push(...patternNames(target));
        for (const name of names) reassigned.add(name);
        break;
      }
      case 'CatchClause': {
        const names: string[] = [];
        names.push(...patternNames(child(node, 'param')));
        for (const name of names) declare(name, UNKNOWN_BINDING);
        break;
      }
      case 'MethodDefinition':
      case 'Property':
      case 'ObjectProperty':
      case 'ClassProperty':
      case 'PropertyDefinition':
      case 'ClassMethod':
      case 'ObjectMethod':
      case 'ClassPrivateMethod': {
        const name = keyName(node);
        if (name !== undefined) (isAsyncNonGenerator(memberFunction(node)) ? asyncMethods : otherMethods).add(name);
        break;
      }
      default:
        break;
    }
    if (isFunctionNode(node) || node.type === 'ClassExpression') {
      if (node.type !== 'FunctionDeclaration' && node.type !== 'ClassExpression') {
        const name = child(node, 'id')?.name;
        if (typeof name === 'string' && node.type === 'FunctionExpression') declare(name, { kind: 'function', node });
      }
      for (const param of children(node, 'params')) {
        const names: string[] = [];
        names.push(...patternNames(param));
        for (const name of names) declare(name, UNKNOWN_BINDING);
      }
    }
    return undefined;
  });

  return {
    imports,
    resolve(identifier) {
      const name = identifier.name;
      if (typeof name !== 'string') return UNKNOWN_BINDING;
      const resolution = bindings.get(name);
      if (resolution === undefined) return GLOBAL_BINDING;
      if (resolution.kind === 'value' && reassigned.has(name)) return UNKNOWN_BINDING;
      if (resolution.kind === 'function' && reassigned.has(name)) return UNKNOWN_BINDING;
      return resolution;
    },
    isAsyncThisMethod(member) {
      const name = propertyName(member);
      return name !== undefined && asyncMethods.has(name) && !otherMethods.has(name);
    },
    mayBeAsyncMember: (name) => asyncMethods.has(name),
  };
}
