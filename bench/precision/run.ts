/**
 * `npm run test:precision`: how often the rules are right on code nobody here wrote. Lints the
 * pinned packages of packages.ts (fetched once with `npm pack` into bench/precision/.cache/, offline
 * afterwards), each unpacked into a fresh temporary folder, in two modes:
 *   - syntactic: the `recommended` config (plus the candidate rules, `CANDIDATES`) over the package's
 *     JavaScript/TypeScript and its `bin` targets;
 *   - typed: `recommended-type-checked` over the TypeScript sources it ships, in one program per
 *     package (a tsconfig generated in the temporary folder). Only the rules whose options that
 *     config changes are counted here; the others already reported the same files syntactically.
 * Every finding is matched (package, mode, file, line, column, rule, messageId) against the triaged
 * baseline.tsv; the run prints per-rule precision TRUE/(TRUE+FALSE), the debatable share and
 * findings per 1 k lines (type-aware propagation on generated SDK code separately), and fails when
 * a TRUE finding is gone or a finding nobody triaged appears.
 *
 *   tsx bench/precision/run.ts [--only name,name] [--mode syntactic|typed] [--report] [--update] [--keep]
 *
 *   --report  print everything, exit 0 whatever changed
 *   --update  also rewrite baseline.tsv: new findings as UNTRIAGED rows (to label by reading the code),
 *             rows of findings no longer reported dropped unless they were TRUE
 *
 * Needs the build (`npm run build`) and, on the first run, the npm registry.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint, type Linter } from 'eslint';
import { glob } from 'tinyglobby';
import { runMain } from '../../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { binFiles, fetchMissing, packageTypeOf, unpack } from '../lib/npm-pack.js';
import {
  MODES,
  type BaselineRow,
  type Finding,
  type Mode,
  type Tally,
  compare,
  debatableShareOf,
  parseBaseline,
  precisionOf,
  serializeBaseline,
  tally,
  updatedBaseline,
} from './baseline.js';
import { PRECISION_PACKAGES, type PrecisionPackage } from './packages.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repoRoot, 'bench', 'precision', '.cache', 'tarballs');
const baselinePath = path.join(repoRoot, 'bench', 'precision', 'baseline.tsv');
const pluginPath = path.join(repoRoot, 'packages', 'eslint-plugin-graceful-shutdown', 'dist', 'index.js');
const PREFIX = 'graceful-shutdown/';

/** Never linted: dependencies, declarations, bundles, source maps, shell wrappers. */
const IGNORED = ['**/node_modules/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.*', '**/*.map'];
const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;

interface PluginModule {
  readonly default: {
    readonly configs: Record<'recommended' | 'recommended-type-checked' | 'strict', Linter.Config>;
  };
}

interface SharedConfigModule {
  readonly NODE_GLOBALS: Linter.Globals;
  readonly LINTER_OPTIONS: Linter.LinterOptions;
}

/** A `files` entry matching what the predicate accepts (ESLint's config array takes a function; its types say string). */
const matching = (accept: (file: string) => boolean): string => accept as unknown as string;

/** A line starting with `import`/`export` syntax: what Node's module-syntax detection keys on, near enough for published code. */
const MODULE_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s)/m;

/**
 * How Node loads it: .cjs CommonJS, .mjs a module, .js and extensionless by the nearest
 * package.json `type`, else by its syntax (a bundler-only ESM folder, named by a `module` field,
 * ships import/export in .js files of a CommonJS package).
 */
function sourceTypeOf(file: string): 'module' | 'commonjs' {
  const ext = path.extname(file);
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  if (ext === '.mjs' || ext === '.mts' || TYPESCRIPT_FILE.test(file)) return 'module';
  if (packageTypeOf(file) === 'module') return 'module';
  return MODULE_SYNTAX.test(readFileSync(file, 'utf8')) ? 'module' : 'commonjs';
}

interface Tools {
  readonly plugin: PluginModule['default'];
  readonly shared: SharedConfigModule;
  readonly tsParser: Linter.Parser;
}

