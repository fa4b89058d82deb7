/** What every analysis of this rule reads about the file being linted, built once per file. */
import type { FlagContext } from '../../detection/configuration-flags.js';
import type { AnyNode } from '../../detection/syntax/ast.js';
import type { ExitPathContext } from './exit-paths.js';
import type { ExitReporter } from './report.js';

export interface ExitFile extends ExitPathContext {
  readonly text: string;
  readonly report: ExitReporter;
  /** The source text of a node, for messages. */
  readonly textOf: (node: AnyNode) => string;
  /** What configuration flags are read against (imports, scope, assignments), built on first use. */
  readonly flags: () => FlagContext;
}
