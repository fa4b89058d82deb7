/**
 * The tests a node runs under (docs/architecture.md §8): each `if`, `?:`, `&&` and `||` on its
 * path whose outcome decides whether it runs, and which outcome that is.
 */
import { type AnyNode, child, isFunctionNode } from './ast.js';

export interface EnclosingBranch {
  readonly test: AnyNode;
  /** The node runs when the test is truthy (`if (t) node`, `t && node`), or when it is falsy. */
  readonly whenTruthy: boolean;
}

/**
 * The branches enclosing `node` (its ancestors given outermost first), innermost first; with
 * `withinFunction`, only those of its own function.
 */
export function enclosingBranches(
  node: AnyNode,
  ancestors: readonly AnyNode[],
  withinFunction = false,
): EnclosingBranch[] {
  const branches: EnclosingBranch[] = [];
  let inner = node;
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const outer = ancestors[index]!;
    if (withinFunction && isFunctionNode(outer)) break;
    const branch = branchTaken(outer, inner);
    if (branch) branches.push(branch);
    inner = outer;
  }
  return branches;
}

function branchTaken(outer: AnyNode, inner: AnyNode): EnclosingBranch | undefined {
  switch (outer.type) {
    case 'IfStatement':
    case 'ConditionalExpression': {
      const test = child(outer, 'test');
      if (!test) return undefined;
      if (child(outer, 'consequent') === inner) return { test, whenTruthy: true };
      return child(outer, 'alternate') === inner ? { test, whenTruthy: false } : undefined;
    }
    case 'LogicalExpression': {
      const test = child(outer, 'left');
      if (!test || child(outer, 'right') !== inner) return undefined;
      if (outer.operator === '&&') return { test, whenTruthy: true };
      return outer.operator === '||' ? { test, whenTruthy: false } : undefined;
    }
    default:
      return undefined;
  }
}
