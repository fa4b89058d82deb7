// graceful-shutdown helper v0.1.0
// Written by eslint-plugin-graceful-shutdown's `graceful-main` codemod. You own this file now:
// edit it freely; nothing updates it behind your back. No dependencies.
//
// runMain(main, options?) runs a program as gather → cancel → drain → close, the Node form of
// what `asyncio.run` does on Ctrl+C: the first SIGINT/SIGTERM aborts `signal`; the process stays
// alive until `main` and every tracked promise have settled, runs the deferred closers (last
// registered first) and exits with the right status. A second signal forces exit at once.
// A `main` that returns normally leaves running whatever it started (a server, a stream, callbacks)
// exactly as Node would: no forced exit. A signal while the program only waits for input (stdin)
// ends it at once, as before.
// `main` receives { signal, shutdown, track(promise, label?), defer(close, label?) }.
// defer(close, { onlyOn: ['SIGINT'] }) runs only when one of those signals started shutdown: the
// cleanup a signal handler did before, which a normal finish or an error never ran.
// closeServer(server) stops an http(s) server once its in-flight requests have finished.
import type { Server } from 'node:http';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { setMaxListeners } from 'node:events';
import { constants } from 'node:os';
import { isatty } from 'node:tty';
import { format } from 'node:util';

/** What started shutdown: a signal's name, or 'error'. */
export type ShutdownReason = NodeJS.Signals | 'error';

export interface MainContext {
  /** Aborted when shutdown begins: pass it to fetch, timers/promises, streams, child processes. */
  readonly signal: AbortSignal;
  /** Resolves with the reason when a signal or an error starts shutdown (a server awaits it, then closes). */
  readonly shutdown: Promise<ShutdownReason>;
  /** Background work to wait for before closing, even after `main` returned; a rejection is printed with its label, exit code 1. */
  readonly track: (work: PromiseLike<unknown>, label?: string) => void;
  /** A closer run at the end, last registered first; returns a function that unregisters it. */
  readonly defer: (close: () => unknown, options?: string | DeferOptions) => () => void;
}

export interface DeferOptions {
  label?: string; // names the closer in errors and the deadline's report; default: the function's name
  /** Run only when one of these signals started shutdown: not when `main` returns normally, not after an error. */
  onlyOn?: readonly NodeJS.Signals[];
}

export interface RunMainOptions {
  signals?: NodeJS.Signals[]; // default ['SIGINT', 'SIGTERM'] (+ 'SIGBREAK' on Windows); add 'SIGHUP' if you want it
  timeoutMs?: number; // deadline for drain + close once a signal or an error started shutdown; default 10_000
  exitZeroOnSignal?: boolean; // exit 0, not 128 + n, after a signal-started shutdown finished in time (for supervisors)
  log?: (line: string) => void; // default: a line to stderr
}

const SAME_DELIVERY_MS = 300; // shells and wrappers send a signal twice: that is not "again"
const FLUSH_MS = 5_000; // how long a dying process waits for piped stdout/stderr to drain
const WATCHDOG_MS = 1_000; // after a signal- or error-started close, a process still alive this long is stuck on a handle
const INPUT_HANDLES = new Set(['TTYWrap', 'PipeWrap']); // a terminal or a pipe being read: stdin

type Closer = { close: () => unknown; label: string; onlyOn: readonly NodeJS.Signals[] | undefined };
type Pending = { name: string; since: number };
type Log = (line: string) => void;

