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
  methodCallOn,
  propertyName,
  pushChildNodes,
  unwrap,
  VALUE_EXPRESSION_TYPES,
} from './syntax/ast.js';
import { PROMISE_AGGREGATORS, type PromiseScope, classMethod, objectMethod, promiseChainCall } from './promise-apis.js';
import { isLoggingCall } from './inert-calls.js';
import type { ImportMap } from './imports.js';
import { exitCallOf } from './process-exit.js';

/** How the analysis finds what it cannot see syntactically; syntactic or from the type checker. */
export interface RejectionResolver {
  /** The function a callee expression runs (`f`, `this.m`, an inline function), when it can be known. */
  functionOf(callee: AnyNode): AnyNode | undefined;
  /**
   * Without types, when `functionOf` knows no function: every function a method call on a receiver
   * of unknown origin may run (`detection/same-file-methods.ts`), or undefined when it is not resolved.
   */
  methodsByName?(callee: AnyNode): readonly AnyNode[] | undefined;
  /** Whether a `.catch`/`.then` argument is a function (a non-function handler is ignored at run time). */
  isFunctionHandler(node: AnyNode): boolean;
  /**
   * Every value a local variable (an identifier) or a field of the enclosing class (`this.x`) is
   * given (initialiser, assignments; `classFieldValues` for fields), when all are known.
   */
  valuesOf?(target: AnyNode): readonly AnyNode[] | undefined;
  /** Every place a local variable is read (identifiers with parent links), when all are known. */
  readsOf?(identifier: AnyNode): readonly AnyNode[] | undefined;
  /** The function whose parameter this identifier names, when it names one. */
  parameterOf?(identifier: AnyNode): AnyNode | undefined;
  /** With types: the value is certainly not a promise or thenable (`return count` of a number). */
  isNotThenable?(node: AnyNode): boolean;
  /** With types: the call is to an API of `detection/never-rejecting-apis.ts` (`worker.terminate()`). */
  callNeverRejects?(call: AnyNode): boolean;
  /**
   * Without types: the function a callee runs when another module of the package declares it
   * (`detection/module-functions.ts`), with the resolver of that module, where its names are resolved.
   */
  importedFunctionOf?(callee: AnyNode): ModuleFunction | undefined;
}

/** A function and the resolver of the module that declares it. */
export interface ModuleFunction {
  readonly fn: AnyNode;
  readonly resolver: RejectionResolver;
}

export interface CannotRejectAnalysis {
  /** Calling this function (async, or returning a promise) yields a promise that never rejects. */
  functionCannotReject(fn: AnyNode): boolean;
  /** A callback (`async () => …`, `refresh`, `onMessage.bind(null, port)`) whose promise never rejects. */
  callbackCannotReject(callback: AnyNode): boolean;
  /** This expression's value is not a promise that can reject (`refresh()` of such a function, `p.catch(() => {})`). */
  valueCannotReject(expression: AnyNode): boolean;
  /**
   * Dropping this value leaves no rejection unhandled: it cannot reject, or it is a promise that
   * already has a rejection handler (`p.catch(log); return p;` in the function called).
   */
  droppedValueIsHandled(expression: AnyNode): boolean;
}

/** How deep callee chains are followed (`a` awaits `b` awaits `c` …); deeper is "may reject". */
const MAX_CALLEE_DEPTH = 5;

const NOT_THENABLE = new Set([
  ...VALUE_EXPRESSION_TYPES,
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassExpression',
  'ThisExpression',
  'MetaProperty',
]);

/**
 * One analysis per file (its memo holds verdicts per function node, so each function is read once
 * however often it is called).
 *
 * A function reached again while it is being analysed (recursion, `lstat()` calling `e.lstat()` on
 * another object) is assumed not to reject there: a rejection has a first cause, a `throw` or an
 * `await` of something that may reject, outside the cycle, and every such point of the functions in
 * the cycle is still examined. (Unbounded recursion overflows the stack: a synchronous throw, a bug
 * not counted, as other synchronous throws.) A verdict "cannot reject" that rests on such an
 * assumption is memoised only once the assumed function's own verdict is known to be the same.
 */
