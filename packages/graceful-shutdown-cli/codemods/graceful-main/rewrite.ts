/**
 * The `graceful-main` rewrite on a recast (Babel) AST: finds what runs the program (a `main()`
 * call, an async IIFE, a top-level-await / server / interval script), decides whether it can be
 * rewritten safely, and only then edits: `runMain(…)` around it, naive signal listeners turned
 * into `defer`s, intervals deferred, servers closed after `await shutdown`, floating promises
 * tracked, exits turned into exit codes. Anything it cannot do safely throws `Skip` before the
 * first edit, so a file is never half rewritten. Detection knowledge comes from `detection/`;
 * the planners (listeners, handles, resources) are plain functions over the explicit `FileContext`
 * that return what they plan; the edits here read that plan (docs/architecture.md §6).
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { describeCall, hasExports } from 'eslint-plugin-graceful-shutdown/detection/entrypoint';
import { resolveReference } from 'eslint-plugin-graceful-shutdown/detection/imports';
import { trackerList } from 'eslint-plugin-graceful-shutdown/detection/main-context';
import { isSignalName, topLevelBinding } from 'eslint-plugin-graceful-shutdown/detection/process-listeners';
import {
  classifyFloating,
  scopeFromProgram,
  syntacticPredicates,
} from 'eslint-plugin-graceful-shutdown/detection/promise-apis';
import { isListeningStarter } from 'eslint-plugin-graceful-shutdown/detection/resources';
import {
  asyncIifeFunction,
  entryCallSlot,
  rootCallOf,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/entry-call';
import { declaredNames } from 'eslint-plugin-graceful-shutdown/detection/syntax/patterns';
import {
  type PromiseChainLink,
  promiseChainLinks,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/promise-chain';
import { isRequireExpression } from 'eslint-plugin-graceful-shutdown/detection/syntax/require';
import {
  CLOSE_SERVER,
  RUN_MAIN,
  isHelperSpecifier,
  shutdownLibrary,
} from 'eslint-plugin-graceful-shutdown/detection/shutdown-helpers';
import { exitCallOf } from 'eslint-plugin-graceful-shutdown/detection/process-exit';
import { findDamagingWork, findWorkStarters } from 'eslint-plugin-graceful-shutdown/detection/work-starters';
import {
  MEMBERS,
  type Member,
  type RewriteInput,
  FileContext,
  STATEMENT_LIST_KEYS,
  Skip,
  Unchanged,
  isBoundary,
  isAbsentHandler,
  isEmptyFunction,
  isInert,
  isOneLine,
  moveComments,
  nodeList,
  numberValue,
  unparenthesize,
} from './file-context.js';
import { type ListenerPlan, cleanupSignals, planListeners } from './listeners.js';
import {
  checkRewritableExits,
  exitExpression,
  isExitCodeAssignment,
  isTrivialErrorHandler,
  rewriteExits,
} from './exits.js';
import {
  type HandlePlan,
  type ServerPlan,
  captureInterval,
  captureServer,
  isInterval,
  planHandles,
} from './handles.js';
import { type ResourcesPlan, closesWithServers, deferResources, planResources } from './resources.js';

export { Skip, Unchanged, type RewriteInput } from './file-context.js';

/** The helper exports the rewritten file uses. */
export interface HelperNames {
  readonly closeServer: boolean;
  readonly mainContextType: boolean;
}

/** What the checks planned for main, and all the edits read: its listeners, handles and resources. */
interface MainPlan {
  readonly listeners: readonly ListenerPlan[];
  readonly handles: HandlePlan;
  readonly resources: ResourcesPlan;
}

export function rewriteProgram(input: RewriteInput): HelperNames {
  const ctx = new FileContext(input);
  checkAlreadyGraceful(ctx);
  const listeners = planListeners(ctx);
  const roots = rootStatements(ctx);
  if (roots.length > 1)
    throw new Skip(
      `several entry calls (${roots.map((root) => ctx.line(root).slice(2, -1)).join(', ')}): rewrite them into one main()`,
    );
  const plan = roots.length === 1 ? rewriteRootCall(ctx, roots[0]!, listeners) : rewriteScript(ctx, listeners);
  return {
    closeServer: plan.handles.servers.some((server) => server.close.kind === 'closeServer'),
    mainContextType: ctx.mainContextTypeUsed,
  };
}

/**
 * Plans main's handles and resources (`mode` 'root': main is `fn`, undefined when it cannot be
 * edited; 'script': `scriptStatements` are wrapped). Throws Skip where an edit would not be safe.
 */
function planMain(
  ctx: FileContext,
  fn: AnyNode | undefined,
  listeners: readonly ListenerPlan[],
  mode: 'root' | 'script',
  scriptStatements: readonly AnyNode[] = [],
): MainPlan {
  const handles = planHandles(ctx, fn, listeners, mode, scriptStatements);
  const resources = planResources(ctx, fn, listeners, handles, mode, scriptStatements);
  return { listeners, handles, resources };
}

/** A server or something that runs until closed: main ends with `await shutdown`. */
function awaitsShutdown(plan: MainPlan): boolean {
  return plan.handles.servers.length > 0 || plan.handles.lifetime || plan.resources.lifetime;
}

// ——— What is already graceful ———

