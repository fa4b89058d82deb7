/**
 * `graceful-shutdown fix [paths…]`: runs `graceful-main` over the entrypoints, then with
 * `--thread-signal` the thread-signal codemod over the same files (on graceful-main's output).
 * Nothing is written until every file was analysed and the git check passed, so a refusal writes
 * nothing at all. One helper per package and kind (TypeScript, ES module, CommonJS): beside the
 * first changed file of that kind in sorted path order (or `--helper`).
 */
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type HelperVariant,
  type ThreadSignalEdit,
  ensureHelper,
  helperKindOf,
  jsHelperBeside,
} from '../../codemods/index.js';
import { findPackageDir } from 'eslint-plugin-graceful-shutdown/detection/project';
import { atomicWrite } from '../atomic-write.js';
import { colorDiff, unifiedDiff } from '../diff.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, errorMessage } from '../errors.js';
import { isExtensionless } from '../extensionless.js';
import { type CollectedFiles, collectFiles, displayPath } from '../files.js';
import { type AnalyseOutcome, type AnalyseRequest } from '../fix/analyse.js';
import { analyseAll } from '../fix/pool.js';
import type { ThreadSignalGroup } from '../fix/thread-signal.js';
import { gitRoot, uncommittedFiles } from '../git.js';
import { type Colors, colorsFor, formatTable, type Io, warn } from '../output.js';
import { createProgress } from '../progress.js';
import { encodeSource, lineEnding, readSource } from '../source.js';

export interface FixOptions {
  readonly dryRun: boolean;
  readonly diff: boolean;
  readonly helper?: string;
  readonly force: boolean;
  readonly format: 'text' | 'json';
  readonly jobs: number;
  /** Also run thread-signal (loads ts-morph, type-checks each project). */
  readonly threadSignal: boolean;
}

type Codemod = 'graceful-main' | 'thread-signal';

type Status = 'changed' | 'unchanged' | 'skipped' | 'failed';

interface FileReport {
  readonly path: string;
  status: Status;
  reason?: string;
  error?: string;
  helper?: string;
  diff?: string;
  notEntrypoint?: boolean;
  /** With --thread-signal: which codemods changed it. */
  changedBy?: Codemod[];
}

/** A file to write once the git check passed: the text on disk and the text that replaces it. */
interface PendingWrite {
  readonly report: FileReport;
  readonly realPath: string;
  readonly before: string;
  after: string;
  /** The helper graceful-main's text imports (it is written first). */
  readonly helper?: string;
}

interface HelperReport {
  readonly path: string;
  readonly variant: HelperVariant;
  status: 'written' | 'exists' | 'would be written' | 'failed';
  error?: string;
}

const HELPER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

function resolveHelperOption(helper: string | undefined, cwd: string): string | undefined {
  if (helper === undefined) return undefined;
  const resolved = path.resolve(cwd, helper);
  let isDirectory = false;
  try {
    isDirectory = statSync(resolved).isDirectory();
  } catch {
    // a file still to be written
  }
  if (isDirectory || !HELPER_EXTENSIONS.includes(path.extname(resolved))) {
    throw new UsageError(
      `--helper names the helper file to import, e.g. ${path.join(helper, 'graceful-shutdown.ts')} (extension one of ${HELPER_EXTENSIONS.join(' ')})`,
    );
  }
  return resolved;
}

export async function runFix(paths: readonly string[], options: FixOptions, io: Io): Promise<number> {
  const helperPath = resolveHelperOption(options.helper, io.cwd);
  const collected = await collectFiles(paths, io.cwd);
  const files = collected.files;
  const outcomes = await analyse(files, helperPath, options, io);
  await placeHelpers(files, outcomes, helperPath, options, io);
  const { reports, writes } = plannedWrites(collected, outcomes, options);
  // thread-signal, on graceful-main's output, still writing nothing.
  const threadSignal = options.threadSignal ? await addThreadSignal(files, outcomes, reports, writes, io) : undefined;
  if (options.diff)
    for (const write of writes)
      write.report.diff = unifiedDiff(displayPath(write.report.path, io.cwd), write.before, write.after);
  if (!options.dryRun && writes.length > 0) checkGit(writes, options, io);
  const helpers = helperReports(outcomes);
  if (!options.dryRun && writes.length > 0) writeAll(writes, helpers, io);
  report(reports, [...helpers.values()], threadSignal, options, io);
  return reports.some((entry) => entry.status === 'failed') ? EXIT_FINDINGS : EXIT_OK;
}

function analyseRequest(file: string, cwd: string, helperPath: string | undefined): AnalyseRequest {
  return { file, cwd, ...(helperPath === undefined ? {} : { helperPath }) };
}

