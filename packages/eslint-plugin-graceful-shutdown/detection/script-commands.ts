/**
 * The files a package.json `scripts` command runs: a small shell-word parser (quotes, `&&`, `;`,
 * `|`), wrappers (`cross-env`, `npx`, `dotenv --`, `concurrently`) and each runner's flags
 * (`node`, `tsx`, `ts-node`, `bun`, `deno`, …). Read by `detection/project.ts`.
 */
import path from 'node:path';

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
