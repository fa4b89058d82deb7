/**
 * Cancellation for the CLI's own work (it runs under `runMain`, so Ctrl+C aborts a signal rather
 * than killing the process). Long synchronous loops yield now and then so the signal is heard at
 * all; work that cannot take a signal (ESLint) is raced against it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Returns a function to await between items: it yields every `everyMs` and throws once aborted. */
export function createCheckpoint(signal: AbortSignal | undefined, everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    signal?.throwIfAborted();
    if (performance.now() - last < everyMs) return;
    await nextTurn(undefined, signal ? { signal } : {});
    last = performance.now();
  };
}

/** Settles like `work`, or rejects with the abort reason as soon as `signal` aborts. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  // The abandoned work may still fail later; that is not news once we stopped waiting for it.
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