export function runMain(main: (ctx: MainContext) => Promise<number | void>, options: RunMainOptions = {}): void {
  const { signals, timeoutMs, log } = settingsOf(options);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every fetch and sleep adds an abort listener
  const errors = errorReporter(log, controller.signal);
  const tracked = new Map<Promise<unknown>, Pending>(); // settled work leaves: servers must not grow
  const closing = new Map<Promise<unknown>, Pending>();
  const closers = new Set<Closer>(); // in registration order; closed last first
  const started = performance.now();
  const abandoned = settable<void>(); // resolved when main is given up on: it only waits for input
  const shutdown = settable<ShutdownReason>();
  let phase: 'run' | 'close' | 'done' = 'run';
  let signalled: NodeJS.Signals | undefined;
  let signalledAt = 0;
  let deadline: NodeJS.Timeout | undefined;
  let mainDone = false;
  let count = 0;

  const pending = () =>
    describePending(mainDone ? [] : [{ name: 'main', since: started }], tracked.values(), closing.values());

  const begin = (reason: ShutdownReason) => {
    if (controller.signal.aborted || phase === 'done') return;
    // Signal listeners do not keep the event loop alive; this ref'd timer does, until the deadline.
    deadline = setTimeout(onDeadline, timeoutMs);
    shutdown.resolve(reason);
    // Libraries test `err.name === 'AbortError'`, so the reason is a DOMException of that name.
    const message = reason === 'error' ? 'shutting down after an error' : `${reason} received`;
    controller.abort(new DOMException(message, 'AbortError'));
  };
  const fail = (where: string) => (err: unknown) => {
    if (errors.report(where, err)) begin('error');
  };

  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled === undefined) {
      signalled = sig;
      signalledAt = performance.now();
      // Nothing but stdin keeps `main` pending: there is no work to drain, and it may never read again.
      const onlyInput = !mainDone && tracked.size === 0 && waitsOnlyForInput();
      if (!onlyInput) log(`${sig} received: shutting down (${sig === 'SIGINT' ? 'Ctrl+C' : 'send it'} again to force)`);
      begin(sig);
      if (onlyInput) abandoned.resolve();
    } else if (performance.now() - signalledAt > SAME_DELIVERY_MS) {
      log(`${sig} received again: exiting now`);
      void exit(sig, false);
    }
  };
  const onUncaught = fail('uncaught exception');
  const onRejection = fail('unhandled rejection');
  const onBeforeExit = () => {
    // Nothing is left that could settle what is pending: it never will.
    log(`event loop is empty but ${pending()} is still pending; exiting`);
    stopListening();
    process.exitCode = 1;
  };
  const onStdoutError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') return fail('stdout')(err);
    signalled ??= 'SIGPIPE'; // `cli | head`: the reader left. End quietly, like a C program (141).
    begin('SIGPIPE');
  };
  const exit = (sig: NodeJS.Signals | undefined, flush: boolean): Promise<void> => {
    stopListening();
    return exitProcess(sig, flush);
  };
  const onDeadline = () => {
    log(`shutdown deadline (${timeoutMs} ms) passed; still pending: ${pending()}; active resources: ${resources()}`);
    void exit(signalled, true);
  };

  const track = (work: PromiseLike<unknown>, label?: string) => {
    const name = label === undefined ? `track #${++count}` : `track "${label}"`;
    if (phase === 'done') return log(`${name} after shutdown finished: ignored`);
    void settle(tracked, name, work, errors.report); // a rejection marks the exit status but does not start shutdown
  };
  const runCloser = ({ close, label }: Closer) =>
    settle(closing, `closer ${label}`, new Promise<unknown>((resolve) => resolve(close())), errors.report);
  // A signal-only closer is skipped on a normal finish and after an error, decided when its turn comes.
  const applies = ({ onlyOn }: Closer) => !onlyOn || (signalled !== undefined && onlyOn.includes(signalled));
  const defer = (close: () => unknown, options: string | DeferOptions = {}) => {
    const entry = closerEntry(close, options, closers.size + 1);
    if (phase === 'run') closers.add(entry);
    else if (applies(entry)) void runCloser(entry); // already closing: run it now
    return () => void closers.delete(entry);
  };

  const run = async () => {
    let result: number | void = undefined;
    try {
      const ctx = { signal: controller.signal, shutdown: shutdown.promise, track, defer };
      result = await Promise.race([main(ctx), abandoned.promise]);
    } catch (err) {
      fail('main')(err);
    }
    mainDone = true;
    // Drain: a resolved `main` does not abort tracked work; it waits for it to finish.
    while (tracked.size > 0) await Promise.all(tracked.keys());
    phase = 'close';
    for (let entry = takeLast(closers); entry; entry = takeLast(closers)) if (applies(entry)) await runCloser(entry);
    // Work tracked and closers deferred while closing belong to the close.
    while (tracked.size + closing.size > 0) await Promise.all([...tracked.keys(), ...closing.keys()]);
    phase = 'done';
    clearTimeout(deadline);
    if (signalled && !options.exitZeroOnSignal) return exit(signalled, true);
    process.exitCode = finalExitCode(result, errors.failed);
    stopListening();
    // Never process.exit() on a clean finish (it truncates piped stdout): let the loop end. What a
    // normally returned main left running (a server, a stream, callbacks) is the program's work.
    if (controller.signal.aborted) setTimeout(() => watchdog(log), WATCHDOG_MS).unref();
  };

  const stopListening = listen(signals, { onSignal, onUncaught, onRejection, onBeforeExit });
  process.stdout.on('error', onStdoutError);
  void run();
}

