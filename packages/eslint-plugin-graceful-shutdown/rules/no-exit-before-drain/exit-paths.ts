/**
 * Follows a listener's or a handler's body in order (docs/architecture.md §5). Exits reached while
 * nothing has been awaited are reported, unless a guard makes them the second-signal exit. Local
 * functions called on the way are followed in place; callbacks (timers, `server.close(cb)`,
 * `.then(cb)`) are not on this path.
 */
import {
  type AnyNode,
  child,
  children,
  isAsyncFunction,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  pushChildNodes,
  unwrap,
  walk,
} from '../../detection/syntax/ast.js';
import type { ImportMap } from '../../detection/imports.js';
import { isSleep } from '../../detection/inert-calls.js';
import { type ExitCall, exitCallOf } from '../../detection/process-exit.js';
import { resolveFunctionInScope } from '../../detection/process-listeners.js';
import { stopsWork } from '../../detection/work-starters.js';
import { type PathState, copyState, freshState, mergeBranches } from './path-state.js';
import type { SecondSignalGuards } from './second-signal-guards.js';
import type { Site } from './site.js';

export interface ExitPathContext {
  readonly program: AnyNode;
  readonly imports: ImportMap;
  readonly ancestorsOf: (node: AnyNode) => readonly AnyNode[];
  readonly guards: SecondSignalGuards;
  /** An exit reached before anything drained, outside a second-signal guard. */
  readonly reportExit: (node: AnyNode, exit: ExitCall, site: Site, state: PathState) => void;
}

/** One trace: where its exits are reported, and the functions being followed (recursion stops there). */
interface Trace {
  readonly context: ExitPathContext;
  readonly site: Site;
  readonly stack: Set<AnyNode>;
}

const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
/** Deeper than this, an expression is scanned for exits without following its control flow. */
const MAX_DEPTH = 150;
/** A local function called deeper than this (in nested expressions) is not followed. */
const MAX_CALL_DEPTH = 8;

/** Follows a function's body from `state`; returns the state at its end. */
export function followFunction(context: ExitPathContext, fn: AnyNode, site: Site, state = freshState()): PathState {
  return walkFunction({ context, site, stack: new Set() }, fn, state, false, 0);
}

/** Follows statements from a fresh state: a handler's body, or the code after `await main()`. */
export function followStatements(context: ExitPathContext, list: readonly AnyNode[], site: Site): void {
  walkStatements({ context, site, stack: new Set() }, list, freshState(), false, 0);
}

/** Whether an expression awaits something other than a sleep, outside nested functions. */
export function containsAwait(node: AnyNode, imports: ImportMap): boolean {
  let found = false;
  walk(node, (inner) => {
    if (found || isFunctionNode(inner)) return false;
    if (inner.type === 'AwaitExpression' && !isSleep(child(inner, 'argument'), imports)) found = true;
    return !found;
  });
  return found;
}

function walkFunction(trace: Trace, fn: AnyNode, state: PathState, guarded: boolean, depth: number): PathState {
  if (trace.stack.has(fn) || depth > MAX_CALL_DEPTH) return state;
  trace.stack.add(fn);
  const body = child(fn, 'body');
  if (body?.type === 'BlockStatement') walkStatements(trace, children(body, 'body'), state, guarded, depth);
  else if (body) walkExpression(trace, body, state, guarded, depth);
  trace.stack.delete(fn);
  return state;
}

function walkStatements(
  trace: Trace,
  list: readonly AnyNode[],
  state: PathState,
  guarded: boolean,
  depth: number,
): void {
  for (const statement of list) {
    if (state.terminated) return;
    walkStatement(trace, statement, state, guarded, depth);
  }
}

function walkStatement(trace: Trace, node: AnyNode, state: PathState, guarded: boolean, depth: number): void {
  switch (node.type) {
    case 'ExpressionStatement':
      walkExpression(trace, child(node, 'expression'), state, guarded, depth);
      return;
    case 'VariableDeclaration':
      for (const declarator of children(node, 'declarations'))
        walkExpression(trace, child(declarator, 'init'), state, guarded, depth);
      if (node.kind === 'await using') state.drained = true;
      return;
    case 'ReturnStatement':
    case 'ThrowStatement':
      walkExpression(trace, child(node, 'argument'), state, guarded, depth);
      state.terminated = true;
      return;
    case 'BlockStatement':
    case 'StaticBlock':
      walkStatements(trace, children(node, 'body'), state, guarded, depth);
      return;
    case 'LabeledStatement':
      walkStatement(trace, child(node, 'body')!, state, guarded, depth);
      return;
    case 'IfStatement':
      walkIf(trace, node, state, guarded, depth);
      return;
    case 'TryStatement':
      walkTry(trace, node, state, guarded, depth);
      return;
    case 'SwitchStatement':
      walkExpression(trace, child(node, 'discriminant'), state, guarded, depth);
      for (const switchCase of children(node, 'cases'))
        walkStatements(trace, children(switchCase, 'consequent'), copyState(state), guarded, depth);
      return;
    default:
      if (LOOP_TYPES.has(node.type)) walkLoop(trace, node, state, guarded, depth);
  }
}

