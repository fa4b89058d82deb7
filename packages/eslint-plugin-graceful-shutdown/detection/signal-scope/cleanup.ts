/**
 * Cleanup code, where the shutdown signal must not reach (passing it there would cancel the
 * cleanup itself): process signal and exit listeners, abort listeners, `defer`red closers. Also
 * the parameters of `SIGNALS.forEach((signal) => process.on(signal, …))`, which are signal names.
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
  stringValue,
  unwrap,
} from '../syntax/ast.js';
import { isSignalName, processListener, SHUTDOWN_EVENTS } from '../process-listeners.js';
import type { SignalUses } from './uses.js';

/** `defer(fn)`, `addAbortListener(signal, fn)`, `signal.addEventListener('abort', fn)`, `signal.onabort = fn`. */
function isCleanupRegistration(fn: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent && isCallExpression(parent) && children(parent, 'arguments').some((arg) => unwrap(arg) === fn)) {
    const callee = unwrap(child(parent, 'callee'));
    const path = memberPath(callee);
    const last = path?.split('.').pop() ?? (callee && isMemberExpression(callee) ? propertyName(callee) : undefined);
    if (last === 'defer' || last === 'addAbortListener') return true;
    if (last === 'addEventListener' && stringValue(unwrap(argument(parent, 0))) === 'abort') return true;
  }
  if (parent?.type === 'AssignmentExpression' && unwrap(child(parent, 'right')) === fn) {
    const left = child(parent, 'left');
    if (left && isMemberExpression(left) && propertyName(left) === 'onabort') return true;
  }
  return false;
}

export class CleanupFunctions {
  private listenerFunctions: Set<AnyNode> | undefined;
  private eventNameParams: Set<AnyNode> | undefined;

  constructor(
    private readonly program: AnyNode,
    private readonly uses: SignalUses,
  ) {}

  /** Whether a function is a cleanup callback: signals from outside do not reach into it. */
  isCleanupFunction(fn: AnyNode, parent: AnyNode | undefined): boolean {
    if (!isFunctionNode(fn)) return false;
    return isCleanupRegistration(fn, parent) || this.isProcessListener(fn);
  }

  /** A listener of a process signal or shutdown event. */
  isProcessListener(fn: AnyNode): boolean {
    return this.scan().listenerFunctions.has(fn);
  }

  /** A parameter used as the event name of a process listener registration. */
  isEventNameParam(param: AnyNode): boolean {
    return this.scan().eventNameParams.has(param);
  }

  /** On first need: process listener functions and the parameters used as event names. */
  private scan(): { listenerFunctions: Set<AnyNode>; eventNameParams: Set<AnyNode> } {
    if (this.listenerFunctions && this.eventNameParams)
      return { listenerFunctions: this.listenerFunctions, eventNameParams: this.eventNameParams };
    const listenerFunctions = new Set<AnyNode>();
    const eventNameParams = new Set<AnyNode>();
    for (const node of this.uses.memberCalls()) {
      const ancestors = this.uses.ancestorsOf(node);
      const listener = processListener(node, ancestors, this.program);
      if (!listener) continue;
      if (
        listener.events.some((event) => isSignalName(event) || SHUTDOWN_EVENTS.has(event)) &&
        listener.listenerFunction
      )
        listenerFunctions.add(listener.listenerFunction);
      const param = eventNameParameter(node, ancestors);
      if (param) eventNameParams.add(param);
    }
    this.listenerFunctions = listenerFunctions;
    this.eventNameParams = eventNameParams;
    return { listenerFunctions, eventNameParams };
  }
}

/** `SIGNALS.forEach((signal) => process.on(signal, …))`: the enclosing parameter the event name comes from. */
function eventNameParameter(registration: AnyNode, ancestors: readonly AnyNode[]): AnyNode | undefined {
  const eventArg = unwrap(argument(registration, 0));
  if (eventArg?.type !== 'Identifier') return undefined;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i]!;
    if (!isFunctionNode(ancestor)) continue;
    const param = children(ancestor, 'params').find((p) => p.type === 'Identifier' && p.name === eventArg.name);
    if (param) return param;
  }
  return undefined;
}
