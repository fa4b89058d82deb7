/**
 * Process listeners as graceful-main sees them: a naive SIGINT/SIGTERM handler (cleanup, then
 * `process.exit()`) becomes a `defer` of its cleanup run only on its signals
 * (`{ onlyOn: ['SIGINT'] }`: a normal finish never ran it); a hand-written one that stops the work
 * itself means the file is already graceful; a crash listener that only logs and exits goes
 * (runMain does that), another one keeps its work with an exit code instead of the exit.
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  memberPath,
  propertyName,
  unwrap,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import {
  CRASH_EVENTS,
  type ProcessListener,
  isProcessListenerCall,
  isSignalName,
  processListenerInScope,
  resolveFunction,
} from 'eslint-plugin-graceful-shutdown/detection/process-listeners';
import { patternNames } from 'eslint-plugin-graceful-shutdown/detection/syntax/patterns';
import { stopsWork } from 'eslint-plugin-graceful-shutdown/detection/work-starters';
import { checkRewritableExits, exitsIn, isTrivialErrorHandler } from './exits.js';
import { type FileContext, Skip, Unchanged, nodeList } from './file-context.js';

/** Signals `runMain` handles by default; a listener that also covers others passes them as `signals`. */
const DEFAULT_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGBREAK']);
const SHUTDOWN_SIGNALS = new Set(['SIGINT', 'SIGTERM']);

/** A process listener the rewrite acts on. */
export interface ListenerPlan {
  readonly listener: ProcessListener;
  /** The statement registering it (a `process.on(…)`, its `for…of`, its `forEach`). */
  readonly statement: AnyNode;
  readonly kind: 'naive' | 'crash-trivial' | 'crash-custom';
  /** Naive: the function that becomes a `defer` (the listener itself, trimmed). */
  readonly fn: AnyNode;
  /** Naive: the name of a declared listener function (`defer(shutdown)`), else the function is moved inline. */
  readonly declaredName?: string;
  /** Naive: statements of the listener dropped (the exit, force-exit timers). */
  readonly dropped: readonly AnyNode[];
  /** Other signals (not SIGINT/SIGTERM/SIGBREAK) the registration covered. */
  readonly extraSignals: readonly string[];
  /** Equal listeners registered twice (SIGINT and SIGTERM) become one defer. */
  readonly duplicateOf?: ListenerPlan;
}

/** Functions of naive signal listeners: they become closers, so what they clear is cleared only at shutdown. */
/** Functions of naive signal listeners: they become closers, so what they clear is cleared only at shutdown. */
export function naiveListenerFunctions(plans: readonly ListenerPlan[]): AnyNode[] {
  return plans.filter((plan) => plan.kind === 'naive').map((plan) => plan.fn);
}

export function planListeners(ctx: FileContext): ListenerPlan[] {
  const plans: ListenerPlan[] = [];
  walk(ctx.program, (node) => {
    if (!isCallExpression(node) || !isProcessListenerCall(node)) return undefined;
    const listener = processListenerInScope(node, ctx.ancestors(node), ctx.program);
    if (!listener) return undefined;
    const plan = planListener(ctx, listener);
    if (plan) plans.push(plan);
    return undefined;
  });
  // SIGINT and SIGTERM with the same handler become one defer.
  return plans.map((plan, index) => {
    if (plan.kind !== 'naive') return plan;
    const key = listenerKey(ctx, plan);
    const first = plans
      .slice(0, index)
      .find((other) => other.kind === 'naive' && !other.duplicateOf && listenerKey(ctx, other) === key);
    return first ? { ...plan, duplicateOf: first } : plan;
  });
}

/** The signals a naive plan's cleanup ran on: its own and those of the registrations merged into it. */
export function cleanupSignals(plan: ListenerPlan, plans: readonly ListenerPlan[]): string[] {
  const merged = plans.filter((other) => other === plan || other.duplicateOf === plan);
  return [...new Set(merged.flatMap((other) => other.listener.events.filter(isSignalName)))];
}

function listenerKey(ctx: FileContext, plan: ListenerPlan): string {
  if (plan.declaredName !== undefined) return `name:${plan.declaredName}`;
  const fn = plan.fn;
  return `text:${ctx.input.text.slice(Number(fn.start), Number(fn.end)).replace(/\s+/g, ' ')}`;
}

