/**
 * Project files that decide whether a file is an entrypoint: the nearest package.json (`bin`,
 * `scripts`) and the tsconfig that maps build output back to sources. Lookups are cached per
 * directory and re-read when the file's mtime or size changes (checked at most once per `STAMP_TTL_MS`),
 * so editors see edits without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readTsconfig } from './tsconfig.js';

export interface PackageInfo {
  readonly dir: string;
  readonly name: string | undefined;
  readonly type: 'module' | 'commonjs';
  /** Absolute paths named by `bin` (string or map). */
  readonly bins: readonly string[];
  /** Absolute paths run by a `scripts` command, with the script's name. */
  readonly scriptTargets: ReadonlyArray<{ readonly script: string; readonly file: string }>;
}

interface Cached<T> {
  /** mtime and size: a rewrite within the clock's resolution still shows as a change in size. */
  readonly stamp: string;
  readonly value: T;
}

const packageCache = new Map<string, Cached<PackageInfo | undefined>>();
const nearestCache = new Map<string, string | null>();
const tsconfigCache = new Map<string, Cached<TsconfigDirs | undefined>>();

/**
 * How long a file's stamp is trusted before it is checked again. A lint run asks for the same
 * package.json and tsconfig.json for every file in the package, and one stat per file showed in
 * profiles (a stat is tens of µs on a VM); an edit in an editor is seen a second later at most.
 */
export const STAMP_TTL_MS = 1000;

const stampCache = new Map<string, { readonly checkedAt: number; readonly stamp: string | undefined }>();

