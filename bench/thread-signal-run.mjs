// One `thread-signal` run for the benchmark (a child process, so the timing and the peak memory
// are the whole process's): node bench/thread-signal-run.mjs <tsconfig.json> [--dry-run]
// Prints one JSON line: what changed, the diagnostics before/after, and the process's own max RSS.
import { threadSignal } from '../packages/graceful-shutdown-cli/dist/codemods/thread-signal.js';

const [tsconfigPath, ...flags] = process.argv.slice(2);
if (tsconfigPath === undefined) {
  process.stderr.write('usage: node bench/thread-signal-run.mjs <tsconfig.json> [--dry-run]\n');
  process.exitCode = 2;
} else {
  const started = performance.now();
  const result = threadSignal({ tsconfigPath, dryRun: flags.includes('--dry-run') });
  const summary = {
    ms: Math.round(performance.now() - started),
    maxRssKiB: process.resourceUsage().maxRSS,
    changedFiles: result.files.filter((file) => file.status === 'changed').length,
    files: result.files.length,
    edits: result.edits.length,
    reverted: result.reverted.length,
    leftAlone: result.leftAlone.length,
    diagnostics: result.diagnostics,
    ...(result.skipped === undefined ? {} : { skipped: result.skipped }),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
