/**
 * The `graceful-shutdown` command line: `check`, `fix`, `entrypoints`, `probe`. Every command has --help
 * and --version; an unknown flag or a bad value is a usage error (exit 2) naming it. Commands
 * load lazily, so `check` on one staged file pays for ESLint and nothing else.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_USAGE, FatalError, UsageError, errorMessage } from './errors.js';
import { colorsFor, type Io } from './output.js';
import type { ProbeFlags } from './probe/options.js';
import { packageVersion } from './version.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return parsed;
}

function milliseconds(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed))
    throw new InvalidArgumentError('expected a whole number of milliseconds.');
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < 1 || parsed > 65_535)
    throw new InvalidArgumentError('expected a port number (1-65535).');
  return parsed;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** ESLint's `--concurrency`: a number of worker threads, `auto` or `off`. */
function concurrency(value: string): number | 'auto' | 'off' {
  if (value === 'auto' || value === 'off') return value;
  try {
    return positiveInteger(value);
  } catch {
    throw new InvalidArgumentError('expected a number of worker threads (at least 1), auto or off.');
  }
}

/** What commander parses for `check`. */
interface CheckFlags {
  format: string;
  config?: string;
  typeAware?: true;
  engine: 'eslint' | 'oxlint';
  concurrency?: number | 'auto' | 'off';
  cache?: true;
}

type SetExitCode = (code: number) => void;

export function createProgram(io: Io, setExitCode: SetExitCode): Command {
  const version = packageVersion();
  const c = colorsFor(io.stderr);
  const program = new Command('graceful-shutdown')
    .description(
      'Find, fix and probe Node.js programs that do not shut down correctly on Ctrl+C (SIGINT) and SIGTERM: gather → cancel → drain → close.',
    )
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(c.red(text)),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .helpCommand(false)
    .version(version, '-V, --version', 'print the version');

  const subcommand = (name: string): Command =>
    program.command(name).version(version, '-V, --version', 'print the version');
  defineCheck(subcommand('check'), io, setExitCode);
  defineFix(subcommand('fix'), io, setExitCode);
  defineEntrypoints(subcommand('entrypoints'), io, setExitCode);
  defineProbe(subcommand('probe'), io, setExitCode);
  return program;
}

/** `check [paths…]`: the rules through ESLint (or oxlint). */
function defineCheck(command: Command, io: Io, setExitCode: SetExitCode): void {
  command
    .description(
      "Lint with the plugin's recommended rules (no ESLint config needed). Exit 0 clean, 1 findings, 2 usage or fatal error.",
    )
    .argument('[paths...]', 'files and folders to check (default: the current folder)')
    .option('-f, --format <name>', 'output format: stylish, json (ESLint formatters)', 'stylish')
    .addOption(
      new Option(
        '-c, --config <file>',
        'use this ESLint config file (with --engine oxlint: this oxlint config file) instead of the built-in recommended config',
      ).conflicts('typeAware'),
    )
    .option('--type-aware', "also run the type-aware checks, with each file's nearest tsconfig.json")
    .option(
      '--concurrency <n>',
      "ESLint's worker threads: a number, auto or off (default: off; on 2 cores and for a few files, off is faster)",
      concurrency,
    )
    .option(
      '--cache',
      "use ESLint's cache (.eslintcache in the current folder): only changed files are checked again (not with --type-aware)",
    )
    .addOption(
      new Option(
        '--engine <name>',
        "run the rules with ESLint, or with oxlint's JS plugins (the project's oxlint, faster; no suggestions, no --type-aware)",
      )
        .choices(['eslint', 'oxlint'])
        .default('eslint'),
    )
    .addHelpText(
      'after',
      '\nFolders are walked as git lists them (.gitignore honoured); node_modules, dist, build and coverage are skipped.\nExtensionless scripts count when their #! line runs node (or tsx, bun…) or package.json "bin" names them.\n\nExamples:\n  graceful-shutdown check\n  graceful-shutdown check src bin/cli.ts --format json\n  graceful-shutdown check --type-aware src\n  graceful-shutdown check --engine oxlint',
    )
    .action(async (paths: string[], options: CheckFlags) => {
      const { runCheck } = await import('./commands/check.js');
      setExitCode(
        await runCheck(
          paths,
          {
            format: options.format,
            typeAware: options.typeAware === true,
            engine: options.engine,
            cache: options.cache === true,
            ...(options.config === undefined ? {} : { config: options.config }),
            ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
          },
          io,
        ),
      );
    });
}