export function cannotRejectAnalysis(resolver: RejectionResolver): CannotRejectAnalysis {
  const analysis = new RejectionAnalysis(resolver);
  return {
    functionCannotReject: (fn) => analysis.functionVerdict(fn, roleOf(fn)),
    callbackCannotReject: (callback) => analysis.callbackCannotReject(callback),
    valueCannotReject: (expression) => analysis.valueCannotReject(expression),
    droppedValueIsHandled: (expression) => analysis.isHandledValue(expression),
  };
}

class RejectionAnalysis {
  // Per function and role (see `Role`): whether its promise cannot reject.
  private readonly verdicts: Record<Role, Map<AnyNode, boolean>> = {
    async: new Map(),
    plain: new Map(),
    executor: new Map(),
    handedOver: new Map(),
  };
  // The functions being analysed, outermost first, with the role each is analysed in.
  private readonly inProgress = new Map<AnyNode, { readonly depth: number; readonly role: Role }>();
  // The outermost depth of `inProgress` assumed not to reject (see `cannotRejectAnalysis`) by the current analysis.
  private assumedFrom = Infinity;
  // "Cannot reject" verdicts resting on an assumption, with the outermost depth assumed, in the order found.
  private readonly provisional: Record<Role, Map<AnyNode, number>> = {
    async: new Map(),
    plain: new Map(),
    executor: new Map(),
    handedOver: new Map(),
  };
  private readonly provisionalOrder: Array<{ readonly fn: AnyNode; readonly role: Role }> = [];
  private variableDepth = 0;

  // The resolver of the module whose code is being read (another module's while one of its functions is).
  constructor(private resolver: RejectionResolver) {}

  /**
   * `args`: the arguments of the call being judged, when there is one (a default may then apply);
   * `resolver`: that of the module the function is in.
   */
  functionVerdict(fn: AnyNode, role: Role, args?: readonly AnyNode[], resolver = this.resolver): boolean {
    // A generator's call yields an iterator, not a thenable.
    if (fn.generator === true) return true;
    if (role !== 'plain' && role !== 'handedOver' && parametersMayThrow(fn, args)) return false;
    const known = this.verdicts[role].get(fn);
    if (known !== undefined) return known;
    const assumedDepth = this.provisional[role].get(fn);
    if (assumedDepth !== undefined) {
      this.assumedFrom = Math.min(this.assumedFrom, assumedDepth);
      return true;
    }
    const running = this.inProgress.get(fn);
    if (running) {
      if (running.role !== role) return false;
      this.assumedFrom = Math.min(this.assumedFrom, running.depth);
      return true;
    }
    const depth = this.inProgress.size;
    if (depth >= MAX_CALLEE_DEPTH) return false;
    const outerAssumed = this.assumedFrom;
    const firstProvisional = this.provisionalOrder.length;
    this.assumedFrom = Infinity;
    this.inProgress.set(fn, { depth, role });
    const outer = this.resolver;
    this.resolver = resolver;
    let verdict: boolean;
    try {
      verdict = !this.bodyMayReject(fn, role);
    } finally {
      this.resolver = outer;
      this.inProgress.delete(fn);
    }
    const assumed = this.assumedFrom < depth ? this.assumedFrom : Infinity;
    this.settle(fn, role, verdict, assumed, firstProvisional);
    this.assumedFrom = Math.min(outerAssumed, assumed);
    return verdict;
  }

