/**
 * Long-lived handles graceful-main manages: a server started with `.listen()` in main is closed
 * after `await shutdown` (`closeServer`, or `.close()` for a listen that returns a promise), an
 * interval gets `defer(() => clearInterval(t))`, and one that nothing else clears is the
 * program's lifetime (main then awaits shutdown). Anything it cannot place safely is a skip.
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
  unwrap,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { describeCall } from 'eslint-plugin-graceful-shutdown/detection/entrypoint';
import { resolveReference } from 'eslint-plugin-graceful-shutdown/detection/imports';
import {
  type ResourceRow,
  isListeningStarter,
  resourceCreatedBy,
} from 'eslint-plugin-graceful-shutdown/detection/resources';
import { workStarterOf } from 'eslint-plugin-graceful-shutdown/detection/work-starters';
import { type FileContext, STATEMENT_LIST_KEYS, Skip, nodeList } from './file-context.js';
import { checkExitsInMain, checkExitsInScript } from './exits.js';
import { type ListenerPlan, naiveListenerFunctions } from './listeners.js';

export interface ServerPlan {
  /** The statement that listens. */
  readonly statement: AnyNode;
  /** How it is closed: `closeServer(name)` or `name.close()` (a listen that returns a promise: fastify). */
  readonly close: { kind: 'closeServer' | 'method'; name: string };
  /** `app.listen(…)` whose server is not named yet: `const server = app.listen(…)`. */
  readonly capture?: { expression: AnyNode };
}

export interface IntervalPlan {
  /** The statement creating it. */
  readonly statement: AnyNode;
  /** The handle's name ('' when a bare `setInterval(…)` must be captured first). */
  readonly name: string;
  readonly capture: boolean;
}

/** The servers and intervals main manages, and whether an interval is the program's lifetime. */
export interface HandlePlan {
  readonly servers: readonly ServerPlan[];
  readonly intervals: readonly IntervalPlan[];
  /** An interval nothing clears keeps the program alive: main awaits shutdown. */
  readonly lifetime: boolean;
}

/**
 * Everything that must hold before editing: listeners registered where they can be moved, servers
 * and intervals inside main (or at top level), exits that can become exit codes. Returns what main
 * closes and clears. `mode` 'root': main is `fn` (undefined when main cannot be edited); 'script':
 * `scriptStatements` are the code to wrap.
 */
