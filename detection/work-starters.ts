/**
 * What a program starts that SIGINT/SIGTERM must cancel (async calls, promise APIs, servers, timers,
 * child processes, workers, streams), what stops work (abort, close, shutdown, kill), and what ends
 * the process (`process.exit`, a signal re-raised at itself, `process.abort`). Shared by
 * `require-signal-cancellation`, `no-exit-before-drain` and the `graceful-main` codemod; both dialects.
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isAsyncFunction,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
  walk,
} from './ast.js';
import { type EntrypointReason, asyncIifeFunction, rootCallOf } from './entrypoint.js';
import { type ImportMap, resolveReference } from './imports.js';
import { isProcessListenerCall, resolveFunction } from './process-listeners.js';
import { GLOBAL_PROMISE_FUNCTIONS, NODE_PROMISE_APIS } from './promise-apis.js';

export type WorkStarterKind =
  | 'top-level-await'
  | 'async-call'
  | 'async-iife'
  | 'async-callback'
  | 'promise'
  | 'server'
  | 'listen'
  | 'interval'
  | 'child-process'
  | 'worker'
  | 'stream'
  | 'socket';

export interface WorkStarter {
  readonly kind: WorkStarterKind;
  /** The call, `new`, `await` or `for await` that starts the work. */
  readonly node: AnyNode;
  /** For messages: "`http.createServer()`", "top-level `await`", "an async IIFE". */
  readonly label: string;
}

/** Module exports that open a long-lived handle or start background work when called (or constructed). */
export const HANDLE_APIS: Readonly<Record<string, Readonly<Record<string, WorkStarterKind>>>> = {
  http: { createServer: 'server', request: 'socket', get: 'socket' },
  https: { createServer: 'server', request: 'socket', get: 'socket' },
  http2: { createServer: 'server', createSecureServer: 'server', connect: 'socket' },
  net: { createServer: 'server', connect: 'socket', createConnection: 'socket' },
  tls: { createServer: 'server', connect: 'socket' },
  dgram: { createSocket: 'socket' },
  child_process: { spawn: 'child-process', exec: 'child-process', execFile: 'child-process', fork: 'child-process' },
  worker_threads: { Worker: 'worker' },
  cluster: { fork: 'worker' },
  fs: { createReadStream: 'stream', createWriteStream: 'stream', watch: 'stream', watchFile: 'stream' },
  'fs/promises': { watch: 'stream' },
  readline: { createInterface: 'stream' },
  'readline/promises': { createInterface: 'stream' },
  stream: { pipeline: 'stream', finished: 'stream' },
  events: { on: 'stream' },
  timers: { setInterval: 'interval' },
  'timers/promises': { setInterval: 'interval' },
  execa: {
    default: 'child-process',
    execa: 'child-process',
    execaNode: 'child-process',
    execaCommand: 'child-process',
    $: 'child-process',
  },
  'cross-spawn': { default: 'child-process', spawn: 'child-process' },
  ws: { default: 'socket', WebSocket: 'socket', WebSocketServer: 'server', Server: 'server' },
  chokidar: { watch: 'stream', default: 'stream' },
  'node-cron': { schedule: 'interval' },
  // Create a server, listen, return the Node http.Server (closing: detection/servers.ts).
  '@hono/node-server': { serve: 'listen', createAdaptorServer: 'server' },
  cron: { CronJob: 'interval' },
};

/** Globals (paths) that start work. */
const GLOBAL_STARTERS: Readonly<Record<string, WorkStarterKind>> = {
  setInterval: 'interval',
  'globalThis.setInterval': 'interval',
  'Promise.all': 'promise',
  'Promise.allSettled': 'promise',
  'Promise.race': 'promise',
  'Promise.any': 'promise',
  'Bun.serve': 'server',
  'Deno.serve': 'server',
  'Deno.listen': 'server',
};

const GLOBAL_CONSTRUCTORS: Readonly<Record<string, WorkStarterKind>> = {
  Promise: 'promise',
  Worker: 'worker',
  WebSocket: 'socket',
  EventSource: 'socket',
};

/** Member calls recognised by their method alone, whatever the object (`app.listen`, `x.createServer`). */
const METHOD_STARTERS: Readonly<Record<string, WorkStarterKind>> = {
  listen: 'listen',
  createServer: 'server',
  createSecureServer: 'server',
  pipe: 'stream',
};

/** Methods that take an async callback and run it (CLI frameworks: commander, cac, sade, yargs). */
const RUNS_ASYNC_CALLBACK = new Set(['action', 'command']);

