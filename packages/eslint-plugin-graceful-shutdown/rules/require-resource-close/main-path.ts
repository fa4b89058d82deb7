/**
 * Where `require-resource-close` looks in an entrypoint that handles shutdown itself: its module
 * level and the main function its root call runs (docs/architecture.md §3, §5).
 */
import {
  type AnyNode,
  type EntrypointResult,
  asyncIifeFunction,
  child,
  isCallExpression,
  isFunctionNode,
  resolveFunction,
  rootCallOf,
  walk,
} from '../../detection/index.js';

/** The functions the entrypoint's root calls run: `main` of `main()`, the body of an async IIFE. */
export function entryMainFunctions(entrypoint: EntrypointResult, program: AnyNode): Set<AnyNode> {
  const mainFunctions = new Set<AnyNode>();
  for (const reason of entrypoint.reasons) {
    if (!reason.node) continue;
    walk(reason.node, (node) => {
      if (isFunctionNode(node)) return false;
      if (!isCallExpression(node)) return undefined;
      const { call } = rootCallOf(node);
      const fn = asyncIifeFunction(call) ?? (call ? resolveFunction(child(call, 'callee'), program) : undefined);
      if (fn) mainFunctions.add(fn);
      return undefined;
    });
  }
  return mainFunctions;
}

/** Whether code with these ancestors runs at module level or directly in one of the main functions. */
export function onMainPath(ancestors: readonly AnyNode[], mainFunctions: () => ReadonlySet<AnyNode>): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (isFunctionNode(node)) return mainFunctions().has(node);
  }
  return true;
}
