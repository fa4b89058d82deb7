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

interface Scan {
  readonly apiCalls: readonly ApiCall[];
  readonly calls: ReadonlyArray<{
    readonly call: ts.CallExpression;
    readonly target: FunctionLike;
    readonly blocked?: string;
  }>;
}

const contains = (outer: ts.Node, inner: ts.Node): boolean =>
  outer.getSourceFile() === inner.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;

export function analyse(ctx: AnalysisContext, files: readonly ts.SourceFile[]): Analysis {
  const runMainTargets = runMainFunctions(files, ctx.checker);

  // Functions that have a signal (or could destructure one).
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

  const scans = new Map<FunctionLike, Scan>();
  const scan = (fn: FunctionLike): Scan => {
    const cached = scans.get(fn);
    if (cached) return cached;
    const apiCalls: ApiCall[] = [];
    const calls: Array<{ call: ts.CallExpression; target: FunctionLike; blocked?: string }> = [];
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
    const result = { apiCalls, calls };
    scans.set(fn, result);
    return result;
  };

  // Explore every function reachable from a root.
  const queue = [...roots.keys()];
  const reached = new Set<FunctionLike>(queue);
  while (queue.length > 0) {
    for (const { target } of scan(queue.shift()!).calls) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }

  // Which reached functions make, directly or transitively, a call that could take a signal.
  const plans = new Map<FunctionLike, PlanOutcome>();
  const planOf = (fn: FunctionLike, blocked?: string): PlanOutcome => {
    let plan = plans.get(fn);
    if (!plan) {
      plan = blocked ? { reason: blocked } : planSignature(fn, ctx);
      plans.set(fn, plan);
    }
    return plan;
  };
  // Potential need, ignoring whether functions may change; then actual need, with their plans.
  const direct = [...reached].filter((fn) => scan(fn).apiCalls.some((api) => api.state === 'edit'));
  const wants = new Set<FunctionLike>(direct);
  for (let changed = true; changed;) {
    changed = false;
    for (const fn of reached) {
      if (wants.has(fn) || roots.has(fn) || !scan(fn).calls.some(({ target }) => wants.has(target))) continue;
      wants.add(fn);
      changed = true;
    }
  }
  const needs = new Set<FunctionLike>(direct);
  for (let changed = true; changed;) {
    changed = false;
    for (const fn of wants) {
      if (needs.has(fn) || roots.has(fn)) continue;
      for (const { call, target, blocked } of scan(fn).calls) {
        if (!needs.has(target)) continue;
        const plan = planOf(target, blocked);
        if ('plan' in plan && signalCallEdit(call.getSourceFile(), call, plan.plan.slot, PROBE, ctx).kind === 'edit') {
          needs.add(fn);
          changed = true;
          break;
        }
      }
    }
  }

  // The functions that will receive a signal: needed ones reachable from a root by editable calls.
  const threaded = new Set<FunctionLike>();
  const pending = [...roots.keys()];
  while (pending.length > 0) {
    for (const { call, target, blocked } of scan(pending.shift()!).calls) {
      if (threaded.has(target) || !needs.has(target)) continue;
      const plan = planOf(target, blocked);
      if ('plan' in plan && signalCallEdit(call.getSourceFile(), call, plan.plan.slot, PROBE, ctx).kind === 'edit') {
        threaded.add(target);
        pending.push(target);
      }
    }
  }

  const edits = new Map<string, PlannedEdit>();
  const leftAlone = new Map<string, LeftAlone>();
  const addEdit = (edit: PlannedEdit): void => {
    const id = `${edit.file.fileName}\u0000${edit.start}\u0000${edit.end}\u0000${edit.text}`;
    const existing = edits.get(id);
    edits.set(id, existing ? { ...existing, keys: [...new Set([...existing.keys, ...edit.keys])] } : edit);
  };
  const leave = (kind: LeftAlone['kind'], node: ts.Node, name: string, reason: string): void => {
    const file = node.getSourceFile();
    const entry: LeftAlone = { kind, file: file.fileName, line: position(file, node).line, name, reason };
    leftAlone.set(`${kind}\u0000${entry.file}\u0000${entry.line}\u0000${name}\u0000${reason}`, entry);
  };
  const usable = (binding: Binding, at: ts.Node): boolean =>
    binding.rootSymbol === undefined ||
    ctx.checker.resolveName(binding.root, at, ts.SymbolFlags.Value, false) === binding.rootSymbol;
  const calleeText = (call: ts.CallExpression): string => abbreviate(call.expression.getText(call.getSourceFile()));
  const keysOf = (binding: Binding, ...more: string[]): string[] => [...more, ...(binding.key ? [binding.key] : [])];

  const passedTo = new Set<FunctionLike>();
  const emit = (fn: FunctionLike, binding: Binding): boolean => {
    let used = false;
    const { apiCalls, calls } = scan(fn);
    for (const api of apiCalls) {
      const file = api.call.getSourceFile();
      if (api.state === 'passed') continue;
      if (api.state === 'blocked') {
        leave('call', api.call, calleeText(api.call), api.reason ?? 'cannot place the signal');
        continue;
      }
      if (!usable(binding, api.call)) {
        leave('call', api.call, calleeText(api.call), `\`${binding.root}\` means something else here`);
        continue;
      }
      const outcome = apiCallEdit(file, api.call, api.slot, binding, ctx);
      if (outcome.kind !== 'edit') continue;
      addEdit({
        ...outcome.edit,
        file,
        kind: 'api-signal',
        description: `${calleeText(api.call)}(): pass \`${binding.expression}\``,
        keys: keysOf(binding),
      });
      used = true;
    }
    for (const { call, target } of calls) {
      const plan = plans.get(target);
      if (!threaded.has(target) || !plan || !('plan' in plan)) continue;
      const file = call.getSourceFile();
      if (!usable(binding, call)) {
        leave('call', call, calleeText(call), `\`${binding.root}\` means something else here`);
        continue;
      }
      const outcome = signalCallEdit(file, call, plan.plan.slot, binding, ctx);
      if (outcome.kind === 'blocked') leave('call', call, calleeText(call), outcome.reason);
      if (outcome.kind !== 'edit') continue;
      addEdit({
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
  };

  // A binding's creating edits (a new parameter, a destructured `signal`) are made when something
  // uses it: an edit in its body, or a caller passing it (known only once every scope is done).
  const creating: Array<{ fn: FunctionLike; binding: Binding; used: boolean }> = [];
  for (const [fn, source] of roots) {
    if ('blocked' in source) {
      const { apiCalls, calls } = scan(fn);
      if (apiCalls.some((api) => api.state === 'edit') || calls.some(({ target }) => threaded.has(target)))
        leave('function', fn, functionName(fn), source.blocked);
      continue;
    }
    creating.push({ fn, binding: source.binding, used: emit(fn, source.binding) });
  }
  for (const fn of threaded) {
    const plan = planOf(fn);
    if ('plan' in plan) creating.push({ fn, binding: plan.plan.binding, used: emit(fn, plan.plan.binding) });
  }
  for (const { fn, binding, used } of creating) {
    if (used || passedTo.has(fn)) for (const edit of binding.creates ?? []) addEdit(edit);
  }

  // Functions that would have needed a signal but may not change, as far down as the first one on each path.
  const visited = new Set<FunctionLike>();
  const walk = [...roots.keys()];
  while (walk.length > 0) {
    for (const { target, blocked } of scan(walk.shift()!).calls) {
      if (visited.has(target) || !wants.has(target)) continue;
      visited.add(target);
      const plan = planOf(target, blocked);
      if ('reason' in plan) leave('function', target, functionName(target), plan.reason);
      else walk.push(target);
    }
  }

  return { edits: [...edits.values()], leftAlone: [...leftAlone.values()] };
}