const STDIN_READS = new Set(['data', 'readable', 'line', 'keypress']);

const PROCESS_PATHS = new Set(['process', 'globalThis.process']);

/** `a.b(…).c` → 'a.b(…).c', for messages; long or dynamic parts become '…'. */
export function calleeText(node: AnyNode | undefined, depth = 0): string {
  const target = unwrap(node);
  if (!target || depth > 4) return '…';
  const path = memberPath(target);
  if (path !== undefined) return path;
  if (isMemberExpression(target))
    return `${calleeText(child(target, 'object'), depth + 1)}.${propertyName(target) ?? '[…]'}`;
  if (isCallExpression(target)) return `${calleeText(child(target, 'callee'), depth + 1)}(…)`;
  if (target.type === 'NewExpression') return `new ${calleeText(child(target, 'callee'), depth + 1)}(…)`;
  return '…';
}

/** "`server.listen()`", "`new Worker()`". */
export function callLabel(call: AnyNode): string {
  const text = calleeText(child(call, 'callee'));
  return call.type === 'NewExpression' ? `\`new ${text}()\`` : `\`${text}()\``;
}

function matchesRow(rows: readonly string[] | undefined, name: string): boolean {
  return rows?.some((row) => (row.endsWith('.*') ? name.startsWith(row.slice(0, -1)) : row === name)) ?? false;
}

function rootName(node: AnyNode | undefined): string | undefined {
  let current = unwrap(node);
  while (current && isMemberExpression(current)) current = unwrap(child(current, 'object'));
  return current?.type === 'Identifier' && typeof current.name === 'string' ? current.name : undefined;
}

/**
 * Whether one call / `new` starts work by itself (module APIs, globals, `.listen()`, promise chains),
 * without looking into functions. Local async functions are `findWorkStarters`' business.
 */
export function workStarterOf(node: AnyNode, imports: ImportMap): WorkStarter | undefined {
  const isNew = node.type === 'NewExpression';
  if (!isNew && !isCallExpression(node)) return undefined;
  const callee = unwrap(child(node, 'callee'));
  if (!callee) return undefined;
  const starter = (kind: WorkStarterKind, label = callLabel(node)): WorkStarter => ({ kind, node, label });

  const binding = resolveReference(callee, imports);
  // `await once(process, 'SIGINT')` waits for the signal: that is handling, not work.
  if (binding?.source === 'events' && PROCESS_PATHS.has(memberPath(argument(node, 0)) ?? '')) return undefined;
  if (binding) {
    const kind = HANDLE_APIS[binding.source]?.[binding.imported];
    if (kind) return starter(kind);
    if (!isNew && matchesRow(NODE_PROMISE_APIS[binding.source], binding.imported)) return starter('promise');
  }
  const root = rootName(callee);
  const isGlobal = root !== undefined && !imports.has(root);
  const path = memberPath(callee);
  if (isGlobal && path !== undefined) {
    if (isNew && GLOBAL_CONSTRUCTORS[path]) return starter(GLOBAL_CONSTRUCTORS[path]!);
    if (!isNew && GLOBAL_STARTERS[path]) return starter(GLOBAL_STARTERS[path]!);
    if (!isNew && matchesRow(GLOBAL_PROMISE_FUNCTIONS, path)) return starter('promise');
  }
  if (isNew || !isMemberExpression(callee)) return undefined;
  const method = propertyName(callee) ?? '';
  const object = child(callee, 'object');
  const objectPath = memberPath(object);
  if (objectPath === 'process.stdin') {
    if (method === 'resume' || method === 'pipe' || method === 'setRawMode') return starter('stream');
    if (['on', 'once', 'addListener'].includes(method) && STDIN_READS.has(stringValue(argument(node, 0)) ?? ''))
      return starter('stream');
  }
  if (METHOD_STARTERS[method]) return starter(METHOD_STARTERS[method]!);
  if (method === 'then' || method === 'catch' || method === 'finally') {
    const { call } = rootCallOf(node);
    return starter(
      'promise',
      call && (isCallExpression(call) || call.type === 'NewExpression') ? callLabel(call) : '`.then()`',
    );
  }
  if (RUNS_ASYNC_CALLBACK.has(method) && children(node, 'arguments').some(isAsyncFunction)) {
    return starter('async-callback', `the async callback of ${callLabel(node)}`);
  }
  return undefined;
}

const FUNCTION_LIKE = new Set([
  'FunctionExpression',
  'ArrowFunctionExpression',
  'FunctionDeclaration',
  'ClassMethod',
  'ClassPrivateMethod',
  'ObjectMethod',
]);
/** Class members that do not run when the class is declared. */
const DEFERRED_MEMBERS = new Set([
  'MethodDefinition',
  'TSAbstractMethodDefinition',
  'ClassMethod',
  'ClassPrivateMethod',
]);

