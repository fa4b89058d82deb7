/** Exit statuses shared by every command: 0 clean, 1 findings or failed files, 2 usage or fatal error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the CLI was called (bad path, conflicting flags): printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A problem that stops the whole run (ESLint cannot load a config, a missing peer dependency): exit 2. */
export class FatalError extends Error {
  override readonly name = 'FatalError';
}

/** The message of anything thrown, for one-line reports (never a stack trace). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.trim() || error.name;
  return String(error);
}
