/**
 * The runtime helper's own log lines (codemods/helper/graceful-shutdown.ts writes them to stderr):
 * they say the program runs under `runMain`, and what was still pending when it gave up.
 */

export interface HelperLine {
  readonly kind: 'signal' | 'deadline' | 'still-alive' | 'loop-empty' | 'forced';
  readonly line: string;
}

const PATTERNS: ReadonlyArray<readonly [HelperLine['kind'], RegExp]> = [
  ['signal', /^SIG[A-Z]+ received: shutting down\b/],
  ['forced', /^SIG[A-Z]+ received again: exiting now$/],
  ['deadline', /^shutdown deadline \(\d+ ms\) passed; still pending: .*; active resources: .*$/],
  ['still-alive', /^process still alive \d+ ms after shutdown; kept alive by: .*$/],
  ['loop-empty', /^event loop is empty but .* is still pending; exiting$/],
];

export function parseHelperLine(line: string): HelperLine | undefined {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(line)) return { kind, line };
  return undefined;
}

/** Lines that mean work was cut or a handle kept the process alive: not a graceful shutdown. */
export const isPendingLine = (line: HelperLine): boolean =>
  line.kind === 'deadline' || line.kind === 'still-alive' || line.kind === 'loop-empty';