function checkAlreadyGraceful(ctx: FileContext): void {
  for (const [, binding] of ctx.imports) {
    if (isHelperSpecifier(binding.source, ctx.input.helpers))
      throw new Unchanged(`already graceful: imports ${RUN_MAIN} from '${binding.source}'`);
    const library = shutdownLibrary(binding.source, binding.imported);
    if (library) throw new Unchanged(`already graceful: uses ${library}`);
  }
  // A side-effect or type-only import of the helper counts too.
  for (const statement of children(ctx.program, 'body')) {
    const source = statement.type === 'ImportDeclaration' ? stringValue(child(statement, 'source')) : undefined;
    if (source !== undefined && isHelperSpecifier(source, ctx.input.helpers))
      throw new Unchanged(`already graceful: imports '${source}'`);
  }
  // `await once(process, 'SIGINT')` waits for the signal by hand.
  walk(ctx.program, (node) => {
    if (!isCallExpression(node)) return undefined;
    const binding = resolveReference(child(node, 'callee'), ctx.imports);
    if (
      binding?.source === 'events' &&
      (binding.imported === 'once' || binding.imported === 'on') &&
      memberPath(argument(node, 0)) === 'process'
    ) {
      const event = stringValue(argument(node, 1));
      if (event !== undefined && isSignalName(event))
        throw new Unchanged(`already graceful: waits for ${event} with events.${binding.imported}()`);
    }
    return undefined;
  });
}

// ——— The program's root ———

function rootStatements(ctx: FileContext): AnyNode[] {
  const roots = new Set<AnyNode>();
  for (const reason of ctx.input.reasons) {
    if (reason.kind === 'async-iife' && reason.node) roots.add(reason.node);
    if (reason.kind === 'main-call' && reason.node && !startsListeningServer(ctx, reason.node)) roots.add(reason.node);
  }
  return [...roots];
}

/** `serve({ fetch, port })` looks like a main() call, but it is a server: the script around it is wrapped. */
function startsListeningServer(ctx: FileContext, statement: AnyNode): boolean {
  return isListeningStarter(child(statement, 'expression'), ctx.imports);
}

/** `main()`, `await main()`, `main().catch(h)`, an async IIFE, `program.parseAsync()`: wrap the call in runMain. */
function rewriteRootCall(ctx: FileContext, statement: AnyNode, listeners: readonly ListenerPlan[]): MainPlan {
  // `require.main === module && main()`: the call is the right-hand side.
  const slot = entryCallSlot(statement);
  let expression = unwrap(slot.owner[slot.key] as AnyNode);
  let awaited = false;
  for (;;) {
    if (expression?.type === 'UnaryExpression' && expression.operator === 'void')
      expression = unwrap(child(expression, 'argument'));
    else if (expression?.type === 'AwaitExpression') {
      awaited = true;
      expression = unwrap(child(expression, 'argument'));
    } else if (expression?.type === 'AssignmentExpression') {
      if (!isExitCodeAssignment(expression))
        throw new Skip(
          `stores the result of ${describeCall(rootCallOf(expression).call ?? expression)}${ctx.line(statement)}`,
        );
      expression = unwrap(child(expression, 'right'));
    } else break;
  }
  const { base: root, links } = promiseChainLinks(expression);
  if (!root || !isCallExpression(root) || root !== unwrap(rootCallOf(child(slot.owner, slot.key)).call))
    throw new Skip(`cannot follow the entry call${ctx.line(statement)}`);
  if (awaited) checkNothingRunsAfter(ctx, statement);
  const tryStatement = enclosingTry(ctx, statement);
  const target = rootTarget(ctx, root);
  if (target.kind === 'external') checkExternalLifetime(ctx, root, listeners);
  checkLinks(ctx, links);
  const editable = target.kind === 'local' || target.kind === 'iife' ? target.fn : undefined;
  const plan = planMain(ctx, editable, listeners, 'root');
  // ——— Nothing below throws Skip: edits start. ———
  if (tryStatement) ctx.replaceStatement(tryStatement, [statement]);
  const keptCalls = rewriteLinks(ctx, links, target.kind === 'external' || returnsValue(target.fn));
  const prelude: AnyNode[] = [];
  moveListenersAndIntervals(ctx, editable, plan, prelude);
  const wrapper = buildRunMainArgument(ctx, target, root, keptCalls, prelude);
  const call = ctx.expression(`${RUN_MAIN}(${ctx.placeholder})`);
  nodeList(call, 'arguments')[0] = wrapper;
  addSignalsOption(ctx, call, listeners);
  // The statement keeps its comments: only its expression is replaced.
  slot.owner[slot.key] = call;
  return plan;
}

/**
 * runMain handles signals until its function returns. An entry call that takes a callback
 * (`cli(process.stdin, (error) => …)`, `start(port, () => …)`) returns while its work goes on:
 * a signal after that is Node's again, and a signal listener's cleanup would never run.
 */
function checkExternalLifetime(ctx: FileContext, root: AnyNode, listeners: readonly ListenerPlan[]): void {
  const callback = children(root, 'arguments').find((arg) => isFunctionNode(unwrap(arg)));
  if (!callback) return;
  const cleanup = listeners.find((plan) => plan.kind === 'naive' && !plan.duplicateOf && hasCleanup(plan));
  if (!cleanup) return;
  throw new Skip(
    `${describeCall(root)}${ctx.line(root)} takes a callback, so its work goes on after it returns, when runMain no longer handles signals: the cleanup of its ${cleanup.listener.events.join('/')} listener${ctx.line(cleanup.statement)} would never run; call it from an async main that awaits the work`,
  );
}

