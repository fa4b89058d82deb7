/**
 * `npm run test:programs`: does `graceful-shutdown fix` keep real programs working? Each program of
 * programs.ts (published packages pinned by exact version, installed once into
 * bench/programs/.cache/ — offline afterwards — and hello-worlds of apps/) is copied into a
 * temporary folder and run through its scenarios, then fixed (`fix --force` on its folder), fixed a
 * second time, and run again. Normal runs must match byte for byte (stdout, stderr, exit status,
 * the files left in the working folder, HTTP status/type/body; ports and log timestamps
 * normalised). Long-running programs also get SIGINT and SIGTERM — with a slow request in flight
 * for servers, or a large download a paused client is still reading for static file servers — on
 * both sides. It prints one table row per program and fails when a normal run
 * changed, a fix failed, the second fix changed anything, or a program the fix rewrote is not
 * graceful (died of the signal within the deadline, in-flight request completed, no stack trace,
 * no child left running).
 *
 *   tsx bench/programs/run.ts [--only name,name] [--keep] [--cli path/to/dist/cli/main.js]
 *
 * `--cli` runs another build's `graceful-shutdown` (e.g. the main branch's) for a before/after table.
 *
 * Needs the build (`npm run build`) and, on the first run, the npm registry.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isSelfConnection } from '../../packages/graceful-shutdown-cli/cli/probe/connections.js';
import { runMain } from '../../packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.js';
import { installPinned } from '../lib/npm-install.js';
import { PROGRAMS, type Program, type Scenario, type SetupFiles } from './programs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const installRoot = path.join(repoRoot, 'bench', 'programs', '.cache', 'install');
const appsDir = path.join(repoRoot, 'bench', 'programs', 'apps');
let cliBin = path.join(repoRoot, 'packages', 'graceful-shutdown-cli', 'dist', 'cli', 'main.js');

/** Generous on a loaded 2-core machine: startup, the helper's 10 s deadline, and margins. */
const READY_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 30_000;
const SIGNAL_EXIT_MS = 13_000;
const SLOW_HEAD_START_MS = 400;
/** A slow client reads nothing of a large download this long: the signal comes while it waits. */
const SLOW_READ_PAUSE_MS = 1_500;
const BLOCKED_WAIT_MS = 1_500;
/** Output and CPU unchanged this long: request logs written, input awaited (see quietOutput). */
const SETTLE_QUIET_MS = 1_000;
/** At most this long for a process to go quiet on a loaded machine. */
const SETTLE_BOUND_MS = 20_000;
/** Longer than the 1 s after which a helper once exited a program whose main had returned. */
const STILL_SERVING_AFTER_MS = 1_500;
/** "At once" for a program blocked on input: Node's own exit plus scheduling noise. */
const PROMPT_EXIT_MS = 2_000;

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

interface Outcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Paths, ports and log timestamps vary between runs; nothing else may. */
function normalise(text: string, replacements: ReadonlyArray<[string, string]>): string {
  let out = text;
  for (const [from, to] of replacements) if (from) out = out.split(from).join(to);
  return out
    .replace(/"(time|pid|responseTime|remotePort)":[\d.]+/g, '"$1":0')
    .replace(/\(node:\d+\)/g, '(node:<pid>)')
    .replace(/\b\d{1,2}\/\d{1,2}\/\d{4},? \d{1,2}:\d{2}:\d{2}( [AP]M)?/g, '<date>')
    .replace(/\b\d{2}:\d{2}:\d{2}\b/g, '<time>')
    .replace(/"hostname":"[^"]*"/g, '"hostname":"-"')
    .replace(/\b\d+(\.\d+)? ?ms\b/g, '<ms>');
}

function writeFiles(dir: string, files: SetupFiles = {}): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

