/**
 * Promises that cannot reject (docs/architecture.md §4): an async function, a `.catch` handler or a
 * `new Promise` executor whose every rejection point sits inside a `try` whose `catch` swallows it.
 * One analysis for every tool and both modes; only how a callee is found differs (injected).
 *
 * A rejection point is a `throw`, an `await` (or `for await`) of a value that may reject, a returned
 * value that may reject (a `try` does not guard `return p`), a destructured parameter (it throws
 * before the body) and a `new Promise` executor's `reject` being used. Synchronous calls are not
 * rejection points: a callee that throws is a bug that surfaces as it should, not a promise left
 * unhandled, and counting them would make every async function "unhandled".
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  propertyName,
  pushChildNodes,
  unwrap,
} from './ast.js';
import { PROMISE_AGGREGATORS, type PromiseScope, classMethod, objectMethod, promiseChainCall } from './promise-apis.js';
import { isLoggingCall } from './inert-calls.js';

/** How the analysis finds what it cannot see syntactically; syntactic or from the type checker. */
export interface RejectionResolver {
  /** The function a callee expression runs (`f`, `this.m`, an inline function), when it can be known. */
  functionOf(callee: AnyNode): AnyNode | undefined;
  /** Whether a `.catch`/`.then` argument is a function (a non-function handler is ignored at run time). */
  isFunctionHandler(node: AnyNode): boolean;
  /** Every value a local variable is given (its initialiser, `undefined` without one, each assignment), when all are known. */
  valuesOf?(identifier: AnyNode): readonly AnyNode[] | undefined;
  /** With types: the value is certainly not a promise or thenable (`return count` of a number). */
  isNotThenable?(node: AnyNode): boolean;
}

export interface CannotRejectAnalysis {
  /** Calling this function (async, or returning a promise) yields a promise that never rejects. */
  functionCannotReject(fn: AnyNode): boolean;
  /** A callback (`async () => …`, `refresh`, `onMessage.bind(null, port)`) whose promise never rejects. */
  callbackCannotReject(callback: AnyNode): boolean;
  /** This expression's value is not a promise that can reject (`refresh()` of such a function, `p.catch(() => {})`). */
  valueCannotReject(expression: AnyNode): boolean;
}

/** How deep callee chains are followed (`a` awaits `b` awaits `c` …); deeper is "may reject". */
const MAX_CALLEE_DEPTH = 5;

const NOT_THENABLE = new Set([
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
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassExpression',
  'UnaryExpression',
  'BinaryExpression',
  'UpdateExpression',
  'ThisExpression',
  'MetaProperty',
]);

/**
 * One analysis per file (its memo holds verdicts per function node, so each function is read once
 * however often it is called). A function reached again while it is being analysed (recursion) counts
 * as "may reject".
 */