export interface FindWorkStartersOptions {
  readonly imports: ImportMap;
  /** `detectEntrypoint`'s reasons: a `main-call` statement counts even when `main` is imported. */
  readonly reasons?: readonly EntrypointReason[];
  /** Stop after this many (default: all). */
  readonly limit?: number;
}

/**
 * What the program starts, in the order it runs: its top-level code, class static blocks, sync
 * IIFEs and the bodies of the (sync) top-level functions it calls, three calls deep. An async
 * function, an async IIFE or an imported `main()` counts as one starter at the call.
 */
export function findWorkStarters(program: AnyNode, options: FindWorkStartersOptions): WorkStarter[] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const found: WorkStarter[] = [];
  const visited = new Set<AnyNode>();
  const mainCalls = new Set(
    (options.reasons ?? [])
      .filter((reason) => reason.kind === 'main-call' && reason.node)
      .map((reason) => reason.node!),
  );

  const scan = (root: AnyNode, depth: number, moduleLevel: boolean): void => {
    walk(root, (node, parent) => {
      if (found.length >= limit) return false;
      if (moduleLevel && mainCalls.has(node)) {
        let expression = unwrap(child(node, 'expression'));
        while (expression?.type === 'LogicalExpression' && expression.operator === '&&')
          expression = unwrap(child(expression, 'right'));
        const { call } = rootCallOf(expression);
        if (call && (isCallExpression(call) || call.type === 'NewExpression')) {
          found.push({ kind: 'async-call', node: call, label: callLabel(call) });
          return false;
        }
      }
      if (FUNCTION_LIKE.has(node.type)) {
        // A sync IIFE runs now; anything else runs later (or is an async IIFE, handled at its call).
        const isIifeCallee =
          parent !== undefined && isCallExpression(parent) && unwrap(child(parent, 'callee')) === node;
        return isIifeCallee && !isAsyncFunction(node) ? undefined : false;
      }
      if (DEFERRED_MEMBERS.has(node.type)) return false;
      if ((node.type === 'PropertyDefinition' || node.type === 'ClassProperty') && node.static !== true) return false;
      if (moduleLevel && node.type === 'AwaitExpression') {
        const awaited = unwrap(child(node, 'argument'));
        const inner = awaited ? workStarterOf(awaited, options.imports) : undefined;
        found.push(inner ?? { kind: 'top-level-await', node, label: 'top-level `await`' });
        return false;
      }
      if (moduleLevel && node.type === 'ForOfStatement' && node.await === true) {
        found.push({ kind: 'top-level-await', node, label: '`for await`' });
        return false;
      }
      if (moduleLevel && node.type === 'VariableDeclaration' && node.kind === 'await using') {
        found.push({ kind: 'top-level-await', node, label: '`await using`' });
        return false;
      }
      if (!isCallExpression(node) && node.type !== 'NewExpression') return undefined;
      if (isCallExpression(node) && isProcessListenerCall(node)) return false;
      if (asyncIifeFunction(node)) {
        found.push({ kind: 'async-iife', node, label: 'an async IIFE' });
        return false;
      }
      const starter = workStarterOf(node, options.imports);
      if (starter) {
        found.push(starter);
        return false;
      }
      const local = isCallExpression(node) ? resolveFunction(child(node, 'callee'), program) : undefined;
      if (local && isAsyncFunction(local) && local.generator !== true) {
        found.push({ kind: 'async-call', node, label: callLabel(node) });
        return false;
      }
      if (local && !visited.has(local) && depth < 3 && isFunctionNode(local)) {
        visited.add(local);
        // Arguments run before the body.
        for (const arg of children(node, 'arguments')) scan(arg, depth, moduleLevel);
        const body = child(local, 'body');
        if (body) scan(body, depth + 1, false);
        return false;
      }
      return undefined;
    });
  };
  for (const statement of children(program, 'body')) {
    if (found.length >= limit) break;
    scan(statement, 0, true);
  }
  return found;
}

// ——— What ends the process ———

export type ExitKind = 'exit' | 'kill-self' | 'abort';

export interface ExitCall {
  readonly kind: ExitKind;
  /** For messages: 'process.exit()', 'process.kill(process.pid)', 'process.abort()'. */
  readonly label: string;
}