/** `fix [paths…]`: graceful-main, and with --thread-signal thread-signal, over the entrypoints. */
function defineFix(command: Command, io: Io, setExitCode: SetExitCode): void {
  command
    .description(
      'Rewrite entrypoints to run under runMain() with the graceful-main codemod, and with --thread-signal pass its abort signal on to the work main starts. Exit 0, or 1 when a file failed.',
    )
    .argument('[paths...]', 'files and folders to fix (default: the current folder)')
    .option('-n, --dry-run', 'analyse and report, write nothing')
    .option('-d, --diff', 'print a unified diff of each rewrite')
    .option(
      '--thread-signal',
      "also run the thread-signal codemod: pass main's AbortSignal to every signal-accepting call it reaches, across files (type-checked with each project's tsconfig.json; slower)",
    )
    .option(
      '--helper <path>',
      'where the runtime helper goes (default: beside the first rewritten file of each package)',
    )
    .option('--force', 'write even over files with uncommitted changes')
    .addOption(new Option('-f, --format <name>', 'summary format').choices(['text', 'json']).default('text'))
    .option('-j, --jobs <n>', 'analyse on this many worker threads', positiveInteger, 1)
    .addHelpText(
      'after',
      '\nRefuses (exit 2, nothing written) when a file it would change has uncommitted changes, unless --force.\nWith --thread-signal, only the files given (default: the current folder) are changed; each project is still analysed whole.\n\nExamples:\n  graceful-shutdown fix --dry-run --diff\n  graceful-shutdown fix --thread-signal --dry-run --diff\n  graceful-shutdown fix bin src/server.ts --helper src/graceful-shutdown.ts',
    )
    .action(
      async (
        paths: string[],
        options: {
          dryRun?: true;
          diff?: true;
          threadSignal?: true;
          helper?: string;
          force?: true;
          format: 'text' | 'json';
          jobs: number;
        },
      ) => {
        const { runFix } = await import('./commands/fix.js');
        const { helper, format, jobs } = options;
        const flags = {
          dryRun: options.dryRun === true,
          diff: options.diff === true,
          force: options.force === true,
          threadSignal: options.threadSignal === true,
        };
        setExitCode(await runFix(paths, { ...flags, format, jobs, ...(helper === undefined ? {} : { helper }) }, io));
      },
    );
}

/** `entrypoints [paths…]`: each entrypoint and why it is one. */
function defineEntrypoints(command: Command, io: Io, setExitCode: SetExitCode): void {
  command
    .description('List the entrypoints found, and why each one is.')
    .argument('[paths...]', 'files and folders to look at (default: the current folder)')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], options: { format: 'text' | 'json' }) => {
      const { runEntrypoints } = await import('./commands/entrypoints.js');
      setExitCode(await runEntrypoints(paths, options, io));
    });
}

