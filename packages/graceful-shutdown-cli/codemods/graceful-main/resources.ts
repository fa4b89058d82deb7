/**
 * Resources of the table (detection/resources.ts) that main opens get their close `defer`red right
 * after the statement that opens them, so the closers run last opened first once main and its
 * tracked work are done (docs/codemods.md, "Resources are closed"). A close must never run while
 * the program still needs the resource, so:
 * - one that takes work until closed (a queue worker, a WebSocket server, a watcher, a consumer
 *   after `run()`) is the program's lifetime: main awaits shutdown, as for an uncleared interval;
 * - in a main that awaits shutdown (a server or a lifetime), every close runs after shutdown;
 * - in a main that returns by itself, a resource used anywhere but main's own statements (a
 *   callback, a function it is handed to, a child that runs on) could still be in use: skip;
 * - one the program closes (or waits for) itself is left alone.
 * WebSocket servers hold upgraded sockets that keep an http server's close waiting: in a main with
 * servers they are closed after `await shutdown` together with the servers (`Promise.all`).
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  propertyName,
  keyName,
  stringValue,
  unwrap,
  walk,
} from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { resolveReference } from 'eslint-plugin-graceful-shutdown/detection/imports';
import { type ResourceRow, resourceCreatedBy, resourceOf } from 'eslint-plugin-graceful-shutdown/detection/resources';
import { type FileContext, Skip, nodeList } from './file-context.js';
import { type HandlePlan } from './handles.js';
import { type ListenerPlan, naiveListenerFunctions } from './listeners.js';

export interface ResourcePlan {
  readonly row: ResourceRow;
  /** The statement of main that opens it: its closer is deferred right after it. */
  readonly statement: AnyNode;
  /** The expression that closes it (`pool.end()`, `mongoose.disconnect()`). */
  readonly close: string;
  /** Closed after `await shutdown` together with the servers (WebSocket servers in a main with servers). */
  readonly withServers: boolean;
}

/** What one reference to a resource does with it. */
type Use =
  /** Closes it, hands its close to the library, lets it go (`unref()`) or waits for it to end. */
  | 'managed'
  /** Starts it taking work for callbacks until closed (`consumer.run()`). */
  | 'runs'
  /** Hands it, or a callback, to code that may use it after main returns. */
  | 'escapes'
  /** Uses it in main's own statements. */
  | 'use';

interface Verdict {
  readonly use: Use;
  /** The reference that decided it. */
  readonly at?: AnyNode;
  /** Closed by a naive signal listener's cleanup (now a closer): nothing to defer. */
  readonly closedByCloser?: boolean;
}

