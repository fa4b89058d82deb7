/** `--stdin <file>`: the file fed to the program's stdin a line at a time, so input is still arriving when the signal comes. */
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** Pause between two lines (or two CHUNK_BYTES pieces of a line). */
export const STDIN_PAUSE_MS = 50;
const CHUNK_BYTES = 4096;

export interface StdinFeed {
  readonly totalBytes: number;
  /** Bytes written so far. */
  fedBytes: number;
  /** Its stdin closed before the file's end (EPIPE: the program closed it, or exited). */
  closedByProgram: boolean;
}

/** Lines of `content`, each with its newline, long lines cut into CHUNK_BYTES pieces. */
export function stdinPieces(content: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  while (start < content.length) {
    const newline = content.indexOf(0x0a, start);
    const end = Math.min(newline === -1 ? content.length : newline + 1, start + CHUNK_BYTES);
    pieces.push(content.subarray(start, end));
    start = end;
  }
  return pieces;
}

/** Writes `content` to `stdin` slowly, then ends it; `stop` ends the feed early. Never rejects. */
export function feedSlowly(
  stdin: Writable,
  content: Buffer,
  stop: AbortSignal,
): { feed: StdinFeed; done: Promise<void> } {
  const feed: StdinFeed = { totalBytes: content.length, fedBytes: 0, closedByProgram: false };
  stdin.on('error', () => (feed.closedByProgram = true));
  const done = (async () => {
    for (const piece of stdinPieces(content)) {
      if (stop.aborted || feed.closedByProgram || stdin.destroyed) return;
      await new Promise<void>((resolve) => stdin.write(piece, () => resolve()));
      if (feed.closedByProgram) return;
      feed.fedBytes += piece.length;
      await sleep(STDIN_PAUSE_MS, undefined, { signal: stop }).catch(() => undefined);
    }
    if (!stdin.destroyed) stdin.end();
  })();
  return { feed, done };
}