export function planHandles(
  ctx: FileContext,
  fn: AnyNode | undefined,
  listeners: readonly ListenerPlan[],
  mode: 'root' | 'script',
  scriptStatements: readonly AnyNode[] = [],
): HandlePlan {
  const servers: ServerPlan[] = [];
  const intervals: IntervalPlan[] = [];
  let lifetime = false;
  const closers = naiveListenerFunctions(listeners);
  const inScope = (node: AnyNode): boolean =>
    mode === 'script'
      ? scriptStatements.some((statement) => ctx.isInside(node, statement))
      : fn !== undefined && ctx.isInside(node, fn);
  const atTopLevel = (node: AnyNode): boolean => ctx.enclosingFunction(node) === undefined;
  for (const plan of listeners) {
    if (plan.kind === 'crash-custom') {
      if (!atTopLevel(plan.statement) && !inScope(plan.statement))
        throw new Skip(`its error listener${ctx.line(plan.statement)} is registered inside a function`);
      continue;
    }
    const owner = ctx.enclosingFunction(plan.statement);
    const insideMain = inScope(plan.statement) && (mode === 'script' ? owner === undefined : owner === fn);
    if (!insideMain && !atTopLevel(plan.statement)) {
      throw new Skip(
        `its ${plan.listener.events.join('/')} listener${ctx.line(plan.statement)} is registered inside a function main does not own`,
      );
    }
    if (plan.declaredName !== undefined && !atTopLevel(plan.fn) && !inScope(plan.fn)) {
      throw new Skip(
        `its ${plan.listener.events.join('/')} handler ${plan.declaredName}() is declared where main cannot see it`,
      );
    }
  }
  if (fn && mode === 'root') checkExitsInMain(ctx, fn);
  if (mode === 'script') for (const statement of scriptStatements) checkExitsInScript(ctx, statement);

  // Servers: `.listen()` only as a statement of main (or of the script).
  const statementsOfMain =
    mode === 'script'
      ? scriptStatements
      : fn && child(fn, 'body')?.type === 'BlockStatement'
        ? nodeList(child(fn, 'body')!, 'body')
        : [];
  walk(ctx.program, (node) => {
    if (!isCallExpression(node) || workStarterOf(node, ctx.imports)?.kind !== 'listen') return undefined;
    const statement = statementsOfMain.find((candidate) => ctx.isInside(node, candidate));
    const plan = statement ? planServer(ctx, statement, node) : undefined;
    if (!plan) {
      const where =
        fn || mode === 'script'
          ? inScope(node)
            ? 'inside a callback or an expression'
            : 'outside main'
          : 'outside main';
      throw new Skip(
        `calls ${describeCall(node)}${ctx.line(node)} ${where}: move the server's lifetime into main by hand`,
      );
    }
    servers.push(plan);
    return undefined;
  });
  if (servers.length > 0 && fn && fn.async !== true)
    throw new Skip('main() is not async: it cannot await shutdown after listen()');

  // Intervals: deferred where they are created (main or top level); an uncleared one is the program's lifetime.
  walk(ctx.program, (node) => {
    if (!isCallExpression(node) || !isInterval(ctx, node)) return undefined;
    const owner = ctx.enclosingFunction(node);
    const ownedByMain = mode === 'script' ? owner === undefined && inScope(node) : fn !== undefined && owner === fn;
    const plan = ownedByMain || owner === undefined ? planInterval(ctx, node) : undefined;
    if (plan === null) return undefined; // unref'd or already cleared by a defer
    if (!plan) {
      if (!isCleared(ctx, node, closers))
        throw new Skip(`starts an interval${ctx.line(node)} that nothing stops, outside main`);
      return undefined;
    }
    // Cleared only by a naive listener: that closer runs only on its signals, so the interval
    // still gets its own (an error-started shutdown must not leave it running).
    intervals.push(plan);
    if (clearedIn(ctx, plan.name, closers) !== 'code') lifetime = true;
    return undefined;
  });
  if (lifetime && fn && fn.async !== true)
    throw new Skip('main() is not async: it cannot await shutdown for its interval');
  if (lifetime && !fn && mode === 'root')
    throw new Skip('an interval nothing stops keeps the program alive after main() returns: move it into main');
  return { servers, intervals, lifetime };
}

export function isInterval(ctx: FileContext, call: AnyNode): boolean {
  const starter = workStarterOf(call, ctx.imports);
  if (starter?.kind !== 'interval') return false;
  const callee = child(call, 'callee');
  const path = memberPath(callee);
  if (path === 'setInterval' || path === 'globalThis.setInterval') return !ctx.imports.has('setInterval');
  const binding = resolveReference(callee, ctx.imports);
  return binding?.source === 'timers' && binding.imported === 'setInterval';
}

/** How an interval is held: `const t = setInterval(…)`, `t = setInterval(…)`, or a bare call (captured). null: nothing to do. */
function planInterval(ctx: FileContext, call: AnyNode): IntervalPlan | null | undefined {
  const parent = ctx.parents.get(call);
  if (isMemberExpression(parent) && propertyName(parent!) === 'unref') return null;
  if (parent?.type === 'VariableDeclarator' && child(parent, 'init') === call) {
    const id = child(parent, 'id');
    const declaration = ctx.parents.get(parent);
    if (id?.type !== 'Identifier' || !declaration || !isListedStatement(ctx, declaration)) return undefined;
    return { statement: declaration, name: String(id.name), capture: false };
  }
  if (parent?.type === 'AssignmentExpression' && child(parent, 'right') === call) {
    const left = child(parent, 'left');
    const statement = ctx.parents.get(parent);
    if (left?.type !== 'Identifier' || statement?.type !== 'ExpressionStatement' || !isListedStatement(ctx, statement))
      return undefined;
    return { statement, name: String(left.name), capture: false };
  }
  if (parent?.type === 'ExpressionStatement' && isListedStatement(ctx, parent))
    return { statement: parent, name: '', capture: true };
  return undefined;
}