/** `process.x` or `x` imported from `node:process`: the `x`. */
function processMember(node: AnyNode | undefined, imports: ImportMap): string | undefined {
  const target = unwrap(node);
  if (!target) return undefined;
  if (isMemberExpression(target) && PROCESS_PATHS.has(memberPath(child(target, 'object')) ?? ''))
    return propertyName(target);
  const binding = resolveReference(target, imports);
  return binding?.source === 'process' && binding.imported !== '*' && binding.imported !== 'default'
    ? binding.imported
    : undefined;
}

/** Whether an expression is this process's own pid (`process.pid`, `pid` from `node:process`). */
export const isOwnPid = (node: AnyNode | undefined, imports: ImportMap): boolean =>
  processMember(node, imports) === 'pid';

/** If `call` ends the process: `process.exit()`, `process.kill(process.pid, …)`, `process.abort()`, `Deno.exit()`. */
export function exitCallOf(call: AnyNode, imports: ImportMap): ExitCall | undefined {
  if (!isCallExpression(call)) return undefined;
  const callee = child(call, 'callee');
  if (memberPath(callee) === 'Deno.exit') return { kind: 'exit', label: 'Deno.exit()' };
  const member = processMember(callee, imports);
  const text = calleeText(callee);
  if (member === 'exit' || member === 'reallyExit') return { kind: 'exit', label: `${text}()` };
  if (member === 'abort') return { kind: 'abort', label: `${text}()` };
  if (member === 'kill' && isOwnPid(argument(call, 0), imports))
    return { kind: 'kill-self', label: `${text}(${calleeText(argument(call, 0))})` };
  return undefined;
}

/** `process.exit` used as a value: `.then(process.exit)`, `process.on('SIGINT', process.exit)`. */
export function isExitReference(node: AnyNode | undefined, imports: ImportMap): boolean {
  const target = unwrap(node);
  if (!target || (target.type !== 'Identifier' && !isMemberExpression(target))) return false;
  if (memberPath(target) === 'Deno.exit') return true;
  const member = processMember(target, imports);
  return member === 'exit' || member === 'reallyExit' || member === 'abort';
}

// ——— What stops work ———

const STOPPING_NAME =
  /close|shut_?down|stop|terminat|destroy|disconnect|dispos|clean_?up|tear_?down|cancel|abort|drain|quit|kill|graceful|unsubscribe|unlisten/i;
const STOPPING_EXACT = /^(?:end|clearInterval|clearTimeout|clearImmediate)$|End$/;

/** Whether a function name says it stops work: `close`, `shutdown`, `server.stop`, `pool.end`, `gracefulExit`… */
export const isStoppingName = (name: string): boolean => STOPPING_NAME.test(name) || STOPPING_EXACT.test(name);

/**
 * Whether a call stops work: aborts a controller, closes / shuts down / terminates / disconnects
 * something, clears a timer, kills a child, or emits a `close`/`shutdown`-like event. Not an exit.
 */
export function stopsWork(call: AnyNode, imports: ImportMap): boolean {
  if (!isCallExpression(call) || exitCallOf(call, imports)) return false;
  const callee = unwrap(child(call, 'callee'));
  const name = isMemberExpression(callee)
    ? propertyName(callee!)
    : callee?.type === 'Identifier'
      ? String(callee.name)
      : undefined;
  if (name === undefined) return false;
  if (name === 'emit') return isStoppingName(stringValue(argument(call, 0)) ?? '');
  // `process.abort()` is an exit (handled above); `process.kill(otherPid)` stops another process.
  return isStoppingName(name);
}

const LOG_METHODS = new Set([
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
  'notice',
  'success',
  'table',
  'dir',
]);
const LOG_FUNCTIONS = new Set(['log', 'debug', 'info', 'warn', 'print', 'echo', 'logger']);

/** Whether a call only logs: `console.*`, `logger.info`, `this.log.warn`, `debug(…)`, `process.stderr.write`. */
export function isLoggingCall(call: AnyNode): boolean {
  if (!isCallExpression(call)) return false;
  const callee = unwrap(child(call, 'callee'));
  if (callee?.type === 'Identifier') return LOG_FUNCTIONS.has(String(callee.name));
  if (!isMemberExpression(callee)) return false;
  const path = memberPath(callee);
  if (path === 'process.stdout.write' || path === 'process.stderr.write') return true;
  if (path?.startsWith('console.')) return true;
  return LOG_METHODS.has(propertyName(callee!) ?? '');
}

const SLEEP_NAME = /^(?:sleep|delay|wait|pause|timeout|setTimeoutAsync|setTimeoutPromise)$/i;