/** graceful-main over every file, on worker threads with --jobs; nothing is written. */
async function analyse(
  files: readonly string[],
  helperPath: string | undefined,
  options: FixOptions,
  io: Io,
): Promise<AnalyseOutcome[]> {
  const progress = createProgress(io.stderr, files.length, 'fix');
  try {
    return await analyseAll(
      files.map((file) => analyseRequest(file, io.cwd, helperPath)),
      { jobs: options.jobs, signal: io.signal, onDone: (done) => progress.tick(displayPath(done.file, io.cwd)) },
    );
  } finally {
    progress.done();
  }
}

/**
 * One helper per package and kind (TypeScript, ES module, CommonJS: a JavaScript entrypoint cannot
 * run the TypeScript helper): the first changed file of each kind (sorted path order) decides where
 * it goes, and files that chose another place are analysed again (`outcomes` is updated). With
 * --helper, a JavaScript file that cannot import it was given the JavaScript variant beside it: say so.
 */
async function placeHelpers(
  files: readonly string[],
  outcomes: AnalyseOutcome[],
  helperPath: string | undefined,
  options: FixOptions,
  io: Io,
): Promise<void> {
  if (helperPath !== undefined) {
    warnAboutHelperVariants(outcomes, helperPath, io);
    return;
  }
  const changed = outcomes.flatMap((outcome, i) =>
    outcome.status === 'changed' ? [{ outcome, i, pkg: findPackageDir(path.dirname(outcome.realPath)) ?? '' }] : [],
  );
  const chosen = new Map<string, string>();
  const keyOf = (entry: (typeof changed)[number]): string => `${entry.pkg}\0${helperKindOf(entry.outcome.realPath)}`;
  // TypeScript first: a JavaScript helper must not sit where tsc emits the TypeScript one.
  for (const entry of changed)
    if (helperKindOf(entry.outcome.realPath) === 'ts' && !chosen.has(keyOf(entry)))
      chosen.set(keyOf(entry), entry.outcome.helper.path);
  for (const entry of changed) {
    const key = keyOf(entry);
    if (chosen.has(key)) continue;
    const own = entry.outcome.helper.path;
    const tsHelpers = [...chosen].filter(([other]) => other === `${entry.pkg}\0ts`).map(([, helper]) => helper);
    chosen.set(key, existsSync(own) ? own : jsHelperBeside(own, entry.outcome.realPath, tsHelpers));
  }
  const redo = changed.filter((entry) => entry.outcome.helper.path !== chosen.get(keyOf(entry)));
  if (redo.length === 0) return;
  const again = await analyseAll(
    redo.map((entry) => analyseRequest(files[entry.i]!, io.cwd, chosen.get(keyOf(entry)))),
    { jobs: options.jobs, signal: io.signal },
  );
  redo.forEach((entry, j) => (outcomes[entry.i] = again[j]!));
}

function warnAboutHelperVariants(outcomes: readonly AnalyseOutcome[], helperPath: string, io: Io): void {
  const variants = new Map<string, HelperVariant>();
  for (const outcome of outcomes)
    if (outcome.status === 'changed' && outcome.helper.path !== helperPath)
      variants.set(outcome.helper.path, outcome.helper.variant);
  for (const [variantPath, variant] of variants) {
    warn(
      io,
      `JavaScript entrypoints cannot run --helper ${displayPath(helperPath, io.cwd)}: they import the ${variant} helper ${displayPath(variantPath, io.cwd)} beside it`,
    );
  }
}

/** A report per file (the collected files' skips first) and the writes graceful-main's changes need. */
function plannedWrites(
  collected: CollectedFiles,
  outcomes: readonly AnalyseOutcome[],
  options: FixOptions,
): { reports: FileReport[]; writes: PendingWrite[] } {
  const reports: FileReport[] = collected.skipped.map(({ file, reason }) => ({
    path: file,
    status: 'skipped',
    reason,
  }));
  const writes: PendingWrite[] = [];
  collected.files.forEach((file, i) => {
    const outcome = outcomes[i]!;
    const report: FileReport = { path: file, status: outcome.status };
    if (outcome.status === 'changed') {
      report.helper = outcome.helper.path;
      if (options.threadSignal) report.changedBy = ['graceful-main'];
      writes.push({
        report,
        realPath: outcome.realPath,
        before: outcome.before,
        after: outcome.after,
        helper: outcome.helper.path,
      });
    } else if (outcome.status === 'failed') report.error = outcome.error;
    else if (outcome.reason !== undefined) report.reason = outcome.reason;
    if (outcome.status === 'skipped' && outcome.notEntrypoint) report.notEntrypoint = true;
    reports.push(report);
  });
  return { reports, writes };
}

