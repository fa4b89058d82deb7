/**
 * What a process signal listener does (docs/architecture.md §5, `noCancellation`): whether it only
 * logs, exits, sets `process.exitCode` or counts, or may cancel work (aborts, closes, calls what we
 * cannot see, sets a flag read elsewhere). Shared by `require-signal-cancellation` and the facts
 * about imported modules (`imported-modules.ts`), so both judge a listener the same way.
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  memberPath,
  propertyName,
  unwrap,
  walk,
} from './syntax/ast.js';
import type { ImportMap } from './imports.js';
import { isLoggingCall } from './inert-calls.js';
import { exitCallOf } from './process-exit.js';
import { resolveFunctionInScope } from './process-listeners.js';

type ParentOf = (node: AnyNode) => AnyNode | undefined;

/** What the analysis needs of the file: its program, imports, and how to climb from a node. */
export interface ListenerContext {
  readonly program: AnyNode;
  readonly imports: ImportMap;
  /** A node's ancestors, outermost first (to resolve the local functions a listener calls). */
  readonly ancestorsOf: (node: AnyNode) => readonly AnyNode[];
  readonly parentOf: ParentOf;
}

/** Calls whose only effect is to compute a value. */
const PURE_CALLS = new Set([
  'String',
  'Number',
  'Boolean',
  'Date',
  'Error',
  'Symbol',
  'parseInt',
  'parseFloat',
  'isNaN',
  'JSON.stringify',
  'Date.now',
  'performance.now',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'util.format',
  'util.inspect',
  'format',
  'inspect',
]);
const PURE_METHODS = new Set([
  'toString',
  'toISOString',
  'toFixed',
  'toUpperCase',
  'toLowerCase',
  'join',
  'padStart',
  'padEnd',
  'trim',
  'replace',
  'slice',
  'unref',
  'ref',
  'includes',
  'startsWith',
  'endsWith',
]);
const PURE_CONSTRUCTORS = new Set(['Date', 'Error', 'TypeError', 'RangeError', 'RegExp', 'Map', 'Set', 'Promise']);
/** Timers whose callbacks are analysed like the listener's own code. */
const SCHEDULING = new Set([
  'setTimeout',
  'setImmediate',
  'queueMicrotask',
  'process.nextTick',
  'globalThis.setTimeout',
]);
/** `process` methods that ask which other listeners the program has. */
export const LISTENER_QUERIES: ReadonlySet<string> = new Set(['listenerCount', 'listeners', 'rawListeners']);

/** `process` methods that neither start nor stop work (`process.kill(pid)` of another process does: handled apart). */
const INERT_PROCESS_METHODS = new Set([
  'on',
  'once',
  'off',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'removeListener',
  'removeAllListeners',
  'listenerCount',
  'listeners',
  'emitWarning',
  'hrtime',
  'uptime',
  'cwd',
  'memoryUsage',
  'cpuUsage',
  'nextTick',
  'exit',
  'reallyExit',
  'abort',
  'setUncaughtExceptionCaptureCallback',
]);

const FUNCTION_TYPES = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/** What a listener does, for `noCancellation`. */
export interface ListenerEffects {
  /** Nothing in it (or in the local functions it calls) aborts, closes, drains, or does anything else we cannot rule out. */
  inert: boolean;
  logs: boolean;
  exits: boolean;
  setsExitCode: boolean;
  /** `x.abort()` calls (not `process.abort()`). */
  aborts: AnyNode[];
  /** Every function analysed: the listener and the local functions it calls. */
  functions: Set<AnyNode>;
  /** Variables / member paths the listener assigns (flags, counters): cancellation when read elsewhere. */
  assigned: Set<string>;
}

const rangeOf = (node: AnyNode): readonly [number, number] =>
  (node.range as [number, number] | undefined) ?? [Number(node.start ?? 0), Number(node.end ?? 0)];
const contains = (outer: AnyNode, inner: AnyNode): boolean => {
  const [a, b] = rangeOf(outer);
  const [c, d] = rangeOf(inner);
  return a <= c && d <= b;
};

