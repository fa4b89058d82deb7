/**
 * The `graceful-shutdown` command line: `check`, `fix`, `entrypoints`. Every command has --help
 * and --version; an unknown flag or a bad value is a usage error (exit 2) naming it. Commands
 * load lazily, so `check` on one staged file pays for ESLint and nothing else.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_USAGE, FatalError, UsageError, errorMessage } from './errors.js';
import { colorsFor, type Io } from './output.js';
import { packageVersion } from './version.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  return parsed;
}

/** What commander parses for `check`. */
interface CheckFlags {
  format: string;
  config?: string;
  typeAware?: true;
  engine: 'eslint' | 'oxlint';
}

export function createProgram(io: Io, setExitCode: (code: number) => void): Command {
  const version = packageVersion();
  const c = colorsFor(io.stderr);
  const program = new Command('graceful-shutdown')
    .description(
      'Find and fix Node.js programs that do not shut down correctly on Ctrl+C (SIGINT) and SIGTERM: gather → cancel → drain → close.',
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

  const addVersion = (command: Command): Command => command.version(version, '-V, --version', 'print the version');

  addVersion(program.command('check'))
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
            ...(options.config === undefined ? {} : { config: options.config }),
          },
          io,
        ),
      );
    });

  addVersion(program.command('fix'))
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

  addVersion(program.command('entrypoints'))
    .description('List the entrypoints found, and why each one is.')
    .argument('[paths...]', 'files and folders to look at (default: the current folder)')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], options: { format: 'text' | 'json' }) => {
      const { runEntrypoints } = await import('./commands/entrypoints.js');
      setExitCode(await runEntrypoints(paths, options, io));
    });

  return program;
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
