/**
 * `npm run bench`: whole-process benchmarks of the plugin, the CLI and the codemods against the
 * tools users would otherwise run, on real code (a seeded selection of installed packages) and a
 * generated project. Prints the machine, every round, and a Markdown table of medians and
 * same-run ratios; `--write` puts that table into BENCHMARKS.md.
 *
 *   tsx bench/run.ts [--rounds N] [--only lint,oxlint,typed,check,fix,thread-signal,recall] [--write]
 *
 * `recall` is not timed: how many of typescript-eslint's `no-floating-promises` findings ours
 * also reports (bench/lib/recall.ts); it fails below its targets.
 *
 * Needs the build (`npm run build`): it measures dist/, as users run it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { builtInOxlintConfig, oxlintResults, resolveOxlint } from '../packages/graceful-shutdown-cli/cli/oxlint.js';
import { runMain } from '../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { ensureLintCorpus, type LintCorpus } from './lib/lint-corpus.js';
import { formatMachine, machineInfo } from './lib/machine.js';
import { type BenchCommand, type Measured, measureAlternating, measuresMemory, ratio } from './lib/measure.js';
import { formatRecall, measureRecall, meetsTargets } from './lib/recall.js';
import { generateThreadSignalProject } from './lib/thread-signal-project.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
const jscodeshiftBin = path.join(repoRoot, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const cliBin = path.join(repoRoot, 'packages', 'graceful-shutdown-cli', 'dist', 'cli', 'main.js');
const configFile = (name: string): string => path.join(repoRoot, 'bench', 'configs', `${name}.mjs`);

const SECTIONS = ['lint', 'oxlint', 'typed', 'check', 'fix', 'thread-signal', 'recall'] as const;
type Section = (typeof SECTIONS)[number];
/** Sections that time commands; `recall` counts findings instead. */
type TimedSection = Exclude<Section, 'recall'>;

interface Row {
  readonly section: string;
  readonly measured: Measured;
  /** "1.04× parse-only (0.98–1.10)" */
  readonly comparison?: string;
  readonly target?: string;
  readonly verdict?: 'met' | 'MISSED';
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number | undefined): string => (kib === undefined ? '–' : `${Math.round(kib / 1024)} MiB`);

function compare(
  a: Measured,
  b: Measured,
  label: string,
  target?: number,
): Pick<Row, 'comparison' | 'target' | 'verdict'> {
  const r = ratio(a, b);
  const cpu = r.cpuOfMedians === undefined ? '' : `; CPU ${r.cpuOfMedians.toFixed(2)}×`;
  const comparison = `${r.ofMedians.toFixed(2)}× ${label} (paired ${r.pairedMedian.toFixed(2)}×, rounds ${r.roundMin.toFixed(2)}–${r.roundMax.toFixed(2)}${cpu})`;
  if (target === undefined) return { comparison };
  // Met only when both estimates agree: on a busy machine one noisy round can move either.
  return {
    comparison,
    target: `≤ ${target.toFixed(2)}×`,
    verdict: r.ofMedians <= target && r.pairedMedian <= target ? 'met' : 'MISSED',
  };
}

type LintResults = ReadonlyArray<{
  filePath: string;
  messages: ReadonlyArray<{
    fatal?: boolean | undefined;
    ruleId: string | null;
    message: string;
    line: number;
    column: number;
  }>;
}>;

/** Every rule finding as `file:line:column rule`, sorted: what must be identical between engines. */
const findingKeys = (results: LintResults, dir: string): string[] =>
  results
    .flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId !== null)
        .map((message) => `${path.relative(dir, result.filePath)}:${message.line}:${message.column} ${message.ruleId}`),
    )
    .sort();

/** ESLint's JSON output → a note, after checking that every file was linted and none failed to parse. */
function eslintVerifier(expectedFiles: number, keep?: (results: LintResults) => void): (stdout: string) => string {
  return (stdout) => {
    const results = JSON.parse(stdout) as LintResults;
    const fatal = results.flatMap((result) =>
      result.messages.filter((message) => message.fatal).map((message) => `${result.filePath}: ${message.message}`),
    );
    if (fatal.length > 0)
      throw new Error(`ESLint could not parse ${fatal.length} files:\n${fatal.slice(0, 5).join('\n')}`);
    if (results.length !== expectedFiles)
      throw new Error(`ESLint linted ${results.length} files, expected ${expectedFiles}`);
    keep?.(results);
    // Rule findings only: with inline config off, ESLint also notes each directive it ignored.
    const findings = results.reduce(
      (sum, result) => sum + result.messages.filter((message) => message.ruleId !== null).length,
      0,
    );
    return `${results.length} files, ${findings} findings`;
  };
}

