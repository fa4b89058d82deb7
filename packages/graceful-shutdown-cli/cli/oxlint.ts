/**
 * `check --engine oxlint`: the plugin's rules run by oxlint's ESLint-compatible JS plugin API
 * (`jsPlugins`), in one oxlint process, with findings turned into ESLint's result shape so every
 * formatter and exit code stays the same. Differences from the ESLint engine are explicit:
 * no type information (oxlint's JS plugins get no parser services), no suggestions, and files
 * without an extension are skipped with a reason (oxlint lints only known extensions).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { FatalError, UsageError, errorMessage } from './errors.js';

export const OXLINT_INSTALL = 'npm install --save-dev oxlint';

export interface ResolvedOxlint {
  /** oxlint's `bin/oxlint` (a Node script that loads its native binary). */
  readonly bin: string;
  readonly version: string;
  /** Where it was found: the checked project or this package's own dependencies. */
  readonly from: 'project' | 'plugin';
}

/** The project's oxlint (resolved from `cwd`), else the one installed beside this plugin. */
export function resolveOxlint(cwd: string): ResolvedOxlint {
  const attempts: Array<[ResolvedOxlint['from'], NodeRequire]> = [
    ['project', createRequire(path.join(path.resolve(cwd), 'noop.js'))],
    ['plugin', createRequire(import.meta.url)],
  ];
  for (const [from, require] of attempts) {
    let manifestPath: string;
    try {
      manifestPath = require.resolve('oxlint/package.json');
    } catch {
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      version?: string;
      bin?: string | Record<string, string>;
    };
    const binEntry = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.oxlint;
    if (binEntry === undefined) continue;
    return { bin: path.join(path.dirname(manifestPath), binEntry), version: manifest.version ?? 'unknown', from };
  }
  throw new FatalError(`--engine oxlint needs oxlint, which is not installed here (${OXLINT_INSTALL})`);
}

/**
 * The plugin's entry as oxlint must load it: the built JavaScript of the installed
 * eslint-plugin-graceful-shutdown (`require` resolves its "default" export, never the sources the
 * repository's tests and tsx resolve), also when the CLI runs from its sources.
 */
export function pluginEntry(): string {
  let entry: string | undefined;
  try {
    entry = createRequire(import.meta.url).resolve('eslint-plugin-graceful-shutdown');
  } catch {
    // not installed, or its dist/ is missing: said below
  }
  if (entry !== undefined && existsSync(entry)) return entry;
  throw new FatalError(
    'cannot find the built eslint-plugin-graceful-shutdown (its dist/index.js) for oxlint to load: install it, or run `npm run build` in this repository',
  );
}

const RULES = [
  'no-exit-before-drain',
  'no-unmanaged-promises',
  'require-signal-cancellation',
  'require-signal-propagation',
];
/** Every oxlint category, so only our rules run (its `correctness` rules are on by default). */
const CATEGORIES = ['correctness', 'suspicious', 'pedantic', 'perf', 'style', 'restriction', 'nursery'];

/** The `.oxlintrc.json` equivalent of the built-in ESLint config: our recommended rules only, Node globals. */
export function builtInOxlintConfig(plugin: string = pluginEntry()): Record<string, unknown> {
  return {
    plugins: [],
    jsPlugins: [plugin],
    categories: Object.fromEntries(CATEGORIES.map((category) => [category, 'off'])),
    env: { builtin: true, node: true },
    rules: Object.fromEntries(RULES.map((rule) => [`graceful-shutdown/${rule}`, 'error'])),
  };
}

interface OxlintDiagnostic {
  readonly message: string;
  readonly code?: string;
  readonly severity: 'error' | 'warning' | 'advice';
  readonly filename: string;
  readonly labels?: ReadonlyArray<{ readonly span: { readonly offset: number; readonly length: number } }>;
}

/** A 1-based line and column in UTF-16 code units (ESLint's), for a byte offset (oxlint's) in the file. */
function positionAt(text: string, lineStarts: readonly number[], bytes: Buffer, byteOffset: number) {
  const index = bytes.subarray(0, byteOffset).toString('utf8').length;
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= index) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: Math.min(index, text.length) - lineStarts[low]! + 1 };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|[\n\r\u2028\u2029]/g)) starts.push(match.index + match[0].length);
  return starts;
}

/**
 * `graceful-shutdown(no-unmanaged-promises)` → `graceful-shutdown/no-unmanaged-promises`, oxlint's own
 * rules likewise. No code (a syntax error) or a TypeScript one (`TS(2309)`, a semantic error) means oxlint
 * did not lint the file: null, as ESLint's fatal parse errors.
 */
function ruleIdOf(code: string | undefined): string | null {
  if (code === undefined || /^TS\(\d+\)$/.test(code)) return null;
  const match = /^(.+)\((.+)\)$/.exec(code);
  return match ? `${match[1]}/${match[2]}` : code;
}