function isListedStatement(ctx: FileContext, statement: AnyNode): boolean {
  const parent = ctx.parents.get(statement);
  return parent !== undefined && STATEMENT_LIST_KEYS[parent.type] !== undefined;
}

function isCleared(ctx: FileContext, call: AnyNode, closers: readonly AnyNode[]): boolean {
  const parent = ctx.parents.get(call);
  const id =
    parent?.type === 'VariableDeclarator'
      ? child(parent, 'id')
      : parent?.type === 'AssignmentExpression'
        ? child(parent, 'left')
        : undefined;
  return id?.type === 'Identifier' && clearedIn(ctx, String(id.name), closers) === 'code';
}

/**
 * Where an interval handle is cleared: by the program's own code (it ends by itself), only by a
 * naive signal listener (it runs until shutdown), or nowhere.
 */
function clearedIn(ctx: FileContext, name: string, closers: readonly AnyNode[]): 'code' | 'closer' | undefined {
  let where: 'code' | 'closer' | undefined;
  if (name === '') return undefined;
  walk(ctx.program, (node) => {
    if (where === 'code') return false;
    if (isCallExpression(node) && ['clearInterval', 'clearTimeout'].includes(memberPath(child(node, 'callee')) ?? '')) {
      const handle = unwrap(argument(node, 0));
      if (handle?.type === 'Identifier' && handle.name === name) {
        where = closers.some((fn) => ctx.isInside(node, fn)) ? 'closer' : 'code';
      }
    }
    return undefined;
  });
  return where;
}

/** A listen statement of main: what to close after shutdown. */
function planServer(ctx: FileContext, statement: AnyNode, listen: AnyNode): ServerPlan | undefined {
  const callee = unwrap(child(listen, 'callee'))!;
  const object = unwrap(child(callee, 'object'));
  // An app that closes itself (fastify): `app.close()`, whatever its `listen` returned.
  const selfClosing = object?.type === 'Identifier' && serverOf(ctx, String(object.name)) === 'closes-itself';
  if (statement.type === 'TryStatement') return planServerInTry(ctx, statement, listen);
  if (statement.type === 'VariableDeclaration') {
    const declarators = children(statement, 'declarations');
    const id = child(declarators[0] ?? statement, 'id');
    if (declarators.length !== 1 || id?.type !== 'Identifier' || unwrap(child(declarators[0]!, 'init')) !== listen)
      return undefined;
    if (selfClosing) return { statement, close: { kind: 'method', name: String(object.name) } };
    return { statement, close: { kind: 'closeServer', name: String(id.name) } };
  }
  if (statement.type !== 'ExpressionStatement') return undefined;
  if (selfClosing && unwrap(child(statement, 'expression')) === listen)
    return { statement, close: { kind: 'method', name: String(object.name) } };
  // `serve({ fetch, port })` (@hono/node-server) returns the listening http.Server.
  if (isListeningStarter(listen, ctx.imports) && unwrap(child(statement, 'expression')) === listen)
    return { statement, close: { kind: 'closeServer', name: '' }, capture: { expression: listen } };
  const expression = unwrap(child(statement, 'expression'));
  if (expression?.type === 'AwaitExpression' && listensInPromise(unwrap(child(expression, 'argument')), listen)) {
    // `await new Promise((resolve) => server.listen(port, resolve))`
    if (object?.type !== 'Identifier' || !isHttpServer(ctx, String(object.name))) return undefined;
    return { statement, close: { kind: 'closeServer', name: String(object.name) } };
  }
  if (expression?.type === 'AwaitExpression' && unwrap(child(expression, 'argument')) === listen) {
    // fastify: `await app.listen({ port })` resolves with the address; `app.close()` closes it.
    if (object?.type !== 'Identifier') return undefined;
    return { statement, close: { kind: 'method', name: String(object.name) } };
  }
  if (expression !== listen) return undefined;
  if (object?.type === 'Identifier' && isHttpServer(ctx, String(object.name))) {
    return { statement, close: { kind: 'closeServer', name: String(object.name) } };
  }
  if (isNonHttpServer(ctx, object)) return undefined;
  return { statement, close: { kind: 'closeServer', name: '' }, capture: { expression: listen } };
}

