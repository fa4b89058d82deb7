/**
 * An entrypoint that starts async work or long-lived handles must turn SIGINT and SIGTERM into
 * cancellation (abort a controller whose signal the work receives, `runMain`, or a known library);
 * and an async signal listener must not drop its own rejection (docs/architecture.md §5).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  type AnyNode,
  type EntrypointResult,
  type ImportMap,
  type ProcessListener,
  argument,
  type CannotRejectAnalysis,
  cannotRejectAnalysis,
  child,
  children,
  contains,
  programImports,
  detectEntrypoint,
  exitCallOf,
  findDamagingWork,
  findWorkStarters,
  handlingModule,
  importedNodeStartsDamagingWork,
  inWorkerBranch,
  isAsyncFunction,
  isCallExpression,
  isFunctionNode,
  INSTALLS_SHUTDOWN_HANDLING,
  isHelperSpecifier,
  isLoggingCall,
  isMemberExpression,
  isProcessListenerCall,
  isSignalName,
  isTrackerCallee,
  mayBeFunction,
  mayListenForSignals,
  mayNameModuleExport,
  memberPath,
  processListenerInScope,
  propertyName,
  reachableFunctions,
  readSettings,
  resolveFunctionInScope,
  resolveReference,
  RUN_MAIN,
  shutdownLibrary,
  stringValue,
  topLevelBinding,
  unwrap,
  walk,
  workerThreadRole,
} from '../detection/index.js';
import { type ListenerEffects, analyseListener, readsOf } from '../detection/listener-effects.js';
import { createRule } from './create-rule.js';
import { moduleParserFor } from './module-parser.js';

export type Options = [
  {
    signals?: string[];
    helpers?: string[];
    shutdownHelpers?: string[];
    checkReadOnlyWork?: boolean;
  },
];

export type MessageIds =
  | 'missingHandling'
  | 'missingSigint'
  | 'missingSigterm'
  | 'missingSighup'
  | 'missingSignal'
  | 'noCancellationExits'
  | 'noCancellationLogs'
  | 'noCancellationSwallows'
  | 'abortNotObserved'
  | 'unhandledAsyncListener'
  | 'addSignal';

const DEFAULT_SIGNALS = ['SIGINT', 'SIGTERM'];
const DEFAULT_OPTIONS: Options[0] = {
  signals: DEFAULT_SIGNALS,
  helpers: [],
  shutdownHelpers: [],
  checkReadOnlyWork: false,
};

/** The signals whose unhandled case has a message naming who sends them; any other signal gets `missingSignal`. */
const MISSING_SIGNAL_MESSAGES: ReadonlyMap<string, MessageIds> = new Map<string, MessageIds>([
  ['SIGINT', 'missingSigint'],
  ['SIGTERM', 'missingSigterm'],
  ['SIGHUP', 'missingSighup'],
]);

/** Side-effect imports that do (`import './shutdown-hooks.js'`). */
const HANDLING_MODULE = /shut_?down|graceful|signals?(?:[-_.]|$)|exit-hook/i;

const FUNCTION_TYPES = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

interface Registration {
  readonly listener: ProcessListener;
  readonly ancestors: readonly AnyNode[];
}

const listSignals = (signals: readonly string[]): string => {
  if (signals.length <= 1) return signals.join('');
  return `${signals.slice(0, -1).join(', ')} and ${signals.at(-1)!}`;
};

