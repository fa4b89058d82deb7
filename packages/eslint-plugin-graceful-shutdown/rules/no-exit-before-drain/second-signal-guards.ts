/**
 * Second-signal guards: the forced exit on a repeated signal is fine (docs/architecture.md §5).
 * `if (shuttingDown) process.exit(1)`, `if (++count > 1) …`: a test on state that the file
 * writes marks which branch is the forced-exit path.
 */
import {
  type AnyNode,
  child,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  memberPath,
  propertyName,
  walk,
} from '../../detection/syntax/ast.js';
import { assignedTarget } from '../../detection/configuration-flags.js';
import { LISTENER_QUERIES } from '../../detection/listener-effects.js';
import { resolveFunctionInScope } from '../../detection/process-listeners.js';

export interface GuardedBranches {
  readonly consequent: boolean;
  readonly alternate: boolean;
}

export interface SecondSignalGuards {
  /**
   * Which branches of a test on mutable state (a flag, a counter) are the forced-exit path. The
   * branch that sets the flag is the first signal's path and stays checked.
   */
  branches(test: AnyNode | undefined, consequent: AnyNode | undefined, alternate: AnyNode | undefined): GuardedBranches;
}

interface GuardContext {
  readonly program: AnyNode;
  /** What the file assigns (`assignedPaths`), memoised by the caller. */
  readonly writes: () => ReadonlySet<string>;
  readonly ancestorsOf: (node: AnyNode) => readonly AnyNode[];
}

const UNGUARDED: GuardedBranches = { consequent: false, alternate: false };

/** The guards of one file. */
export function secondSignalGuards(context: GuardContext): SecondSignalGuards {
  return {
    branches(test, consequent, alternate) {
      if (!test) return UNGUARDED;
      // `if (process.listenerCount('SIGTERM') === 1) process.exit(0)`: Node's default, only when no other listener drains.
      if (asksForOtherListeners(test)) return { consequent: true, alternate: false };
      const state = mutableStateIn(test, context.writes());
      if (state.size === 0) return UNGUARDED;
      if (writesAny(context, test, state)) return { consequent: true, alternate: false };
      return {
        consequent: consequent !== undefined && !writesAny(context, consequent, state),
        alternate: alternate !== undefined && !writesAny(context, alternate, state),
      };
    },
  };
}

/** Whether a test asks which signal listeners the process has (`process.listeners(signal).length`). */
function asksForOtherListeners(test: AnyNode): boolean {
  let found = false;
  walk(test, (node) => {
    if (found || isFunctionNode(node)) return false;
    if (isCallExpression(node)) {
      const callee = child(node, 'callee');
      const object = isMemberExpression(callee) ? memberPath(child(callee!, 'object')) : undefined;
      const method = isMemberExpression(callee) ? propertyName(callee!) : undefined;
      if ((object === 'process' || object === 'globalThis.process') && method && LISTENER_QUERIES.has(method))
        found = true;
    }
    return !found;
  });
  return found;
}

/** Names / member paths read in a test that some code in the file assigns or updates. */
function mutableStateIn(test: AnyNode, writes: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  walk(test, (node) => {
    if (isFunctionNode(node)) return false;
    const path = node.type === 'Identifier' || isMemberExpression(node) ? memberPath(node) : undefined;
    if (path !== undefined && writes.has(path)) found.add(path);
    return true;
  });
  return found;
}

/** Whether code (and the local functions it calls, two levels) assigns one of these. */
function writesAny(context: GuardContext, root: AnyNode, state: ReadonlySet<string>, level = 0): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    const path = memberPath(assignedTarget(node));
    if (path !== undefined && state.has(path)) found = true;
    else if (level < 2 && isCallExpression(node)) {
      const fn = resolveFunctionInScope(child(node, 'callee'), context.ancestorsOf(node), context.program);
      if (fn && fn !== root && writesAny(context, fn, state, level + 1)) found = true;
    }
    return !found;
  });
  return found;
}