function fileStamp(file: string): string | undefined {
  const now = Date.now();
  const cached = stampCache.get(file);
  // `now < checkedAt`: the clock went back; check again rather than trust a stamp from the future.
  if (cached !== undefined && now - cached.checkedAt < STAMP_TTL_MS && now >= cached.checkedAt) return cached.stamp;
  let stamp: string | undefined;
  try {
    // No throw-and-catch for the common "no tsconfig.json here" case: it showed in profiles.
    const stat = statSync(file, { throwIfNoEntry: false });
    stamp = stat?.isFile() ? `${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    stamp = undefined;
  }
  stampCache.set(file, { checkedAt: now, stamp });
  return stamp;
}

/** The directory of the nearest package.json at or above `dir`, if any. */
export function findPackageDir(dir: string): string | undefined {
  const visited: string[] = [];
  let current = dir;
  for (;;) {
    const cached = nearestCache.get(current);
    if (cached !== undefined) {
      for (const seen of visited) nearestCache.set(seen, cached);
      return cached ?? undefined;
    }
    visited.push(current);
    if (fileStamp(path.join(current, 'package.json')) !== undefined) {
      for (const seen of visited) nearestCache.set(seen, current);
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      for (const seen of visited) nearestCache.set(seen, null);
      return undefined;
    }
    current = parent;
  }
}

/** How a runner reads its command line: flags that take the next word, flags after which no file follows, sub-commands. */
interface RunnerSyntax {
  readonly valueFlags: ReadonlySet<string>;
  readonly stopFlags: ReadonlySet<string>;
  /** Sub-commands skipped before the file (`tsx watch x`, `node inspect x`, `bun run x`). */
  readonly skip: ReadonlySet<string>;
  /** Whether a first positional without `/` or `.` is a sub-command or script name (`bun build`, `deno task dev`), not a file. */
  readonly bareWordIsCommand: boolean;
}

const NODE_VALUE_FLAGS = [
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--env-file',
  '--env-file-if-exists',
  '--watch-path',
  '--title',
  '--inspect-port',
  '--disable-warning',
  '--input-type',
  '--test-reporter',
  '--test-reporter-destination',
];
const TS_RUNNER_VALUE_FLAGS = [
  '--tsconfig',
  '-P',
  '--project',
  '--compiler',
  '-O',
  '--compiler-options',
  '-I',
  '--ignore',
  '--cwd',
  '--dir',
  '--scope-dir',
  '--include',
  '--exclude',
  '--ignore-watch',
  '--config',
];
const EVAL_FLAGS = ['-e', '--eval', '-p', '--print', '-v', '--version', '-h', '--help'];

const syntax = (
  valueFlags: readonly string[],
  stopFlags: readonly string[],
  skip: readonly string[] = [],
  bareWordIsCommand = false,
): RunnerSyntax => ({
  valueFlags: new Set(valueFlags),
  stopFlags: new Set(stopFlags),
  skip: new Set(skip),
  bareWordIsCommand,
});

const NODE_LIKE = syntax([...NODE_VALUE_FLAGS, ...TS_RUNNER_VALUE_FLAGS], EVAL_FLAGS);
const RUNNERS: ReadonlyMap<string, RunnerSyntax> = new Map([
  ['node', syntax(NODE_VALUE_FLAGS, [...EVAL_FLAGS, '--test', '-c', '--check', '--run'], ['inspect'])],
  ['tsx', syntax([...NODE_VALUE_FLAGS, ...TS_RUNNER_VALUE_FLAGS], EVAL_FLAGS, ['watch'])],
  [
    'bun',
    syntax(
      ['-r', '--preload', '--cwd', '--env-file', '--config', '-c', '--tsconfig-override', '--conditions'],
      EVAL_FLAGS,
      ['run'],
      true,
    ),
  ],
  [
    'deno',
    syntax(
      ['-c', '--config', '--import-map', '--env-file', '--location', '--lock', '--cert', '--inspect', '--v8-flags'],
      EVAL_FLAGS,
      ['run'],
      true,
    ),
  ],
  // nodemon's `-e` is `--ext` and `--watch` takes a path; `--exec` names the runner (skipped as a value).
  [
    'nodemon',
    syntax(
      ['-w', '--watch', '-e', '--ext', '-x', '--exec', '-i', '--ignore', '--delay', '--signal', '--config', '--cwd'],
      ['-v', '--version', '-h', '--help'],
    ),
  ],
  ...[
    'ts-node',
    'ts-node-esm',
    'ts-node-dev',
    'tsnd',
    'node-dev',
    'esno',
    'esrun',
    'vite-node',
    'babel-node',
    'jiti',
  ].map((name): [string, RunnerSyntax] => [name, NODE_LIKE]),
]);

/** Words that run the command after them: `cross-env A=b node x`, `npx tsx x`, `pnpm exec tsx x`, `time node x`. */
const WRAPPERS = new Set([
  'cross-env',
  'env',
  'npx',
  'pnpx',
  'bunx',
  'exec',
  'dlx',
  'time',
  'nohup',
  'npm',
  'pnpm',
  'yarn',
  '--',
]);
/** Wrapper flags that take the next word (`npx -p typescript tsx x`). */
const WRAPPER_VALUE_FLAGS = new Set(['-p', '--package', '-c', '--call', '-u', '--unset']);
/** Wrappers whose own arguments end at `--`: `dotenv -e .env -- node x`, `dotenvx run -- node x`. */
const DASH_DASH_WRAPPERS = new Set(['dotenv', 'dotenvx', 'dotenv-cli', 'env-cmd', 'with-env']);
/** Wrappers whose arguments are whole commands: `concurrently "tsx watch src/api.ts" "vite"`. */
const COMMAND_LIST_WRAPPERS = new Set(['concurrently', 'parallelshell']);

const isEnvAssignment = (word: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
const looksLikeFile = (word: string): boolean => word.includes('/') || word.includes('.') || word.includes('\\');

/**
 * Splits a shell command line into commands (at unquoted `&&`, `||`, `;`, `|`, `&`, newlines and
 * parentheses) of words, honouring single and double quotes and backslash escapes.
 */
export function shellCommands(command: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < command.length) word += command[++i]!;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < command.length) {
      word += command[++i]!;
      inWord = true;
    } else if (/\s/.test(ch) && ch !== '\n') {
      endWord();
    } else if (ch === '&' && (command[i - 1] === '>' || command[i + 1] === '>')) {
      word += ch; // `2>&1`, `&>file`: a redirection, not a separator
      inWord = true;
    } else if (ch === ';' || ch === '|' || ch === '&' || ch === '\n' || ch === '(' || ch === ')') {
      endCommand();
      if ((ch === '&' || ch === '|') && command[i + 1] === ch) i++;
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** The file one command runs, if it runs one through a known runner. */
function commandTargets(words: readonly string[]): string[] {
  let i = 0;
  // Environment assignments and wrappers (with their own flags) come before the runner.
  while (i < words.length) {
    const word = words[i]!;
    const name = path.basename(word);
    if (isEnvAssignment(word)) i++;
    else if (DASH_DASH_WRAPPERS.has(name)) {
      const dashDash = words.indexOf('--', i);
      if (dashDash === -1) return [];
      i = dashDash + 1;
    } else if (COMMAND_LIST_WRAPPERS.has(name)) {
      return words
        .slice(i + 1)
        .filter((arg) => !arg.startsWith('-'))
        .flatMap(scriptTargets);
    } else if (WRAPPERS.has(name)) {
      i++;
      while (i < words.length && words[i]!.startsWith('-') && words[i] !== '--')
        i += WRAPPER_VALUE_FLAGS.has(words[i]!) ? 2 : 1;
    } else break;
  }
  const runner = words[i];
  const runnerSyntax =
    runner === undefined ? undefined : RUNNERS.get(path.basename(runner).replace(/\.(?:c|m)?js$/, ''));
  if (!runnerSyntax) return [];
  let skipped = false;
  for (i++; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') continue;
    if (word.startsWith('-')) {
      const flag = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
      if (runnerSyntax.stopFlags.has(flag)) return [];
      if (!word.includes('=') && runnerSyntax.valueFlags.has(flag)) i++;
      continue;
    }
    if (!skipped && runnerSyntax.skip.has(word)) {
      skipped = true;
      continue;
    }
    // `bun build x`, `deno task dev`, `bun run dev` (a script name, not a file).
    if (runnerSyntax.bareWordIsCommand && !looksLikeFile(word) && (path.basename(runner!) === 'bun' || !skipped))
      return [];
    return [word];
  }
  return [];
}

/** Files a `scripts` command runs: `node --enable-source-maps dist/cli.js && tsx scripts/x.ts`. */
export function scriptTargets(command: string): string[] {
  return shellCommands(command).flatMap(commandTargets);
}

/** Reads the nearest package.json's entrypoint-relevant fields (cached; re-read when it changes). */
export function readPackage(packageDir: string): PackageInfo | undefined {
  const file = path.join(packageDir, 'package.json');
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const cached = packageCache.get(packageDir);
  if (cached?.stamp === stamp) return cached.value;
  let value: PackageInfo | undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const bins: string[] = [];
    if (typeof json.bin === 'string') bins.push(path.resolve(packageDir, json.bin));
    else if (typeof json.bin === 'object' && json.bin !== null) {
      for (const target of Object.values(json.bin))
        if (typeof target === 'string') bins.push(path.resolve(packageDir, target));
    }
    const targets: Array<{ script: string; file: string }> = [];
    if (typeof json.scripts === 'object' && json.scripts !== null) {
      for (const [script, command] of Object.entries(json.scripts)) {
        if (typeof command !== 'string') continue;
        for (const target of scriptTargets(command)) {
          // `node .` runs the package's `main` (or index.js).
          const file = path.resolve(packageDir, target);
          const main = typeof json.main === 'string' ? json.main : 'index.js';
          targets.push({ script, file: file === packageDir ? path.resolve(packageDir, main) : file });
        }
      }
    }
    value = {
      dir: packageDir,
      name: typeof json.name === 'string' ? json.name : undefined,
      type: json.type === 'module' ? 'module' : 'commonjs',
      bins,
      scriptTargets: targets,
    };
  } catch {
    value = undefined; // An unreadable package.json names no entrypoints; ESLint is not the tool to report it.
  }
  packageCache.set(packageDir, { stamp, value });
  return value;
}

export interface TsconfigDirs {
  readonly outDir: string;
  /** `rootDir` as configured; the package directory when unset (see `sourceRoots`). */
  readonly rootDir: string;
  /**
   * Where sources may live: `[rootDir]` when configured; otherwise tsc infers the inputs' common
   * directory, so the static roots of `include`, then `src/`, then the package directory.
   */
  readonly sourceRoots?: readonly string[];
}

/** The static leading directory of an `include` pattern: `src/**\/*.ts` → `src`, `**\/*` → ''. */
function staticRoot(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?[\]{}]/.test(segment)) break;
    out.push(segment);
  }
  // A last segment without a wildcard or an extension is a directory too (`"include": ["src"]`).
  const last = segments[segments.length - 1];
  if (out.length === segments.length - 1 && last !== undefined && !/[*?[\]{}.]/.test(last)) out.push(last);
  return out.join('/');
}