function walkIf(trace: Trace, node: AnyNode, state: PathState, guarded: boolean, depth: number): void {
  const test = child(node, 'test');
  walkExpression(trace, test, state, guarded, depth);
  const consequent = child(node, 'consequent');
  const alternate = child(node, 'alternate');
  const guard = trace.context.guards.branches(test, consequent, alternate);
  const thenState = copyState(state);
  if (consequent) walkStatement(trace, consequent, thenState, guarded || guard.consequent, depth);
  const elseState = copyState(state);
  if (alternate) walkStatement(trace, alternate, elseState, guarded || guard.alternate, depth);
  // `if (client) await client.close()`: without the client there is nothing to drain.
  if (!alternate && thenState.drained && !thenState.terminated && drainsWhatItTests(test, consequent))
    elseState.drained = true;
  mergeBranches(state, thenState, elseState);
}

/** A catch or finally runs after the try's awaits have settled (or thrown). */
function walkTry(trace: Trace, node: AnyNode, state: PathState, guarded: boolean, depth: number): void {
  const blockState = copyState(state);
  walkStatement(trace, child(node, 'block')!, blockState, guarded, depth);
  const handler = child(node, 'handler');
  const handlerBody = handler ? child(handler, 'body') : undefined;
  let after = blockState;
  if (handlerBody) {
    const handlerState: PathState = { ...blockState, terminated: false };
    walkStatement(trace, handlerBody, handlerState, guarded, depth);
    after = {
      drained: blockState.drained && handlerState.drained,
      stopped: blockState.stopped && handlerState.stopped,
      terminated: blockState.terminated && handlerState.terminated,
    };
  }
  const finalizer = child(node, 'finalizer');
  if (finalizer) {
    const finalState: PathState = { ...after, drained: blockState.drained || after.drained, terminated: false };
    walkStatement(trace, finalizer, finalState, guarded, depth);
    after = { ...finalState, terminated: finalState.terminated || after.terminated };
  }
  Object.assign(state, after);
}

/** `for (const s of servers) await s.close()` drains; a loop's exit is its own business. */
function walkLoop(trace: Trace, node: AnyNode, state: PathState, guarded: boolean, depth: number): void {
  for (const key of ['init', 'test', 'right', 'update']) walkExpression(trace, child(node, key), state, guarded, depth);
  const bodyState = copyState(state);
  walkStatement(trace, child(node, 'body')!, bodyState, guarded, depth);
  state.drained ||= bodyState.drained;
  state.stopped ||= bodyState.stopped;
  if (node.type === 'ForOfStatement' && node.await === true) state.drained = true;
}

/** Follows an expression in evaluation order (roughly), skipping nested functions. */
function walkExpression(
  trace: Trace,
  node: AnyNode | undefined,
  state: PathState,
  guarded: boolean,
  depth: number,
): void {
  if (!node || state.terminated) return;
  if (depth > MAX_DEPTH) return flatScan(trace, node, state, guarded);
  const next = depth + 1;
  switch (node.type) {
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
      return;
    case 'AwaitExpression': {
      const awaited = child(node, 'argument');
      walkExpression(trace, awaited, state, guarded, next);
      if (!isSleep(awaited, trace.context.imports)) state.drained = true;
      return;
    }
    case 'LogicalExpression': {
      const left = child(node, 'left');
      const right = child(node, 'right');
      walkExpression(trace, left, state, guarded, next);
      const guard = trace.context.guards.branches(left, right, undefined);
      walkExpression(trace, right, copyState(state), guarded || guard.consequent, next);
      return;
    }
    case 'ConditionalExpression':
      walkConditional(trace, node, state, guarded, next);
      return;
    case 'CallExpression':
    case 'NewExpression':
      walkCall(trace, node, state, guarded, next);
      return;
    default: {
      const items: AnyNode[] = [];
      pushChildNodes(node, items);
      for (const item of items) walkExpression(trace, item, state, guarded, next);
    }
  }
}

