/**
 * One probe run: start the program, wait until it is ready, put requests in flight, send the
 * signal, watch what the shutdown does, and clean up whatever it left running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchRefusal, listeningHost, type RefusalWatch } from './connections.js';
import { preloadEnv, readProcessHandles, type ProcessHandles } from './handles.js';
import { parseHelperLine, type HelperLine } from './helper-lines.js';
import { followLines, launch, type ExitInfo, type Launched, type StreamTally } from './launch.js';
import { PORT_PLACEHOLDER, fillPort } from './loopback.js';
import type { ProbeOptions, ProbeSignal } from './options.js';
import { listProcessGroup, signalGroup, type GroupMember } from './process-group.js';
import { waitUntilReady, type ReadyResult } from './readiness.js';
import { holdRequest, type RequestOutcome } from './requests.js';
import { createStackTraceScanner, type StackTrace } from './stack-traces.js';
import { feedSlowly, type StdinFeed } from './stdin-feed.js';

/** After the program exits, how long its children get to exit too before they count as left running. */
export const LINGER_MS = 1_000;
/** How long sent requests get to reach the program before the probe gives up waiting for them. */
const SEND_TIMEOUT_MS = 5_000;
/** How long output pipes and requests get to close once every process is gone. */
const SETTLE_MS = 2_000;

export interface RequestReport extends Omit<RequestOutcome, 'endedAt'> {
  /** Milliseconds from the signal to its end (negative: it ended before the signal); null without a signal. */
  readonly afterSignalMs: number | null;
  /** It ended after the second signal (`--again`), which forces exit: a cut then is expected. */
  readonly afterAgain: boolean;
}

export interface ProbeResult {
  readonly command: readonly string[];
  readonly pid: number;
  readonly ready: ReadyResult;
  /** The signal sent; undefined when the program was not ready or had already exited. */
  readonly signal?: {
    readonly name: ProbeSignal;
    readonly to: 'process' | 'group';
    readonly againAfterMs?: number;
  };
  readonly exit: ExitInfo & {
    /** Milliseconds from the first signal to the exit; null without a signal. */
    readonly afterSignalMs: number | null;
    /** The probe killed it (SIGKILL to the group) because it had not exited by the deadline. */
    readonly killedByProbe: boolean;
  };
  readonly requests: readonly RequestReport[];
  /** The new-connection check; undefined when no port is known. */
  readonly newConnections?: RefusalWatch & { readonly host: string; readonly port: number };
  /** A port was known but nothing listened on it before the signal. */
  readonly portNotListening?: number;
  readonly childrenLeft: readonly GroupMember[];
  readonly helperLines: readonly HelperLine[];
  /** Per Node process, from the preload; null when --no-preload. */
  readonly handles: readonly ProcessHandles[] | null;
  readonly stackTraces: readonly StackTrace[];
  readonly stdout: StreamTally;
  readonly stdin?: StdinFeed & { readonly file: string };
}

export type EchoSink = (source: 'stdout' | 'stderr' | 'probe', line: string) => void;

/** The port to check for refusals: the one learned at readiness, else the first request URL's. */
function portToWatch(ready: ReadyResult, urls: readonly string[]): { port: number; host?: string } | undefined {
  if (ready.ok && ready.port !== undefined) return { port: ready.port };
  for (const url of urls) {
    const parsed = new URL(url);
    const port = Number(parsed.port || 80);
    if (Number.isInteger(port)) return { port, host: parsed.hostname.replace(/^\[|\]$/g, '') };
  }
  return undefined;
}

/** Not ready after all when a request URL needs the port and the ready line named none. */
function needsPort(options: ProbeOptions, ready: ReadyResult): ReadyResult {
  if (!ready.ok || ready.port !== undefined) return ready;
  const template = options.requests.find((url) => url.includes(PORT_PLACEHOLDER));
  if (template === undefined) return ready;
  return {
    ok: false,
    afterMs: ready.afterMs,
    reason: `the ready line "${ready.line ?? ''}" holds no port for ${template}`,
  };
}

/** Members of the group other than the program itself still alive after LINGER_MS (polling, so a quick exit ends the wait). */
async function lingeringMembers(pgid: number, stop: AbortSignal): Promise<GroupMember[]> {
  const until = performance.now() + LINGER_MS;
  for (;;) {
    const members = listProcessGroup(pgid);
    if (members.length === 0 || performance.now() >= until) return members;
    await sleep(100, undefined, { signal: stop });
  }
}

