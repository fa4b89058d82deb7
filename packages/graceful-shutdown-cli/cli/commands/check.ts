/**
 * `graceful-shutdown check [paths…]`: the plugin's rules through ESLint's API. Without `--config`
 * it needs no ESLint config of the user's: the recommended config, a parser for TypeScript, Node
 * globals; `--type-aware` adds `recommended-type-checked` with each file's nearest tsconfig.
 * Files are chosen as git would (`.gitignore`), never in node_modules or build output.
 * Extensionless scripts (`bin/tool` with a `#!/usr/bin/env node` line) match no `files` glob, so
 * they get config entries naming them: the module system Node runs them with, and the TypeScript
 * parser when their `#!` line runs tsx, bun…; never type information (no tsconfig program has them).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ESLint as ESLintClass, Linter } from 'eslint';
import { type AnyNode, children, isFunctionNode, walk } from 'eslint-plugin-graceful-shutdown/detection/syntax/ast';
import { findPackageDir, readPackage } from 'eslint-plugin-graceful-shutdown/detection/project';
import { raceAbort } from '../cancel.js';
import { EXIT_FINDINGS, EXIT_OK, FatalError, UsageError, errorMessage } from '../errors.js';
import { extensionlessRuntime } from '../extensionless.js';
import { type CollectedFiles, type SkippedFile, collectFiles, displayPath, isTypeScriptFile } from '../files.js';
import { type Io, useColor, warn } from '../output.js';
import { parseProgram } from '../parse.js';
import { readSource } from '../source.js';
import { JS_FILES, NODE_GLOBALS, TS_FILES } from '../node-language.js';

/** oxlint lints only files whose extension it knows, so an extensionless script is skipped there with this reason. */
const OXLINT_EXTENSIONLESS =
  'oxlint lints only files with a JavaScript or TypeScript extension; check extensionless scripts with --engine eslint';

export interface CheckOptions {
  readonly format: string;
  /** An ESLint config file, or with the oxlint engine an oxlint one. */
  readonly config?: string;
  readonly typeAware: boolean;
  /** ESLint's `concurrency`: worker threads, `auto`, or `off` (default). */
  readonly concurrency?: number | 'auto' | 'off';
  /** ESLint's cache (`.eslintcache` in the current folder): unchanged files are not linted again. */
  readonly cache?: boolean;
  /** Who runs the rules: ESLint (default) or oxlint's JS plugin API (cli/oxlint.ts). */
  readonly engine?: 'eslint' | 'oxlint';
}

/**
 * What ESLint's options are built from, as JSON: with `--concurrency`, ESLint's worker threads
 * load the options from a module (functions cannot be sent to a thread), which rebuilds them from
 * this (see check-options.ts).
 */
export type EslintOptionsSpec = {
  readonly concurrency: number | 'auto' | 'off';
  readonly cacheLocation?: string;
} & (
  | {
      readonly kind: 'built-in';
      readonly baseDir: string;
      readonly typescript: boolean;
      readonly scripts: readonly ExtensionlessScript[];
      readonly typeAware: boolean;
    }
  | {
      readonly kind: 'user';
      readonly cwd: string;
      readonly configFile: string;
      /** Extensionless scripts the user's `files` globs miss. */
      readonly unmatched: readonly ExtensionlessScript[];
    }
);

/** ESLint's options for a spec; the same in the main thread and in ESLint's worker threads. */
export async function eslintOptions(spec: EslintOptionsSpec): Promise<ESLintClass.Options> {
  const shared: ESLintClass.Options = {
    warnIgnored: false,
    errorOnUnmatchedPattern: false,
    concurrency: spec.concurrency,
    ...(spec.cacheLocation === undefined ? {} : { cache: true, cacheLocation: spec.cacheLocation }),
  };
  if (spec.kind === 'user') {
    return {
      ...shared,
      cwd: spec.cwd,
      overrideConfigFile: spec.configFile,
      // No parser of ours: the user's config, if it sets one, decides.
      ...(spec.unmatched.length > 0 ? { overrideConfig: extensionlessConfigs(spec.unmatched, undefined) } : {}),
    };
  }
  return {
    ...shared,
    cwd: spec.baseDir,
    overrideConfigFile: true,
    overrideConfig: await builtInConfig(spec.typescript, spec.scripts, spec.typeAware, spec.baseDir),
  };
}

