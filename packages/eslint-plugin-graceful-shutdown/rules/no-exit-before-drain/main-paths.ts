/**
 * Exits on an entrypoint main promise's path (docs/architecture.md §5): `main().catch((e) => { …;
 * process.exit(1) })`, `.then(…)`, `.finally(…)`, an async IIFE's final `try`/`catch`, a
 * top-level `try { await main() } catch { … }`, and top-level code after `await main()`. Checked
 * when something the file starts can still be running then (always with `checkMainPromiseAlways`).
 */
import {
  type AnyNode,
  child,
  children,
  contains,
  isAsyncFunction,
  isCallExpression,
  isFunctionNode,
  memberPath,
  unwrap,
  walk,
} from '../../detection/syntax/ast.js';
import { type CannotRejectAnalysis, mayBeFunction, cannotRejectAnalysis } from '../../detection/cannot-reject.js';
import { entrypointCodeReasons } from '../../detection/entrypoint.js';
import { isLoggingCall, isSleep } from '../../detection/inert-calls.js';
import { exitCallOf, isExitReference } from '../../detection/process-exit.js';
import { resolveFunctionInScope } from '../../detection/process-listeners.js';
import { asyncIifeFunction, entryCallChain, peelEntryGuard, rootCallOf } from '../../detection/syntax/entry-call.js';
import { type WorkStarter, findOutlivingWork } from '../../detection/work-starters.js';
import type { ExitFile } from './exit-file.js';
import { containsAwait, followFunction, followStatements } from './exit-paths.js';
import { freshState } from './path-state.js';
import type { MainPath, Site } from './site.js';

export interface MainPathOptions {
  /** Report even when nothing the file starts can still be running when the exit fires. */
  readonly checkMainPromiseAlways: boolean;
}

/** The main promise's statements of one file, and what is computed for them on first use. */
interface MainFile {
  readonly file: ExitFile;
  readonly options: MainPathOptions;
  /** `main()`, `main().catch(…)`, `await main()`, an async IIFE: the statements that start the main promise. */
  readonly statements: ReadonlySet<AnyNode>;
  outlivingWork?: readonly WorkStarter[];
  rejection?: CannotRejectAnalysis;
}

export function checkMainPaths(file: ExitFile, options: MainPathOptions): void {
  const main: MainFile = { file, options, statements: mainStatements(file) };
  for (const statement of main.statements) {
    if (!exitMayCutWork(main, statement)) continue;
    const label = mainLabel(file, statement);
    checkEnclosingTry(main, statement, label);
    checkChain(main, statement, label);
    checkAfterAwaitedMain(main, statement, label);
    checkIifeCatch(main, statement, label);
  }
}

/** Main calls are found in the code alone: no package.json lookups needed here. */
function mainStatements(file: ExitFile): Set<AnyNode> {
  const statements = new Set<AnyNode>();
  for (const reason of entrypointCodeReasons({ program: file.program, text: file.text })) {
    if ((reason.kind === 'main-call' || reason.kind === 'async-iife') && reason.node?.type === 'ExpressionStatement')
      statements.add(reason.node);
  }
  return statements;
}

/** The function the main promise runs: the IIFE's, or the local function `main()` calls. */
function mainFunction(file: ExitFile, statement: AnyNode): AnyNode | undefined {
  const { call } = rootCallOf(peelEntryGuard(child(statement, 'expression')));
  if (!call || !isCallExpression(call)) return undefined;
  return (
    asyncIifeFunction(call) ?? resolveFunctionInScope(child(call, 'callee'), file.ancestorsOf(statement), file.program)
  );
}

/** `main()`, `server.start()`; an IIFE is quoted by its shape. */
function mainLabel(file: ExitFile, statement: AnyNode): string {
  const { call } = rootCallOf(peelEntryGuard(child(statement, 'expression')));
  if (!call) return 'main()';
  const iife = asyncIifeFunction(call);
  if (iife) return iife.type === 'ArrowFunctionExpression' ? '(async () => {…})()' : '(async function () {…})()';
  return `${memberPath(child(call, 'callee')) ?? 'main'}()`;
}

// ——— Whether anything can still be running ———

/**
 * Whether an exit on this main promise's path can cut off work: something the file starts may
 * still run when it fires (a floating promise, a server, an interval, a child process), and
 * `main` does not end in `finally { await … }`. Always, with `checkMainPromiseAlways`.
 */