/** Every file under `dir` with a hash of its content (folders listed too, so an emptied one shows). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      const relative = path.relative(dir, full);
      if (entry.isDirectory()) {
        files[`${relative}/`] = 'dir';
        visit(full);
      } else files[relative] = createHash('sha1').update(readFileSync(full)).digest('hex').slice(0, 12);
    }
  };
  visit(dir);
  return files;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<Outcome>;
  readonly output: () => { stdout: string; stderr: string };
}

function start(entry: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Running {
  const started = performance.now();
  const child = spawn(process.execPath, [entry, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => {}); // a program that never reads its stdin
  const exited = new Promise<Outcome>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: performance.now() - started })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Resolves with the outcome, or kills the process (SIGKILL) and returns undefined after `ms`. */
async function within(running: Running, ms: number): Promise<Outcome | undefined> {
  const timer = sleep(ms).then(() => undefined);
  const outcome = await Promise.race([running.exited, timer]);
  if (outcome === undefined) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  return outcome;
}

interface Response {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

function get(port: number, pathname: string, agent: http.Agent | false = false): Promise<Response | { error: string }> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), body }),
      );
      response.on('error', (err) => resolve({ error: err.message }));
    });
    request.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

/**
 * A large file read by a slow client: paused for SLOW_READ_PAUSE_MS once the headers arrive, then
 * read to the end. '' when it arrived whole (as many bytes as Content-Length), else what went wrong.
 */
function slowDownload(port: number, pathname: string): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, agent: false }, (response) => {
      const expected = Number(response.headers['content-length'] ?? Number.NaN);
      let bytes = 0;
      response.pause();
      setTimeout(() => response.resume(), SLOW_READ_PAUSE_MS);
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        resolve(
          response.statusCode !== 200
            ? `status ${response.statusCode}`
            : Number.isNaN(expected) || bytes === expected
              ? ''
              : `${bytes} of ${expected} bytes`,
        ),
      );
      response.on('error', (err: NodeJS.ErrnoException) =>
        resolve(`cut after ${bytes} bytes (${err.code ?? err.message})`),
      );
      response.on('aborted', () => resolve(`cut after ${bytes} bytes (aborted)`));
    });
    request.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const hasExited = (running: Running): boolean => running.child.exitCode !== null || running.child.signalCode !== null;

/**
 * The process's CPU time so far (user + system, all threads, in clock ticks) and whether its main
 * thread is runnable, from /proc; undefined where there is no /proc (or the process is gone).
 */
function cpuSample(pid: number | undefined): { readonly ticks: number; readonly runnable: boolean } | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state (field 3), …, utime (14), stime (15).
    return { ticks: Number(fields[11]) + Number(fields[12]), runnable: fields[0] === 'R' };
  } catch {
    return undefined;
  }
}

const QUIET_SAMPLE_MS = 250;
/** CPU a quiet process may still use per sample: a clock tick of a runtime thread, not work. */
const QUIET_TICKS = 1;

/**
 * Waits until the process has gone quiet: for `quietMs` its output has not changed, it used no
 * CPU to speak of and its main thread was not waiting to run — so a request log line or a read of
 * stdin is not still on its way, however loaded the machine — or until it exits, or `boundMs`
 * passes. A fixed sleep is not enough: on a loaded 2-core machine a starved process writes its
 * log line late. Resolves with the output at that point.
 */
async function quietOutput(
  running: Running,
  { quietMs, boundMs }: { quietMs: number; boundMs: number },
): Promise<{ stdout: string; stderr: string }> {
  let last = running.output();
  let lastCpu = cpuSample(running.child.pid);
  const bound = performance.now() + boundMs;
  for (let quiet = 0; quiet < quietMs && performance.now() < bound && !hasExited(running);) {
    await sleep(QUIET_SAMPLE_MS);
    const now = running.output();
    const cpu = cpuSample(running.child.pid);
    const cpuQuiet = !cpu || !lastCpu || (cpu.ticks - lastCpu.ticks <= QUIET_TICKS && !cpu.runnable);
    quiet = now.stdout === last.stdout && now.stderr === last.stderr && cpuQuiet ? quiet + QUIET_SAMPLE_MS : 0;
    last = now;
    lastCpu = cpu;
  }
  return running.output();
}

