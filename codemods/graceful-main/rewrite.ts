/**
 * The `graceful-main` rewrite on a recast (Babel) AST: finds what runs the program (a `main()`
 * call, an async IIFE, a top-level-await / server / interval script), decides whether it can be
 * rewritten safely, and only then edits: `runMain(…)` around it, naive signal listeners turned
 * into `defer`s, intervals deferred, servers closed after `await shutdown`, floating promises
 * tracked, exits turned into exit codes. Anything it cannot do safely throws `Skip` before the
 * first edit, so a file is never half rewritten. Detection knowledge comes from `detection/`.
 */
import type { JSCodeshift } from 'jscodeshift';
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
  stringValue,
  unwrap,
  walk,
} from '../../detection/ast.js';
import { type EntrypointReason, asyncIifeFunction, describeCall, hasExports, rootCallOf } from '../../detection/entrypoint.js';
import { type ImportMap, collectImports, resolveReference } from '../../detection/imports.js';
import { trackerList } from '../../detection/main-context.js';
import {
  CRASH_EVENTS,
  type ProcessListener,
  isProcessListenerCall,
  isSignalName,
  processListenerInScope,
  resolveFunction,
  topLevelBinding,
} from '../../detection/process-listeners.js';
import { PROMISE_CHAIN_METHODS, classifyFloating, scopeFromProgram, syntacticPredicates } from '../../detection/promise-apis.js';
import { CLOSE_SERVER, RUN_MAIN, isHelperSpecifier, shutdownLibrary } from '../../detection/shutdown-helpers.js';
import { exitCallOf, findWorkStarters, isLoggingCall, stopsWork, workStarterOf } from '../../detection/work-starters.js';
import { type CodeStyle, parseExpression, parseStatements } from './source.js';

/** The file is left as it is, for a reason worth telling the user (`status: 'skipped'`). */
export class Skip extends Error {}
/** The file needs nothing (`status: 'unchanged'`): not an entrypoint, already graceful, nothing to wrap. */
export class Unchanged extends Error {}

export interface RewriteInput {
  readonly j: JSCodeshift;
  readonly program: AnyNode;
  /** The parsed text (positions refer to it). */
  readonly text: string;
  readonly typescript: boolean;
  readonly style: CodeStyle;
  readonly reasons: readonly EntrypointReason[];
  /** Extra helper specifiers recognised as "already graceful". */
  readonly helpers: readonly string[];
  /** Lines before the parsed text (the `#!` line and header comments), for line numbers in reasons. */
  readonly lineOffset: number;
}

/** The helper exports the rewritten file uses. */
export interface HelperNames {
  readonly closeServer: boolean;
  readonly mainContextType: boolean;
}

type Member = 'track' | 'defer' | 'shutdown';
const MEMBERS: readonly Member[] = ['track', 'defer', 'shutdown'];
/** Signals `runMain` handles by default; a listener that also covers others passes them as `signals`. */
const DEFAULT_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGBREAK']);
const SHUTDOWN_SIGNALS = new Set(['SIGINT', 'SIGTERM']);

interface Link {
  readonly call: AnyNode;
  readonly method: 'then' | 'catch' | 'finally';
}

/** A process listener the rewrite acts on. */
interface ListenerPlan {
  readonly listener: ProcessListener;
  /** The statement registering it (a `process.on(…)`, its `for…of`, its `forEach`). */
  readonly statement: AnyNode;
  readonly kind: 'naive' | 'crash-trivial' | 'crash-custom';
  /** Naive: the function that becomes a `defer` (the listener itself, trimmed). */
  readonly fn: AnyNode;
  /** Naive: the name of a declared listener function (`defer(shutdown)`), else the function is moved inline. */
  readonly declaredName?: string;
  /** Naive: statements of the listener dropped (the exit, force-exit timers). */
  readonly dropped: readonly AnyNode[];
  /** Other signals (not SIGINT/SIGTERM/SIGBREAK) the registration covered. */
  readonly extraSignals: readonly string[];
  /** Equal listeners registered twice (SIGINT and SIGTERM) become one defer. */
  readonly duplicateOf?: ListenerPlan;
}

interface ServerPlan {
  /** The statement that listens. */
  readonly statement: AnyNode;
  /** How it is closed: `closeServer(name)` or `name.close()` (a listen that returns a promise: fastify). */
  readonly close: { kind: 'closeServer' | 'method'; name: string };
  /** `app.listen(…)` whose server is not named yet: `const server = app.listen(…)`. */
  readonly capture?: { name: string; expression: AnyNode; statementIndex: number };
}

interface IntervalPlan {
  /** The statement creating it. */
  readonly statement: AnyNode;
  /** The handle's name, or a name to capture it with. */
  readonly name: string;
  readonly capture: boolean;
}

const FUNCTION_BOUNDARIES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ObjectMethod', 'ClassPrivateMethod']);
const isBoundary = (node: AnyNode): boolean => FUNCTION_BOUNDARIES.has(node.type) || node.type === 'StaticBlock';

const nodeList = (node: AnyNode, key: string): AnyNode[] => {
  const value = node[key];
  return Array.isArray(value) ? (value as AnyNode[]) : [];
};

let lineOffset = 0;
const line = (node: AnyNode | undefined): string => {
  const start = (node?.loc as { start?: { line?: number } } | null | undefined)?.start?.line;
  return start === undefined ? '' : ` (line ${start + lineOffset})`;
};

/** Every statement list (block bodies, switch cases) and its owner, for in-place edits. */
const STATEMENT_LIST_KEYS: Readonly<Record<string, string>> = {
  Program: 'body',
  BlockStatement: 'body',
  StaticBlock: 'body',
  SwitchCase: 'consequent',
  TSModuleBlock: 'body',
};

export function rewriteProgram(input: RewriteInput): HelperNames {
  lineOffset = input.lineOffset;
  return new Rewriter(input).run();
}

class Rewriter {
  private readonly j: JSCodeshift;
  private readonly program: AnyNode;
  private readonly imports: ImportMap;
  private readonly parents = new Map<AnyNode, AnyNode>();
  /** Identifier names used in the file (not property keys), for collision-free new names. */
  private readonly names = new Set<string>();
  private readonly semi: string;
  private readonly q: (text: string) => string;
  /** How generated code reaches the context: destructured names, or `ctx.x` when a name is taken. */
  private readonly contextObject: string | undefined;
  private readonly usedMembers = new Set<Member>();
  private needsCloseServer = false;
  private readonly signalsOption = new Set<string>();

  constructor(private readonly input: RewriteInput) {
    this.j = input.j;
    this.program = input.program;
    this.imports = collectImports(input.program);
    walk(input.program, (node, parent) => {
      if (parent) this.parents.set(node, parent);
      if (node.type === 'Identifier' && typeof node.name === 'string' && !this.isPropertyKey(node, parent)) this.names.add(node.name);
      return undefined;
    });
    this.semi = input.style.semicolons ? ';' : '';
    this.q = (text) => `${input.style.quote}${text.replace(/\\/g, '\\\\').replaceAll(input.style.quote, `\\${input.style.quote}`)}${input.style.quote}`;
    this.contextObject = MEMBERS.some((member) => this.names.has(member)) ? this.freshName('ctx', ['context', 'mainContext']) : undefined;
  }

