/**
 * Opt-in immediate exits (docs/architecture.md §5): an exit in a signal listener that stops
 * nothing, taken only under a configuration flag (`if (commander.autoManage) return
 * process.exit(0)`), or in a listener registered only under one (`if (exitChild)
 * process.on('SIGTERM', () => process.exit())`). Exiting at once is then a mode the user chose:
 * Node's own default on a signal. `checkOptInExits` (on in `strict`) reports them anyway.
 */
import { type AnyNode, child, isFunctionNode } from '../../detection/syntax/ast.js';
import { type FlagContext, isConfigurationTest } from '../../detection/configuration-flags.js';

/**
 * Whether `node` runs only when a configuration flag is set: it sits in the branch taken when a
 * configuration test holds, within its own function.
 */
export function gatedByConfiguration(node: AnyNode, ancestors: readonly AnyNode[], flags: FlagContext): boolean {
  let inner = node;
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const outer = ancestors[index]!;
    if (isFunctionNode(outer)) return false;
    if (isConfigurationTest(testGating(outer, inner), flags)) return true;
    inner = outer;
  }
  return false;
}

/** The test that must hold for `inner` to run, when `outer` is a branch point and `inner` its taken branch. */
function testGating(outer: AnyNode, inner: AnyNode): AnyNode | undefined {
  switch (outer.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      return child(outer, 'consequent') === inner ? child(outer, 'test') : undefined;
    case 'LogicalExpression':
      return outer.operator === '&&' && child(outer, 'right') === inner ? child(outer, 'left') : undefined;
    default:
      return undefined;
  }
}
