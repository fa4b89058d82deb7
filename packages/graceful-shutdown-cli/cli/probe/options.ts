/** The probe's options, checked before anything starts: every mistake is a usage error (exit 2) naming the flag. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, errorMessage } from '../errors.js';
import { PORT_PLACEHOLDER, requestUrlProblem } from './loopback.js';

export const PROBE_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type ProbeSignal = (typeof PROBE_SIGNALS)[number];

export type Readiness =
  | { readonly kind: 'port'; readonly port: number }
  | { readonly kind: 'line'; readonly pattern: RegExp }
  | { readonly kind: 'after'; readonly ms: number };

/** As commander hands them over (numbers already parsed). */
export interface ProbeFlags {
  readonly readyPort?: number;
  readonly readyLine?: string;
  readonly readyAfter?: number;
  readonly readyTimeout: number;
  readonly request?: readonly string[];
  readonly stdin?: string;
  readonly signal: ProbeSignal;
  readonly again?: number;
  readonly signalAfter: number;
  readonly group?: true;
  readonly deadline: number;
  readonly refuseWithin: number;
  readonly echo?: true;
  readonly preload: boolean;
  readonly format: 'text' | 'json';
}

export interface ProbeOptions {
  readonly command: readonly string[];
  readonly readiness: Readiness;
  readonly readyTimeoutMs: number;
  /** URL templates; `{port}` is filled in with the port learned at readiness. */
  readonly requests: readonly string[];
  readonly stdin?: { readonly file: string; readonly content: Buffer };
  readonly signal: ProbeSignal;
  readonly againMs?: number;
  readonly signalAfterMs: number;
  readonly toGroup: boolean;
  readonly deadlineMs: number;
  readonly refuseWithinMs: number;
  readonly echo: boolean;
  readonly preload: boolean;
  readonly format: 'text' | 'json';
}

/** Used when no --ready-* flag is given. */
export const DEFAULT_READY_AFTER_MS = 1_000;

function readiness(flags: ProbeFlags): Readiness {
  const given = [flags.readyPort, flags.readyLine, flags.readyAfter].filter((value) => value !== undefined);
  if (given.length > 1) throw new UsageError('probe: give one of --ready-port, --ready-line and --ready-after');
  if (flags.readyPort !== undefined) return { kind: 'port', port: flags.readyPort };
  if (flags.readyLine !== undefined) {
    try {
      return { kind: 'line', pattern: new RegExp(flags.readyLine) };
    } catch (error) {
      throw new UsageError(`probe: --ready-line: ${errorMessage(error)}`);
    }
  }
  return { kind: 'after', ms: flags.readyAfter ?? DEFAULT_READY_AFTER_MS };
}

/** The readiness learns a port when it is --ready-port, or a --ready-line with a capture group. */
function learnsPort(ready: Readiness): boolean {
  if (ready.kind === 'port') return true;
  if (ready.kind === 'after') return false;
  // A pattern's group count: match it, as an alternative, against the empty string.
  return (new RegExp(`${ready.pattern.source}|`).exec('')?.length ?? 1) > 1;
}

function readStdin(file: string, cwd: string): { file: string; content: Buffer } {
  const full = path.resolve(cwd, file);
  try {
    return { file, content: readFileSync(full) };
  } catch (error) {
    throw new UsageError(`probe: --stdin ${file}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
  }
}

export function resolveProbeOptions(command: readonly string[], flags: ProbeFlags, cwd: string): ProbeOptions {
  if (process.platform === 'win32')
    throw new UsageError('probe: Windows has no POSIX signals or process groups; run the probe on Linux or macOS');
  if (command.length === 0) throw new UsageError('probe: no command given (put it after --)');
  const ready = readiness(flags);
  const requests = flags.request ?? [];
  for (const url of requests) {
    const problem = requestUrlProblem(url);
    if (problem !== undefined) throw new UsageError(`probe: --request ${problem}`);
    if (url.includes(PORT_PLACEHOLDER) && !learnsPort(ready))
      throw new UsageError(
        `probe: --request "${url}" uses ${PORT_PLACEHOLDER}, but nothing learns the port: give --ready-port, or a --ready-line with a capture group for it`,
      );
  }
  return {
    command,
    readiness: ready,
    readyTimeoutMs: flags.readyTimeout,
    requests,
    ...(flags.stdin === undefined ? {} : { stdin: readStdin(flags.stdin, cwd) }),
    signal: flags.signal,
    ...(flags.again === undefined ? {} : { againMs: flags.again }),
    signalAfterMs: flags.signalAfter,
    toGroup: flags.group === true,
    deadlineMs: flags.deadline,
    refuseWithinMs: flags.refuseWithin,
    echo: flags.echo === true,
    preload: flags.preload,
    format: flags.format,
  };
}
