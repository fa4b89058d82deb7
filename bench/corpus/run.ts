/**
 * `npm run test:corpus`: the CLI on real programs nobody here wrote. Fetches the pinned packages
 * of packages.ts with `npm pack` into bench/corpus/.cache/ (once; offline afterwards), unpacks
 * each into a fresh temporary folder, and over each package's entrypoints (every `bin` target, with
 * or without an extension, plus what `graceful-shutdown entrypoints` finds) runs `check`, then `fix`
 * twice. It fails when: a command crashes or reports an internal error; a rewritten file or a
 * written helper does not parse the way Node would load it (espree / the TypeScript parser, and
 * `node --check` for JavaScript that passed it before); a rewritten extensionless CommonJS script
 * turned into an ES module; a file fix did not change (unchanged, skipped — already-graceful
 * programs among them) differs by one byte; the second `fix` changes anything; fewer than 30
 * packages had an entrypoint to look at.
 *
 *   tsx bench/corpus/run.ts [--only name,name] [--keep]
 *
 * Needs the build (`npm run build`) and, on the first run, the npm registry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { runMain } from '../../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { binFiles, fetchMissing, packageTypeOf, unpack } from '../lib/npm-pack.js';
import { CORPUS_PACKAGES, type CorpusPackage } from './packages.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repoRoot, 'bench', 'corpus', '.cache', 'tarballs');
const cliBin = path.join(repoRoot, 'packages', 'graceful-shutdown-cli', 'dist', 'cli', 'main.js');
const MIN_PACKAGES_WITH_ENTRYPOINTS = 30;

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;
/** `bin/tool`: no extension, so nothing in the name says how Node loads it (see `nodeSourceType`). */
const isExtensionless = (file: string): boolean => path.extname(path.basename(file)) === '';

interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(cwd: string, args: readonly string[]): CliRun {
  const run = spawnSync(process.execPath, [cliBin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { status: run.status ?? 128, stdout: run.stdout, stderr: run.stderr };
}

/*
 * The unpacked packages live in the temporary folder, outside the repository: a Linter rooted at the
 * working directory answers "No matching configuration" (not fatal) for every file there, and no
 * `files` glob matches an extensionless name. So the Linter is rooted at the file-system root and
 * its config matches every file with a matcher function (ESLint's config array takes one; its
 * types say string).
 */
const linter = new Linter({ configType: 'flat', cwd: path.parse(repoRoot).root });
const EVERY_FILE = ((): boolean => true) as unknown as string;

/** The first fatal message for `text` parsed with `languageOptions`; a file the config does not reach is a failure too, never a pass. */
function firstParseError(file: string, text: string, languageOptions: Linter.LanguageOptions): string | undefined {
  // Directive comments are the package's business (ESLint 10 rejects an old `/* eslint-env */` as fatal, though the file parsed).
  const messages = linter.verify(text, [{ files: [EVERY_FILE], languageOptions }], {
    filename: file,
    allowInlineConfig: false,
  });
  const fatal =
    messages.find((message) => message.fatal) ??
    messages.find((message) => message.ruleId === null && /no matching configuration/i.test(message.message));
  return fatal === undefined ? undefined : `${fatal.line}:${fatal.column} ${fatal.message}`;
}

type SourceType = 'module' | 'commonjs';

/** espree's first fatal complaint about JavaScript `text` read as `sourceType`, if any ('commonjs' allows a top-level `return`). */
function espreeError(file: string, text: string, sourceType: SourceType): string | undefined {
  return firstParseError(file, text, { ecmaVersion: 'latest', sourceType });
}

/**
 * How Node 20.19+ loads JavaScript: .mjs as a module, .cjs as CommonJS, .js by the nearest
 * package.json `type`. An extensionless script is a module in a `"type": "module"` package, else
 * CommonJS unless only a module parses it (Node's syntax detection: import/export, import.meta,
 * top-level await) — `node --check bin/tool` decides the same way.
 */
function nodeSourceType(file: string, text: string): SourceType {
  const ext = path.extname(path.basename(file));
  if (ext === '.cjs') return 'commonjs';
  if (ext === '.js') return packageTypeOf(file) === 'module' ? 'module' : 'commonjs';
  if (ext !== '') return 'module'; // .mjs; .jsx Node does not run, read as before
  if (packageTypeOf(file) === 'module') return 'module';
  return espreeError(file, text, 'commonjs') !== undefined && espreeError(file, text, 'module') === undefined
    ? 'module'
    : 'commonjs';
}

/** The parser's complaint about `text`, if any: espree for JavaScript (module or CommonJS as Node would load it), the TypeScript parser for TypeScript. */
function parseError(file: string, text: string): string | undefined {
  if (!TYPESCRIPT_FILE.test(file)) {
    const sourceType = nodeSourceType(file, text);
    const error = espreeError(file, text, sourceType);
    return error === undefined ? undefined : `${error} (as ${sourceType === 'module' ? 'an ES module' : 'CommonJS'})`;
  }
  return firstParseError(file, text, { parser: tsParser, parserOptions: { sourceType: 'module' } });
}

/**
 * `node --check`: V8's own verdict, for JavaScript. Node 20.19+ checks an extensionless file as it
 * would run it (a module in a `"type": "module"` package, else CommonJS with syntax detection), so
 * it is passed as it is: `--input-type` only applies to --eval and stdin, and a renamed copy would
 * lose the detection.
 */
function nodeChecks(file: string): boolean {
  if (TYPESCRIPT_FILE.test(file)) return true;
  return spawnSync(process.execPath, ['--check', file], { stdio: 'ignore' }).status === 0;
}

interface FixJson {
  readonly files: ReadonlyArray<{
    path: string;
    status: 'changed' | 'unchanged' | 'skipped' | 'failed';
    reason?: string;
    error?: string;
  }>;
  readonly helpers: ReadonlyArray<{ path: string; status: string }>;
  readonly summary: { changed: number; unchanged: number; skipped: number; failed: number; notEntrypoints: number };
}

interface CheckJson {
  readonly filePath: string;
  readonly messages: ReadonlyArray<{ ruleId: string | null; fatal?: boolean; message: string }>;
}

/** What became of the extensionless scripts among a package's entrypoints. */
interface ExtensionlessTally {
  files: number;
  commonjs: number;
  module: number;
  /** Not JavaScript by the CLI's reading (a `#!/bin/sh` bin…): skipped with its reason. */
  notScripts: number;
  findings: number;
  fix: Record<'changed' | 'unchanged' | 'skipped' | 'failed', number>;
}

/** The CLI's reasons for skipping an extensionless file that is no JavaScript (cli/extensionless.ts). */
const NOT_A_SCRIPT = /^(?:no extension|binary file|not a regular file)/;

const emptyTally = (): ExtensionlessTally => ({
  files: 0,
  commonjs: 0,
  module: 0,
  notScripts: 0,
  findings: 0,
  fix: { changed: 0, unchanged: 0, skipped: 0, failed: 0 },
});

interface PackageReport {
  readonly pkg: CorpusPackage;
  entrypoints: number;
  extensionless: ExtensionlessTally;
  findingsBefore: number;
  findingsAfter: number;
  unparseable: number;
  byRule: Map<string, number>;
  fix: Record<'changed' | 'unchanged' | 'skipped' | 'failed', number>;
  alreadyGraceful: number;
  helpers: number;
  secondFixChanged: number;
  readonly violations: string[];
}

function countFindings(run: CheckJson[], report: PackageReport, record: boolean): number {
  let findings = 0;
  for (const result of run) {
    for (const message of result.messages) {
      if (message.fatal) {
        if (record) report.unparseable++;
        continue;
      }
      if (message.ruleId === null) continue;
      findings++;
      if (!record) continue;
      report.byRule.set(message.ruleId, (report.byRule.get(message.ruleId) ?? 0) + 1);
      if (isExtensionless(result.filePath)) report.extensionless.findings++;
    }
  }
  return findings;
}

function parseJson<T>(run: CliRun, what: string, violations: string[]): T | undefined {
  if (run.status !== 0 && run.status !== 1) {
    violations.push(`${what} exited ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return undefined;
  }
  if (/internal error|crashed/i.test(run.stderr))
    violations.push(`${what} reported an internal error: ${run.stderr.trim().split('\n')[0]}`);
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    violations.push(`${what} printed no JSON: ${run.stdout.slice(0, 200)}`);
    return undefined;
  }
}

function examine(pkg: CorpusPackage, workRoot: string): PackageReport {
  const report: PackageReport = {
    pkg,
    entrypoints: 0,
    extensionless: emptyTally(),
    findingsBefore: 0,
    findingsAfter: 0,
    unparseable: 0,
    byRule: new Map(),
    fix: { changed: 0, unchanged: 0, skipped: 0, failed: 0 },
    alreadyGraceful: 0,
    helpers: 0,
    secondFixChanged: 0,
    violations: [],
  };
  const v = report.violations;
  const dir = unpack(cacheDir, pkg, workRoot);
  const found = parseJson<{ entrypoints: Array<{ path: string }> }>(
    cli(dir, ['entrypoints', '--format', 'json', '.']),
    'entrypoints',
    v,
  );
  const files = [...new Set([...binFiles(dir), ...(found?.entrypoints.map((entry) => entry.path) ?? [])])].sort();
  report.entrypoints = files.length;
  if (files.length === 0) return report;

  const rel = (file: string): string => path.relative(dir, file);
  const original = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
  const nodeAccepted = new Set(files.filter(nodeChecks));
  // How Node loads each extensionless script as shipped: the rewrite must keep to it.
  const originalSourceType = new Map<string, SourceType>();
  for (const file of files.filter(isExtensionless)) {
    report.extensionless.files++;
    originalSourceType.set(file, nodeSourceType(file, original.get(file)!));
    // The parse check below must read a script as Node does: where Node takes it as shipped, so must espree.
    const error = nodeAccepted.has(file) ? parseError(file, original.get(file)!) : undefined;
    if (error !== undefined)
      v.push(`node --check accepts ${rel(file)} but this runner's parse check does not: ${error}`);
  }

  const checked = parseJson<CheckJson[]>(cli(dir, ['check', '--format', 'json', ...files]), 'check', v);
  if (checked) report.findingsBefore = countFindings(checked, report, true);

  // First fix: writes (the folder is a throwaway copy outside any git repository).
  const first = parseJson<FixJson>(cli(dir, ['fix', '--format', 'json', '--force', ...files]), 'fix', v);
  if (!first) return report;
  const reported = new Set<string>();
  for (const entry of first.files) {
    report.fix[entry.status]++;
    const before = original.get(entry.path);
    if (before === undefined) continue;
    reported.add(entry.path);
    if (isExtensionless(entry.path)) {
      report.extensionless.fix[entry.status]++;
      if (entry.status === 'skipped' && NOT_A_SCRIPT.test(entry.reason ?? '')) report.extensionless.notScripts++;
      else report.extensionless[originalSourceType.get(entry.path)!]++;
    }
    const after = readFileSync(entry.path, 'utf8');
    if (entry.status === 'failed') {
      // An input the parsers reject is the package's business; anything else is ours.
      if (!/does not parse/.test(entry.error ?? '') || /graceful-main bug/.test(entry.error ?? ''))
        v.push(`fix failed on ${rel(entry.path)}: ${entry.error ?? ''}`);
      if (after !== before) v.push(`fix failed on ${rel(entry.path)} but changed it`);
    } else if (entry.status === 'changed') {
      if (after === before) v.push(`fix reported ${rel(entry.path)} changed, but its bytes are the same`);
      const error = parseError(entry.path, after);
      if (error !== undefined) v.push(`rewritten ${rel(entry.path)} does not parse: ${error}`);
      if (nodeAccepted.has(entry.path) && !nodeChecks(entry.path))
        v.push(`rewritten ${rel(entry.path)} fails node --check`);
      // Syntax detection would then run it as a module, where its require, module.exports and __dirname are gone.
      if (
        originalSourceType.get(entry.path) === 'commonjs' &&
        error === undefined &&
        nodeSourceType(entry.path, after) === 'module'
      ) {
        v.push(`rewritten ${rel(entry.path)} was a CommonJS script and is now an ES module`);
      }
    } else {
      if (/already graceful/.test(entry.reason ?? '')) report.alreadyGraceful++;
      if (after !== before)
        v.push(`fix left ${rel(entry.path)} ${entry.status} (${entry.reason ?? ''}) but changed its bytes`);
    }
  }
  // A file fix did not name (it looks at a real file once) must be untouched all the same.
  for (const [file, before] of original)
    if (!reported.has(file) && readFileSync(file, 'utf8') !== before)
      v.push(`fix did not report ${rel(file)} but changed it`);
  for (const helper of first.helpers) {
    report.helpers++;
    if (!existsSync(helper.path)) {
      v.push(`helper ${rel(helper.path)} was not written (${helper.status})`);
      continue;
    }
    const error = parseError(helper.path, readFileSync(helper.path, 'utf8'));
    if (error !== undefined) v.push(`helper ${rel(helper.path)} does not parse: ${error}`);
    if (!nodeChecks(helper.path)) v.push(`helper ${rel(helper.path)} fails node --check`);
  }

  // Second fix: everything is graceful now, so nothing may change, not one byte.
  const helperPaths = first.helpers.map((helper) => helper.path).filter((file) => existsSync(file));
  const snapshot = new Map([...files, ...helperPaths].map((file) => [file, readFileSync(file, 'utf8')]));
  const second = parseJson<FixJson>(cli(dir, ['fix', '--format', 'json', '--force', ...files]), 'second fix', v);
  if (second) {
    report.secondFixChanged = second.summary.changed;
    if (second.summary.changed > 0)
      v.push(
        `second fix changed ${second.files
          .filter((entry) => entry.status === 'changed')
          .map((entry) => rel(entry.path))
          .join(', ')}`,
      );
  }
  for (const [file, text] of snapshot)
    if (readFileSync(file, 'utf8') !== text) v.push(`second fix modified ${rel(file)}`);

  const after = parseJson<CheckJson[]>(cli(dir, ['check', '--format', 'json', ...files]), 'check after fix', v);
  if (after) report.findingsAfter = countFindings(after, report, false);
  return report;
}

function main(signal: AbortSignal): number {
  const { values } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const only = values.only?.split(',');
  const packages = only === undefined ? CORPUS_PACKAGES : CORPUS_PACKAGES.filter((pkg) => only.includes(pkg.name));
  if (!existsSync(cliBin)) {
    log(`${path.relative(repoRoot, cliBin)} is missing: run npm run build first`);
    return 2;
  }
  fetchMissing(cacheDir, packages, log);

  const workRoot = mkdtempSync(path.join(os.tmpdir(), 'gs-corpus-'));
  const reports: PackageReport[] = [];
  const started = performance.now();
  try {
    for (const pkg of packages) {
      signal.throwIfAborted();
      const t0 = performance.now();
      let report: PackageReport;
      try {
        report = examine(pkg, workRoot);
      } catch (error) {
        log(`${pkg.name}@${pkg.version}: ${(error as Error).message}`);
        throw error;
      }
      reports.push(report);
      const { fix } = report;
      log(
        `${report.violations.length > 0 ? '✗' : '✓'} ${`${pkg.name}@${pkg.version}`.padEnd(28)} ${pkg.kind.padEnd(10)} ${String(report.entrypoints).padStart(3)} entrypoints${report.extensionless.files > 0 ? ` (${report.extensionless.files} extensionless)` : ''}; check ${report.findingsBefore} → ${report.findingsAfter} findings; fix ${fix.changed} changed, ${fix.unchanged} unchanged (${report.alreadyGraceful} already graceful), ${fix.skipped} skipped, ${fix.failed} failed; 2nd fix ${report.secondFixChanged} changed (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
      for (const violation of report.violations) log(`    ✗ ${violation}`);
    }
  } finally {
    if (values.keep) log(`kept the unpacked packages in ${workRoot}`);
    else rmSync(workRoot, { recursive: true, force: true });
  }

  const sum = (pick: (report: PackageReport) => number): number =>
    reports.reduce((total, report) => total + pick(report), 0);
  const withEntrypoints = reports.filter((report) => report.entrypoints > 0).length;
  const byRule = new Map<string, number>();
  for (const report of reports)
    for (const [rule, count] of report.byRule) byRule.set(rule, (byRule.get(rule) ?? 0) + count);
  const violations = reports.flatMap((report) =>
    report.violations.map((violation) => `${report.pkg.name}: ${violation}`),
  );
  const ext = (pick: (tally: ExtensionlessTally) => number): number => sum((report) => pick(report.extensionless));
  const notScripts = ext((tally) => tally.notScripts);
  const lines = [
    '',
    `packages: ${reports.length} (${withEntrypoints} with entrypoints, ${reports.filter((report) => report.extensionless.files > 0).length} of them with extensionless scripts)`,
    `entrypoints examined: ${sum((report) => report.entrypoints)}, ${ext((tally) => tally.files)} of them extensionless scripts (${ext((tally) => tally.commonjs)} CommonJS, ${ext((tally) => tally.module)} ES modules${notScripts > 0 ? `; ${notScripts} not JavaScript, skipped by the CLI` : ''}); unparseable by the parsers: ${sum((report) => report.unparseable)}`,
    `extensionless scripts: check ${ext((tally) => tally.findings)} findings before fix; fix ${ext((tally) => tally.fix.changed)} changed, ${ext((tally) => tally.fix.unchanged)} unchanged, ${ext((tally) => tally.fix.skipped)} skipped, ${ext((tally) => tally.fix.failed)} failed`,
    `check: ${sum((report) => report.findingsBefore)} findings before fix (${[...byRule]
      .sort((a, b) => b[1] - a[1])
      .map(([rule, count]) => `${rule.replace('graceful-shutdown/', '')} ${count}`)
      .join(', ')}), ${sum((report) => report.findingsAfter)} after`,
    `fix: ${sum((report) => report.fix.changed)} changed, ${sum((report) => report.fix.unchanged)} unchanged (${sum((report) => report.alreadyGraceful)} already graceful), ${sum((report) => report.fix.skipped)} skipped, ${sum((report) => report.fix.failed)} failed; ${sum((report) => report.helpers)} helpers written`,
    `second fix: ${sum((report) => report.secondFixChanged)} changed`,
    `time: ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ];
  if (withEntrypoints < MIN_PACKAGES_WITH_ENTRYPOINTS && only === undefined) {
    violations.push(
      `only ${withEntrypoints} packages had an entrypoint to examine (want ≥ ${MIN_PACKAGES_WITH_ENTRYPOINTS})`,
    );
  }
  lines.push(
    violations.length === 0
      ? 'corpus: OK'
      : `corpus: ${violations.length} problem${violations.length === 1 ? '' : 's'}:\n${violations.map((violation) => `  - ${violation}`).join('\n')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return violations.length === 0 ? 0 : 1;
}

runMain(({ signal }) => Promise.resolve(main(signal)));