function settingsOf(options: RunMainOptions) {
  const windows = process.platform === 'win32';
  return {
    signals: options.signals ?? ['SIGINT', 'SIGTERM', ...(windows ? ['SIGBREAK' as const] : [])],
    timeoutMs: options.timeoutMs ?? 10_000,
    log: options.log ?? ((line: string) => void process.stderr.write(`${line}\n`)),
  };
}

/** A promise with its resolve function. */
function settable<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve = (_value: T): void => {};
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** Installs the process listeners; returns the function that removes them (not the stdout one). */
function listen(
  signals: readonly NodeJS.Signals[],
  on: {
    onSignal: (sig: NodeJS.Signals) => void;
    onUncaught: (err: unknown) => void;
    onRejection: (err: unknown) => void;
    onBeforeExit: () => void;
  },
): () => void {
  for (const sig of signals) process.on(sig, on.onSignal);
  process
    .on('uncaughtException', on.onUncaught)
    .on('unhandledRejection', on.onRejection)
    .on('beforeExit', on.onBeforeExit);
  return () => {
    for (const sig of signals) process.off(sig, on.onSignal);
    process
      .off('uncaughtException', on.onUncaught)
      .off('unhandledRejection', on.onRejection)
      .off('beforeExit', on.onBeforeExit);
  };
}

/**
 * Prints an error once and marks the exit status (`failed`). Only the abort's own outcome is
 * silent: `report` returns false for it.
 */
function errorReporter(
  log: Log,
  signal: AbortSignal,
): { failed: boolean; report: (where: string, err: unknown) => boolean } {
  const printed = new WeakSet<object>();
  const errors = {
    failed: false,
    report: (where: string, err: unknown): boolean => {
      if (isAbortOutcome(err, signal)) return false;
      errors.failed = true;
      if (typeof err === 'object' && err !== null) {
        if (printed.has(err)) return true;
        printed.add(err);
      }
      printError(log, where, err);
      return true;
    },
  };
  return errors;
}

/** `main`'s own number wins, then a `process.exitCode` the program set, then 1 after an error. */
function finalExitCode(result: number | void, failed: boolean): number {
  const userCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  return typeof result === 'number' ? result : (userCode ?? (failed ? 1 : 0));
}

/** Removes and returns the last registered closer. */
function takeLast(closers: Set<Closer>): Closer | undefined {
  const last = [...closers].pop();
  if (last) closers.delete(last);
  return last;
}

/** Whether `err` is only the outcome of our own abort (silent), not a failure. */
function isAbortOutcome(err: unknown, signal: AbortSignal): boolean {
  const name = (err as { name?: unknown } | null | undefined)?.name;
  return err === signal.reason || (signal.aborted && name === 'AbortError');
}

