#!/usr/bin/env node
/** The `graceful-shutdown` bin. Sets the exit status and lets the event loop end (no `process.exit`, which truncates piped output). */
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
