/** Starts the program under test as the leader of its own process group, its output piped to the probe. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** performance.now() at the exit. */
  readonly at: number;
}

export interface Launched {
  readonly child: ChildProcess;
  /** Also the process group id. */
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<ExitInfo>;
  /** Set once it has exited. */
  exit?: ExitInfo;
}

export interface LaunchOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly pipeStdin: boolean;
}

/** Spawns `command`; a command that cannot start (not found, not executable) is a usage error naming it. */
export async function launch(command: readonly string[], options: LaunchOptions): Promise<Launched> {
  const [file, ...args] = command;
  if (file === undefined) throw new UsageError('probe: no command given (put it after --)');
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true, // its own process group: signals and the leftover check reach it and its children only
    stdio: [options.pipeStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`probe: cannot start "${file}": ${error.code ?? error.message}`)),
    );
  });
  const launched: Launched = {
    child,
    pid: child.pid!,
    stdout: child.stdout!,
    stderr: child.stderr!,
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        launched.exit = { code, signal, at: performance.now() };
        resolve(launched.exit);
      }),
    ),
  };
  return launched;
}

export interface StreamTally {
  bytes: number;
  lines: number;
  /** The last byte was a newline (or nothing was written). */
  endsWithNewline: boolean;
  /** The stream reached its end (every writer closed it). */
  ended: boolean;
}

/**
 * Calls `onLine` for each line of `stream` as it arrives (the last one even without a newline) and
 * counts what passed; resolves the tally once the stream closes.
 */
export function followLines(
  stream: Readable,
  onLine: (line: string) => void,
): { tally: StreamTally; closed: Promise<StreamTally> } {
  const tally: StreamTally = { bytes: 0, lines: 0, endsWithNewline: true, ended: false };
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    tally.bytes += Buffer.byteLength(chunk);
    tally.endsWithNewline = chunk.endsWith('\n');
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      tally.lines++;
      onLine(buffer.slice(0, newline).replace(/\r$/, ''));
      buffer = buffer.slice(newline + 1);
    }
  });
  const closed = new Promise<StreamTally>((resolve) => {
    stream.on('end', () => {
      tally.ended = true;
      if (buffer !== '') {
        tally.lines++;
        onLine(buffer);
      }
      buffer = '';
    });
    stream.on('close', () => resolve(tally));
  });
  return { tally, closed };
}