function exitMayCutWork(main: MainFile, statement: AnyNode): boolean {
  if (main.options.checkMainPromiseAlways) return true;
  const { file } = main;
  const fn = mainFunction(file, statement);
  if (fn && endsInAwaitingFinally(file, fn)) return false;
  // One walk per file: the main statements are excluded, whichever of them asks.
  main.outlivingWork ??= findOutlivingWork(file.program, file.imports, main.statements);
  return main.outlivingWork.some((work) => !fn || !startedAfterLastRejection(main, work.node, fn));
}

function endsInAwaitingFinally(file: ExitFile, fn: AnyNode): boolean {
  const body = child(fn, 'body');
  const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : undefined;
  const finalizer = last?.type === 'TryStatement' ? child(last, 'finalizer') : undefined;
  return finalizer !== undefined && containsAwait(finalizer, file.imports);
}

/**
 * Whether `main` starts this work in a statement after which it can no longer reject: no
 * `await` (but of a sleep or of a call that cannot reject) and no `throw` follows it in `main`'s
 * body. `main().catch(…)` then fires only before the work exists (`app.listen(…)` as the
 * last step of a setup that awaits).
 */
function startedAfterLastRejection(main: MainFile, work: AnyNode, fn: AnyNode): boolean {
  const body = child(fn, 'body');
  if (body?.type !== 'BlockStatement') return false;
  const list = children(body, 'body');
  const index = list.findIndex((statement) => contains(statement, work));
  return index >= 0 && !list.slice(index + 1).some((statement) => mayRejectHere(main, statement));
}

/**
 * A `throw`, or an `await` of something that can reject (detection/cannot-reject.ts: `await f()`
 * of a local function that catches its own errors cannot), outside nested functions.
 */
function mayRejectHere(main: MainFile, statement: AnyNode): boolean {
  let rejects = false;
  walk(statement, (node) => {
    if (rejects || isFunctionNode(node)) return false;
    if (node.type === 'ThrowStatement') rejects = true;
    else if (node.type === 'AwaitExpression') {
      const awaited = child(node, 'argument');
      rejects =
        awaited === undefined ||
        (!isSleep(awaited, main.file.imports) && !rejectionAnalysis(main).valueCannotReject(awaited));
    } else if (node.type === 'ForOfStatement' && node.await === true) rejects = true;
    return !rejects;
  });
  return rejects;
}

function rejectionAnalysis(main: MainFile): CannotRejectAnalysis {
  const { file } = main;
  return (main.rejection ??= cannotRejectAnalysis({
    functionOf: (callee) => resolveFunctionInScope(callee, file.ancestorsOf(callee), file.program),
    isFunctionHandler: mayBeFunction,
    isNotThenable: (node) => isCallExpression(node) && exitCallOf(node, file.imports) !== undefined,
  }));
}

// ——— The paths ———

const mainSite = (label: string, path: MainPath): Site => ({ kind: 'main', main: label, path });

/** `main().then(ok, fail).catch(fail).finally(done)`: every handler is on the main promise's path. */
function checkChain(main: MainFile, statement: AnyNode, label: string): void {
  const { file } = main;
  const ancestors = file.ancestorsOf(statement);
  let drained = false;
  for (const { call, method } of entryCallChain(peelEntryGuard(child(statement, 'expression'))).links) {
    let returnsWork = false;
    for (const [handler, path] of chainHandlers(method, children(call, 'arguments'))) {
      if (path === 'error' && !errorPathMayRun(main, chainedPromise(call))) continue;
      const site = mainSite(label, path);
      if (isExitReference(handler, file.imports)) {
        const exit = { kind: 'exit', label: file.textOf(handler) } as const;
        if (!drained) file.report(handler, exit, site, freshState(), false);
        continue;
      }
      const fn = resolveFunctionInScope(handler, ancestors, file.program);
      if (!fn) continue;
      followFunction(file, fn, site, freshState(drained));
      returnsWork ||= handlerReturnsWork(file, fn);
    }
    // `.then(() => shutdown()).then(() => process.exit(0))`: the later link runs after that work.
    drained ||= returnsWork;
  }
}

/** The promise a `.then/.catch/.finally` call is chained on: `main()` in `main().catch(…)`. */
function chainedPromise(link: AnyNode): AnyNode | undefined {
  const callee = unwrap(child(link, 'callee'));
  return callee ? child(callee, 'object') : undefined;
}

/**
 * Whether an error handler can run: the promise it handles may reject. `main().catch(…)` of a
 * `main` whose every rejection point is inside a `try` that swallows it runs only on a bug (a
 * synchronous throw, as detection/cannot-reject.ts counts them). Always, with `checkMainPromiseAlways`.
 */