/** Never overwrite what git could not give back, unless told to (--force): throws a UsageError. */
function checkGit(writes: readonly PendingWrite[], options: FixOptions, io: Io): void {
  const show = (file: string): string => displayPath(file, io.cwd);
  const byRoot = new Map<string, string[]>();
  const outsideGit: string[] = [];
  for (const { realPath } of writes) {
    const root = gitRoot(path.dirname(realPath));
    if (root === undefined) outsideGit.push(realPath);
    else byRoot.set(root, [...(byRoot.get(root) ?? []), realPath]);
  }
  if (options.force) return;
  const dirty = [...byRoot].flatMap(([root, files]) => uncommittedFiles(root, files));
  if (dirty.length > 0) {
    const lines = dirty.map(({ file, kind }) => `  ${show(file)} (${kind})`);
    throw new UsageError(
      `refusing to write: ${dirty.length === 1 ? 'a file it would change has' : `${dirty.length} files it would change have`} uncommitted changes, so git could not undo the rewrite:\n${lines.join('\n')}\nCommit or stash them first, preview with --dry-run, or pass --force.`,
    );
  }
  if (outsideGit.length > 0) {
    warn(
      io,
      `not inside a git repository: ${outsideGit.map(show).join(', ')} will be rewritten with no way to undo it (preview with --dry-run; --force silences this warning)`,
    );
  }
}

/** The helpers the changed files import, by path, in file order: whether each exists already. */
function helperReports(outcomes: readonly AnalyseOutcome[]): Map<string, HelperReport> {
  const helpers = new Map<string, HelperReport>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'changed' || helpers.has(outcome.helper.path)) continue;
    helpers.set(outcome.helper.path, {
      path: outcome.helper.path,
      variant: outcome.helper.variant,
      status: existsSync(outcome.helper.path) ? 'exists' : 'would be written',
    });
  }
  return helpers;
}

/** Helpers first (a file importing a missing helper would be broken), then the files; each write atomic. */
function writeAll(writes: readonly PendingWrite[], helpers: ReadonlyMap<string, HelperReport>, io: Io): void {
  // Last chance to stop with nothing written. From here on the writes are synchronous: a
  // Ctrl+C waits for them (each one atomic) rather than leaving half the files rewritten.
  io.signal?.throwIfAborted();
  for (const helper of helpers.values()) {
    try {
      mkdirSync(path.dirname(helper.path), { recursive: true });
      helper.status = ensureHelper({ path: helper.path, variant: helper.variant });
    } catch (error) {
      helper.status = 'failed';
      helper.error = errorMessage(error);
    }
  }
  for (const { report, realPath, after, helper: helperPath } of writes) {
    const helper = helperPath === undefined ? undefined : helpers.get(helperPath)!;
    if (helper?.status === 'failed') {
      report.status = 'failed';
      report.error = `not written: its helper ${displayPath(helper.path, io.cwd)} could not be written (${helper.error})`;
      continue;
    }
    try {
      atomicWrite(realPath, after);
    } catch (error) {
      report.status = 'failed';
      report.error = `could not write: ${errorMessage(error)}`;
    }
  }
}

/**
 * Runs thread-signal over the files `fix` looked at (grouped by project) and merges its changes
 * into the writes: a file graceful-main rewrites gets thread-signal's text on top of it; another
 * file it changes becomes a write of its own. A group that threw becomes a failed entry.
 */
