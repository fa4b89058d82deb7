/** The plugin's shared settings: `settings['graceful-shutdown']` in an ESLint config. */
export const SETTINGS_KEY = 'graceful-shutdown';

export interface GracefulShutdownSettings {
  /** Globs (relative to the ESLint cwd) of files that are entrypoints whatever their content. */
  readonly entrypoints: readonly string[];
  /** Extra module specifiers (or their last path segment) that provide `runMain`, besides `graceful-shutdown`. */
  readonly helpers: readonly string[];
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): GracefulShutdownSettings {
  const raw = settings?.[SETTINGS_KEY];
  const own = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return { entrypoints: stringList(own.entrypoints), helpers: stringList(own.helpers ?? own.helper) };
}