  private isPropertyKey(node: AnyNode, parent: AnyNode | undefined): boolean {
    if (!parent) return false;
    if (isMemberExpression(parent) && child(parent, 'property') === node && !parent.computed) return true;
    if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty' || parent.type === 'ObjectMethod' || parent.type === 'ClassMethod') && child(parent, 'key') === node && !parent.computed) {
      return !(parent.type === 'ObjectProperty' && parent.shorthand === true);
    }
    return false;
  }

  private freshName(base: string, alternatives: readonly string[] = []): string {
    for (const name of [base, ...alternatives]) if (!this.names.has(name)) return this.reserve(name);
    for (let i = 2; ; i++) if (!this.names.has(`${base}${i}`)) return this.reserve(`${base}${i}`);
  }

  private reserve(name: string): string {
    this.names.add(name);
    return name;
  }

  private ancestors(node: AnyNode): AnyNode[] {
    const out: AnyNode[] = [];
    for (let parent = this.parents.get(node); parent; parent = this.parents.get(parent)) out.unshift(parent);
    return out;
  }

  /** The function (or program) a node runs in. */
  private enclosingFunction(node: AnyNode): AnyNode | undefined {
    for (let parent = this.parents.get(node); parent; parent = this.parents.get(parent)) if (isBoundary(parent)) return parent;
    return undefined;
  }

  private isInside(node: AnyNode, container: AnyNode): boolean {
    for (let current: AnyNode | undefined = node; current; current = this.parents.get(current)) if (current === container) return true;
    return false;
  }

  /** How generated code names a context member. */
  private ref(member: Member): string {
    this.usedMembers.add(member);
    return this.contextObject === undefined ? member : `${this.contextObject}.${member}`;
  }

  private statements(code: string): AnyNode[] {
    return parseStatements(this.j, code);
  }

  private expression(code: string): AnyNode {
    return parseExpression(this.j, code);
  }

  // ——— Entry ———

  run(): HelperNames {
    this.checkAlreadyGraceful();
    const listeners = this.planListeners();
    this.naiveListeners = listeners.filter((plan) => plan.kind === 'naive').map((plan) => plan.fn);
    const roots = this.rootStatements();
    if (roots.length > 1) throw new Skip(`several entry calls (${roots.map((root) => line(root).slice(2, -1)).join(', ')}): rewrite them into one main()`);
    if (roots.length === 1) this.rewriteRootCall(roots[0]!, listeners);
    else this.rewriteScript(listeners);
    return { closeServer: this.needsCloseServer, mainContextType: this.mainContextTypeUsed };
  }

  private mainContextTypeUsed = false;
  /** Functions of naive signal listeners: they become closers, so what they clear is cleared only at shutdown. */
  private naiveListeners: AnyNode[] = [];

  // ——— What is already graceful ———

  private checkAlreadyGraceful(): void {
    for (const [, binding] of this.imports) {
      if (isHelperSpecifier(binding.source, this.input.helpers)) throw new Unchanged(`already graceful: imports ${RUN_MAIN} from '${binding.source}'`);
      const library = shutdownLibrary(binding.source, binding.imported);
      if (library) throw new Unchanged(`already graceful: uses ${library}`);
    }
    // A side-effect or type-only import of the helper counts too.
    for (const statement of children(this.program, 'body')) {
      const source = statement.type === 'ImportDeclaration' ? stringValue(child(statement, 'source')) : undefined;
      if (source !== undefined && isHelperSpecifier(source, this.input.helpers)) throw new Unchanged(`already graceful: imports '${source}'`);
    }
    // `await once(process, 'SIGINT')` waits for the signal by hand.
    walk(this.program, (node) => {
      if (!isCallExpression(node)) return undefined;
      const binding = resolveReference(child(node, 'callee'), this.imports);
      if (binding?.source === 'events' && (binding.imported === 'once' || binding.imported === 'on') && memberPath(argument(node, 0)) === 'process') {
        const event = stringValue(argument(node, 1));
        if (event !== undefined && isSignalName(event)) throw new Unchanged(`already graceful: waits for ${event} with events.${binding.imported}()`);
      }
      return undefined;
    });
  }

  // ——— Process listeners ———

  private planListeners(): ListenerPlan[] {
    const plans: ListenerPlan[] = [];
    walk(this.program, (node) => {
      if (!isCallExpression(node) || !isProcessListenerCall(node)) return undefined;
      const listener = processListenerInScope(node, this.ancestors(node), this.program);
      if (!listener) return undefined;
      const plan = this.planListener(listener);
      if (plan) plans.push(plan);
      return undefined;
    });
    // SIGINT and SIGTERM with the same handler become one defer.
    return plans.map((plan, index) => {
      if (plan.kind !== 'naive') return plan;
      const key = this.listenerKey(plan);
      const first = plans.slice(0, index).find((other) => other.kind === 'naive' && !other.duplicateOf && this.listenerKey(other) === key);
      return first ? { ...plan, duplicateOf: first } : plan;
    });
  }

  private listenerKey(plan: ListenerPlan): string {
    if (plan.declaredName !== undefined) return `name:${plan.declaredName}`;
    const fn = plan.fn;
    return `text:${this.input.text.slice(Number(fn.start), Number(fn.end)).replace(/\s+/g, ' ')}`;
  }

  private planListener(listener: ProcessListener): ListenerPlan | undefined {
    const events = listener.events;
    const signals = events.filter(isSignalName);
    const crashes = events.filter((event) => (CRASH_EVENTS as readonly string[]).includes(event));
    const where = `its ${events.join('/')} listener${line(listener.call)}`;
    if (signals.length > 0 && !signals.some((signal) => SHUTDOWN_SIGNALS.has(signal))) return undefined; // SIGHUP reload, SIGUSR2 restart: not shutdown
    if (signals.length === 0 && crashes.length === 0) return undefined; // 'exit', 'warning', …
    if (signals.length > 0 && crashes.length > 0) throw new Skip(`${where} mixes signals and crash events: split it by hand`);
    const fn = listener.listenerFunction;
    if (!fn) {
      // `process.on('SIGINT', process.exit)` is the naive handler at its barest.
      if (signals.length > 0 && listener.listener && memberPath(listener.listener) === 'process.exit') {
        return this.registration(listener, 'naive', listener.listener, [], signals);
      }
      throw new Skip(`${where} is not defined in this file`);
    }
    if (fn.type === 'FunctionExpression' && this.usesThis(fn)) throw new Skip(`${where} uses \`this\``);
    if (crashes.length > 0) {
      if (this.isTrivialErrorHandler(fn)) return this.registration(listener, 'crash-trivial', fn, [], []);
      this.checkRewritableExits(fn, where);
      return this.registration(listener, 'crash-custom', fn, [], []);
    }
    const exits = this.exitsIn(fn);
    if (exits.topLevel.length === 0) {
      if (this.exitsIndirectly(fn)) throw new Skip(`${where} exits through a function it calls: inline its cleanup by hand`);
      if (exits.nested.length > 0 || this.stopsOrFlags(fn)) throw new Unchanged(`already graceful: ${where} stops the work itself`);
      throw new Skip(`${where} neither exits nor stops anything: decide by hand what it should do`);
    }
    const body = child(fn, 'body');
    const statements = body?.type === 'BlockStatement' ? nodeList(body, 'body') : [];
    const exit = exits.topLevel[0]!;
    if (exits.topLevel.length > 1 || (body?.type === 'BlockStatement' && statements.at(-1) !== exit)) {
      throw new Skip(`${where} exits in several places or runs code after process.exit()`);
    }
    const dropped = [exit];
    for (const nested of exits.nested) {
      if (this.enclosingFunction(nested) === fn) throw new Skip(`${where} exits in several places`);
      const timer = this.forceExitTimer(nested, statements);
      if (!timer) throw new Skip(`${where} exits from a callback${line(nested)}`);
      dropped.push(timer);
    }
    const params = children(fn, 'params');
    if (params.length > 0 && this.referencesAny(statements.filter((statement) => !dropped.includes(statement)), this.patternNames(params))) {
      throw new Skip(`${where} uses its signal argument`);
    }
    return this.registration(listener, 'naive', fn, dropped, signals);
  }

  private registration(listener: ProcessListener, kind: ListenerPlan['kind'], fn: AnyNode, dropped: AnyNode[], signals: readonly string[]): ListenerPlan {
    const statement = this.registrationStatement(listener.call);
    if (!statement) throw new Skip(`its ${listener.events.join('/')} listener${line(listener.call)} is registered inside an expression`);
    const extraSignals = signals.filter((signal) => !DEFAULT_SIGNALS.has(signal));
    const reference = unwrap(listener.listener);
    let declaredName: string | undefined;
    if (kind === 'naive' && reference?.type === 'Identifier' && isFunctionNode(fn)) {
      declaredName = String(reference.name);
      if (this.countReferences(declaredName, [reference]) > this.registrationsOf(declaredName)) {
        throw new Skip(`its ${listener.events.join('/')} handler ${declaredName}() is also called elsewhere`);
      }
    } else if (kind === 'naive' && reference && !isFunctionNode(reference) && reference.type !== 'MemberExpression') {
      throw new Skip(`its ${listener.events.join('/')} listener${line(listener.call)} is not a plain function`);
    }
    return { listener, statement, kind, fn, dropped, extraSignals, ...(declaredName === undefined ? {} : { declaredName }) };
  }

  /** How many registrations pass `name` as the listener (so a handler used only by them can be moved). */
  private registrationsOf(name: string): number {
    let count = 0;
    walk(this.program, (node) => {
      if (isCallExpression(node) && isProcessListenerCall(node)) {
        const listener = unwrap(argument(node, 1));
        if (listener?.type === 'Identifier' && listener.name === name) count++;
      }
      return undefined;
    });
    return count;
  }

  /** The statement a registration call stands for: itself, its `for (const s of […])`, its `[…].forEach(…)`. */
  private registrationStatement(call: AnyNode): AnyNode | undefined {
    const parent = this.parents.get(call);
    if (parent?.type !== 'ExpressionStatement') {
      // `signals.forEach((s) => process.on(s, fn))`
      if (isFunctionNode(parent) && child(parent!, 'body') === call) return this.forEachStatement(parent!);
      return undefined;
    }
    const container = this.parents.get(parent);
    if (container?.type === 'ForOfStatement' && child(container, 'body') === parent) return container;
    if (container?.type === 'BlockStatement' && nodeList(container, 'body').length === 1) {
      const owner = this.parents.get(container);
      if (owner?.type === 'ForOfStatement') return owner;
      if (isFunctionNode(owner) && child(owner!, 'body') === container) return this.forEachStatement(owner!) ?? parent;
    }
    return parent;
  }

  private forEachStatement(fn: AnyNode): AnyNode | undefined {
    const call = this.parents.get(fn);
    if (!isCallExpression(call) || propertyName(unwrap(child(call!, 'callee')) ?? call!) !== 'forEach') return undefined;
    const statement = this.parents.get(call!);
    return statement?.type === 'ExpressionStatement' ? statement : undefined;
  }

  /** `setTimeout(() => process.exit(1), 10_000)[.unref()]`: a force-exit timer runMain's deadline replaces. */
  private forceExitTimer(exit: AnyNode, statements: readonly AnyNode[]): AnyNode | undefined {
    const statement = statements.find((candidate) => this.isInside(exit, candidate));
    if (statement?.type !== 'ExpressionStatement') return undefined;
    let expression = unwrap(child(statement, 'expression'));
    if (isCallExpression(expression) && propertyName(unwrap(child(expression!, 'callee')) ?? expression!) === 'unref') {
      expression = unwrap(child(unwrap(child(expression!, 'callee'))!, 'object'));
    }
    return isCallExpression(expression) && memberPath(child(expression!, 'callee')) === 'setTimeout' ? statement : undefined;
  }

  /** Exit calls in a function: as statements of its own body (`topLevel`: the statements), anywhere else (`nested`: the calls). */
  private exitsIn(fn: AnyNode): { topLevel: AnyNode[]; nested: AnyNode[] } {
    const topLevel: AnyNode[] = [];
    const nested: AnyNode[] = [];
    const body = child(fn, 'body');
    if (!body) return { topLevel, nested };
    if (body.type !== 'BlockStatement') {
      const expression = this.exitExpression(body);
      if (expression) topLevel.push(body);
    }
    const ownStatements = body.type === 'BlockStatement' ? new Set(nodeList(body, 'body')) : new Set<AnyNode>();
    walk(body, (node) => {
      if (!isCallExpression(node) || !exitCallOf(node, this.imports)) return undefined;
      const statement = this.parents.get(node);
      const viaVoid = statement?.type === 'UnaryExpression' && statement.operator === 'void' ? this.parents.get(statement) : statement;
      if (node === body || (viaVoid && ownStatements.has(viaVoid) && viaVoid.type === 'ExpressionStatement')) {
        if (node !== body) topLevel.push(viaVoid!);
      } else nested.push(node);
      return undefined;
    });
    return { topLevel, nested };
  }

  /** `process.exit(…)` / `void process.exit(…)` / `process.kill(process.pid, …)` as an expression. */
  private exitExpression(node: AnyNode | undefined): AnyNode | undefined {
    let target = unwrap(node);
    if (target?.type === 'UnaryExpression' && target.operator === 'void') target = unwrap(child(target, 'argument'));
    return target && isCallExpression(target) && exitCallOf(target, this.imports) ? target : undefined;
  }

  /** Whether a function calls (two levels deep) a function of this file that ends the process. */
  private exitsIndirectly(fn: AnyNode, depth = 0): boolean {
    let found = false;
    walk(child(fn, 'body') ?? fn, (node) => {
      if (found) return false;
      if (!isCallExpression(node)) return undefined;
      const callee = resolveFunction(child(node, 'callee'), this.program);
      if (!callee || callee === fn) return undefined;
      if (this.exitsIn(callee).topLevel.length > 0 || this.exitsIn(callee).nested.length > 0 || (depth < 1 && this.exitsIndirectly(callee, depth + 1))) found = true;
      return undefined;
    });
    return found;
  }

  private stopsOrFlags(fn: AnyNode): boolean {
    let found = false;
    walk(child(fn, 'body') ?? fn, (node) => {
      if (found) return false;
      if ((isCallExpression(node) && stopsWork(node, this.imports)) || node.type === 'AssignmentExpression') found = true;
      return undefined;
    });
    return found;
  }

  /** Logging and `process.exit(1)` / `process.exitCode = 1` only: what runMain does with an error anyway. */
  private isTrivialErrorHandler(handler: AnyNode | undefined): boolean {
    const target = unwrap(handler);
    if (!target) return false;
    if (isMemberExpression(target)) return (memberPath(target) ?? '').startsWith('console.');
    if (!isFunctionNode(target)) return false;
    const body = child(target, 'body')!;
    const statements = body.type === 'BlockStatement' ? nodeList(body, 'body') : [{ type: 'ExpressionStatement', expression: body } as AnyNode];
    // An empty handler swallows the error (status 0): that is a decision, not boilerplate.
    return statements.length > 0 && statements.every((statement) => {
      if (statement.type !== 'ExpressionStatement') return false;
      const expression = unwrap(child(statement, 'expression'));
      if (!expression) return false;
      if (isCallExpression(expression) && isLoggingCall(expression)) return true;
      const exit = this.exitExpression(expression);
      if (exit) return exitCallOf(exit, this.imports)?.kind === 'exit' && numberValue(argument(exit, 0)) === 1;
      return this.isExitCodeAssignment(expression, 1);
    });
  }

  private isExitCodeAssignment(expression: AnyNode, value?: number): boolean {
    return (
      expression.type === 'AssignmentExpression' &&
      expression.operator === '=' &&
      memberPath(child(expression, 'left')) === 'process.exitCode' &&
      (value === undefined || numberValue(child(expression, 'right')) === value)
    );
  }

  // ——— The program's root ———

  private rootStatements(): AnyNode[] {
    const roots = new Set<AnyNode>();
    for (const reason of this.input.reasons) {
      if ((reason.kind === 'main-call' || reason.kind === 'async-iife') && reason.node) roots.add(reason.node);
    }
    return [...roots];
  }

  /** `main()`, `await main()`, `main().catch(h)`, an async IIFE, `program.parseAsync()`: wrap the call in runMain. */
  private rewriteRootCall(statement: AnyNode, listeners: ListenerPlan[]): void {
    // `require.main === module && main()`: the call is the right-hand side.
    let slot: { owner: AnyNode; key: string } = { owner: statement, key: 'expression' };
    for (let logical = unwrap(child(statement, 'expression')); logical?.type === 'LogicalExpression' && logical.operator === '&&'; logical = unwrap(child(logical, 'right'))) {
      slot = { owner: logical, key: 'right' };
    }
    let expression = unwrap(slot.owner[slot.key] as AnyNode);
    let awaited = false;
    for (;;) {
      if (expression?.type === 'UnaryExpression' && expression.operator === 'void') expression = unwrap(child(expression, 'argument'));
      else if (expression?.type === 'AwaitExpression') {
        awaited = true;
        expression = unwrap(child(expression, 'argument'));
      } else if (expression?.type === 'AssignmentExpression') {
        if (!this.isExitCodeAssignment(expression)) throw new Skip(`stores the result of ${describeCall(rootCallOf(expression).call ?? expression)}${line(statement)}`);
        expression = unwrap(child(expression, 'right'));
      } else break;
    }
    const links: Link[] = [];
    while (expression && isCallExpression(expression)) {
      const callee = unwrap(child(expression, 'callee'));
      const method = isMemberExpression(callee) ? propertyName(callee!) : undefined;
      if (method === undefined || !PROMISE_CHAIN_METHODS.has(method)) break;
      links.unshift({ call: expression, method: method as Link['method'] });
      expression = unwrap(child(callee!, 'object'));
    }
    const root = expression;
    if (!root || !isCallExpression(root) || root !== unwrap(rootCallOf(child(slot.owner, slot.key)).call)) throw new Skip(`cannot follow the entry call${line(statement)}`);
    if (awaited) this.checkNothingRunsAfter(statement);
    const tryStatement = this.enclosingTry(statement);
    const target = this.rootTarget(root);
    this.checkLinks(links);
    const editable = target.kind === 'local' || target.kind === 'iife' ? target.fn : undefined;
    this.checkHandles(editable, listeners, 'root');
    // ——— Nothing below throws Skip: edits start. ———
    if (tryStatement) this.replaceStatement(tryStatement, [statement]);
    const keptCalls = this.rewriteLinks(links, target.kind === 'external' || this.returnsValue(target.fn));
    const prelude: AnyNode[] = [];
    this.moveListenersAndIntervals(editable, listeners, prelude);
    const wrapper = this.buildRunMainArgument(target, root, keptCalls, prelude);
    const call = this.expression(`${RUN_MAIN}(${this.placeholder})`);
    nodeList(call, 'arguments')[0] = wrapper;
    this.addSignalsOption(call);
    // The statement keeps its comments: only its expression is replaced.
    slot.owner[slot.key] = call;
  }

  private readonly placeholder = '__graceful_main_placeholder__';

  /** Whether a function may resolve with a value (runMain takes a number as the exit status). */
  private returnsValue(fn: AnyNode): boolean {
    const body = child(fn, 'body');
    if (body && body.type !== 'BlockStatement') return true;
    let found = false;
    walk(body ?? fn, (node) => {
      if (found || (node !== body && isBoundary(node))) return false;
      if (node.type === 'ReturnStatement' && child(node, 'argument')) found = true;
      return undefined;
    });
    return found;
  }

  private enclosingTry(statement: AnyNode): AnyNode | undefined {
    const block = this.parents.get(statement);
    const tryStatement = block ? this.parents.get(block) : undefined;
    if (tryStatement?.type !== 'TryStatement' || child(tryStatement, 'block') !== block) return undefined;
    const handler = child(tryStatement, 'handler');
    const trivial =
      nodeList(block!, 'body').length === 1 &&
      !child(tryStatement, 'finalizer') &&
      handler !== undefined &&
      this.isTrivialErrorHandler({ type: 'ArrowFunctionExpression', params: handler.param ? [handler.param] : [], body: child(handler, 'body') } as AnyNode);
    if (!trivial) throw new Skip(`main() runs inside try/catch${line(tryStatement)} whose catch does more than log and exit: move it into main`);
    return tryStatement;
  }

  /** After `await main()`, only declarations may follow: anything else would now run before main ends. */
  private checkNothingRunsAfter(statement: AnyNode): void {
    for (let current: AnyNode | undefined = statement; current && current !== this.program; current = this.parents.get(current)) {
      const parent = this.parents.get(current);
      if (!parent) break;
      const key = STATEMENT_LIST_KEYS[parent.type];
      if (!key) continue;
      const list = nodeList(parent, key);
      for (const later of list.slice(list.indexOf(current) + 1)) {
        if (!isInert(later)) throw new Skip(`code runs after \`await\` of the entry call${line(later)}: move it into main`);
      }
    }
  }

  private rootTarget(root: AnyNode):
    | { kind: 'iife'; fn: AnyNode }
    | { kind: 'local'; fn: AnyNode; name: string }
    | { kind: 'external'; name: string; returnsStatus: boolean } {
    const iife = asyncIifeFunction(root);
    if (iife) {
      const callee = unwrap(child(root, 'callee'))!;
      const viaCall = isMemberExpression(callee);
      if ((!viaCall && children(root, 'arguments').length > 0) || (viaCall && children(root, 'arguments').length > 1)) {
        throw new Skip(`the async IIFE${line(root)} takes arguments`);
      }
      if (iife.type === 'FunctionExpression' && this.usesThis(iife)) throw new Skip(`the async IIFE${line(root)} uses \`this\``);
      if (iife.generator === true) throw new Skip(`the async IIFE${line(root)} is a generator`);
      return { kind: 'iife', fn: iife };
    }
    const callee = unwrap(child(root, 'callee'));
    if (callee?.type === 'Identifier') {
      const name = String(callee.name);
      const binding = topLevelBinding(this.program, name);
      const fn = binding?.type === 'FunctionDeclaration' ? binding : isFunctionNode(unwrap(binding)) ? unwrap(binding) : undefined;
      if (fn && this.isEditableMain(fn, name, root)) return { kind: 'local', fn, name };
      return { kind: 'external', name, returnsStatus: true };
    }
    if (isMemberExpression(callee)) return { kind: 'external', name: memberPath(callee) ?? 'the entry call', returnsStatus: false };
    throw new Skip(`cannot tell what the entry call${line(root)} runs`);
  }

  /** A local main can take the context parameter when nothing else calls it and its parameters are plain. */
  private isEditableMain(fn: AnyNode, name: string, root: AnyNode): boolean {
    if (fn.generator === true) return false;
    if (this.countReferences(name, [child(root, 'callee')!]) > 0) return false;
    if (this.isExported(name)) return false;
    const params = children(fn, 'params');
    if (params.some((param) => param.type === 'RestElement')) return false;
    if (children(root, 'arguments').some((arg) => arg.type === 'SpreadElement')) return false;
    if (children(root, 'arguments').length > params.length) return false;
    if (fn.type === 'FunctionExpression' && this.usesThis(fn)) return false;
    return true;
  }

  private isExported(name: string): boolean {
    for (const statement of children(this.program, 'body')) {
      if (statement.type === 'ExportNamedDeclaration') {
        const declaration = child(statement, 'declaration');
        if (declaration && (child(declaration, 'id')?.name === name || children(declaration, 'declarations').some((d) => child(d, 'id')?.name === name))) return true;
        if (children(statement, 'specifiers').some((specifier) => child(specifier, 'local')?.name === name)) return true;
      }
      if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = child(statement, 'declaration');
        if (declaration?.type === 'Identifier' ? declaration.name === name : child(declaration ?? statement, 'id')?.name === name) return true;
      }
    }
    let exported = false;
    walk(this.program, (node) => {
      if (exported) return false;
      if (node.type === 'AssignmentExpression' && /^(?:module\.)?exports\b/.test(memberPath(child(node, 'left')) ?? '')) {
        exported = this.referencedNames(child(node, 'right') ?? node).has(name);
      }
      return undefined;
    });
    return exported;
  }

  /** References to `name` as a value, except the given nodes and its own declaration. */
  private countReferences(name: string, except: readonly AnyNode[]): number {
    let count = 0;
    walk(this.program, (node, parent) => {
      if (node.type !== 'Identifier' || node.name !== name || except.includes(node) || this.isPropertyKey(node, parent)) return undefined;
      if (parent && (parent.type === 'FunctionDeclaration' || parent.type === 'VariableDeclarator' || parent.type === 'FunctionExpression') && child(parent, 'id') === node) return undefined;
      count++;
      return undefined;
    });
    return count;
  }

  // ——— `.then` / `.catch` / `.finally` after the entry call ———

  /** Links are kept only when they do more than runMain does; their exits must be rewritable. */
  private checkLinks(links: readonly Link[]): void {
    for (const link of links) {
      for (const handler of children(link.call, 'arguments')) {
        if (handler.type === 'SpreadElement') throw new Skip(`spreads the handlers of .${link.method}()${line(link.call)}`);
        const fn = unwrap(handler);
        if (!isFunctionNode(fn)) continue;
        if (fn!.type === 'FunctionExpression' && this.usesThis(fn!)) throw new Skip(`the .${link.method}() handler${line(link.call)} uses \`this\``);
        this.checkRewritableExits(fn!, `the .${link.method}() handler${line(link.call)}`);
      }
    }
  }

  /** `rewriteExits` can turn every exit of `fn` into an exit code: `process.exit` calls that are statements of `fn` itself. */
  private checkRewritableExits(fn: AnyNode, what: string): void {
    const body = child(fn, 'body')!;
    walk(body, (node) => {
      if (!isCallExpression(node)) return undefined;
      const exit = exitCallOf(node, this.imports);
      if (!exit) return undefined;
      if (exit.kind !== 'exit') throw new Skip(`${what} ends the process with ${exit.label}`);
      if (this.enclosingFunction(node) !== fn) throw new Skip(`${what} exits from a callback${line(node)}: make it set process.exitCode`);
      if (body.type !== 'BlockStatement' ? this.exitExpression(body) !== node : !this.exitStatementOf(node)) {
        throw new Skip(`${what} exits inside an expression${line(node)}: make it set process.exitCode`);
      }
      return undefined;
    });
  }

  /** Drops links that only do what runMain does; rewrites exits in the others. Returns the kept calls, innermost first. */
  private rewriteLinks(links: readonly Link[], mainReturnsValue: boolean): AnyNode[] {
    const kept: AnyNode[] = [];
    links.forEach((link, index) => {
      const args = nodeList(link.call, 'arguments');
      if (link.method === 'catch') {
        if (this.isTrivialErrorHandler(args[0])) return this.dropLink(link);
      } else if (link.method === 'then') {
        const onFulfilledTrivial = args[0] === undefined || this.isTrivialSuccessHandler(args[0], index === 0, mainReturnsValue);
        const onRejectedTrivial = args[1] === undefined || this.isTrivialErrorHandler(args[1]);
        if (onFulfilledTrivial && onRejectedTrivial) return this.dropLink(link);
        if (onFulfilledTrivial) {
          // `.then(() => process.exit(0), handle)` → `.catch(handle)`
          const callee = unwrap(child(link.call, 'callee'))!;
          callee.property = this.j.identifier('catch');
          args.splice(0, 1);
        } else if (onRejectedTrivial && args.length > 1) args.splice(1, 1);
      } else if (isEmptyFunction(args[0])) return this.dropLink(link); // `.finally` runs on failure too: only an empty one goes
      kept.push(link.call);
      for (const handler of nodeList(link.call, 'arguments')) {
        const fn = unwrap(handler);
        if (isFunctionNode(fn)) this.rewriteExits(fn!, 'handler');
      }
      return undefined;
    });
    return kept;
  }

  /**
   * `() => {}`; `(code) => process.exit(code)` on main's own result (runMain exits with a returned
   * number); `() => process.exit(0)` when main returns nothing (else runMain would exit with it).
   */
  private isTrivialSuccessHandler(handler: AnyNode | undefined, onMainResult: boolean, mainReturnsValue: boolean): boolean {
    const fn = unwrap(handler);
    if (!fn) return false;
    if (memberPath(fn) === 'process.exit') return onMainResult;
    if (!isFunctionNode(fn)) return false;
    const body = child(fn, 'body')!;
    const statements = body.type === 'BlockStatement' ? nodeList(body, 'body') : [{ type: 'ExpressionStatement', expression: body } as AnyNode];
    const param = children(fn, 'params')[0];
    return statements.every((statement) => {
      const expression = statement.type === 'ExpressionStatement' ? unwrap(child(statement, 'expression')) : undefined;
      const exit = this.exitExpression(expression);
      if (exit && exitCallOf(exit, this.imports)?.kind === 'exit') {
        const code = argument(exit, 0);
        if (code === undefined || numberValue(code) === 0) return !mainReturnsValue;
        return onMainResult && param?.type === 'Identifier' && unwrap(code)?.type === 'Identifier' && unwrap(code)!.name === param.name;
      }
      return false;
    });
  }

  private dropLink(link: Link): void {
    // Replace the link's call by the promise it continues, wherever it sits in the chain.
    const callee = unwrap(child(link.call, 'callee'))!;
    const inner = child(callee, 'object')!;
    const parent = this.parents.get(link.call);
    if (!parent) return;
    for (const key of Object.keys(parent)) {
      if (parent[key] === link.call) parent[key] = inner;
    }
    this.parents.set(inner, parent);
  }

  // ——— Exits ———

  /** The statement an exit call is the whole of, if any. */
  private exitStatementOf(exit: AnyNode): AnyNode | undefined {
    let node = this.parents.get(exit);
    if (node?.type === 'UnaryExpression' && node.operator === 'void') node = this.parents.get(node);
    return node?.type === 'ExpressionStatement' ? node : undefined;
  }

  /**
   * `process.exit(n)` as a statement of `fn` (not of nested functions) → `process.exitCode = n;`
   * and `return;` unless it is the function's last word. A handler's exit-only arrow body gets a block.
   * Callers checked that every exit is a statement.
   */
  private rewriteExits(fn: AnyNode, _role: 'handler' | 'main'): void {
    const body = child(fn, 'body')!;
    if (body.type !== 'BlockStatement') {
      const exit = this.exitExpression(body);
      if (exit) fn.body = this.blockOf(this.exitReplacement(exit, true));
      return;
    }
    const exits: AnyNode[] = [];
    walk(body, (node) => {
      if (node !== body && isBoundary(node)) return false;
      if (isCallExpression(node) && exitCallOf(node, this.imports)?.kind === 'exit') exits.push(node);
      return undefined;
    });
    for (const exit of exits) {
      const statement = this.exitStatementOf(exit)!;
      this.replaceStatement(statement, this.exitReplacement(exit, this.isTail(statement, fn)));
    }
  }

  private exitReplacement(exit: AnyNode, tail: boolean): AnyNode[] {
    const code = argument(exit, 0);
    const statements: AnyNode[] = [];
    if (code) {
      const assignment = this.statements(`process.exitCode = ${this.placeholder}${this.semi}`)[0]!;
      (child(assignment, 'expression')!).right = code;
      statements.push(assignment);
    }
    if (!tail) statements.push(...this.statements(`return${this.semi}`));
    return statements;
  }

  private blockOf(statements: AnyNode[]): AnyNode {
    const block = this.statements('{\n}')[0]!;
    nodeList(block, 'body').push(...statements);
    return block;
  }

  /** Whether nothing of `fn` runs after `statement` (last in its block, up through ifs and trys). */
  private isTail(statement: AnyNode, fn: AnyNode): boolean {
    let current = statement;
    for (;;) {
      const parent = this.parents.get(current);
      if (!parent) return false;
      if (parent.type === 'BlockStatement') {
        const list = nodeList(parent, 'body');
        if (list.at(-1) !== current) return false;
        if (parent === child(fn, 'body')) return true;
        current = parent;
        continue;
      }
      if (parent.type === 'IfStatement') {
        current = parent;
        continue;
      }
      if (parent.type === 'CatchClause') {
        current = this.parents.get(parent) ?? parent;
        continue;
      }
      if (parent.type === 'TryStatement' && child(parent, 'finalizer') !== current) {
        if (child(parent, 'finalizer')) return false;
        current = parent;
        continue;
      }
      return false;
    }
  }

  /** Exits in a main-to-be: statements become exit codes; anything else cannot be rewritten safely. */
  private checkExitsInMain(fn: AnyNode): void {
    const body = child(fn, 'body')!;
    walk(body, (node) => {
      if (node !== body && isBoundary(node)) return false;
      if (!isCallExpression(node)) return undefined;
      const exit = exitCallOf(node, this.imports);
      if (!exit) return undefined;
      if (exit.kind !== 'exit' || !this.exitStatementOf(node) || body.type !== 'BlockStatement') {
        throw new Skip(`${exit.label}${line(node)} ends the process in the middle of main: make it an exit code by hand`);
      }
      return undefined;
    });
  }

  // ——— Handles: listeners, intervals, servers ———

  private intervals: IntervalPlan[] = [];
  private servers: ServerPlan[] = [];
  private lifetime = false;

  /**
   * Everything that must hold before editing: listeners registered where they can be moved, servers
   * and intervals inside main (or at top level), exits that can become exit codes.
   * `mode` 'root': main is `fn` (undefined when main cannot be edited); 'script': `fn` is the code to wrap.
   */
  private checkHandles(fn: AnyNode | undefined, listeners: readonly ListenerPlan[], mode: 'root' | 'script', scriptStatements: readonly AnyNode[] = []): void {
    const inScope = (node: AnyNode): boolean =>
      mode === 'script' ? scriptStatements.some((statement) => this.isInside(node, statement)) : fn !== undefined && this.isInside(node, fn);
    const atTopLevel = (node: AnyNode): boolean => this.enclosingFunction(node) === undefined;
    for (const plan of listeners) {
      if (plan.kind === 'crash-custom') {
        if (!atTopLevel(plan.statement) && !inScope(plan.statement)) throw new Skip(`its error listener${line(plan.statement)} is registered inside a function`);
        continue;
      }
      const owner = this.enclosingFunction(plan.statement);
      const insideMain = inScope(plan.statement) && (mode === 'script' ? owner === undefined : owner === fn);
      if (!insideMain && !atTopLevel(plan.statement)) {
        throw new Skip(`its ${plan.listener.events.join('/')} listener${line(plan.statement)} is registered inside a function main does not own`);
      }
      if (plan.declaredName !== undefined && !atTopLevel(plan.fn) && !inScope(plan.fn)) {
        throw new Skip(`its ${plan.listener.events.join('/')} handler ${plan.declaredName}() is declared where main cannot see it`);
      }
    }
    if (fn && mode === 'root') this.checkExitsInMain(fn);
    if (mode === 'script') for (const statement of scriptStatements) this.checkExitsInScript(statement);

    // Servers: `.listen()` only as a statement of main (or of the script).
    const statementsOfMain = mode === 'script' ? scriptStatements : fn && child(fn, 'body')?.type === 'BlockStatement' ? nodeList(child(fn, 'body')!, 'body') : [];
    walk(this.program, (node) => {
      if (!isCallExpression(node) || workStarterOf(node, this.imports)?.kind !== 'listen') return undefined;
      const statement = statementsOfMain.find((candidate) => this.isInside(node, candidate));
      const plan = statement ? this.planServer(statement, node) : undefined;
      if (!plan) {
        const where = fn || mode === 'script' ? (inScope(node) ? 'inside a callback or an expression' : 'outside main') : 'outside main';
        throw new Skip(`calls ${describeCall(node)}${line(node)} ${where}: move the server's lifetime into main by hand`);
      }
      this.servers.push(plan);
      return undefined;
    });
    if (this.servers.length > 0 && fn && fn.async !== true) throw new Skip('main() is not async: it cannot await shutdown after listen()');

    // Intervals: deferred where they are created (main or top level); an uncleared one is the program's lifetime.
    walk(this.program, (node) => {
      if (!isCallExpression(node) || !this.isInterval(node)) return undefined;
      const owner = this.enclosingFunction(node);
      const ownedByMain = mode === 'script' ? owner === undefined && inScope(node) : fn !== undefined && owner === fn;
      const plan = ownedByMain || owner === undefined ? this.planInterval(node) : undefined;
      if (plan === null) return undefined; // unref'd or already cleared by a defer
      if (!plan) {
        if (!this.isCleared(node)) throw new Skip(`starts an interval${line(node)} that nothing stops, outside main`);
        return undefined;
      }
      const cleared = this.clearedIn(plan.name);
      if (cleared !== 'closer') this.intervals.push(plan);
      if (cleared !== 'code') this.lifetime = true;
      return undefined;
    });
    if (this.lifetime && fn && fn.async !== true) throw new Skip('main() is not async: it cannot await shutdown for its interval');
    if (this.lifetime && !fn && mode === 'root') throw new Skip('an interval nothing stops keeps the program alive after main() returns: move it into main');
  }

  private checkExitsInScript(statement: AnyNode): void {
    walk(statement, (node) => {
      if (isBoundary(node)) return false;
      if (!isCallExpression(node)) return undefined;
      const exit = exitCallOf(node, this.imports);
      if (exit && (exit.kind !== 'exit' || !this.exitStatementOf(node))) {
        throw new Skip(`${exit.label}${line(node)} ends the process in an expression: make it an exit code by hand`);
      }
      return undefined;
    });
  }

  private isInterval(call: AnyNode): boolean {
    const starter = workStarterOf(call, this.imports);
    if (starter?.kind !== 'interval') return false;
    const callee = child(call, 'callee');
    const path = memberPath(callee);
    if (path === 'setInterval' || path === 'globalThis.setInterval') return !this.imports.has('setInterval');
    const binding = resolveReference(callee, this.imports);
    return binding?.source === 'timers' && binding.imported === 'setInterval';
  }

  /** How an interval is held: `const t = setInterval(…)`, `t = setInterval(…)`, or a bare call (captured). null: nothing to do. */
  private planInterval(call: AnyNode): IntervalPlan | null | undefined {
    const parent = this.parents.get(call);
    if (isMemberExpression(parent) && propertyName(parent!) === 'unref') return null;
    if (parent?.type === 'VariableDeclarator' && child(parent, 'init') === call) {
      const id = child(parent, 'id');
      const declaration = this.parents.get(parent);
      if (id?.type !== 'Identifier' || !declaration || !this.isListedStatement(declaration)) return undefined;
      return { statement: declaration, name: String(id.name), capture: false };
    }
    if (parent?.type === 'AssignmentExpression' && child(parent, 'right') === call) {
      const left = child(parent, 'left');
      const statement = this.parents.get(parent);
      if (left?.type !== 'Identifier' || statement?.type !== 'ExpressionStatement' || !this.isListedStatement(statement)) return undefined;
      return { statement, name: String(left.name), capture: false };
    }
    if (parent?.type === 'ExpressionStatement' && this.isListedStatement(parent)) return { statement: parent, name: '', capture: true };
    return undefined;
  }

  private isListedStatement(statement: AnyNode): boolean {
    const parent = this.parents.get(statement);
    return parent !== undefined && STATEMENT_LIST_KEYS[parent.type] !== undefined;
  }

  private isCleared(call: AnyNode): boolean {
    const parent = this.parents.get(call);
    const id = parent?.type === 'VariableDeclarator' ? child(parent, 'id') : parent?.type === 'AssignmentExpression' ? child(parent, 'left') : undefined;
    return id?.type === 'Identifier' && this.clearedIn(String(id.name)) === 'code';
  }

  /**
   * Where an interval handle is cleared: by the program's own code (it ends by itself), only by a
   * naive signal listener (it runs until shutdown, and that listener becomes its closer), or nowhere.
   */
  private clearedIn(name: string): 'code' | 'closer' | undefined {
    let where: 'code' | 'closer' | undefined;
    if (name === '') return undefined;
    walk(this.program, (node) => {
      if (where === 'code') return false;
      if (isCallExpression(node) && ['clearInterval', 'clearTimeout'].includes(memberPath(child(node, 'callee')) ?? '')) {
        const handle = unwrap(argument(node, 0));
        if (handle?.type === 'Identifier' && handle.name === name) {
          where = this.naiveListeners.some((fn) => this.isInside(node, fn)) ? 'closer' : 'code';
        }
      }
      return undefined;
    });
    return where;
  }

  /** A listen statement of main: what to close after shutdown. */
  private planServer(statement: AnyNode, listen: AnyNode): ServerPlan | undefined {
    const callee = unwrap(child(listen, 'callee'))!;
    const object = unwrap(child(callee, 'object'));
    if (statement.type === 'VariableDeclaration') {
      const declarators = children(statement, 'declarations');
      const id = child(declarators[0] ?? statement, 'id');
      if (declarators.length !== 1 || id?.type !== 'Identifier' || unwrap(child(declarators[0]!, 'init')) !== listen) return undefined;
      return { statement, close: { kind: 'closeServer', name: String(id.name) } };
    }
    if (statement.type !== 'ExpressionStatement') return undefined;
    const expression = unwrap(child(statement, 'expression'));
    if (expression?.type === 'AwaitExpression' && this.listensInPromise(unwrap(child(expression, 'argument')), listen)) {
      // `await new Promise((resolve) => server.listen(port, resolve))`
      if (object?.type !== 'Identifier' || !this.isHttpServer(String(object.name))) return undefined;
      return { statement, close: { kind: 'closeServer', name: String(object.name) } };
    }
    if (expression?.type === 'AwaitExpression' && unwrap(child(expression, 'argument')) === listen) {
      // fastify: `await app.listen({ port })` resolves with the address; `app.close()` closes it.
      if (object?.type !== 'Identifier') return undefined;
      return { statement, close: { kind: 'method', name: String(object.name) } };
    }
    if (expression !== listen) return undefined;
    if (object?.type === 'Identifier' && this.isHttpServer(String(object.name))) {
      return { statement, close: { kind: 'closeServer', name: String(object.name) } };
    }
    if (this.isNonHttpServer(object)) return undefined;
    return { statement, close: { kind: 'closeServer', name: '' }, capture: { name: '', expression: listen, statementIndex: 0 } };
  }

  /** `new Promise((resolve) => x.listen(…, resolve))`: the executor does nothing but listen. */
  private listensInPromise(node: AnyNode | undefined, listen: AnyNode): boolean {
    if (node?.type !== 'NewExpression' || memberPath(child(node, 'callee')) !== 'Promise') return false;
    const executor = unwrap(argument(node, 0));
    if (!isFunctionNode(executor)) return false;
    const body = child(executor!, 'body');
    if (unwrap(body) === listen) return true;
    const statements = body?.type === 'BlockStatement' ? nodeList(body, 'body') : [];
    return statements.length === 1 && unwrap(child(statements[0]!, 'expression')) === listen;
  }

  /** `const server = http.createServer(…)` / `https.createServer` / `new http.Server(…)`. */
  private isHttpServer(name: string): boolean {
    const init = this.initOf(name);
    if (!init || (!isCallExpression(init) && init.type !== 'NewExpression')) return false;
    const binding = resolveReference(child(init, 'callee'), this.imports);
    return (binding?.source === 'http' || binding?.source === 'https') && (binding.imported === 'createServer' || binding.imported === 'Server');
  }

  /** net/tls/http2/ws servers: closeServer does not apply. */
  private isNonHttpServer(object: AnyNode | undefined): boolean {
    const target = object?.type === 'Identifier' ? this.initOf(String(object.name)) : object;
    if (!target || (!isCallExpression(target) && target.type !== 'NewExpression')) return false;
    const binding = resolveReference(child(target, 'callee'), this.imports);
    return binding !== undefined && ['net', 'tls', 'http2', 'ws', 'dgram'].includes(binding.source);
  }

  private initOf(name: string): AnyNode | undefined {
    let init: AnyNode | undefined;
    walk(this.program, (node) => {
      if (init) return false;
      if (node.type === 'VariableDeclarator' && child(node, 'id')?.type === 'Identifier' && child(node, 'id')!.name === name) init = unwrap(child(node, 'init'));
      return undefined;
    });
    return init;
  }

  /**
   * Listeners and top-level intervals become defers in `fn` (main) or in `prelude` (a wrapper
   * when main cannot be edited). Servers, intervals and exits inside `fn` are edited in place.
   */
  private moveListenersAndIntervals(fn: AnyNode | undefined, listeners: readonly ListenerPlan[], prelude: AnyNode[]): void {
    const front: AnyNode[] = [];
    for (const plan of listeners) {
      if (plan.kind === 'crash-trivial') {
        this.removeStatement(plan.statement);
        continue;
      }
      if (plan.kind === 'crash-custom') {
        if (isFunctionNode(plan.fn)) this.rewriteExits(plan.fn, 'handler');
        continue;
      }
      for (const signal of plan.extraSignals) this.signalsOption.add(signal);
      const deferStatement = plan.duplicateOf ? undefined : this.deferFor(plan);
      const inside = fn !== undefined && this.isInside(plan.statement, fn);
      if (inside) this.replaceStatement(plan.statement, deferStatement ? [deferStatement] : []);
      else {
        if (deferStatement) moveComments(plan.statement, deferStatement);
        this.removeStatement(plan.statement);
        if (deferStatement) front.push(deferStatement);
      }
    }
    for (const interval of this.intervals) {
      const name = interval.capture ? this.captureInterval(interval) : interval.name;
      const deferStatement = this.statements(`${this.ref('defer')}(() => clearInterval(${name}))${this.semi}`)[0]!;
      if (fn && this.isInside(interval.statement, fn)) this.insertAfter(interval.statement, [deferStatement]);
      else front.push(deferStatement);
    }
    if (fn && front.length > 0) {
      const target = this.bodyOf(fn);
      nodeList(target, 'body').unshift(...front);
      for (const statement of front) this.parents.set(statement, target);
    } else prelude.push(...front);
    if (fn) this.finishMain(fn);
  }

  /** Servers closed after shutdown, the interval lifetime, exits, floating promises: the edits inside main. */
  private finishMain(fn: AnyNode): void {
    const ending: AnyNode[] = [];
    if (this.servers.length > 0 || this.lifetime) ending.push(...this.statements(`await ${this.ref('shutdown')}${this.semi}`));
    for (const server of [...this.servers].reverse()) {
      let name = server.close.name;
      if (server.capture) name = this.captureServer(server);
      if (server.close.kind === 'closeServer') {
        this.needsCloseServer = true;
        ending.push(...this.statements(`await ${CLOSE_SERVER}(${name})${this.semi}`));
      } else ending.push(...this.statements(`await ${name}.close()${this.semi}`));
    }
    if (ending.length > 0) {
      const body = this.bodyOf(fn);
      const list = nodeList(body, 'body');
      const last = list.at(-1);
      const index = last?.type === 'ReturnStatement' ? list.length - 1 : list.length;
      list.splice(index, 0, ...ending);
      for (const statement of ending) this.parents.set(statement, body);
    }
    this.rewriteExits(fn, 'main');
    this.trackFloating(child(fn, 'body')!);
  }

  private captureServer(server: ServerPlan): string {
    const name = this.freshName('server', ['httpServer']);
    const declaration = this.statements(`const ${name} = ${this.placeholder}${this.semi}`)[0]!;
    children(declaration, 'declarations')[0]!.init = server.capture!.expression;
    this.replaceStatement(server.statement, [declaration]);
    return name;
  }

  private captureInterval(interval: IntervalPlan): string {
    const name = this.freshName('interval', ['timer']);
    const declaration = this.statements(`const ${name} = ${this.placeholder}${this.semi}`)[0]!;
    children(declaration, 'declarations')[0]!.init = child(interval.statement, 'expression');
    this.replaceStatement(interval.statement, [declaration]);
    (interval as { statement: AnyNode }).statement = declaration;
    return name;
  }

  /** `defer(() => { cleanup })` from a naive listener (its exit and force-exit timers dropped), or `defer(shutdown)`. */
  private deferFor(plan: ListenerPlan): AnyNode | undefined {
    const fn = plan.fn;
    if (!isFunctionNode(fn)) return undefined; // `process.on('SIGINT', process.exit)`: nothing to keep
    const body = child(fn, 'body')!;
    if (body.type !== 'BlockStatement') {
      // `() => process.exit(0)`: nothing left to defer.
      return undefined;
    }
    const list = nodeList(body, 'body');
    for (const statement of plan.dropped) list.splice(list.indexOf(statement), 1);
    this.dropServerCloses(list);
    if (list.length === 0) {
      if (plan.declaredName !== undefined && fn.type === 'FunctionDeclaration') this.removeStatement(fn);
      return undefined;
    }
    if (isOneLine(body)) {
      // `() => { cleanup(); process.exit(0); }` stays on one line: `() => { cleanup(); }`.
      const text = list.map((statement) => this.input.text.slice(Number(statement.start), Number(statement.end))).join(' ');
      fn.body = child(this.expression(`() => { ${text} }`), 'body');
    }
    fn.params = [];
    const deferStatement = this.statements(`${this.ref('defer')}(${this.placeholder})${this.semi}`)[0]!;
    const call = child(deferStatement, 'expression')!;
    nodeList(call, 'arguments')[0] = plan.declaredName !== undefined ? this.expression(plan.declaredName) : fn;
    return deferStatement;
  }

  /** `server.close()` in a naive listener is closeServer's job now (it runs after shutdown). */
  private dropServerCloses(list: AnyNode[]): void {
    const closed = new Set(this.servers.map((server) => server.close.name).filter(Boolean));
    for (let i = list.length - 1; i >= 0; i--) {
      const expression = unwrap(child(list[i]!, 'expression'));
      if (!expression || !isCallExpression(expression) || children(expression, 'arguments').length > 0) continue;
      const callee = unwrap(child(expression, 'callee'));
      if (isMemberExpression(callee) && propertyName(callee!) === 'close' && closed.has(memberPath(child(callee!, 'object')) ?? '')) list.splice(i, 1);
    }
  }

  private addSignalsOption(call: AnyNode): void {
    if (this.signalsOption.size === 0) return;
    const signals = [...new Set(['SIGINT', 'SIGTERM', ...this.signalsOption])].map((signal) => this.q(signal)).join(', ');
    nodeList(call, 'arguments').push(this.expression(`{ signals: [${signals}] }`));
  }

  // ——— Floating promises ———

  private trackFloating(body: AnyNode): void {
    const scope = scopeFromProgram(this.program, this.imports);
    const predicates = syntacticPredicates(scope, trackerList());
    const statements: AnyNode[] = [];
    walk(body, (node) => {
      if (node.type === 'ExpressionStatement') statements.push(node);
      return undefined;
    });
    for (const statement of statements) {
      const expression = child(statement, 'expression');
      const verdict = classifyFloating(expression, predicates, { ignoreVoid: true });
      if (!verdict || verdict.kind === 'promiseArray') continue;
      let work = unwrap(expression)!;
      if (work.type === 'UnaryExpression' && work.operator === 'void') work = child(work, 'argument')!;
      const call = this.expression(`${this.ref('track')}(${this.placeholder})`);
      nodeList(call, 'arguments')[0] = work;
      statement.expression = call;
    }
  }

  // ——— runMain's argument ———

  private buildRunMainArgument(target: ReturnType<Rewriter['rootTarget']>, root: AnyNode, keptCalls: readonly AnyNode[], prelude: AnyNode[]): AnyNode {
    // The kept chain, with `call` in place of the entry call.
    const chained = (call: AnyNode): AnyNode => {
      const top = keptCalls.at(-1);
      if (!top) return call;
      const parent = this.parents.get(root)!;
      for (const key of Object.keys(parent)) if (parent[key] === root) parent[key] = call;
      return top;
    };
    if (target.kind === 'iife' || target.kind === 'local') {
      const fn = target.fn;
      const members = this.membersUsed();
      const args = target.kind === 'local' ? children(root, 'arguments') : [];
      const params = children(fn, 'params');
      if (keptCalls.length === 0 && args.length === 0 && params.length === 0 && fn.async === true) {
        // runMain(main), runMain(async () => {…})
        if (members.length > 0) this.addContextParameter(fn, members, target.kind === 'local');
        if (target.kind === 'local') return this.expression(target.name);
        unparenthesize(fn);
        return fn;
      }
      if (members.length > 0) this.addContextParameter(fn, members, true);
      const ctx = members.length > 0 ? this.freshName('ctx', ['context', 'mainContext']) : '';
      const callArgs = args.map((_, index) => `${this.placeholder}${index}`);
      if (ctx) {
        while (callArgs.length < params.length) callArgs.push('undefined');
        callArgs.push(ctx);
      }
      const call = this.expression(`${target.kind === 'iife' ? this.placeholder : target.name}(${callArgs.join(', ')})`);
      if (target.kind === 'iife') call.callee = fn; // recast adds the parentheses an IIFE needs
      const callArguments = nodeList(call, 'arguments');
      args.forEach((arg, index) => (callArguments[index] = arg));
      const arrow = this.expression(`${fn.async !== true && keptCalls.length === 0 ? 'async ' : ''}(${ctx}) => ${this.placeholder}`);
      arrow.body = chained(call);
      return arrow;
    }
    // An imported main, `program.parseAsync()`: called as it is, inside our own function.
    const call = chained(root);
    if (prelude.length === 0 && target.returnsStatus) {
      const arrow = this.expression(`() => ${this.placeholder}`);
      arrow.body = call;
      return arrow;
    }
    const members = this.membersUsed();
    const arrow = this.expression(`async (${members.length > 0 ? this.contextPattern(members, false) : ''}) => {\n}`);
    const list = nodeList(child(arrow, 'body')!, 'body');
    list.push(...prelude);
    const last = this.statements(target.returnsStatus ? `return ${this.placeholder}${this.semi}` : `await ${this.placeholder}${this.semi}`)[0]!;
    if (last.type === 'ReturnStatement') last.argument = call;
    else child(last, 'expression')!.argument = call;
    list.push(last);
    return arrow;
  }

  private membersUsed(): Member[] {
    return MEMBERS.filter((member) => this.usedMembers.has(member));
  }

  /** `{ track, defer }: MainContext` (or `ctx: MainContext` when a name is taken); the type only where nothing infers it. */
  private contextPattern(members: readonly Member[], annotate: boolean): string {
    const type = annotate && this.input.typescript ? `: MainContext` : '';
    if (annotate && this.input.typescript) this.mainContextTypeUsed = true;
    return this.contextObject !== undefined ? `${this.contextObject}${type}` : `{ ${members.join(', ')} }${type}`;
  }

  private addContextParameter(fn: AnyNode, members: readonly Member[], annotate: boolean): void {
    const pattern = this.contextPattern(members, annotate);
    const arrow = this.expression(`(${this.placeholder}, ${pattern}) => {}`);
    nodeList(fn, 'params').push(children(arrow, 'params')[1]!);
  }

  // ——— Scripts without main: top-level await, servers, intervals ———

  private rewriteScript(listeners: ListenerPlan[]): void {
    const container = this.scriptContainer();
    if (!container) {
      const awaits = hasExports(this.program) ? this.topLevelAwait() : undefined;
      if (awaits) throw new Skip(`top-level await${line(awaits)} in a module with exports: wrapping it would hide exported bindings`);
      const starters = findWorkStarters(this.program, { imports: this.imports, reasons: this.input.reasons });
      const started = starters.find((starter) => starter.kind !== 'interval');
      if (started) throw new Skip(`starts ${started.label}${line(started.node)} at top level without a main(), async IIFE or top-level await to wrap`);
      if (listeners.some((plan) => plan.kind === 'naive')) {
        throw new Skip('has a signal listener but no main(), async IIFE, top-level await, server or interval to move it into');
      }
      throw new Unchanged('nothing to rewrite: no main(), async IIFE, top-level await, server or interval at top level');
    }
    const { owner, key } = container;
    const list = nodeList(owner, key);
    const keepOutside = (statement: AnyNode, index: number): boolean =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'TSImportEqualsDeclaration' ||
      statement.declare === true ||
      (statement.type === 'ExportNamedDeclaration' && children(statement, 'specifiers').length === 0 && !child(statement, 'declaration')) ||
      (index < this.firstCodeIndex(list) && this.isRequireDeclaration(statement));
    const moved = list.filter((statement, index) => !keepOutside(statement, index));
    if (moved.length === 0) throw new Unchanged('nothing to rewrite');
    if (owner === this.program) this.checkScriptIsSafe(moved, list.filter((statement) => !moved.includes(statement)));
    else this.checkBlockIsSafe(owner, moved);
    this.checkHandles(undefined, listeners, 'script', moved);
    for (const statement of moved) this.checkAsyncSafe(statement);
    // ——— Edits start. ———
    const first = list.indexOf(moved[0]!);
    const wrapperStatement = this.statements(`${RUN_MAIN}(async () => {\n})${this.semi}`)[0]!;
    const call = child(wrapperStatement, 'expression')!;
    const arrow = nodeList(call, 'arguments')[0]!;
    const body = child(arrow, 'body')!;
    for (const statement of moved) list.splice(list.indexOf(statement), 1);
    list.splice(first, 0, wrapperStatement);
    nodeList(body, 'body').push(...moved);
    this.parents.set(wrapperStatement, owner);
    this.parents.set(call, wrapperStatement);
    this.parents.set(arrow, call);
    this.parents.set(body, arrow);
    for (const statement of moved) this.parents.set(statement, body);
    this.moveListenersAndIntervals(arrow, listeners, []);
    const members = this.membersUsed();
    if (members.length > 0) this.addContextParameter(arrow, members, false);
    this.addSignalsOption(call);
  }

  private topLevelAwait(): AnyNode | undefined {
    let found: AnyNode | undefined;
    walk(this.program, (node) => {
      if (found || isBoundary(node)) return false;
      if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await === true)) found = node;
      return undefined;
    });
    return found;
  }

  /** Where the script's code lives: the program, or the block of a main guard. */
  private scriptContainer(): { owner: AnyNode; key: string } | undefined {
    const nodes = this.input.reasons.filter((reason) => reason.kind === 'top-level-await' || reason.kind === 'listen').map((reason) => reason.node!);
    const intervals: AnyNode[] = [];
    walk(this.program, (node) => {
      if (isBoundary(node)) return false;
      if (isCallExpression(node) && this.isInterval(node)) intervals.push(node);
      return undefined;
    });
    const candidates = [...nodes, ...intervals];
    if (candidates.length === 0) return undefined;
    const containers = new Set(candidates.map((node) => this.scriptBlockOf(node)));
    if (containers.size > 1) throw new Skip('runs code at top level in more than one block: move it into one main by hand');
    const owner = [...containers][0];
    if (!owner) return undefined;
    return { owner, key: STATEMENT_LIST_KEYS[owner.type] ?? 'body' };
  }

  /** The program, or the block of a top-level `if` (a main guard) holding a node. */
  private scriptBlockOf(node: AnyNode): AnyNode | undefined {
    const ancestors = this.ancestors(node);
    // ancestors[0] is the program; a guard block is Program > IfStatement > BlockStatement.
    const top = ancestors[1] ?? node;
    if (top.type === 'IfStatement') {
      const block = ancestors[2];
      if (block?.type === 'BlockStatement' && (child(top, 'consequent') === block || child(top, 'alternate') === block)) return block;
      throw new Skip(`its top-level code${line(top)} is not in a block: add braces`);
    }
    if (top.type === 'TryStatement') throw new Skip(`its top-level code${line(top)} runs inside try/catch: move it into a main by hand`);
    return this.program;
  }

  private firstCodeIndex(list: readonly AnyNode[]): number {
    const index = list.findIndex((statement) => statement.type !== 'ImportDeclaration' && !this.isRequireDeclaration(statement));
    return index === -1 ? list.length : index;
  }

  private isRequireDeclaration(statement: AnyNode): boolean {
    if (statement.type !== 'VariableDeclaration') return false;
    const declarators = children(statement, 'declarations');
    return declarators.length > 0 && declarators.every((declarator) => {
      let init = unwrap(child(declarator, 'init'));
      while (init && isMemberExpression(init)) init = unwrap(child(init, 'object'));
      return isCallExpression(init) && memberPath(child(init!, 'callee')) === 'require';
    });
  }

  /** Wrapping top-level code in a function is safe when no exports and nothing left outside depend on its bindings. */
  private checkScriptIsSafe(moved: readonly AnyNode[], outside: readonly AnyNode[]): void {
    if (hasExports(this.program)) throw new Skip('top-level code in a module with exports: wrapping it would hide exported bindings');
    const declared = new Set<string>();
    for (const statement of moved) for (const name of this.declaredNames(statement)) declared.add(name);
    for (const statement of outside) {
      if (statement.type === 'ImportDeclaration') continue;
      const used = this.referencedNames(statement);
      const shared = [...used].find((name) => declared.has(name));
      if (shared) throw new Skip(`\`${shared}\` is declared in the script body and used outside it${line(statement)}`);
    }
    for (const statement of moved) {
      walk(statement, (node) => {
        if (isBoundary(node)) return false;
        if (node.type === 'ReturnStatement') throw new Skip(`returns at top level${line(node)}`);
        return undefined;
      });
    }
  }

  private checkBlockIsSafe(block: AnyNode, moved: readonly AnyNode[]): void {
    // `var` and function declarations in a block are visible after it.
    const leaking = new Set<string>();
    for (const statement of moved) {
      if (statement.type === 'FunctionDeclaration' || (statement.type === 'VariableDeclaration' && statement.kind === 'var')) {
        for (const name of this.declaredNames(statement)) leaking.add(name);
      }
    }
    if (leaking.size === 0) return;
    walk(this.program, (node, parent) => {
      if (node === block) return false;
      if (node.type === 'Identifier' && leaking.has(String(node.name)) && !this.isPropertyKey(node, parent)) {
        throw new Skip(`\`${String(node.name)}\` is declared in the main guard's block and used outside it`);
      }
      return undefined;
    });
  }

  /** Code moving into an async arrow must not use `arguments`, `this`-bound `function`-level tricks, `yield`. */
  private checkAsyncSafe(statement: AnyNode): void {
    walk(statement, (node) => {
      if (isBoundary(node) && node.type !== 'ArrowFunctionExpression') return false;
      if (node.type === 'Identifier' && node.name === 'arguments') throw new Skip(`uses \`arguments\` at top level${line(node)}`);
      return undefined;
    });
  }

  private declaredNames(statement: AnyNode): string[] {
    const target = statement.type === 'ExportNamedDeclaration' ? (child(statement, 'declaration') ?? statement) : statement;
    if (target.type === 'FunctionDeclaration' || target.type === 'ClassDeclaration' || target.type === 'TSEnumDeclaration') {
      const name = child(target, 'id')?.name;
      return typeof name === 'string' ? [name] : [];
    }
    if (target.type === 'VariableDeclaration') return this.patternNames(children(target, 'declarations').map((declarator) => child(declarator, 'id')!));
    return [];
  }

  private patternNames(patterns: readonly AnyNode[]): string[] {
    const names: string[] = [];
    const visit = (pattern: AnyNode | undefined): void => {
      if (!pattern) return;
      if (pattern.type === 'Identifier') names.push(String(pattern.name));
      else if (pattern.type === 'ObjectPattern') for (const property of children(pattern, 'properties')) visit(child(property, property.type === 'RestElement' ? 'argument' : 'value'));
      else if (pattern.type === 'ArrayPattern') children(pattern, 'elements').forEach(visit);
      else if (pattern.type === 'RestElement') visit(child(pattern, 'argument'));
      else if (pattern.type === 'AssignmentPattern') visit(child(pattern, 'left'));
      else if (pattern.type === 'TSParameterProperty') visit(child(pattern, 'parameter'));
    };
    patterns.forEach(visit);
    return names;
  }

  private referencedNames(root: AnyNode): Set<string> {
    const names = new Set<string>();
    walk(root, (node, parent) => {
      if (node.type === 'Identifier' && !this.isPropertyKey(node, parent)) names.add(String(node.name));
      return undefined;
    });
    return names;
  }

  private referencesAny(statements: readonly AnyNode[], names: readonly string[]): boolean {
    return statements.some((statement) => [...this.referencedNames(statement)].some((name) => names.includes(name)));
  }

  private usesThis(fn: AnyNode): boolean {
    let found = false;
    walk(child(fn, 'body') ?? fn, (node) => {
      if (found || (node.type !== 'ArrowFunctionExpression' && isBoundary(node))) return false;
      if (node.type === 'ThisExpression' || (node.type === 'Identifier' && node.name === 'arguments')) found = true;
      return undefined;
    });
    return found;
  }

  // ——— Statement edits ———

  /** The block body of a function, turning an expression body into `{ return … }` when needed. */
  private bodyOf(fn: AnyNode): AnyNode {
    const body = child(fn, 'body')!;
    if (body.type === 'BlockStatement') return body;
    const block = this.statements(`{\n  return ${this.placeholder}${this.semi}\n}`)[0]!;
    const statement = nodeList(block, 'body')[0]!;
    statement.argument = body;
    fn.body = block;
    fn.expression = false;
    this.parents.set(block, fn);
    this.parents.set(statement, block);
    this.parents.set(body, statement);
    return block;
  }

  private replaceStatement(statement: AnyNode, replacements: AnyNode[]): void {
    const parent = this.parents.get(statement);
    if (!parent) return;
    // recast drops a replaced node's comments: the first replacement carries them on.
    if (replacements.length > 0 && !replacements.includes(statement)) moveComments(statement, replacements[0]!);
    const key = STATEMENT_LIST_KEYS[parent.type];
    if (key) {
      const list = nodeList(parent, key);
      const index = list.indexOf(statement);
      if (index !== -1) {
        list.splice(index, 1, ...replacements);
        for (const replacement of replacements) this.parents.set(replacement, parent);
        return;
      }
    }
    for (const slot of Object.keys(parent)) {
      if (parent[slot] !== statement) continue;
      const replacement = replacements.length === 1 ? replacements[0]! : replacements.length === 0 ? this.statements(';')[0]! : this.blockOf(replacements);
      parent[slot] = replacement;
      this.parents.set(replacement, parent);
    }
  }

  private removeStatement(statement: AnyNode): void {
    this.replaceStatement(statement, []);
  }

  private insertAfter(statement: AnyNode, statements: AnyNode[]): void {
    const parent = this.parents.get(statement);
    const key = parent ? STATEMENT_LIST_KEYS[parent.type] : undefined;
    if (!parent || !key) return;
    const list = nodeList(parent, key);
    list.splice(list.indexOf(statement) + 1, 0, ...statements);
    for (const inserted of statements) this.parents.set(inserted, parent);
  }
}

