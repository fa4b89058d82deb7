/**
 * An entrypoint that starts async work or long-lived handles must turn SIGINT and SIGTERM into
 * cancellation (abort a controller whose signal the work receives, `runMain`, or a known library);
 * and an async signal listener must not drop its own rejection (docs/architecture.md §5).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  type AnyNode,
  type CannotRejectAnalysis,
  type EntrypointResult,
  type ImportMap,
  type ModuleBinding,
  type ProcessListener,
  type WorkStarter,
  argument,
  cannotRejectAnalysis,
  child,
  children,
  exitCallOf,
  findDamagingWork,
  findWorkStarters,
  handlingModule,
  importedNodeStartsDamagingWork,
  inWorkerBranch,
  INSTALLS_SHUTDOWN_HANDLING,
  isAsyncFunction,
  isCallExpression,
  isHelperSpecifier,
  isMemberExpression,
  isProcessListenerCall,
  isSignalName,
  isTrackerCallee,
  iteratedArray,
  mayBeFunction,
  mayListenForSignals,
  mayNameModuleExport,
  memberPath,
  methodCallOn,
  processListenerInScope,
  programImports,
  propertyName,
  reachableFunctions,
  readSettings,
  resolveFunctionInScope,
  resolveReference,
  RUN_MAIN,
  shutdownLibrary,
  stringValue,
  unwrap,
  walk,
  workerThreadRole,
} from '../detection/index.js';
import { type ListenerEffects, analyseListener, readsOf } from '../detection/listener-effects.js';
import { createRule } from './create-rule.js';
import { anyNode, estreeNode } from './estree-nodes.js';
import { fileEntrypoint } from './file-entrypoint.js';
import { moduleParserFor } from './module-parser.js';

export interface RuleOptions {
  signals?: string[];
  helpers?: string[];
  shutdownHelpers?: string[];
  checkReadOnlyWork?: boolean;
}

export type Options = [RuleOptions];

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

const DEFAULT_OPTIONS: Required<RuleOptions> = {
  signals: ['SIGINT', 'SIGTERM'],
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

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** ESLint's nodes and the detection layer's `AnyNode` are the same objects; these are the only two conversions. */

interface Registration {
  readonly listener: ProcessListener;
  readonly ancestors: readonly AnyNode[];
}

/** What the `CallExpression` visitor gathers for `Program:exit`. */
interface CollectedCalls {
  readonly registrations: Registration[];
  /** `process.on(dynamicName, …)`: we cannot tell which signals it covers, so it may cover all of them. */
  dynamicRegistration: boolean;
  /** Calls that might be complete handling, checked once the imports are known. */
  readonly candidateCalls: AnyNode[];
}

/** One file being linted: the rule's context and options, and the views of its AST every analysis shares. */
interface FileCheck {
  readonly context: Context;
  readonly options: Required<RuleOptions>;
  readonly program: AnyNode;
  readonly imports: ImportMap;
  readonly entrypoint: () => EntrypointResult;
  readonly ancestorsOf: (node: AnyNode) => AnyNode[];
  readonly parentOf: (node: AnyNode) => AnyNode | undefined;
  /** Promises that cannot reject (detection/cannot-reject.ts), built on first use. */
  readonly cannotReject: () => CannotRejectAnalysis;
}

/** How the file handles signals, apart from its own listeners. */
interface Handling {
  /** `runMain`, a shutdown library, a configured helper, a handling side-effect import. */
  readonly complete: boolean;
  /** Signals awaited with `once(process, 'SIGINT')`. */
  readonly awaitedSignals: ReadonlySet<string>;
  /** The `once(process, …)` calls, where a missing signal is reported when no listener is registered. */
  readonly awaitingCalls: readonly AnyNode[];
}