/** An ESLint for a spec: through the options module when worker threads will lint. */
async function createEslint(ESLint: typeof ESLintClass, spec: EslintOptionsSpec): Promise<ESLintClass> {
  if (spec.concurrency === 'off') return new ESLint(await eslintOptions(spec));
  const url = new URL('./check-options.js', import.meta.url);
  url.searchParams.set('spec', JSON.stringify(spec));
  return ESLint.fromOptionsModule(url);
}

/** Whether a loaded config uses type information, which ESLint's cache does not account for. */
function usesTypeInformation(config: Linter.Config | undefined): boolean {
  const parserOptions = config?.languageOptions?.parserOptions as Record<string, unknown> | undefined;
  return Boolean(parserOptions?.project) || Boolean(parserOptions?.projectService);
}

/** An extensionless script handed to ESLint, and how to parse it. */
export interface ExtensionlessScript {
  readonly file: string;
  readonly typescript: boolean;
  readonly sourceType: 'module' | 'commonjs';
}

/** Whether a program uses syntax only an ES module may: import/export, `import.meta`, top-level await. */
function hasModuleSyntax(program: AnyNode): boolean {
  if (
    children(program, 'body').some(
      (statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export'),
    )
  )
    return true;
  let found = false;
  walk(program, (node) => {
    if (found) return false;
    if (node.type === 'MetaProperty' && (node.meta as AnyNode | undefined)?.name === 'import') found = true;
    return undefined;
  });
  walk(program, (node) => {
    if (found || isFunctionNode(node)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await === true)) found = true;
    return undefined;
  });
  return found;
}

/**
 * How Node runs an extensionless script: as an ES module in a `"type": "module"` package, else as
 * CommonJS unless its syntax says otherwise (Node 20.19+ detects module syntax). CommonJS matters:
 * a bin's top-level `return` is legal there and a parse error in a module.
 */
function scriptSourceType(file: string, text: string): 'module' | 'commonjs' {
  const packageDir = findPackageDir(path.dirname(file));
  if ((packageDir === undefined ? undefined : readPackage(packageDir)?.type) === 'module') return 'module';
  try {
    return hasModuleSyntax(parseProgram(file, text)) ? 'module' : 'commonjs';
  } catch {
    return 'commonjs'; // ESLint reports the syntax error itself
  }
}

/**
 * A `files` entry matching exactly these files. Flat config globs never match an extensionless
 * script, so entries name theirs: with a matcher function (ESLint's config array takes one; its
 * types say string) rather than the path as a glob, which a name holding `[id]` or `*` would break.
 */
function exactly(files: readonly string[]): string {
  const names = new Set(files.map((file) => path.resolve(file)));
  const matcher = (filePath: string): boolean => names.has(path.resolve(filePath));
  return matcher as unknown as string;
}

/** Config entries that make ESLint lint extensionless scripts: by the module system Node runs them with, and their parser. */
function extensionlessConfigs(
  scripts: readonly ExtensionlessScript[],
  typescriptParser: Linter.Parser | undefined,
): Linter.Config[] {
  const groups = new Map<string, ExtensionlessScript[]>();
  for (const script of scripts) {
    const key = `${script.typescript && typescriptParser ? 'ts' : 'js'}:${script.sourceType}`;
    groups.set(key, [...(groups.get(key) ?? []), script]);
  }
  return [...groups].map(([key, group]) => {
    const typescript = key.startsWith('ts:');
    return {
      name: `graceful-shutdown/cli/extensionless-scripts/${key.replace(':', '-')}`,
      files: [exactly(group.map((script) => script.file))],
      languageOptions: { sourceType: group[0]!.sourceType, ...(typescript ? { parser: typescriptParser } : {}) },
    };
  });
}

