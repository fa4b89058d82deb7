#!/usr/bin/env node
// `npm run demo`: the CLI on the example app in examples/app, on temporary copies.
//   1. `graceful-shutdown check` shows the findings;
//   2. `graceful-shutdown probe` sends the original server SIGTERM while a request is in flight:
//      its table shows the request cut;
//   3. `graceful-shutdown fix --diff` rewrites a copy and shows the rewrite;
//   4. the same probe on the fixed server: the request completes, then the server shuts down.
// Self-contained: no network beyond 127.0.0.1, every wait bounded (the probe's own deadlines), the
// temp folder removed. Ctrl+C reaches the CLI too: under its runMain, the probe kills the server
// it started; the demo then stops and cleans up.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'packages', 'graceful-shutdown-cli', 'dist', 'cli', 'main.js');
const app = path.join(root, 'examples', 'app');

const say = (line = '') => console.log(line);
const heading = (text) => say(`\n${pc.bold(pc.cyan(`━━ ${text}`))}\n`);
const note = (text) => say(pc.magenta(`demo │ ${text}`));
const shown = (command) => say(pc.dim(`$ ${command}`));

let cancelled = false;

/** Runs the CLI in `cwd`, its output straight to this terminal (colours included). */
function runCli(args, cwd, env = {}) {
  const quoted = args.map((arg) => (/^[\w./=:-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ');
  shown(
    `${Object.entries(env)
      .map(([name, value]) => `${name}=${value} `)
      .join('')}graceful-shutdown ${quoted}`,
  );
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: 'inherit',
    timeout: 60_000,
  });
  if (result.signal === 'SIGINT' || result.signal === 'SIGTERM' || cancelled)
    throw new DOMException(`interrupted (${result.signal ?? 'cancelled'})`, 'AbortError');
  note(`exit status ${result.status ?? result.signal}`);
  return result.status;
}

/** The probe's arguments for the example server: learn its port from its log line, hold GET /slow across SIGTERM. */
const PROBE_SERVER = [
  'probe',
  '--echo',
  '--ready-line',
  'listening on http://127\\.0\\.0\\.1:(\\d+)',
  '--request',
  'http://127.0.0.1:{port}/slow',
  '--',
  'node',
  'server.js',
];

/** `graceful-shutdown probe` on `server.js` in `dir`: SIGTERM with GET /slow in flight; true when graceful. */
function probeServer(dir) {
  note('the probe starts the server (PORT=0), holds GET /slow open, and sends SIGTERM while it runs');
  return runCli(PROBE_SERVER, dir, { PORT: '0' }) === 0;
}

function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'graceful-shutdown-demo-'));
  try {
    const before = path.join(work, 'before');
    const after = path.join(work, 'app');
    cpSync(app, before, { recursive: true });
    cpSync(app, after, { recursive: true });
    say(pc.bold('graceful-shutdown demo') + pc.dim(` — working on copies in ${work}`));

    heading('1. check: what is wrong with the example app');
    let ok = runCli(['check'], after) === 1;
    if (!ok) note(pc.red('expected findings (exit 1)'));

    const posix = process.platform !== 'win32';
    if (posix) {
      heading('2. before: the probe sends SIGTERM while a request is in flight');
      if (probeServer(before)) {
        note(pc.red('expected the original server to fail the probe (exit 1)'));
        ok = false;
      }
    } else {
      note('Windows cannot deliver SIGTERM to a process: the server part of the demo runs on Linux and macOS.');
    }

    heading('3. fix: rewrite the entrypoints (a temporary copy, so --force)');
    if (runCli(['fix', '--diff', '--force'], after) !== 0) {
      note(pc.red('fix failed'));
      ok = false;
    }

    if (posix) {
      heading('4. after: the same probe on the fixed server');
      const completed = probeServer(after);
      say();
      say(
        completed
          ? pc.green(
              'The in-flight request completed, then the server drained and closed: gather → cancel → drain → close.',
            )
          : pc.red('The fixed server did not pass the probe: see its table above.'),
      );
      ok &&= completed;
    }
    return ok ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (!existsSync(cli)) {
  console.error(`demo: ${path.relative(process.cwd(), cli)} is missing; run \`npm run demo\` (it builds first).`);
  process.exitCode = 2;
} else {
  // Ctrl+C reaches the CLI as well (same terminal process group): it cancels and dies of SIGINT,
  // and runCli stops the demo. The listeners only keep the demo itself alive to clean up.
  const cancel = () => (cancelled = true);
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  // `npm run demo | head`: the reader left; stop at the next step.
  process.stdout.on('error', cancel);
  try {
    process.exitCode = main();
  } catch (error) {
    const aborted = error instanceof DOMException && error.name === 'AbortError';
    console.error(
      pc.red(aborted ? 'demo cancelled' : `demo failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    process.exitCode = aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}