/** The registrations of one listener function: one report per function, naming all its signals. */
interface ListenerGroup {
  readonly first: Registration;
  readonly events: Set<string>;
  /** Every registration of it is made from inside another signal listener (a second-signal handler). */
  secondSignal: boolean;
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
              'Also report `missingHandling`, and a signal left out (`missingSigterm`…), for an entrypoint whose work only reads and prints (fetches, reads files, awaits), not only for work that an interruption damages (servers, writes, child processes, workers, database and queue clients, intervals, endless loops). On in `strict`.',
          },
        },
      },
    ],
    defaultOptions: [DEFAULT_OPTIONS],
  },
  create(context, [configured]) {
    const sourceCode = context.sourceCode;
    const settings = readSettings(context.settings);
    const program = anyNode(sourceCode.ast);
    const entrypoint = fileEntrypoint(context);
    // Findings are about signal listeners, or about an entrypoint that starts work: any other file
    // gets no listeners, so ESLint skips it.
    if (!mayListenForSignals(sourceCode.text) && !entrypoint().isEntrypoint) return {};
    const options: Required<RuleOptions> = {
      ...DEFAULT_OPTIONS,
      ...configured,
      helpers: [...settings.helpers, ...(configured.helpers ?? [])],
    };
    const ancestorsOf = (node: AnyNode): AnyNode[] => sourceCode.getAncestors(estreeNode(node)).map(anyNode);
    const collected: CollectedCalls = { registrations: [], dynamicRegistration: false, candidateCalls: [] };

    return {
      CallExpression(node) {
        collectCall(anyNode(node), collected, program, ancestorsOf);
      },
      'Program:exit'() {
        const imports = programImports(program);
        let rejection: CannotRejectAnalysis | undefined;
        checkFile(
          {
            context,
            options,
            program,
            imports,
            entrypoint,
            ancestorsOf,
            parentOf: (node) => node.parent as AnyNode | undefined,
            cannotReject: () =>
              (rejection ??= cannotRejectAnalysis({
                functionOf: (callee) => resolveFunctionInScope(callee, ancestorsOf(callee), program),
                isFunctionHandler: mayBeFunction,
                isNotThenable: (node) => isCallExpression(node) && exitCallOf(node, imports) !== undefined,
              })),
          },
          collected,
        );
      },
    };
  },
});

// ——— Gathering ———

/** A process listener registration is remembered with its ancestors; any other call may be handling. */
function collectCall(
  call: AnyNode,
  collected: CollectedCalls,
  program: AnyNode,
  ancestorsOf: (node: AnyNode) => AnyNode[],
): void {
  if (!isProcessListenerCall(call)) {
    collected.candidateCalls.push(call);
    return;
  }
  const ancestors = ancestorsOf(call);
  const listener = processListenerInScope(call, ancestors, program);
  if (listener) collected.registrations.push({ listener, ancestors });
  else if (!stringValue(argument(call, 0))) collected.dynamicRegistration = true;
}

/** Everything the rule checks once the file is read: its listeners, then the entrypoint as a whole. */
function checkFile(file: FileCheck, collected: CollectedCalls): void {
  const { program, imports } = file;
  if (workerThreadRole(program, imports) === 'worker') return; // signals go to the main thread only
  const signalRegistrations = collected.registrations.filter(
    (registration) =>
      registration.listener.events.some(isSignalName) &&
      !inWorkerBranch(registration.listener.call, registration.ancestors, imports),
  );
  const handling = findHandling(file, collected.candidateCalls);
  checkListeners(file, signalRegistrations, handling, collected.dynamicRegistration);
  if (handling.complete) return;
  const entry = file.entrypoint();
  if (!entry.isEntrypoint) return;
  checkEntrypoint(file, entry, signalRegistrations, handling, collected.dynamicRegistration);
}

// ——— Complete handling ———

function findHandling(file: FileCheck, candidateCalls: readonly AnyNode[]): Handling {
  let complete = false;
  const awaitedSignals = new Set<string>();
  const awaitingCalls: AnyNode[] = [];
  for (const call of candidateCalls) {
    const verdict = handlingOf(call, file);
    if (verdict === 'complete') complete = true;
    else if (verdict) {
      awaitingCalls.push(call);
      for (const signal of verdict) awaitedSignals.add(signal);
    }
  }
  complete ||= importsHandlingModule(file.program);
  return { complete, awaitedSignals, awaitingCalls };
}

/** `import './shutdown-hooks.js'`: a side-effect import whose name says it installs the handling. */
function importsHandlingModule(program: AnyNode): boolean {
  return children(program, 'body').some(
    (statement) =>
      statement.type === 'ImportDeclaration' &&
      children(statement, 'specifiers').length === 0 &&
      HANDLING_MODULE.test(stringValue(child(statement, 'source')) ?? ''),
  );
}

