/**
 * `graceful-shutdown check [paths…]`: the plugin's rules through ESLint's API. Without `--config`
 * it needs no ESLint config of the user's: the recommended config, a parser for TypeScript, Node
 * globals; `--type-aware` adds `recommended-type-checked` with each file's nearest tsconfig.
 * Files are chosen as git would (`.gitignore`), never in node_modules or build output.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ESLint as ESLintClass, Linter } from 'eslint';
import { raceAbort } from '../cancel.js';
import { EXIT_FINDINGS, EXIT_OK, FatalError, UsageError, errorMessage } from '../errors.js';
import { collectFiles, isTypeScriptFile } from '../files.js';
import { type Io, useColor } from '../output.js';
import { readSource } from '../source.js';

export interface CheckOptions {
  readonly format: string;
  readonly config?: string;
  readonly typeAware: boolean;
}

const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];
const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

/** What Node defines for every module, so scope analysis sees them as globals rather than unknowns. */
const NODE_GLOBALS: Linter.Globals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'global', 'globalThis', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'AbortController', 'AbortSignal', 'DOMException',
    'fetch', 'Request', 'Response', 'Headers', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'EventTarget', 'Event',
    'performance', 'require', 'module', 'exports', '__dirname', '__filename',
  ].map((name) => [name, name === 'module' || name === 'exports' ? 'writable' : 'readonly']),
);

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
    while (common !== path.dirname(common) && !(item === common || item.startsWith(common.endsWith(path.sep) ? common : common + path.sep))) {
      common = path.dirname(common);
    }
  }
  return common;
}

async function builtInConfig(files: readonly string[], typeAware: boolean, baseDir: string): Promise<Linter.Config[]> {
  const { default: plugin } = await import('../../index.js');
  const configs: Linter.Config[] = [
    {
      name: 'graceful-shutdown/cli/sources',
      files: [...JS_FILES, ...TS_FILES],
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      languageOptions: { globals: NODE_GLOBALS, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
  ];
  if (files.some(isTypeScriptFile)) {
    let parser: Linter.Parser;
    try {
      parser = (await import('@typescript-eslint/parser')) as unknown as Linter.Parser;
    } catch (error) {
      throw new FatalError(`checking TypeScript files needs @typescript-eslint/parser (npm install --save-dev @typescript-eslint/parser typescript): ${errorMessage(error)}`);
    }
    configs.push({ name: 'graceful-shutdown/cli/typescript', files: TS_FILES, languageOptions: { parser } });
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

/**
 * With the built-in config only our findings count: a user's `eslint-disable … @typescript-eslint/x`
 * names a rule this run does not load ("Definition for rule … was not found"), and an inline
 * `/* eslint no-console: 2 *\/` would switch on a core rule; neither is ours to report.
 */
function keepOwnFindings(result: ESLintClass.LintResult): ESLintClass.LintResult {
  const messages = result.messages.filter((message) => message.ruleId === null || message.ruleId.startsWith('graceful-shutdown/'));
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
  const collected = await collectFiles(paths, io.cwd);
  const skipped = [...collected.skipped];
  const files: string[] = [];
  for (const file of collected.files) {
    // ESLint would read a binary or Latin-1 file as garbage and report nonsense; say why instead.
    const source = readSource(file);
    if (source.kind === 'skip') skipped.push({ file, reason: source.reason });
    else files.push(file);
  }
  if (options.typeAware) {
    const orphan = files.find((file) => isTypeScriptFile(file) && nearestTsconfig(file) === undefined);
    if (orphan !== undefined) throw new UsageError(`--type-aware needs a tsconfig.json, and none was found above ${path.relative(io.cwd, orphan) || orphan}`);
  }

  let ESLint: typeof ESLintClass;
  try {
    ({ ESLint } = await import('eslint'));
  } catch (error) {
    throw new FatalError(`check needs ESLint 9.15 or later (npm install --save-dev eslint): ${errorMessage(error)}`);
  }
  let eslint: ESLintClass;
  if (options.config !== undefined) {
    const configFile = path.resolve(io.cwd, options.config);
    if (!existsSync(configFile)) throw new UsageError(`config file does not exist: ${options.config}`);
    eslint = new ESLint({ cwd: io.cwd, overrideConfigFile: configFile, warnIgnored: false, errorOnUnmatchedPattern: false });
    if (files[0] !== undefined) {
      // Load it now, so a broken config is reported as such rather than as a lint failure.
      try {
        await eslint.calculateConfigForFile(files[0]);
      } catch (error) {
        throw new FatalError(`cannot load ${options.config}: ${errorMessage(error)}`);
      }
    }
  } else {
    const baseDir = commonAncestor([io.cwd, ...files]);
    eslint = new ESLint({
      cwd: baseDir,
      overrideConfigFile: true,
      overrideConfig: await builtInConfig(files, options.typeAware, baseDir),
      warnIgnored: false,
      errorOnUnmatchedPattern: false,
    });
  }

  let formatter: ESLintClass.LoadedFormatter;
  try {
    formatter = await eslint.loadFormatter(options.format);
  } catch (error) {
    throw new UsageError(`unknown --format "${options.format}" (use stylish or json): ${errorMessage(error).split('\n')[0]}`);
  }

  let results: ESLintClass.LintResult[];
  try {
    results = files.length > 0 ? await raceAbort(eslint.lintFiles(files), io.signal) : [];
  } catch (error) {
    if (io.signal?.aborted) throw error;
    throw new FatalError(errorMessage(error));
  }
  if (options.config === undefined) results = results.map(keepOwnFindings);
  results.push(...skipped.map(({ file, reason }) => skippedResult(file, reason)));

  const output = await formatter.format(results, { cwd: io.cwd, color: useColor(io.stdout) } as ESLintClass.ResultsMeta);
  if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return results.some((result) => result.errorCount > 0) ? EXIT_FINDINGS : EXIT_OK;
}