/** `probe -- <command…>`: run a program, signal it, report its shutdown. */
function defineProbe(command: Command, io: Io, setExitCode: SetExitCode): void {
  command
    .description(
      'Run a program, put work in flight, send it SIGTERM (or SIGINT), and report what its shutdown did. Exit 0 graceful, 1 not graceful, 2 usage error.',
    )
    .argument('<command...>', 'the program to run, after -- (e.g. -- node server.js)')
    .addOption(
      new Option('--ready-port <n>', 'ready once this port accepts a connection on 127.0.0.1 or ::1').argParser(port),
    )
    .option(
      '--ready-line <regex>',
      'ready once a stdout/stderr line matches; its first capture group (or one named port) is the port',
    )
    .addOption(
      new Option('--ready-after <ms>', 'ready this long after the start (the default: 1000)').argParser(milliseconds),
    )
    .addOption(
      new Option('--ready-timeout <ms>', 'give up when not ready by then').argParser(milliseconds).default(30_000),
    )
    .option(
      '--request <url>',
      'GET this URL before the signal and hold it open across it (repeatable; loopback only; {port} is the port learned)',
      collect,
    )
    .option('--stdin <file>', "feed this file to the program's stdin, a line every 50 ms")
    .addOption(new Option('--signal <name>', 'the signal to send').choices(['SIGTERM', 'SIGINT']).default('SIGTERM'))
    .addOption(
      new Option('--again <ms>', 'send the signal a second time this long after the first').argParser(milliseconds),
    )
    .addOption(
      new Option('--signal-after <ms>', 'wait this long after the requests are sent before signalling')
        .argParser(milliseconds)
        .default(500),
    )
    .option(
      '--group',
      "send the signal to the whole process group, as a terminal's Ctrl+C does (default: the process only, as docker stop and Kubernetes do)",
    )
    .addOption(
      new Option(
        '--deadline <ms>',
        'a graceful shutdown ends within this long after the signal; later, the probe kills it',
      )
        .argParser(milliseconds)
        .default(10_000),
    )
    .addOption(
      new Option('--refuse-within <ms>', 'new connections must be refused within this long after the signal')
        .argParser(milliseconds)
        .default(1_000),
    )
    .option('--echo', "print the program's output (and the probe's steps) to stderr as it runs")
    .option('--no-preload', 'do not add the handle-recording preload to NODE_OPTIONS')
    .addOption(new Option('-f, --format <name>', 'report format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
The program runs in its own process group with its output piped; the probe connects only to loopback
addresses. Graceful means: it exits within --deadline with status 0 or by the signal itself (130/143);
every in-flight request completes; new connections are refused within --refuse-within; no process is left
running in its group (the probe kills any it finds); runMain reports nothing pending; no stack trace is
printed after the signal; piped stdout does not end mid-line. For Node programs, a --require preload in
NODE_OPTIONS records what each process still had open when it exited.

Examples:
  graceful-shutdown probe --ready-port 3000 --request http://127.0.0.1:3000/slow -- node server.js
  PORT=0 graceful-shutdown probe --ready-line 'listening on .*:(\\d+)' --request 'http://127.0.0.1:{port}/slow' -- node server.js
  graceful-shutdown probe --ready-after 500 --signal SIGINT --group --format json -- node cli.js build`,
    )
    .action(async (command: string[], flags: ProbeFlags) => {
      const { runProbe } = await import('./commands/probe.js');
      setExitCode(await runProbe(command, flags, io));
    });
}

/**
 * Runs the CLI and returns its exit status. Errors become one line (a stack trace only with
 * GRACEFUL_SHUTDOWN_DEBUG=1); the only thing thrown is the abort reason after Ctrl+C, which
 * `runMain` expects and keeps quiet about.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => (exitCode = code));
  const c = colorsFor(io.stderr);
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (io.signal?.aborted) throw error;
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const prefix = `${c.red('graceful-shutdown')}: `;
    if (error instanceof UsageError || error instanceof FatalError) {
      io.stderr.write(`${prefix}${error.message}\n`);
    } else {
      io.stderr.write(
        `${prefix}internal error: ${errorMessage(error)}\n(set GRACEFUL_SHUTDOWN_DEBUG=1 for details, and please report it)\n`,
      );
    }
    if (process.env.GRACEFUL_SHUTDOWN_DEBUG && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}