export function cannotRejectAnalysis(resolver: RejectionResolver): CannotRejectAnalysis {
  // Per function: as an async function / handler / executor (a `throw` rejects), and as a plain callee (only its returned value counts).
  const verdicts: Record<Role, Map<AnyNode, boolean>> = { async: new Map(), plain: new Map(), executor: new Map() };
  const inProgress = new Set<AnyNode>();
  let variableDepth = 0;

  function functionVerdict(fn: AnyNode, role: Role): boolean {
    // A generator's call yields an iterator, not a thenable.
    if (fn.generator === true) return true;
    const known = verdicts[role].get(fn);
    if (known !== undefined) return known;
    if (inProgress.has(fn) || inProgress.size >= MAX_CALLEE_DEPTH) return false;
    inProgress.add(fn);
    let verdict: boolean;
    try {
      verdict = !bodyMayReject(fn, role);
    } finally {
      inProgress.delete(fn);
    }
    verdicts[role].set(fn, verdict);
    return verdict;
  }

  function bodyMayReject(fn: AnyNode, role: Role): boolean {
    const throwsReject = role !== 'plain';
    const returnsCount = role !== 'executor';
    if (throwsReject && children(fn, 'params').some(isDestructuringParameter)) return true;
    const body = child(fn, 'body');
    if (!body) return true;
    // An expression body is returned.
    if (returnsCount && body.type !== 'BlockStatement' && !returnCannotReject(body)) return true;
    // Depth-first over the body with the "inside a catching try" state; nested functions are their own.
    const nodes: AnyNode[] = [body];
    const caught: boolean[] = [false];
    const scratch: AnyNode[] = [];
    const push = (node: AnyNode | undefined, guarded: boolean): void => {
      if (!node) return;
      nodes.push(node);
      caught.push(guarded);
    };
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const guarded = caught.pop()!;
      if (node !== body && (isFunctionNode(node) || node.type === 'ClassBody')) continue;
      switch (node.type) {
        case 'TryStatement': {
          const handler = child(node, 'handler');
          push(child(node, 'finalizer'), guarded);
          push(handler, guarded);
          push(child(node, 'block'), guarded || handler !== undefined);
          continue;
        }
        case 'ThrowStatement':
          if (throwsReject && !guarded) return true;
          break;
        case 'AwaitExpression':
          if (!guarded && !valueCannotReject(child(node, 'argument'))) return true;
          break;
        case 'ForOfStatement':
          if (!guarded && node.await === true) return true;
          break;
        case 'VariableDeclaration':
          if (!guarded && node.kind === 'await using') return true;
          break;
        case 'ReturnStatement':
          if (returnsCount && !returnCannotReject(child(node, 'argument'))) return true;
          break;
        default:
          break;
      }
      pushChildNodes(node, scratch);
      for (let i = scratch.length - 1; i >= 0; i--) push(scratch[i], guarded);
      scratch.length = 0;
    }
    return false;
  }

  /** A returned value escapes every `try`; `return await p` is the await's concern (a try does guard it). */
  function returnCannotReject(argument: AnyNode | undefined): boolean {
    const value = unwrap(argument);
    return value === undefined || value.type === 'AwaitExpression' || valueCannotReject(value);
  }

  function valueCannotReject(expression: AnyNode | undefined): boolean {
    const node = unwrap(expression);
    if (!node) return true;
    if (NOT_THENABLE.has(node.type)) return true;
    if (node.type === 'Identifier' && node.name === 'undefined') return true;
    if (resolver.isNotThenable?.(node) === true) return true;
    switch (node.type) {
      case 'AwaitExpression':
        return valueCannotReject(child(node, 'argument'));
      case 'Identifier':
        return variableCannotReject(node);
      case 'ConditionalExpression':
        return valueCannotReject(child(node, 'consequent')) && valueCannotReject(child(node, 'alternate'));
      case 'LogicalExpression':
        return valueCannotReject(child(node, 'left')) && valueCannotReject(child(node, 'right'));
      case 'SequenceExpression':
        return valueCannotReject(children(node, 'expressions').at(-1));
      case 'AssignmentExpression':
        return valueCannotReject(child(node, 'right'));
      case 'NewExpression':
        return memberPath(child(node, 'callee')) !== 'Promise' || executorCannotReject(children(node, 'arguments')[0]);
      default:
        return isCallExpression(node) && callCannotReject(node);
    }
  }

  /** `let task; … task = await start(); … return task;`: an awaited value is never a thenable. */
  function variableCannotReject(identifier: AnyNode): boolean {
    // Bounded like callees (`a = b; b = a` ends there as "may reject").
    const values = variableDepth < MAX_CALLEE_DEPTH ? resolver.valuesOf?.(identifier) : undefined;
    if (values === undefined) return false;
    variableDepth++;
    try {
      return values.every((value) => unwrap(value)?.type === 'AwaitExpression' || valueCannotReject(value));
    } finally {
      variableDepth--;
    }
  }

  function callCannotReject(call: AnyNode): boolean {
    if (isLoggingCall(call) || returnsNoPromise(call)) return true;
    const chain = promiseChainCall(call);
    if (chain) {
      const args = children(call, 'arguments');
      if (args.some((arg) => arg.type === 'SpreadElement')) return false;
      // `.catch(h)` rejects only when `h` does; `.then(a, h)` when `a` or `h` does; `.then(a)` and `.finally(f)` also when the promise does.
      const onRejected = chain.onRejected === 'spread' ? undefined : chain.onRejected;
      const handled = onRejected !== undefined && resolver.isFunctionHandler(onRejected);
      return (handled || valueCannotReject(chain.object)) && args.every(handlerCannotReject);
    }
    const path = memberPath(child(call, 'callee'));
    if (path?.startsWith('Promise.')) return promiseStaticCannotReject(path.slice(8), children(call, 'arguments'));
    const callee = child(call, 'callee');
    const fn = callee && resolver.functionOf(callee);
    if (!fn) return false;
    return functionVerdict(fn, roleOf(fn));
  }

  function promiseStaticCannotReject(method: string, args: readonly AnyNode[]): boolean {
    if (method === 'allSettled') return true;
    if (method === 'resolve') return valueCannotReject(args[0]);
    if (!PROMISE_AGGREGATORS.has(method)) return false;
    const list = unwrap(args[0]);
    // `Promise.all(names.map(async (name) => …))`: each element is the callback's promise.
    const mapped = isCallExpression(list) ? mappedCallback(list!) : undefined;
    if (mapped) return method !== 'any' && functionVerdict(mapped, roleOf(mapped));
    const elements = list?.type === 'ArrayExpression' ? children(list, 'elements') : undefined;
    // `Promise.any([])` rejects: there is nothing to fulfil it.
    if (!elements || (method === 'any' && elements.length === 0)) return false;
    return elements.every((element) => element.type !== 'SpreadElement' && valueCannotReject(element));
  }

  function mappedCallback(call: AnyNode): AnyNode | undefined {
    const callee = unwrap(child(call, 'callee'));
    if (!isMemberExpression(callee) || propertyName(callee!) !== 'map') return undefined;
    const callback = unwrap(children(call, 'arguments')[0]);
    if (!callback || callback.type === 'SpreadElement') return undefined;
    return isFunctionNode(callback) ? callback : resolver.functionOf(callback);
  }

  /** A handler rejects the chain by throwing or returning a promise that rejects; a reference nobody can read is assumed not to. */
  function handlerCannotReject(handler: AnyNode): boolean {
    const node = unwrap(handler);
    if (!node || !resolver.isFunctionHandler(node)) return true;
    const fn = resolver.functionOf(node);
    return fn === undefined || functionVerdict(fn, 'async');
  }

  /** `new Promise(executor)` rejects when the executor throws or uses its `reject` parameter. */
  function executorCannotReject(executor: AnyNode | undefined): boolean {
    const fn = unwrap(executor);
    if (!fn || !isFunctionNode(fn)) return false;
    const reject = children(fn, 'params')[1];
    if (reject !== undefined && (reject.type !== 'Identifier' || mentions(fn, String(reject.name)))) return false;
    return functionVerdict(fn, 'executor');
  }

  return {
    functionCannotReject: (fn) => functionVerdict(fn, roleOf(fn)),
    callbackCannotReject(callback) {
      const target = boundTarget(callback);
      const fn = target && resolver.functionOf(target);
      return fn !== undefined && functionVerdict(fn, roleOf(fn));
    },
    valueCannotReject,
  };
}