// The program's own errors print as Node prints them (no prefix); helper-made work names itself.
function printError(log: Log, where: string, err: unknown): void {
  if (where === 'main') log(format(err));
  else if (where === 'uncaught exception' || where === 'unhandled rejection')
    log(`${format(err)}\n\nNode.js ${process.version}`);
  else log(`${where} failed: ${format(err)}`);
}

/** `main (1.2s), track "poll" (0.3s)`: what shutdown still waits for, and for how long. */
function describePending(...groups: Iterable<Pending>[]): string {
  const age = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)}s`;
  const items = groups.flatMap((group) => [...group]);
  return items.map(({ name, since }) => `${name} (${age(since)})`).join(', ') || 'nothing';
}

const resources = () => process.getActiveResourcesInfo().join(', ') || 'none';

/** Only stdin (a terminal or a pipe being read) keeps the process alive. */
function waitsOnlyForInput(): boolean {
  const handles = process.getActiveResourcesInfo();
  return handles.length > 0 && handles.every((type) => INPUT_HANDLES.has(type));
}

/** Adds `work` to `set` until it settles; a rejection is reported under `name`. */
function settle(
  set: Map<Promise<unknown>, Pending>,
  name: string,
  work: PromiseLike<unknown>,
  report: (where: string, err: unknown) => unknown,
): Promise<unknown> {
  const done = Promise.resolve(work)
    .then(undefined, (err: unknown) => void report(name, err))
    .finally(() => set.delete(done));
  set.set(done, { name, since: performance.now() });
  return done;
}

function closerEntry(close: () => unknown, options: string | DeferOptions, position: number): Closer {
  const { label = close.name || `#${position}`, onlyOn } = typeof options === 'string' ? { label: options } : options;
  return { close, label, onlyOn };
}

// Exit now, after a signal with its status: flush piped output, then re-raise the signal so a
// parent shell sees a real signal death and stops its script (`process.exit(130)` does not).
async function exitProcess(sig: NodeJS.Signals | undefined, flush: boolean): Promise<void> {
  const code = sig ? 128 + (constants.signals[sig] ?? 0) : 1;
  process.exitCode = code; // a PID-1 process ignores the re-raise and ends with this
  if (sig && isatty(0) && process.stdin.isRaw) process.stdin.setRawMode(false);
  if (flush) await flushed();
  if (!sig || process.platform === 'win32') process.exit(code);
  process.kill(process.pid, sig);
  setTimeout(() => process.exit(code), 100); // still alive: PID 1, or a signal Node ignores (SIGPIPE)
}

const writing = () => [process.stdout, process.stderr].filter((out) => !out.destroyed && out.writableLength > 0);

function flushed(): Promise<void> {
  return new Promise<void>((resolve) => {
    setTimeout(resolve, FLUSH_MS).unref(); // bounded: the reader may never read
    void Promise.all(writing().map((out) => new Promise((done) => out.write('', done)))).then(() => resolve());
  });
}

function watchdog(log: Log): void {
  // Still writing piped output is fine; anything else keeping the process alive is a leak.
  if (writing().length > 0) return void setTimeout(() => watchdog(log), WATCHDOG_MS).unref();
  log(`process still alive ${WATCHDOG_MS} ms after shutdown; kept alive by: ${resources()}`);
  process.exit();
}

/**
 * Stops `server` accepting, lets in-flight requests finish, and resolves once it has closed.
 * Node keeps a keep-alive connection open until its timeout even after close(); so each
 * connection is closed as soon as its response ends. Upgraded (WebSocket) sockets are not
 * requests: close them yourself (e.g. in a `defer`).
 */
export function closeServer(server: Server): Promise<void> {
  const onFinish = (message: unknown) => {
    if ((message as { server?: unknown }).server === server) setImmediate(() => server.closeIdleConnections());
  };
  subscribe('http.server.response.finish', onFinish);
  return new Promise((resolve, reject) => {
    server.close((err) => {
      unsubscribe('http.server.response.finish', onFinish);
      if (err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(err);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