/** A reference only: ESLint with rule contexts that do not keep each file's syntax tree alive (bench/lib/eslint-flat-file-context.cjs). */
const flatFileContext = path.join(repoRoot, 'bench', 'lib', 'eslint-flat-file-context.cjs');

function eslintCommand(
  name: string,
  config: string,
  corpus: LintCorpus,
  targets?: readonly string[],
  preload?: string,
  keep?: (results: LintResults) => void,
): BenchCommand {
  return {
    name,
    command: node,
    args: [
      ...(preload === undefined ? [] : ['--require', preload]),
      eslintBin,
      '--config',
      configFile(config),
      '--format',
      'json',
      ...(targets ?? ['.']),
    ],
    cwd: corpus.dir,
    okStatus: [0, 1],
    verify: eslintVerifier(targets?.length ?? corpus.files.length, keep),
  };
}

/**
 * oxlint with our rules through its JS plugin API (the config `check --engine oxlint` writes), against
 * ESLint parse-only and ESLint with our rules, on the same files. Fails unless both engines give the
 * same findings (file, line, column, rule) and oxlint parsed every file.
 */
function oxlintSection(corpus: LintCorpus, options: Options): Row[] {
  const oxlint = resolveOxlint(repoRoot);
  const configDir = path.join(repoRoot, 'bench', '.cache', 'oxlint');
  mkdirSync(configDir, { recursive: true });
  const configPath = path.join(configDir, '.oxlintrc.json');
  writeFileSync(
    configPath,
    JSON.stringify(
      builtInOxlintConfig(path.join(repoRoot, 'packages', 'eslint-plugin-graceful-shutdown', 'dist', 'index.js')),
    ),
  );
  let eslintFindings: string[] | undefined;
  let oxlintFindings: string[] | undefined;
  const command: BenchCommand = {
    name: `oxlint ${oxlint.version} + recommended (JS plugin)`,
    command: node,
    args: [
      oxlint.bin,
      '--config',
      configPath,
      '--format',
      'json',
      '--no-ignore',
      '--disable-nested-config',
      ...corpus.files,
    ],
    cwd: corpus.dir,
    okStatus: [0, 1],
    verify: (stdout) => {
      const results = oxlintResults(stdout, corpus.files, corpus.dir);
      const fatal = results.flatMap((result) =>
        result.messages.filter((message) => message.fatal).map((message) => `${result.filePath}: ${message.message}`),
      );
      if (fatal.length > 0)
        throw new Error(`oxlint could not lint ${fatal.length} files:\n${fatal.slice(0, 5).join('\n')}`);
      if (results.length !== corpus.files.length)
        throw new Error(`oxlint reported ${results.length} files, expected ${corpus.files.length}`);
      oxlintFindings = findingKeys(results, corpus.dir);
      return `${results.length} files, ${oxlintFindings.length} findings`;
    },
  };
  const [parseOnly, eslintOurs, oxlintOurs] = measureAlternating(
    [
      eslintCommand('eslint parse-only', 'parse-only', corpus),
      eslintCommand('eslint + recommended', 'recommended', corpus, undefined, undefined, (results) => {
        eslintFindings = findingKeys(results, corpus.dir);
      }),
      command,
    ],
    options,
  );
  const differences = [
    ...(eslintFindings ?? []).filter((key) => !oxlintFindings?.includes(key)).map((key) => `ESLint only: ${key}`),
    ...(oxlintFindings ?? []).filter((key) => !eslintFindings?.includes(key)).map((key) => `oxlint only: ${key}`),
  ];
  if (differences.length > 0) throw new Error(`oxlint and ESLint disagree:\n${differences.join('\n')}`);
  return [
    { section: 'oxlint', measured: parseOnly! },
    { section: 'oxlint', measured: eslintOurs!, ...compare(eslintOurs!, parseOnly!, 'parse-only') },
    { section: 'oxlint', measured: oxlintOurs!, ...compare(oxlintOurs!, parseOnly!, 'eslint parse-only', 0.5) },
    { section: 'oxlint', measured: oxlintOurs!, ...compare(oxlintOurs!, eslintOurs!, 'eslint + recommended') },
  ];
}

