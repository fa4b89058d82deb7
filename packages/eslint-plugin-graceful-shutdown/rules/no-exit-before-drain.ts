/**
 * `process.exit()` (and re-raising a signal at itself, `process.abort()`) in a signal or crash
 * listener, or on an entrypoint main promise's path, before in-flight work has drained (docs/architecture.md §5).
 * The forced exit on a second signal is fine; so is an exit after an `await` of the drain.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  type AnyNode,
  type ExitCall,
  type ImportMap,
  type ProcessListener,
  type WorkStarter,
  CRASH_EVENTS,
  argument,
  type CannotRejectAnalysis,
  cannotRejectAnalysis,
  asyncIifeFunction,
  child,
  children,
  contains,
  programImports,
  entrypointCodeReasons,
  exitCallOf,
  findOutlivingWork,
  inWorkerBranch,
  isAsyncFunction,
  isCallExpression,
  isExitReference,
  isLoggingCall,
  isMemberExpression,
  isProcessListenerCall,
  isSignalName,
  isSleep,
  mayBeFunction,
  mayExitProcess,
  memberPath,
  processListenerInScope,
  propertyName,
  pushChildNodes,
  reachableFunctions,
  resolveFunctionInScope,
  entryCallChain,
  peelEntryGuard,
  rootCallOf,
  stopsWork,
  unwrap,
  walk,
  workerThreadRole,
} from '../detection/index.js';
import { createRule } from './create-rule.js';

export type Options = [
  {
    checkCrashListeners?: boolean;
    checkUncaughtException?: boolean;
    checkMainPromise?: boolean;
    checkMainPromiseAlways?: boolean;
  },
];

const DEFAULT_OPTIONS: Options[0] = {
  checkCrashListeners: true,
  checkUncaughtException: false,
  checkMainPromise: true,
  checkMainPromiseAlways: false,
};

export type MessageIds =
  'exitInSignalListener' | 'exitInCrashListener' | 'exitOnMainPath' | 'useExitCode' | 'removeExit';

/** Where an exit was found, for the message. */
type Site =
  | { readonly kind: 'signal' | 'crash'; readonly event: string }
  | { readonly kind: 'main'; readonly main: string; readonly path: 'error' | 'success' | 'completion' };

/** The state of one path through a function, statement by statement. */
interface PathState {
  /** An `await` of something other than a sleep happened on this path. */
  drained: boolean;
  /** Something was told to stop (closed, aborted, killed) on this path: the loop can end by itself. */
  stopped: boolean;
  /** The path ended (`return`, `throw`, an exit). */
  terminated: boolean;
}

const fresh = (drained = false): PathState => ({ drained, stopped: false, terminated: false });
const copy = (state: PathState): PathState => ({ ...state });

const FUNCTION_TYPES = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);
const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
/** Deeper than this, an expression is scanned for exits without following its control flow. */
const MAX_DEPTH = 150;