/** `compilerOptions.outDir`/`rootDir` of `<packageDir>/tsconfig.json` (following relative `extends`: see `readTsconfig`). */
export function readTsconfigDirs(packageDir: string): TsconfigDirs | undefined {
  const file = path.join(packageDir, 'tsconfig.json');
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const cached = tsconfigCache.get(packageDir);
  if (cached?.stamp === stamp) return cached.value;
  let value: TsconfigDirs | undefined;
  try {
    const { compilerOptions: compiler, include } = readTsconfig(file);
    if (typeof compiler.outDir === 'string') {
      if (typeof compiler.rootDir === 'string') {
        value = { outDir: compiler.outDir, rootDir: compiler.rootDir, sourceRoots: [compiler.rootDir] };
      } else {
        const includeRoots = (include?.patterns ?? []).map((pattern) =>
          path.resolve(include!.dir, staticRoot(pattern)),
        );
        const common =
          includeRoots.length > 0 && includeRoots.every((root) => root === includeRoots[0]) ? [includeRoots[0]!] : [];
        const sourceRoots = [...new Set([...common, path.join(packageDir, 'src'), packageDir])];
        value = { outDir: compiler.outDir, rootDir: packageDir, sourceRoots };
      }
    }
  } catch {
    value = undefined;
  }
  tsconfigCache.set(packageDir, { stamp, value });
  return value;
}