/** oxlint's JSON output → one ESLint result per file (files without findings included, relative ones from `cwd`), in `files` order. */
export function oxlintResults(stdout: string, files: readonly string[], cwd: string): ESLint.LintResult[] {
  let diagnostics: readonly OxlintDiagnostic[];
  try {
    diagnostics = (JSON.parse(stdout) as { diagnostics: OxlintDiagnostic[] }).diagnostics;
  } catch (error) {
    throw new FatalError(
      `oxlint printed output that is not its JSON format (${errorMessage(error)}): ${stdout.slice(0, 200)}`,
    );
  }
  const byFile = new Map<string, OxlintDiagnostic[]>(files.map((file) => [path.resolve(cwd, file), []]));
  for (const diagnostic of diagnostics) {
    // A rule that threw: the run failed, as ESLint's does (its stack trace is not for the user).
    if (diagnostic.code === undefined && diagnostic.message.startsWith('Error running JS plugin'))
      throw new FatalError(
        diagnostic.message
          .split('\n')
          .filter((line) => !/^\s+at /.test(line))
          .join('\n'),
      );
    const file = path.resolve(cwd, diagnostic.filename);
    const list = byFile.get(file);
    if (list) list.push(diagnostic);
    else byFile.set(file, [diagnostic]);
  }
  return [...byFile].map(([filePath, found]) => {
    const bytes = found.length > 0 ? readFileSync(filePath) : Buffer.alloc(0);
    const text = bytes.toString('utf8');
    const lineStarts = lineStartsOf(text);
    const messages: Linter.LintMessage[] = found.map((diagnostic) => {
      const ruleId = ruleIdOf(diagnostic.code);
      const severity = diagnostic.severity === 'error' ? 2 : 1;
      const span = diagnostic.labels?.[0]?.span;
      const fatal = ruleId === null ? { fatal: true as const } : {};
      const message =
        ruleId === null
          ? `Parsing error: ${diagnostic.message}${diagnostic.code === undefined ? '' : ` (${diagnostic.code}; oxlint lints no file with this error)`}`
          : diagnostic.message;
      if (!span)
        return {
          ruleId,
          severity: ruleId === null ? 2 : severity,
          message,
          line: 0,
          column: 0,
          ...fatal,
        };
      const start = positionAt(text, lineStarts, bytes, span.offset);
      const end = positionAt(text, lineStarts, bytes, span.offset + span.length);
      return {
        ruleId,
        severity: ruleId === null ? 2 : severity,
        message,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        ...fatal,
      };
    });
    messages.sort((a, b) => a.line - b.line || a.column - b.column);
    const count = (predicate: (message: Linter.LintMessage) => boolean): number => messages.filter(predicate).length;
    return {
      filePath,
      messages,
      suppressedMessages: [],
      errorCount: count((message) => message.severity === 2),
      fatalErrorCount: count((message) => message.fatal === true),
      warningCount: count((message) => message.severity === 1),
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
  });
}

export interface OxlintRun {
  readonly files: readonly string[];
  readonly cwd: string;
  /** A user's oxlint config file; without it, the built-in one (our recommended rules only). */
  readonly config?: string;
  readonly signal?: AbortSignal;
}

/** oxlint exits 0 (clean) or 1 (findings) after printing its report; anything else is a failure. */
function spawnOxlint(oxlint: ResolvedOxlint, args: readonly string[], cwd: string, signal?: AbortSignal) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [oxlint.bin, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
      ...(signal ? { signal } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const output = Buffer.concat(stdout).toString('utf8');
      if (code === 0 || code === 1) resolve(output);
      else {
        const detail = (Buffer.concat(stderr).toString('utf8') || output).trim().split('\n').slice(0, 10).join('\n');
        reject(
          new FatalError(`oxlint ${oxlint.version} (${oxlint.bin}) failed with exit code ${String(code)}: ${detail}`),
        );
      }
    });
  });
}

/** Lints `files` with oxlint in one process and returns ESLint-shaped results. */
export async function lintWithOxlint(run: OxlintRun): Promise<ESLint.LintResult[]> {
  if (run.files.length === 0) return [];
  const oxlint = resolveOxlint(run.cwd);
  let configFile: string;
  let scratch: string | undefined;
  if (run.config !== undefined) {
    configFile = path.resolve(run.cwd, run.config);
    if (!existsSync(configFile)) throw new UsageError(`config file does not exist: ${run.config}`);
  } else {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'graceful-shutdown-oxlint-'));
    configFile = path.join(scratch, '.oxlintrc.json');
    writeFileSync(configFile, JSON.stringify(builtInOxlintConfig()));
  }
  try {
    const args = ['--config', configFile, '--format', 'json', '--no-ignore', '--no-error-on-unmatched-pattern'];
    // The built-in run is ours alone: a project's nested .oxlintrc.json files would add their rules.
    if (run.config === undefined) args.push('--disable-nested-config');
    const stdout = await spawnOxlint(
      oxlint,
      [...args, ...run.files.map((file) => path.resolve(file))],
      run.cwd,
      run.signal,
    );
    return oxlintResults(stdout, run.files, run.cwd);
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}
