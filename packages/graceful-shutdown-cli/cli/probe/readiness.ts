/** Waiting until the program is ready: its port accepts a connection, a line matches, or a fixed time passed. */
import { setTimeout as sleep } from 'node:timers/promises';
import { listeningHost } from './connections.js';
import type { ExitInfo } from './launch.js';
import type { Readiness } from './options.js';

export type ReadyResult =
  | { readonly ok: true; readonly afterMs: number; readonly port?: number; readonly line?: string }
  | { readonly ok: false; readonly afterMs: number; readonly reason: string };

const PORT_POLL_MS = 100;
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The port a matching line names: the group called `port`, else the first group, when it is a number. */
export function portFromMatch(match: RegExpExecArray): number | undefined {
  const text = match.groups?.port ?? match[1];
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

export interface ReadinessContext {
  readonly startedAt: number;
  readonly exited: Promise<ExitInfo>;
  /** Registers a listener for every output line (stdout and stderr); returns a function that removes it. */
  readonly onLine: (listener: (line: string) => void) => () => void;
  readonly timeoutMs: number;
  /** Aborted when the probe is cancelled (Ctrl+C): the wait then rejects. */
  readonly stop: AbortSignal;
}

async function portAccepts(port: number, stop: AbortSignal): Promise<void> {
  while ((await listeningHost(port)) === undefined) await sleep(PORT_POLL_MS, undefined, { signal: stop });
}

function lineMatches(
  pattern: RegExp,
  context: ReadinessContext,
): { matched: Promise<RegExpExecArray>; dispose: () => void } {
  let dispose = (): void => {};
  const matched = new Promise<RegExpExecArray>((resolve) => {
    dispose = context.onLine((line) => {
      const match = pattern.exec(line.replace(ANSI, ''));
      if (match) resolve(match);
    });
  });
  return { matched, dispose: () => dispose() };
}

const exitText = (exit: ExitInfo): string =>
  exit.signal ? `it died of ${exit.signal}` : `it exited with status ${exit.code ?? '?'}`;

/** Resolves when ready, or not ready (exited first, or timed out); rejects only when `stop` aborts. */
export async function waitUntilReady(readiness: Readiness, context: ReadinessContext): Promise<ReadyResult> {
  const since = (): number => Math.round(performance.now() - context.startedAt);
  const local = new AbortController();
  const stopBoth = AbortSignal.any([context.stop, local.signal]);
  const line = readiness.kind === 'line' ? lineMatches(readiness.pattern, context) : undefined;
  const ready: Promise<ReadyResult> =
    readiness.kind === 'port'
      ? portAccepts(readiness.port, stopBoth).then(() => ({ ok: true, afterMs: since(), port: readiness.port }))
      : readiness.kind === 'line'
        ? line!.matched.then((match) => {
            const port = portFromMatch(match);
            return { ok: true, afterMs: since(), line: match.input, ...(port === undefined ? {} : { port }) };
          })
        : sleep(readiness.ms, undefined, { signal: stopBoth }).then(() => ({ ok: true, afterMs: since() }));
  const exited = context.exited.then((exit): ReadyResult => ({
    ok: false,
    afterMs: since(),
    reason: `${exitText(exit)} before it was ready`,
  }));
  const timedOut = sleep(context.timeoutMs, undefined, { signal: stopBoth }).then((): ReadyResult => ({
    ok: false,
    afterMs: since(),
    reason: `not ready ${context.timeoutMs} ms after it started`,
  }));
  const cancelled = new Promise<never>((_, reject) => {
    if (context.stop.aborted) reject(context.stop.reason);
    context.stop.addEventListener('abort', () => reject(context.stop.reason), { once: true });
  });
  try {
    return await Promise.race([ready, exited, timedOut, cancelled]);
  } finally {
    local.abort();
    line?.dispose();
    // The losers reject with the abort: nobody waits for them.
    for (const loser of [ready, timedOut, cancelled]) loser.catch(() => undefined);
  }
}
