/**
 * What a program starts that SIGINT/SIGTERM must cancel (async calls, promise APIs, servers, timers,
 * child processes, workers, streams) and what stops work (abort, close, shutdown, kill); what ends
 * the process is `process-exit.ts`, logging and sleeping `inert-calls.ts`. Shared by
 * `require-signal-cancellation`, `no-exit-before-drain` and the `graceful-main` codemod; both dialects.
 */
import { enclosingBranches } from './syntax/branches.js';
import { isEndlessLoopHeader } from './endless-loops.js';
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
} from './syntax/ast.js';
import type { EntrypointReason } from './entrypoint.js';
import { asyncIifeFunction, peelEntryGuard, rootCallOf } from './syntax/entry-call.js';
import { type ImportMap, mayNameModuleExport, resolveReference } from './imports.js';
import { PROCESS_PATHS, exitCallOf } from './process-exit.js';
import { calleeText } from './syntax/callee-text.js';
import { isRequireCall } from './syntax/require.js';
import { isProcessListenerCall, resolveFunction } from './process-listeners.js';
import { GLOBAL_PROMISE_FUNCTIONS, nodePromiseExports } from './promise-apis.js';

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
  | 'socket'
  | 'write'
  | 'data-client'
  | 'loop'
  | 'imported';

export interface WorkStarter {
  readonly kind: WorkStarterKind;
  /** The call, `new`, `await` or `for await` that starts the work. */
  readonly node: AnyNode;
  /** For messages: "`http.createServer()`", "top-level `await`", "an async IIFE". */
  readonly label: string;
}

/**
 * A name-indexed table that never answers for `Object.prototype` keys: code names a method
 * `toString` or a module `constructor` as easily as `listen` (a plain object would say it starts work).
 */
const table = <T>(rows: Readonly<Record<string, T>>): ReadonlyMap<string, T> => new Map(Object.entries(rows));

/** Module exports that open a long-lived handle or start background work when called (or constructed). */
const HANDLE_API_ROWS: Readonly<Record<string, Readonly<Record<string, WorkStarterKind>>>> = {
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
  // Create a server, listen, return the Node http.Server (closing: detection/resources.ts).
  '@hono/node-server': { serve: 'listen', createAdaptorServer: 'server' },
  cron: { CronJob: 'interval' },
};
export const HANDLE_APIS: ReadonlyMap<string, ReadonlyMap<string, WorkStarterKind>> = new Map(
  Object.entries(HANDLE_API_ROWS).map(([module, rows]) => [module, table(rows)]),
);

/** Globals (paths) that start work. */
const GLOBAL_STARTERS = table<WorkStarterKind>({
  setInterval: 'interval',
  'globalThis.setInterval': 'interval',
  'Promise.all': 'promise',
  'Promise.allSettled': 'promise',
  'Promise.race': 'promise',
  'Promise.any': 'promise',
  'Bun.serve': 'server',
  'Deno.serve': 'server',
  'Deno.listen': 'server',
});

const GLOBAL_CONSTRUCTORS = table<WorkStarterKind>({
  Promise: 'promise',
  Worker: 'worker',
  WebSocket: 'socket',
  EventSource: 'socket',
});

/** Member calls recognised by their method alone, whatever the object (`app.listen`, `x.createServer`). */
const METHOD_STARTERS = table<WorkStarterKind>({
  listen: 'listen',
  createServer: 'server',
  createSecureServer: 'server',
  pipe: 'stream',
});

/** Methods that take an async callback and run it (CLI frameworks: commander, cac, sade, yargs). */
const RUNS_ASYNC_CALLBACK = new Set(['action', 'command']);