  /**
   * Memoises a verdict. "May reject" holds whatever was assumed, but the provisional verdicts found
   * while analysing the function may have assumed it cannot: they are dropped. "Cannot reject" with
   * no outer function assumed confirms them too; otherwise it is provisional itself.
   */
  private settle(fn: AnyNode, role: Role, verdict: boolean, assumed: number, firstProvisional: number): void {
    const found = this.provisionalOrder.splice(firstProvisional);
    for (const entry of found) this.provisional[entry.role].delete(entry.fn);
    if (verdict && assumed !== Infinity) {
      this.provisionalOrder.push(...found, { fn, role });
      for (const entry of found) this.provisional[entry.role].set(entry.fn, assumed);
      this.provisional[role].set(fn, assumed);
      return;
    }
    if (verdict) for (const entry of found) this.verdicts[entry.role].set(entry.fn, true);
    this.verdicts[role].set(fn, verdict);
  }

  private bodyMayReject(fn: AnyNode, role: Role): boolean {
    const body = child(fn, 'body');
    if (!body) return true;
    // An expression body is returned.
    if (role !== 'executor' && body.type !== 'BlockStatement' && !this.returnIsSafe(body, role)) return true;
    // Depth-first over the body with the "inside a catching try" state; nested functions are their own.
    const nodes: AnyNode[] = [body];
    const caught: boolean[] = [false];
    const scratch: AnyNode[] = [];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const guarded = caught.pop()!;
      if (node !== body && (isFunctionNode(node) || node.type === 'ClassBody')) continue;
      if (node.type === 'TryStatement') {
        const handler = child(node, 'handler');
        // `finally { process.exit() }` ends the process before a rejection could settle the promise.
        const exits = finallyExits(child(node, 'finalizer'));
        for (const [part, partGuarded] of [
          [child(node, 'finalizer'), guarded],
          [handler, guarded || exits],
          [child(node, 'block'), guarded || exits || handler !== undefined],
        ] as const) {
          if (!part) continue;
          nodes.push(part);
          caught.push(partGuarded);
        }
        continue;
      }
      if (this.isRejectionPoint(node, guarded, role)) return true;
      pushChildNodes(node, scratch);
      for (let i = scratch.length - 1; i >= 0; i--) {
        nodes.push(scratch[i]!);
        caught.push(guarded);
      }
      scratch.length = 0;
    }
    return false;
  }

  /** Whether this node of a function body can reject the function's promise (`guarded`: inside a `try` with a `catch`). */
  private isRejectionPoint(node: AnyNode, guarded: boolean, role: Role): boolean {
    switch (node.type) {
      case 'ThrowStatement':
        return (role === 'async' || role === 'executor') && !guarded;
      case 'AwaitExpression':
        return !guarded && !this.valueCannotReject(child(node, 'argument'));
      case 'ForOfStatement':
        return !guarded && node.await === true;
      case 'VariableDeclaration':
        return !guarded && node.kind === 'await using';
      case 'ReturnStatement':
        return role !== 'executor' && !this.returnIsSafe(child(node, 'argument'), role);
      default:
        return false;
    }
  }

  /**
   * A returned value escapes every `try`; `return await p` is the await's concern (a try does guard
   * it). A plain function hands its value over as it is: a promise it already handled stays handled.
   */
  private returnIsSafe(argument: AnyNode | undefined, role: Role): boolean {
    const value = unwrap(argument);
    if (value === undefined || value.type === 'AwaitExpression') return true;
    return role === 'handedOver' ? this.isHandledValue(value) : this.valueCannotReject(value);
  }

  valueCannotReject(expression: AnyNode | undefined): boolean {
    const node = unwrap(expression);
    if (!node) return true;
    if (NOT_THENABLE.has(node.type)) return true;
    if (node.type === 'Identifier' && node.name === 'undefined') return true;
    if (this.resolver.isNotThenable?.(node) === true) return true;
    switch (node.type) {
      case 'AwaitExpression':
        return this.valueCannotReject(child(node, 'argument'));
      case 'Identifier':
        return this.storedValuesCannotReject(node);
      case 'MemberExpression':
        return isThisMember(node) && this.storedValuesCannotReject(node);
      case 'ConditionalExpression':
        return this.valueCannotReject(child(node, 'consequent')) && this.valueCannotReject(child(node, 'alternate'));
      case 'LogicalExpression':
        return this.valueCannotReject(child(node, 'left')) && this.valueCannotReject(child(node, 'right'));
      case 'SequenceExpression':
        return this.valueCannotReject(children(node, 'expressions').at(-1));
      case 'AssignmentExpression':
        return this.valueCannotReject(child(node, 'right'));
      case 'NewExpression':
        return (
          memberPath(child(node, 'callee')) !== 'Promise' || this.executorCannotReject(children(node, 'arguments')[0])
        );
      default:
        return isCallExpression(node) && this.callCannotReject(node);
    }
  }

  /**
   * `let task; … task = await start(); … return task;` or `this.ready = new Promise(…)`: every value
   * stored there. A field's value the object was constructed with (`this.name = name`,
   * `this.path = options.path`) is its builder's: a promise there is judged where it was created.
   */
  private storedValuesCannotReject(target: AnyNode): boolean {
    const values = this.storedValues(target);
    if (values === undefined) return false;
    const field = isThisMember(target);
    this.variableDepth++;
    try {
      return values.every(
        (value) =>
          unwrap(value)?.type === 'AwaitExpression' ||
          (field && (this.isConstructorParameter(unwrap(value)) || this.isConstructorOption(unwrap(value)))) ||
          this.valueCannotReject(value),
      );
    } finally {
      this.variableDepth--;
    }
  }

  /** Bounded like callees (`a = b; b = a` ends there as "may reject"). */
  private storedValues(target: AnyNode): readonly AnyNode[] | undefined {
    return this.variableDepth < MAX_CALLEE_DEPTH ? this.resolver.valuesOf?.(target) : undefined;
  }

  private callCannotReject(call: AnyNode): boolean {
    if (isLoggingCall(call) || returnsNoPromise(call)) return true;
    if (promiseChainCall(call)) return this.chainCannotReject(call);
    const callee = child(call, 'callee');
    const path = memberPath(callee);
    if (path?.startsWith('Promise.')) return this.promiseStaticCannotReject(path.slice(8), children(call, 'arguments'));
    if (this.resolver.callNeverRejects?.(call) === true || (callee && this.isSuppliedCallback(callee))) return true;
    if (!callee) return false;
    if (this.isSettleFunction(callee, new Set())) return true;
    const args = children(call, 'arguments');
    const found = this.calleeFunction(callee);
    if (found !== undefined) return this.functionVerdict(found.fn, roleOf(found.fn), args, found.resolver);
    const methods = this.resolver.methodsByName?.(callee);
    return methods !== undefined && methods.every((method) => this.functionVerdict(method, roleOf(method), args));
  }

  /** The function a callee runs: in this module, or (without types) in another module of the package. */
  private calleeFunction(callee: AnyNode): ModuleFunction | undefined {
    const fn = this.resolver.functionOf(callee);
    return fn ? { fn, resolver: this.resolver } : this.resolver.importedFunctionOf?.(callee);
  }

  /**
   * `resolve(value)` / `reject(error)` of a `new Promise` executor return undefined; so does a
   * parameter that every call of its named function fills with one (`check(resolve, reject)`, also
   * from `check` itself). `seen`: parameters being followed (a recursive call adds no new caller).
   */
  private isSettleFunction(callee: AnyNode, seen: Set<AnyNode>): boolean {
    const node = unwrap(callee);
    if (node?.type !== 'Identifier' || seen.size >= MAX_CALLEE_DEPTH) return false;
    const fn = this.resolver.parameterOf?.(node);
    const params = fn ? children(fn, 'params') : [];
    const index = params.findIndex((param) => param.type === 'Identifier' && param.name === node.name);
    if (!fn || index === -1 || assigns(fn, node.name as string)) return false;
    if (isPromiseExecutor(fn)) return index <= 1;
    const param = params[index]!;
    if (seen.has(param)) return true;
    const name = functionName(fn);
    const reads = name && this.resolver.readsOf?.(name);
    if (!reads || reads.length === 0) return false;
    seen.add(param);
    return reads.every((read) => {
      const call = child(read, 'parent');
      if (!call || !isCallExpression(call) || child(call, 'callee') !== read) return false;
      const args = children(call, 'arguments').slice(0, index + 1);
      return (
        args.length === index + 1 &&
        args.every((arg) => arg.type !== 'SpreadElement') &&
        this.isSettleFunction(args[index]!, seen)
      );
    });
  }

  /** `.catch(h)` rejects only when `h` does; `.then(a, h)` when `a` or `h` does; `.then(a)` and `.finally(f)` also when the promise does. */
  private chainCannotReject(call: AnyNode): boolean {
    const chain = promiseChainCall(call)!;
    const args = children(call, 'arguments');
    if (args.some((arg) => arg.type === 'SpreadElement')) return false;
    const onRejected = chain.onRejected === 'spread' ? undefined : chain.onRejected;
    const handled = onRejected !== undefined && this.resolver.isFunctionHandler(onRejected);
    return (handled || this.valueCannotReject(chain.object)) && args.every((arg) => this.handlerCannotReject(arg));
  }

  /**
   * A callback an object was constructed with (a constructor parameter, or a field the class only
   * ever sets from one or from an option of one, `this.suggest = options.suggest`): the class runs
   * it on behalf of whoever built the object, and its failure surfaces as theirs, as a synchronous
   * call's would. Any other parameter is not one: a callee's argument is visible at the call, and a
   * library's callback (`pool.connect((err, client, release) => …)`) is this code's to handle.
   */
  private isSuppliedCallback(callee: AnyNode): boolean {
    const node = unwrap(callee);
    if (node?.type === 'Identifier') return this.isConstructorParameter(node);
    if (!node || !isThisMember(node)) return false;
    const values = this.storedValues(node);
    return (
      values !== undefined &&
      values.length > 0 &&
      values.every((value) => this.isConstructorParameter(unwrap(value)) || this.isConstructorOption(unwrap(value)))
    );
  }

  /** `options.suggest`: a named member of a constructor parameter. */
  private isConstructorOption(node: AnyNode | undefined): boolean {
    if (!node || !isMemberExpression(node) || node.computed === true || propertyName(node) === undefined) return false;
    return this.isConstructorParameter(unwrap(child(node, 'object')));
  }

  private isConstructorParameter(node: AnyNode | undefined): boolean {
    if (node?.type !== 'Identifier') return false;
    const fn = this.resolver.parameterOf?.(node);
    return fn !== undefined && !this.inProgress.has(fn) && isConstructor(fn);
  }

  private promiseStaticCannotReject(method: string, args: readonly AnyNode[]): boolean {
    if (method === 'allSettled') return true;
    if (method === 'resolve') return this.valueCannotReject(args[0]);
    if (!PROMISE_AGGREGATORS.has(method)) return false;
    const list = unwrap(args[0]);
    // `Promise.all(names.map(async (name) => …))`: each element is the callback's promise.
    const mapped = isCallExpression(list) ? this.mappedCallback(list!) : undefined;
    if (mapped)
      return method !== 'any' && this.functionVerdict(mapped.fn, roleOf(mapped.fn), undefined, mapped.resolver);
    const elements = list?.type === 'Identifier' ? this.pushedElements(list) : arrayElements(list);
    // `Promise.any([])` rejects: there is nothing to fulfil it.
    if (!elements || (method === 'any' && elements.length === 0)) return false;
    return elements.every((element) => element.type !== 'SpreadElement' && this.valueCannotReject(element));
  }

  /**
   * `const tasks = []; … tasks.push(p); … Promise.all(tasks)`: the array's elements and everything
   * pushed onto it, when the variable holds only that array and is only pushed to, measured or
   * handed to the aggregator (anything else could add elements nobody sees here).
   */
  private pushedElements(list: AnyNode): AnyNode[] | undefined {
    const values = this.storedValues(list);
    const reads = this.resolver.readsOf?.(list);
    const array = values?.length === 1 ? arrayElements(unwrap(values[0])) : undefined;
    if (!array || !reads) return undefined;
    const elements = [...array];
    for (const read of reads) {
      const member = child(read, 'parent');
      if (read === list || (member && isMemberExpression(member) && propertyName(member) === 'length')) continue;
      const push = methodCallOn(read, 'push', (node) => child(node, 'parent'));
      if (!push) return undefined;
      elements.push(...children(push, 'arguments'));
    }
    return elements;
  }

  private mappedCallback(call: AnyNode): ModuleFunction | undefined {
    const callee = unwrap(child(call, 'callee'));
    if (!isMemberExpression(callee) || propertyName(callee!) !== 'map') return undefined;
    const callback = unwrap(children(call, 'arguments')[0]);
    if (!callback || callback.type === 'SpreadElement') return undefined;
    return isFunctionNode(callback) ? { fn: callback, resolver: this.resolver } : this.calleeFunction(callback);
  }

  /** A handler rejects the chain by throwing or returning a promise that rejects; a reference nobody can read is assumed not to. */
  private handlerCannotReject(handler: AnyNode): boolean {
    const node = unwrap(handler);
    if (!node || !this.resolver.isFunctionHandler(node)) return true;
    const fn = this.resolver.functionOf(node);
    return fn === undefined || this.functionVerdict(fn, 'async');
  }

  /** `new Promise(executor)` rejects when the executor throws or uses its `reject` parameter. */
  private executorCannotReject(executor: AnyNode | undefined): boolean {
    const fn = unwrap(executor);
    if (!fn || !isFunctionNode(fn)) return false;
    const reject = children(fn, 'params')[1];
    if (reject !== undefined && (reject.type !== 'Identifier' || mentions(fn, String(reject.name)))) return false;
    return this.functionVerdict(fn, 'executor');
  }

  callbackCannotReject(callback: AnyNode): boolean {
    const target = boundTarget(callback);
    const found = target && this.calleeFunction(target);
    return found !== undefined && this.functionVerdict(found.fn, roleOf(found.fn), undefined, found.resolver);
  }

  /**
   * Dropping the value leaves nothing unhandled: it cannot reject, or it is a promise that already
   * has a rejection handler, handed over as it is (a variable, `Promise.resolve(p)` of a native
   * promise, what a plain function returns). An async function's promise is a new one: not handed over.
   */
  isHandledValue(expression: AnyNode | undefined): boolean {
    const node = unwrap(expression);
    if (this.valueCannotReject(node)) return true;
    switch (node?.type) {
      case 'Identifier':
        return this.isHandledVariable(node);
      case 'ConditionalExpression':
        return this.isHandledValue(child(node, 'consequent')) && this.isHandledValue(child(node, 'alternate'));
      case 'LogicalExpression':
        return this.isHandledValue(child(node, 'left')) && this.isHandledValue(child(node, 'right'));
      case 'SequenceExpression':
        return this.isHandledValue(children(node, 'expressions').at(-1));
      default:
        return isCallExpression(node) && this.isHandedOverCall(node!);
    }
  }

  private isHandedOverCall(call: AnyNode): boolean {
    const callee = child(call, 'callee');
    const args = children(call, 'arguments');
    if (memberPath(callee) === 'Promise.resolve') return args.length === 1 && this.isHandledValue(args[0]);
    const found = callee && this.calleeFunction(callee);
    return (
      found !== undefined &&
      found.fn.async !== true &&
      this.functionVerdict(found.fn, 'handedOver', undefined, found.resolver)
    );
  }

  /** A local whose every promise value gets a rejection handler right after it is stored (`handlerFollowsEveryWrite`). */
  private isHandledVariable(identifier: AnyNode): boolean {
    const values = this.storedValues(identifier);
    const reads = this.resolver.readsOf?.(identifier);
    if (values === undefined || reads === undefined) return false;
    const handlers = reads.map(handlerStatementOf).filter((statement) => statement !== undefined);
    const attached = handlers.filter((statement) => {
      const chain = promiseChainCall(child(statement, 'expression'));
      const onRejected = chain?.onRejected;
      return onRejected !== undefined && onRejected !== 'spread' && this.resolver.isFunctionHandler(onRejected);
    });
    return values.every(
      (value) => this.valueCannotReject(value) || attached.some((statement) => handlerFollowsWrite(value, statement)),
    );
  }
}

