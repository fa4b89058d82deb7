/**
 * thread-signal (ts-morph, type-aware, across files): carries the AbortSignal that `main` has
 * (`ctx.signal` after graceful-main) to every signal-accepting call it reaches — fetch,
 * timers/promises, events.once, streams, child processes, libraries whose options take a
 * `signal` — adding an optional `signal` parameter (or option) to the project's own functions
 * on the way.
 *
 * Safety: all analysis happens on the unmodified program; edits are minimal insertions at
 * original positions; the program's diagnostics are compared as sets before and after, and a
 * connected group of edits (spanning files) that would add a diagnostic is reverted as a whole
 * and reported. Running it again changes nothing.
 */
import path from 'node:path';
import { type Project, ts } from 'ts-morph';
import { analyse } from './thread-signal/analyse.js';
import {
  collectDiagnostics,
  countDiagnostics,
  type DiagnosticSummary,
  formatDiagnostic,
  newDiagnostics,
} from './thread-signal/diagnostics.js';
import { type AnalysisContext, type EditKind, type LeftAlone, type PlannedEdit } from './thread-signal/model.js';
import { isCheckedFile, openProject, outsideProgramReason } from './thread-signal/project.js';
import { SignalTypes } from './thread-signal/signal-types.js';
import { applyTextEdits } from './thread-signal/text-edits.js';

export interface ThreadSignalOptions {
  /** The project's tsconfig.json (or jsconfig.json). Default: the nearest one above `files` (or `cwd`); without one, the files as plain JS. */
  tsconfigPath?: string;
  /** An already open ts-morph project (tests, or a caller that has one). */
  project?: Project;
  /** Only these files (or directories) may change; the whole program is still analysed. Default: every project source file. */
  files?: string[];
  /** Compute and report, write nothing (the project is left as it was). */
  dryRun?: boolean;
  /** Base for relative paths. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Texts to analyse instead of what is on disk, by path (absolute or relative to `cwd`): e.g.
   * graceful-main's output and its helper before they are written. With `dryRun: false`, only
   * files thread-signal changes are written; writing the rest stays the caller's job.
   */
  overlay?: Readonly<Record<string, string>>;
}

export interface ThreadSignalEdit {
  readonly file: string;
  /** 1-based, in the file as it was before. */
  readonly line: number;
  readonly column: number;
  readonly kind: EditKind;
  readonly description: string;
  readonly group: number;
}

export interface RevertedGroup {
  readonly group: number;
  /** Why: the diagnostics the group would have added. */
  readonly reason: string;
  readonly diagnostics: readonly string[];
  readonly edits: readonly ThreadSignalEdit[];
}

export interface ThreadSignalFile {
  readonly file: string;
  readonly status: 'changed' | 'unchanged';
  /** For changed files: the text before and after (a caller writing files itself, e.g. atomically, uses these). */
  readonly before?: string;
  readonly after?: string;
}

export interface ThreadSignalResult {
  readonly files: readonly ThreadSignalFile[];
  /** The edits kept. */
  readonly edits: readonly ThreadSignalEdit[];
  /** Groups of edits not made because they would have added a diagnostic. */
  readonly reverted: readonly RevertedGroup[];
  /** Functions that would have needed a signal and calls that could not get one, with the reason. */
  readonly leftAlone: readonly LeftAlone[];
  /** Diagnostics of the program before and after (after ⊆ before, as a multiset). */
  readonly diagnostics: { readonly before: number; readonly after: number };
  /** Set when nothing could be analysed (e.g. the program has no AbortSignal type). */
  readonly skipped?: string;
  /** Files given in `files` that the program leaves out, so no edit can reach them, with the reason. */
  readonly outsideProgram: readonly { readonly file: string; readonly reason: string }[];
}

interface Group {
  readonly id: number;
  readonly edits: readonly PlannedEdit[];
}