/**
 * 'complete' when the call installs full shutdown handling (runMain, a library, a configured
 * helper, an imported `setupGracefulShutdown`); the signals when it awaits them
 * (`once(process, 'SIGINT')`); undefined otherwise.
 */
function handlingOf(call: AnyNode, file: FileCheck): 'complete' | string[] | undefined {
  const callee = unwrap(child(call, 'callee'));
  if (!callee) return undefined;
  const { imports, options } = file;
  // Every call of the file comes here: resolve only callees that can name a module export.
  const binding = mayNameModuleExport(callee, imports) ? resolveReference(callee, imports) : undefined;
  if (binding) {
    const verdict = handlingByImport(call, binding, options);
    if (verdict !== undefined) return verdict === 'not-handling' ? undefined : verdict;
  }
  if (isConfiguredShutdownHelper(callee, binding, options.shutdownHelpers)) return 'complete';
  return installsHandlingByName(callee, binding) ? 'complete' : undefined;
}

/**
 * `runMain` of the helper, a shutdown library, or `once(process, 'SIGINT')` from `events`;
 * 'not-handling' for `once(process, 'exit')`, undefined when the import says nothing.
 */
function handlingByImport(
  call: AnyNode,
  binding: ModuleBinding,
  options: Required<RuleOptions>,
): 'complete' | 'not-handling' | string[] | undefined {
  if (
    (binding.imported === RUN_MAIN || binding.imported.endsWith(`.${RUN_MAIN}`)) &&
    isHelperSpecifier(binding.source, options.helpers)
  )
    return 'complete';
  const library = shutdownLibrary(binding.source, binding.imported);
  // http-terminator only closes a server: it counts when a signal listener calls `terminate()`.
  if (library !== undefined && library !== 'http-terminator') return 'complete';
  if (binding.source !== 'events' || !['once', 'on', 'EventEmitter.once', 'EventEmitter.on'].includes(binding.imported))
    return undefined;
  const target = memberPath(argument(call, 0));
  if (target !== 'process' && target !== 'globalThis.process') return undefined;
  const event = stringValue(argument(call, 1));
  if (event === undefined) return [...options.signals];
  return isSignalName(event) ? [event] : 'not-handling';
}

/** The `shutdownHelpers` option: a name or member path, a module, or `module#export`. */
function isConfiguredShutdownHelper(
  callee: AnyNode,
  binding: ModuleBinding | undefined,
  shutdownHelpers: readonly string[],
): boolean {
  const path = shutdownHelpers.length > 0 ? memberPath(callee) : undefined;
  for (const helper of shutdownHelpers) {
    const hash = helper.indexOf('#');
    if (hash > 0) {
      const module = helper.slice(0, hash);
      const name = helper.slice(hash + 1);
      if (binding && binding.source === module.replace(/^node:/, '') && (name === '*' || binding.imported === name))
        return true;
      continue;
    }
    if (binding && binding.source === helper) return true;
    if (isTrackerCallee(path, [helper])) return true;
  }
  return false;
}

/** Handling installed elsewhere: an imported `setupGracefulShutdown(server)`, `app.enableShutdownHooks()`. */
function installsHandlingByName(callee: AnyNode, binding: ModuleBinding | undefined): boolean {
  const name = isMemberExpression(callee)
    ? propertyName(callee)
    : callee.type === 'Identifier'
      ? String(callee.name)
      : undefined;
  if (name === undefined || /abortsignal/i.test(name)) return false;
  if (
    binding &&
    binding.source !== 'process' &&
    binding.source !== 'events' &&
    INSTALLS_SHUTDOWN_HANDLING.test(binding.imported === 'default' ? name : (binding.imported.split('.').pop() ?? ''))
  )
    return true;
  return isMemberExpression(callee) && INSTALLS_SHUTDOWN_HANDLING.test(name);
}

// ——— Each listener ———