/** Whether a naive listener keeps statements once its exit is dropped (it becomes a closer). */
function hasCleanup(plan: ListenerPlan): boolean {
  if (plan.declaredName !== undefined) return true;
  const body = isFunctionNode(plan.fn) ? child(plan.fn, 'body') : undefined;
  return body?.type === 'BlockStatement' && nodeList(body, 'body').length > plan.dropped.length;
}

/** Whether a function may resolve with a value (runMain takes a number as the exit status). */
function returnsValue(fn: AnyNode): boolean {
  const body = child(fn, 'body');
  if (body && body.type !== 'BlockStatement') return true;
  let found = false;
  walk(body ?? fn, (node) => {
    if (found || (node !== body && isBoundary(node))) return false;
    if (node.type === 'ReturnStatement' && child(node, 'argument')) found = true;
    return undefined;
  });
  return found;
}

function enclosingTry(ctx: FileContext, statement: AnyNode): AnyNode | undefined {
  const block = ctx.parents.get(statement);
  const tryStatement = block ? ctx.parents.get(block) : undefined;
  if (tryStatement?.type !== 'TryStatement' || child(tryStatement, 'block') !== block) return undefined;
  const handler = child(tryStatement, 'handler');
  const trivial =
    nodeList(block!, 'body').length === 1 &&
    !child(tryStatement, 'finalizer') &&
    handler !== undefined &&
    isTrivialErrorHandler(ctx, {
      type: 'ArrowFunctionExpression',
      params: handler.param ? [handler.param] : [],
      body: child(handler, 'body'),
    });
  if (!trivial)
    throw new Skip(
      `main() runs inside try/catch${ctx.line(tryStatement)} whose catch does more than log and exit: move it into main`,
    );
  return tryStatement;
}

/** After `await main()`, only declarations may follow: anything else would now run before main ends. */
function checkNothingRunsAfter(ctx: FileContext, statement: AnyNode): void {
  for (
    let current: AnyNode | undefined = statement;
    current && current !== ctx.program;
    current = ctx.parents.get(current)
  ) {
    const parent = ctx.parents.get(current);
    if (!parent) break;
    const key = STATEMENT_LIST_KEYS[parent.type];
    if (!key) continue;
    const list = nodeList(parent, key);
    for (const later of list.slice(list.indexOf(current) + 1)) {
      if (!isInert(later))
        throw new Skip(`code runs after \`await\` of the entry call${ctx.line(later)}: move it into main`);
    }
  }
}

/** What the entry call runs: an async IIFE, a main of this file that can be edited, or something else. */
type RootTarget =
  | { kind: 'iife'; fn: AnyNode }
  | { kind: 'local'; fn: AnyNode; name: string }
  | { kind: 'external'; name: string; returnsStatus: boolean };

function rootTarget(ctx: FileContext, root: AnyNode): RootTarget {
  const iife = asyncIifeFunction(root);
  if (iife) {
    const callee = unwrap(child(root, 'callee'))!;
    const viaCall = isMemberExpression(callee);
    if ((!viaCall && children(root, 'arguments').length > 0) || (viaCall && children(root, 'arguments').length > 1)) {
      throw new Skip(`the async IIFE${ctx.line(root)} takes arguments`);
    }
    if (iife.type === 'FunctionExpression' && ctx.usesThis(iife))
      throw new Skip(`the async IIFE${ctx.line(root)} uses \`this\``);
    if (iife.generator === true) throw new Skip(`the async IIFE${ctx.line(root)} is a generator`);
    return { kind: 'iife', fn: iife };
  }
  const callee = unwrap(child(root, 'callee'));
  if (callee?.type === 'Identifier') {
    const name = String(callee.name);
    const binding = topLevelBinding(ctx.program, name);
    const fn =
      binding?.type === 'FunctionDeclaration' ? binding : isFunctionNode(unwrap(binding)) ? unwrap(binding) : undefined;
    if (fn && isEditableMain(ctx, fn, name, root)) return { kind: 'local', fn, name };
    return { kind: 'external', name, returnsStatus: true };
  }
  if (isMemberExpression(callee))
    return { kind: 'external', name: memberPath(callee) ?? 'the entry call', returnsStatus: false };
  throw new Skip(`cannot tell what the entry call${ctx.line(root)} runs`);
}

/** A local main can take the context parameter when nothing else calls it and its parameters are plain. */
function isEditableMain(ctx: FileContext, fn: AnyNode, name: string, root: AnyNode): boolean {
  if (fn.generator === true) return false;
  if (ctx.countReferences(name, [child(root, 'callee')!]) > 0) return false;
  if (isExported(ctx, name)) return false;
  const params = children(fn, 'params');
  if (params.some((param) => param.type === 'RestElement')) return false;
  if (children(root, 'arguments').some((arg) => arg.type === 'SpreadElement')) return false;
  if (children(root, 'arguments').length > params.length) return false;
  if (fn.type === 'FunctionExpression' && ctx.usesThis(fn)) return false;
  return true;
}

function isExported(ctx: FileContext, name: string): boolean {
  for (const statement of children(ctx.program, 'body')) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = child(statement, 'declaration');
      if (
        declaration &&
        (child(declaration, 'id')?.name === name ||
          children(declaration, 'declarations').some((d) => child(d, 'id')?.name === name))
      )
        return true;
      if (children(statement, 'specifiers').some((specifier) => child(specifier, 'local')?.name === name)) return true;
    }
    if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = child(statement, 'declaration');
      if (
        declaration?.type === 'Identifier'
          ? declaration.name === name
          : child(declaration ?? statement, 'id')?.name === name
      )
        return true;
    }
  }
  let exported = false;
  walk(ctx.program, (node) => {
    if (exported) return false;
    if (node.type === 'AssignmentExpression' && /^(?:module\.)?exports\b/.test(memberPath(child(node, 'left')) ?? '')) {
      exported = ctx.referencedNames(child(node, 'right') ?? node).has(name);
    }
    return undefined;
  });
  return exported;
}