/** `p.catch(h);` / `p.then(a, h);` as a statement of its own, for a read `p`. */
function handlerStatementOf(read: AnyNode): AnyNode | undefined {
  const member = child(read, 'parent');
  if (!member || !isMemberExpression(member) || child(member, 'object') !== read) return undefined;
  const call = child(member, 'parent');
  if (!call || !isCallExpression(call) || child(call, 'callee') !== member) return undefined;
  const method = propertyName(member);
  if (method !== 'catch' && method !== 'then') return undefined;
  const statement = child(call, 'parent');
  return statement?.type === 'ExpressionStatement' ? statement : undefined;
}

/**
 * Whether the handler statement runs after every run of the write that stored `value`, before
 * control can leave: the write sits (outside any nested function) in a statement of the same block
 * that comes earlier, and nothing from that statement up to the handler returns, throws, awaits,
 * yields or jumps.
 */
function handlerFollowsWrite(value: AnyNode, handler: AnyNode): boolean {
  const block = child(handler, 'parent');
  const statements = block ? children(block, 'body') : [];
  let written: AnyNode | undefined = value;
  for (let parent = child(value, 'parent'); parent && parent !== block; parent = child(parent, 'parent')) {
    if (isFunctionNode(parent)) return false;
    written = parent;
  }
  const from = written ? statements.indexOf(written) : -1;
  const to = statements.indexOf(handler);
  return from !== -1 && from < to && statements.slice(from, to).every((statement) => !mayLeave(statement));
}

