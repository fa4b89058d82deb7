#!/usr/bin/env node
// `npm run demo`: the CLI on the example app in examples/app, on temporary copies.
//   1. `graceful-shutdown check` shows the findings;
//   2. the original server gets SIGTERM while a request is in flight: the request dies with it;
//   3. `graceful-shutdown fix --diff` rewrites a copy and shows the rewrite;
//   4. the fixed server gets the same SIGTERM: the request completes, then the server shuts down.
// Self-contained: no network beyond 127.0.0.1, every wait bounded, the temp folder removed.
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

if (!existsSync(cli)) {
  console.error(`demo: ${path.relative(process.cwd(), cli)} is missing; run \`npm run demo\` (it builds first).`);
  process.exit(2);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'graceful-shutdown-demo-'));
const children = new Set();
const cleanUp = () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
};
// The demo's own Ctrl+C: stop the servers, remove the temp folder, then die of the signal.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.kill(process.pid, signal);
  });
}

/** Runs the CLI in `cwd`, its output straight to this terminal (colours included). */
function runCli(args, cwd) {
  shown(`graceful-shutdown ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit', timeout: 60_000 });
  note(`exit status ${result.status ?? result.signal}`);
  return result.status;
}

/** Resolves with the first line of `stream` that matches, or rejects after the step timeout. */
function waitForLine(stream, pattern, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), STEP_TIMEOUT_MS);
    const onLine = (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      stream.off('line', onLine);
      resolve(match);
    };
    stream.on('line', onLine);
  });
}

/** Splits a child's output into prefixed lines, re-emitted as 'line' events on the stream. */
function echoLines(stream, label, paint) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      say(paint(`${label} │ ${line}`));
      stream.emit('line', line);
    }
  });
}

function slowRequest(port) {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/slow', agent: false, timeout: STEP_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ ok: true, status: response.statusCode, body: body.trim(), ms: performance.now() - started }));
      response.on('error', (error) => resolve({ ok: false, error: error.message, ms: performance.now() - started }));
    });
    request.on('timeout', () => request.destroy(new Error('no response')));
    request.on('error', (error) => resolve({ ok: false, error: error.message, ms: performance.now() - started }));
  });
}

/** Starts `server.js` in `dir`, sends one slow request, and SIGTERM while it is in flight. */
async function sigtermDuringRequest(dir) {
  shown('PORT=0 node server.js   # then GET /slow, and SIGTERM while it runs');
  const server = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(server);
  const started = performance.now();
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal, ms: performance.now() - started })));
  echoLines(server.stdout, 'server', (line) => line);
  echoLines(server.stderr, 'server', pc.yellow);
  try {
    const [, port] = await waitForLine(server.stdout, /listening on http:\/\/127\.0\.0\.1:(\d+)/, 'the server to listen');
    const response = slowRequest(Number(port));
    await waitForLine(server.stdout, /GET \/slow started/, 'the request to reach the server');
    note('sending SIGTERM while GET /slow is in flight');
    const signalledAt = performance.now();
    server.kill('SIGTERM');
    const result = await response;
    if (result.ok) note(pc.green(`response ${result.status} "${result.body}" arrived ${Math.round(performance.now() - signalledAt)} ms after SIGTERM`));
    else note(pc.red(`request failed: ${result.error} (the response was lost)`));
    const guard = setTimeout(() => server.kill('SIGKILL'), STEP_TIMEOUT_MS);
    const { code, signal } = await exited;
    clearTimeout(guard);
    note(`server exited ${signal ? `by ${signal} (a shell shows ${128 + os.constants.signals[signal]})` : `with status ${code}`}`);
    return result.ok;
  } finally {
    server.kill('SIGKILL');
    children.delete(server);
  }
}

let exitCode = 0;
try {
  const before = path.join(work, 'before');
  const after = path.join(work, 'app');
  cpSync(app, before, { recursive: true });
  cpSync(app, after, { recursive: true });
  say(pc.bold('graceful-shutdown demo') + pc.dim(` — working on copies in ${work}`));

  heading('1. check: what is wrong with the example app');
  if (runCli(['check'], after) !== 1) {
    note(pc.red('expected findings (exit 1)'));
    exitCode = 1;
  }

  if (process.platform === 'win32') {
    note('Windows has no SIGTERM to send to a process: the server part of the demo runs on Linux and macOS.');
  } else {
    heading('2. before: SIGTERM while a request is in flight');
    await sigtermDuringRequest(before);
  }

  heading('3. fix: rewrite the entrypoints (a temporary copy, so --force)');
  if (runCli(['fix', '--diff', '--force'], after) !== 0) {
    note(pc.red('fix failed'));
    exitCode = 1;
  }

  if (process.platform !== 'win32') {
    heading('4. after: the same SIGTERM on the fixed server');
    const completed = await sigtermDuringRequest(after);
    if (!completed) exitCode = 1;
    say();
    say(
      completed
        ? pc.green('The in-flight request completed, then the server drained and closed: gather → cancel → drain → close.')
        : pc.red('The request did not complete after the fix: see the output above.'),
    );
  }
} catch (error) {
  console.error(pc.red(`demo failed: ${error instanceof Error ? error.message : String(error)}`));
  exitCode = 1;
} finally {
  cleanUp();
}
process.exitCode = exitCode;