const STDIN_READS = new Set(['data', 'readable', 'line', 'keypress']);

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
    const kind = HANDLE_APIS.get(binding.source)?.get(binding.imported);
    if (kind) return starter(kind);
    if (!isNew && matchesRow(nodePromiseExports(binding.source), binding.imported)) return starter('promise');
  }
  const root = rootName(callee);
  const isGlobal = root !== undefined && !imports.has(root);
  const path = memberPath(callee);
  if (isGlobal && path !== undefined) {
    const kind = (isNew ? GLOBAL_CONSTRUCTORS : GLOBAL_STARTERS).get(path);
    if (kind) return starter(kind);
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
  const methodKind = METHOD_STARTERS.get(method);
  if (methodKind) return starter(methodKind);
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
        const { call } = rootCallOf(peelEntryGuard(child(node, 'expression')));
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
        if (!(starter.kind === 'interval' && isUnrefd(node, parent, program))) found.push(starter);
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

// ——— What an interruption damages ———

/** `setInterval(…).unref()`, or a timer kept in a name that the file unrefs: it never keeps the process alive. */
export function isUnrefd(call: AnyNode, parent: AnyNode | undefined, program: AnyNode): boolean {
  if (parent && isMemberExpression(parent) && child(parent, 'object') === call && propertyName(parent) === 'unref')
    return true;
  const holder =
    parent?.type === 'VariableDeclarator' && child(parent, 'init') === call
      ? memberPath(child(parent, 'id'))
      : parent?.type === 'AssignmentExpression' && child(parent, 'right') === call
        ? memberPath(child(parent, 'left'))
        : undefined;
  return holder !== undefined && unrefdNames(program).has(holder);
}

const unrefdByProgram = new WeakMap<AnyNode, ReadonlySet<string>>();
/** Names and member paths the program calls `.unref()` on, once per program. */
function unrefdNames(program: AnyNode): ReadonlySet<string> {
  let names = unrefdByProgram.get(program);
  if (!names) {
    const found = new Set<string>();
    walk(program, (node) => {
      if (!isCallExpression(node)) return undefined;
      const callee = unwrap(child(node, 'callee'));
      if (isMemberExpression(callee) && propertyName(callee!) === 'unref') {
        const path = memberPath(child(callee!, 'object'));
        if (path !== undefined) found.add(path);
      }
      return undefined;
    });
    unrefdByProgram.set(program, (names = found));
  }
  return names;
}

/** Handles whose loss mid-flight does damage: a server drops its requests, a child or worker is orphaned, a timer's job stops halfway. */
const DAMAGING_KINDS: ReadonlySet<WorkStarterKind> = new Set([
  'server',
  'listen',
  'interval',
  'child-process',
  'worker',
]);

/** Writes that `fs/promises` exports; `fs` has the same plus streams and descriptors. */
const PROMISE_FS_WRITES = [
  'writeFile',
  'appendFile',
  'mkdir',
  'mkdtemp',
  'rm',
  'rmdir',
  'unlink',
  'rename',
  'copyFile',
  'cp',
  'truncate',
  'symlink',
  'link',
];

/** File-system exports that write (their `Sync` forms too), by module. */
const FS_WRITES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    fs: [...PROMISE_FS_WRITES, 'createWriteStream', 'write', 'writev'],
    'fs/promises': PROMISE_FS_WRITES,
    'fs-extra': [
      'writeFile',
      'appendFile',
      'createWriteStream',
      'outputFile',
      'outputJson',
      'outputJSON',
      'writeJson',
      'writeJSON',
      'copy',
      'move',
      'remove',
      'emptyDir',
      'ensureDir',
      'ensureFile',
      'mkdirp',
      'mkdirs',
      'rename',
      'rm',
      'unlink',
      'mkdir',
    ],
    'write-file-atomic': ['default'],
    rimraf: ['default', 'rimraf'],
    del: ['default', 'deleteAsync'],
  }).map(([module, names]) => [module, new Set(names)]),
);

/** Database and queue clients (and their subpaths): work with them in flight is a half-applied change or a lost message. */
const DATA_CLIENT_MODULES: ReadonlySet<string> = new Set([
  'pg',
  'pg-pool',
  'postgres',
  'mysql',
  'mysql2',
  'mssql',
  'oracledb',
  'tedious',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  '@redis/client',
  'amqplib',
  'amqp-connection-manager',
  'kafkajs',
  'bullmq',
  'bull',
  'bee-queue',
  'pg-boss',
  'agenda',
  '@prisma/client',
  'knex',
  'sequelize',
  'typeorm',
  'drizzle-orm',
  'kysely',
  'better-sqlite3',
  'sqlite3',
  'sqlite',
  'nats',
  'mqtt',
  'cassandra-driver',
  '@elastic/elasticsearch',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-dynamodb',
  '@google-cloud/pubsub',
  '@azure/service-bus',
  'rhea',
  'stompit',
]);

/** Package exports whose name says they start a server, whatever the package. */
const SERVER_STARTERS: ReadonlySet<string> = new Set([
  'serve',
  'listen',
  'createServer',
  'createSecureServer',
  'startServer',
]);

const isDataClientModule = (source: string): boolean => {
  if (DATA_CLIENT_MODULES.has(source)) return true;
  const slash = source.indexOf('/', source.startsWith('@') ? source.indexOf('/') + 1 : 0);
  return slash > 0 && DATA_CLIENT_MODULES.has(source.slice(0, slash));
};