const LEAVING = new Set([
  'ReturnStatement',
  'ThrowStatement',
  'AwaitExpression',
  'YieldExpression',
  'BreakStatement',
  'ContinueStatement',
]);

/** A `return`, `throw`, `await`, `yield`, `break` or `continue` in the statement (not in a nested function). */
function mayLeave(statement: AnyNode): boolean {
  const nodes: AnyNode[] = [statement];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (LEAVING.has(node.type)) return true;
    if (node.type === 'ForOfStatement' && node.await === true) return true;
    if (node !== statement && isFunctionNode(node)) continue;
    pushChildNodes(node, nodes);
  }
  return false;
}

/** Whether `fn` (nested functions included) may assign a name `name` (a superset: shadowing is ignored). */
function assigns(fn: AnyNode, name: string): boolean {
  const nodes: AnyNode[] = [fn];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const target =
      node.type === 'AssignmentExpression' || node.type === 'ForOfStatement' || node.type === 'ForInStatement'
        ? child(node, 'left')
        : node.type === 'UpdateExpression'
          ? child(node, 'argument')
          : undefined;
    if (target && containsIdentifier(target, name)) return true;
    pushChildNodes(node, nodes);
  }
  return false;
}

/** `new Promise(executor)`'s executor (with parent links). */
function isPromiseExecutor(fn: AnyNode): boolean {
  const parent = child(fn, 'parent');
  return (
    parent?.type === 'NewExpression' &&
    memberPath(child(parent, 'callee')) === 'Promise' &&
    children(parent, 'arguments')[0] === fn
  );
}

