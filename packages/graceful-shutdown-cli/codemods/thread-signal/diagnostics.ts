/**
 * "The program type-checks before ⇒ after", as a comparison of diagnostic SETS: a project may
 * already carry errors or config warnings (TS 6 deprecations), and positions move when we insert
 * text, so a diagnostic is identified by file, code and message, and counted (a multiset).
 */
import { type Project, ts } from 'ts-morph';

export interface DiagnosticSummary {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly code: number;
  readonly message: string;
}

export type DiagnosticCounts = ReadonlyMap<string, number>;

const keyOf = (d: DiagnosticSummary): string => `${d.file ?? ''}\u0000${d.code}\u0000${d.message}`;

function summarize(diagnostic: ts.Diagnostic): DiagnosticSummary {
  const file = diagnostic.file;
  return {
    file: file?.fileName,
    line:
      file && diagnostic.start !== undefined
        ? file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : undefined,
    code: diagnostic.code,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  };
}

/**
 * What `tsc --noEmit` reports for the project's own files: options, syntactic, semantic (and
 * declaration, when emitted) diagnostics. Default libraries and packages' declarations are not
 * checked here — they cannot gain errors from our edits, and checking lib.dom.d.ts on every
 * trial would cost seconds when a project does not set skipLibCheck.
 */
export function collectDiagnostics(project: Project): DiagnosticSummary[] {
  const program = project.getProgram().compilerObject;
  const options = program.getCompilerOptions();
  const found: ts.Diagnostic[] = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics()];
  for (const file of program.getSourceFiles()) {
    if (
      program.isSourceFileDefaultLibrary(file) ||
      program.isSourceFileFromExternalLibrary(file) ||
      /[\\/]node_modules[\\/]/.test(file.fileName)
    )
      continue;
    found.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
    if (options.declaration || options.composite) found.push(...program.getDeclarationDiagnostics(file));
  }
  found.push(...program.getGlobalDiagnostics());
  return found.map(summarize);
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
