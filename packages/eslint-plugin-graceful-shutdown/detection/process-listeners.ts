/**
 * Recognises listeners on process events however they are written:
 * `process.on('SIGINT', fn)` (also once / addListener / prependListener / prependOnceListener),
 * `for (const s of ['SIGINT', 'SIGTERM']) process.on(s, fn)`, `SIGNALS.forEach((s) => process.once(s, fn))`,
 * a listener named by an identifier or a member, and `Deno.addSignalListener('SIGINT', fn)`.
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
  stringValue,
  unwrap,
  walk,
} from './syntax/ast.js';

const SIGNAL_NAME = /^SIG[A-Z0-9]+$/;
export const isSignalName = (name: string): boolean => SIGNAL_NAME.test(name);

export const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/** The methods that register a listener on an emitter. */
export const LISTEN_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

/** Process events whose listeners run at shutdown: what they do is cleanup, not cancellable work. */
export const SHUTDOWN_EVENTS: ReadonlySet<string> = new Set([
  'exit',
  'beforeExit',
  'uncaughtException',
  'unhandledRejection',
  'uncaughtExceptionMonitor',
]);

export interface ProcessListener {
  /** The registering call. */
  readonly call: AnyNode;
  /** Event names this registration covers (several when registered in a loop over names). */
  readonly events: readonly string[];
  /** `on`, `once`, … or `Deno.addSignalListener`. */
  readonly method: string;
  /** The listener as written (function, identifier, member), if any. */
  readonly listener: AnyNode | undefined;
  /** The listener's function when it can be found in this file (inline, or a top-level function / const). */
  readonly listenerFunction: AnyNode | undefined;
}

/** String elements of an array literal, or undefined when any element is not a string literal. */
function stringArray(node: AnyNode | undefined): string[] | undefined {
  const target = unwrap(node);
  if (target?.type !== 'ArrayExpression') return undefined;
  const values: string[] = [];
  for (const element of children(target, 'elements')) {
    const value = stringValue(element);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** A top-level `const NAME = …` initialiser or function declaration in the program. */
export function topLevelBinding(program: AnyNode, name: string): AnyNode | undefined {
  for (const raw of children(program, 'body')) {
    const statement = raw.type === 'ExportNamedDeclaration' ? child(raw, 'declaration') : raw;
    if (!statement) continue;
    if (statement.type === 'FunctionDeclaration' && child(statement, 'id')?.name === name) return statement;
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of children(statement, 'declarations')) {
        const id = child(declarator, 'id');
        if (id?.type === 'Identifier' && id.name === name) return child(declarator, 'init');
      }
    }
  }
  return undefined;
}

/**
 * The event names an argument can take: a literal; a loop variable over an array of names
 * (`for…of`, `.forEach` callback parameter); a top-level const array/string.
 */
function eventNames(node: AnyNode | undefined, ancestors: readonly AnyNode[], program: AnyNode): string[] {
  const target = unwrap(node);
  const literal = stringValue(target);
  if (literal !== undefined) return [literal];
  if (target?.type !== 'Identifier' || typeof target.name !== 'string') return [];
  const name = target.name;
  const iterated = iteratedArray(name, ancestors, program);
  if (iterated.found) return stringArray(iterated.array) ?? [];
  const constant = topLevelBinding(program, name);
  const value = stringValue(constant);
  return value !== undefined ? [value] : [];
}

/**
 * What a loop variable iterates: `for (const s of [...])` or `[...].forEach((s) => …)`, the array
 * literal itself or a top-level binding that names one. `found` is false when `name` is no loop
 * variable around the node.
 */