/** Reports on each signal listener function: unhandled rejections, no cancellation, aborts nobody observes. */
function checkListeners(
  file: FileCheck,
  signalRegistrations: readonly Registration[],
  handling: Handling,
  dynamicRegistration: boolean,
): void {
  const effectsOf = listenerEffectsOf(file);
  const cancelled = cancelledSignals(file, signalRegistrations, handling, dynamicRegistration, effectsOf);
  let childProcess: boolean | undefined;
  const startsChildProcess = (): boolean =>
    (childProcess ??= findWorkStarters(file.program, { imports: file.imports }).some(
      (starter) => starter.kind === 'child-process',
    ));
  const reportedAborts = new Set<AnyNode>();
  for (const [fn, group] of groupListeners(file, signalRegistrations)) {
    reportUnhandledAsyncListener(file, fn, group);
    const checked = [...group.events].filter((event) => file.options.signals.includes(event));
    if (checked.length === 0) continue;
    const effects = effectsOf(fn);
    if (effects.inert && !group.secondSignal && checked.some((event) => !cancelled.has(event)))
      reportNoCancellation(file, group, checked, effects, startsChildProcess);
    reportUnobservedAborts(file, effects, reportedAborts);
  }
}

/** `analyseListener` once per listener function. */
function listenerEffectsOf(file: FileCheck): (fn: AnyNode) => ListenerEffects {
  const cache = new Map<AnyNode, ListenerEffects>();
  const context = {
    program: file.program,
    imports: file.imports,
    ancestorsOf: file.ancestorsOf,
    parentOf: file.parentOf,
  };
  return (fn) => {
    let effects = cache.get(fn);
    if (!effects) {
      effects = analyseListener(fn, context);
      cache.set(fn, effects);
    }
    return effects;
  };
}

/** Signals whose registrations include one that (may) cancel, or that other handling covers. */
function cancelledSignals(
  file: FileCheck,
  signalRegistrations: readonly Registration[],
  handling: Handling,
  dynamicRegistration: boolean,
  effectsOf: (fn: AnyNode) => ListenerEffects,
): ReadonlySet<string> {
  const cancelled = new Set<string>(handling.awaitedSignals);
  if (handling.complete || dynamicRegistration) for (const signal of file.options.signals) cancelled.add(signal);
  for (const registration of signalRegistrations) {
    const fn = registration.listener.listenerFunction;
    if (!fn || !effectsOf(fn).inert) for (const event of registration.listener.events) cancelled.add(event);
  }
  return cancelled;
}

/** Registrations grouped by listener function, noting whether each is a second-signal handler. */
function groupListeners(file: FileCheck, signalRegistrations: readonly Registration[]): Map<AnyNode, ListenerGroup> {
  const listenerFunctions = new Set(
    signalRegistrations
      .map((registration) => registration.listener.listenerFunction)
      .filter((fn): fn is AnyNode => fn !== undefined),
  );
  const reachable = reachableFunctions(listenerFunctions, file.program, file.ancestorsOf);
  const isSecondSignalListener = (registration: Registration): boolean =>
    registration.ancestors.some((ancestor) => reachable.has(ancestor));
  const groups = new Map<AnyNode, ListenerGroup>();
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
  return groups;
}

const reportNodeOf = (group: ListenerGroup): TSESTree.Node =>
  estreeNode(group.first.listener.listener ?? group.first.listener.call);

/** An async listener (or one returning a local async function's promise) whose rejection nobody handles. */
function reportUnhandledAsyncListener(file: FileCheck, fn: AnyNode, group: ListenerGroup): void {
  const dropsRejection =
    isAsyncFunction(fn) && fn.generator !== true
      ? !file.cannotReject().functionCannotReject(fn)
      : returnsUnhandledPromise(file, fn, group.first.ancestors);
  if (!dropsRejection) return;
  const { method } = group.first.listener;
  file.context.report({
    node: reportNodeOf(group),
    messageId: 'unhandledAsyncListener',
    data: {
      signals: [...group.events].join('/'),
      method: method === 'Deno.addSignalListener' ? 'addSignalListener' : method,
    },
  });
}

/** A sync listener that returns a local async function's promise unhandled: `() => shutdown()`. */
function returnsUnhandledPromise(file: FileCheck, fn: AnyNode, ancestors: readonly AnyNode[]): boolean {
  const body = child(fn, 'body');
  const returned: AnyNode[] = [];
  if (body && body.type !== 'BlockStatement') returned.push(body);
  else if (body)
    for (const statement of children(body, 'body')) {
      const argumentNode = statement.type === 'ReturnStatement' ? child(statement, 'argument') : undefined;
      if (argumentNode) returned.push(argumentNode);
    }
  return returned.some((expression) => {
    const call = unwrap(expression);
    if (!call || !isCallExpression(call)) return false;
    const target = resolveFunctionInScope(child(call, 'callee'), [...ancestors, fn], file.program);
    return (
      target !== undefined &&
      isAsyncFunction(target) &&
      target.generator !== true &&
      !file.cannotReject().valueCannotReject(call)
    );
  });
}