export default createRule<Options, MessageIds>({
  name: 'require-signal-cancellation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require entrypoints that start async work to turn SIGINT and SIGTERM into cancellation',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      missingHandling:
        'This entrypoint starts work ({{starter}}) but does not handle {{signals}}: Ctrl+C or a container stop kills it mid-flight, with no chance to cancel and drain. Use `runMain` from the graceful-shutdown helper (or close-with-grace, @godaddy/terminus, lightship), or listen for {{signals}} and abort an AbortController whose signal the work receives.',
      missingSigint:
        '{{handled}} is handled but SIGINT is not (Ctrl+C sends SIGINT), so Ctrl+C still kills the process without cancellation. Give SIGINT the same listener.',
      missingSigterm:
        '{{handled}} is handled but SIGTERM is not (`docker stop`, Kubernetes and systemd send SIGTERM), so a container or service stop still kills the process without cancellation. Give SIGTERM the same listener.',
      missingSighup:
        '{{handled}} is handled but SIGHUP is not (closing the terminal sends SIGHUP), so closing the terminal still kills the process without cancellation. Give SIGHUP the same listener.',
      missingSignal:
        '{{handled}} is handled but {{missing}} is not, so `kill -s {{missing}}` still kills the process without cancellation. Give {{missing}} the same listener.',
      noCancellationExits:
        'This {{signals}} listener exits without cancelling anything: it neither aborts an AbortController, nor closes anything, nor starts a drain, so in-flight work is cut off mid-flight. Abort the controller whose signal the work receives, close the server, or call your shutdown function here.',
      noCancellationLogs:
        'This {{signals}} listener only records the signal (a log line, `process.exitCode`): it neither aborts an AbortController, nor closes anything, nor starts a drain, so in-flight work is never told to stop, and the signal no longer ends the process. Abort the controller whose signal the work receives, close the server, or call your shutdown function here.',
      noCancellationSwallows:
        'This {{signals}} listener does nothing: the signal no longer ends the process, and in-flight work is never told to stop. Abort the controller whose signal the work receives, close the server, or call your shutdown function here.',
      abortNotObserved:
        '`{{controller}}.abort()` cancels nothing: `{{controller}}.signal` is never handed to any work. Pass `{{controller}}.signal` to the fetches, timers, streams and child processes it should stop.',
      unhandledAsyncListener:
        'This async {{signals}} listener returns a promise that `process.{{method}}` drops: if it rejects, nobody handles the rejection and shutdown ends in a crash. Catch inside the listener (`try { … } catch (error) { … }`), or call a function and `.catch()` its promise.',
      addSignal: 'Listen for {{missing}} too.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          signals: {
            type: 'array',
            items: { type: 'string', pattern: '^SIG[A-Z0-9]+$' },
            minItems: 1,
            uniqueItems: true,
            description:
              'The signals an entrypoint must handle, each leading to cancellation; also the signals whose listeners are checked for `noCancellation…`.',
          },
          helpers: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              "Module specifiers (or their last path segment) of your own copy of the runtime helper, besides any module whose last segment is `graceful-shutdown` and settings['graceful-shutdown'].helpers. Calling its `runMain` is complete handling.",
          },
          shutdownHelpers: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'More calls that install complete shutdown handling: a function name or member path (`enableShutdownHooks`, `app.enableShutdownHooks`), a module (`@acme/lifecycle`: any of its exports), or `module#export`.',
          },
          checkReadOnlyWork: {
            type: 'boolean',
            description:
              'Also report `missingHandling` for an entrypoint whose work only reads and prints (fetches, reads files, awaits), not only for work that an interruption damages (servers, writes, child processes, workers, database and queue clients, intervals, endless loops). On in `strict`.',
          },
        },
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
  },
  defaultOptions: [DEFAULT_OPTIONS],
  create(context, [options]) {
    let rejection: CannotRejectAnalysis | undefined; // built on first use, in cannotReject()
    const sourceCode = context.sourceCode;
    const settings = readSettings(context.settings);
    let entrypointResult: EntrypointResult | undefined;
    const entrypoint = (): EntrypointResult =>
      (entrypointResult ??= detectEntrypoint({
        filename: context.filename,
        program: sourceCode.ast as unknown as AnyNode,
        text: sourceCode.text,
        cwd: context.cwd,
        globs: settings.entrypoints,
      }));
    // Findings are about signal listeners, or about an entrypoint that starts work: any other file
    // gets no listeners, so ESLint skips it.
    if (!mayListenForSignals(sourceCode.text) && !entrypoint().isEntrypoint) return {};
    const signals = options.signals ?? DEFAULT_SIGNALS;
    const shutdownHelpers = options.shutdownHelpers ?? [];
    const helpers = [...settings.helpers, ...(options.helpers ?? [])];

    const registrations: Registration[] = [];
    /** `process.on(dynamicName, …)`: we cannot tell which signals it covers, so it may cover all of them. */
    let dynamicRegistration = false;
    /** Calls that might be complete handling, checked once the imports are known. */
    const candidateCalls: TSESTree.CallExpression[] = [];

    const ancestorsOf = (node: AnyNode): AnyNode[] =>
      sourceCode.getAncestors(node as unknown as TSESTree.Node) as unknown as AnyNode[];
    const parentOf = (node: AnyNode): AnyNode | undefined => node.parent as AnyNode | undefined;

    return {
      CallExpression(node) {
        const call = node as unknown as AnyNode;
        if (isProcessListenerCall(call)) {
          const ancestors = ancestorsOf(call);
          const listener = processListenerInScope(call, ancestors, sourceCode.ast as unknown as AnyNode);
          if (listener) registrations.push({ listener, ancestors });
          else if (!stringValue(argument(call, 0))) dynamicRegistration = true;
          return;
        }
        candidateCalls.push(node);
      },

      'Program:exit'(programNode) {
        const program = programNode as unknown as AnyNode;
        const imports = programImports(program);
        if (workerThreadRole(program, imports) === 'worker') return; // signals go to the main thread only

        const signalRegistrations = registrations.filter(
          (registration) =>
            registration.listener.events.some(isSignalName) &&
            !inWorkerBranch(registration.listener.call, registration.ancestors, imports),
        );

        // ——— What handles which signal ———
        let complete = false;
        const awaitedSignals = new Set<string>();
        /** `once(process, 'SIGINT')` calls, where a missing signal is reported when no listener is registered. */
        const awaitingCalls: AnyNode[] = [];
        for (const call of candidateCalls) {
          const verdict = handlingOf(call as unknown as AnyNode, imports);
          if (verdict === 'complete') complete = true;
          else if (verdict) {
            awaitingCalls.push(call as unknown as AnyNode);
            for (const signal of verdict) awaitedSignals.add(signal);
          }
        }
        if (!complete)
          complete = children(program, 'body').some(
            (statement) =>
              statement.type === 'ImportDeclaration' &&
              children(statement, 'specifiers').length === 0 &&
              HANDLING_MODULE.test(stringValue(child(statement, 'source')) ?? ''),
          );

        // ——— Each listener ———
        const listenerFunctions = new Set(
          signalRegistrations
            .map((registration) => registration.listener.listenerFunction)
            .filter((fn): fn is AnyNode => fn !== undefined),
        );
        const reachable = reachableFunctions(listenerFunctions, program, ancestorsOf);
        const isSecondSignalListener = (registration: Registration): boolean =>
          registration.ancestors.some((ancestor) => reachable.has(ancestor));

        const effectsCache = new Map<AnyNode, ListenerEffects>();
        const effectsOf = (fn: AnyNode): ListenerEffects => {
          let effects = effectsCache.get(fn);
          if (!effects) {
            effects = analyseListener(fn, { program, imports, ancestorsOf, parentOf });
            effectsCache.set(fn, effects);
          }
          return effects;
        };

        /** Signals whose registrations include one that (may) cancel. */
        const cancelled = new Set<string>(awaitedSignals);
        if (complete || dynamicRegistration) for (const signal of signals) cancelled.add(signal);
        for (const registration of signalRegistrations) {
          const fn = registration.listener.listenerFunction;
          if (!fn || !effectsOf(fn).inert) for (const event of registration.listener.events) cancelled.add(event);
        }

        let childProcess: boolean | undefined;
        const startsChildProcess = (): boolean =>
          (childProcess ??= findWorkStarters(program, { imports }).some((starter) => starter.kind === 'child-process'));

        // Group registrations by listener function: one report per function, naming all its signals.
        const groups = new Map<AnyNode, { first: Registration; events: Set<string>; secondSignal: boolean }>();
        for (const registration of signalRegistrations) {
          const fn = registration.listener.listenerFunction;
          if (!fn) continue;
          const group = groups.get(fn);
          if (group) {
            for (const event of registration.listener.events) if (isSignalName(event)) group.events.add(event);
            group.secondSignal &&= isSecondSignalListener(registration);
          } else {
            groups.set(fn, {
              first: registration,
              events: new Set(registration.listener.events.filter(isSignalName)),
              secondSignal: isSecondSignalListener(registration),
            });
          }
        }

        const reportedAborts = new Set<AnyNode>();
        for (const [fn, group] of groups) {
          const events = [...group.events];
          const label = events.join('/');
          const reportAt = (group.first.listener.listener ?? group.first.listener.call) as unknown as TSESTree.Node;
          const method =
            group.first.listener.method === 'Deno.addSignalListener'
              ? 'addSignalListener'
              : group.first.listener.method;

          if (
            isAsyncFunction(fn) && fn.generator !== true
              ? !cannotReject(imports).functionCannotReject(fn)
              : returnsUnhandledPromise(fn, group.first.ancestors, program)
          ) {
            context.report({ node: reportAt, messageId: 'unhandledAsyncListener', data: { signals: label, method } });
          }

          const checked = events.filter((event) => signals.includes(event));
          if (checked.length === 0) continue;
          const effects = effectsOf(fn);
          if (effects.inert && !group.secondSignal && checked.some((event) => !cancelled.has(event))) {
            const ignoresSignal = !effects.logs && !effects.exits && !effects.setsExitCode;
            // An empty listener in a wrapper that spawns a child: the terminal's Ctrl+C reaches the child too.
            if (!(ignoresSignal && startsChildProcess())) {
              context.report({
                node: reportAt,
                messageId: effects.exits
                  ? 'noCancellationExits'
                  : ignoresSignal
                    ? 'noCancellationSwallows'
                    : 'noCancellationLogs',
                data: { signals: checked.join('/') },
              });
            }
          }
          for (const abort of effects.aborts) {
            if (reportedAborts.has(abort)) continue;
            reportedAborts.add(abort);
            const controller = memberPath(child(unwrap(child(abort, 'callee'))!, 'object'));
            if (controller !== undefined && isUnobservedController(controller, program)) {
              context.report({
                node: abort as unknown as TSESTree.Node,
                messageId: 'abortNotObserved',
                data: { controller },
              });
            }
          }
        }

        // ——— The entrypoint as a whole ———
        if (complete) return;
        const entry = entrypoint();
        if (!entry.isEntrypoint) return;
        const handled = new Set<string>(awaitedSignals);
        if (dynamicRegistration) for (const signal of signals) handled.add(signal);
        for (const registration of signalRegistrations)
          for (const event of registration.listener.events) handled.add(event);
        const missing = signals.filter((signal) => !handled.has(signal));
        if (missing.length === 0) return;
        const [starter] = findWorkStarters(program, { imports, reasons: entry.reasons, limit: 1 });
        if (!starter) return;

        const present = signals.filter((signal) => handled.has(signal));
        if (present.length === 0) {
          // Name the work that keeps the process busy and that an interruption damages; work
          // that only reads and prints is reported with `checkReadOnlyWork`.
          const moduleOptions = { parse: moduleParserFor(context), helpers };
          const [damaging] = findDamagingWork(program, {
            imports,
            reasons: entry.reasons,
            limit: 1,
            importedWork: (node) => importedNodeStartsDamagingWork(node, imports, context.filename, moduleOptions),
          });
          const work = damaging ?? (options.checkReadOnlyWork === true ? starter : undefined);
          if (!work) return;
          // A thin bin, or a `main()` handed to a runner: the handling may live in a module it imports.
          if (handlingModule(context.filename, program, sourceCode.text, moduleOptions) !== undefined) return;
          context.report({
            node: work.node as unknown as TSESTree.Node,
            messageId: 'missingHandling',
            data: { starter: work.label, signals: listSignals(signals) },
          });
          return;
        }
        const first = signalRegistrations.find((registration) =>
          registration.listener.events.some((event) => signals.includes(event)),
        );
        const reportAt = first?.listener.call ?? awaitingCalls[0];
        if (!reportAt) return;
        for (const signal of missing) {
          const suggestion = first ? addSignalFix(first, signal, program) : undefined;
          context.report({
            node: reportAt as unknown as TSESTree.Node,
            messageId: MISSING_SIGNAL_MESSAGES.get(signal) ?? 'missingSignal',
            data: { handled: listSignals(present), missing: signal },
            suggest: suggestion ? [{ messageId: 'addSignal', data: { missing: signal }, fix: suggestion }] : [],
          });
        }
      },
    };

    // ——— Complete handling ———

    /**
     * 'complete' when the call installs full shutdown handling (runMain, a library, a configured
     * helper, an imported `setupGracefulShutdown`); the signals when it awaits them
     * (`once(process, 'SIGINT')`); undefined otherwise.
     */
    function handlingOf(call: AnyNode, imports: ImportMap): 'complete' | string[] | undefined {
      const callee = unwrap(child(call, 'callee'));
      if (!callee) return undefined;
      // Every call of the file comes here: resolve only callees that can name a module export.
      const binding = mayNameModuleExport(callee, imports) ? resolveReference(callee, imports) : undefined;
      if (binding) {
        if (
          (binding.imported === RUN_MAIN || binding.imported.endsWith(`.${RUN_MAIN}`)) &&
          isHelperSpecifier(binding.source, helpers)
        )
          return 'complete';
        const library = shutdownLibrary(binding.source, binding.imported);
        // http-terminator only closes a server: it counts when a signal listener calls `terminate()`.
        if (library !== undefined && library !== 'http-terminator') return 'complete';
        if (
          binding.source === 'events' &&
          ['once', 'on', 'EventEmitter.once', 'EventEmitter.on'].includes(binding.imported)
        ) {
          const target = memberPath(argument(call, 0));
          if (target === 'process' || target === 'globalThis.process') {
            const event = stringValue(argument(call, 1));
            if (event === undefined) return [...signals];
            return isSignalName(event) ? [event] : undefined;
          }
        }
      }
      const path = shutdownHelpers.length > 0 ? memberPath(callee) : undefined;
      for (const helper of shutdownHelpers) {
        const hash = helper.indexOf('#');
        if (hash > 0) {
          const module = helper.slice(0, hash);
          const name = helper.slice(hash + 1);
          if (binding && binding.source === module.replace(/^node:/, '') && (name === '*' || binding.imported === name))
            return 'complete';
          continue;
        }
        if (binding && binding.source === helper) return 'complete';
        if (isTrackerCallee(path, [helper])) return 'complete';
      }
      // Handling installed elsewhere: an imported `setupGracefulShutdown(server)`, `app.enableShutdownHooks()`.
      const name = isMemberExpression(callee)
        ? propertyName(callee)
        : callee.type === 'Identifier'
          ? String(callee.name)
          : undefined;
      if (name === undefined || /abortsignal/i.test(name)) return undefined;
      if (
        binding &&
        binding.source !== 'process' &&
        binding.source !== 'events' &&
        INSTALLS_SHUTDOWN_HANDLING.test(
          binding.imported === 'default' ? name : (binding.imported.split('.').pop() ?? ''),
        )
      )
        return 'complete';
      if (isMemberExpression(callee) && INSTALLS_SHUTDOWN_HANDLING.test(name)) return 'complete';
      return undefined;
    }

    /**
     * Whether `controller` (a name or member path) is a controller created in this file with
     * `new AbortController()` whose only other uses are `.abort()` calls: nothing ever receives its signal.
     */
    function isUnobservedController(controller: string, program: AnyNode): boolean {
      let created = false;
      forEachNode(program, (node) => {
        if (created) return false;
        if (
          node.type === 'NewExpression' &&
          ['AbortController', 'globalThis.AbortController'].includes(memberPath(child(node, 'callee')) ?? '')
        ) {
          const parent = parentOf(node);
          if (parent?.type === 'VariableDeclarator' && memberPath(child(parent, 'id')) === controller) created = true;
          else if (parent?.type === 'AssignmentExpression' && memberPath(child(parent, 'left')) === controller)
            created = true;
          else if (parent?.type === 'PropertyDefinition' && `this.${String(child(parent, 'key')?.name)}` === controller)
            created = true;
        }
        return true;
      });
      if (!created) return false;
      for (const read of readsOf(program, controller, parentOf)) {
        const parent = parentOf(read);
        const isAbortCallee =
          parent !== undefined &&
          isMemberExpression(parent) &&
          child(parent, 'object') === read &&
          propertyName(parent) === 'abort' &&
          parentOf(parent) !== undefined &&
          child(parentOf(parent)!, 'callee') === parent;
        if (!isAbortCallee) return false;
      }
      return true;
    }

    /** Whether every `await` / `throw` of an async listener sits in a `try` with a `catch`, or awaits a `.catch()`-ed promise. */
    /** Promises that cannot reject (detection/cannot-reject.ts): functions of this file; exits return no promise. */
    function cannotReject(imports: ImportMap): CannotRejectAnalysis {
      return (rejection ??= cannotRejectAnalysis({
        functionOf: (callee) =>
          resolveFunctionInScope(callee, ancestorsOf(callee), sourceCode.ast as unknown as AnyNode),
        isFunctionHandler: mayBeFunction,
        isNotThenable: (node) => isCallExpression(node) && exitCallOf(node, imports) !== undefined,
      }));
    }

    /** A sync listener that returns a local async function's promise unhandled: `() => shutdown()`. */
    function returnsUnhandledPromise(fn: AnyNode, ancestors: readonly AnyNode[], program: AnyNode): boolean {
      const body = child(fn, 'body');
      const returned: AnyNode[] = [];
      if (body && body.type !== 'BlockStatement') returned.push(body);
      else if (body)
        for (const statement of children(body, 'body'))
          if (statement.type === 'ReturnStatement' && child(statement, 'argument'))
            returned.push(child(statement, 'argument')!);
      return returned.some((expression) => {
        const call = unwrap(expression);
        if (!isCallExpression(call)) return false;
        const target = resolveFunctionInScope(child(call!, 'callee'), [...ancestors, fn], program);
        return (
          target !== undefined &&
          isAsyncFunction(target) &&
          target.generator !== true &&
          !cannotReject(programImports(program)).valueCannotReject(call!)
        );
      });
    }

    /** A suggestion adding `signal` next to the registration, when that is a plain edit. */
    function addSignalFix(
      registration: Registration,
      signal: string,
      program: AnyNode,
    ): TSESLint.ReportFixFunction | undefined {
      const { call, listener } = registration.listener;
      const eventArgument = unwrap(argument(call, 0));
      if (!eventArgument) return undefined;
      const quoteOf = (literal: AnyNode): string =>
        sourceCode.getText(literal as unknown as TSESTree.Node).charAt(0) || "'";
      // An array of names: in the loop / forEach head, or a top-level const.
      const array = signalArray(eventArgument, registration.ancestors, program);
      if (array) {
        const elements = children(array, 'elements');
        const last = elements.at(-1);
        if (!last) return undefined;
        const text = `, ${quoteOf(last)}${signal}${quoteOf(last)}`;
        return (fixer) => fixer.insertTextAfter(last as unknown as TSESTree.Node, text);
      }
      // `process.on('SIGINT', handler);` → add `process.on('SIGTERM', handler);` below.
      const statement = parentOf(call);
      if (stringValue(eventArgument) === undefined || statement?.type !== 'ExpressionStatement') return undefined;
      const listenerPath = memberPath(listener);
      if (!listener || listenerPath === undefined || children(call, 'arguments').length !== 2) return undefined;
      const quote = quoteOf(eventArgument);
      const calleeSource = sourceCode.getText(child(call, 'callee') as unknown as TSESTree.Node);
      const line = sourceCode.lines[(statement.loc as { start: { line: number } }).start.line - 1] ?? '';
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      const text = `\n${indent}${calleeSource}(${quote}${signal}${quote}, ${sourceCode.getText(listener as unknown as TSESTree.Node)});`;
      return (fixer) => fixer.insertTextAfter(statement as unknown as TSESTree.Node, text);
    }

    /** The array literal of signal names a loop / forEach registration iterates, if it is one. */
    function signalArray(eventArgument: AnyNode, ancestors: readonly AnyNode[], program: AnyNode): AnyNode | undefined {
      if (eventArgument.type !== 'Identifier') return undefined;
      const name = eventArgument.name;
      const literalArray = (node: AnyNode | undefined): AnyNode | undefined => {
        const target = unwrap(node);
        if (target?.type === 'ArrayExpression') return target;
        if (target?.type === 'Identifier') {
          const binding = topLevelBinding(program, String(target.name));
          const value = unwrap(binding);
          return value?.type === 'ArrayExpression' ? value : undefined;
        }
        return undefined;
      };
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const ancestor = ancestors[i]!;
        if (ancestor.type === 'ForOfStatement') {
          const left = child(ancestor, 'left');
          const declared =
            left?.type === 'VariableDeclaration' ? child(children(left, 'declarations')[0] ?? left, 'id') : left;
          if (declared?.type === 'Identifier' && declared.name === name) return literalArray(child(ancestor, 'right'));
        }
        if (isFunctionNode(ancestor) && children(ancestor, 'params')[0]?.name === name) {
          const call = ancestors[i - 1];
          const callee = call && isCallExpression(call) ? unwrap(child(call, 'callee')) : undefined;
          if (callee && isMemberExpression(callee) && propertyName(callee) === 'forEach')
            return literalArray(child(callee, 'object'));
          return undefined;
        }
      }
      return undefined;
    }

    /** Pre-order visit; `visit` returning false skips the node's children. */
    function forEachNode(root: AnyNode, visit: (node: AnyNode) => boolean): void {
      walk(root, (node) => visit(node));
    }
  },
});