/**
 * Whether one call / `new` / loop starts work that killing the process mid-flight damages: a
 * server, a child process, a worker, an interval, a write to a file, a database or queue client,
 * a `while (true)` loop. Reading and printing is not: Ctrl+C loses nothing there.
 */
export function damagingWorkOf(node: AnyNode, imports: ImportMap): WorkStarter | undefined {
  if (isEndlessLoopHeader(node))
    return { kind: 'loop', node, label: node.type === 'ForStatement' ? 'a `for (;;)` loop' : 'a `while (true)` loop' };
  if (node.type !== 'NewExpression' && !isCallExpression(node)) return undefined;
  const starter = workStarterOf(node, imports);
  if (starter && DAMAGING_KINDS.has(starter.kind)) return starter;
  const callee = unwrap(child(node, 'callee'));
  const binding = mayNameModuleExport(callee, imports) ? resolveReference(callee, imports) : undefined;
  if (!binding) return undefined;
  const name = binding.imported.endsWith('Sync') ? binding.imported.slice(0, -4) : binding.imported;
  if (FS_WRITES.get(binding.source)?.has(name)) return { kind: 'write', node, label: callLabel(node) };
  // `serve({ fetch })` from @hono/node-server, `listen(app)` from a framework's package.
  if (!binding.source.startsWith('.') && SERVER_STARTERS.has(binding.imported.split('.').pop() ?? ''))
    return { kind: 'server', node, label: callLabel(node) };
  if (isDataClientModule(binding.source) && !namesAValue(binding.imported, callee))
    return { kind: 'data-client', node, label: callLabel(node) };
  return undefined;
}

/** Exports named as configuration or error values (`new ConnectionParameters()`): building one connects nothing. */
const VALUE_EXPORT = /(?:Parameters|Config|Configuration|Options|Settings|Error|Exception)$/;

/** By the export's name, or the local name of a default / namespace import. */
function namesAValue(imported: string, callee: AnyNode | undefined): boolean {
  const exported = imported.split('.').pop() ?? '';
  const name = exported === 'default' || exported === '*' ? (memberPath(callee)?.split('.').pop() ?? '') : exported;
  return VALUE_EXPORT.test(name);
}

export interface FindDamagingWorkOptions extends FindWorkStartersOptions {
  /**
   * Whether a node that runs another module's code (a call of an imported function, `import()`,
   * `require()`, a side-effect import) starts damaging work there.
   */
  readonly importedWork?: (node: AnyNode, parent: AnyNode | undefined) => boolean;
}

/**
 * The damaging work a program starts, in the order it runs: like `findWorkStarters`, but into the
 * bodies of the async functions and IIFEs it runs and of the callbacks it passes (a `.action()`,
 * a `.then()`), so `main()` is judged by what it does. Signal listeners are not followed.
 */
export function findDamagingWork(program: AnyNode, options: FindDamagingWorkOptions): WorkStarter[] {
  return findDamagingWorkIn(children(program, 'body'), program, options);
}

/**
 * `findDamagingWork` from other starting points of the program, in order: the body of a function
 * a caller runs (an imported module's export), the members of a class it constructs.
 */
export function findDamagingWorkIn(
  roots: readonly AnyNode[],
  program: AnyNode,
  options: FindDamagingWorkOptions,
): WorkStarter[] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const found: WorkStarter[] = [];
  const visited = new Set<AnyNode>();
  const scan = (root: AnyNode, depth: number): void => {
    walk(root, (node, parent) => {
      if (found.length >= limit) return false;
      if (FUNCTION_LIKE.has(node.type)) {
        // IIFEs and callbacks run while the process lives; anything else only when called.
        const runs =
          parent !== undefined &&
          (isCallExpression(parent) || parent.type === 'NewExpression') &&
          (unwrap(child(parent, 'callee')) === node || children(parent, 'arguments').includes(node));
        return runs ? undefined : false;
      }
      if (DEFERRED_MEMBERS.has(node.type)) return false;
      if (isCallExpression(node) && isProcessListenerCall(node)) return false;
      const damage = damagingWorkOf(node, options.imports);
      if (damage) {
        if (!(damage.kind === 'interval' && isUnrefd(node, parent, program))) found.push(damage);
        return undefined;
      }
      const follow = (fn: AnyNode): void => {
        if (visited.has(fn) || depth >= 4) return;
        visited.add(fn);
        const body = child(fn, 'body');
        if (body) scan(body, depth + 1);
      };
      // A function handed over by name runs too: `startMain(main)`, `program.action(sync)`.
      if (isCallExpression(node) || node.type === 'NewExpression')
        for (const arg of children(node, 'arguments')) {
          const callback = arg.type === 'Identifier' ? resolveFunction(arg, program) : undefined;
          if (callback && isFunctionNode(callback)) follow(callback);
        }
      const local = isCallExpression(node) ? resolveFunction(child(node, 'callee'), program) : undefined;
      if (local && isFunctionNode(local)) follow(local);
      else if (options.importedWork?.(node, parent)) {
        found.push({ kind: 'imported', node, label: importLabel(node) });
      }
      return undefined;
    });
  };
  for (const root of roots) {
    if (found.length >= limit) break;
    scan(root, 0);
  }
  return found;
}

