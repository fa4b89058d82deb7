/**
 * What counts as complete shutdown handling without looking further: our runtime helper
 * (`runMain` from a module whose specifier's last segment is `graceful-shutdown`, whatever the
 * folder and suffix, plus configured paths) and the well-known libraries that wire signals to a drain.
 */
import { normalizeModule } from './imports.js';

/** The helper module's base name, as the codemod writes it. */
export const HELPER_BASENAME = 'graceful-shutdown';

/** `./lib/graceful-shutdown.js` → `graceful-shutdown`; `#utils/graceful-shutdown` → `graceful-shutdown`. */
export function specifierBasename(specifier: string): string {
  const last = specifier.split('/').pop() ?? specifier;
  return last.replace(/\.(?:[cm]?[jt]sx?)$/, '');
}

/** Whether an import specifier names our runtime helper (or a configured one). */
export function isHelperSpecifier(specifier: string, configured: readonly string[] = []): boolean {
  if (specifierBasename(specifier) === HELPER_BASENAME) return true;
  return configured.some(
    (helper) => helper === specifier || specifierBasename(helper) === specifierBasename(specifier),
  );
}

/** Libraries that install signal handling leading to a drain, and the export that does it. */
export const SHUTDOWN_LIBRARIES: ReadonlyArray<{
  readonly module: string;
  readonly exports: readonly string[];
  readonly label: string;
}> = [
  { module: 'close-with-grace', exports: ['default', '*'], label: 'close-with-grace' },
  { module: '@godaddy/terminus', exports: ['createTerminus'], label: '@godaddy/terminus' },
  { module: 'lightship', exports: ['createLightship'], label: 'lightship' },
  { module: 'http-terminator', exports: ['createHttpTerminator'], label: 'http-terminator' },
  { module: 'death', exports: ['default', '*'], label: 'death' },
  { module: 'async-exit-hook', exports: ['default', '*'], label: 'async-exit-hook' },
  { module: 'exit-hook', exports: ['default', 'asyncExitHook', 'gracefulExit'], label: 'exit-hook' },
];

/** The library a module specifier + export name belongs to, if it is a known shutdown library. */
export function shutdownLibrary(source: string, imported: string): string | undefined {
  const module = normalizeModule(source);
  const library = SHUTDOWN_LIBRARIES.find((entry) => entry.module === module);
  if (!library) return undefined;
  return library.exports.includes(imported) || library.exports.includes('*') ? library.label : undefined;
}

/**
 * Calls whose name says they install shutdown handling elsewhere, on an import or a member:
 * `setupGracefulShutdown(server)`, `app.enableShutdownHooks()`, `registerSignalHandlers()`,
 * `gracefulShutdown(server)` (http-graceful-shutdown), `exitHook(…)`. Not a bare `shutdown()`.
 */
export const INSTALLS_SHUTDOWN_HANDLING =
  /^(?:(?:enable|install|setup|set_?up|register|trap|attach|add|use|init|listen_?for|wire|handle)\w*(?:shut_?down|graceful|signals|signal_?(?:handl|listen)|exit_?hook|terminat)\w*|graceful\w*|\w*exit_?hook)$/i;
/** The names of the helper's exports. */
export const RUN_MAIN = 'runMain';
export const CLOSE_SERVER = 'closeServer';
