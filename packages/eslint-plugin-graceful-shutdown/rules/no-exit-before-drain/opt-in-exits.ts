/**
 * Opt-in immediate exits (docs/architecture.md §5): an exit in a signal listener that stops
 * nothing, taken only under a configuration flag (`if (commander.autoManage) return
 * process.exit(0)`), or in a listener registered only under one (`if (exitChild)
 * process.on('SIGTERM', () => process.exit())`). Exiting at once is then a mode the user chose:
 * Node's own default on a signal. `checkOptInExits` (on in `strict`) reports them anyway.
 */
import type { AnyNode } from '../../detection/syntax/ast.js';
import { enclosingBranches } from '../../detection/syntax/branches.js';
import { type FlagContext, isConfigurationTest } from '../../detection/configuration-flags.js';

/** Whether `node` runs only when a configuration flag is set, within its own function. */
export function gatedByConfiguration(node: AnyNode, ancestors: readonly AnyNode[], flags: FlagContext): boolean {
  return enclosingBranches(node, ancestors, true).some(
    (branch) => branch.whenTruthy && isConfigurationTest(branch.test, flags),
  );
}