/** Connected components of edits: edits sharing a key (a function, an options type) are one group. */
function groupEdits(edits: readonly PlannedEdit[]): Group[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(key, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    parent.set(find(a), find(b));
  };
  edits.forEach((edit, index) => {
    const own = `edit:${index}`;
    parent.set(own, own);
    for (const key of edit.keys) {
      if (!parent.has(key)) parent.set(key, key);
      union(own, key);
    }
  });
  const byRoot = new Map<string, PlannedEdit[]>();
  edits.forEach((edit, index) => {
    const root = find(`edit:${index}`);
    byRoot.set(root, [...(byRoot.get(root) ?? []), edit]);
  });
  const order = (edit: PlannedEdit): string => `${edit.file.fileName}\u0000${String(edit.start).padStart(10, '0')}`;
  return [...byRoot.values()]
    .map((group) => [...group].sort((a, b) => order(a).localeCompare(order(b))))
    .sort((a, b) => order(a[0]!).localeCompare(order(b[0]!)))
    .map((group, index) => ({ id: index + 1, edits: group }));
}

function describeEdit(edit: PlannedEdit, group: number): ThreadSignalEdit {
  const { line, character } = edit.file.getLineAndCharacterOfPosition(edit.start);
  return {
    file: edit.file.fileName,
    line: line + 1,
    column: character + 1,
    kind: edit.kind,
    description: edit.description,
    group,
  };
}

const isProjectSource = (file: ts.SourceFile, program: ts.Program): boolean =>
  !file.isDeclarationFile &&
  !program.isSourceFileFromExternalLibrary(file) &&
  !/[\\/]node_modules[\\/]/.test(file.fileName);

export function threadSignal(options: ThreadSignalOptions = {}): ThreadSignalResult {
  const scope = openScope(options);
  const { project, program, editableFiles } = scope;
  const types = SignalTypes.create(program);
  const diagnosticsBefore = collectDiagnostics(project);
  if (!types) {
    const count = diagnosticsBefore.length;
    return {
      files: editableFiles.map((file): ThreadSignalFile => ({ file: file.fileName, status: 'unchanged' })),
      edits: [],
      reverted: [],
      leftAlone: [],
      diagnostics: { before: count, after: count },
      skipped: 'the program has no AbortSignal type (add the DOM lib or @types/node)',
      outsideProgram: scope.outsideProgram,
    };
  }
  const analysis = analyse(analysisContext(scope, types), scope.sources);
  // Everything below manipulates text: the analysis' nodes are not used again, only positions.
  const texts = new ProjectTexts(project, analysis.edits);
  const kept = keepGroupsWithoutNewDiagnostics(texts, groupEdits(analysis.edits), diagnosticsBefore, scope.relative);
  const changed = texts.changedBy(kept.accepted);
  if (options.dryRun) texts.apply([]);
  else writeChanged(project, changed);
  return {
    files: editableFiles.map((file): ThreadSignalFile => {
      const change = changed.get(file.fileName);
      return change
        ? { file: file.fileName, status: 'changed', ...change }
        : { file: file.fileName, status: 'unchanged' };
    }),
    edits: kept.accepted.flatMap((group) => group.edits.map((edit) => describeEdit(edit, group.id))),
    reverted: kept.reverted,
    leftAlone: analysis.leftAlone,
    diagnostics: { before: diagnosticsBefore.length, after: kept.diagnosticsAfter.length },
    outsideProgram: scope.outsideProgram,
  };
}

/** The open project, its program, and which of its files may change. */
interface Scope {
  readonly project: Project;
  readonly program: ts.Program;
  /** The project's own source files (not declarations, not node_modules): all are analysed. */
  readonly sources: readonly ts.SourceFile[];
  /** The sources `options.files` allows to change. */
  readonly editableFiles: readonly ts.SourceFile[];
  readonly outsideProgram: ThreadSignalResult['outsideProgram'];
  /** A path relative to the project root, for reports. */
  readonly relative: (file: string) => string;
}