// ——— `.then` / `.catch` / `.finally` after the entry call ———

/** Links are kept only when they do more than runMain does; their exits must be rewritable. */
function checkLinks(ctx: FileContext, links: readonly PromiseChainLink[]): void {
  for (const link of links) {
    for (const handler of children(link.call, 'arguments')) {
      if (handler.type === 'SpreadElement')
        throw new Skip(`spreads the handlers of .${link.method}()${ctx.line(link.call)}`);
      const fn = unwrap(handler);
      if (!isFunctionNode(fn)) continue;
      if (fn!.type === 'FunctionExpression' && ctx.usesThis(fn!))
        throw new Skip(`the .${link.method}() handler${ctx.line(link.call)} uses \`this\``);
      checkRewritableExits(ctx, fn!, `the .${link.method}() handler${ctx.line(link.call)}`);
    }
  }
}

/** Drops links that only do what runMain does; rewrites exits in the others. Returns the kept calls, innermost first. */
function rewriteLinks(ctx: FileContext, links: readonly PromiseChainLink[], mainReturnsValue: boolean): AnyNode[] {
  const kept: AnyNode[] = [];
  links.forEach((link, index) => {
    const args = nodeList(link.call, 'arguments');
    if (link.method === 'catch') {
      if (isAbsentHandler(args[0]) || isTrivialErrorHandler(ctx, args[0])) return dropLink(ctx, link);
    } else if (link.method === 'then') {
      const onFulfilledTrivial =
        isAbsentHandler(args[0]) || isTrivialSuccessHandler(ctx, args[0], index === 0, mainReturnsValue);
      const onRejectedTrivial = isAbsentHandler(args[1]) || isTrivialErrorHandler(ctx, args[1]);
      if (onFulfilledTrivial && onRejectedTrivial) return dropLink(ctx, link);
      if (onFulfilledTrivial) {
        // `.then(() => process.exit(0), handle)` → `.catch(handle)`
        const callee = unwrap(child(link.call, 'callee'))!;
        callee.property = ctx.j.identifier('catch');
        args.splice(0, 1);
      } else if (onRejectedTrivial && args.length > 1) args.splice(1, 1);
    } else if (isEmptyFunction(args[0])) return dropLink(ctx, link); // `.finally` runs on failure too: only an empty one goes
    kept.push(link.call);
    for (const handler of nodeList(link.call, 'arguments')) {
      const fn = unwrap(handler);
      if (isFunctionNode(fn)) rewriteExits(ctx, fn!);
    }
    return undefined;
  });
  return kept;
}

/**
 * `() => {}`; `(code) => process.exit(code)` on main's own result (runMain exits with a returned
 * number); `() => process.exit(0)` when main returns nothing (else runMain would exit with it).
 */
function isTrivialSuccessHandler(
  ctx: FileContext,
  handler: AnyNode | undefined,
  onMainResult: boolean,
  mainReturnsValue: boolean,
): boolean {
  const fn = unwrap(handler);
  if (!fn) return false;
  if (memberPath(fn) === 'process.exit') return onMainResult;
  if (!isFunctionNode(fn)) return false;
  const body = child(fn, 'body')!;
  const statements =
    body.type === 'BlockStatement'
      ? nodeList(body, 'body')
      : [{ type: 'ExpressionStatement', expression: body } as AnyNode];
  const param = children(fn, 'params')[0];
  return statements.every((statement) => {
    const expression = statement.type === 'ExpressionStatement' ? unwrap(child(statement, 'expression')) : undefined;
    const exit = exitExpression(ctx, expression);
    if (exit && exitCallOf(exit, ctx.imports)?.kind === 'exit') {
      const code = argument(exit, 0);
      if (code === undefined || numberValue(code) === 0) return !mainReturnsValue;
      return (
        onMainResult &&
        param?.type === 'Identifier' &&
        unwrap(code)?.type === 'Identifier' &&
        unwrap(code)!.name === param.name
      );
    }
    return false;
  });
}

function dropLink(ctx: FileContext, link: PromiseChainLink): void {
  // Replace the link's call by the promise it continues, wherever it sits in the chain.
  const callee = unwrap(child(link.call, 'callee'))!;
  const inner = child(callee, 'object')!;
  const parent = ctx.parents.get(link.call);
  if (!parent) return;
  for (const key of Object.keys(parent)) {
    if (parent[key] === link.call) parent[key] = inner;
  }
  ctx.parents.set(inner, parent);
}

// ——— Edits in main: defers, closers, exits ———

/**
 * Listeners and top-level intervals become defers in `fn` (main) or in `prelude` (a wrapper
 * when main cannot be edited). Servers, intervals and exits inside `fn` are edited in place.
 */