/** The nearest tsconfig.json at or above the file's folder. */
function nearestTsconfig(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The deepest folder containing all of them: ESLint ignores files outside its base path. */
function commonAncestor(paths: readonly string[]): string {
  let common = paths[0]!;
  for (const item of paths.slice(1)) {
    while (
      common !== path.dirname(common) &&
      !(item === common || item.startsWith(common.endsWith(path.sep) ? common : common + path.sep))
    ) {
      common = path.dirname(common);
    }
  }
  return common;
}

async function builtInConfig(
  typescript: boolean,
  scripts: readonly ExtensionlessScript[],
  typeAware: boolean,
  baseDir: string,
): Promise<Linter.Config[]> {
  const { default: plugin } = await import('eslint-plugin-graceful-shutdown');
  const configs: Linter.Config[] = [
    {
      name: 'graceful-shutdown/cli/sources',
      files: [...JS_FILES, ...TS_FILES],
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      languageOptions: { globals: NODE_GLOBALS, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
  ];
  let typescriptParser: Linter.Parser | undefined;
  if (typescript || scripts.some((script) => script.typescript)) {
    try {
      typescriptParser = await import('@typescript-eslint/parser');
    } catch (error) {
      throw new FatalError(
        `checking TypeScript files needs @typescript-eslint/parser (npm install --save-dev @typescript-eslint/parser typescript): ${errorMessage(error)}`,
      );
    }
    configs.push({
      name: 'graceful-shutdown/cli/typescript',
      files: TS_FILES,
      languageOptions: { parser: typescriptParser },
    });
  }
  if (scripts.length > 0) {
    configs.push(
      {
        name: 'graceful-shutdown/cli/extensionless-sources',
        files: [exactly(scripts.map((script) => script.file))],
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        languageOptions: { globals: NODE_GLOBALS, parserOptions: { ecmaFeatures: { jsx: true } } },
      },
      ...extensionlessConfigs(scripts, typescriptParser),
    );
  }
  configs.push(plugin.configs.recommended as Linter.Config);
  if (typeAware) {
    configs.push(plugin.configs['recommended-type-checked'] as Linter.Config, {
      name: 'graceful-shutdown/cli/type-information',
      files: TS_FILES,
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: baseDir } },
    });
  }
  return configs;
}

/** ESLint 9+ rejects ESLint 8's `/* eslint-env *\/` comments as a fatal problem, though the file parsed and was linted. */
const isEslintEnvProblem = (message: Linter.LintMessage): boolean =>
  message.ruleId === null && message.message.startsWith('/* eslint-env */ comments are no longer supported');

/**
 * With the built-in config only our findings count: a user's `eslint-disable … @typescript-eslint/x`
 * names a rule this run does not load ("Definition for rule … was not found"), an inline
 * `/* eslint no-console: 2 *\/` would switch on a core rule, and an old `/* eslint-env node *\/`
 * (common in published bin scripts) is a matter between the user and their ESLint; none is ours to report.
 */
function keepOwnFindings(result: ESLintClass.LintResult): ESLintClass.LintResult {
  const messages = result.messages.filter((message) =>
    message.ruleId === null ? !isEslintEnvProblem(message) : message.ruleId.startsWith('graceful-shutdown/'),
  );
  if (messages.length === result.messages.length) return result;
  const count = (predicate: (message: Linter.LintMessage) => boolean): number => messages.filter(predicate).length;
  return {
    ...result,
    messages,
    errorCount: count((message) => message.severity === 2),
    fatalErrorCount: count((message) => message.fatal === true),
    warningCount: count((message) => message.severity === 1),
    fixableErrorCount: count((message) => message.severity === 2 && message.fix !== undefined),
    fixableWarningCount: count((message) => message.severity === 1 && message.fix !== undefined),
  };
}

/** A result in ESLint's shape for a file we did not hand to ESLint, so every format shows it. */
function skippedResult(filePath: string, reason: string): ESLintClass.LintResult {
  return {
    filePath,
    messages: [{ ruleId: null, severity: 1, message: `File skipped: ${reason}.`, line: 0, column: 0 }],
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

export async function runCheck(paths: readonly string[], options: CheckOptions, io: Io): Promise<number> {
  if (options.engine === 'oxlint' && options.typeAware)
    throw new UsageError('--type-aware needs --engine eslint: oxlint gives JS plugins no type information');
  if (options.engine === 'oxlint' && (options.cache === true || options.concurrency !== undefined))
    throw new UsageError('--cache and --concurrency are ESLint options: use them with --engine eslint');
  const { files, scripts, skipped } = readableFiles(await collectFiles(paths, io.cwd));
  if (options.typeAware) checkTypeAware(files, scripts, io);
  if (options.cache === true && options.typeAware)
    throw new UsageError(
      "--cache cannot be used with --type-aware: a file's findings depend on the types of other files, and ESLint's cache would keep them when only those change",
    );
  const ESLint = await loadESLint();
  if (options.engine === 'oxlint') return checkWithOxlint(ESLint, files, scripts, skipped, options, io);
  const concurrency = options.concurrency ?? 'off';
  const cacheLocation = options.cache === true ? path.join(io.cwd, '.eslintcache') : undefined;
  const common = { concurrency, ...(cacheLocation === undefined ? {} : { cacheLocation }) };
  const eslint =
    options.config !== undefined
      ? await userConfigEslint(ESLint, options.config, files, scripts, common, io)
      : await createEslint(ESLint, {
          ...common,
          kind: 'built-in',
          baseDir: commonAncestor([io.cwd, ...files]),
          typescript: files.some(isTypeScriptFile),
          scripts,
          typeAware: options.typeAware,
        });
  const formatter = await loadFormatter(eslint, options.format);
  let results: ESLintClass.LintResult[];
  try {
    results = files.length > 0 ? await raceAbort(eslint.lintFiles(files), io.signal) : [];
  } catch (error) {
    if (io.signal?.aborted) throw error;
    throw new FatalError(errorMessage(error));
  }
  if (options.config === undefined) results = results.map(keepOwnFindings);
  return report(results, skipped, formatter, io);
}

/**
 * The files ESLint can read, the extensionless scripts among them, and the files skipped with why:
 * ESLint would read a binary or Latin-1 file as garbage and report nonsense; say why instead.
 */
function readableFiles(collected: CollectedFiles): {
  files: string[];
  scripts: ExtensionlessScript[];
  skipped: SkippedFile[];
} {
  const skipped = [...collected.skipped];
  const files: string[] = [];
  const scripts: ExtensionlessScript[] = [];
  for (const file of collected.files) {
    const source = readSource(file);
    if (source.kind === 'skip') {
      skipped.push({ file, reason: source.reason });
      continue;
    }
    files.push(file);
    const runtime = extensionlessRuntime(file);
    if (runtime)
      scripts.push({ file, typescript: runtime.typescript, sourceType: scriptSourceType(file, source.text) });
  }
  return { files, scripts, skipped };
}

/** --type-aware: every TypeScript file needs a tsconfig.json; extensionless TypeScript scripts get a note. */
function checkTypeAware(files: readonly string[], scripts: readonly ExtensionlessScript[], io: Io): void {
  const orphan = files.find((file) => isTypeScriptFile(file) && nearestTsconfig(file) === undefined);
  if (orphan !== undefined)
    throw new UsageError(
      `--type-aware needs a tsconfig.json, and none was found above ${path.relative(io.cwd, orphan) || orphan}`,
    );
  // JavaScript ones are checked as .js files are; TypeScript ones would be typed if they could.
  const untyped = scripts.filter((script) => script.typescript);
  if (untyped.length === 0) return;
  const shown = untyped.slice(0, 3).map((script) => displayPath(script.file, io.cwd));
  const more = untyped.length > shown.length ? ` and ${untyped.length - shown.length} more` : '';
  const one = untyped.length === 1;
  io.stderr.write(
    `note: ${one ? 'an extensionless TypeScript script is' : `${untyped.length} extensionless TypeScript scripts are`} checked without type information (no tsconfig program includes ${one ? 'it' : 'them'}): ${shown.join(', ')}${more}\n`,
  );
}

async function loadESLint(): Promise<typeof ESLintClass> {
  try {
    return (await import('eslint')).ESLint;
  } catch (error) {
    throw new FatalError(`check needs ESLint 9.15 or later (npm install --save-dev eslint): ${errorMessage(error)}`);
  }
}

/** --engine oxlint: the project's oxlint runs the rules; ESLint only formats. Extensionless scripts are skipped. */
async function checkWithOxlint(
  ESLint: typeof ESLintClass,
  files: readonly string[],
  scripts: readonly ExtensionlessScript[],
  skipped: SkippedFile[],
  options: CheckOptions,
  io: Io,
): Promise<number> {
  const { lintWithOxlint } = await import('../oxlint.js');
  const extensionless = new Set(scripts.map((script) => script.file));
  // Loading the formatter first reports a bad --format before oxlint runs.
  const formatter = await loadFormatter(new ESLint({ cwd: io.cwd, overrideConfigFile: true }), options.format);
  const results = await lintWithOxlint({
    files: files.filter((file) => !extensionless.has(file)),
    cwd: io.cwd,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  skipped.push(...scripts.map((script) => ({ file: script.file, reason: OXLINT_EXTENSIONLESS })));
  return report(results, skipped, formatter, io);
}

/** --config: the user's ESLint config, loaded once first so a broken config is reported as such. */
async function userConfigEslint(
  ESLint: typeof ESLintClass,
  config: string,
  files: readonly string[],
  scripts: readonly ExtensionlessScript[],
  common: { concurrency: number | 'auto' | 'off'; cacheLocation?: string },
  io: Io,
): Promise<ESLintClass> {
  const configFile = path.resolve(io.cwd, config);
  if (!existsSync(configFile)) throw new UsageError(`config file does not exist: ${config}`);
  const eslint = new ESLint({
    cwd: io.cwd,
    overrideConfigFile: configFile,
    warnIgnored: false,
    errorOnUnmatchedPattern: false,
  });
  const unmatched: ExtensionlessScript[] = [];
  if (files[0] !== undefined) {
    // Load it now, so a broken config is reported as such rather than as a lint failure.
    try {
      const loaded = (await eslint.calculateConfigForFile(files[0])) as Linter.Config | undefined;
      if (common.cacheLocation !== undefined && usesTypeInformation(loaded))
        warn(
          io,
          `${config} uses type information: with --cache, a file whose findings depend on the types of other files is not checked again when only those change`,
        );
      // Scripts the user's `files` globs miss: naming them lets the config's file-independent
      // entries (its rules, parser, globals) apply, with the module system Node runs them with.
      for (const script of scripts)
        if ((await eslint.calculateConfigForFile(script.file)) === undefined) unmatched.push(script);
    } catch (error) {
      throw new FatalError(`cannot load ${config}: ${errorMessage(error)}`);
    }
  }
  return createEslint(ESLint, { ...common, kind: 'user', cwd: io.cwd, configFile, unmatched });
}

async function loadFormatter(eslint: ESLintClass, format: string): Promise<ESLintClass.LoadedFormatter> {
  try {
    return await eslint.loadFormatter(format);
  } catch (error) {
    throw new UsageError(`unknown --format "${format}" (use stylish or json): ${errorMessage(error).split('\n')[0]}`);
  }
}

/** Prints the results (skipped files included) with the formatter; the exit code says whether any error was found. */
async function report(
  linted: readonly ESLintClass.LintResult[],
  skipped: ReadonlyArray<{ readonly file: string; readonly reason: string }>,
  formatter: ESLintClass.LoadedFormatter,
  io: Io,
): Promise<number> {
  const results = [...linted, ...skipped.map(({ file, reason }) => skippedResult(file, reason))];
  const output = await formatter.format(results, {
    cwd: io.cwd,
    color: useColor(io.stdout),
  } as ESLintClass.ResultsMeta);
  if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return results.some((result) => result.errorCount > 0) ? EXIT_FINDINGS : EXIT_OK;
}
