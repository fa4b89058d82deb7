/**
 * The whole analysis, before any text changes (ts-morph resets the program on every
 * manipulation): from the functions that have a signal, follow calls into the project's own
 * functions that directly or transitively make a signal-accepting call, and plan every edit —
 * signature, call site, API call — tagged with the keys that make edits one connected group.
 */
import { ts } from 'ts-morph';
import { apiCallEdit, apiSlot, type ApiSlot, PROBE } from './api-slots.js';
import { type CallEditOutcome, signalCallEdit, abbreviate } from './call-edits.js';
import { isCleanupFunction, isFinallyBlock } from './cleanup.js';
import { calleeTarget, planSignature, type PlanOutcome } from './functions.js';
import {
  type AnalysisContext,
  type Binding,
  type FunctionLike,
  functionName,
  isFunctionLike,
  type LeftAlone,
  type PlannedEdit,
  position,
} from './model.js';
import { runMainFunctions, type SourceBinding, sourceBinding } from './sources.js';

export interface Analysis {
  readonly edits: readonly PlannedEdit[];
  readonly leftAlone: readonly LeftAlone[];
}

interface ApiCall {
  readonly call: ts.CallExpression;
  readonly slot: ApiSlot;
  readonly state: CallEditOutcome['kind'];
  readonly reason?: string;
}

/** A call to a project function, and why that function may never change (if so). */
interface ProjectCall {
  readonly call: ts.CallExpression;
  readonly target: FunctionLike;
  readonly blocked?: string;
}

interface Scan {
  readonly apiCalls: readonly ApiCall[];
  readonly calls: readonly ProjectCall[];
}

const contains = (outer: ts.Node, inner: ts.Node): boolean =>
  outer.getSourceFile() === inner.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;

/** What every step of the analysis shares: the functions that have a signal, and cached per-function results. */
interface Graph {
  readonly ctx: AnalysisContext;
  readonly roots: ReadonlyMap<FunctionLike, SourceBinding>;
  /** The API calls and project calls in a function's own body. */
  readonly scan: (fn: FunctionLike) => Scan;
  /** How a function would receive a signal; the first answer is kept (`blocked` comes from the call that reached it). */
  readonly planOf: (fn: FunctionLike, blocked?: string) => PlanOutcome;
}

export function analyse(ctx: AnalysisContext, files: readonly ts.SourceFile[]): Analysis {
  const roots = findRoots(ctx, files);
  const graph: Graph = { ctx, roots, scan: scanner(ctx, roots), planOf: planner(ctx) };
  const reached = reachable(graph);
  const direct = [...reached].filter((fn) => graph.scan(fn).apiCalls.some((api) => api.state === 'edit'));
  const wants = wantingSignal(graph, reached, direct);
  const threaded = threadedFunctions(graph, neededSignal(graph, wants, direct));
  const output = new Output();
  emitAll(graph, threaded, output);
  reportBlockedFunctions(graph, wants, output);
  return { edits: [...output.edits.values()], leftAlone: [...output.leftAlone.values()] };
}

/** Functions that have a signal (or could destructure one). */
function findRoots(ctx: AnalysisContext, files: readonly ts.SourceFile[]): Map<FunctionLike, SourceBinding> {
  const runMainTargets = runMainFunctions(files, ctx.checker);
  const roots = new Map<FunctionLike, SourceBinding>();
  for (const file of files) {
    if (!ctx.editable(file)) continue;
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node) && node.body && !isCleanupFunction(node)) {
        const source = sourceBinding(node, ctx, runMainTargets);
        if (source) roots.set(node, source);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return roots;
}

function scanner(ctx: AnalysisContext, roots: ReadonlyMap<FunctionLike, SourceBinding>): (fn: FunctionLike) => Scan {
  const scans = new Map<FunctionLike, Scan>();
  return (fn) => {
    const cached = scans.get(fn);
    if (cached) return cached;
    const result = scanFunction(fn, ctx, roots);
    scans.set(fn, result);
    return result;
  };
}