function moveListenersAndIntervals(
  ctx: FileContext,
  fn: AnyNode | undefined,
  main: MainPlan,
  prelude: AnyNode[],
): void {
  const front: AnyNode[] = [];
  const { listeners } = main;
  for (const plan of listeners) {
    if (plan.kind === 'crash-trivial') {
      ctx.removeStatement(plan.statement);
      continue;
    }
    if (plan.kind === 'crash-custom') {
      if (isFunctionNode(plan.fn)) rewriteExits(ctx, plan.fn);
      continue;
    }
    const deferStatement = plan.duplicateOf ? undefined : deferFor(ctx, plan, cleanupSignals(plan, listeners), main);
    const inside = fn !== undefined && ctx.isInside(plan.statement, fn);
    if (inside) ctx.replaceStatement(plan.statement, deferStatement ? [deferStatement] : []);
    else {
      if (deferStatement) moveComments(plan.statement, deferStatement);
      ctx.removeStatement(plan.statement);
      if (deferStatement) front.push(deferStatement);
    }
  }
  for (const interval of main.handles.intervals) {
    const { name, statement } = interval.capture ? captureInterval(ctx, interval) : interval;
    const deferStatement = ctx.statements(`${ctx.ref('defer')}(() => clearInterval(${name}))${ctx.semi}`)[0]!;
    if (fn && ctx.isInside(statement, fn)) ctx.insertAfter(statement, [deferStatement]);
    else front.push(deferStatement);
  }
  if (fn && front.length > 0) {
    const target = ctx.bodyOf(fn);
    nodeList(target, 'body').unshift(...front);
    for (const statement of front) ctx.parents.set(statement, target);
  } else prelude.push(...front);
  if (fn) finishMain(ctx, fn, main);
}

/** Resources deferred, servers closed after shutdown, the interval lifetime, exits, floating promises: the edits inside main. */
function finishMain(ctx: FileContext, fn: AnyNode, main: MainPlan): void {
  deferResources(ctx, main.resources.resources);
  const ending: AnyNode[] = [];
  if (awaitsShutdown(main)) ending.push(...ctx.statements(`await ${ctx.ref('shutdown')}${ctx.semi}`));
  const closes: string[] = [];
  for (const server of [...main.handles.servers].reverse()) {
    let name = server.close.name;
    if (server.capture) name = captureServer(ctx, server);
    closes.push(server.close.kind === 'closeServer' ? `${CLOSE_SERVER}(${name})` : `${name}.close()`);
  }
  // WebSocket servers close with the http servers whose close waits for their sockets.
  const together = closesWithServers(main.resources.resources);
  if (together.length > 0) {
    const statement = ctx.statements(`await Promise.all([])${ctx.semi}`)[0]!;
    const array = argument(child(child(statement, 'expression')!, 'argument')!, 0)!;
    nodeList(array, 'elements').push(...[...together, ...closes].map((close) => ctx.expression(close)));
    ending.push(statement);
  } else for (const close of closes) ending.push(...ctx.statements(`await ${close}${ctx.semi}`));
  if (ending.length > 0) {
    const body = ctx.bodyOf(fn);
    const list = nodeList(body, 'body');
    const last = list.at(-1);
    const index = last?.type === 'ReturnStatement' ? list.length - 1 : list.length;
    list.splice(index, 0, ...ending);
    for (const statement of ending) ctx.parents.set(statement, body);
  }
  rewriteExits(ctx, fn);
  trackFloating(ctx, child(fn, 'body')!);
}

/**
 * `defer(() => { cleanup }, { onlyOn: ['SIGINT'] })` from a naive listener (its exit and
 * force-exit timers dropped), or `defer(shutdown, { onlyOn: … })`: it runs only on the signals
 * it ran on before, never when main returns normally or fails.
 */
function deferFor(
  ctx: FileContext,
  plan: ListenerPlan,
  signals: readonly string[],
  main: MainPlan,
): AnyNode | undefined {
  const fn = plan.fn;
  if (!isFunctionNode(fn)) return undefined; // `process.on('SIGINT', process.exit)`: nothing to keep
  const body = child(fn, 'body')!;
  if (body.type !== 'BlockStatement') {
    // `() => process.exit(0)`: nothing left to defer.
    return undefined;
  }
  const list = nodeList(body, 'body');
  for (const statement of plan.dropped) list.splice(list.indexOf(statement), 1);
  dropServerCloses(list, main.handles.servers);
  if (list.length === 0) {
    if (plan.declaredName !== undefined && fn.type === 'FunctionDeclaration') ctx.removeStatement(fn);
    return undefined;
  }
  if (isOneLine(body)) {
    // `() => { cleanup(); process.exit(0); }` stays on one line: `() => { cleanup(); }`.
    const text = list
      .map((statement) => ctx.input.text.slice(Number(statement.start), Number(statement.end)))
      .join(' ');
    fn.body = child(ctx.expression(`() => { ${text} }`), 'body');
  }
  fn.params = [];
  // A cleanup that only closes resources which run until closed closes them on every shutdown:
  // main awaits shutdown for them, so a normal finish never reaches it, and closing them on one
  // signal only would leave them open (holding the process) on the other.
  const options = list.every((statement) => closesListenerOnlyResource(statement, main.resources.closedByListenerOnly))
    ? ''
    : `, { onlyOn: [${signals.map((signal) => ctx.q(signal)).join(', ')}] }`;
  const deferStatement = ctx.statements(`${ctx.ref('defer')}(${ctx.placeholder}${options})${ctx.semi}`)[0]!;
  const call = child(deferStatement, 'expression')!;
  nodeList(call, 'arguments')[0] = plan.declaredName !== undefined ? ctx.expression(plan.declaredName) : fn;
  return deferStatement;
}