/**
 * Fastify's getting-started shape: `try { await app.listen(…) } catch (err) { log; process.exit(1) }`
 * as a statement of main. The server is closed after the try (a failed listen has returned by then).
 */
function planServerInTry(ctx: FileContext, statement: AnyNode, listen: AnyNode): ServerPlan | undefined {
  const block = child(statement, 'block');
  const inner = block ? nodeList(block, 'body') : [];
  if (inner.length !== 1 || child(statement, 'finalizer') || !child(statement, 'handler')) return undefined;
  const plan = planServer(ctx, inner[0]!, listen);
  if (!plan || plan.capture || inner[0]!.type !== 'ExpressionStatement') return undefined;
  return { ...plan, statement };
}

/** `new Promise((resolve) => x.listen(…, resolve))`: the executor does nothing but listen. */
function listensInPromise(node: AnyNode | undefined, listen: AnyNode): boolean {
  if (node?.type !== 'NewExpression' || memberPath(child(node, 'callee')) !== 'Promise') return false;
  const executor = unwrap(argument(node, 0));
  if (!isFunctionNode(executor)) return false;
  const body = child(executor!, 'body');
  if (unwrap(body) === listen) return true;
  const statements = body?.type === 'BlockStatement' ? nodeList(body, 'body') : [];
  return statements.length === 1 && unwrap(child(statements[0]!, 'expression')) === listen;
}

/** `const server = http.createServer(…)` / `https.createServer` / `new http.Server(…)`. */
function isHttpServer(ctx: FileContext, name: string): boolean {
  return serverOf(ctx, name) === 'http';
}

/** How the server a name is bound to closes, from the resource table (`Fastify()`: it closes itself). */
function serverOf(ctx: FileContext, name: string): ResourceRow['server'] {
  return resourceCreatedBy(initOf(ctx, name), ctx.imports, () => undefined)?.server;
}

/** net/tls/http2/ws servers: closeServer does not apply. */
function isNonHttpServer(ctx: FileContext, object: AnyNode | undefined): boolean {
  const target = object?.type === 'Identifier' ? initOf(ctx, String(object.name)) : object;
  if (!target || (!isCallExpression(target) && target.type !== 'NewExpression')) return false;
  const binding = resolveReference(child(target, 'callee'), ctx.imports);
  return binding !== undefined && ['net', 'tls', 'http2', 'ws', 'dgram'].includes(binding.source);
}

function initOf(ctx: FileContext, name: string): AnyNode | undefined {
  let init: AnyNode | undefined;
  walk(ctx.program, (node) => {
    if (init) return false;
    if (
      node.type === 'VariableDeclarator' &&
      child(node, 'id')?.type === 'Identifier' &&
      child(node, 'id')!.name === name
    )
      init = unwrap(child(node, 'init'));
    return undefined;
  });
  return init;
}

export function captureServer(ctx: FileContext, server: ServerPlan): string {
  const name = ctx.freshName('server', ['httpServer']);
  const declaration = ctx.statements(`const ${name} = ${ctx.placeholder}${ctx.semi}`)[0]!;
  children(declaration, 'declarations')[0]!.init = server.capture!.expression;
  ctx.replaceStatement(server.statement, [declaration]);
  return name;
}

/** `setInterval(…)` → `const interval = setInterval(…)`: the handle's name and the statement that now holds it. */
export function captureInterval(ctx: FileContext, interval: IntervalPlan): { name: string; statement: AnyNode } {
  const name = ctx.freshName('interval', ['timer']);
  const declaration = ctx.statements(`const ${name} = ${ctx.placeholder}${ctx.semi}`)[0]!;
  children(declaration, 'declarations')[0]!.init = child(interval.statement, 'expression');
  ctx.replaceStatement(interval.statement, [declaration]);
  return { name, statement: declaration };
}