/** Whether an awaited expression only waits for time to pass (not for work to drain). */
export function isSleep(expression: AnyNode | undefined, imports: ImportMap): boolean {
  const node = unwrap(expression);
  if (!node) return false;
  if (isCallExpression(node)) {
    const callee = unwrap(child(node, 'callee'));
    const binding = resolveReference(callee, imports);
    if (
      binding?.source === 'timers/promises' &&
      ['setTimeout', 'setImmediate', 'scheduler.wait'].includes(binding.imported)
    )
      return true;
    const name = isMemberExpression(callee)
      ? propertyName(callee!)
      : callee?.type === 'Identifier'
        ? String(callee.name)
        : undefined;
    return name !== undefined && SLEEP_NAME.test(name);
  }
  if (node.type === 'NewExpression' && memberPath(child(node, 'callee')) === 'Promise') {
    // new Promise((resolve) => setTimeout(resolve, 500))
    const executor = unwrap(argument(node, 0));
    if (!isFunctionNode(executor)) return false;
    const params = new Set(children(executor!, 'params').map((param) => param.name));
    let onlyTimers = true;
    let sawTimer = false;
    walk(child(executor!, 'body') ?? executor!, (inner) => {
      if (!isCallExpression(inner)) return undefined;
      const callee = unwrap(child(inner, 'callee'));
      const path = memberPath(callee);
      if (path === 'setTimeout' || path === 'setImmediate' || path === 'globalThis.setTimeout') sawTimer = true;
      else if (
        !(callee?.type === 'Identifier' && params.has(callee.name)) &&
        !(isMemberExpression(callee) && propertyName(callee!) === 'unref')
      )
        onlyTimers = false;
      return undefined;
    });
    return sawTimer && onlyTimers;
  }
  return false;
}

// ——— Worker threads ———

const WORKER_SIDE = new Set(['parentPort', 'workerData', 'threadId']);

/**
 * Worker threads get no process signals and `process.exit()` there ends only the thread:
 * 'worker' when the file is a worker script (uses `parentPort`/`workerData` and never asks
 * `isMainThread`), 'mixed' when it branches on `isMainThread`, undefined otherwise.
 */
export function workerThreadRole(program: AnyNode, imports: ImportMap): 'worker' | 'mixed' | undefined {
  let workerSide = false;
  for (const [local, binding] of imports) {
    if (binding.source !== 'worker_threads') continue;
    if (binding.imported === 'isMainThread') return 'mixed';
    if (WORKER_SIDE.has(binding.imported)) workerSide = true;
    if (binding.imported === '*' || binding.imported === 'default') {
      // `import wt from 'worker_threads'` → `wt.parentPort`, `wt.isMainThread`
      let role: 'worker' | 'mixed' | undefined;
      walk(program, (node) => {
        if (role === 'mixed') return false;
        const path = memberPath(node);
        if (path === `${local}.isMainThread`) role = 'mixed';
        else if (path !== undefined && [...WORKER_SIDE].some((name) => path === `${local}.${name}`)) role ??= 'worker';
        return undefined;
      });
      if (role === 'mixed') return role;
      if (role === 'worker') workerSide = true;
    }
  }
  return workerSide ? 'worker' : undefined;
}

/** Whether a test reads `isMainThread` (however imported), and whether it is negated: `!isMainThread`. */
function mainThreadTest(test: AnyNode | undefined, imports: ImportMap): 'main' | 'worker' | undefined {
  let node = unwrap(test);
  let negated = false;
  while (node?.type === 'UnaryExpression' && node.operator === '!') {
    negated = !negated;
    node = unwrap(child(node, 'argument'));
  }
  const binding = node ? resolveReference(node, imports) : undefined;
  if (binding?.source !== 'worker_threads' || binding.imported !== 'isMainThread') return undefined;
  return negated ? 'worker' : 'main';
}

/** Whether a node (given its ancestors, outermost first) sits in the worker branch of an `isMainThread` test. */
export function inWorkerBranch(node: AnyNode, ancestors: readonly AnyNode[], imports: ImportMap): boolean {
  const path = [...ancestors, node];
  for (let i = 0; i < path.length - 1; i++) {
    const ancestor = path[i]!;
    if (ancestor.type !== 'IfStatement' && ancestor.type !== 'ConditionalExpression') continue;
    const side = mainThreadTest(child(ancestor, 'test'), imports);
    if (!side) continue;
    const next = path[i + 1];
    const inConsequent = next === child(ancestor, 'consequent');
    const inAlternate = next === child(ancestor, 'alternate');
    if ((side === 'worker' && inConsequent) || (side === 'main' && inAlternate)) return true;
  }
  return false;
}