/** `await worker.close()` / `pool.end()` of a resource only this listener closes. */
function closesListenerOnlyResource(statement: AnyNode, closedByListenerOnly: ReadonlySet<string>): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  let expression = unwrap(child(statement, 'expression'));
  if (expression?.type === 'AwaitExpression') expression = unwrap(child(expression, 'argument'));
  if (!expression || !isCallExpression(expression)) return false;
  const callee = unwrap(child(expression, 'callee'));
  const object = callee && isMemberExpression(callee) ? unwrap(child(callee, 'object')) : undefined;
  return object?.type === 'Identifier' && closedByListenerOnly.has(String(object.name));
}

/** `server.close()` in a naive listener is closeServer's job now (it runs after shutdown). */
function dropServerCloses(list: AnyNode[], servers: readonly ServerPlan[]): void {
  const closed = new Set(servers.map((server) => server.close.name).filter(Boolean));
  for (let i = list.length - 1; i >= 0; i--) {
    const expression = unwrap(child(list[i]!, 'expression'));
    if (!expression || !isCallExpression(expression) || children(expression, 'arguments').length > 0) continue;
    const callee = unwrap(child(expression, 'callee'));
    if (
      isMemberExpression(callee) &&
      propertyName(callee!) === 'close' &&
      closed.has(memberPath(child(callee!, 'object')) ?? '')
    )
      list.splice(i, 1);
  }
}

/** Signals beyond runMain's defaults that removed listeners handled: `runMain(main, { signals })`. */
function addSignalsOption(ctx: FileContext, call: AnyNode, listeners: readonly ListenerPlan[]): void {
  const extraSignals = listeners.filter((plan) => plan.kind === 'naive').flatMap((plan) => plan.extraSignals);
  if (extraSignals.length === 0) return;
  const signals = [...new Set(['SIGINT', 'SIGTERM', ...extraSignals])].map((signal) => ctx.q(signal)).join(', ');
  nodeList(call, 'arguments').push(ctx.expression(`{ signals: [${signals}] }`));
}

// ——— Floating promises ———

function trackFloating(ctx: FileContext, body: AnyNode): void {
  const scope = scopeFromProgram(ctx.program, ctx.imports);
  const predicates = syntacticPredicates(scope, trackerList());
  const statements: AnyNode[] = [];
  walk(body, (node) => {
    if (node.type === 'ExpressionStatement') statements.push(node);
    return undefined;
  });
  for (const statement of statements) {
    const expression = child(statement, 'expression');
    const verdict = classifyFloating(expression, predicates, { ignoreVoid: true });
    if (!verdict || verdict.kind === 'promiseArray') continue;
    let work = unwrap(expression)!;
    if (work.type === 'UnaryExpression' && work.operator === 'void') work = child(work, 'argument')!;
    const call = ctx.expression(`${ctx.ref('track')}(${ctx.placeholder})`);
    nodeList(call, 'arguments')[0] = work;
    statement.expression = call;
  }
}

// ——— runMain's argument ———

function buildRunMainArgument(
  ctx: FileContext,
  target: RootTarget,
  root: AnyNode,
  keptCalls: readonly AnyNode[],
  prelude: AnyNode[],
): AnyNode {
  // The kept chain, with `call` in place of the entry call.
  const chained = (call: AnyNode): AnyNode => {
    const top = keptCalls.at(-1);
    if (!top) return call;
    const parent = ctx.parents.get(root)!;
    for (const key of Object.keys(parent)) if (parent[key] === root) parent[key] = call;
    return top;
  };
  if (target.kind === 'iife' || target.kind === 'local') {
    const fn = target.fn;
    const members = membersUsed(ctx);
    const args = target.kind === 'local' ? children(root, 'arguments') : [];
    const params = children(fn, 'params');
    if (keptCalls.length === 0 && args.length === 0 && params.length === 0 && fn.async === true) {
      // runMain(main), runMain(async () => {…})
      if (members.length > 0) addContextParameter(ctx, fn, members, target.kind === 'local');
      if (target.kind === 'local') return ctx.expression(target.name);
      unparenthesize(fn);
      return fn;
    }
    if (members.length > 0) addContextParameter(ctx, fn, members, true);
    const contextName = members.length > 0 ? ctx.freshName('ctx', ['context', 'mainContext']) : '';
    const callArgs = args.map((_, index) => `${ctx.placeholder}${index}`);
    if (contextName) {
      while (callArgs.length < params.length) callArgs.push('undefined');
      callArgs.push(contextName);
    }
    const call = ctx.expression(`${target.kind === 'iife' ? ctx.placeholder : target.name}(${callArgs.join(', ')})`);
    if (target.kind === 'iife') call.callee = fn; // recast adds the parentheses an IIFE needs
    const callArguments = nodeList(call, 'arguments');
    args.forEach((arg, index) => (callArguments[index] = arg));
    const arrow = ctx.expression(
      `${fn.async !== true && keptCalls.length === 0 ? 'async ' : ''}(${contextName}) => ${ctx.placeholder}`,
    );
    arrow.body = chained(call);
    return arrow;
  }
  // An imported main, `program.parseAsync()`: called as it is, inside our own function.
  const call = chained(root);
  if (prelude.length === 0 && target.returnsStatus) {
    const arrow = ctx.expression(`() => ${ctx.placeholder}`);
    arrow.body = call;
    return arrow;
  }
  const members = membersUsed(ctx);
  const arrow = ctx.expression(`async (${members.length > 0 ? ctx.contextPattern(members, false) : ''}) => {\n}`);
  const list = nodeList(child(arrow, 'body')!, 'body');
  list.push(...prelude);
  const last = ctx.statements(
    target.returnsStatus ? `return ${ctx.placeholder}${ctx.semi}` : `await ${ctx.placeholder}${ctx.semi}`,
  )[0]!;
  if (last.type === 'ReturnStatement') last.argument = call;
  else child(last, 'expression')!.argument = call;
  list.push(last);
  return arrow;
}

