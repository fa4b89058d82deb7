/**
 * Server libraries: which calls make an app or a server, what its `listen` gives back, and how a
 * graceful shutdown closes it (docs/codemods.md, "Servers are closed after shutdown"). One table,
 * read by the `graceful-main` codemod (and open to the rules). An `app.listen(…)` of an app this
 * table does not know is closed like Express's, from the `http.Server` it returns.
 */
import { type AnyNode, child, isCallExpression, unwrap } from './ast.js';
import { type ImportMap, resolveReference } from './imports.js';
import { HANDLE_APIS } from './work-starters.js';

/**
 * How the server is closed once shutdown began:
 * - `closeServer`: `app.listen(…)` (or the starter) returns a Node `http.Server`; the helper's
 *   `closeServer(server)` stops accepting and lets in-flight requests finish;
 * - `app-close`: the app object closes itself, draining in-flight requests: `await app.close()`
 *   (whether `listen` was awaited or given a callback; it returns a promise or nothing).
 */
export type ServerClosing = 'closeServer' | 'app-close';

export interface ServerLibrary {
  /** The package, for messages. */
  readonly module: string;
  /** What `app.listen(…)` means for closing. */
  readonly closing: ServerClosing;
}

/** Factories of app objects (`express()`, `new Koa()`, `Fastify()`), by module and export (`*` / `default`: the module itself). */
const APP_FACTORIES: ReadonlyMap<string, { readonly exports: ReadonlySet<string>; readonly library: ServerLibrary }> =
  new Map([
    [
      'fastify',
      { exports: new Set(['*', 'default', 'fastify']), library: { module: 'fastify', closing: 'app-close' } },
    ],
    ['express', { exports: new Set(['*', 'default']), library: { module: 'express', closing: 'closeServer' } }],
    ['koa', { exports: new Set(['*', 'default']), library: { module: 'koa', closing: 'closeServer' } }],
    ['connect', { exports: new Set(['*', 'default']), library: { module: 'connect', closing: 'closeServer' } }],
    ['http', { exports: new Set(['createServer', 'Server']), library: { module: 'http', closing: 'closeServer' } }],
    ['https', { exports: new Set(['createServer', 'Server']), library: { module: 'https', closing: 'closeServer' } }],
  ]);

/** The library whose factory made `init` (`Fastify({ logger: true })`, `require('fastify')()`, `new Koa()`, `http.createServer(h)`). */
export function serverLibraryOf(init: AnyNode | undefined, imports: ImportMap): ServerLibrary | undefined {
  const node = unwrap(init);
  if (!node || (!isCallExpression(node) && node.type !== 'NewExpression')) return undefined;
  const binding = resolveReference(child(node, 'callee'), imports);
  if (!binding) return undefined;
  const row = APP_FACTORIES.get(binding.source);
  return row?.exports.has(binding.imported) ? row.library : undefined;
}

/**
 * Whether `call` is a function that creates a server, starts it listening and returns the Node
 * `http.Server` (`serve({ fetch, port })` of `@hono/node-server`): its `listen` rows of `HANDLE_APIS`.
 */
export function isListeningStarter(call: AnyNode | undefined, imports: ImportMap): boolean {
  const node = unwrap(call);
  if (!node || !isCallExpression(node)) return false;
  const binding = resolveReference(child(node, 'callee'), imports);
  return binding !== undefined && HANDLE_APIS.get(binding.source)?.get(binding.imported) === 'listen';
}