const SOURCE_EXTENSIONS: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '': ['.ts', '.tsx', '.js', '.mts', '.cts', '.mjs', '.cjs'],
};

/**
 * The files a path named in package.json may stand for: itself, itself with an extension added,
 * and, when it lies in the build output, its source (tsconfig `outDir` → `rootDir`, or the roots
 * tsc would infer; without a tsconfig the common `dist|build|lib|out` → `src` layout).
 */
export function candidateSources(target: string, packageDir: string): string[] {
  const ext = path.extname(target);
  const known = ext in SOURCE_EXTENSIONS && ext !== '';
  const stem = known ? target.slice(0, -ext.length) : target;
  const candidates = new Set<string>([target]);
  for (const extension of SOURCE_EXTENSIONS[known ? ext : '']!) candidates.add(stem + extension);
  const mapped: string[] = [];
  const dirs = readTsconfigDirs(packageDir);
  if (dirs && (stem + path.sep).startsWith(dirs.outDir + path.sep)) {
    for (const root of dirs.sourceRoots ?? [dirs.rootDir])
      mapped.push(path.join(root, path.relative(dirs.outDir, stem)));
  } else {
    const relative = path.relative(packageDir, stem);
    const match = /^(dist|build|lib|out)[\\/](.*)$/.exec(relative);
    if (match) mapped.push(path.join(packageDir, 'src', match[2]!));
  }
  for (const base of mapped)
    for (const extension of SOURCE_EXTENSIONS[known ? ext : '']!) candidates.add(base + extension);
  return [...candidates];
}

/** Test hook: forget every cached lookup. */
let generation = 0;
/** Bumped by `clearProjectCaches`, so verdicts memoised per parsed file are dropped with it. */
export const projectCacheGeneration = (): number => generation;

export function clearProjectCaches(): void {
  generation++;
  stampCache.clear();
  packageCache.clear();
  nearestCache.clear();
  tsconfigCache.clear();
}