function membersUsed(ctx: FileContext): Member[] {
  return MEMBERS.filter((member) => ctx.usedMembers.has(member));
}

function addContextParameter(ctx: FileContext, fn: AnyNode, members: readonly Member[], annotate: boolean): void {
  const pattern = ctx.contextPattern(members, annotate);
  const arrow = ctx.expression(`(${ctx.placeholder}, ${pattern}) => {}`);
  nodeList(fn, 'params').push(children(arrow, 'params')[1]!);
}

// ——— Scripts without main: top-level await, servers, intervals ———

function rewriteScript(ctx: FileContext, listeners: readonly ListenerPlan[]): MainPlan {
  const container = scriptContainer(ctx);
  if (!container) {
    const awaits = hasExports(ctx.program) ? topLevelAwait(ctx) : undefined;
    if (awaits)
      throw new Skip(
        `top-level await${ctx.line(awaits)} in a module with exports: wrapping it would hide exported bindings`,
      );
    const starters = findWorkStarters(ctx.program, { imports: ctx.imports, reasons: ctx.input.reasons });
    const started = starters.find((starter) => starter.kind !== 'interval');
    if (started) {
      // Found through a function the top level calls (`listen(port)`): name it, it is where the fix goes.
      const owner = ctx.enclosingFunction(started.node);
      const ownerName = owner ? child(owner, 'id')?.name : undefined;
      const where = typeof ownerName === 'string' ? ` in ${ownerName}(), which top-level code calls,` : ' at top level';
      throw new Skip(
        `starts ${started.label}${ctx.line(started.node)}${where} without a main(), async IIFE or top-level await to wrap: move that code into an async main() that awaits the work`,
      );
    }
    checkImportedWork(ctx);
    if (listeners.some((plan) => plan.kind === 'naive')) {
      throw new Skip(
        'has a signal listener but no main(), async IIFE, top-level await, server or interval to move it into',
      );
    }
    throw new Unchanged('nothing to rewrite: no main(), async IIFE, top-level await, server or interval at top level');
  }
  const { owner, key } = container;
  const list = nodeList(owner, key);
  const keepOutside = (statement: AnyNode, index: number): boolean =>
    statement.type === 'ImportDeclaration' ||
    statement.type === 'TSImportEqualsDeclaration' ||
    statement.declare === true ||
    (statement.type === 'ExportNamedDeclaration' &&
      children(statement, 'specifiers').length === 0 &&
      !child(statement, 'declaration')) ||
    (index < firstCodeIndex(list) && isRequireDeclaration(statement));
  const moved = list.filter((statement, index) => !keepOutside(statement, index));
  if (moved.length === 0) throw new Unchanged('nothing to rewrite');
  if (owner === ctx.program)
    checkScriptIsSafe(
      ctx,
      moved,
      list.filter((statement) => !moved.includes(statement)),
    );
  else checkBlockIsSafe(ctx, owner, moved);
  const plan = planMain(ctx, undefined, listeners, 'script', moved);
  for (const statement of moved) checkAsyncSafe(ctx, statement);
  // ——— Edits start. ———
  const first = list.indexOf(moved[0]!);
  const wrapperStatement = ctx.statements(`${RUN_MAIN}(async () => {\n})${ctx.semi}`)[0]!;
  const call = child(wrapperStatement, 'expression')!;
  const arrow = nodeList(call, 'arguments')[0]!;
  const body = child(arrow, 'body')!;
  for (const statement of moved) list.splice(list.indexOf(statement), 1);
  list.splice(first, 0, wrapperStatement);
  nodeList(body, 'body').push(...moved);
  ctx.parents.set(wrapperStatement, owner);
  ctx.parents.set(call, wrapperStatement);
  ctx.parents.set(arrow, call);
  ctx.parents.set(body, arrow);
  for (const statement of moved) ctx.parents.set(statement, body);
  moveListenersAndIntervals(ctx, arrow, plan, []);
  const members = membersUsed(ctx);
  if (members.length > 0) addContextParameter(ctx, arrow, members, false);
  addSignalsOption(ctx, call, listeners);
  return plan;
}

/**
 * A thin bin (`require('./')()`, `.action(require('./index'))`): its work starts in a module it
 * runs, and nothing here says when that work ends, so there is no main to wrap. Say where it
 * starts, unless that module handles the signals itself.
 */
function checkImportedWork(ctx: FileContext): void {
  const { importedWork, handlingModule } = ctx.input;
  if (!importedWork) return;
  const runner = findDamagingWork(ctx.program, {
    imports: ctx.imports,
    reasons: ctx.input.reasons,
    importedWork: (node) => importedWork(node, ctx.imports) !== undefined,
  }).find((work) => work.kind === 'imported');
  const work = runner && importedWork(runner.node, ctx.imports);
  if (!runner || !work) return;
  const handledIn = handlingModule?.();
  if (handledIn !== undefined)
    throw new Unchanged(`already graceful: ${handledIn}, which this file imports, handles SIGINT/SIGTERM`);
  const at = work.line === undefined ? work.file : `${work.file}:${work.line}`;
  throw new Skip(
    `its work starts in another module: ${runner.label}${ctx.line(runner.node)} runs ${at}, which starts ${work.label}; from this file, fix cannot tell when that work ends: move that start into an async main() here that awaits it, or handle SIGINT/SIGTERM in ${work.file}`,
  );
}