function planListener(ctx: FileContext, listener: ProcessListener): ListenerPlan | undefined {
  const events = listener.events;
  const signals = events.filter(isSignalName);
  const crashes = events.filter((event) => (CRASH_EVENTS as readonly string[]).includes(event));
  const where = `its ${events.join('/')} listener${ctx.line(listener.call)}`;
  if (signals.length > 0 && !signals.some((signal) => SHUTDOWN_SIGNALS.has(signal))) return undefined; // SIGHUP reload, SIGUSR2 restart: not shutdown
  if (signals.length === 0 && crashes.length === 0) return undefined; // 'exit', 'warning', …
  if (signals.length > 0 && crashes.length > 0)
    throw new Skip(`${where} mixes signals and crash events: split it by hand`);
  const fn = listener.listenerFunction;
  if (!fn) {
    // `process.on('SIGINT', process.exit)` is the naive handler at its barest.
    if (signals.length > 0 && listener.listener && memberPath(listener.listener) === 'process.exit') {
      return registration(ctx, listener, 'naive', listener.listener, [], signals);
    }
    throw new Skip(`${where} is not defined in this file`);
  }
  if (fn.type === 'FunctionExpression' && ctx.usesThis(fn)) throw new Skip(`${where} uses \`this\``);
  if (crashes.length > 0) {
    if (isTrivialErrorHandler(ctx, fn)) return registration(ctx, listener, 'crash-trivial', fn, [], []);
    checkRewritableExits(ctx, fn, where);
    return registration(ctx, listener, 'crash-custom', fn, [], []);
  }
  const exits = exitsIn(ctx, fn);
  if (exits.topLevel.length === 0) {
    if (exitsIndirectly(ctx, fn))
      throw new Skip(`${where} exits through a function it calls: inline its cleanup by hand`);
    if (exits.nested.length > 0 || stopsOrFlags(ctx, fn))
      throw new Unchanged(`already graceful: ${where} stops the work itself`);
    throw new Skip(`${where} neither exits nor stops anything: decide by hand what it should do`);
  }
  const body = child(fn, 'body');
  const statements = body?.type === 'BlockStatement' ? nodeList(body, 'body') : [];
  const exit = exits.topLevel[0]!;
  if (exits.topLevel.length > 1 || (body?.type === 'BlockStatement' && statements.at(-1) !== exit)) {
    throw new Skip(`${where} exits in several places or runs code after process.exit()`);
  }
  const dropped = [exit];
  for (const nested of exits.nested) {
    if (ctx.enclosingFunction(nested) === fn) throw new Skip(`${where} exits in several places`);
    const timer = forceExitTimer(ctx, nested, statements);
    if (!timer) throw new Skip(`${where} exits from a callback${ctx.line(nested)}`);
    dropped.push(timer);
  }
  const params = children(fn, 'params');
  if (
    params.length > 0 &&
    ctx.referencesAny(
      statements.filter((statement) => !dropped.includes(statement)),
      params.flatMap(patternNames),
    )
  ) {
    throw new Skip(`${where} uses its signal argument`);
  }
  return registration(ctx, listener, 'naive', fn, dropped, signals);
}

function registration(
  ctx: FileContext,
  listener: ProcessListener,
  kind: ListenerPlan['kind'],
  fn: AnyNode,
  dropped: AnyNode[],
  signals: readonly string[],
): ListenerPlan {
  const statement = registrationStatement(ctx, listener.call);
  if (!statement)
    throw new Skip(
      `its ${listener.events.join('/')} listener${ctx.line(listener.call)} is registered inside an expression`,
    );
  const extraSignals = signals.filter((signal) => !DEFAULT_SIGNALS.has(signal));
  const reference = unwrap(listener.listener);
  let declaredName: string | undefined;
  if (kind === 'naive' && reference?.type === 'Identifier' && isFunctionNode(fn)) {
    declaredName = String(reference.name);
    if (ctx.countReferences(declaredName, [reference]) > registrationsOf(ctx, declaredName)) {
      throw new Skip(`its ${listener.events.join('/')} handler ${declaredName}() is also called elsewhere`);
    }
    const kept = keptRegistrationOf(ctx, declaredName);
    if (kept) {
      // Its exit goes and it becomes a defer, but that registration stays and still needs the exit.
      const events = kept.events.length > 0 ? `${kept.events.join('/')} listener` : 'listener of another event';
      throw new Skip(
        `its ${listener.events.join('/')} handler ${declaredName}() is also the ${events}${ctx.line(kept.call)}, which would lose its process.exit(): give that listener its own function`,
      );
    }
  } else if (kind === 'naive' && reference && !isFunctionNode(reference) && reference.type !== 'MemberExpression') {
    throw new Skip(`its ${listener.events.join('/')} listener${ctx.line(listener.call)} is not a plain function`);
  }
  return {
    listener,
    statement,
    kind,
    fn,
    dropped,
    extraSignals,
    ...(declaredName === undefined ? {} : { declaredName }),
  };
}