function syntacticConfig(tools: Tools): Linter.Config[] {
  const { NODE_GLOBALS, LINTER_OPTIONS } = tools.shared;
  const every = matching(() => true);
  return [
    {
      name: 'precision/sources',
      files: [every],
      linterOptions: LINTER_OPTIONS,
      languageOptions: { globals: NODE_GLOBALS, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    {
      name: 'precision/commonjs',
      files: [matching((file) => sourceTypeOf(file) === 'commonjs')],
      languageOptions: { sourceType: 'commonjs' },
    },
    {
      name: 'precision/typescript',
      files: [matching((file) => TYPESCRIPT_FILE.test(file))],
      languageOptions: { parser: tools.tsParser },
    },
    { ...tools.plugin.configs.recommended, files: [every] },
    { name: 'precision/candidates', files: [every], rules: candidateRules(tools) },
  ];
}

/**
 * Rules outside `recommended` measured here to decide whether they can join it, with the options
 * `strict` gives them: `require-resource-close` (issue #19).
 */
const CANDIDATES = ['require-resource-close'];

function candidateRules(tools: Tools): Linter.RulesRecord {
  const strict = tools.plugin.configs.strict.rules ?? {};
  return Object.fromEntries(CANDIDATES.map((rule) => [`${PREFIX}${rule}`, strict[`${PREFIX}${rule}`] ?? 'error']));
}

function typedConfig(tools: Tools, tsconfig: string, dir: string): Linter.Config[] {
  const { NODE_GLOBALS, LINTER_OPTIONS } = tools.shared;
  const every = matching(() => true);
  return [
    {
      name: 'precision/typed-sources',
      files: [every],
      linterOptions: LINTER_OPTIONS,
      languageOptions: {
        globals: NODE_GLOBALS,
        parser: tools.tsParser,
        parserOptions: { project: tsconfig, tsconfigRootDir: dir },
      },
    },
    { ...tools.plugin.configs['recommended-type-checked'], files: [every] },
  ];
}

/** The rules whose entry `recommended-type-checked` changes: what typed mode adds over syntactic. */
function typeAwareRules(tools: Tools): Set<string> {
  const syntactic = tools.plugin.configs.recommended.rules ?? {};
  const typed = tools.plugin.configs['recommended-type-checked'].rules ?? {};
  return new Set(
    Object.keys(typed)
      .filter((rule) => JSON.stringify(typed[rule]) !== JSON.stringify(syntactic[rule]))
      .map((rule) => rule.slice(PREFIX.length)),
  );
}

/**
 * One program over the package's TypeScript sources (or JavaScript with declarations), Node's types from this repository, the
 * package's own dependencies absent (their imports are `any`). A tsconfig the package ships beside
 * its sources (to quiet editors) is removed from the throwaway copy so it cannot claim the files.
 */
function writeTsconfig(dir: string, files: readonly string[]): string {
  for (const file of files) {
    const shipped = path.join(path.dirname(file), 'tsconfig.json');
    if (existsSync(shipped)) rmSync(shipped);
  }
  const tsconfig = path.join(dir, 'tsconfig.precision.json');
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
    types: ['node'],
    // JavaScript a package ships with .d.ts files beside it: imports resolve to the declarations.
    ...(files.some((file) => !TYPESCRIPT_FILE.test(file)) ? { allowJs: true, checkJs: false } : {}),
  };
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files }, null, 2));
  return tsconfig;
}

interface PackageRun {
  readonly findings: Finding[];
  /** Lines linted per mode. */
  readonly lines: Record<Mode, number>;
  readonly problems: string[];
}

const countLines = (file: string): number => readFileSync(file, 'utf8').split('\n').length;