function topLevelAwait(ctx: FileContext): AnyNode | undefined {
  let found: AnyNode | undefined;
  walk(ctx.program, (node) => {
    if (found || isBoundary(node)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await === true)) found = node;
    return undefined;
  });
  return found;
}

/** Where the script's code lives: the program, or the block of a main guard. */
function scriptContainer(ctx: FileContext): { owner: AnyNode; key: string } | undefined {
  const nodes = ctx.input.reasons
    .filter(
      (reason) =>
        reason.kind === 'top-level-await' ||
        reason.kind === 'listen' ||
        (reason.kind === 'main-call' && startsListeningServer(ctx, reason.node!)),
    )
    .map((reason) => reason.node!);
  const intervals: AnyNode[] = [];
  walk(ctx.program, (node) => {
    if (isBoundary(node)) return false;
    if (isCallExpression(node) && isInterval(ctx, node)) intervals.push(node);
    return undefined;
  });
  const candidates = [...nodes, ...intervals];
  if (candidates.length === 0) return undefined;
  const containers = new Set(candidates.map((node) => scriptBlockOf(ctx, node)));
  if (containers.size > 1)
    throw new Skip('runs code at top level in more than one block: move it into one main by hand');
  const owner = [...containers][0];
  if (!owner) return undefined;
  return { owner, key: STATEMENT_LIST_KEYS[owner.type] ?? 'body' };
}

/** The program, or the block of a top-level `if` (a main guard) holding a node. */
function scriptBlockOf(ctx: FileContext, node: AnyNode): AnyNode | undefined {
  const ancestors = ctx.ancestors(node);
  // ancestors[0] is the program; a guard block is Program > IfStatement > BlockStatement.
  const top = ancestors[1] ?? node;
  if (top.type === 'IfStatement') {
    const block = ancestors[2];
    if (block?.type === 'BlockStatement' && (child(top, 'consequent') === block || child(top, 'alternate') === block))
      return block;
    throw new Skip(`its top-level code${ctx.line(top)} is not in a block: add braces`);
  }
  if (top.type === 'TryStatement')
    throw new Skip(`its top-level code${ctx.line(top)} runs inside try/catch: move it into a main by hand`);
  return ctx.program;
}

function firstCodeIndex(list: readonly AnyNode[]): number {
  const index = list.findIndex(
    (statement) => statement.type !== 'ImportDeclaration' && !isRequireDeclaration(statement),
  );
  return index === -1 ? list.length : index;
}

function isRequireDeclaration(statement: AnyNode): boolean {
  if (statement.type !== 'VariableDeclaration') return false;
  const declarators = children(statement, 'declarations');
  return declarators.length > 0 && declarators.every((declarator) => isRequireExpression(child(declarator, 'init')));
}

/** Wrapping top-level code in a function is safe when no exports and nothing left outside depend on its bindings. */
function checkScriptIsSafe(ctx: FileContext, moved: readonly AnyNode[], outside: readonly AnyNode[]): void {
  if (hasExports(ctx.program))
    throw new Skip('top-level code in a module with exports: wrapping it would hide exported bindings');
  const declared = new Set<string>();
  for (const statement of moved) for (const name of declaredNames(statement)) declared.add(name);
  for (const statement of outside) {
    if (statement.type === 'ImportDeclaration') continue;
    const used = ctx.referencedNames(statement);
    const shared = [...used].find((name) => declared.has(name));
    if (shared)
      throw new Skip(`\`${shared}\` is declared in the script body and used outside it${ctx.line(statement)}`);
  }
  for (const statement of moved) {
    walk(statement, (node) => {
      if (isBoundary(node)) return false;
      if (node.type === 'ReturnStatement') throw new Skip(`returns at top level${ctx.line(node)}`);
      return undefined;
    });
  }
}

function checkBlockIsSafe(ctx: FileContext, block: AnyNode, moved: readonly AnyNode[]): void {
  // `var` and function declarations in a block are visible after it.
  const leaking = new Set<string>();
  for (const statement of moved) {
    if (
      statement.type === 'FunctionDeclaration' ||
      (statement.type === 'VariableDeclaration' && statement.kind === 'var')
    ) {
      for (const name of declaredNames(statement)) leaking.add(name);
    }
  }
  if (leaking.size === 0) return;
  walk(ctx.program, (node, parent) => {
    if (node === block) return false;
    if (node.type === 'Identifier' && leaking.has(String(node.name)) && !ctx.isPropertyKey(node, parent)) {
      throw new Skip(`\`${String(node.name)}\` is declared in the main guard's block and used outside it`);
    }
    return undefined;
  });
}

/** Code moving into an async arrow must not use `arguments`, `this`-bound `function`-level tricks, `yield`. */
function checkAsyncSafe(ctx: FileContext, statement: AnyNode): void {
  walk(statement, (node) => {
    if (isBoundary(node) && node.type !== 'ArrowFunctionExpression') return false;
    if (node.type === 'Identifier' && node.name === 'arguments')
      throw new Skip(`uses \`arguments\` at top level${ctx.line(node)}`);
    return undefined;
  });
}