function walkConditional(trace: Trace, node: AnyNode, state: PathState, guarded: boolean, depth: number): void {
  const test = child(node, 'test');
  const consequent = child(node, 'consequent');
  const alternate = child(node, 'alternate');
  walkExpression(trace, test, state, guarded, depth);
  const guard = trace.context.guards.branches(test, consequent, alternate);
  const a = copyState(state);
  walkExpression(trace, consequent, a, guarded || guard.consequent, depth);
  const b = copyState(state);
  walkExpression(trace, alternate, b, guarded || guard.alternate, depth);
  mergeBranches(state, a, b);
}

function walkCall(trace: Trace, node: AnyNode, state: PathState, guarded: boolean, depth: number): void {
  const { imports } = trace.context;
  const exit = node.type === 'CallExpression' ? exitCallOf(node, imports) : undefined;
  if (exit) {
    const awaitsInArguments = children(node, 'arguments').some((arg) => containsAwait(arg, imports));
    if (!guarded && !state.drained && !awaitsInArguments) trace.context.reportExit(node, exit, trace.site, state);
    state.terminated = true;
    return;
  }
  walkExpression(trace, child(node, 'callee'), state, guarded, depth);
  for (const arg of children(node, 'arguments')) walkExpression(trace, arg, state, guarded, depth);
  // A local function's body says what it does; anything else is judged by its name.
  if (
    node.type === 'CallExpression' &&
    !followLocalCall(trace, node, state, guarded, depth) &&
    stopsWork(node, imports)
  )
    state.stopped = true;
}

/** A call of a function declared in this file runs its body now, on this path. Whether it was one. */
function followLocalCall(trace: Trace, call: AnyNode, state: PathState, guarded: boolean, depth: number): boolean {
  const { context } = trace;
  const callee = unwrap(child(call, 'callee'));
  if (!callee || (callee.type !== 'Identifier' && !isMemberExpression(callee))) return false;
  const fn = resolveFunctionInScope(callee, context.ancestorsOf(call), context.program);
  if (!fn) return false;
  const inner = walkFunction(trace, fn, copyState(state), guarded, depth);
  state.stopped ||= inner.stopped;
  // A sync function's awaits cannot exist; an async one returns at its first await, so only
  // `await f()` (handled by the AwaitExpression) drains for the caller.
  if (!isAsyncFunction(fn) && inner.terminated && exitsAtItsEnd(fn, context.imports)) state.terminated = true;
  return true;
}

/** Whether a function's last statement is an exit. */
function exitsAtItsEnd(fn: AnyNode, imports: ImportMap): boolean {
  const body = child(fn, 'body');
  const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : body;
  const expressionNode = last?.type === 'ExpressionStatement' ? child(last, 'expression') : last;
  return expressionNode !== undefined && exitCallOf(expressionNode, imports) !== undefined;
}

/**
 * Whether a branch awaits a call on something its test checks exists (`if (client && transport)
 * { await transport.close() }`, `if (this.server) await this.server.stop()`): the branch not
 * taken has nothing of that to drain.
 */
function drainsWhatItTests(test: AnyNode | undefined, branch: AnyNode | undefined): boolean {
  if (!test || !branch) return false;
  const tested = new Set<string>();
  walk(test, (node) => {
    if (isFunctionNode(node)) return false;
    const path = node.type === 'Identifier' || isMemberExpression(node) ? memberPath(node) : undefined;
    if (path !== undefined) tested.add(path);
    return true;
  });
  let found = false;
  walk(branch, (node) => {
    if (found || isFunctionNode(node)) return false;
    if (node.type !== 'AwaitExpression') return true;
    const awaited = unwrap(child(node, 'argument'));
    const callee = awaited && isCallExpression(awaited) ? unwrap(child(awaited, 'callee')) : undefined;
    const receiver = callee && isMemberExpression(callee) ? memberPath(child(callee, 'object')) : undefined;
    if (receiver !== undefined && tested.has(receiver)) found = true;
    return !found;
  });
  return found;
}

/** Deep expressions: report unguarded exits without following control flow. */
function flatScan(trace: Trace, node: AnyNode, state: PathState, guarded: boolean): void {
  walk(node, (inner) => {
    if (isFunctionNode(inner)) return false;
    if (inner.type === 'AwaitExpression') state.drained = true;
    const exit = isCallExpression(inner) ? exitCallOf(inner, trace.context.imports) : undefined;
    if (exit && !guarded && !state.drained) trace.context.reportExit(inner, exit, trace.site, state);
    return true;
  });
}
