/**
 * Resources a program opens and must close at shutdown: the "close" step of gather → cancel →
 * drain → close (docs/architecture.md §1). One table, rows not code: each row names the module,
 * how the resource is created, the method(s) that close it and whether that close lets in-flight
 * work finish first. Read by `require-resource-close`, by the `graceful-main` codemod (servers closed
 * after shutdown, resources `defer`red: docs/codemods.md) and by `docs/resources.md`, tested against it.
 *
 * A row is either a resource (something to close) or a holder: an object that is not closed
 * itself but creates resources (`new Kafka()` → `kafka.producer()`, `express()` → `app.listen()`).
 */
import { type AnyNode, child, isCallExpression, isMemberExpression, propertyName, unwrap } from './syntax/ast.js';
import { type ImportMap, resolveReference } from './imports.js';
import { findBindingInScope } from './process-listeners.js';

/** How a row's value is created. Export names as `resolveReference` gives them (`*` / `default`: the module itself). */
export type ResourceCreation =
  /** `new Pool()`, `new pg.Pool()`, `new Redis()`. */
  | { readonly kind: 'constructor'; readonly exports: readonly string[] }
  /** `createPool()`, `knex(config)`, `Fastify()`, `NestFactory.create(AppModule)` (awaited or not). */
  | { readonly kind: 'factory'; readonly exports: readonly string[] }
  /** A method on the value of another row (`of`: its id): `connection.createChannel()`, `app.listen()`. */
  | { readonly kind: 'method'; readonly of: string; readonly methods: readonly string[] };

export interface ResourceRow {
  /** Unique, stable: `pg.Pool`. Used by the rule's `ignore` option and the docs page. */
  readonly id: string;
  /** Normalised module specifiers (`node:` stripped) the creation is imported from. */
  readonly modules: readonly string[];
  /** For messages: "a pg `Pool`". */
  readonly label: string;
  readonly creation: ResourceCreation;
  /** `holder`: creates resources, needs no close of its own. */
  readonly role: 'resource' | 'holder';
  /** Methods that close it; the first is the one to suggest. Empty for holders. */
  readonly close: readonly string[];
  /** Whether the close lets in-flight work (queries, jobs, requests) finish before it resolves. */
  readonly drains: boolean;
  /** One line for users: what the close does, what to watch for. */
  readonly note: string;
  /** The close is called on the module, not on the value (`mongoose.disconnect()`). */
  readonly closesOnModule?: boolean;
  /** Closing the value of this row (an id) closes this one too (an amqplib channel with its connection). */
  readonly closedWith?: string;
  /** Calls that hand the close to the library itself (`app.enableShutdownHooks()`). */
  readonly selfClosing?: readonly string[];
  /**
   * Events whose listener means the program waits for the resource to end by itself (a child
   * process or worker run to completion, not a long-lived one).
   */
  readonly endEvents?: readonly string[];
  /** Methods after which the process no longer waits for it (`child.unref()`: left running on purpose). */
  readonly releasedBy?: readonly string[];
  /**
   * A server the codemod closes after `await shutdown` (never `defer`red): `http` — the value (or
   * what its `listen()` returns) is a Node `http.Server`, closed with the helper's `closeServer`;
   * `closes-itself` — its own `close()` drains it, whatever `listen()` returned (Fastify, NestJS).
   */
  readonly server?: 'http' | 'closes-itself';
  /** The creation itself starts listening and returns the server (`serve({ fetch, port })`). */
  readonly listensOnCreation?: boolean;
  /**
   * Once created it takes work for the program's callbacks (connections, jobs, file events) until it
   * is closed, so a program that creates it runs until shutdown.
   */
  readonly runsUntilClosed?: boolean;
  /** An option that, set to `false` in the creation's options object, keeps it from holding the program open. */
  readonly runsUnlessFalse?: string;
  /** Methods after which it takes work for the program's callbacks until closed (`consumer.run()`). */
  readonly runsAfter?: readonly string[];
  /** Holds upgraded sockets of an http server, whose close waits for them: closed together with the program's servers. */
  readonly closesWithServers?: boolean;
  /**
   * The close as one expression (`{value}`: the resource), when it is more than `value.close[0]()`:
   * a child is sent SIGTERM and waited for, each WebSocket client gets a close frame.
   */
  readonly closeExpression?: string;
  /** Methods whose (awaited) result is the resource itself (`await client.connect()` is the `MongoClient`). */
  readonly returnsItself?: readonly string[];
}