async function addThreadSignal(
  files: readonly string[],
  outcomes: readonly AnalyseOutcome[],
  reports: FileReport[],
  writes: PendingWrite[],
  io: Io,
): Promise<ThreadSignalGroup[]> {
  const reportByPath = new Map(reports.map((entry) => [entry.path, entry]));
  const reportByRealPath = new Map<string, FileReport>();
  const scope: string[] = [];
  files.forEach((file, i) => {
    const outcome = outcomes[i]!;
    // A file that does not parse or cannot be read is no place for edits other files depend on.
    if (outcome.status === 'failed' || (outcome.status === 'skipped' && outcome.unreadable)) return;
    let realPath: string;
    if (outcome.status === 'skipped') {
      try {
        realPath = realpathSync(file);
      } catch {
        return;
      }
    } else realPath = outcome.realPath;
    // An extensionless script is in no TypeScript program (ts-morph would read it as TypeScript).
    if (isExtensionless(realPath) || reportByRealPath.has(realPath)) return;
    const report = reportByPath.get(file);
    if (report) reportByRealPath.set(realPath, report);
    scope.push(realPath);
  });
  const rewritten = new Map<string, { after: string; helper: { path: string; variant: HelperVariant } }>();
  for (const outcome of outcomes)
    if (outcome.status === 'changed') rewritten.set(outcome.realPath, { after: outcome.after, helper: outcome.helper });

  const { runThreadSignal } = await import('../fix/thread-signal.js');
  const groups = await runThreadSignal({ files: scope, rewritten, cwd: io.cwd, signal: io.signal, status: io.stderr });

  const writeByRealPath = new Map(writes.map((write) => [write.realPath, write]));
  for (const group of groups) {
    if (group.error !== undefined) {
      reports.push({ path: group.config ?? path.dirname(group.files[0]!), status: 'failed', error: group.error });
      continue;
    }
    for (const file of group.result!.files) {
      if (file.status !== 'changed' || file.after === undefined) continue;
      const realPath = path.resolve(file.file);
      const pending = writeByRealPath.get(realPath);
      if (pending) {
        // thread-signal saw graceful-main's text without its BOM; give the file back its own.
        pending.after = encodeSource(file.after, {
          bom: pending.before.startsWith('\uFEFF'),
          eol: lineEnding(pending.before),
        });
        pending.report.changedBy = ['graceful-main', 'thread-signal'];
        continue;
      }
      let report = reportByRealPath.get(realPath);
      if (!report) {
        report = { path: realPath, status: 'unchanged' };
        reports.push(report);
      }
      const source = readSource(realPath);
      if (source.kind === 'skip') {
        Object.assign(report, {
          status: 'failed',
          error: `thread-signal would change it, but it cannot be read now: ${source.reason}`,
        });
        continue;
      }
      const before = encodeSource(source.text, source);
      const after = encodeSource(file.after, source);
      if (after === before) continue;
      report.status = 'changed';
      delete report.reason;
      delete report.notEntrypoint;
      report.changedBy = ['thread-signal'];
      const write: PendingWrite = { report, realPath, before, after };
      writes.push(write);
      writeByRealPath.set(realPath, write);
    }
  }
  return groups;
}