async function lintPackage(
  pkg: PrecisionPackage,
  dir: string,
  modes: readonly Mode[],
  tools: Tools,
): Promise<PackageRun> {
  const run: PackageRun = { findings: [], lines: { syntactic: 0, typed: 0 }, problems: [] };
  const collect = (results: ESLint.LintResult[], mode: Mode, keep: (rule: string) => boolean): void => {
    for (const result of results) {
      const file = path.relative(dir, result.filePath).split(path.sep).join('/');
      for (const message of result.messages) {
        if (message.fatal || message.ruleId === null) {
          if (message.fatal) run.problems.push(`${mode} ${file}:${message.line}: ${message.message}`);
          continue;
        }
        if (!message.ruleId.startsWith(PREFIX)) continue;
        const rule = message.ruleId.slice(PREFIX.length);
        if (!keep(rule)) continue;
        run.findings.push({
          pkg: pkg.name,
          mode,
          file,
          line: message.line,
          column: message.column,
          rule,
          messageId: message.messageId ?? '?',
        });
      }
    }
  };
  const globbed = async (patterns: readonly string[]): Promise<string[]> =>
    (await glob([...patterns], { cwd: dir, absolute: true, ignore: IGNORED, onlyFiles: true })).sort();

  if (modes.includes('syntactic')) {
    const files = [...new Set([...(await globbed(pkg.syntactic)), ...binFiles(dir)])].sort();
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: syntacticConfig(tools),
      warnIgnored: false,
    });
    collect(await eslint.lintFiles(files), 'syntactic', (rule) => pkg.rules?.includes(rule) ?? true);
    run.lines.syntactic = files.reduce((total, file) => total + countLines(file), 0);
  }
  if (modes.includes('typed') && pkg.typed !== undefined) {
    const files = await globbed(pkg.typed);
    const tsconfig = writeTsconfig(dir, files);
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: typedConfig(tools, tsconfig, dir),
      warnIgnored: false,
    });
    const counted = typeAwareRules(tools);
    collect(await eslint.lintFiles(files), 'typed', (rule) => counted.has(rule));
    run.lines.typed = files.reduce((total, file) => total + countLines(file), 0);
  }
  return run;
}

const percent = (value: number | undefined): string => (value === undefined ? '—' : `${(value * 100).toFixed(0)} %`);
const perKloc = (count: number, lines: number): string => (lines === 0 ? '—' : ((count * 1000) / lines).toFixed(2));

function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n');
}

function tallyRow(label: string, t: Tally, lines: number): string[] {
  return [
    label,
    String(t.findings),
    String(t.TRUE),
    String(t.FALSE),
    String(t.DEBATABLE),
    String(t.UNTRIAGED),
    percent(precisionOf(t)),
    percent(debatableShareOf(t)),
    perKloc(t.findings, lines),
  ];
}

const describe = (row: BaselineRow): string =>
  `${row.pkg} ${row.mode} ${row.file}:${row.line}:${row.column} ${row.rule}/${row.messageId}${row.reason ? ` — ${row.label}: ${row.reason}` : ''}`;