/** How many registrations pass `name` as the listener (so a handler used only by them can be moved). */
function registrationsOf(ctx: FileContext, name: string): number {
  let count = 0;
  walk(ctx.program, (node) => {
    if (isCallExpression(node) && isProcessListenerCall(node)) {
      const listener = unwrap(argument(node, 1));
      if (listener?.type === 'Identifier' && listener.name === name) count++;
    }
    return undefined;
  });
  return count;
}

/** A process registration passing `name` that the rewrite leaves in place: none of its events is SIGINT/SIGTERM (SIGHUP, SIGUSR2, 'exit', …). */
function keptRegistrationOf(ctx: FileContext, name: string): { call: AnyNode; events: readonly string[] } | undefined {
  let kept: { call: AnyNode; events: readonly string[] } | undefined;
  walk(ctx.program, (node) => {
    if (kept) return false;
    if (!isCallExpression(node) || !isProcessListenerCall(node)) return undefined;
    const reference = unwrap(argument(node, 1));
    if (reference?.type !== 'Identifier' || reference.name !== name) return undefined;
    const events = processListenerInScope(node, ctx.ancestors(node), ctx.program)?.events ?? [];
    if (!events.some((event) => SHUTDOWN_SIGNALS.has(event))) kept = { call: node, events };
    return undefined;
  });
  return kept;
}

/** The statement a registration call stands for: itself, its `for (const s of […])`, its `[…].forEach(…)`. */
function registrationStatement(ctx: FileContext, call: AnyNode): AnyNode | undefined {
  const parent = ctx.parents.get(call);
  if (parent?.type !== 'ExpressionStatement') {
    // `signals.forEach((s) => process.on(s, fn))`
    if (isFunctionNode(parent) && child(parent!, 'body') === call) return forEachStatement(ctx, parent!);
    return undefined;
  }
  const container = ctx.parents.get(parent);
  if (container?.type === 'ForOfStatement' && child(container, 'body') === parent) return container;
  if (container?.type === 'BlockStatement' && nodeList(container, 'body').length === 1) {
    const owner = ctx.parents.get(container);
    if (owner?.type === 'ForOfStatement') return owner;
    if (isFunctionNode(owner) && child(owner!, 'body') === container) return forEachStatement(ctx, owner!) ?? parent;
  }
  return parent;
}

function forEachStatement(ctx: FileContext, fn: AnyNode): AnyNode | undefined {
  const call = ctx.parents.get(fn);
  if (!isCallExpression(call) || propertyName(unwrap(child(call!, 'callee')) ?? call!) !== 'forEach') return undefined;
  const statement = ctx.parents.get(call!);
  return statement?.type === 'ExpressionStatement' ? statement : undefined;
}

/** `setTimeout(() => process.exit(1), 10_000)[.unref()]`: a force-exit timer runMain's deadline replaces. */
function forceExitTimer(ctx: FileContext, exit: AnyNode, statements: readonly AnyNode[]): AnyNode | undefined {
  const statement = statements.find((candidate) => ctx.isInside(exit, candidate));
  if (statement?.type !== 'ExpressionStatement') return undefined;
  let expression = unwrap(child(statement, 'expression'));
  if (isCallExpression(expression) && propertyName(unwrap(child(expression!, 'callee')) ?? expression!) === 'unref') {
    expression = unwrap(child(unwrap(child(expression!, 'callee'))!, 'object'));
  }
  return isCallExpression(expression) && memberPath(child(expression!, 'callee')) === 'setTimeout'
    ? statement
    : undefined;
}

/** Whether a function calls (two levels deep) a function of this file that ends the process. */
function exitsIndirectly(ctx: FileContext, fn: AnyNode, depth = 0): boolean {
  let found = false;
  walk(child(fn, 'body') ?? fn, (node) => {
    if (found) return false;
    if (!isCallExpression(node)) return undefined;
    const callee = resolveFunction(child(node, 'callee'), ctx.program);
    if (!callee || callee === fn) return undefined;
    if (
      exitsIn(ctx, callee).topLevel.length > 0 ||
      exitsIn(ctx, callee).nested.length > 0 ||
      (depth < 1 && exitsIndirectly(ctx, callee, depth + 1))
    )
      found = true;
    return undefined;
  });
  return found;
}

function stopsOrFlags(ctx: FileContext, fn: AnyNode): boolean {
  let found = false;
  walk(child(fn, 'body') ?? fn, (node) => {
    if (found) return false;
    if ((isCallExpression(node) && stopsWork(node, ctx.imports)) || node.type === 'AssignmentExpression') found = true;
    return undefined;
  });
  return found;
}