/**
 * How a function's outcome reaches the promise: an async function or a `.then`/`.catch` handler
 * rejects by throwing or returning a promise that rejects; a plain callee only by its returned
 * value (its throws are synchronous); a `new Promise` executor only by throwing (its return is ignored).
 */
type Role = 'async' | 'plain' | 'executor';

const roleOf = (fn: AnyNode): Role => (fn.async === true ? 'async' : 'plain');

/** `emitter.emit(…)` returns whether anyone listened. */
const returnsNoPromise = (call: AnyNode): boolean => {
  const callee = unwrap(child(call, 'callee'));
  return isMemberExpression(callee) && propertyName(callee!) === 'emit';
};

/** The function a callback runs: `f.bind(thisArg, …)` runs `f`. */
function boundTarget(callback: AnyNode): AnyNode | undefined {
  let node = unwrap(callback);
  for (;;) {
    const callee = isCallExpression(node) ? unwrap(child(node!, 'callee')) : undefined;
    if (!callee || !isMemberExpression(callee) || propertyName(callee) !== 'bind') return node;
    node = unwrap(child(callee, 'object'));
  }
}

const isDestructuringParameter = (param: AnyNode): boolean => {
  const target = param.type === 'TSParameterProperty' ? child(param, 'parameter') : param;
  const pattern = target?.type === 'AssignmentPattern' ? child(target, 'left') : target;
  return pattern?.type === 'ObjectPattern' || pattern?.type === 'ArrayPattern';
};

/** Whether an identifier named `name` occurs in `fn`'s body (a superset of "is referenced": shadowing is ignored). */
function mentions(fn: AnyNode, name: string): boolean {
  const body = child(fn, 'body');
  if (!body) return false;
  const nodes: AnyNode[] = [body];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (node.type === 'Identifier' && node.name === name) return true;
    pushChildNodes(node, nodes);
  }
  return false;
}

/**
 * Without types, the function a callee runs when this file declares it: an inline function, a
 * name bound once to a function, `this.m` (the enclosing class or object), `obj.m` / `Class.m` of
 * an object literal or class bound once in this file.
 */
export function localFunctionOf(callee: AnyNode, scope: PromiseScope): AnyNode | undefined {
  const node = unwrap(callee);
  if (!node) return undefined;
  if (isFunctionNode(node)) return node;
  if (node.type === 'Identifier') {
    const resolution = scope.resolve(node);
    if (resolution.kind === 'function') return resolution.node;
    const init = resolution.kind === 'value' ? unwrap(resolution.init) : undefined;
    return isFunctionNode(init) ? init : undefined;
  }
  if (!isMemberExpression(node)) return undefined;
  const object = unwrap(child(node, 'object'));
  const name = propertyName(node);
  if (!object || name === undefined) return undefined;
  if (object.type === 'ThisExpression') return scope.thisMethod?.(node);
  if (object.type !== 'Identifier') return undefined;
  const resolution = scope.resolve(object);
  if (resolution.kind === 'class') return classMethod(resolution.node, name, true);
  const init = resolution.kind === 'value' ? unwrap(resolution.init) : undefined;
  return init?.type === 'ObjectExpression' ? objectMethod(init, name) : undefined;
}

const NOT_FUNCTIONS = new Set([...NOT_THENABLE].filter((type) => !type.endsWith('FunctionExpression')));

/** Without a way to resolve names: a handler argument that may be a function (not a literal, object, class or `undefined`). */
export const mayBeFunction = (node: AnyNode): boolean => {
  const value = unwrap(node);
  return (
    value !== undefined &&
    !NOT_FUNCTIONS.has(value.type) &&
    !(value.type === 'Identifier' && value.name === 'undefined')
  );
};
