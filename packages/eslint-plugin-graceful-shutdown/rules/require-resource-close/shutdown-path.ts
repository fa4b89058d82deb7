/**
 * The shutdown path of `require-resource-close` (docs/architecture.md §5): the code that runs once
 * shutdown began — hooks (signal and abort listeners, `defer`red closers, a shutdown library's
 * callbacks) and what they call, `finally` blocks, and statements after `await shutdown`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import {
  type AnyNode,
  argument,
  child,
  children,
  isCallExpression,
  isSignalName,
  memberPath,
  propertyName,
  reachableFunctions,
  resolveFunctionInScope,
  stringValue,
  unwrap,
} from '../../detection/index.js';
import { anyNode } from '../estree-nodes.js';

/** The last name of a callee: `defer` of `ctx.defer`, `exitHook` of `exitHook`. */
export function lastName(callee: AnyNode | undefined): string | undefined {
  const target = unwrap(callee);
  if (target?.type === 'Identifier') return typeof target.name === 'string' ? target.name : undefined;
  return target && (target.type === 'MemberExpression' || target.type === 'OptionalMemberExpression')
    ? propertyName(target)
    : undefined;
}

/** `await shutdown`, `await ctx.shutdown`: after it, a `main` under `runMain` runs only once shutdown began. */
function awaitsShutdown(statement: AnyNode): boolean {
  const expression = statement.type === 'ExpressionStatement' ? unwrap(child(statement, 'expression')) : undefined;
  if (expression?.type !== 'AwaitExpression') return false;
  const awaited = unwrap(child(expression, 'argument'));
  if (awaited === undefined) return false;
  if (lastName(awaited) === 'shutdown' && !isCallExpression(awaited)) return true;
  // `await once(process, 'SIGTERM')`
  return (
    isCallExpression(awaited) &&
    lastName(child(awaited, 'callee')) === 'once' &&
    memberPath(argument(awaited, 0))?.endsWith('process') === true &&
    isSignalName(stringValue(argument(awaited, 1)) ?? '')
  );
}

/** Whether `next` (a child of `ancestor`) runs only once shutdown began, because of where it sits in `ancestor`. */
function shutdownOnlyPosition(ancestor: AnyNode, next: AnyNode): boolean {
  if (ancestor.type === 'TryStatement' && child(ancestor, 'finalizer') === next) return true;
  if (isCallExpression(ancestor) && lastName(child(ancestor, 'callee')) === 'defer') return true;
  const list = ancestor.type === 'BlockStatement' || ancestor.type === 'Program' ? children(ancestor, 'body') : [];
  const index = list.indexOf(next);
  return index > 0 && list.slice(0, index).some(awaitsShutdown);
}

export interface ShutdownPath {
  /** Registers the functions a call hands over as hooks: its arguments and their function-valued properties. */
  addHookArguments(call: TSESTree.CallExpression): void;
  /** Registers one function that runs when shutdown begins (a process signal listener). */
  addHook(fn: AnyNode): void;
  /** Whether `node` runs on the shutdown path. Asked only once every hook is registered. */
  includes(node: TSESTree.Node | AnyNode): boolean;
}

export function createShutdownPath(
  program: AnyNode,
  ancestorsOf: (node: TSESTree.Node | AnyNode) => AnyNode[],
): ShutdownPath {
  const hookRoots: AnyNode[] = [];
  let reachable: Set<AnyNode> | undefined;
  return {
    addHookArguments(call) {
      const ancestors = ancestorsOf(call);
      for (const arg of call.arguments) {
        const values =
          arg.type === 'ObjectExpression' ? arg.properties.map((p) => (p.type === 'Property' ? p.value : p)) : [arg];
        for (const value of values) {
          const fn = resolveFunctionInScope(anyNode(value), ancestors, program);
          if (fn) hookRoots.push(fn);
        }
      }
    },
    addHook(fn) {
      hookRoots.push(fn);
    },
    includes(node) {
      reachable ??= reachableFunctions(hookRoots, program, ancestorsOf);
      const path = [...ancestorsOf(node), anyNode(node)];
      for (let i = path.length - 2; i >= 0; i--) {
        const ancestor = path[i]!;
        if (reachable.has(ancestor) || shutdownOnlyPosition(ancestor, path[i + 1]!)) return true;
      }
      return false;
    },
  };
}