function lintSection(corpus: LintCorpus, options: Options): Row[] {
  const [parseOnly, oneEmptyRule, noopRules, ours, oursFlatContext] = measureAlternating(
    [
      eslintCommand('eslint parse-only', 'parse-only', corpus),
      eslintCommand('eslint + one empty rule (reference)', 'one-empty-rule', corpus),
      eslintCommand('eslint + 4 no-op rules', 'noop-rules', corpus),
      eslintCommand('eslint + recommended', 'recommended', corpus),
      eslintCommand(
        'eslint + recommended, rule contexts without a per-file prototype (reference)',
        'recommended',
        corpus,
        undefined,
        flatFileContext,
      ),
    ],
    options,
  );
  // One rule without listeners is ESLint's floor: what enabling any rule costs (its per-file rule
  // contexts keep every file's syntax tree alive through young-generation GCs, BENCHMARKS.md).
  // The no-op rules (same listeners as ours, empty bodies) add ESLint's dispatch to four rules'
  // listeners; the rest is our rules' own work. The last row runs ours on an ESLint whose rule
  // contexts do not keep the trees alive.
  return [
    { section: 'lint', measured: parseOnly! },
    { section: 'lint', measured: oneEmptyRule!, ...compare(oneEmptyRule!, parseOnly!, 'parse-only') },
    { section: 'lint', measured: noopRules!, ...compare(noopRules!, parseOnly!, 'parse-only') },
    // Targets of issue #15 (the newest): lint ≤ 1.15× parse-only, typed ≤ 1.0× no-floating-promises.
    { section: 'lint', measured: ours!, ...compare(ours!, parseOnly!, 'parse-only', 1.15) },
    { section: 'lint', measured: ours!, ...compare(ours!, oneEmptyRule!, 'one empty rule') },
    { section: 'lint', measured: ours!, ...compare(ours!, noopRules!, 'no-op rules') },
    { section: 'lint', measured: oursFlatContext!, ...compare(oursFlatContext!, parseOnly!, 'parse-only') },
  ];
}

function typedSection(corpus: LintCorpus, options: Options): Row[] {
  // The rule that takes no-floating-promises's place, alone, beside our whole typed preset: what the
  // like-for-like replacement costs, and what the three other rules add on top. The last row is the
  // preset with require-signal-propagation's typed scope search left out, for reference.
  const [base, ours, theirs, ourPromiseRule, untypedPropagation] = measureAlternating(
    [
      eslintCommand('typed parse-only', 'typed-parse-only', corpus),
      eslintCommand('eslint + recommended-type-checked', 'typed-recommended', corpus),
      eslintCommand('eslint + ts-eslint no-floating-promises', 'typed-no-floating-promises', corpus),
      eslintCommand('eslint + no-unmanaged-promises (typeAware)', 'typed-no-unmanaged-promises', corpus),
      eslintCommand(
        'eslint + recommended-type-checked, propagation without types (reference)',
        'typed-recommended-untyped-propagation',
        corpus,
      ),
    ],
    options,
  );
  return [
    { section: 'typed', measured: base! },
    { section: 'typed', measured: theirs!, ...compare(theirs!, base!, 'typed parse-only') },
    { section: 'typed', measured: ourPromiseRule!, ...compare(ourPromiseRule!, theirs!, 'no-floating-promises') },
    { section: 'typed', measured: ours!, ...compare(ours!, theirs!, 'no-floating-promises', 1.0) },
    {
      section: 'typed',
      measured: untypedPropagation!,
      ...compare(untypedPropagation!, theirs!, 'no-floating-promises'),
    },
  ];
}

function checkSection(corpus: LintCorpus, options: Options): Row[] {
  // One real program entrypoint (a CLI's bin) and one TypeScript file, each on its own, cold.
  const jsFile =
    corpus.files.find((file) => /(?:^|\/)bin\/[^/]+\.[cm]?js$/.test(file)) ??
    corpus.files.find((file) => file.endsWith('.js'))!;
  const tsFile = corpus.files.find((file) => file.endsWith('.ts'));
  const rows: Row[] = [];
  // Plain eslint as each kind of project would configure it: a JavaScript project loads no TypeScript parser.
  for (const [label, file, configSuffix] of [
    ['JS', jsFile, '-js'],
    ['TS', tsFile, ''],
  ] as const) {
    if (file === undefined) continue;
    const check: BenchCommand = {
      name: `check ${label} file`,
      command: node,
      args: [cliBin, 'check', '--format', 'json', file],
      cwd: corpus.dir,
      okStatus: [0, 1],
      verify: eslintVerifier(1),
    };
    const eslintPlain = eslintCommand(`eslint ${label} file (recommended)`, `recommended${configSuffix}`, corpus, [
      file,
    ]);
    const eslintBare = eslintCommand(`eslint ${label} file (parse-only)`, `parse-only${configSuffix}`, corpus, [file]);
    const [ours, plain, bare] = measureAlternating([check, eslintPlain, eslintBare], options);
    rows.push(
      { section: `check (${file})`, measured: bare! },
      { section: `check (${file})`, measured: plain!, ...compare(plain!, bare!, 'eslint parse-only') },
      { section: `check (${file})`, measured: ours!, ...compare(ours!, plain!, 'eslint + recommended') },
    );
  }
  return rows;
}