const HTTP_SERVER_NOTE =
  '`close()` stops accepting and waits for in-flight requests, but keep-alive connections hold it open: the helper’s `closeServer(server)` ends them as their responses finish.';

export const RESOURCES: readonly ResourceRow[] = [
  {
    id: 'pg.Pool',
    modules: ['pg'],
    label: 'pg `Pool`',
    creation: { kind: 'constructor', exports: ['Pool'] },
    role: 'resource',
    close: ['end'],
    drains: true,
    note: '`end()` waits for checked-out clients to be released, then closes every connection.',
  },
  {
    id: 'pg.Client',
    modules: ['pg'],
    label: 'pg `Client`',
    creation: { kind: 'constructor', exports: ['Client'] },
    role: 'resource',
    close: ['end'],
    drains: true,
    note: '`end()` lets queued queries finish, then closes the connection.',
  },
  {
    id: 'mysql2.pool',
    modules: ['mysql2', 'mysql2/promise'],
    label: 'mysql2 pool',
    creation: { kind: 'factory', exports: ['createPool', 'createPoolCluster'] },
    role: 'resource',
    close: ['end'],
    drains: true,
    note: '`end()` waits for connections in use to be released, then closes them all.',
  },
  {
    id: 'mysql2.connection',
    modules: ['mysql2', 'mysql2/promise'],
    label: 'mysql2 connection',
    creation: { kind: 'factory', exports: ['createConnection'] },
    role: 'resource',
    close: ['end', 'destroy'],
    drains: true,
    note: '`end()` sends the queued queries, then quits; `destroy()` closes at once.',
  },
  {
    id: 'ioredis.Redis',
    modules: ['ioredis'],
    label: 'ioredis client',
    creation: {
      kind: 'constructor',
      exports: ['default', '*', 'Redis', 'Cluster', 'Redis.Cluster', 'default.Cluster'],
    },
    role: 'resource',
    close: ['quit', 'disconnect'],
    drains: true,
    note: '`quit()` waits for pending replies, then closes; `disconnect()` drops them.',
  },
  {
    id: 'redis.client',
    modules: ['redis', '@redis/client'],
    label: 'node-redis client',
    creation: { kind: 'factory', exports: ['createClient', 'createCluster'] },
    role: 'resource',
    close: ['quit', 'close', 'disconnect', 'destroy'],
    drains: true,
    note: '`quit()` (v4) / `close()` (v5) wait for pending commands; `disconnect()` / `destroy()` drop them.',
  },
  {
    id: 'mongodb.MongoClient',
    modules: ['mongodb'],
    label: 'mongodb `MongoClient`',
    creation: { kind: 'constructor', exports: ['MongoClient'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    note: '`close()` ends every pooled connection; operations still running fail. Await your work first.',
    returnsItself: ['connect'],
  },
  {
    id: 'mongodb.connect',
    modules: ['mongodb'],
    label: 'mongodb `MongoClient`',
    creation: { kind: 'factory', exports: ['MongoClient.connect'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    note: '`close()` ends every pooled connection; operations still running fail. Await your work first.',
  },
  {
    id: 'mongoose.connect',
    modules: ['mongoose'],
    label: 'mongoose connection',
    creation: { kind: 'factory', exports: ['connect'] },
    role: 'resource',
    close: ['disconnect', 'connection.close'],
    drains: false,
    closesOnModule: true,
    note: '`mongoose.disconnect()` closes every connection of the default instance; operations still running fail.',
  },
  {
    id: 'mongoose.createConnection',
    modules: ['mongoose'],
    label: 'mongoose connection',
    creation: { kind: 'factory', exports: ['createConnection'] },
    role: 'resource',
    close: ['close', 'destroy'],
    drains: false,
    note: '`close()` closes this connection; operations still running fail.',
  },
  {
    id: 'prisma.PrismaClient',
    modules: ['@prisma/client'],
    label: 'Prisma client',
    creation: { kind: 'constructor', exports: ['PrismaClient'] },
    role: 'resource',
    close: ['$disconnect'],
    drains: false,
    note: '`$disconnect()` closes the engine and its pool; queries still running fail.',
  },
  {
    id: 'knex',
    modules: ['knex'],
    label: 'knex instance',
    creation: { kind: 'factory', exports: ['default', '*', 'knex', 'knex.knex'] },
    role: 'resource',
    close: ['destroy'],
    drains: true,
    note: '`destroy()` waits for acquired connections to be released, then destroys the pool.',
  },
  {
    id: 'bullmq.Worker',
    modules: ['bullmq'],
    label: 'BullMQ `Worker`',
    creation: { kind: 'constructor', exports: ['Worker'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    runsUntilClosed: true,
    note: '`close()` stops taking jobs and waits for the active ones; `close(true)` does not wait.',
  },
  {
    id: 'bullmq.Queue',
    modules: ['bullmq'],
    label: 'BullMQ `Queue`',
    creation: { kind: 'constructor', exports: ['Queue', 'QueueEvents', 'FlowProducer'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    note: '`close()` waits for pending commands, then closes its Redis connections.',
  },
  {
    id: 'kafkajs.Kafka',
    modules: ['kafkajs'],
    label: 'kafkajs `Kafka`',
    creation: { kind: 'constructor', exports: ['Kafka'] },
    role: 'holder',
    close: [],
    drains: false,
    note: 'Holds no connection itself; its producers, consumers and admins do.',
  },
  {
    id: 'kafkajs.client',
    modules: ['kafkajs'],
    label: 'kafkajs producer/consumer',
    creation: { kind: 'method', of: 'kafkajs.Kafka', methods: ['producer', 'consumer', 'admin'] },
    role: 'resource',
    close: ['disconnect'],
    drains: true,
    runsAfter: ['run'],
    note: 'A consumer’s `disconnect()` waits for the batch being processed and leaves the group (no rebalance wait).',
  },
  {
    id: 'amqplib.connection',
    modules: ['amqplib', 'amqplib/callback_api'],
    label: 'amqplib connection',
    creation: { kind: 'factory', exports: ['connect'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    note: '`close()` closes the connection and its channels; unacknowledged messages are redelivered.',
  },
  {
    id: 'amqplib.channel',
    modules: ['amqplib', 'amqplib/callback_api'],
    label: 'amqplib channel',
    creation: { kind: 'method', of: 'amqplib.connection', methods: ['createChannel', 'createConfirmChannel'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    closedWith: 'amqplib.connection',
    runsAfter: ['consume'],
    note: '`close()` on the channel, or on its connection; a confirm channel’s `waitForConfirms()` first.',
  },
  {
    id: 'ws.WebSocketServer',
    modules: ['ws'],
    label: 'ws `WebSocketServer`',
    creation: { kind: 'constructor', exports: ['WebSocketServer', 'Server', 'WebSocket.Server', 'default.Server'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    runsUntilClosed: true,
    closesWithServers: true,
    closeExpression: `new Promise((resolve) => {
  for (const client of {value}.clients) client.close(1001);
  {value}.close(resolve);
})`,
    note: '`close()` stops accepting; since ws 8 open connections stay open: `close(1001)` each of `wss.clients` too.',
  },
  {
    id: 'socket.io.Server',
    modules: ['socket.io'],
    label: 'socket.io `Server`',
    creation: { kind: 'constructor', exports: ['Server', 'default', '*'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    runsUntilClosed: true,
    closesWithServers: true,
    note: '`close()` disconnects every socket and closes the underlying HTTP server.',
  },
  {
    id: 'socket.io.factory',
    modules: ['socket.io'],
    label: 'socket.io `Server`',
    creation: { kind: 'factory', exports: ['*', 'default'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    runsUntilClosed: true,
    closesWithServers: true,
    note: '`close()` disconnects every socket and closes the underlying HTTP server.',
  },
  {
    id: 'chokidar.watch',
    modules: ['chokidar'],
    label: 'chokidar watcher',
    creation: { kind: 'factory', exports: ['watch', 'default.watch'] },
    role: 'resource',
    close: ['close'],
    drains: false,
    runsUntilClosed: true,
    runsUnlessFalse: 'persistent',
    note: '`close()` (a promise) removes every file watcher.',
  },
  {
    id: 'worker_threads.Worker',
    modules: ['worker_threads'],
    label: '`Worker` thread',
    creation: { kind: 'constructor', exports: ['Worker'] },
    role: 'resource',
    close: ['terminate'],
    drains: false,
    endEvents: ['exit', 'error'],
    releasedBy: ['unref'],
    note: '`terminate()` stops the thread at once: ask it to finish (`postMessage`) and await its `exit` first when its work matters.',
  },
  {
    id: 'child_process.child',
    modules: ['child_process'],
    label: 'child process',
    creation: { kind: 'factory', exports: ['spawn', 'fork'] },
    role: 'resource',
    close: ['kill'],
    drains: false,
    endEvents: ['exit', 'close'],
    releasedBy: ['unref', 'disconnect'],
    closeExpression: `new Promise((resolve) => {
  if ({value}.exitCode !== null || {value}.signalCode !== null) return resolve(undefined);
  {value}.once('exit', resolve);
  {value}.kill();
})`,
    note: '`kill()` sends SIGTERM; then wait for its `exit` event, or the child outlives the program.',
  },
  {
    id: 'nestjs.app',
    modules: ['@nestjs/core'],
    label: 'NestJS application',
    creation: {
      kind: 'factory',
      exports: ['NestFactory.create', 'NestFactory.createApplicationContext', 'NestFactory.createMicroservice'],
    },
    role: 'resource',
    close: ['close'],
    drains: true,
    selfClosing: ['enableShutdownHooks'],
    server: 'closes-itself',
    note: '`close()` runs the shutdown hooks and closes the HTTP server; `app.enableShutdownHooks()` does it on signals.',
  },
  {
    id: 'fastify.app',
    modules: ['fastify'],
    label: 'Fastify app',
    creation: { kind: 'factory', exports: ['*', 'default', 'fastify', 'default.fastify'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'closes-itself',
    note: '`close()` stops accepting, lets in-flight requests finish and runs `onClose` hooks.',
  },
  {
    id: 'express.app',
    modules: ['express'],
    label: 'Express app',
    creation: { kind: 'factory', exports: ['*', 'default'] },
    role: 'holder',
    close: [],
    drains: false,
    note: 'Not closable itself: `app.listen()` returns the `http.Server` to close.',
  },
  {
    id: 'express.server',
    modules: ['express'],
    label: 'Express server',
    creation: { kind: 'method', of: 'express.app', methods: ['listen'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'http',
    note: HTTP_SERVER_NOTE,
  },
  {
    id: 'koa.app',
    modules: ['koa'],
    label: 'Koa app',
    creation: { kind: 'constructor', exports: ['*', 'default'] },
    role: 'holder',
    close: [],
    drains: false,
    note: 'Not closable itself: `app.listen()` returns the `http.Server` to close.',
  },
  {
    id: 'koa.server',
    modules: ['koa'],
    label: 'Koa server',
    creation: { kind: 'method', of: 'koa.app', methods: ['listen'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'http',
    note: HTTP_SERVER_NOTE,
  },
  {
    id: 'connect.app',
    modules: ['connect'],
    label: 'Connect app',
    creation: { kind: 'factory', exports: ['*', 'default'] },
    role: 'holder',
    close: [],
    drains: false,
    note: 'Not closable itself: `app.listen()` returns the `http.Server` to close.',
  },
  {
    id: 'connect.server',
    modules: ['connect'],
    label: 'Connect server',
    creation: { kind: 'method', of: 'connect.app', methods: ['listen'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'http',
    note: HTTP_SERVER_NOTE,
  },
  {
    id: 'http.createServer',
    modules: ['http', 'https'],
    label: 'Node `http.Server`',
    creation: { kind: 'factory', exports: ['createServer'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'http',
    note: HTTP_SERVER_NOTE,
  },
  {
    id: 'http.Server',
    modules: ['http', 'https'],
    label: 'Node `http.Server`',
    creation: { kind: 'constructor', exports: ['Server'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'http',
    note: HTTP_SERVER_NOTE,
  },
  {
    id: 'hono.serve',
    modules: ['@hono/node-server'],
    label: 'Hono Node server',
    creation: { kind: 'factory', exports: ['serve'] },
    role: 'resource',
    close: ['close'],
    drains: true,
    server: 'http',
    listensOnCreation: true,
    note: '`serve()` returns the listening Node server: ' + HTTP_SERVER_NOTE,
  },
];

/** Rows by module, so a lookup by a name from user code never meets `Object.prototype`. */
const ROWS_BY_MODULE: ReadonlyMap<string, readonly ResourceRow[]> = (() => {
  const byModule = new Map<string, ResourceRow[]>();
  for (const row of RESOURCES)
    for (const module of row.modules) byModule.set(module, [...(byModule.get(module) ?? []), row]);
  return byModule;
})();

const ROWS_BY_ID: ReadonlyMap<string, ResourceRow> = new Map(RESOURCES.map((row) => [row.id, row]));

/** The row with this id. */
export const resourceRow = (id: string): ResourceRow | undefined => ROWS_BY_ID.get(id);

/** Every module of the table, for cheap text checks. */
export const RESOURCE_MODULES: readonly string[] = [...ROWS_BY_MODULE.keys()];

/**
 * What a value expression holds, as far as a row: given an inner expression (the object of
 * `kafka.producer()`), says which row's value it is. The caller resolves local names (ESLint
 * scope analysis in rules, `findBindingInScope` elsewhere).
 */
export type ValueResolver = (expression: AnyNode) => ResourceRow | undefined;

/**
 * The row whose value `init` creates: `new Pool()`, `await mysql.createPool()`, `require('knex')(cfg)`,
 * `kafka.producer()` (with `resolveValue` saying what `kafka` holds), `express().listen(3000)`.
 */
export function resourceCreatedBy(
  init: AnyNode | undefined,
  imports: ImportMap,
  resolveValue: ValueResolver,
): ResourceRow | undefined {
  let node = unwrap(init);
  if (node?.type === 'AwaitExpression') node = unwrap(child(node, 'argument'));
  if (!node || (node.type !== 'NewExpression' && !isCallExpression(node))) return undefined;
  const callee = unwrap(child(node, 'callee'));
  const kind = node.type === 'NewExpression' ? 'constructor' : 'factory';
  const binding = resolveReference(callee, imports);
  if (binding) {
    const row = ROWS_BY_MODULE.get(binding.source)?.find(
      (candidate) => candidate.creation.kind === kind && candidate.creation.exports.includes(binding.imported),
    );
    if (row) return row;
  }
  if (kind !== 'factory' || !callee || !isMemberExpression(callee)) return undefined;
  const method = propertyName(callee);
  const object = child(callee, 'object');
  if (method === undefined || !object) return undefined;
  const owner = resourceCreatedBy(object, imports, resolveValue) ?? resolveValue(object);
  if (!owner) return undefined;
  return ROWS_BY_MODULE.get(owner.modules[0]!)?.find(
    (candidate) =>
      candidate.creation.kind === 'method' &&
      candidate.creation.of === owner.id &&
      candidate.creation.methods.includes(method),
  );
}

/**
 * The row whose value `expression` holds: a creation (`new Pool()`), or a name bound once to one
 * (`const kafka = new Kafka(…)`; `kafka` in `kafka.producer()`), resolved lexically from the
 * expression's `ancestors` (outermost first) with `findBindingInScope`. Both dialects.
 */
export function resourceOf(
  expression: AnyNode | undefined,
  ancestors: readonly AnyNode[],
  program: AnyNode,
  imports: ImportMap,
  hops = 0,
): ResourceRow | undefined {
  const target = unwrap(expression);
  if (!target || hops > 3) return undefined;
  if (target.type === 'Identifier' && typeof target.name === 'string') {
    const binding = findBindingInScope(target.name, ancestors, program);
    if (binding?.kind !== 'variable' || !binding.init) return undefined;
    const outer = binding.depth >= 0 ? ancestors.slice(0, binding.depth + 1) : [];
    return resourceOf(binding.init, outer, program, imports, hops + 1);
  }
  return resourceCreatedBy(target, imports, (inner) => resourceOf(inner, ancestors, program, imports, hops + 1));
}

/**
 * Whether `call` creates a server, starts it listening and returns the Node `http.Server`
 * (`serve({ fetch, port })` of `@hono/node-server`): a factory row closed with `closeServer`.
 */
export function isListeningStarter(call: AnyNode | undefined, imports: ImportMap): boolean {
  const node = unwrap(call);
  if (!node || !isCallExpression(node)) return false;
  const row = resourceCreatedBy(node, imports, () => undefined);
  return row?.listensOnCreation === true;
}