/** A listener that only exits, only records the signal, or does nothing. */
function reportNoCancellation(
  file: FileCheck,
  group: ListenerGroup,
  checked: readonly string[],
  effects: ListenerEffects,
  startsChildProcess: () => boolean,
): void {
  const ignoresSignal = !effects.logs && !effects.exits && !effects.setsExitCode;
  // An empty listener in a wrapper that spawns a child: the terminal's Ctrl+C reaches the child too.
  if (ignoresSignal && startsChildProcess()) return;
  file.context.report({
    node: reportNodeOf(group),
    messageId: effects.exits ? 'noCancellationExits' : ignoresSignal ? 'noCancellationSwallows' : 'noCancellationLogs',
    data: { signals: checked.join('/') },
  });
}

/** `controller.abort()` in a listener, where nothing ever receives `controller.signal`. */
function reportUnobservedAborts(file: FileCheck, effects: ListenerEffects, reported: Set<AnyNode>): void {
  for (const abort of effects.aborts) {
    if (reported.has(abort)) continue;
    reported.add(abort);
    const callee = unwrap(child(abort, 'callee'));
    const controller = callee ? memberPath(child(callee, 'object')) : undefined;
    if (controller === undefined || !isUnobservedController(file, controller)) continue;
    file.context.report({ node: estreeNode(abort), messageId: 'abortNotObserved', data: { controller } });
  }
}

/**
 * Whether `controller` (a name or member path) is a controller created in this file with
 * `new AbortController()` whose only other uses are `.abort()` calls: nothing ever receives its signal.
 */
function isUnobservedController(file: FileCheck, controller: string): boolean {
  const { program, parentOf } = file;
  let created = false;
  walk(program, (node) => {
    if (created) return false;
    if (isControllerCreation(node, controller, parentOf)) created = true;
    return true;
  });
  if (!created) return false;
  return readsOf(program, controller, parentOf).every((read) => methodCallOn(read, 'abort', parentOf) !== undefined);
}

/** `controller = new AbortController()` in a declaration, an assignment or a class field. */
function isControllerCreation(
  node: AnyNode,
  controller: string,
  parentOf: (node: AnyNode) => AnyNode | undefined,
): boolean {
  if (
    node.type !== 'NewExpression' ||
    !['AbortController', 'globalThis.AbortController'].includes(memberPath(child(node, 'callee')) ?? '')
  )
    return false;
  const parent = parentOf(node);
  if (parent?.type === 'VariableDeclarator') return memberPath(child(parent, 'id')) === controller;
  if (parent?.type === 'AssignmentExpression') return memberPath(child(parent, 'left')) === controller;
  if (parent?.type === 'PropertyDefinition') return `this.${String(child(parent, 'key')?.name)}` === controller;
  return false;
}

// ——— The entrypoint as a whole ———

/** An entrypoint that starts work: no handling at all, or some of the configured signals missing. */
function checkEntrypoint(
  file: FileCheck,
  entry: EntrypointResult,
  signalRegistrations: readonly Registration[],
  handling: Handling,
  dynamicRegistration: boolean,
): void {
  const { signals } = file.options;
  const handled = new Set<string>(handling.awaitedSignals);
  if (dynamicRegistration) for (const signal of signals) handled.add(signal);
  for (const registration of signalRegistrations) for (const event of registration.listener.events) handled.add(event);
  const missing = signals.filter((signal) => !handled.has(signal));
  if (missing.length === 0) return;
  const [starter] = findWorkStarters(file.program, { imports: file.imports, reasons: entry.reasons, limit: 1 });
  if (!starter) return;
  const present = signals.filter((signal) => handled.has(signal));
  if (present.length === 0) reportMissingHandling(file, entry, starter);
  // A signal left out loses nothing when the work only reads and prints, as with no handling at all.
  else if (file.options.checkReadOnlyWork || damagingWorkOf(file, entry) !== undefined)
    reportMissingSignals(file, signalRegistrations, handling, present, missing);
}

