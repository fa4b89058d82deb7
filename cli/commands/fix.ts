/**
 * `graceful-shutdown fix [paths…]`: runs `graceful-main` over the entrypoints. Nothing is written
 * until every file was analysed and the git check passed, so a refusal writes nothing at all.
 * One helper per package: beside the first changed file in sorted path order (or `--helper`).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureHelper } from '../../codemods/graceful-main.js';
import { findPackageDir } from '../../detection/project.js';
import { atomicWrite } from '../atomic-write.js';
import { colorDiff, unifiedDiff } from '../diff.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, errorMessage } from '../errors.js';
import { collectFiles, displayPath } from '../files.js';
import { type AnalyseOutcome, type AnalyseRequest, type HelperVariant } from '../fix/analyse.js';
import { analyseAll } from '../fix/pool.js';
import { gitRoot, uncommittedFiles } from '../git.js';
import { colorsFor, formatTable, type Io, warn } from '../output.js';
import { createProgress } from '../progress.js';

export interface FixOptions {
  readonly dryRun: boolean;
  readonly diff: boolean;
  readonly helper?: string;
  readonly force: boolean;
  readonly format: 'text' | 'json';
  readonly jobs: number;
}

type Status = 'changed' | 'unchanged' | 'skipped' | 'failed';

interface FileReport {
  readonly path: string;
  status: Status;
  reason?: string;
  error?: string;
  helper?: string;
  diff?: string;
  notEntrypoint?: boolean;
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
    throw new UsageError(`--helper names the helper file to import, e.g. ${path.join(helper, 'graceful-shutdown.ts')} (extension one of ${HELPER_EXTENSIONS.join(' ')})`);
  }
  return resolved;
}

export async function runFix(paths: readonly string[], options: FixOptions, io: Io): Promise<number> {
  const helperPath = resolveHelperOption(options.helper, io.cwd);
  const collected = await collectFiles(paths, io.cwd);
  const show = (file: string): string => displayPath(file, io.cwd);

  // 1. Analyse everything (nothing is written yet).
  const request = (file: string, helper: string | undefined): AnalyseRequest => ({ file, cwd: io.cwd, ...(helper === undefined ? {} : { helperPath: helper }) });
  const progress = createProgress(io.stderr, collected.files.length, 'fix');
  let outcomes: AnalyseOutcome[];
  try {
    outcomes = await analyseAll(
      collected.files.map((file) => request(file, helperPath)),
      { jobs: options.jobs, signal: io.signal, onDone: (done) => progress.tick(show(done.file)) },
    );
  } finally {
    progress.done();
  }

  // 2. One helper per package: the first changed file (sorted path order) decides where it goes.
  if (helperPath === undefined) {
    const chosen = new Map<string, string>();
    const redo: number[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'changed') return;
      const key = findPackageDir(path.dirname(outcome.realPath)) ?? '';
      const helper = chosen.get(key);
      if (helper === undefined) chosen.set(key, outcome.helper.path);
      else if (helper !== outcome.helper.path) redo.push(i);
    });
    if (redo.length > 0) {
      const requests = redo.map((i) => {
        const outcome = outcomes[i] as Extract<AnalyseOutcome, { status: 'changed' }>;
        return request(collected.files[i]!, chosen.get(findPackageDir(path.dirname(outcome.realPath)) ?? '')!);
      });
      const again = await analyseAll(requests, { jobs: options.jobs, signal: io.signal });
      redo.forEach((index, j) => (outcomes[index] = again[j]!));
    }
  }

  const reports: FileReport[] = collected.skipped.map(({ file, reason }) => ({ path: file, status: 'skipped', reason }));
  const changed: Array<{ report: FileReport; outcome: Extract<AnalyseOutcome, { status: 'changed' }> }> = [];
  collected.files.forEach((file, i) => {
    const outcome = outcomes[i]!;
    const report: FileReport = { path: file, status: outcome.status };
    if (outcome.status === 'changed') {
      report.helper = outcome.helper.path;
      if (options.diff) report.diff = unifiedDiff(show(file), outcome.before, outcome.after);
      changed.push({ report, outcome });
    } else if (outcome.status === 'failed') report.error = outcome.error;
    else if (outcome.reason !== undefined) report.reason = outcome.reason;
    if (outcome.status === 'skipped' && outcome.notEntrypoint) report.notEntrypoint = true;
    reports.push(report);
  });

  // 3. Safety: never overwrite what git could not give back, unless told to.
  if (!options.dryRun && changed.length > 0) {
    const byRoot = new Map<string, string[]>();
    const outsideGit: string[] = [];
    for (const { outcome } of changed) {
      const root = gitRoot(path.dirname(outcome.realPath));
      if (root === undefined) outsideGit.push(outcome.realPath);
      else byRoot.set(root, [...(byRoot.get(root) ?? []), outcome.realPath]);
    }
    if (!options.force) {
      const dirty = [...byRoot].flatMap(([root, files]) => uncommittedFiles(root, files));
      if (dirty.length > 0) {
        const lines = dirty.map(({ file, kind }) => `  ${show(file)} (${kind})`);
        throw new UsageError(
          `refusing to write: ${dirty.length === 1 ? 'a file it would change has' : `${dirty.length} files it would change have`} uncommitted changes, so git could not undo the rewrite:\n${lines.join('\n')}\nCommit or stash them first, preview with --dry-run, or pass --force.`,
        );
      }
      if (outsideGit.length > 0) {
        warn(io, `not inside a git repository: ${outsideGit.map(show).join(', ')} will be rewritten with no way to undo it (preview with --dry-run; --force silences this warning)`);
      }
    }
  }

  // 4. Write: helpers first (a file importing a missing helper would be broken), then the files.
  const helpers = new Map<string, HelperReport>();
  for (const { outcome } of changed) {
    if (!helpers.has(outcome.helper.path)) {
      helpers.set(outcome.helper.path, {
        path: outcome.helper.path,
        variant: outcome.helper.variant,
        status: existsSync(outcome.helper.path) ? 'exists' : 'would be written',
      });
    }
  }
  if (!options.dryRun && changed.length > 0) {
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
    for (const { report, outcome } of changed) {
      const helper = helpers.get(outcome.helper.path)!;
      if (helper.status === 'failed') {
        report.status = 'failed';
        report.error = `not written: its helper ${show(helper.path)} could not be written (${helper.error})`;
        continue;
      }
      try {
        atomicWrite(outcome.realPath, outcome.after);
      } catch (error) {
        report.status = 'failed';
        report.error = `could not write: ${errorMessage(error)}`;
      }
    }
  }

  report(reports, [...helpers.values()], options, io);
  return reports.some((entry) => entry.status === 'failed') ? EXIT_FINDINGS : EXIT_OK;
}

function report(reports: readonly FileReport[], helpers: readonly HelperReport[], options: FixOptions, io: Io): void {
  const show = (file: string): string => displayPath(file, io.cwd);
  const count = (status: Status): number => reports.filter((entry) => entry.status === status && !entry.notEntrypoint).length;
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
        ...(entry.diff === undefined ? {} : { diff: entry.diff }),
      })),
      helpers: helpers.map((helper) => ({
        file: show(helper.path),
        path: helper.path,
        variant: helper.variant,
        status: helper.status === 'would be written' ? 'would-write' : helper.status,
        ...(helper.error === undefined ? {} : { error: helper.error }),
      })),
      summary: { changed: count('changed'), unchanged: count('unchanged'), skipped: count('skipped'), failed: count('failed'), notEntrypoints },
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
      .map((entry) => [label[status], show(entry.path), entry.error ?? entry.reason ?? '']),
  );
  rows.push(
    ...helpers.map((helper) => [
      helper.status === 'failed' ? c.red('helper') : c.cyan('helper'),
      show(helper.path),
      helper.error === undefined ? `${helper.status} (${helper.variant})` : `failed: ${helper.error}`,
    ]),
  );
  if (rows.length > 0) out.push(formatTable(rows, ''), '');
  const tally = order.map((status) => `${count(status)} ${status}`).join(', ');
  const rest = notEntrypoints === 0 ? '' : `; ${notEntrypoints} other file${notEntrypoints === 1 ? ' is not an entrypoint' : 's are not entrypoints'}`;
  out.push(c.dim(`${tally}${rest}.${options.dryRun ? ' Dry run: nothing was written.' : ''}`));
  io.stdout.write(`${out.join('\n')}\n`);
}