/**
 * A TCP connection, not a request: a server that logs requests must not log how often it was polled.
 * A socket connected to itself is nobody listening (see isSelfConnection).
 */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      const self = isSelfConnection(socket);
      if (self) socket.destroy();
      else socket.end();
      resolve(!self);
    });
    socket.on('error', () => resolve(false));
  });
}

async function waitReady(port: number, running: Running): Promise<boolean> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (performance.now() < deadline && !hasExited(running)) {
    if (await accepts(port)) return true;
    await sleep(150);
  }
  return false;
}

const hasStackTrace = (text: string): boolean => /\n\s+at .+[:(]\d+:\d+\)?/.test(text);
const diedOf = (outcome: Outcome, sig: string): boolean =>
  outcome.signal === sig || outcome.status === 128 + (SIGNAL_NUMBERS[sig] ?? 0);

/** One scenario's comparable result (normal behaviour) and signal verdicts ('' when graceful). */
interface ScenarioResult {
  readonly normal: string;
  readonly signals: Record<string, string>;
}

interface Side {
  readonly entry: string;
  readonly programDir: string;
}

async function runScenario(side: Side, scenario: Scenario): Promise<ScenarioResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'gs-programs-work-'));
  try {
    writeFiles(work, 'files' in scenario ? scenario.files : undefined);
    const replacements: Array<[string, string]> = [
      [side.programDir, '<program>'],
      [work, '<cwd>'],
    ];
    switch (scenario.kind) {
      case 'run':
        return await runOnce(side, scenario, work, replacements);
      case 'serve':
        return await serve(side, scenario, work, replacements);
      case 'blocked-input':
        return await blockedInput(side, scenario, work);
      case 'runner':
        return await runner(side, scenario, work, replacements);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function runOnce(
  side: Side,
  scenario: Extract<Scenario, { kind: 'run' }>,
  work: string,
  replacements: Array<[string, string]>,
): Promise<ScenarioResult> {
  const running = start(side.entry, scenario.args, work);
  setTimeout(() => running.child.stdin!.end(scenario.stdin ?? ''), scenario.stdinDelayMs ?? 0);
  const outcome = await within(running, RUN_TIMEOUT_MS);
  if (!outcome) return { normal: `timed out after ${RUN_TIMEOUT_MS} ms`, signals: {} };
  const normal = JSON.stringify(
    {
      status: outcome.status,
      signal: outcome.signal,
      stdout: normalise(outcome.stdout, replacements),
      stderr: normalise(outcome.stderr, replacements),
      files: snapshot(work),
    },
    null,
    1,
  );
  return { normal, signals: {} };
}

async function serve(
  side: Side,
  scenario: Extract<Scenario, { kind: 'serve' }>,
  work: string,
  replacements: Array<[string, string]>,
): Promise<ScenarioResult> {
  let normal = '';
  const signals: Record<string, string> = {};
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const port = await freePort();
    const args = scenario.args.map((arg) => arg.replaceAll('{port}', String(port)));
    const running = start(side.entry, args, work, { PORT: String(port) });
    const portReplacements: Array<[string, string]> = [...replacements, [String(port), '<port>']];
    if (!(await waitReady(port, running))) {
      const outcome = await within(running, 1_000);
      const { stdout, stderr } = outcome ?? running.output();
      const text = `not ready: ${normalise(stderr || stdout, portReplacements).slice(0, 300)}`;
      if (sig === 'SIGINT') normal = text;
      signals[sig] = 'never ready';
      continue;
    }
    if (sig === 'SIGINT') {
      await sleep(STILL_SERVING_AFTER_MS); // a server must still answer after its start call returned
      // Kept alive until the output has settled: when the connection closes with the response,
      // sirv-cli logs the request or not depending on which side's close wins (7 of 20 missed).
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const responses = [];
      for (const pathname of scenario.paths) responses.push(await get(port, pathname, agent));
      const { stdout, stderr } = await quietOutput(running, { quietMs: SETTLE_QUIET_MS, boundMs: SETTLE_BOUND_MS });
      agent.destroy();
      normal = JSON.stringify(
        {
          responses,
          stdout: normalise(stdout, portReplacements),
          stderr: normalise(stderr, portReplacements),
        },
        null,
        1,
      );
    }
    const before = running.output().stderr.length;
    const slow = scenario.slow ? get(port, scenario.slow) : undefined;
    const download = scenario.slowDownload ? slowDownload(port, scenario.slowDownload) : undefined;
    if (slow || download) await sleep(SLOW_HEAD_START_MS);
    const signalledAt = performance.now();
    running.child.kill(sig);
    const outcome = await within(running, SIGNAL_EXIT_MS);
    const problems: string[] = [];
    if (!outcome) problems.push(`still running after ${SIGNAL_EXIT_MS / 1000} s`);
    else {
      if (!diedOf(outcome, sig)) problems.push(`exit ${outcome.signal ?? outcome.status}`);
      if (hasStackTrace(outcome.stderr.slice(before))) problems.push('stack trace');
      const seconds = (performance.now() - signalledAt) / 1000;
      if (seconds > 11) problems.push(`took ${seconds.toFixed(1)} s`);
    }
    if (slow) {
      const response = await slow;
      if ('error' in response) problems.push(`slow request lost (${response.error})`);
    }
    if (download) {
      const problem = await download;
      if (problem) problems.push(`slow download lost (${problem})`);
    }
    signals[sig] = problems.join(', ');
  }
  return { normal, signals };
}

async function blockedInput(
  side: Side,
  scenario: Extract<Scenario, { kind: 'blocked-input' }>,
  work: string,
): Promise<ScenarioResult> {
  const running = start(side.entry, scenario.args, work);
  await sleep(BLOCKED_WAIT_MS);
  // Blocked on input means idle: a program still starting up is not yet waiting for it.
  await quietOutput(running, { quietMs: SETTLE_QUIET_MS, boundMs: READY_TIMEOUT_MS });
  if (hasExited(running)) {
    const early = await running.exited;
    return { normal: '', signals: { 'SIGINT (stdin)': `exited before the signal (${early.status})` } };
  }
  const signalledAt = performance.now();
  running.child.kill('SIGINT');
  const outcome = await within(running, SIGNAL_EXIT_MS);
  const ms = performance.now() - signalledAt;
  const problems: string[] = [];
  if (!outcome) problems.push(`still running after ${SIGNAL_EXIT_MS / 1000} s`);
  else {
    if (!diedOf(outcome, 'SIGINT')) problems.push(`exit ${outcome.signal ?? outcome.status}`);
    if (ms > PROMPT_EXIT_MS) problems.push(`took ${(ms / 1000).toFixed(1)} s`);
    if (hasStackTrace(outcome.stderr)) problems.push('stack trace');
  }
  return { normal: '', signals: { 'SIGINT (stdin)': problems.join(', ') } };
}

/** Running, not a zombie: a container's PID 1 may never reap the runner's orphaned children. */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
};