/** Handles that stay open until closed: a server, an interval, and a child or worker nobody awaits. */
const OUTLIVING_KINDS: ReadonlySet<WorkStarterKind> = new Set([
  'server',
  'listen',
  'interval',
  'child-process',
  'worker',
]);

/**
 * Everything the program starts that can still be running when its main promise settles:
 * a server, an interval (not unref'd), a child process or worker that is not awaited, or a
 * floating promise (an async call or promise API used as a statement, `void` included). The
 * `mainStatements` (the `main().catch(…)` statements themselves) are not counted; nor is code in
 * process listeners, which runs at shutdown.
 */
export function findOutlivingWork(
  program: AnyNode,
  imports: ImportMap,
  mainStatements: ReadonlySet<AnyNode>,
): WorkStarter[] {
  const found: WorkStarter[] = [];
  /** `awaited`: inside an awaited or returned expression, where a child process or worker settles first. */
  const scan = (root: AnyNode, awaited: boolean): void =>
    walk(root, (node, parent) => {
      if (mainStatements.has(node) || DEFERRED_MEMBERS.has(node.type)) return false;
      if (!awaited && node !== root && (node.type === 'AwaitExpression' || node.type === 'ReturnStatement')) {
        scan(node, true);
        return false;
      }
      if (FUNCTION_LIKE.has(node.type) && awaited) {
        scan(node, false); // a callback's body is not awaited by the expression it is passed in
        return false;
      }
      if (!isCallExpression(node) && node.type !== 'NewExpression') return undefined;
      if (isCallExpression(node) && isProcessListenerCall(node)) return false;
      const starter = workStarterOf(node, imports);
      if (starter && OUTLIVING_KINDS.has(starter.kind)) {
        const settles = (starter.kind === 'child-process' || starter.kind === 'worker') && awaited;
        if (!settles && !(starter.kind === 'interval' && isUnrefd(node, parent, program))) found.push(starter);
        return undefined;
      }
      const floating =
        parent?.type === 'ExpressionStatement' || (parent?.type === 'UnaryExpression' && parent.operator === 'void');
      if (!floating || !isCallExpression(node)) return undefined;
      const local = resolveFunction(child(node, 'callee'), program);
      if ((local && isAsyncFunction(local) && local.generator !== true) || starter?.kind === 'promise')
        found.push({ kind: 'promise', node, label: callLabel(node) });
      return undefined;
    });
  scan(program, false);
  return found;
}

/** "`run()`", "`import('./cli.js')`", "`import './cli.js'`". */
function importLabel(node: AnyNode): string {
  const source = stringValue(child(node, 'source'));
  if (node.type === 'ImportExpression') return `\`import('${source ?? '…'}')\``;
  if (node.type === 'ImportDeclaration') return `\`import '${source ?? '…'}'\``;
  // `require('./x')`, `require('./x')()` and Babel's `import('./x')` (a call of `Import`): name the module.
  const callee = unwrap(child(node, 'callee'));
  if (isRequireCall(callee)) return `\`${importLabel(callee!).slice(1, -1)}()\``;
  const loaded = stringValue(children(node, 'arguments')[0]);
  if (loaded !== undefined && isRequireCall(node)) return `\`require('${loaded}')\``;
  if (loaded !== undefined && callee?.type === 'Import') return `\`import('${loaded}')\``;
  return callLabel(node);
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
  return enclosingBranches(node, ancestors).some((branch) => {
    const side = mainThreadTest(branch.test, imports);
    return side !== undefined && (side === 'worker') === branch.whenTruthy;
  });
}