function report(
  reports: readonly FileReport[],
  helpers: readonly HelperReport[],
  threadSignal: readonly ThreadSignalGroup[] | undefined,
  options: FixOptions,
  io: Io,
): void {
  const show = (file: string): string => displayPath(file, io.cwd);
  const count = (status: Status): number =>
    reports.filter((entry) => entry.status === status && !entry.notEntrypoint).length;
  const countAll = (status: Status): number => reports.filter((entry) => entry.status === status).length;
  const notEntrypoints = reports.filter((entry) => entry.notEntrypoint).length;

  if (options.format === 'json') {
    const json = {
      dryRun: options.dryRun,
      files: reports.map((entry) => ({
        file: show(entry.path),
        path: entry.path,
        status: entry.status,
        ...(entry.reason === undefined ? {} : { reason: entry.reason }),
        ...(entry.error === undefined ? {} : { error: entry.error }),
        ...(entry.helper === undefined ? {} : { helper: show(entry.helper) }),
        ...(entry.changedBy === undefined || entry.status !== 'changed' ? {} : { changedBy: entry.changedBy }),
        ...(entry.diff === undefined ? {} : { diff: entry.diff }),
      })),
      helpers: helpers.map((helper) => ({
        file: show(helper.path),
        path: helper.path,
        variant: helper.variant,
        status: helper.status === 'would be written' ? 'would-write' : helper.status,
        ...(helper.error === undefined ? {} : { error: helper.error }),
      })),
      ...(threadSignal === undefined
        ? {}
        : { threadSignal: threadSignal.map((group) => threadSignalJson(group, show)) }),
      // The files' own statuses, counted: a file that is not an entrypoint is `skipped` in both
      // places, and `notEntrypoints` says how many of the skipped they are.
      summary: {
        changed: countAll('changed'),
        unchanged: countAll('unchanged'),
        skipped: countAll('skipped'),
        failed: countAll('failed'),
        notEntrypoints,
      },
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }

  const c = colorsFor(io.stdout);
  const out: string[] = [];
  if (options.diff) {
    for (const entry of reports) if (entry.diff !== undefined) out.push(colorDiff(entry.diff, c).trimEnd(), '');
  }
  const label: Record<Status, string> = {
    changed: c.green(options.dryRun ? 'would change' : 'changed'),
    unchanged: c.dim('unchanged'),
    skipped: c.yellow('skipped'),
    failed: c.red('failed'),
  };
  const order: Status[] = ['changed', 'unchanged', 'skipped', 'failed'];
  const rows = order.flatMap((status) =>
    reports
      .filter((entry) => entry.status === status && !entry.notEntrypoint)
      .map((entry) => [
        label[status],
        show(entry.path),
        entry.error ?? entry.reason ?? (status === 'changed' ? (entry.changedBy?.join(' + ') ?? '') : ''),
      ]),
  );
  rows.push(
    ...helpers.map((helper) => [
      helper.status === 'failed' ? c.red('helper') : c.cyan('helper'),
      show(helper.path),
      helper.error === undefined ? `${helper.status} (${helper.variant})` : `failed: ${helper.error}`,
    ]),
  );
  for (const group of threadSignal ?? []) rows.push(...threadSignalRows(group, show, c));
  if (rows.length > 0) out.push(formatTable(rows, ''), '');
  const tally = order.map((status) => `${count(status)} ${status}`).join(', ');
  const rest =
    notEntrypoints === 0
      ? ''
      : `; ${notEntrypoints} other file${notEntrypoints === 1 ? ' is not an entrypoint' : 's are not entrypoints'}`;
  if (threadSignal !== undefined) out.push(c.dim(threadSignalTally(threadSignal)));
  out.push(c.dim(`${tally}${rest}.${options.dryRun ? ' Dry run: nothing was written.' : ''}`));
  io.stdout.write(`${out.join('\n')}\n`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Summary rows for what thread-signal did not do, with the reason: reverted groups, functions and calls left alone. */
function threadSignalRows(group: ThreadSignalGroup, show: (file: string) => string, c: Colors): string[][] {
  const where = group.config === undefined ? show(path.dirname(group.files[0]!)) : show(group.config);
  if (group.result === undefined) return []; // a failed entry of its own
  const rows: string[][] = [];
  if (group.result.skipped !== undefined)
    rows.push([c.yellow('not threaded'), where, `thread-signal: ${group.result.skipped}`]);
  for (const entry of group.result.outsideProgram)
    rows.push([c.yellow('not threaded'), show(entry.file), `thread-signal: ${entry.reason}`]);
  for (const reverted of group.result.reverted) {
    const first = reverted.edits[0];
    rows.push([
      c.yellow('reverted'),
      first === undefined ? where : `${show(first.file)}:${first.line}`,
      `${plural(reverted.edits.length, 'thread-signal edit')} not made: ${reverted.reason}`,
    ]);
  }
  for (const entry of group.result.leftAlone)
    rows.push([
      c.dim('left alone'),
      `${show(entry.file)}:${entry.line}`,
      `${entry.kind} ${entry.name}: ${entry.reason}`,
    ]);
  return rows;
}

function threadSignalTally(groups: readonly ThreadSignalGroup[]): string {
  const results = groups.flatMap((group) => (group.result === undefined ? [] : [group.result]));
  const edits = results.reduce((sum, result) => sum + result.edits.length, 0);
  const files = results.reduce(
    (sum, result) => sum + result.files.filter((file) => file.status === 'changed').length,
    0,
  );
  const reverted = results.reduce((sum, result) => sum + result.reverted.length, 0);
  const leftAlone = results.reduce((sum, result) => sum + result.leftAlone.length, 0);
  const failed = groups.length - results.length;
  const parts = [
    `${plural(edits, 'edit')} in ${plural(files, 'file')}`,
    `${plural(reverted, 'group')} reverted`,
    `${leftAlone} left alone`,
  ];
  if (failed > 0) parts.push(`${plural(failed, 'project')} failed`);
  return `thread-signal: ${parts.join(', ')}.`;
}

function threadSignalJson(group: ThreadSignalGroup, show: (file: string) => string): Record<string, unknown> {
  const edit = (entry: ThreadSignalEdit): Record<string, unknown> => ({ ...entry, file: show(entry.file) });
  const result = group.result;
  return {
    config: group.config === undefined ? null : show(group.config),
    ...(group.error === undefined ? {} : { error: group.error }),
    ...(result === undefined
      ? {}
      : {
          ...(result.skipped === undefined ? {} : { skipped: result.skipped }),
          edits: result.edits.map(edit),
          reverted: result.reverted.map((entry) => ({ ...entry, edits: entry.edits.map(edit) })),
          leftAlone: result.leftAlone.map((entry) => ({ ...entry, file: show(entry.file) })),
          outsideProgram: result.outsideProgram.map((entry) => ({ ...entry, file: show(entry.file) })),
          diagnostics: result.diagnostics,
        }),
    lines: group.lines,
  };
}
