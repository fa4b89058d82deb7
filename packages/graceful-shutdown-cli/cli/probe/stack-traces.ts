/** Stack traces in a program's output: the lines `    at fn (file:line:col)` that Node prints under an error. */

/** One frame line of a V8 stack trace. */
export const STACK_LINE = /^\s+at .+(?::\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

export interface StackTrace {
  readonly stream: 'stdout' | 'stderr';
  /** The line above the first frame (`Error: boom`), or the first frame when there is none. */
  readonly headline: string;
  readonly afterSignal: boolean;
}

/**
 * Follows one stream line by line and records a trace at its first frame line. `headline` is the
 * last non-frame line seen before it.
 */
export function createStackTraceScanner(
  stream: StackTrace['stream'],
  found: (trace: StackTrace) => void,
): (line: string, afterSignal: boolean) => void {
  let previous = '';
  let inTrace = false;
  return (line, afterSignal) => {
    const isFrame = STACK_LINE.test(line);
    if (isFrame && !inTrace) found({ stream, headline: (previous || line).trim(), afterSignal });
    inTrace = isFrame;
    if (!isFrame) previous = line;
  };
}
