/**
 * Exits in signal and crash listeners (docs/architecture.md §5): `process.on('SIGTERM', () => {
 * …; process.exit(0) })` before the drain. A listener registered while handling a signal is the
 * forced exit on the next one.
 */
import type { AnyNode } from '../../detection/syntax/ast.js';
import { inWorkerBranch } from '../../detection/work-starters.js';
import { isExitReference } from '../../detection/process-exit.js';
import {
  CRASH_EVENTS,
  type ProcessListener,
  isSignalName,
  reachableFunctions,
} from '../../detection/process-listeners.js';
import type { ExitFile } from './exit-file.js';
import { followFunction } from './exit-paths.js';
import { gatedByConfiguration } from './opt-in-exits.js';
import { freshState } from './path-state.js';
import type { Site } from './site.js';

export interface Registration {
  readonly listener: ProcessListener;
  readonly ancestors: readonly AnyNode[];
}

export interface ListenerOptions {
  readonly checkCrashListeners: boolean;
  /** Node's documentation says to exit in `uncaughtException`: checked only on request. */
  readonly checkUncaughtException: boolean;
  /** Report exits a configuration flag opts into (`if (options.exitImmediately) process.exit(0)`). */
  readonly checkOptInExits: boolean;
}

export function checkListeners(file: ExitFile, registrations: readonly Registration[], options: ListenerOptions): void {
  const signalListeners = registrations
    .filter((registration) => registration.listener.events.some(isSignalName))
    .map((registration) => registration.listener.listenerFunction)
    .filter((fn): fn is AnyNode => fn !== undefined);
  const reachable = reachableFunctions(signalListeners, file.program, file.ancestorsOf);
  for (const { listener, ancestors } of registrations) {
    if (inWorkerBranch(listener.call, ancestors, file.imports)) continue;
    const site = siteOf(listener, options);
    if (!site) continue;
    if (site.kind === 'signal' && ancestors.some((ancestor) => reachable.has(ancestor))) continue;
    const optIn = site.kind === 'signal' && !options.checkOptInExits;
    const registeredByChoice = optIn && gatedByConfiguration(listener.call, ancestors, file.flags());
    if (listener.listener && isExitReference(listener.listener, file.imports)) {
      if (registeredByChoice) continue;
      const exit = { kind: 'exit', label: file.textOf(listener.listener) } as const;
      file.report(listener.listener, exit, site, freshState(), false);
    } else if (listener.listenerFunction) {
      const traced = optIn ? withoutOptInExits(file, registeredByChoice) : file;
      followFunction(traced, listener.listenerFunction, site);
    }
  }
}

/** The file, with exits that stop nothing and run only by a configuration flag's choice left unreported. */
function withoutOptInExits(file: ExitFile, registeredByChoice: boolean): ExitFile {
  return {
    ...file,
    reportExit(node, exit, site, state) {
      const byChoice = registeredByChoice || gatedByConfiguration(node, file.ancestorsOf(node), file.flags());
      if (!state.stopped && byChoice) return;
      file.reportExit(node, exit, site, state);
    },
  };
}

/** The listener's signals, else the crash events checked; nothing when neither is. */
function siteOf(listener: ProcessListener, options: ListenerOptions): Site | undefined {
  const signal = listener.events.filter(isSignalName);
  if (signal.length > 0) return { kind: 'signal', event: signal.join('/') };
  if (!options.checkCrashListeners) return undefined;
  const crash = listener.events.filter(
    (event) =>
      CRASH_EVENTS.some((crash) => crash === event) &&
      (event !== 'uncaughtException' || options.checkUncaughtException),
  );
  return crash.length > 0 ? { kind: 'crash', event: crash.join('/') } : undefined;
}