interface Opened {
  readonly row: ResourceRow;
  readonly statement: AnyNode;
  /** The name the close is called on: the resource's variable, or the module (`mongoose`). */
  readonly target: string;
  /** The resource's variable; undefined when it is closed on the module. */
  readonly variable?: AnyNode;
  readonly creation: AnyNode;
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** What main closes, and whether a resource that runs until closed makes main await shutdown. */
export interface ResourcesPlan {
  readonly resources: readonly ResourcePlan[];
  /** Resources (by the name their close is called on) that only a naive signal listener closes. */
  readonly closedByListenerOnly: ReadonlySet<string>;
  /** A resource runs until closed: main awaits shutdown (as for an uncleared interval). */
  readonly lifetime: boolean;
}

/**
 * Plans the closes of what main's statements open (`fn`: main in 'root' mode; the script's
 * statements in 'script' mode). Takes the handle plan: whether main awaits shutdown already.
 */
export function planResources(
  ctx: FileContext,
  fn: AnyNode | undefined,
  listeners: readonly ListenerPlan[],
  handles: HandlePlan,
  mode: 'root' | 'script',
  scriptStatements: readonly AnyNode[] = [],
): ResourcesPlan {
  const body = fn ? child(fn, 'body') : undefined;
  const statements =
    mode === 'script' ? scriptStatements : body?.type === 'BlockStatement' ? nodeList(body, 'body') : [];
  const owner = mode === 'script' ? undefined : fn;
  const closers = naiveListenerFunctions(listeners);
  const opened = statements.flatMap((statement) => openedBy(ctx, statement));
  const verdicts = opened.map((item) => verdictOf(ctx, item, owner, closers));
  let lifetime = false;
  opened.forEach((item, index) => {
    if (verdicts[index]!.use !== 'runs') return;
    if (fn && fn.async !== true)
      throw new Skip(
        `main() is not async: it cannot await shutdown for its ${item.row.label}${ctx.line(item.statement)}`,
      );
    lifetime = true;
  });
  const hasServers = handles.servers.length > 0;
  const awaitsShutdown = hasServers || handles.lifetime || lifetime;
  const resources: ResourcePlan[] = [];
  const closedByListenerOnly = new Set<string>();
  opened.forEach((item, index) => {
    const { use, at, closedByCloser } = verdicts[index]!;
    if (closedByCloser) closedByListenerOnly.add(item.target);
    if (use === 'managed' || closedByCloser) return;
    if (use === 'escapes' && !awaitsShutdown) {
      throw new Skip(describeEscape(ctx, item, at));
    }
    resources.push({
      row: item.row,
      statement: item.statement,
      close: closeExpression(ctx, item),
      withServers: item.row.closesWithServers === true && hasServers,
    });
  });
  return { resources, closedByListenerOnly, lifetime };
}

/** `defer(() => pool.end())` after each opening statement; WebSocket servers close with the servers instead. */
export function deferResources(ctx: FileContext, resources: readonly ResourcePlan[]): void {
  for (const plan of resources) {
    if (plan.withServers) continue;
    const deferStatement = ctx.statements(`${ctx.ref('defer')}(() => ${plan.close})${ctx.semi}`)[0]!;
    ctx.insertAfter(plan.statement, [deferStatement]);
  }
}

/** The closes that run together with the servers' (WebSocket servers), last opened first. */
export function closesWithServers(resources: readonly ResourcePlan[]): string[] {
  return resources
    .filter((plan) => plan.withServers)
    .reverse()
    .map((plan) => plan.close);
}

/** The resources a statement of main opens: `const pool = new Pool()`, `await mongoose.connect(uri)`. */
function openedBy(ctx: FileContext, statement: AnyNode): Opened[] {
  if (statement.type === 'ExpressionStatement') {
    const creation = unwrap(child(statement, 'expression'));
    const row = resourceCreatedBy(creation, ctx.imports, () => undefined);
    const target = row?.closesOnModule ? moduleOf(creation) : undefined;
    return row && target ? [{ row, statement, target, creation: creation! }] : [];
  }
  if (statement.type !== 'VariableDeclaration') return [];
  return children(statement, 'declarations').flatMap((declarator): Opened[] => {
    const id = child(declarator, 'id');
    const init = unwrap(child(declarator, 'init'));
    if (id?.type !== 'Identifier' || !init) return [];
    const row = resourceOf(init, ctx.ancestors(init), ctx.program, ctx.imports);
    if (!row || row.role !== 'resource' || row.server === 'http') return [];
    if (row.server === 'closes-itself' && isListened(ctx, String(id.name), statement)) return []; // a server: closed after shutdown
    if (row.closesOnModule) {
      const target = moduleOf(init);
      return target ? [{ row, statement, target, creation: init }] : [];
    }
    return [{ row, statement, target: String(id.name), variable: id, creation: init }];
  });
}

/** Where references to a name declared by a statement of main can be: main, or the whole script. */
function scopeOf(ctx: FileContext, statement: AnyNode): AnyNode {
  return ctx.enclosingFunction(statement) ?? ctx.program;
}

/** Whether it takes work for callbacks until closed from its creation on (a watcher unless `persistent: false`). */
function runsUntilClosed(ctx: FileContext, item: Opened): boolean {
  if (item.row.runsUntilClosed) return !optionIsFalse(item.creation, item.row.runsUnlessFalse);
  return referencesTo(ctx, item.target, scopeOf(ctx, item.statement)).some(
    (id) => methodCalled(ctx, id, item.row.runsAfter ?? []) !== undefined,
  );
}

/** `mongoose` in `await mongoose.connect(uri)`: the module the close is called on. */
function moduleOf(creation: AnyNode | undefined): string | undefined {
  let call = unwrap(creation);
  if (call?.type === 'AwaitExpression') call = unwrap(child(call, 'argument'));
  const callee = call ? unwrap(child(call, 'callee')) : undefined;
  const object = isMemberExpression(callee) ? unwrap(child(callee!, 'object')) : undefined;
  return object?.type === 'Identifier' ? String(object.name) : undefined;
}

function isListened(ctx: FileContext, name: string, declaration: AnyNode): boolean {
  return referencesTo(ctx, name, scopeOf(ctx, declaration)).some((id) => {
    const parent = ctx.parents.get(id);
    return isMemberExpression(parent) && child(parent!, 'object') === id && propertyName(parent!) === 'listen';
  });
}

/** Every reference to `name` as a value in `scope` (main: a name it declares is not seen outside), but its declaration. */
function referencesTo(ctx: FileContext, name: string, scope: AnyNode = ctx.program): AnyNode[] {
  const found: AnyNode[] = [];
  walk(scope, (node, parent) => {
    if (node.type !== 'Identifier' || node.name !== name || ctx.isPropertyKey(node, parent)) return undefined;
    if (parent?.type === 'VariableDeclarator' && child(parent, 'id') === node) return undefined;
    found.push(node);
    return undefined;
  });
  return found;
}

/** The strongest use of a resource: managed by the program, then runs until closed, escapes, plain use. */
function verdictOf(ctx: FileContext, item: Opened, owner: AnyNode | undefined, closers: readonly AnyNode[]): Verdict {
  if (item.variable === undefined) {
    // Closed on the module (`mongoose.disconnect()`): its models are used everywhere, unseen.
    const closed = referencesTo(ctx, item.target).some((id) => methodCalled(ctx, id, item.row.close) !== undefined);
    return closed ? { use: 'managed' } : { use: 'escapes', at: item.statement };
  }
  const uses = referencesTo(ctx, item.target, scopeOf(ctx, item.statement)).map((id) => ({
    use: useOf(ctx, id, item.row, owner),
    at: id,
  }));
  const managed = uses.filter((candidate) => candidate.use === 'managed');
  // Closed only by a naive signal listener, which becomes a closer: one that runs until closed is
  // still the program's lifetime (main awaits shutdown), and its closer closes it.
  const byCloserOnly = managed.length > 0 && managed.every(({ at }) => closers.some((fn) => ctx.isInside(at, fn)));
  if (byCloserOnly && runsUntilClosed(ctx, item)) return { use: 'runs', closedByCloser: true };
  if (managed.length > 0) return managed[0]!;
  const runs = uses.find((candidate) => candidate.use === 'runs');
  if (runs) return runs;
  if (item.row.runsUntilClosed && !optionIsFalse(item.creation, item.row.runsUnlessFalse)) return { use: 'runs' };
  const escapes = uses.find((candidate) => candidate.use === 'escapes');
  if (escapes) return escapes;
  // A child process or a thread runs on by itself after main returns.
  if (item.row.endEvents) return { use: 'escapes', at: item.statement };
  return { use: 'use' };
}

function useOf(ctx: FileContext, id: AnyNode, row: ResourceRow, owner: AnyNode | undefined): Use {
  const parent = ctx.parents.get(id);
  if (isMemberExpression(parent) && child(parent!, 'object') === id) {
    const method = propertyName(parent!);
    const call = ctx.parents.get(parent!);
    const isCall = isCallExpression(call) && child(call!, 'callee') === parent;
    if (method !== undefined) {
      if ([...row.close, ...(row.selfClosing ?? []), ...(row.releasedBy ?? [])].includes(method)) return 'managed';
      const event = isCall ? stringValue(argument(call!, 0)) : undefined;
      if (LISTENER_METHODS.has(method) && row.endEvents?.includes(event ?? '')) return 'managed';
      if (isCall && row.runsAfter?.includes(method)) return 'runs';
      if (isCall && passesFunction(call!) && !(LISTENER_METHODS.has(method) && event === 'error')) return 'escapes';
    }
    return ctx.enclosingFunction(id) === owner ? 'use' : 'escapes';
  }
  // `await once(child, 'exit')`: the program waits for it to end.
  if (isCallExpression(parent) && children(parent!, 'arguments').includes(id)) {
    const binding = resolveReference(child(parent!, 'callee'), ctx.imports);
    if (
      binding?.source === 'events' &&
      binding.imported === 'once' &&
      row.endEvents?.includes(stringValue(argument(parent!, 1)) ?? '')
    )
      return 'managed';
  }
  return 'escapes';
}

/** The method of `names` called on `id` (`mongoose.disconnect()`), if any. */
function methodCalled(ctx: FileContext, id: AnyNode, names: readonly string[]): string | undefined {
  const parent = ctx.parents.get(id);
  if (!isMemberExpression(parent) || child(parent!, 'object') !== id) return undefined;
  const method = propertyName(parent!);
  const call = ctx.parents.get(parent!);
  return method !== undefined && names.includes(method) && isCallExpression(call) ? method : undefined;
}

/** Whether a call is handed a function (a callback, or one inside an options object). */
function passesFunction(call: AnyNode): boolean {
  let found = false;
  for (const arg of children(call, 'arguments'))
    walk(arg, (node) => {
      if (found) return false;
      if (isFunctionNode(node)) found = true;
      return found ? false : undefined;
    });
  return found;
}

/** `watch('src', { persistent: false })`: the creation's options turn running off. */
function optionIsFalse(creation: AnyNode, option: string | undefined): boolean {
  if (option === undefined) return false;
  let call = unwrap(creation);
  if (call?.type === 'AwaitExpression') call = unwrap(child(call, 'argument'));
  return children(call ?? creation, 'arguments').some(
    (arg) =>
      arg.type === 'ObjectExpression' &&
      children(arg, 'properties').some((property) => {
        const value = unwrap(child(property, 'value'));
        return (
          keyName(property) === option &&
          (value?.type === 'BooleanLiteral' || value?.type === 'Literal') &&
          value.value === false
        );
      }),
  );
}

function describeEscape(ctx: FileContext, item: Opened, at: AnyNode | undefined): string {
  const what = `its ${item.row.label}${ctx.line(item.statement)}`;
  if (item.variable === undefined)
    return `${what} is closed on the module, and code main() starts may still use it after main() returns: call ${item.target}.${item.row.close[0]!}() where that work ends`;
  if (at === item.statement)
    return `${what} runs on after main() returns, and closing it then would cut it off: wait for its '${item.row.endEvents?.[0] ?? 'exit'}' in main(), or close it on shutdown by hand`;
  return `${what} is used where it may outlive main()${ctx.line(at)}, and closing it when main() returns could cut that work off: close it where that work ends`;
}

/** `pool.end()`, `mongoose.disconnect()`, or the row's own close expression (a child is killed and waited for). */
function closeExpression(ctx: FileContext, item: Opened): string {
  const template = item.row.closeExpression;
  if (template === undefined) return `${item.target}.${item.row.close[0]!}()`;
  return template.replaceAll('{value}', item.target).replace(/'([^']*)'/g, (_, text: string) => ctx.q(text));
}