/** The first work the entrypoint starts that an interruption damages, here or in the modules it runs. */
function damagingWorkOf(file: FileCheck, entry: EntrypointResult): WorkStarter | undefined {
  const { context, program, imports, options } = file;
  const moduleOptions = { parse: moduleParserFor(context), helpers: options.helpers };
  return findDamagingWork(program, {
    imports,
    reasons: entry.reasons,
    limit: 1,
    importedWork: (node, parent) =>
      importedNodeStartsDamagingWork(node, imports, context.filename, moduleOptions, parent),
  })[0];
}

/**
 * No signal handled at all: name the work that keeps the process busy and that an interruption
 * damages; work that only reads and prints is reported with `checkReadOnlyWork`.
 */
function reportMissingHandling(file: FileCheck, entry: EntrypointResult, starter: WorkStarter): void {
  const { context, program, options } = file;
  const moduleOptions = { parse: moduleParserFor(context), helpers: options.helpers };
  const work = damagingWorkOf(file, entry) ?? (options.checkReadOnlyWork ? starter : undefined);
  if (!work) return;
  // A thin bin, or a `main()` handed to a runner: the handling may live in a module it imports.
  if (handlingModule(context.filename, program, context.sourceCode.text, moduleOptions) !== undefined) return;
  context.report({
    node: estreeNode(work.node),
    messageId: 'missingHandling',
    data: { starter: work.label, signals: listSignals(options.signals) },
  });
}

/** Some signals handled, others not: one report per missing signal, with a suggestion adding it. */
function reportMissingSignals(
  file: FileCheck,
  signalRegistrations: readonly Registration[],
  handling: Handling,
  present: readonly string[],
  missing: readonly string[],
): void {
  const { signals } = file.options;
  const first = signalRegistrations.find((registration) =>
    registration.listener.events.some((event) => signals.includes(event)),
  );
  const reportAt = first?.listener.call ?? handling.awaitingCalls[0];
  if (!reportAt) return;
  for (const signal of missing) {
    const suggestion = first ? addSignalFix(file, first, signal) : undefined;
    file.context.report({
      node: estreeNode(reportAt),
      messageId: MISSING_SIGNAL_MESSAGES.get(signal) ?? 'missingSignal',
      data: { handled: listSignals(present), missing: signal },
      suggest: suggestion ? [{ messageId: 'addSignal', data: { missing: signal }, fix: suggestion }] : [],
    });
  }
}

/** A suggestion adding `signal` next to the registration, when that is a plain edit. */
function addSignalFix(
  file: FileCheck,
  registration: Registration,
  signal: string,
): TSESLint.ReportFixFunction | undefined {
  const sourceCode = file.context.sourceCode;
  const { call, listener } = registration.listener;
  const eventArgument = unwrap(argument(call, 0));
  if (!eventArgument) return undefined;
  const quoteOf = (literal: AnyNode): string => sourceCode.getText(estreeNode(literal)).charAt(0) || "'";
  // An array of names: in the loop / forEach head, or a top-level const.
  const array = signalArray(eventArgument, registration.ancestors, file.program);
  if (array) {
    const last = children(array, 'elements').at(-1);
    if (!last) return undefined;
    const text = `, ${quoteOf(last)}${signal}${quoteOf(last)}`;
    return (fixer) => fixer.insertTextAfter(estreeNode(last), text);
  }
  // `process.on('SIGINT', handler);` → add `process.on('SIGTERM', handler);` below.
  const statement = file.parentOf(call);
  if (stringValue(eventArgument) === undefined || statement?.type !== 'ExpressionStatement') return undefined;
  const listenerPath = memberPath(listener);
  const callee = child(call, 'callee');
  if (!listener || !callee || listenerPath === undefined || children(call, 'arguments').length !== 2) return undefined;
  const quote = quoteOf(eventArgument);
  const eslintStatement = estreeNode(statement);
  const line = sourceCode.lines[eslintStatement.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const text = `\n${indent}${sourceCode.getText(estreeNode(callee))}(${quote}${signal}${quote}, ${sourceCode.getText(estreeNode(listener))});`;
  return (fixer) => fixer.insertTextAfter(eslintStatement, text);
}

/** The array literal of signal names a loop / forEach registration iterates, if it is one. */
function signalArray(eventArgument: AnyNode, ancestors: readonly AnyNode[], program: AnyNode): AnyNode | undefined {
  return eventArgument.type === 'Identifier'
    ? iteratedArray(String(eventArgument.name), ancestors, program).array
    : undefined;
}
