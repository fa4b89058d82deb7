// Parser errors as users read them; no dependencies, so `check` can use it without loading jscodeshift.
/**
 * A parser error's first line, at the file's own line and column, 1-based as ESLint and editors
 * show them. Babel's `(line:column)` counts from the start of the text it was given, with a
 * 0-based column; graceful-main gives it the code after the `#!` line and header comments, which
 * start `lineOffset` lines into the file.
 */
export function parseErrorText(error: unknown, lineOffset = 0): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const loc = (error as { loc?: { line?: unknown; column?: unknown } } | null | undefined)?.loc;
  if (typeof loc?.line !== 'number' || typeof loc.column !== 'number') return message;
  return `${message.replace(/ \(\d+:\d+\)$/, '')} (${loc.line + lineOffset}:${loc.column + 1})`;
}