async function runner(
  side: Side,
  scenario: Extract<Scenario, { kind: 'runner' }>,
  work: string,
  replacements: Array<[string, string]>,
): Promise<ScenarioResult> {
  const running = start(side.entry, scenario.args, work);
  const pidsDir = path.join(work, 'pids');
  const pids = (): number[] => (existsSync(pidsDir) ? readdirSync(pidsDir).map(Number) : []);
  const deadline = performance.now() + READY_TIMEOUT_MS;
  while (pids().length < scenario.args.length && performance.now() < deadline) await sleep(150);
  await sleep(300);
  await quietOutput(running, { quietMs: SETTLE_QUIET_MS, boundMs: SETTLE_BOUND_MS }); // children's output relayed
  const children = pids();
  running.child.kill('SIGTERM');
  const outcome = await within(running, SIGNAL_EXIT_MS);
  const left = children.filter(isAlive);
  for (const pid of left) process.kill(pid, 'SIGKILL'); // the children this run started
  const problems: string[] = [];
  if (children.length < scenario.args.length) problems.push(`only ${children.length} children started`);
  if (!outcome) problems.push(`still running after ${SIGNAL_EXIT_MS / 1000} s`);
  else {
    if (!diedOf(outcome, 'SIGTERM')) problems.push(`exit ${outcome.signal ?? outcome.status}`);
    if (hasStackTrace(outcome.stderr)) problems.push('stack trace');
  }
  if (left.length > 0) problems.push(`${left.length} children left running`);
  // Children start in parallel: their lines may interleave in any order.
  const stdout = outcome ? normalise(outcome.stdout, replacements).split('\n').sort().join('\n') : '';
  return { normal: stdout, signals: { 'SIGTERM (children)': problems.join(', ') } };
}