export function iteratedArray(
  name: string,
  ancestors: readonly AnyNode[],
  program: AnyNode,
): { readonly found: boolean; readonly array: AnyNode | undefined } {
  const arrayOf = (node: AnyNode | undefined): AnyNode | undefined => {
    const target = unwrap(node);
    if (target?.type === 'ArrayExpression') return target;
    if (target?.type !== 'Identifier') return undefined;
    const value = unwrap(topLevelBinding(program, String(target.name)));
    return value?.type === 'ArrayExpression' ? value : undefined;
  };
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i]!;
    if (ancestor.type === 'ForOfStatement') {
      const left = child(ancestor, 'left');
      const declared =
        left?.type === 'VariableDeclaration' ? child(children(left, 'declarations')[0] ?? left, 'id') : left;
      if (declared?.type === 'Identifier' && declared.name === name)
        return { found: true, array: arrayOf(child(ancestor, 'right')) };
    }
    if (isFunctionNode(ancestor)) {
      const first = children(ancestor, 'params')[0];
      if (first?.type !== 'Identifier' || first.name !== name) continue;
      const call = ancestors[i - 1];
      const callee = isCallExpression(call) ? unwrap(child(call!, 'callee')) : undefined;
      const forEach = isMemberExpression(callee) && propertyName(callee!) === 'forEach';
      return { found: true, array: forEach ? arrayOf(child(callee!, 'object')) : undefined };
    }
  }
  return { found: false, array: undefined };
}

/** Resolves a listener reference to its function node in this file, when it can. */
export function resolveFunction(node: AnyNode | undefined, program: AnyNode): AnyNode | undefined {
  const target = unwrap(node);
  if (!target) return undefined;
  if (isFunctionNode(target)) return target;
  if (target.type === 'Identifier' && typeof target.name === 'string') {
    const binding = topLevelBinding(program, target.name);
    return isFunctionNode(unwrap(binding)) ? unwrap(binding) : undefined;
  }
  // `shutdown.bind(null, 'SIGINT')`
  if (isCallExpression(target)) {
    const callee = unwrap(child(target, 'callee'));
    if (isMemberExpression(callee) && propertyName(callee!) === 'bind')
      return resolveFunction(child(callee!, 'object'), program);
  }
  return undefined;
}

/**
 * If `call` registers a listener on a process event, describes it. `ancestors` are the call's
 * ancestors, outermost first (ESLint: `sourceCode.getAncestors(node)`; jscodeshift: the path's parents).
 */
export function processListener(
  call: AnyNode,
  ancestors: readonly AnyNode[],
  program: AnyNode,
): ProcessListener | undefined {
  if (!isCallExpression(call)) return undefined;
  const callee = unwrap(child(call, 'callee'));
  if (!isMemberExpression(callee)) return undefined;
  const method = propertyName(callee!);
  const object = memberPath(child(callee!, 'object'));
  let isProcess = false;
  if (
    method !== undefined &&
    LISTEN_METHODS.has(method) &&
    (object === 'process' || object === 'globalThis.process' || object === 'node:process')
  )
    isProcess = true;
  if (object === 'Deno' && method === 'addSignalListener') isProcess = true;
  if (!isProcess || method === undefined) return undefined;
  const events = eventNames(argument(call, 0), ancestors, program);
  if (events.length === 0) return undefined;
  const listener = argument(call, 1);
  return {
    call,
    events,
    method: object === 'Deno' ? 'Deno.addSignalListener' : method,
    listener,
    listenerFunction: resolveFunction(listener, program),
  };
}

/** Whether the registration covers at least one process signal (`SIGINT`, `SIGTERM`, …). */
export const listensToSignal = (listener: ProcessListener): boolean => listener.events.some(isSignalName);

// ——— Scope-aware resolution (added for require-signal-cancellation / no-exit-before-drain) ———
// The functions above only look at top-level bindings; real programs register listeners inside
// `main()` with a local `const signals = [...]` and a handler declared a few lines up, or on `this`.

/** A declaration found by `findBindingInScope`. */
export interface ScopedBinding {
  /** `function f(){}`; `const/let/var x = …`; a parameter (Node passes values we cannot see); a loop variable. */
  readonly kind: 'function' | 'variable' | 'parameter' | 'loop';
  /** The declaring node: the function declaration, the variable declarator, the parameter, or the loop statement. */
  readonly node: AnyNode;
  /** A variable's initialiser. */
  readonly init?: AnyNode;
  /** Index in `ancestors` of the node whose scope declares it (−1: the program). */
  readonly depth: number;
}