/** The name a function is declared under (`function check`, `const check = async () => …`), with parent links. */
function functionName(fn: AnyNode): AnyNode | undefined {
  if (fn.type === 'FunctionDeclaration') return child(fn, 'id');
  const declarator = child(fn, 'parent');
  const id =
    declarator?.type === 'VariableDeclarator' && child(declarator, 'init') === fn ? child(declarator, 'id') : undefined;
  return id?.type === 'Identifier' ? id : undefined;
}

/** A class constructor: ESTree's `FunctionExpression` under a `constructor` method, or Babel's `ClassMethod` itself. */
const isConstructor = (fn: AnyNode): boolean => (fn.kind ?? child(fn, 'parent')?.kind) === 'constructor';

const isThisMember = (node: AnyNode): boolean =>
  isMemberExpression(node) && unwrap(child(node, 'object'))?.type === 'ThisExpression';

/**
 * How a function's outcome reaches the promise: an async function or a `.then`/`.catch` handler
 * rejects by throwing or returning a promise that rejects; a plain callee only by its returned
 * value (its throws are synchronous); a `new Promise` executor only by throwing (its return is
 * ignored). `handedOver`: a plain callee whose returned values may be promises it already handled.
 */
type Role = 'async' | 'plain' | 'executor' | 'handedOver';

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