interface FixFile {
  readonly path: string;
  readonly status: string;
  readonly reason?: string;
}
interface FixReport {
  readonly files: readonly FixFile[];
  readonly summary: { changed: number; failed: number };
}

function fix(dir: string, entry: string): FixReport {
  const run = spawnSync(process.execPath, [cliBin, 'fix', '--force', '--format', 'json', dir, entry], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  try {
    return JSON.parse(run.stdout) as FixReport;
  } catch {
    throw new Error(`graceful-shutdown fix ${dir} printed no JSON (exit ${run.status}):\n${run.stderr.slice(-2_000)}`);
  }
}

function treeHash(dir: string): string {
  return createHash('sha1')
    .update(JSON.stringify(snapshot(dir)))
    .digest('hex');
}

/** The program's folder in `root` and its entry file: a copy of the installed package, or an app. */
function prepare(program: Program, root: string, log: (line: string) => void): Side {
  const modules = installPinned(
    path.join(installRoot, 'entry' in program && 'package' in program.entry ? program.entry.package : 'frameworks'),
    program.packages,
    log,
  );
  symlinkSync(modules, path.join(root, 'node_modules'), 'dir');
  if ('app' in program.entry) {
    const programDir = path.join(root, 'app');
    mkdirSync(programDir);
    cpSync(path.join(appsDir, program.entry.app), path.join(programDir, program.entry.app));
    writeFileSync(path.join(programDir, 'package.json'), '{ "private": true }\n');
    return { programDir, entry: path.join(programDir, program.entry.app) };
  }
  const { package: name, bin } = program.entry;
  const programDir = path.join(root, 'package');
  cpSync(path.join(modules, name), programDir, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(programDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const target = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin ?? name];
  if (!target) throw new Error(`${name}: package.json names no bin ${bin ?? name}`);
  const entry = path.join(programDir, target);
  if (!statSync(entry).isFile()) throw new Error(`${name}: bin ${target} is not a file`);
  return { programDir, entry };
}

interface Row {
  readonly name: string;
  readonly identical: string;
  readonly fix: string;
  readonly secondFix: string;
  readonly signalBefore: string;
  readonly signalAfter: string;
  readonly note: string;
  readonly failures: readonly string[];
}

const verdict = (signals: Record<string, string>): string =>
  Object.keys(signals).length === 0
    ? '—'
    : Object.entries(signals)
        .map(([sig, problem]) => `${sig}: ${problem || 'graceful'}`)
        .join('; ');

async function runProgram(program: Program, log: (line: string) => void, keep: boolean): Promise<Row> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gs-programs-'));
  const failures: string[] = [];
  try {
    const side = prepare(program, root, log);
    const before: ScenarioResult[] = [];
    for (const scenario of program.scenarios) before.push(await runScenario(side, scenario));
    const first = fix(side.programDir, side.entry);
    const afterFirst = treeHash(side.programDir);
    const second = fix(side.programDir, side.entry);
    const entryStatus = first.files.find((file) => file.path === side.entry);
    const others = first.files.filter((file) => file.path !== side.entry && file.status === 'changed').length;
    const fixText =
      (entryStatus ? `${entryStatus.status}${entryStatus.reason ? `: ${entryStatus.reason}` : ''}` : 'not listed') +
      (others > 0 ? ` (+${others} other files changed)` : '');
    if (first.summary.failed > 0)
      failures.push(
        `fix failed: ${first.files
          .filter((file) => file.status === 'failed')
          .map((file) => `${file.path}: ${file.reason}`)
          .join('; ')}`,
      );
    const secondNoop = second.summary.changed === 0 && treeHash(side.programDir) === afterFirst;
    if (!secondNoop) failures.push('the second fix changed files');
    const after: ScenarioResult[] = [];
    for (const scenario of program.scenarios) after.push(await runScenario(side, scenario));
    const differing: number[] = [];
    before.forEach((result, index) => {
      if (result.normal !== after[index]!.normal) {
        differing.push(index + 1);
        failures.push(
          `scenario ${index + 1} differs:\n--- before\n${result.normal}\n--- after\n${after[index]!.normal}`,
        );
      }
    });
    const rewritten = first.summary.changed > 0;
    const signalsBefore = Object.assign({}, ...before.map((result) => result.signals)) as Record<string, string>;
    const signalsAfter = Object.assign({}, ...after.map((result) => result.signals)) as Record<string, string>;
    if (rewritten) {
      for (const [sig, problem] of Object.entries(signalsAfter))
        if (problem) failures.push(`rewritten but not graceful on ${sig}: ${problem}`);
    }
    return {
      name: program.name,
      identical: differing.length === 0 ? 'yes' : `NO (scenario ${differing.join(', ')})`,
      fix: fixText,
      secondFix: secondNoop ? 'yes' : 'NO',
      signalBefore: verdict(signalsBefore),
      signalAfter: rewritten ? verdict(signalsAfter) : '(not rewritten)',
      note: program.note ?? '',
      failures,
    };
  } finally {
    if (keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, keep: { type: 'boolean' }, cli: { type: 'string' } },
  });
  if (values.cli) cliBin = path.resolve(values.cli);
  const only = values.only?.split(',').map((name) => name.trim());
  const programs = only ? PROGRAMS.filter((program) => only.some((name) => program.name.startsWith(name))) : PROGRAMS;
  if (programs.length === 0) throw new Error(`--only ${values.only}: no such program`);
  if (!existsSync(cliBin)) throw new Error(`${path.relative(repoRoot, cliBin)} is missing: run npm run build first`);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const rows: Row[] = [];
  for (const program of programs) {
    log(`${program.name}…`);
    rows.push(await runProgram(program, log, values.keep === true));
  }
  const header = [
    'program',
    'normal runs identical',
    'fix',
    '2nd fix no-op',
    'signals before fix',
    'signals after fix',
    'why not rewritten',
  ];
  const lines = [header, header.map(() => '---')];
  for (const row of rows)
    lines.push([row.name, row.identical, row.fix, row.secondFix, row.signalBefore, row.signalAfter, row.note]);
  console.log(lines.map((cells) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`).join('\n'));
  const failing = rows.filter((row) => row.failures.length > 0);
  for (const row of failing) console.log(`\n${row.name}:\n${row.failures.map((line) => `  ${line}`).join('\n')}`);
  const rewritten = rows.filter((row) => row.signalAfter !== '(not rewritten)').length;
  console.log(
    `\n${rows.length} programs: ${rows.filter((row) => row.identical === 'yes').length} identical on normal runs, ${rewritten} rewritten, ${failing.length} failing.`,
  );
  if (failing.length > 0) process.exitCode = 1;
}

runMain(main);