const STATEMENT_LISTS: ReadonlyArray<readonly [string, string]> = [
  ['Program', 'body'],
  ['BlockStatement', 'body'],
  ['StaticBlock', 'body'],
  ['SwitchCase', 'consequent'],
  ['TSModuleBlock', 'body'],
];

function declaredIn(statements: readonly AnyNode[], name: string): Omit<ScopedBinding, 'depth'> | undefined {
  for (const raw of statements) {
    const statement =
      raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration'
        ? (child(raw, 'declaration') ?? raw)
        : raw;
    if (statement.type === 'FunctionDeclaration' && child(statement, 'id')?.name === name)
      return { kind: 'function', node: statement };
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of children(statement, 'declarations')) {
        const id = child(declarator, 'id');
        if (id?.type === 'Identifier' && id.name === name) {
          const init = child(declarator, 'init');
          return init ? { kind: 'variable', node: declarator, init } : { kind: 'variable', node: declarator };
        }
      }
    }
  }
  return undefined;
}

const declaresName = (pattern: AnyNode | undefined, name: string): boolean => {
  const target =
    pattern?.type === 'AssignmentPattern'
      ? child(pattern, 'left')
      : pattern?.type === 'TSParameterProperty'
        ? child(pattern, 'parameter')
        : pattern;
  if (!target) return false;
  if (target.type === 'Identifier') return target.name === name;
  if (target.type === 'RestElement') return declaresName(child(target, 'argument'), name);
  if (target.type === 'ObjectPattern') {
    return children(target, 'properties').some((property) =>
      property.type === 'RestElement'
        ? declaresName(child(property, 'argument'), name)
        : declaresName(child(property, 'value'), name),
    );
  }
  if (target.type === 'ArrayPattern')
    return children(target, 'elements').some((element) => declaresName(element, name));
  return false;
};

/**
 * Where `name` is declared as seen from a node whose ancestors (outermost first) are given:
 * innermost block, function parameters, loop heads, catch clauses, then outwards to the program.
 * Lexical and name-based (no `eval`/`with`), which is what a syntactic rule can know.
 */
export function findBindingInScope(
  name: string,
  ancestors: readonly AnyNode[],
  program: AnyNode,
): ScopedBinding | undefined {
  for (let i = ancestors.length - 1; i >= -1; i--) {
    const scope = i >= 0 ? ancestors[i]! : program;
    if (i >= 0 && scope === program) continue; // visited last, as −1
    const list = STATEMENT_LISTS.find(([type]) => type === scope.type);
    if (list) {
      const found = declaredIn(children(scope, list[1]), name);
      if (found) return { ...found, depth: i };
    }
    if (
      isFunctionNode(scope) ||
      scope.type === 'ClassMethod' ||
      scope.type === 'ObjectMethod' ||
      scope.type === 'ClassPrivateMethod'
    ) {
      const param = children(scope, 'params').find((candidate) => declaresName(candidate, name));
      if (param) return { kind: 'parameter', node: param, depth: i };
      if (scope.type === 'FunctionExpression' && child(scope, 'id')?.name === name)
        return { kind: 'function', node: scope, depth: i };
    }
    if (scope.type === 'CatchClause' && declaresName(child(scope, 'param'), name))
      return { kind: 'parameter', node: scope, depth: i };
    if (scope.type === 'ForOfStatement' || scope.type === 'ForInStatement' || scope.type === 'ForStatement') {
      const head = child(scope, scope.type === 'ForStatement' ? 'init' : 'left');
      if (
        head?.type === 'VariableDeclaration' &&
        children(head, 'declarations').some((declarator) => declaresName(child(declarator, 'id'), name))
      ) {
        return { kind: 'loop', node: scope, depth: i };
      }
    }
  }
  return undefined;
}