function openScope(options: ThreadSignalOptions): Scope {
  const cwd = options.cwd ?? process.cwd();
  const { project, root, config } = openProject({ ...options, cwd });
  for (const [file, text] of Object.entries(options.overlay ?? {}))
    project.createSourceFile(path.resolve(cwd, file), text, { overwrite: true });
  const program = project.getProgram().compilerObject;
  const allowed = options.files?.map((file) => path.resolve(cwd, file));
  const inScope = (fileName: string): boolean =>
    !allowed ||
    allowed.some((target) => path.resolve(fileName) === target || path.resolve(fileName).startsWith(target + path.sep));
  const sources = program.getSourceFiles().filter((file) => isProjectSource(file, program));
  const projectFiles = new Set(project.getSourceFiles().map((file) => file.getFilePath() as string));
  const editableFiles = sources.filter((file) => projectFiles.has(file.fileName) && inScope(file.fileName));
  const editableNames = new Set(editableFiles.map((file) => path.resolve(file.fileName)));
  const outsideProgram = (allowed ?? []).flatMap((file) => {
    if (editableNames.has(file)) return [];
    const reason = outsideProgramReason(file, config, program.getCompilerOptions());
    return reason === undefined ? [] : [{ file, reason }];
  });
  const relative = (file: string): string => path.relative(root, file) || file;
  return { project, program, sources, editableFiles, outsideProgram, relative };
}

function analysisContext(scope: Scope, types: SignalTypes): AnalysisContext {
  const { project, program } = scope;
  const editable = new Set(scope.editableFiles);
  const compilerOptions = program.getCompilerOptions();
  return {
    program,
    checker: program.getTypeChecker(),
    types,
    editable: (file) => editable.has(file),
    checked: (file) => isCheckedFile(file, compilerOptions),
    references: (name) => {
      const wrapped = project.getSourceFile(name.getSourceFile().fileName)?.getDescendantAtPos(name.getStart());
      if (!wrapped || (!wrapped.isKind(ts.SyntaxKind.Identifier) && !wrapped.isKind(ts.SyntaxKind.PrivateIdentifier)))
        return [];
      return wrapped.findReferencesAsNodes().map((node) => node.compilerNode);
    },
  };
}

/** The original texts of the files the analysis edits, and the project's texts with some groups applied. */
class ProjectTexts {
  private readonly originals = new Map<string, string>();

  constructor(
    readonly project: Project,
    edits: readonly PlannedEdit[],
  ) {
    for (const edit of edits) this.originals.set(edit.file.fileName, edit.file.text);
  }

  /** Puts the original texts with `applied` into the project, for the type checker. */
  apply(applied: readonly Group[]): void {
    for (const [fileName, next] of this.texts(applied)) {
      const sourceFile = this.project.getSourceFileOrThrow(fileName);
      // A whole-text change, not replaceWithText (which would normalise CRLF line endings).
      const current = sourceFile.getFullText();
      if (current !== next)
        sourceFile.applyTextChanges([{ span: { start: 0, length: current.length }, newText: next }]);
    }
  }

  /** The files `applied` changes, before and after. The texts are ours, not ts-morph's: it would normalise a CRLF file's line endings. */
  changedBy(applied: readonly Group[]): Map<string, { before: string; after: string }> {
    const changed = new Map<string, { before: string; after: string }>();
    for (const [fileName, after] of this.texts(applied)) {
      const before = this.originals.get(fileName)!;
      if (after !== before) changed.set(fileName, { before, after });
    }
    return changed;
  }

  private texts(applied: readonly Group[]): Array<[string, string]> {
    return [...this.originals].map(([fileName, text]) => [
      fileName,
      applyTextEdits(
        text,
        applied.flatMap((group) => group.edits.filter((edit) => edit.file.fileName === fileName)),
      ),
    ]);
  }
}

interface KeptGroups {
  readonly accepted: readonly Group[];
  readonly reverted: readonly RevertedGroup[];
  readonly diagnosticsAfter: readonly DiagnosticSummary[];
}

/**
 * Applies every group; when the program gains a diagnostic, finds the groups that cause it.
 * Suspects: groups with an edit in a file that gained a diagnostic (all of them when a new
 * diagnostic is elsewhere). The others are tried together, then each suspect on its own.
 */