/** Declarations (and type-only code) that may run earlier without changing what the program does. */
function isInert(statement: AnyNode): boolean {
  if (['FunctionDeclaration', 'ClassDeclaration', 'EmptyStatement', 'ImportDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSModuleDeclaration'].includes(statement.type)) {
    return true;
  }
  if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
    const declaration = child(statement, 'declaration');
    return !declaration || isInert(declaration);
  }
  if (statement.type === 'VariableDeclaration') {
    return children(statement, 'declarations').every((declarator) => {
      const init = unwrap(child(declarator, 'init'));
      return !init || isFunctionNode(init) || /Literal$/.test(init.type) || init.type === 'ClassExpression';
    });
  }
  return false;
}

function numberValue(node: AnyNode | undefined): number | undefined {
  const target = unwrap(node);
  if ((target?.type === 'NumericLiteral' || target?.type === 'Literal') && typeof target.value === 'number') return target.value;
  return undefined;
}

/** A node moved out of parentheses it needed where it was (an IIFE's function passed as an argument). */
function unparenthesize(node: AnyNode): void {
  // On recast's pristine copy too: the node then still counts as unchanged and keeps its text.
  for (const target of [node, node.original as AnyNode | undefined]) {
    const extra = target?.extra as Record<string, unknown> | undefined;
    if (extra?.parenthesized) {
      delete extra.parenthesized;
      delete extra.parenStart;
    }
  }
}

function isOneLine(node: AnyNode): boolean {
  const loc = node.loc as { start: { line: number }; end: { line: number } } | null | undefined;
  return loc !== null && loc !== undefined && loc.start.line === loc.end.line;
}

function moveComments(from: AnyNode, to: AnyNode): void {
  const comments = from.comments as unknown[] | null | undefined;
  if (!comments || comments.length === 0) return;
  to.comments = [...((to.comments as unknown[] | null | undefined) ?? []), ...comments];
  from.comments = null;
}

function isEmptyFunction(node: AnyNode | undefined): boolean {
  const fn = unwrap(node);
  const body = fn && isFunctionNode(fn) ? child(fn, 'body') : undefined;
  return body?.type === 'BlockStatement' && nodeList(body, 'body').length === 0;
}
