/**
 * "The program type-checks before ⇒ after", as a comparison of diagnostic SETS: a project may
 * already carry errors or config warnings (TS 6 deprecations), and positions move when we insert
 * text, so a diagnostic is identified by file, code and message, and counted (a multiset).
 */
import { type Diagnostic, type Project, ts } from 'ts-morph';

export interface DiagnosticSummary {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly code: number;
  readonly message: string;
}

export type DiagnosticCounts = ReadonlyMap<string, number>;

const keyOf = (d: DiagnosticSummary): string => `${d.file ?? ''}\u0000${d.code}\u0000${d.message}`;

function summarize(diagnostic: Diagnostic): DiagnosticSummary {
  const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n');
  return {
    file: diagnostic.getSourceFile()?.getFilePath(),
    line: diagnostic.getLineNumber(),
    code: diagnostic.getCode(),
    message,
  };
}

/** Every diagnostic the program reports before emit: options, global, syntactic, semantic. */
export function collectDiagnostics(project: Project): DiagnosticSummary[] {
  return project.getPreEmitDiagnostics().map(summarize);
}

export function countDiagnostics(diagnostics: readonly DiagnosticSummary[]): DiagnosticCounts {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
  return counts;
}

/** The diagnostics of `after` that `before` did not have (multiset difference). */
export function newDiagnostics(before: DiagnosticCounts, after: readonly DiagnosticSummary[]): DiagnosticSummary[] {
  const remaining = new Map(before);
  const added: DiagnosticSummary[] = [];
  for (const d of after) {
    const left = remaining.get(keyOf(d)) ?? 0;
    if (left > 0) remaining.set(keyOf(d), left - 1);
    else added.push(d);
  }
  return added;
}

export const formatDiagnostic = (d: DiagnosticSummary, relative: (file: string) => string): string =>
  `${d.file ? `${relative(d.file)}${d.line ? `:${d.line}` : ''}: ` : ''}TS${d.code} ${d.message.split('\n')[0]}`;