/** Waits (up to SETTLE_MS) until no live process is left in the group after a SIGKILL. */
async function groupGone(pgid: number, stop: AbortSignal): Promise<void> {
  const until = performance.now() + SETTLE_MS;
  while (listProcessGroup(pgid).length > 0 && performance.now() < until) await sleep(50, undefined, { signal: stop });
}

/** `work`'s value, or undefined after `ms`; rejects when `stop` aborts (the probe was cancelled). */
async function within<T>(work: Promise<T>, ms: number, stop: AbortSignal): Promise<T | undefined> {
  const timer = new AbortController();
  try {
    return await Promise.race([work, sleep(ms, undefined, { signal: AbortSignal.any([stop, timer.signal]) })]);
  } finally {
    timer.abort();
  }
}

export async function runProbeSession(
  options: ProbeOptions,
  cwd: string,
  cancelled: AbortSignal | undefined,
  echo: EchoSink | undefined,
): Promise<ProbeResult> {
  const stop = new AbortController(); // ends requests, watchers and the stdin feed
  const onCancel = (): void => stop.abort(cancelled?.reason);
  cancelled?.addEventListener('abort', onCancel, { once: true });
  const reportDir = options.preload ? mkdtempSync(path.join(os.tmpdir(), 'graceful-shutdown-probe-')) : undefined;
  let program: Launched | undefined;
  try {
    program = await launch(options.command, {
      cwd,
      env: reportDir === undefined ? process.env : preloadEnv(process.env, reportDir),
      pipeStdin: options.stdin !== undefined,
    });
    return await observe(program, options, stop.signal, echo, reportDir);
  } finally {
    stop.abort();
    cancelled?.removeEventListener('abort', onCancel);
    // Whatever is still running now (cancelled probe, a failure) goes too: the probe leaks nothing.
    if (program !== undefined && listProcessGroup(program.pid).length > 0) signalGroup(program.pid, 'SIGKILL');
    if (reportDir !== undefined) rmSync(reportDir, { recursive: true, force: true });
  }
}