export default createRule<Options, MessageIds>({
  name: 'no-exit-before-drain',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow `process.exit()` in signal and crash listeners and on the main promise path before in-flight work has drained',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      exitInSignalListener:
        '`{{exit}}` in this {{event}} listener ends the process before in-flight work has drained: requests, writes and piped stdout are cut off. Abort, then `await` the drain (`await Promise.allSettled(…)`, `await closeServer(server)`) before exiting, or close everything and let the process end; only a second signal should force an exit.',
      exitInCrashListener:
        '`{{exit}}` in this {{event}} listener ends the process before in-flight work has drained. Abort and `await` the drain (bounded by a deadline) before exiting, or let `runMain` from the graceful-shutdown helper do it.',
      exitOnMainPath:
        '`{{exit}}` on the {{path}} path of `{{main}}` ends the process before background work and piped stdout have drained. Set `process.exitCode` and let the event loop end, or use `runMain` from the graceful-shutdown helper.',
      useExitCode: 'Set `process.exitCode = {{code}}` instead, and let the process end when its work is done.',
      removeExit: 'Remove the exit and let the process end when its work is done.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkCrashListeners: {
            type: 'boolean',
            description:
              'Also check `unhandledRejection` listeners (and `uncaughtException` ones with `checkUncaughtException`).',
          },
          checkUncaughtException: {
            type: 'boolean',
            description:
              "Also check `uncaughtException` listeners, where Node's documentation says to exit (the process state can no longer be trusted). On in `strict`.",
          },
          checkMainPromise: {
            type: 'boolean',
            description:
              "Also check an entrypoint's main promise: `main().catch(…)`, `main().then(…)`, `.finally(…)`, a `try`/`catch` around `await main()`, and code after `await main()`.",
          },
          checkMainPromiseAlways: {
            type: 'boolean',
            description:
              "Report an exit on the main promise's path even when nothing the file starts can still be running when it fires (no floating promise, server, interval, child process or worker; or `main` ends in `finally { await … }`). On in `strict`.",
          },
        },
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
  },
  defaultOptions: [DEFAULT_OPTIONS],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Every finding is an exit: a file that cannot exit gets no listeners, so ESLint skips it.
    if (!mayExitProcess(sourceCode.text)) return {};
    const checkCrashListeners = options.checkCrashListeners !== false;
    const checkUncaughtException = checkCrashListeners && options.checkUncaughtException === true;
    const checkMainPromise = options.checkMainPromise !== false;
    const checkMainPromiseAlways = options.checkMainPromiseAlways === true;
    const registrations: Array<{ listener: ProcessListener; ancestors: readonly AnyNode[] }> = [];
    const ancestorsOf = (node: AnyNode): AnyNode[] =>
      sourceCode.getAncestors(node as unknown as TSESTree.Node) as unknown as AnyNode[];
    const parentOf = (node: AnyNode): AnyNode | undefined => node.parent as AnyNode | undefined;
    const program = sourceCode.ast as unknown as AnyNode;
    let imports: ImportMap = new Map();
    let rejection: CannotRejectAnalysis | undefined; // built on first use, in cannotReject()
    let writes: Set<string> | undefined;
    const reported = new Set<AnyNode>();
    let outlivingWork: WorkStarter[] | undefined;

    return {
      CallExpression(node) {
        const call = node as unknown as AnyNode;
        if (!isProcessListenerCall(call)) return;
        const ancestors = ancestorsOf(call);
        const listener = processListenerInScope(call, ancestors, program);
        if (listener) registrations.push({ listener, ancestors });
      },

      'Program:exit'() {
        imports = programImports(program);
        if (workerThreadRole(program, imports) === 'worker') return; // `process.exit()` ends only the thread

        const signalListeners = registrations.filter((registration) => registration.listener.events.some(isSignalName));
        const reachable = reachableFunctions(
          signalListeners
            .map((registration) => registration.listener.listenerFunction)
            .filter((fn): fn is AnyNode => fn !== undefined),
          program,
          ancestorsOf,
        );

        for (const { listener, ancestors } of registrations) {
          if (inWorkerBranch(listener.call, ancestors, imports)) continue;
          const signal = listener.events.filter(isSignalName);
          // Node's documentation says to exit in `uncaughtException`: checked only on request.
          const crash = listener.events.filter(
            (event) =>
              (CRASH_EVENTS as readonly string[]).includes(event) &&
              (event !== 'uncaughtException' || checkUncaughtException),
          );
          let site: Site;
          if (signal.length > 0) site = { kind: 'signal', event: signal.join('/') };
          else if (crash.length > 0 && checkCrashListeners) site = { kind: 'crash', event: crash.join('/') };
          else continue;
          // A listener registered while handling a signal is the forced exit on the next one.
          if (site.kind === 'signal' && ancestors.some((ancestor) => reachable.has(ancestor))) continue;
          if (listener.listener && isExitReference(listener.listener, imports)) {
            reportExit(
              listener.listener,
              { kind: 'exit', label: sourceCode.getText(listener.listener as unknown as TSESTree.Node) },
              site,
              fresh(),
              false,
            );
            continue;
          }
          if (listener.listenerFunction) analyseFunction(listener.listenerFunction, fresh(), false, site, 0, new Set());
        }

        if (checkMainPromise) checkMainPaths();
      },
    };

    // ——— Reporting ———

    function reportExit(node: AnyNode, exit: ExitCall, site: Site, state: PathState, suggest: boolean): void {
      if (reported.has(node)) return;
      reported.add(node);
      const data = {
        exit: exit.label,
        ...(site.kind === 'main' ? { main: site.main, path: site.path } : { event: site.event }),
      };
      const messageId =
        site.kind === 'signal'
          ? 'exitInSignalListener'
          : site.kind === 'crash'
            ? 'exitInCrashListener'
            : 'exitOnMainPath';
      // `process.exitCode` is the intent on the main path, and in a listener that has already stopped the work.
      const offer = suggest && exit.kind === 'exit' && (site.kind === 'main' || state.stopped);
      context.report({
        node: node as unknown as TSESTree.Node,
        messageId,
        data,
        suggest: offer ? exitCodeSuggestions(node) : [],
      });
    }

    function exitCodeSuggestions(call: AnyNode): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const parent = parentOf(call);
      const code = argument(call, 0);
      const statementPosition = parent?.type === 'ExpressionStatement';
      const arrowBody = parent?.type === 'ArrowFunctionExpression' && child(parent, 'body') === call;
      if (!statementPosition && !arrowBody) return [];
      const target = call as unknown as TSESTree.Node;
      if (
        children(call, 'arguments').length > 1 ||
        children(call, 'arguments').some((arg) => arg.type === 'SpreadElement')
      )
        return [];
      if (!code) {
        const statement = parent as unknown as TSESTree.Node;
        return [
          {
            messageId: 'removeExit',
            fix: (fixer) => (statementPosition ? fixer.remove(statement) : fixer.replaceText(target, '{}')),
          },
        ];
      }
      const codeText = sourceCode.getText(code as unknown as TSESTree.Node);
      const assignment = `process.exitCode = ${codeText}`;
      return [
        {
          messageId: 'useExitCode',
          data: { code: codeText },
          fix: (fixer) => fixer.replaceText(target, statementPosition ? assignment : `{ ${assignment}; }`),
        },
      ];
    }

    // ——— Paths through listeners and handlers ———

    /**
     * Follows one function's body in order. Exits reached while nothing has been awaited are
     * reported, unless a guard makes them the second-signal exit. Local functions called on the
     * way are followed in place; callbacks (timers, `server.close(cb)`, `.then(cb)`) are not on this path.
     */
    function analyseFunction(
      fn: AnyNode,
      state: PathState,
      guarded: boolean,
      site: Site,
      depth: number,
      stack: Set<AnyNode>,
    ): PathState {
      if (stack.has(fn) || depth > 8) return state;
      stack.add(fn);
      const body = child(fn, 'body');
      if (body?.type === 'BlockStatement') statements(children(body, 'body'), state, guarded, site, depth, stack);
      else if (body) expression(body, state, guarded, site, depth, stack);
      stack.delete(fn);
      return state;
    }

    function statements(
      list: readonly AnyNode[],
      state: PathState,
      guarded: boolean,
      site: Site,
      depth: number,
      stack: Set<AnyNode>,
    ): void {
      for (const statement of list) {
        if (state.terminated) return;
        visitStatement(statement, state, guarded, site, depth, stack);
      }
    }

    function visitStatement(
      node: AnyNode,
      state: PathState,
      guarded: boolean,
      site: Site,
      depth: number,
      stack: Set<AnyNode>,
    ): void {
      switch (node.type) {
        case 'ExpressionStatement':
          expression(child(node, 'expression'), state, guarded, site, depth, stack);
          return;
        case 'VariableDeclaration':
          for (const declarator of children(node, 'declarations'))
            expression(child(declarator, 'init'), state, guarded, site, depth, stack);
          if (node.kind === 'await using') state.drained = true;
          return;
        case 'ReturnStatement':
        case 'ThrowStatement':
          expression(child(node, 'argument'), state, guarded, site, depth, stack);
          state.terminated = true;
          return;
        case 'BlockStatement':
        case 'StaticBlock':
          statements(children(node, 'body'), state, guarded, site, depth, stack);
          return;
        case 'LabeledStatement':
          visitStatement(child(node, 'body')!, state, guarded, site, depth, stack);
          return;
        case 'IfStatement': {
          const test = child(node, 'test');
          expression(test, state, guarded, site, depth, stack);
          const consequent = child(node, 'consequent');
          const alternate = child(node, 'alternate');
          const guard = guardBranches(test, consequent, alternate);
          const thenState = copy(state);
          if (consequent) visitStatement(consequent, thenState, guarded || guard.consequent, site, depth, stack);
          const elseState = copy(state);
          if (alternate) visitStatement(alternate, elseState, guarded || guard.alternate, site, depth, stack);
          // `if (client) await client.close()`: without the client there is nothing to drain.
          if (!alternate && thenState.drained && !thenState.terminated && drainsWhatItTests(test, consequent))
            elseState.drained = true;
          merge(state, thenState, elseState);
          return;
        }
        case 'TryStatement': {
          const blockState = copy(state);
          visitStatement(child(node, 'block')!, blockState, guarded, site, depth, stack);
          // A catch or finally runs after the try's awaits have settled (or thrown).
          const handler = child(node, 'handler');
          const handlerBody = handler ? child(handler, 'body') : undefined;
          let after = blockState;
          if (handlerBody) {
            const handlerState: PathState = { ...blockState, terminated: false };
            visitStatement(handlerBody, handlerState, guarded, site, depth, stack);
            after = {
              drained: blockState.drained && handlerState.drained,
              stopped: blockState.stopped && handlerState.stopped,
              terminated: blockState.terminated && handlerState.terminated,
            };
          }
          const finalizer = child(node, 'finalizer');
          if (finalizer) {
            const finalState: PathState = { ...after, drained: blockState.drained || after.drained, terminated: false };
            visitStatement(finalizer, finalState, guarded, site, depth, stack);
            after = { ...finalState, terminated: finalState.terminated || after.terminated };
          }
          Object.assign(state, after);
          return;
        }
        case 'SwitchStatement': {
          expression(child(node, 'discriminant'), state, guarded, site, depth, stack);
          for (const switchCase of children(node, 'cases')) {
            const caseState = copy(state);
            statements(children(switchCase, 'consequent'), caseState, guarded, site, depth, stack);
          }
          return;
        }
        default:
          if (LOOP_TYPES.has(node.type)) {
            for (const key of ['init', 'test', 'right', 'update'])
              expression(child(node, key), state, guarded, site, depth, stack);
            const bodyState = copy(state);
            visitStatement(child(node, 'body')!, bodyState, guarded, site, depth, stack);
            // `for (const s of servers) await s.close()` drains; a loop's exit is its own business.
            state.drained ||= bodyState.drained;
            state.stopped ||= bodyState.stopped;
            if (node.type === 'ForOfStatement' && node.await === true) state.drained = true;
          }
      }
    }

    function merge(state: PathState, a: PathState, b: PathState): void {
      if (a.terminated && !b.terminated) Object.assign(state, b);
      else if (b.terminated && !a.terminated) Object.assign(state, a);
      else
        Object.assign(state, {
          drained: a.drained && b.drained,
          stopped: a.stopped && b.stopped,
          terminated: a.terminated && b.terminated,
        });
    }

    /** Follows an expression in evaluation order (roughly), skipping nested functions. */
    function expression(
      node: AnyNode | undefined,
      state: PathState,
      guarded: boolean,
      site: Site,
      depth: number,
      stack: Set<AnyNode>,
    ): void {
      const target = node;
      if (!target || state.terminated) return;
      if (depth > MAX_DEPTH) return flatScan(target, state, guarded, site);
      const next = depth + 1;
      switch (target.type) {
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
        case 'ClassExpression':
          return;
        case 'AwaitExpression': {
          const awaited = child(target, 'argument');
          expression(awaited, state, guarded, site, next, stack);
          if (!isSleep(awaited, imports)) state.drained = true;
          return;
        }
        case 'LogicalExpression': {
          const left = child(target, 'left');
          const right = child(target, 'right');
          expression(left, state, guarded, site, next, stack);
          const guard = guardBranches(left, right, undefined);
          const rightState = copy(state);
          expression(right, rightState, guarded || guard.consequent, site, next, stack);
          return;
        }
        case 'ConditionalExpression': {
          const test = child(target, 'test');
          const consequent = child(target, 'consequent');
          const alternate = child(target, 'alternate');
          expression(test, state, guarded, site, next, stack);
          const guard = guardBranches(test, consequent, alternate);
          const a = copy(state);
          expression(consequent, a, guarded || guard.consequent, site, next, stack);
          const b = copy(state);
          expression(alternate, b, guarded || guard.alternate, site, next, stack);
          merge(state, a, b);
          return;
        }
        case 'CallExpression':
        case 'NewExpression': {
          const exit = target.type === 'CallExpression' ? exitCallOf(target, imports) : undefined;
          if (exit) {
            const awaitsInArguments = children(target, 'arguments').some((arg) => containsAwait(arg));
            if (!guarded && !state.drained && !awaitsInArguments) reportExit(target, exit, site, state, true);
            state.terminated = true;
            return;
          }
          expression(child(target, 'callee'), state, guarded, site, next, stack);
          for (const arg of children(target, 'arguments')) expression(arg, state, guarded, site, next, stack);
          // A local function's body says what it does; anything else is judged by its name.
          if (
            target.type === 'CallExpression' &&
            !followLocalCall(target, state, guarded, site, next, stack) &&
            stopsWork(target, imports)
          )
            state.stopped = true;
          return;
        }
        default:
          forEachChild(target, (item) => expression(item, state, guarded, site, next, stack));
      }
    }

    /** A call of a function declared in this file runs its body now, on this path. Whether it was one. */
    function followLocalCall(
      call: AnyNode,
      state: PathState,
      guarded: boolean,
      site: Site,
      depth: number,
      stack: Set<AnyNode>,
    ): boolean {
      const callee = unwrap(child(call, 'callee'));
      if (!callee || (callee.type !== 'Identifier' && !isMemberExpression(callee))) return false;
      const fn = resolveFunctionInScope(callee, ancestorsOf(call), program);
      if (!fn) return false;
      const inner = analyseFunction(fn, copy(state), guarded, site, depth, stack);
      state.stopped ||= inner.stopped;
      // A sync function's awaits cannot exist; an async one returns at its first await, so only
      // `await f()` (handled by the AwaitExpression) drains for the caller.
      if (!isAsyncFunction(fn) && inner.terminated && exitsOnEveryPath(fn)) state.terminated = true;
      return true;
    }

    /**
     * Whether a branch awaits a call on something its test checks exists (`if (client && transport)
     * { await transport.close() }`, `if (this.server) await this.server.stop()`): the branch not
     * taken has nothing of that to drain.
     */
    function drainsWhatItTests(test: AnyNode | undefined, branch: AnyNode | undefined): boolean {
      if (!test || !branch) return false;
      const tested = new Set<string>();
      forEachNode(test, (node) => {
        if (FUNCTION_TYPES.has(node.type)) return false;
        const path = node.type === 'Identifier' || isMemberExpression(node) ? memberPath(node) : undefined;
        if (path !== undefined) tested.add(path);
        return true;
      });
      let found = false;
      forEachNode(branch, (node) => {
        if (found || FUNCTION_TYPES.has(node.type)) return false;
        if (node.type !== 'AwaitExpression') return true;
        const awaited = unwrap(child(node, 'argument'));
        const callee = awaited && isCallExpression(awaited) ? unwrap(child(awaited, 'callee')) : undefined;
        const receiver = callee && isMemberExpression(callee) ? memberPath(child(callee, 'object')) : undefined;
        if (receiver !== undefined && tested.has(receiver)) found = true;
        return !found;
      });
      return found;
    }

    function exitsOnEveryPath(fn: AnyNode): boolean {
      const body = child(fn, 'body');
      const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : body;
      const expressionNode = last?.type === 'ExpressionStatement' ? child(last, 'expression') : last;
      return expressionNode !== undefined && exitCallOf(expressionNode, imports) !== undefined;
    }

    function containsAwait(node: AnyNode): boolean {
      let found = false;
      forEachNode(node, (inner) => {
        if (found || FUNCTION_TYPES.has(inner.type)) return false;
        if (inner.type === 'AwaitExpression' && !isSleep(child(inner, 'argument'), imports)) found = true;
        return !found;
      });
      return found;
    }

    /** Deep expressions: report unguarded exits without following control flow. */
    function flatScan(node: AnyNode, state: PathState, guarded: boolean, site: Site): void {
      forEachNode(node, (inner) => {
        if (FUNCTION_TYPES.has(inner.type)) return false;
        if (inner.type === 'AwaitExpression') state.drained = true;
        const exit = isCallExpression(inner) ? exitCallOf(inner, imports) : undefined;
        if (exit && !guarded && !state.drained) reportExit(inner, exit, site, state, true);
        return true;
      });
    }

    // ——— Second-signal guards ———

    /**
     * Which branches of a test on mutable state (a flag, a counter) are the forced-exit path:
     * `if (shuttingDown) process.exit(1)`, `if (++count > 1) …`. The branch that sets the flag is
     * the first signal's path and stays checked.
     */
    function guardBranches(
      test: AnyNode | undefined,
      consequent: AnyNode | undefined,
      alternate: AnyNode | undefined,
    ): { consequent: boolean; alternate: boolean } {
      const none = { consequent: false, alternate: false };
      if (!test) return none;
      const state = mutableStateIn(test);
      if (state.size === 0) return none;
      if (writesAny(test, state)) return { consequent: true, alternate: false };
      return {
        consequent: consequent !== undefined && !writesAny(consequent, state),
        alternate: alternate !== undefined && !writesAny(alternate, state),
      };
    }

    /** Names / member paths read in a test that some code in the file assigns or updates. */
    function mutableStateIn(test: AnyNode): Set<string> {
      writes ??= collectWrites();
      const found = new Set<string>();
      forEachNode(test, (node) => {
        if (FUNCTION_TYPES.has(node.type)) return false;
        const path = node.type === 'Identifier' || isMemberExpression(node) ? memberPath(node) : undefined;
        if (path !== undefined && writes!.has(path)) found.add(path);
        return true;
      });
      return found;
    }

    /** What an assignment or `++`/`--` writes to. */
    function assignedTarget(node: AnyNode): AnyNode | undefined {
      if (node.type === 'AssignmentExpression') return child(node, 'left');
      return node.type === 'UpdateExpression' ? child(node, 'argument') : undefined;
    }

    function collectWrites(): Set<string> {
      const out = new Set<string>();
      forEachNode(program, (node) => {
        const path = memberPath(assignedTarget(node));
        if (path !== undefined) out.add(path);
        return true;
      });
      return out;
    }

    /** Whether code (and the local functions it calls, one level) assigns one of these. */
    function writesAny(root: AnyNode, state: ReadonlySet<string>, level = 0): boolean {
      let found = false;
      forEachNode(root, (node) => {
        if (found) return false;
        const path = memberPath(assignedTarget(node));
        if (path !== undefined && state.has(path)) found = true;
        else if (level < 2 && isCallExpression(node)) {
          const fn = resolveFunctionInScope(child(node, 'callee'), ancestorsOf(node), program);
          if (fn && fn !== root && writesAny(fn, state, level + 1)) found = true;
        }
        return !found;
      });
      return found;
    }

    // ——— The main promise ———

    function checkMainPaths(): void {
      // Main calls are found in the code alone: no package.json lookups needed here.
      const mainStatements = new Set<AnyNode>();
      for (const reason of entrypointCodeReasons({ program, text: sourceCode.text })) {
        if (
          (reason.kind === 'main-call' || reason.kind === 'async-iife') &&
          reason.node?.type === 'ExpressionStatement'
        )
          mainStatements.add(reason.node);
      }
      // `try { await main() } catch (error) { …; process.exit(1) }` at top level.
      for (const statement of topLevelStatements()) {
        if (statement.type !== 'TryStatement') continue;
        const block = child(statement, 'block');
        const inner = entrypointCodeReasons({
          program: { type: 'Program', body: children(block ?? statement, 'body'), sourceType: program.sourceType },
          text: sourceCode.text,
        });
        const main = inner.find(
          (reason) =>
            (reason.kind === 'main-call' || reason.kind === 'async-iife') &&
            reason.node?.type === 'ExpressionStatement',
        );
        if (!main?.node || !exitMayCutWork(main.node, mainStatements)) continue;
        const label = mainLabel(main.node);
        const handler = child(statement, 'handler');
        const handlerBody = handler ? child(handler, 'body') : undefined;
        if (handlerBody)
          visitStatement(handlerBody, fresh(), false, { kind: 'main', main: label, path: 'error' }, 0, new Set());
        const finalizer = child(statement, 'finalizer');
        if (finalizer)
          visitStatement(finalizer, fresh(), false, { kind: 'main', main: label, path: 'completion' }, 0, new Set());
      }
      for (const statement of mainStatements) {
        if (!exitMayCutWork(statement, mainStatements)) continue;
        const label = mainLabel(statement);
        checkChain(statement, label);
        afterAwaitedMain(statement, label);
        // `(async () => { try { … } catch (error) { …; process.exit(1) } })()`: the IIFE's own error path.
        const { call } = rootCallOf(peelEntryGuard(child(statement, 'expression')));
        const iife = asyncIifeFunction(call);
        const body = iife ? child(iife, 'body') : undefined;
        const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : undefined;
        const handler = last?.type === 'TryStatement' ? child(last, 'handler') : undefined;
        const handlerBody = handler ? child(handler, 'body') : undefined;
        if (handlerBody)
          visitStatement(handlerBody, fresh(), false, { kind: 'main', main: label, path: 'error' }, 0, new Set());
      }
    }

    /**
     * Whether an exit on this main promise's path can cut off work: something the file starts may
     * still run when it fires (a floating promise, a server, an interval, a child process), and
     * `main` does not end in `finally { await … }`. Always, with `checkMainPromiseAlways`.
     */
    function exitMayCutWork(statement: AnyNode, mainStatements: ReadonlySet<AnyNode>): boolean {
      if (checkMainPromiseAlways) return true;
      const { call } = rootCallOf(peelEntryGuard(child(statement, 'expression')));
      const main =
        asyncIifeFunction(call) ??
        (call && isCallExpression(call)
          ? resolveFunctionInScope(child(call, 'callee'), ancestorsOf(statement), program)
          : undefined);
      if (main && endsInAwaitingFinally(main)) return false;
      // One walk per file: the main statements are excluded, whichever of them asks.
      outlivingWork ??= findOutlivingWork(program, imports, mainStatements);
      return outlivingWork.some((work) => !main || !startedAfterLastRejection(work.node, main));
    }

    /**
     * Whether `main` starts this work in a statement after which it can no longer reject: no
     * `await` (but of a sleep or of a call that cannot reject) and no `throw` follows it in `main`'s
     * body. `main().catch(…)` then fires only before the work exists (`app.listen(…)` as the
     * last step of a setup that awaits).
     */
    function startedAfterLastRejection(work: AnyNode, main: AnyNode): boolean {
      const body = child(main, 'body');
      if (body?.type !== 'BlockStatement') return false;
      const list = children(body, 'body');
      const index = list.findIndex((statement) => contains(statement, work));
      return index >= 0 && !list.slice(index + 1).some((statement) => mayRejectHere(statement));
    }

    /** A `throw`, or an `await` of something that can reject, outside nested functions. */
    function mayRejectHere(statement: AnyNode): boolean {
      let rejects = false;
      forEachNode(statement, (node) => {
        if (rejects || FUNCTION_TYPES.has(node.type)) return false;
        if (node.type === 'ThrowStatement') rejects = true;
        else if (node.type === 'AwaitExpression') {
          const awaited = child(node, 'argument');
          rejects = !isSleep(awaited, imports) && !awaitedCannotReject(awaited, node);
        } else if (node.type === 'ForOfStatement' && node.await === true) rejects = true;
        return !rejects;
      });
      return rejects;
    }

    /** `await f()` where `f` is a function of this file whose promise cannot reject (detection/cannot-reject.ts). */
    function awaitedCannotReject(awaited: AnyNode | undefined, at: AnyNode): boolean {
      const call = unwrap(awaited);
      if (!call || !isCallExpression(call)) return false;
      const fn = resolveFunctionInScope(child(call, 'callee'), ancestorsOf(at), program);
      return fn !== undefined && cannotReject().functionCannotReject(fn);
    }

    function cannotReject(): CannotRejectAnalysis {
      return (rejection ??= cannotRejectAnalysis({
        functionOf: (callee) => resolveFunctionInScope(callee, ancestorsOf(callee), program),
        isFunctionHandler: mayBeFunction,
        isNotThenable: (node) => isCallExpression(node) && exitCallOf(node, imports) !== undefined,
      }));
    }

    function endsInAwaitingFinally(fn: AnyNode): boolean {
      const body = child(fn, 'body');
      const last = body?.type === 'BlockStatement' ? children(body, 'body').at(-1) : undefined;
      const finalizer = last?.type === 'TryStatement' ? child(last, 'finalizer') : undefined;
      return finalizer !== undefined && containsAwait(finalizer);
    }

    function mainLabel(statement: AnyNode): string {
      const { call } = rootCallOf(peelEntryGuard(child(statement, 'expression')));
      if (!call) return 'main()';
      if (asyncIifeFunction(call)) return 'the async IIFE';
      return `${memberPath(child(call, 'callee')) ?? 'main'}()`;
    }

    /** `main().then(ok, fail).catch(fail).finally(done)`: every handler is on the main promise's path. */
    function checkChain(statement: AnyNode, label: string): void {
      const links = entryCallChain(peelEntryGuard(child(statement, 'expression'))).links.map(({ call, method }) => ({
        method,
        args: children(call, 'arguments'),
      }));
      const ancestors = ancestorsOf(statement);
      let drained = false;
      for (const link of links) {
        const handlers: Array<[AnyNode | undefined, 'error' | 'success' | 'completion']> =
          link.method === 'then'
            ? [
                [link.args[0], 'success'],
                [link.args[1], 'error'],
              ]
            : link.method === 'catch'
              ? [[link.args[0], 'error']]
              : [[link.args[0], 'completion']];
        let returnsWork = false;
        for (const [handler, path] of handlers) {
          if (!handler) continue;
          const site: Site = { kind: 'main', main: label, path };
          if (isExitReference(handler, imports)) {
            if (!drained)
              reportExit(
                handler,
                { kind: 'exit', label: sourceCode.getText(handler as unknown as TSESTree.Node) },
                site,
                fresh(),
                false,
              );
            continue;
          }
          const fn = resolveFunctionInScope(handler, ancestors, program);
          if (!fn) continue;
          analyseFunction(fn, fresh(drained), false, site, 0, new Set());
          returnsWork ||= handlerReturnsWork(fn);
        }
        // `.then(() => shutdown()).then(() => process.exit(0))`: the later link runs after that work.
        drained ||= returnsWork;
      }
    }

    function handlerReturnsWork(fn: AnyNode): boolean {
      const body = child(fn, 'body');
      const returned =
        body?.type === 'BlockStatement'
          ? children(body, 'body')
              .filter((statement) => statement.type === 'ReturnStatement')
              .map((statement) => child(statement, 'argument'))
          : [body];
      if (isAsyncFunction(fn) && body && containsAwait(body)) return true;
      return returned.some((expression) => {
        const call = unwrap(expression);
        return call !== undefined && isCallExpression(call) && !isLoggingCall(call) && !exitCallOf(call, imports);
      });
    }

    /** `await main(); process.exit(0)`: code after an awaited main, in the same block, is its success path. */
    function afterAwaitedMain(statement: AnyNode, label: string): void {
      let expression = peelEntryGuard(child(statement, 'expression'));
      if (expression?.type === 'AssignmentExpression') expression = unwrap(child(expression, 'right'));
      if (expression?.type !== 'AwaitExpression') return;
      const parent = parentOf(statement);
      const list = parent ? children(parent, 'body') : [];
      const index = list.indexOf(statement);
      if (index < 0) return;
      statements(list.slice(index + 1), fresh(), false, { kind: 'main', main: label, path: 'success' }, 0, new Set());
    }

    /** Program statements and the blocks of top-level `if`s (main guards). */
    function topLevelStatements(): AnyNode[] {
      const out: AnyNode[] = [];
      const visit = (statement: AnyNode | undefined): void => {
        if (!statement) return;
        if (statement.type === 'BlockStatement') children(statement, 'body').forEach(visit);
        else if (statement.type === 'IfStatement') {
          visit(child(statement, 'consequent'));
          visit(child(statement, 'alternate'));
        } else out.push(statement);
      };
      children(program, 'body').forEach(visit);
      return out;
    }

    // ——— Traversal ———

    function forEachChild(node: AnyNode, visit: (child: AnyNode) => void): void {
      const next: AnyNode[] = [];
      pushChildNodes(node, next);
      next.forEach(visit);
    }

    /** Pre-order visit; `visit` returning false skips the node's children. */
    function forEachNode(root: AnyNode, visit: (node: AnyNode) => boolean): void {
      walk(root, (node) => visit(node));
    }
  },
});