/** The function (or Babel class/object method) a class member named `name` holds, in the innermost enclosing class. */
function thisMethod(name: string, ancestors: readonly AnyNode[]): AnyNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (node.type !== 'ClassBody') continue;
    for (const member of children(node, 'body')) {
      if (keyName(member) !== name || member.kind === 'get' || member.kind === 'set') continue;
      if (member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') return member;
      const value = unwrap(child(member, 'value'));
      return isFunctionNode(value) ? value : undefined;
    }
    return undefined;
  }
  return undefined;
}

/**
 * `resolveFunction`, seeing local declarations too: a function expression itself, a name declared
 * in any enclosing scope (one alias hop: `const handler = shutdown`), `f.bind(…)`, and `this.m` /
 * `this.m.bind(this)` in a class. Undefined when the function is not in this file (imported,
 * a parameter, a member of some object).
 */
export function resolveFunctionInScope(
  node: AnyNode | undefined,
  ancestors: readonly AnyNode[],
  program: AnyNode,
  hops = 0,
): AnyNode | undefined {
  const target = unwrap(node);
  if (!target || hops > 3) return undefined;
  if (isFunctionNode(target)) return target;
  if (target.type === 'Identifier' && typeof target.name === 'string') {
    const binding = findBindingInScope(target.name, ancestors, program);
    if (!binding) return undefined;
    if (binding.kind === 'function') return binding.node;
    if (binding.kind !== 'variable' || !binding.init) return undefined;
    const scopeAncestors = binding.depth >= 0 ? ancestors.slice(0, binding.depth + 1) : [];
    return resolveFunctionInScope(binding.init, scopeAncestors, program, hops + 1);
  }
  if (isMemberExpression(target)) {
    if (child(target, 'object')?.type === 'ThisExpression') {
      const name = propertyName(target);
      return name === undefined ? undefined : thisMethod(name, ancestors);
    }
    return undefined;
  }
  if (isCallExpression(target)) {
    const callee = unwrap(child(target, 'callee'));
    if (isMemberExpression(callee) && propertyName(callee!) === 'bind')
      return resolveFunctionInScope(child(callee!, 'object'), ancestors, program, hops + 1);
  }
  return undefined;
}

/** Whether a call has the shape of a process listener registration, whatever its event argument. */
export function isProcessListenerCall(call: AnyNode): boolean {
  if (!isCallExpression(call)) return false;
  const callee = unwrap(child(call, 'callee'));
  if (!isMemberExpression(callee)) return false;
  const method = propertyName(callee!);
  // The method first: this runs for every call of a file, and `memberPath` builds a string.
  if (method === undefined || (method !== 'addSignalListener' && !LISTEN_METHODS.has(method))) return false;
  const object = memberPath(child(callee!, 'object'));
  if (object === 'Deno') return method === 'addSignalListener';
  return LISTEN_METHODS.has(method) && (object === 'process' || object === 'globalThis.process');
}

/** String values an expression can take, resolving names declared in any enclosing scope. */
function scopedNames(
  node: AnyNode | undefined,
  ancestors: readonly AnyNode[],
  program: AnyNode,
  hops = 0,
): string[] | undefined {
  const target = unwrap(node);
  if (!target || hops > 3) return undefined;
  const literal = stringValue(target);
  if (literal !== undefined) return [literal];
  const array = stringArray(target);
  if (array) return array;
  if (target.type !== 'Identifier' || typeof target.name !== 'string') return undefined;
  const binding = findBindingInScope(target.name, ancestors, program);
  if (!binding) return undefined;
  const outer = binding.depth >= 0 ? ancestors.slice(0, binding.depth) : [];
  if (binding.kind === 'variable')
    return scopedNames(
      binding.init,
      binding.depth >= 0 ? ancestors.slice(0, binding.depth + 1) : [],
      program,
      hops + 1,
    );
  if (binding.kind === 'loop' && binding.node.type === 'ForOfStatement')
    return scopedNames(child(binding.node, 'right'), outer, program, hops + 1);
  if (binding.kind === 'parameter' && binding.depth >= 1) {
    // `SIGNALS.forEach((signal) => process.on(signal, …))`
    const fn = ancestors[binding.depth]!;
    const call = ancestors[binding.depth - 1];
    if (call && isCallExpression(call) && children(fn, 'params')[0] === binding.node) {
      const callee = unwrap(child(call, 'callee'));
      if (isMemberExpression(callee) && ['forEach', 'map'].includes(propertyName(callee!) ?? '')) {
        return scopedNames(child(callee!, 'object'), ancestors.slice(0, binding.depth - 1), program, hops + 1);
      }
    }
  }
  return undefined;
}