const arrayElements = (list: AnyNode | undefined): AnyNode[] | undefined =>
  list?.type === 'ArrayExpression' ? children(list, 'elements') : undefined;

/**
 * A destructured parameter throws before the body (its argument may be `null`), unless the call
 * passes nothing there and its default is a literal that a flat pattern destructures
 * (`realpath(e, { withFileTypes } = { withFileTypes: false })` called as `p.realpath()`).
 */
function parametersMayThrow(fn: AnyNode, args: readonly AnyNode[] | undefined): boolean {
  const spread = args?.some((arg) => arg.type === 'SpreadElement') ?? true;
  return children(fn, 'params').some((param, index) => {
    const target = param.type === 'TSParameterProperty' ? child(param, 'parameter') : param;
    const pattern = target?.type === 'AssignmentPattern' ? child(target, 'left') : target;
    if (pattern?.type !== 'ObjectPattern' && pattern?.type !== 'ArrayPattern') return false;
    if (spread || index < args!.length || target?.type !== 'AssignmentPattern') return true;
    return !defaultDestructuresSafely(pattern, unwrap(child(target, 'right')));
  });
}

/** `{ a, b = 1 } = { … }` / `[a, b] = […]`: a literal default and a pattern without nested patterns. */
function defaultDestructuresSafely(pattern: AnyNode, value: AnyNode | undefined): boolean {
  const literal = pattern.type === 'ObjectPattern' ? 'ObjectExpression' : 'ArrayExpression';
  if (value?.type !== literal) return false;
  const targets =
    pattern.type === 'ObjectPattern'
      ? children(pattern, 'properties').map((property) =>
          property.type === 'RestElement' ? child(property, 'argument') : child(property, 'value'),
        )
      : children(pattern, 'elements');
  return targets.every((target) => {
    const name = target?.type === 'AssignmentPattern' ? child(target, 'left') : target;
    return name === undefined || name.type === 'Identifier';
  });
}