function scanFunction(fn: FunctionLike, ctx: AnalysisContext, roots: ReadonlyMap<FunctionLike, SourceBinding>): Scan {
  const apiCalls: ApiCall[] = [];
  const calls: ProjectCall[] = [];
  const file = fn.getSourceFile();
  const checked = ctx.checked(file);
  const visit = (node: ts.Node): void => {
    // A nested function with its own signal threads its own calls; cleanup code gets none.
    if (node !== fn && isFunctionLike(node) && (roots.has(node) || isCleanupFunction(node))) return;
    if (isFinallyBlock(node)) return;
    if (ts.isCallExpression(node)) {
      const slot = apiSlot(node, ctx, checked);
      if (slot) {
        const probe = apiCallEdit(file, node, slot, PROBE, ctx);
        apiCalls.push({
          call: node,
          slot,
          state: probe.kind,
          ...(probe.kind === 'blocked' ? { reason: probe.reason } : {}),
        });
      } else {
        const target = calleeTarget(node, ctx);
        // A function nested here sees this scope's signal already; one with a signal of its own is a root.
        if (target && !(target.fn !== fn && contains(fn, target.fn)) && !roots.has(target.fn))
          calls.push({ call: node, target: target.fn, ...(target.blocked ? { blocked: target.blocked } : {}) });
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return { apiCalls, calls };
}

function planner(ctx: AnalysisContext): Graph['planOf'] {
  const plans = new Map<FunctionLike, PlanOutcome>();
  return (fn, blocked) => {
    let plan = plans.get(fn);
    if (!plan) {
      plan = blocked ? { reason: blocked } : planSignature(fn, ctx);
      plans.set(fn, plan);
    }
    return plan;
  };
}

/** Every function reachable from a root through project calls. */
function reachable(graph: Graph): Set<FunctionLike> {
  const queue = [...graph.roots.keys()];
  const reached = new Set<FunctionLike>(queue);
  while (queue.length > 0) {
    for (const { target } of graph.scan(queue.shift()!).calls) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return reached;
}

/** Potential need: functions that make, directly or transitively, a call that could take a signal, whether or not they may change. */
const wantingSignal = (graph: Graph, reached: ReadonlySet<FunctionLike>, direct: readonly FunctionLike[]) =>
  growByCalls(graph, direct, reached, ({ target }, wants) => wants.has(target));

/** Whether `call` can pass a signal to `target` once `target` gains one. */
function canPassSignal(graph: Graph, call: ts.CallExpression, target: FunctionLike, blocked?: string): boolean {
  const plan = graph.planOf(target, blocked);
  return 'plan' in plan && signalCallEdit(call.getSourceFile(), call, plan.plan.slot, PROBE, graph.ctx).kind === 'edit';
}

/** Actual need: wanting functions with a call that can pass a signal to one that needs it. */
const neededSignal = (graph: Graph, wants: ReadonlySet<FunctionLike>, direct: readonly FunctionLike[]) =>
  growByCalls(
    graph,
    direct,
    wants,
    ({ call, target, blocked }, needs) => needs.has(target) && canPassSignal(graph, call, target, blocked),
  );

/**
 * `seed` grown with the candidates (roots excepted) that have a call `joins` accepts, until nothing
 * changes: a function may qualify only once one it calls has joined.
 */
function growByCalls(
  graph: Graph,
  seed: readonly FunctionLike[],
  candidates: ReadonlySet<FunctionLike>,
  joins: (call: ProjectCall, set: ReadonlySet<FunctionLike>) => boolean,
): Set<FunctionLike> {
  const set = new Set<FunctionLike>(seed);
  for (let changed = true; changed;) {
    changed = false;
    for (const fn of candidates) {
      if (set.has(fn) || graph.roots.has(fn) || !graph.scan(fn).calls.some((call) => joins(call, set))) continue;
      set.add(fn);
      changed = true;
    }
  }
  return set;
}

/** The functions that will receive a signal: needed ones reachable from a root by editable calls. */
function threadedFunctions(graph: Graph, needs: ReadonlySet<FunctionLike>): Set<FunctionLike> {
  const threaded = new Set<FunctionLike>();
  const pending = [...graph.roots.keys()];
  while (pending.length > 0) {
    for (const { call, target, blocked } of graph.scan(pending.shift()!).calls) {
      if (threaded.has(target) || !needs.has(target)) continue;
      if (canPassSignal(graph, call, target, blocked)) {
        threaded.add(target);
        pending.push(target);
      }
    }
  }
  return threaded;
}

/** The planned edits, merged by place, and what was left alone, once per reason. */
class Output {
  readonly edits = new Map<string, PlannedEdit>();
  readonly leftAlone = new Map<string, LeftAlone>();

  add(edit: PlannedEdit): void {
    const id = `${edit.file.fileName}\u0000${edit.start}\u0000${edit.end}\u0000${edit.text}`;
    const existing = this.edits.get(id);
    this.edits.set(id, existing ? { ...existing, keys: [...new Set([...existing.keys, ...edit.keys])] } : edit);
  }

  leave(kind: LeftAlone['kind'], node: ts.Node, name: string, reason: string): void {
    const file = node.getSourceFile();
    const entry: LeftAlone = { kind, file: file.fileName, line: position(file, node).line, name, reason };
    this.leftAlone.set(`${kind}\u0000${entry.file}\u0000${entry.line}\u0000${name}\u0000${reason}`, entry);
  }
}

const calleeText = (call: ts.CallExpression): string => abbreviate(call.expression.getText(call.getSourceFile()));
const keysOf = (binding: Binding, ...more: string[]): string[] => [...more, ...(binding.key ? [binding.key] : [])];

/** Whether the binding's root still names the same thing at `at` (no shadowing). */
const usable = (ctx: AnalysisContext, binding: Binding, at: ts.Node): boolean =>
  binding.rootSymbol === undefined ||
  ctx.checker.resolveName(binding.root, at, ts.SymbolFlags.Value, false) === binding.rootSymbol;

/**
 * Every call edit in the roots and threaded functions. A binding's creating edits (a new parameter,
 * a destructured `signal`) are made when something uses it: an edit in its body, or a caller
 * passing it (known only once every scope is done).
 */
function emitAll(graph: Graph, threaded: ReadonlySet<FunctionLike>, output: Output): void {
  const passedTo = new Set<FunctionLike>();
  const creating: Array<{ fn: FunctionLike; binding: Binding; used: boolean }> = [];
  const emit = (fn: FunctionLike, binding: Binding): void => {
    const usedByApi = emitApiCalls(graph, fn, binding, output);
    const usedByCalls = emitProjectCalls(graph, fn, binding, threaded, output, passedTo);
    creating.push({ fn, binding, used: usedByApi || usedByCalls });
  };
  for (const [fn, source] of graph.roots) {
    if ('binding' in source) emit(fn, source.binding);
    else if (wouldUseSignal(graph, fn, threaded)) output.leave('function', fn, functionName(fn), source.blocked);
  }
  for (const fn of threaded) {
    const plan = graph.planOf(fn);
    if ('plan' in plan) emit(fn, plan.plan.binding);
  }
  for (const { fn, binding, used } of creating) {
    if (used || passedTo.has(fn)) for (const edit of binding.creates ?? []) output.add(edit);
  }
}

/** Whether a root whose signal is blocked has anything that would have used it. */
function wouldUseSignal(graph: Graph, fn: FunctionLike, threaded: ReadonlySet<FunctionLike>): boolean {
  const { apiCalls, calls } = graph.scan(fn);
  return apiCalls.some((api) => api.state === 'edit') || calls.some(({ target }) => threaded.has(target));
}

/** The signal passed to the signal-accepting API calls in `fn`; whether any edit was made. */
function emitApiCalls(graph: Graph, fn: FunctionLike, binding: Binding, output: Output): boolean {
  let used = false;
  for (const api of graph.scan(fn).apiCalls) {
    const file = api.call.getSourceFile();
    if (api.state === 'passed') continue;
    if (api.state === 'blocked') {
      output.leave('call', api.call, calleeText(api.call), api.reason ?? 'cannot place the signal');
      continue;
    }
    if (!usable(graph.ctx, binding, api.call)) {
      output.leave('call', api.call, calleeText(api.call), `\`${binding.root}\` means something else here`);
      continue;
    }
    const outcome = apiCallEdit(file, api.call, api.slot, binding, graph.ctx);
    if (outcome.kind !== 'edit') continue;
    output.add({
      ...outcome.edit,
      file,
      kind: 'api-signal',
      description: `${calleeText(api.call)}(): pass \`${binding.expression}\``,
      keys: keysOf(binding),
    });
    used = true;
  }
  return used;
}

/** The signal passed to the threaded project functions `fn` calls; whether any edit was made. */
function emitProjectCalls(
  graph: Graph,
  fn: FunctionLike,
  binding: Binding,
  threaded: ReadonlySet<FunctionLike>,
  output: Output,
  passedTo: Set<FunctionLike>,
): boolean {
  let used = false;
  for (const { call, target } of graph.scan(fn).calls) {
    if (!threaded.has(target)) continue;
    const plan = graph.planOf(target); // decided while threading: this only reads it
    if (!('plan' in plan)) continue;
    const file = call.getSourceFile();
    if (!usable(graph.ctx, binding, call)) {
      output.leave('call', call, calleeText(call), `\`${binding.root}\` means something else here`);
      continue;
    }
    const outcome = signalCallEdit(file, call, plan.plan.slot, binding, graph.ctx);
    if (outcome.kind === 'blocked') output.leave('call', call, calleeText(call), outcome.reason);
    if (outcome.kind !== 'edit') continue;
    output.add({
      ...outcome.edit,
      file,
      kind: 'pass-signal',
      description: `${calleeText(call)}(): pass \`${binding.expression}\``,
      keys: keysOf(binding, plan.plan.key),
    });
    passedTo.add(target);
    used = true;
  }
  return used;
}

/** Functions that would have needed a signal but may not change, as far down as the first one on each path. */
function reportBlockedFunctions(graph: Graph, wants: ReadonlySet<FunctionLike>, output: Output): void {
  const visited = new Set<FunctionLike>();
  const walk = [...graph.roots.keys()];
  while (walk.length > 0) {
    for (const { target, blocked } of graph.scan(walk.shift()!).calls) {
      if (visited.has(target) || !wants.has(target)) continue;
      visited.add(target);
      const plan = graph.planOf(target, blocked);
      if ('reason' in plan) output.leave('function', target, functionName(target), plan.reason);
      else walk.push(target);
    }
  }
}
