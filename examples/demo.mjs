#!/usr/bin/env node
// `npm run demo`: the CLI on the example app in examples/app, on temporary copies.
//   1. `graceful-shutdown check` shows the findings;
//   2. the original server gets SIGTERM while a request is in flight: the request dies with it;
//   3. `graceful-shutdown fix --diff` rewrites a copy and shows the rewrite;
//   4. the fixed server gets the same SIGTERM: the request completes, then the server shuts down.
// Self-contained: no network beyond 127.0.0.1, every wait bounded, the temp folder removed.
// Ctrl+C cancels it the way the fixed app does: an AbortController whose signal every wait gets.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const app = path.join(root, 'examples', 'app');
const STEP_TIMEOUT_MS = 15_000;

const say = (line = '') => console.log(line);
const heading = (text) => say(`\n${pc.bold(pc.cyan(`━━ ${text}`))}\n`);
const note = (text) => say(pc.magenta(`demo │ ${text}`));
const shown = (command) => say(pc.dim(`$ ${command}`));

/** Runs the CLI in `cwd`, its output straight to this terminal (colours included). */
function runCli(args, cwd) {
  shown(`graceful-shutdown ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit', timeout: 60_000 });
  note(`exit status ${result.status ?? result.signal}`);
  return result.status;
}

/** Splits a child's output into lines: each is echoed with a prefix and emitted as a 'line' event. */
function echoLines(stream, label, paint) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      say(paint(`${label} │ ${line}`));
      stream.emit('line', line);
    }
  });
}

/** Resolves with the first line of `stream` that matches; rejects on timeout or abort. */
function waitForLine(stream, pattern, what, signal) {
  return new Promise((resolve, reject) => {
    const stop = (error) => {
      clearTimeout(timer);
      stream.off('line', onLine);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
    };
    const onLine = (line) => {
      const match = pattern.exec(line);
      if (match) {
        stop();
        resolve(match);
      }
    };
    const onAbort = () => stop(signal.reason);
    const timer = setTimeout(() => stop(new Error(`timed out waiting for ${what}`)), STEP_TIMEOUT_MS);
    stream.on('line', onLine);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** GET /slow; resolves with the response, or with why there was none. */
function slowRequest(port, signal) {
  const started = performance.now();
  return new Promise((resolve) => {
    const failed = (error) => resolve({ ok: false, error: error.message, ms: performance.now() - started });
    const request = http.get(
      { host: '127.0.0.1', port, path: '/slow', agent: false, timeout: STEP_TIMEOUT_MS, signal },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({ ok: true, status: response.statusCode, body: body.trim(), ms: performance.now() - started }),
        );
        response.on('error', failed);
      },
    );
    request.on('timeout', () => request.destroy(new Error('no response')));
    request.on('error', failed);
  });
}

/** Starts `server.js` in `dir`, sends one slow request, and SIGTERM while it is in flight. */
async function sigtermDuringRequest(dir, signal) {
  shown('PORT=0 node server.js   # then GET /slow, and SIGTERM while it runs');
  // The signal kills the server if the demo itself is cancelled.
  const server = spawn(process.execPath, ['server.js'], {
    cwd: dir,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
  });
  const exited = new Promise((resolve) =>
    server.on('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
  );
  server.on('error', () => {}); // the abort's own outcome; 'exit' follows
  echoLines(server.stdout, 'server', (line) => line);
  echoLines(server.stderr, 'server', pc.yellow);
  const guard = setTimeout(() => server.kill('SIGKILL'), 3 * STEP_TIMEOUT_MS);
  try {
    const [, port] = await waitForLine(
      server.stdout,
      /listening on http:\/\/127\.0\.0\.1:(\d+)/,
      'the server to listen',
      signal,
    );
    const response = slowRequest(Number(port), signal);
    await waitForLine(server.stdout, /GET \/slow started/, 'the request to reach the server', signal);
    note('sending SIGTERM while GET /slow is in flight');
    const signalledAt = performance.now();
    server.kill('SIGTERM');
    const result = await response;
    if (result.ok)
      note(
        pc.green(
          `response ${result.status} "${result.body}" arrived ${Math.round(performance.now() - signalledAt)} ms after SIGTERM`,
        ),
      );
    else note(pc.red(`request failed: ${result.error} (the response was lost)`));
    const { code, signal: exitSignal } = await exited;
    note(
      `server exited ${exitSignal ? `by ${exitSignal} (a shell shows ${128 + os.constants.signals[exitSignal]})` : `with status ${code}`}`,
    );
    return result.ok;
  } finally {
    clearTimeout(guard);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
}

async function main(signal) {
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
      heading('2. before: SIGTERM while a request is in flight');
      await sigtermDuringRequest(before, signal);
    } else {
      note('Windows cannot deliver SIGTERM to a process: the server part of the demo runs on Linux and macOS.');
    }

    heading('3. fix: rewrite the entrypoints (a temporary copy, so --force)');
    if (runCli(['fix', '--diff', '--force'], after) !== 0) {
      note(pc.red('fix failed'));
      ok = false;
    }

    if (posix) {
      heading('4. after: the same SIGTERM on the fixed server');
      const completed = await sigtermDuringRequest(after, signal);
      say();
      say(
        completed
          ? pc.green(
              'The in-flight request completed, then the server drained and closed: gather → cancel → drain → close.',
            )
          : pc.red('The request did not complete after the fix: see the output above.'),
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
  // First Ctrl+C (or SIGTERM): cancel — children stop, waits end, the temp folder goes. A second
  // one finds no listener (`once`) and kills the demo at once.
  const controller = new AbortController();
  const cancel = (name) => controller.abort(new DOMException(`${name} received`, 'AbortError'));
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  // `npm run demo | head`: the reader left; stop the servers rather than orphan them.
  process.stdout.on('error', () => cancel('EPIPE'));
  try {
    process.exitCode = await main(controller.signal);
  } catch (error) {
    const aborted = controller.signal.aborted;
    console.error(
      pc.red(aborted ? 'demo cancelled' : `demo failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    process.exitCode = aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}
