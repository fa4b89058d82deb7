/**
 * The codemods' public entry: everything the CLI (and a program driving the codemods) uses, and
 * nothing else; `cli/` imports only this module. What it exports directly is light (the runtime
 * helper, helper placement, parser error text) so the CLI can start on it; the codemods themselves
 * load jscodeshift (graceful-main) or ts-morph and TypeScript (thread-signal), so their functions
 * come from loaders and only their types are exported here (erased at run time). jscodeshift users
 * run `codemods/graceful-main.js` as the transform (docs/architecture.md §6).
 */
export { type MainContext, runMain } from './helper/graceful-shutdown.js';
export { type HelperVariant, readHelperVariant } from './helper/variants.js';
export { defaultHelperPath, ensureHelper, helperKindOf, jsHelperBeside } from './graceful-main/helper-location.js';
export { parseErrorText } from './parse-error.js';
export type {
  GracefulMainError,
  GracefulMainOptions,
  GracefulMainResult,
  GracefulMainStatus,
} from './graceful-main.js';
export type {
  RevertedGroup,
  ThreadSignalEdit,
  ThreadSignalFile,
  ThreadSignalOptions,
  ThreadSignalResult,
} from './thread-signal.js';

/** graceful-main (`gracefulMain`, `GracefulMainError`), loaded on first use with jscodeshift. */
export function loadGracefulMain(): Promise<typeof import('./graceful-main.js')> {
  return import('./graceful-main.js');
}

/** thread-signal and the project lookup it groups files by, loaded on first use with ts-morph. */
export async function loadThreadSignal(): Promise<
  Pick<typeof import('./thread-signal.js'), 'threadSignal' | 'formatThreadSignalResult'> &
    Pick<typeof import('./thread-signal/project.js'), 'findConfig'>
> {
  const [codemod, project] = await Promise.all([import('./thread-signal.js'), import('./thread-signal/project.js')]);
  return {
    threadSignal: codemod.threadSignal,
    formatThreadSignalResult: codemod.formatThreadSignalResult,
    findConfig: project.findConfig,
  };
}