/**
 * `processListener`, resolving event names and listener functions declared in enclosing scopes
 * (`const signals = ['SIGINT', 'SIGTERM']` inside `main`, a handler declared beside its registration).
 */
export function processListenerInScope(
  call: AnyNode,
  ancestors: readonly AnyNode[],
  program: AnyNode,
): ProcessListener | undefined {
  const found = processListener(call, ancestors, program);
  if (found && found.listenerFunction) return found;
  if (found) {
    const listenerFunction = resolveFunctionInScope(found.listener, ancestors, program);
    return listenerFunction ? { ...found, listenerFunction } : found;
  }
  if (!isProcessListenerCall(call)) return undefined;
  const events = scopedNames(argument(call, 0), ancestors, program);
  if (!events || events.length === 0) return undefined;
  const callee = unwrap(child(call, 'callee'))!;
  const isDeno = memberPath(child(callee, 'object')) === 'Deno';
  const listener = argument(call, 1);
  return {
    call,
    events,
    method: isDeno ? 'Deno.addSignalListener' : propertyName(callee)!,
    listener,
    listenerFunction: resolveFunctionInScope(listener, ancestors, program),
  };
}

/**
 * Local functions reachable from `roots` through calls of functions declared in this file
 * (bounded), e.g. everything a signal listener may end up running. `ancestorsOf` gives a node's
 * ancestors, outermost first, so calls resolve in their own scope.
 */
export function reachableFunctions(
  roots: Iterable<AnyNode>,
  program: AnyNode,
  ancestorsOf: (node: AnyNode) => readonly AnyNode[],
  limit = 200,
): Set<AnyNode> {
  const seen = new Set<AnyNode>();
  const queue = [...roots];
  while (queue.length > 0 && seen.size < limit) {
    const fn = queue.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    walk(fn, (node) => {
      if (node === fn || !isCallExpression(node)) return;
      const ancestors = ancestorsOf(node);
      const target = resolveFunctionInScope(child(node, 'callee'), ancestors, program);
      if (target && !seen.has(target)) queue.push(target);
      else if (!target) queue.push(...functionsPassedAs(child(node, 'callee'), ancestors, program, ancestorsOf));
    });
  }
  return seen;
}

/**
 * `fn()` where `fn` is a parameter of an enclosing function: the functions this file's callers pass
 * there (`registerCloseListener(() => …)` whose wrapper, a signal listener, calls `fn()`).
 */
function functionsPassedAs(
  callee: AnyNode | undefined,
  ancestors: readonly AnyNode[],
  program: AnyNode,
  ancestorsOf: (node: AnyNode) => readonly AnyNode[],
): AnyNode[] {
  if (callee?.type !== 'Identifier') return [];
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const owner = ancestors[index]!;
    if (!isFunctionNode(owner)) continue;
    const position = children(owner, 'params').findIndex(
      (param) => param.type === 'Identifier' && param.name === callee.name,
    );
    if (position === -1) continue;
    const passed: AnyNode[] = [];
    walk(program, (node) => {
      if (!isCallExpression(node)) return;
      const callAncestors = ancestorsOf(node);
      if (resolveFunctionInScope(child(node, 'callee'), callAncestors, program) !== owner) return;
      const given = argument(node, position);
      const fn = isFunctionNode(given) ? given : resolveFunctionInScope(given, callAncestors, program);
      if (fn) passed.push(fn);
    });
    return passed;
  }
  return [];
}
