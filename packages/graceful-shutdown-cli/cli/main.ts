#!/usr/bin/env node
/**
 * The `graceful-shutdown` bin, run the way it tells others to run: under `runMain`, so Ctrl+C
 * cancels the work (nothing is half-written: writes are atomic and happen after analysis), the
 * exit status is `run`'s, and piped output is never cut short by `process.exit`.
 */
import { runMain } from '../codemods/index.js';
import { run } from './program.js';

runMain(({ signal }) =>
  run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, signal }),
);