/** Whether an identifier named `name` occurs in `fn`'s body (a superset of "is referenced": shadowing is ignored). */
function mentions(fn: AnyNode, name: string): boolean {
  const body = child(fn, 'body');
  return body !== undefined && containsIdentifier(body, name);
}

/** Whether an identifier named `name` occurs under `root`. */
function containsIdentifier(root: AnyNode, name: string): boolean {
  const nodes: AnyNode[] = [root];
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

const NO_IMPORTS: ImportMap = new Map();

/** Whether a `finally` block always exits the process (a top-level `process.exit()` statement). */
function finallyExits(finalizer: AnyNode | undefined): boolean {
  return children(finalizer ?? { type: 'BlockStatement' }, 'body').some(
    (statement) =>
      statement.type === 'ExpressionStatement' &&
      exitCallOf(unwrap(child(statement, 'expression'))!, NO_IMPORTS) !== undefined,
  );
}

/** Without a way to resolve names: a handler argument that may be a function (not a literal, object, class or `undefined`). */
export const mayBeFunction = (node: AnyNode): boolean => {
  const value = unwrap(node);
  return (
    value !== undefined &&
    !NOT_FUNCTIONS.has(value.type) &&
    !(value.type === 'Identifier' && value.name === 'undefined')
  );
};