async function observe(
  program: Launched,
  options: ProbeOptions,
  stop: AbortSignal,
  echo: EchoSink | undefined,
  reportDir: string | undefined,
): Promise<ProbeResult> {
  const startedAt = performance.now();
  let signalledAt: number | undefined;
  let againAt: number | undefined;
  const stackTraces: StackTrace[] = [];
  const helperLines: HelperLine[] = [];
  const lineListeners = new Set<(line: string) => void>();
  const lineHandler = (stream: 'stdout' | 'stderr') => {
    const scan = createStackTraceScanner(stream, (trace) => stackTraces.push(trace));
    return (line: string): void => {
      echo?.(stream, line);
      scan(line, signalledAt !== undefined);
      const helperLine = parseHelperLine(line);
      if (helperLine !== undefined) helperLines.push(helperLine);
      for (const listener of lineListeners) listener(line);
    };
  };
  const stdout = followLines(program.stdout, lineHandler('stdout'));
  const stderr = followLines(program.stderr, lineHandler('stderr'));
  const stdin =
    options.stdin !== undefined && program.child.stdin
      ? feedSlowly(program.child.stdin, options.stdin.content, stop)
      : undefined;

  const ready = needsPort(
    options,
    await waitUntilReady(options.readiness, {
      startedAt,
      exited: program.exited,
      onLine: (listener) => {
        lineListeners.add(listener);
        return () => lineListeners.delete(listener);
      },
      timeoutMs: options.readyTimeoutMs,
      stop,
    }),
  );
  echo?.('probe', ready.ok ? `ready after ${ready.afterMs} ms` : `not ready: ${ready.reason}`);

  const urls = options.requests.map((template) => fillPort(template, ready.ok ? ready.port : undefined));
  // Which loopback address the port listens on, learned before the requests so that this connection
  // has closed (and left the program's handles) by the time the signal comes.
  const watched = ready.ok ? portToWatch(ready, urls) : undefined;
  const host =
    watched !== undefined && program.exit === undefined ? await listeningHost(watched.port, watched.host) : undefined;
  const requestStop = new AbortController();
  const requestSignal = AbortSignal.any([stop, requestStop.signal]);
  const held = ready.ok ? urls.map((url) => holdRequest(url, requestSignal)) : [];
  if (held.length > 0) {
    await within(
      Promise.race([Promise.all(held.map((request) => request.sent)), program.exited]),
      SEND_TIMEOUT_MS,
      stop,
    );
    echo?.('probe', `${held.length} request${held.length === 1 ? '' : 's'} in flight`);
  }
  if (ready.ok) await within(program.exited, options.signalAfterMs, stop);

  const send = (): void => {
    if (options.toGroup) signalGroup(program.pid, options.signal);
    else program.child.kill(options.signal);
  };
  let refusal: Promise<RefusalWatch> | undefined;
  let againTimer: NodeJS.Timeout | undefined;
  if (ready.ok && program.exit === undefined) {
    signalledAt = performance.now();
    echo?.('probe', `sending ${options.signal} to the ${options.toGroup ? 'process group' : 'process'}`);
    send();
    if (host !== undefined) refusal = watchRefusal(host, watched!.port, signalledAt, options.refuseWithinMs, stop);
    if (options.againMs !== undefined)
      againTimer = setTimeout(() => {
        if (program.exit !== undefined) return;
        againAt = performance.now();
        echo?.('probe', `sending ${options.signal} again`);
        send();
      }, options.againMs);
  }

  // The deadline counts from the signal; without one (not ready, or exited already) there is nothing to wait for.
  const deadlineHit =
    signalledAt === undefined
      ? program.exit === undefined
      : ((await within(
          program.exited.then(() => false),
          options.deadlineMs,
          stop,
        )) ?? true);
  clearTimeout(againTimer);
  let childrenLeft: GroupMember[];
  if (deadlineHit) {
    // Still running: what it holds is its last snapshot; everything in its group is left running.
    childrenLeft = listProcessGroup(program.pid).filter((member) => member.pid !== program.pid);
    if (signalledAt !== undefined)
      echo?.('probe', `no exit within ${options.deadlineMs} ms: killing the process group`);
    signalGroup(program.pid, 'SIGKILL');
    await within(program.exited, SETTLE_MS, stop);
    await groupGone(program.pid, stop);
  } else {
    childrenLeft = await lingeringMembers(program.pid, stop);
    if (childrenLeft.length > 0) {
      echo?.('probe', `killing ${childrenLeft.length} process${childrenLeft.length === 1 ? '' : 'es'} left running`);
      signalGroup(program.pid, 'SIGKILL');
      await groupGone(program.pid, stop);
    }
  }
  const exit = program.exit ?? (await program.exited);

  const newConnections = refusal === undefined ? undefined : { ...(await refusal), host: host!, port: watched!.port };
  // Every process is gone: requests end now, or were never going to be answered.
  const settled = Promise.all(held.map((request) => request.done));
  if ((await within(settled, SETTLE_MS, stop)) === undefined) requestStop.abort();
  const requests = (await settled).map(({ endedAt, ...outcome }): RequestReport => ({
    ...outcome,
    afterSignalMs: signalledAt === undefined ? null : Math.round(endedAt - signalledAt),
    afterAgain: againAt !== undefined && endedAt >= againAt,
  }));
  await within(Promise.all([stdout.closed, stderr.closed]), SETTLE_MS, stop);
  program.stdout.destroy();
  program.stderr.destroy();

  return {
    command: options.command,
    pid: program.pid,
    ready,
    ...(signalledAt === undefined
      ? {}
      : {
          signal: {
            name: options.signal,
            to: options.toGroup ? 'group' : 'process',
            ...(againAt === undefined ? {} : { againAfterMs: Math.round(againAt - signalledAt) }),
          },
        }),
    exit: {
      ...exit,
      afterSignalMs: signalledAt === undefined || deadlineHit ? null : Math.round(exit.at - signalledAt),
      killedByProbe: deadlineHit,
    },
    requests,
    ...(newConnections === undefined ? {} : { newConnections }),
    ...(watched !== undefined && host === undefined && signalledAt !== undefined
      ? { portNotListening: watched.port }
      : {}),
    childrenLeft,
    helperLines,
    handles: reportDir === undefined ? null : readProcessHandles(reportDir),
    stackTraces,
    stdout: stdout.tally,
    ...(stdin === undefined || options.stdin === undefined
      ? {}
      : { stdin: { ...stdin.feed, file: options.stdin.file } }),
  };
}