async function main(signal: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      mode: { type: 'string' },
      report: { type: 'boolean', default: false },
      update: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (values.mode !== undefined && !MODES.includes(values.mode as Mode)) {
    log(`--mode must be syntactic or typed, not "${values.mode}"`);
    return 2;
  }
  const modes: readonly Mode[] = values.mode === undefined ? MODES : [values.mode as Mode];
  const only = values.only?.split(',');
  const unknown = only?.filter((name) => !PRECISION_PACKAGES.some((pkg) => pkg.name === name)) ?? [];
  if (unknown.length > 0) {
    log(`--only names packages not in bench/precision/packages.ts: ${unknown.join(', ')}`);
    return 2;
  }
  const packages =
    only === undefined ? PRECISION_PACKAGES : PRECISION_PACKAGES.filter((pkg) => only.includes(pkg.name));
  if (!existsSync(pluginPath)) {
    log(`${path.relative(repoRoot, pluginPath)} is missing: run npm run build first`);
    return 2;
  }
  const baseline = existsSync(baselinePath)
    ? parseBaseline(readFileSync(baselinePath, 'utf8'), path.relative(repoRoot, baselinePath))
    : [];
  fetchMissing(cacheDir, packages, log);

  const tools: Tools = {
    plugin: ((await import(pathToFileURL(pluginPath).href)) as PluginModule).default,
    shared: (await import(
      pathToFileURL(path.join(repoRoot, 'bench', 'configs', 'shared.mjs')).href
    )) as SharedConfigModule,
    tsParser: await import('@typescript-eslint/parser'),
  };

  const workRoot = mkdtempSync(path.join(os.tmpdir(), 'gs-precision-'));
  const findings: Finding[] = [];
  const lines = new Map<string, Record<Mode, number>>();
  const problems: string[] = [];
  try {
    for (const pkg of packages) {
      signal.throwIfAborted();
      const started = performance.now();
      const dir = unpack(cacheDir, pkg, workRoot);
      const run = await lintPackage(pkg, dir, modes, tools);
      findings.push(...run.findings);
      lines.set(pkg.name, run.lines);
      problems.push(...run.problems.map((problem) => `${pkg.name}: ${problem}`));
      log(
        `${`${pkg.name}@${pkg.version}`.padEnd(33)} ${pkg.kind.padEnd(16)} ${modes
          .filter((mode) => mode === 'syntactic' || pkg.typed !== undefined)
          .map(
            (mode) =>
              `${mode} ${run.findings.filter((finding) => finding.mode === mode).length} findings / ${run.lines[mode]} lines`,
          )
          .join(', ')} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  } finally {
    if (values.keep) log(`kept the unpacked packages in ${workRoot}`);
    else rmSync(workRoot, { recursive: true, force: true });
  }

  const inScope = (pkg: string, mode: Mode): boolean => packages.some((p) => p.name === pkg) && modes.includes(mode);
  const comparison = compare(findings, baseline, inScope);
  const linesOf = (mode: Mode, accept: (pkg: PrecisionPackage) => boolean = () => true): number =>
    packages.filter(accept).reduce((total, pkg) => total + (lines.get(pkg.name)?.[mode] ?? 0), 0);

  const header = [
    'rule',
    'findings',
    'TRUE',
    'FALSE',
    'DEBATABLE',
    'untriaged',
    'precision',
    'debatable',
    'per 1k lines',
  ];
  const rows: string[][] = [header];
  const rules = [...new Set(comparison.labelled.map((row) => row.rule))].sort();
  for (const mode of modes) {
    const ofMode = comparison.labelled.filter((row) => row.mode === mode);
    for (const rule of rules) {
      const ofRule = ofMode.filter((row) => row.rule === rule);
      if (ofRule.length > 0) rows.push(tallyRow(`${rule} (${mode})`, tally(ofRule), linesOf(mode)));
    }
  }
  for (const rule of rules)
    rows.push(tallyRow(`${rule} (both modes)`, tally(comparison.labelled.filter((row) => row.rule === rule)), 0));
  rows.push(tallyRow('all rules, both modes', tally(comparison.labelled), 0));
  const generated = new Set(packages.filter((pkg) => pkg.generated).map((pkg) => pkg.name));
  const generatedTyped = comparison.labelled.filter(
    (row) => row.mode === 'typed' && row.rule === 'require-signal-propagation' && generated.has(row.pkg),
  );

  const out: string[] = [
    '',
    `lines linted: ${modes.map((mode) => `${mode} ${linesOf(mode)}`).join(', ')}; findings: ${comparison.labelled.length}`,
    '',
    table(rows),
    '',
  ];
  if (modes.includes('typed') && generated.size > 0) {
    const t = tally(generatedTyped);
    out.push(
      `type-aware require-signal-propagation on generated SDK code (${[...generated].join(', ')}): ${t.findings} findings in ${linesOf('typed', (pkg) => generated.has(pkg.name))} lines = ${perKloc(
        t.findings,
        linesOf('typed', (pkg) => generated.has(pkg.name)),
      )} per 1k lines (target ≤ 0.20); precision ${percent(precisionOf(t))}`,
      '',
    );
  }
  if (problems.length > 0)
    out.push(`files that did not parse (${problems.length}):`, ...problems.map((problem) => `  ${problem}`), '');
  if (comparison.goneNoise.length > 0)
    out.push(
      `FALSE/DEBATABLE findings no longer reported (${comparison.goneNoise.length}):`,
      ...comparison.goneNoise.map((row) => `  ${describe(row)}`),
      '',
    );
  if (comparison.missingTrue.length > 0)
    out.push(
      `MISSING TRUE findings (${comparison.missingTrue.length}):`,
      ...comparison.missingTrue.map((row) => `  ${describe(row)}`),
      '',
    );
  if (comparison.untriaged.length > 0)
    out.push(
      `NEW findings, not triaged (${comparison.untriaged.length}):`,
      ...comparison.untriaged.map((row) => `  ${describe(row)}`),
      '',
    );

  if (values.update) {
    writeFileSync(baselinePath, serializeBaseline(updatedBaseline(comparison, baseline, inScope)));
    out.push(`wrote ${path.relative(repoRoot, baselinePath)}: label its UNTRIAGED rows by reading the code`);
  }
  const failed = comparison.missingTrue.length > 0 || comparison.untriaged.length > 0;
  out.push(
    failed
      ? `precision: FAIL (${comparison.missingTrue.length} TRUE findings missing, ${comparison.untriaged.length} untriaged findings)`
      : 'precision: OK (every TRUE finding kept, every finding triaged)',
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return failed && !values.report && !values.update ? 1 : 0;
}

runMain(({ signal }) => main(signal));
