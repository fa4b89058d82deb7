/** Terminal output: colours only on a TTY (NO_COLOR / FORCE_COLOR respected), plain text elsewhere. */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export interface Stream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly cwd: string;
  readonly stdout: Stream;
  readonly stderr: Stream;
  /** Aborted on Ctrl+C / SIGTERM (the CLI runs under `runMain`). */
  readonly signal?: AbortSignal;
}

export function colorsFor(stream: Stream): Colors {
  return pc.createColors(useColor(stream));
}

export function useColor(stream: Stream): boolean {
  const env = process.env;
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if ('FORCE_COLOR' in env) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Writes a warning line to stderr: `warning: …`. */
export function warn(io: Io, message: string): void {
  const c = colorsFor(io.stderr);
  io.stderr.write(`${c.yellow('warning')}: ${message}\n`);
}

// Escape sequences are zero-width; columns are measured without them.
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (text: string): number => text.replace(ANSI, '').length;

/** A left-aligned text table; the last column is not padded (it holds reasons and errors). */
export function formatTable(rows: ReadonlyArray<readonly string[]>, indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell))))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}