function keepGroupsWithoutNewDiagnostics(
  texts: ProjectTexts,
  groups: readonly Group[],
  diagnosticsBefore: DiagnosticSummary[],
  relative: (file: string) => string,
): KeptGroups {
  const baseline = countDiagnostics(diagnosticsBefore);
  const reverted: RevertedGroup[] = [];
  const accepted: Group[] = [];
  let diagnosticsAfter = diagnosticsBefore;
  /** Applies `candidate` on top of the groups kept so far; keeps it if the program gains no diagnostic. */
  const attempt = (candidate: readonly Group[]): DiagnosticSummary[] => {
    texts.apply([...accepted, ...candidate]);
    const after = collectDiagnostics(texts.project);
    const added = newDiagnostics(baseline, after);
    if (added.length === 0) {
      accepted.push(...candidate);
      diagnosticsAfter = after;
    }
    return added;
  };
  const added = groups.length > 0 ? attempt(groups) : [];
  if (added.length === 0) return { accepted, reverted, diagnosticsAfter };
  const files = new Set(added.map((d) => d.file));
  const suspect = (group: Group): boolean => group.edits.some((edit) => files.has(edit.file.fileName));
  const narrowed = added.every(
    (d) => d.file !== undefined && groups.some((group) => group.edits.some((edit) => edit.file.fileName === d.file)),
  );
  const innocent = narrowed ? groups.filter((group) => !suspect(group)) : [];
  const alone = innocent.length > 0 && attempt(innocent).length === 0 ? groups.filter(suspect) : groups;
  for (const group of alone) {
    const culprits = attempt([group]);
    if (culprits.length > 0) reverted.push(revertedGroup(group, culprits, relative));
  }
  accepted.sort((a, b) => a.id - b.id);
  texts.apply(accepted);
  if (accepted.length === 0) diagnosticsAfter = diagnosticsBefore;
  return { accepted, reverted, diagnosticsAfter };
}

function revertedGroup(
  group: Group,
  culprits: readonly DiagnosticSummary[],
  relative: (file: string) => string,
): RevertedGroup {
  const lines = culprits.map((d) => formatDiagnostic(d, relative));
  return {
    group: group.id,
    reason: `it would add ${culprits.length === 1 ? 'a diagnostic' : `${culprits.length} diagnostics`}: ${lines.slice(0, 3).join('; ')}${lines.length > 3 ? '; …' : ''}`,
    diagnostics: lines,
    edits: group.edits.map((edit) => describeEdit(edit, group.id)),
  };
}

function writeChanged(project: Project, changed: ReadonlyMap<string, { after: string }>): void {
  const fileSystem = project.getFileSystem();
  for (const [fileName, { after }] of changed) {
    // Keep a byte-order mark the file had on disk, whether or not the program's text shows it.
    const bom =
      !after.startsWith('\uFEFF') &&
      fileSystem.fileExistsSync(fileName) &&
      fileSystem.readFileSync(fileName).startsWith('\uFEFF')
        ? '\uFEFF'
        : '';
    fileSystem.writeFileSync(fileName, bom + after);
    project.getSourceFileOrThrow(fileName).refreshFromFileSystemSync();
  }
}

/** A human summary of a result, one line per item, paths relative to `root`. */
export function formatThreadSignalResult(result: ThreadSignalResult, root: string = process.cwd()): string[] {
  const rel = (file: string): string => path.relative(root, file) || file;
  const lines: string[] = [];
  if (result.skipped) lines.push(`thread-signal skipped: ${result.skipped}`);
  for (const file of result.files) if (file.status === 'changed') lines.push(`changed   ${rel(file.file)}`);
  for (const edit of result.edits) lines.push(`  ${rel(edit.file)}:${edit.line}:${edit.column} ${edit.description}`);
  for (const group of result.reverted)
    lines.push(`reverted  group ${group.group} (${group.edits.length} edits): ${group.reason}`);
  for (const entry of result.outsideProgram) lines.push(`not threaded ${rel(entry.file)}: ${entry.reason}`);
  for (const entry of result.leftAlone)
    lines.push(
      `left alone ${entry.kind === 'function' ? 'function' : 'call'} ${entry.name} (${rel(entry.file)}:${entry.line}): ${entry.reason}`,
    );
  return lines;
}