function fixVerifier(stdout: string): string {
  const json = JSON.parse(stdout) as {
    summary: { changed: number; unchanged: number; skipped: number; failed: number; notEntrypoints: number };
  };
  const { changed, unchanged, skipped, failed, notEntrypoints } = json.summary;
  if (failed > 0) throw new Error(`fix --dry-run failed on ${failed} files`);
  return `${changed} would change, ${unchanged} unchanged, ${skipped} skipped, ${notEntrypoints} not entrypoints`;
}

function jscodeshiftVerifier(expected: number): (stdout: string) => string {
  return (stdout) => {
    const count = (label: string): number => Number(new RegExp(`(\\d+) ${label}`).exec(stdout)?.[1] ?? Number.NaN);
    const [errors, unmodified, ok] = [count('errors'), count('unmodified'), count('ok')];
    if (errors !== 0) throw new Error(`jscodeshift reported errors:\n${stdout.slice(-2_000)}`);
    if (unmodified + ok !== expected)
      throw new Error(`jscodeshift processed ${unmodified + ok} files, expected ${expected}:\n${stdout.slice(-2_000)}`);
    return `${ok + unmodified} files printed (${ok} reformatted by recast)`;
  };
}

function fixSection(corpus: LintCorpus, options: Options): Row[] {
  const files = [...corpus.files];
  const fix = (jobs: number): BenchCommand => ({
    name: `fix --dry-run --jobs ${jobs}`,
    command: node,
    args: [cliBin, 'fix', '--dry-run', '--format', 'json', '--jobs', String(jobs), ...files],
    cwd: corpus.dir,
    verify: fixVerifier,
  });
  const jscodeshift = (cpus: number): BenchCommand => ({
    name: cpus === 1 ? 'jscodeshift parse+print --run-in-band' : `jscodeshift parse+print --cpus=${cpus}`,
    command: node,
    args: [
      jscodeshiftBin,
      '--transform',
      path.join(repoRoot, 'bench', 'transforms', 'parse-print.cjs'),
      '--dry',
      '--no-babel',
      '--extensions=js,jsx,mjs,cjs,ts,tsx,mts,cts',
      ...(cpus === 1 ? ['--run-in-band'] : [`--cpus=${cpus}`]),
      ...files,
    ],
    cwd: corpus.dir,
    verify: jscodeshiftVerifier(files.length),
  });
  const [ours1, theirs1, ours2, theirs2] = measureAlternating(
    [fix(1), jscodeshift(1), fix(2), jscodeshift(2)],
    options,
  );
  return [
    { section: 'fix', measured: theirs1! },
    { section: 'fix', measured: ours1!, ...compare(ours1!, theirs1!, 'jscodeshift in band', 1.5) },
    { section: 'fix', measured: theirs2! },
    { section: 'fix', measured: ours2!, ...compare(ours2!, theirs2!, 'jscodeshift --cpus=2', 1.5) },
  ];
}