function errorPathMayRun(main: MainFile, promise: AnyNode | undefined): boolean {
  return main.options.checkMainPromiseAlways || !promise || !rejectionAnalysis(main).valueCannotReject(promise);
}

/** Whether a `try`'s `catch` can run: something in its block may throw or reject. */
function catchMayRun(main: MainFile, tryStatement: AnyNode): boolean {
  const block = child(tryStatement, 'block');
  return (
    main.options.checkMainPromiseAlways ||
    !block ||
    children(block, 'body').some((statement) => mayRejectHere(main, statement))
  );
}

/** A chain link's handlers, with the outcome each runs on. */
function chainHandlers(method: string, args: readonly AnyNode[]): Array<[AnyNode, MainPath]> {
  const handlers: Array<[AnyNode | undefined, MainPath]> =
    method === 'then'
      ? [
          [args[0], 'success'],
          [args[1], 'error'],
        ]
      : method === 'catch'
        ? [[args[0], 'error']]
        : [[args[0], 'completion']];
  return handlers.filter((entry): entry is [AnyNode, MainPath] => entry[0] !== undefined);
}

/** Whether a handler returns (or, async, awaits) work that the next link then runs after. */
function handlerReturnsWork(file: ExitFile, fn: AnyNode): boolean {
  const body = child(fn, 'body');
  const returned =
    body?.type === 'BlockStatement'
      ? children(body, 'body')
          .filter((statement) => statement.type === 'ReturnStatement')
          .map((statement) => child(statement, 'argument'))
      : [body];
  if (isAsyncFunction(fn) && body && containsAwait(body, file.imports)) return true;
  return returned.some((expression) => {
    const call = unwrap(expression);
    return call !== undefined && isCallExpression(call) && !isLoggingCall(call) && !exitCallOf(call, file.imports);
  });
}

/** `await main(); process.exit(0)`: code after an awaited main, in the same block, is its success path. */
function checkAfterAwaitedMain(main: MainFile, statement: AnyNode, label: string): void {
  let expression = peelEntryGuard(child(statement, 'expression'));
  if (expression?.type === 'AssignmentExpression') expression = unwrap(child(expression, 'right'));
  if (expression?.type !== 'AwaitExpression') return;
  const parent = child(statement, 'parent');
  const list = parent ? children(parent, 'body') : [];
  const index = list.indexOf(statement);
  if (index < 0) return;
  followStatements(main.file, list.slice(index + 1), mainSite(label, 'success'));
}

/** `(async () => { try { … } catch (error) { …; process.exit(1) } })()`: the IIFE's own error path. */
function checkIifeCatch(main: MainFile, statement: AnyNode, label: string): void {
  const { call } = rootCallOf(peelEntryGuard(child(statement, 'expression')));
  const iife = asyncIifeFunction(call);
  const body = iife ? child(iife, 'body') : undefined;
  const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : undefined;
  if (last?.type === 'TryStatement') checkCatch(main, last, label);
}

/** A `try`'s `catch` is the error path, when something in the block may throw or reject. */
function checkCatch(main: MainFile, tryStatement: AnyNode, label: string): void {
  const handler = child(tryStatement, 'handler');
  const handlerBody = handler ? child(handler, 'body') : undefined;
  if (handlerBody && catchMayRun(main, tryStatement))
    followStatements(main.file, [handlerBody], mainSite(label, 'error'));
}

/** `try { await main() } catch (error) { …; process.exit(1) } finally { … }` at top level. */
function checkEnclosingTry(main: MainFile, statement: AnyNode, label: string): void {
  const tryStatement = enclosingTopLevelTry(statement);
  if (!tryStatement) return;
  checkCatch(main, tryStatement, label);
  const finalizer = child(tryStatement, 'finalizer');
  if (finalizer) followStatements(main.file, [finalizer], mainSite(label, 'completion'));
}

/**
 * The outermost `try` whose block holds a top-level statement (through blocks and `if`s, as
 * detection/entrypoint.ts finds main calls), when the statement is in a `try` block at all.
 */
function enclosingTopLevelTry(statement: AnyNode): AnyNode | undefined {
  let found: AnyNode | undefined;
  let node = statement;
  for (let parent = child(node, 'parent'); parent; node = parent, parent = child(node, 'parent')) {
    if (parent.type === 'Program') return found;
    if (parent.type === 'TryStatement') {
      if (child(parent, 'block') !== node) return undefined;
      found = parent;
    } else if (parent.type !== 'BlockStatement' && parent.type !== 'IfStatement') return undefined;
  }
  return undefined;
}
