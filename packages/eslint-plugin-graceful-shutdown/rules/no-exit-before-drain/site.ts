/** Where an exit was found, and the message that says so. */

/** Which outcome of the main promise a handler runs on. */
export type MainPath = 'error' | 'success' | 'completion';

export type Site =
  | { readonly kind: 'signal' | 'crash'; readonly event: string }
  | { readonly kind: 'main'; readonly main: string; readonly path: MainPath };

export type ExitMessageId =
  | 'exitInSignalListener'
  | 'exitInCrashListener'
  | 'exitOnMainErrorPath'
  | 'exitOnMainSuccessPath'
  | 'exitOnMainCompletionPath';

export type MessageIds = ExitMessageId | 'useExitCode' | 'removeExit';

const MAIN_PATH_MESSAGES: Readonly<Record<MainPath, ExitMessageId>> = {
  error: 'exitOnMainErrorPath',
  success: 'exitOnMainSuccessPath',
  completion: 'exitOnMainCompletionPath',
};

export function messageIdOf(site: Site): ExitMessageId {
  if (site.kind !== 'main') return site.kind === 'signal' ? 'exitInSignalListener' : 'exitInCrashListener';
  return MAIN_PATH_MESSAGES[site.path];
}

/** The names from the code the message quotes: the exit, and the event or the main call. */
export function messageDataOf(site: Site, exit: string): Record<string, string> {
  return site.kind === 'main' ? { exit, main: site.main } : { exit, event: site.event };
}