function threadSignalSection(options: Options): Row[] {
  const dir = path.join(repoRoot, 'bench', '.cache', 'thread-signal', 'project');
  const helperSource = path.join(
    repoRoot,
    'packages',
    'graceful-shutdown-cli',
    'dist',
    'helper',
    'graceful-shutdown.ts',
  );
  const generate = (): string => generateThreadSignalProject(dir, { files: 500, seed: 9, helperSource }).tsconfigPath;
  const tsconfigPath = generate();
  const command: BenchCommand = {
    name: 'thread-signal (500 files, writes)',
    command: node,
    args: [path.join(repoRoot, 'bench', 'thread-signal-run.mjs'), tsconfigPath],
    cwd: repoRoot,
    // It rewrites the project: every run starts from the generated one.
    prepare: generate,
    verify: (stdout) => {
      const summary = JSON.parse(stdout) as {
        changedFiles: number;
        edits: number;
        reverted: number;
        diagnostics: { before: number; after: number };
        skipped?: string;
      };
      if (summary.skipped !== undefined) throw new Error(`thread-signal skipped the project: ${summary.skipped}`);
      if (summary.edits === 0) throw new Error('thread-signal made no edit on the generated project');
      if (summary.diagnostics.after > summary.diagnostics.before)
        throw new Error(`thread-signal added diagnostics: ${JSON.stringify(summary.diagnostics)}`);
      return `${summary.edits} edits in ${summary.changedFiles} files, ${summary.reverted} groups reverted, diagnostics ${summary.diagnostics.before} → ${summary.diagnostics.after}`;
    },
  };
  try {
    const [measured] = measureAlternating([command], { ...options, rounds: Math.min(options.rounds, 3) });
    return [{ section: 'thread-signal', measured: measured! }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Options {
  readonly rounds: number;
  readonly warmup: number;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

function table(rows: readonly Row[]): string[] {
  const lines = [
    '| benchmark | command | median | min–max | CPU (median) | peak RSS (median) | comparison (ratio of medians) | target | verdict |',
    '|---|---|---:|---:|---:|---:|---|---|---|',
  ];
  for (const row of rows) {
    const m = row.measured;
    const name = m.note === undefined ? m.name : `${m.name}<br><sub>${m.note}</sub>`;
    lines.push(
      `| ${row.section} | ${name} | ${seconds(m.medianMs)} | ${seconds(m.minMs)}–${seconds(m.maxMs)} | ${m.medianCpuMs === undefined ? '–' : seconds(m.medianCpuMs)} | ${mib(m.medianRssKiB)} | ${row.comparison ?? ''} | ${row.target ?? ''} | ${row.verdict ?? ''} |`,
    );
  }
  return lines;
}

const RESULTS_START = '<!-- begin bench results -->';
const RESULTS_END = '<!-- end bench results -->';

function writeResults(block: string): void {
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start === -1 || end < start) throw new Error(`BENCHMARKS.md has no ${RESULTS_START} … ${RESULTS_END} section`);
  writeFileSync(file, `${text.slice(0, start + RESULTS_START.length)}\n${block}\n${text.slice(end)}`);
}

async function main(signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      only: { type: 'string' },
      write: { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(warmup) || warmup < 0) {
    process.stderr.write('--rounds must be a whole number ≥ 1 and --warmup ≥ 0\n');
    return 2;
  }
  const only = values.only === undefined ? [...SECTIONS] : (values.only.split(',') as Section[]);
  const unknown = only.filter((section) => !SECTIONS.includes(section));
  if (unknown.length > 0) {
    process.stderr.write(`unknown section ${unknown.join(', ')} (choose from ${SECTIONS.join(', ')})\n`);
    return 2;
  }

  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const machine = machineInfo(repoRoot);
  const header = formatMachine(machine);
  for (const line of header) log(line);
  if (!measuresMemory) log('(GNU time not found at /usr/bin/time: peak memory is not measured; apt-get install time)');

  const corpus = await ensureLintCorpus(repoRoot, log);
  const corpusLine = `- Lint/fix corpus: ${corpus.files.length} real files (${corpus.typescriptFiles} TypeScript) from ${corpus.packages} installed packages, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB, ${corpus.lines.toLocaleString('en')} lines, digest ${corpus.digest}`;
  log(corpusLine);
  const options: Options = { rounds, warmup, log, signal };
  const runners: Record<TimedSection, () => Row[]> = {
    lint: () => lintSection(corpus, options),
    oxlint: () => oxlintSection(corpus, options),
    typed: () => typedSection(corpus, options),
    check: () => checkSection(corpus, options),
    fix: () => fixSection(corpus, options),
    'thread-signal': () => threadSignalSection(options),
  };
  const rows: Row[] = [];
  const recallLines: string[] = [];
  let recallMet = true;
  for (const section of only) {
    log(`\n## ${section}`);
    if (section === 'recall') {
      const report = await measureRecall(repoRoot, corpus, log, signal);
      recallLines.push('', ...formatRecall(report, corpus));
      recallMet = meetsTargets(report);
    } else rows.push(...runners[section]());
  }

  const block = [
    ...header,
    corpusLine,
    rows.length > 0
      ? `- ${rounds} alternating rounds after ${warmup} warm-up round${warmup === 1 ? '' : 's'} (thread-signal: ${Math.min(rounds, 3)}); load average ${os.loadavg()[0]!.toFixed(2)} at the end`
      : `- load average ${os.loadavg()[0]!.toFixed(2)} at the end`,
    ...(rows.length > 0 ? ['', ...table(rows)] : []),
    ...recallLines,
  ].join('\n');
  process.stdout.write(`\n${block}\n`);
  if (values.write) {
    writeResults(block);
    log('\nwrote the results into BENCHMARKS.md');
  }
  return rows.some((row) => row.verdict === 'MISSED') || !recallMet ? 1 : 0;
}

runMain(({ signal }) => main(signal));