/** What a listener (and the local functions it calls) does. */
export function analyseListener(root: AnyNode, context: ListenerContext): ListenerEffects {
  const effects: ListenerEffects = {
    inert: true,
    logs: false,
    exits: false,
    setsExitCode: false,
    aborts: [],
    functions: new Set(),
    assigned: new Set(),
  };
  const pending = [root];
  while (pending.length > 0 && effects.functions.size < 50) {
    const fn = pending.pop()!;
    if (effects.functions.has(fn)) continue;
    effects.functions.add(fn);
    walk(fn, (node) => {
      if (node === fn) return true;
      if (isCallExpression(node)) return visitCall(node, effects, context, pending);
      if (node.type === 'NewExpression') {
        const name = memberPath(child(node, 'callee'));
        if (name === undefined || !PURE_CONSTRUCTORS.has(name)) effects.inert = false;
        return true;
      }
      if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
        const target = unwrap(child(node, node.type === 'AssignmentExpression' ? 'left' : 'argument'));
        const path = memberPath(target);
        if (path === 'process.exitCode' || path === 'globalThis.process.exitCode') effects.setsExitCode = true;
        else if (path !== undefined) effects.assigned.add(path);
        else if (target && target.type !== 'Identifier') effects.inert = false; // destructuring, computed members: cannot tell
        return true;
      }
      return true;
    });
  }
  // A flag the listener sets and other code reads is cooperative cancellation (`while (!stopping)`).
  if (effects.inert && effects.assigned.size > 0 && readOutside(effects.assigned, effects.functions, context))
    effects.inert = false;
  return effects;
}

/** Classifies a call inside a listener; returns whether to look at its arguments. */
function visitCall(call: AnyNode, effects: ListenerEffects, context: ListenerContext, pending: AnyNode[]): boolean {
  const { imports } = context;
  const callee = unwrap(child(call, 'callee'));
  const path = memberPath(callee);
  if (exitCallOf(call, imports)) {
    effects.exits = true;
    return true;
  }
  if (isLoggingCall(call)) {
    effects.logs = true;
    return false;
  }
  if (path !== undefined && SCHEDULING.has(path)) return true;
  if (path !== undefined && (PURE_CALLS.has(path) || /^Math\./.test(path))) return true;
  const method = isMemberExpression(callee) ? propertyName(callee!) : undefined;
  if (isMemberExpression(callee)) {
    const object = memberPath(child(callee!, 'object'));
    if (object === 'process' || object === 'globalThis.process') {
      // `if (process.listenerCount('SIGTERM') === 1) process.exit(0)`: it defers to the program's own listeners.
      if (method !== undefined && LISTENER_QUERIES.has(method)) effects.inert = false;
      if (method !== undefined && INERT_PROCESS_METHODS.has(method)) return true;
      effects.inert = false; // process.kill(childPid), process.send(…)
      return true;
    }
    if (method === 'abort') {
      effects.aborts.push(call);
      effects.inert = false;
      return true;
    }
    if (method !== undefined && PURE_METHODS.has(method)) return true;
  }
  const local = resolveFunctionInScope(callee, context.ancestorsOf(call), context.program);
  if (local) {
    pending.push(local);
    return true;
  }
  effects.inert = false;
  return true;
}

/** Whether any of these names / member paths is read outside the given functions. */
function readOutside(paths: ReadonlySet<string>, functions: ReadonlySet<AnyNode>, context: ListenerContext): boolean {
  for (const path of paths) {
    for (const read of readsOf(context.program, path, context.parentOf)) {
      if (![...functions].some((fn) => contains(fn, read))) return true;
    }
  }
  return false;
}

/** Identifier / member-path reads in the file (not declarations, not assignment targets). */
const readIndexes = new WeakMap<AnyNode, Map<string, AnyNode[]>>();

/** Identifier / member-path reads of `path` in the program (not declarations, not assignment targets); one index per program. */
export function readsOf(program: AnyNode, path: string, parentOf: ParentOf): AnyNode[] {
  let index = readIndexes.get(program);
  if (!index) readIndexes.set(program, (index = buildReadIndex(program, parentOf)));
  return index.get(path) ?? [];
}

function buildReadIndex(program: AnyNode, parentOf: ParentOf): Map<string, AnyNode[]> {
  const index = new Map<string, AnyNode[]>();
  walk(program, (node) => {
    if (node.type !== 'Identifier' && !isMemberExpression(node)) return true;
    const parent = parentOf(node);
    if (node.type === 'Identifier' && parent) {
      if (isMemberExpression(parent) && child(parent, 'property') === node && !parent.computed) return true;
      if (
        (parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition') &&
        child(parent, 'key') === node &&
        !parent.computed &&
        parent.shorthand !== true
      )
        return true;
      if (parent.type === 'VariableDeclarator' && child(parent, 'id') === node) return true;
      if (
        FUNCTION_TYPES.has(parent.type) &&
        (child(parent, 'id') === node || children(parent, 'params').includes(node))
      )
        return true;
      if (
        parent.type.startsWith('Import') ||
        parent.type.startsWith('Export') ||
        parent.type === 'LabeledStatement' ||
        parent.type.startsWith('TS')
      )
        return true;
    }
    if (
      parent &&
      ((parent.type === 'AssignmentExpression' && child(parent, 'left') === node && parent.operator === '=') ||
        parent.type === 'UpdateExpression')
    )
      return true;
    const path = memberPath(node);
    if (path === undefined) return true;
    let list = index.get(path);
    if (!list) index.set(path, (list = []));
    list.push(node);
    return true;
  });
  return index;
}
