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
import { holdRequest, type HeldRequest, type RequestOutcome } from './requests.js';
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

interface OutputWatch {
  readonly stackTraces: StackTrace[];
  readonly helperLines: HelperLine[];
  readonly stdout: ReturnType<typeof followLines>;
  readonly stderr: ReturnType<typeof followLines>;
  /** Registers a listener for every further line of stdout and stderr; returns its remover. */
  readonly onLine: (listener: (line: string) => void) => () => void;
}

/** Reads the program's output as it comes: echo, stack traces, the helper's lines, readiness listeners. */
function watchOutput(program: Launched, echo: EchoSink | undefined, signalled: () => boolean): OutputWatch {
  const stackTraces: StackTrace[] = [];
  const helperLines: HelperLine[] = [];
  const listeners = new Set<(line: string) => void>();
  const lineHandler = (stream: 'stdout' | 'stderr') => {
    const scan = createStackTraceScanner(stream, (trace) => stackTraces.push(trace));
    return (line: string): void => {
      echo?.(stream, line);
      scan(line, signalled());
      const helperLine = parseHelperLine(line);
      if (helperLine !== undefined) helperLines.push(helperLine);
      for (const listener of listeners) listener(line);
    };
  };
  return {
    stackTraces,
    helperLines,
    stdout: followLines(program.stdout, lineHandler('stdout')),
    stderr: followLines(program.stderr, lineHandler('stderr')),
    onLine: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Sends the signal (and the second one with --again); returns when the second was sent, if it was. */
function sendSignals(program: Launched, options: ProbeOptions, echo: EchoSink | undefined) {
  const send = (): void => {
    if (options.toGroup) signalGroup(program.pid, options.signal);
    else program.child.kill(options.signal);
  };
  echo?.('probe', `sending ${options.signal} to the ${options.toGroup ? 'process group' : 'process'}`);
  send();
  let againAt: number | undefined;
  const againTimer =
    options.againMs === undefined
      ? undefined
      : setTimeout(() => {
          if (program.exit !== undefined) return;
          againAt = performance.now();
          echo?.('probe', `sending ${options.signal} again`);
          send();
        }, options.againMs);
  return {
    againAt: () => againAt,
    stop: () => clearTimeout(againTimer),
  };
}

/**
 * Waits for the exit until the deadline (from the signal, when one was sent), then deals with what
 * is left: at the deadline the whole group is killed; after an exit, processes still in the group
 * after LINGER_MS are. Returns whether the deadline passed and who was left running.
 */
async function endProgram(
  program: Launched,
  signalled: boolean,
  options: ProbeOptions,
  stop: AbortSignal,
  echo: EchoSink | undefined,
): Promise<{ deadlineHit: boolean; childrenLeft: GroupMember[] }> {
  const exitedInTime = signalled
    ? ((await within(
        program.exited.then(() => true),
        options.deadlineMs,
        stop,
      )) ?? false)
    : program.exit !== undefined;
  let childrenLeft: GroupMember[];
  if (!exitedInTime) {
    childrenLeft = listProcessGroup(program.pid).filter((member) => member.pid !== program.pid);
    if (signalled) echo?.('probe', `no exit within ${options.deadlineMs} ms: killing the process group`);
  } else {
    childrenLeft = await lingeringMembers(program.pid, stop);
    if (childrenLeft.length > 0)
      echo?.('probe', `killing ${childrenLeft.length} process${childrenLeft.length === 1 ? '' : 'es'} left running`);
  }
  if (!exitedInTime || childrenLeft.length > 0) {
    signalGroup(program.pid, 'SIGKILL');
    await within(program.exited, SETTLE_MS, stop);
    await groupGone(program.pid, stop);
  }
  return { deadlineHit: !exitedInTime, childrenLeft };
}

/** The requests' outcomes once every process is gone; any still open after SETTLE_MS is given up. */
async function settleRequests(
  held: readonly HeldRequest[],
  giveUp: AbortController,
  stop: AbortSignal,
): Promise<RequestOutcome[]> {
  const settled = Promise.all(held.map((request) => request.done));
  if ((await within(settled, SETTLE_MS, stop)) === undefined) giveUp.abort();
  return settled;
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
  const output = watchOutput(program, echo, () => signalledAt !== undefined);
  const stdin =
    options.stdin !== undefined && program.child.stdin
      ? feedSlowly(program.child.stdin, options.stdin.content, stop)
      : undefined;

  const readiness = {
    startedAt,
    exited: program.exited,
    onLine: output.onLine,
    timeoutMs: options.readyTimeoutMs,
    stop,
  };
  const ready = needsPort(options, await waitUntilReady(options.readiness, readiness));
  echo?.('probe', ready.ok ? `ready after ${ready.afterMs} ms` : `not ready: ${ready.reason}`);

  const urls = options.requests.map((template) => fillPort(template, ready.ok ? ready.port : undefined));
  // Which loopback address the port listens on, learned before the requests so that this connection
  // has closed (and left the program's handles) by the time the signal comes.
  const watched = ready.ok ? portToWatch(ready, urls) : undefined;
  const host =
    watched !== undefined && program.exit === undefined ? await listeningHost(watched.port, watched.host) : undefined;
  const giveUpRequests = new AbortController();
  const requestSignal = AbortSignal.any([stop, giveUpRequests.signal]);
  const held = ready.ok ? urls.map((url) => holdRequest(url, requestSignal)) : [];
  if (held.length > 0) {
    const sent = Promise.all(held.map((request) => request.sent));
    await within(Promise.race([sent, program.exited]), SEND_TIMEOUT_MS, stop);
    echo?.('probe', `${held.length} request${held.length === 1 ? '' : 's'} in flight`);
  }
  if (ready.ok) await within(program.exited, options.signalAfterMs, stop);

  let signals: ReturnType<typeof sendSignals> | undefined;
  let refusal: Promise<RefusalWatch> | undefined;
  if (ready.ok && program.exit === undefined) {
    signalledAt = performance.now();
    signals = sendSignals(program, options, echo);
    if (host !== undefined) refusal = watchRefusal(host, watched!.port, signalledAt, options.refuseWithinMs, stop);
  }
  const { deadlineHit, childrenLeft } = await endProgram(program, signalledAt !== undefined, options, stop, echo);
  signals?.stop();
  const exit = program.exit ?? (await program.exited);
  const newConnections = refusal === undefined ? undefined : { ...(await refusal), host: host!, port: watched!.port };
  const againAt = signals?.againAt();
  const requests = (await settleRequests(held, giveUpRequests, stop)).map(({ endedAt, ...outcome }): RequestReport => ({
    ...outcome,
    afterSignalMs: signalledAt === undefined ? null : Math.round(endedAt - signalledAt),
    afterAgain: againAt !== undefined && endedAt >= againAt,
  }));
  await within(Promise.all([output.stdout.closed, output.stderr.closed]), SETTLE_MS, stop);
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
    helperLines: output.helperLines,
    handles: reportDir === undefined ? null : readProcessHandles(reportDir),
    stackTraces: output.stackTraces,
    stdout: output.stdout.tally,
    ...(stdin === undefined || options.stdin === undefined
      ? {}
      : { stdin: { ...stdin.feed, file: options.stdin.file } }),
  };
}
