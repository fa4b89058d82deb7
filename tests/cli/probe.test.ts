// `graceful-shutdown probe` against real programs: each fixture is started by the built CLI, gets a
// real signal with a real request in flight, and the verdicts it reports are asserted. POSIX only.
// Margins are wide (slow routes of 1.5 s, deadlines of seconds): the box running this may be loaded.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_LINE, ensureBuilt, freePort, makeProject, removeProjects, repoRoot, runCli } from './helpers.js';

interface Check {
  label: string;
  status: 'ok' | 'fail' | 'info';
  detail: string;
}

interface ProbeJson {
  graceful: boolean;
  pid: number;
  ready: { ok: boolean; port?: number; reason?: string };
  signal?: { name: string; to: string; againAfterMs?: number };
  exit: {
    code: number | null;
    signal: string | null;
    status: number | null;
    afterSignalMs: number | null;
    killedByProbe: boolean;
  };
  requests: Array<{
    url: string;
    outcome: string;
    status?: number;
    bytes: number;
    error?: string;
    afterAgain: boolean;
  }>;
  newConnections?: { refusedAfterMs: number | null; port: number };
  childrenLeft: Array<{ pid: number; command: string }>;
  helperLines: string[];
  handles: Array<{ pid: number; command: string; at: string; resources: string[]; details: string[] }> | null;
  stackTraces: Array<{ stream: string; headline: string; afterSignal: boolean }>;
  stdout: { bytes: number; endsWithNewline: boolean };
  stdin?: { fedBytes: number; totalBytes: number };
  checks: Check[];
}

const SLOW_SERVER = `import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

// GET /slow answers after 1.5 s: long enough to be in flight when the signal comes.
export function listenSlowly() {
  const server = http.createServer(async (request, response) => {
    if (request.url === '/slow') await sleep(1500);
    response.end('done\\n');
  });
  server.listen(Number(process.env.PROBE_TEST_PORT ?? 0), '127.0.0.1', () => console.log(\`listening on http://127.0.0.1:\${server.address().port}\`));
  return server;
}
`;

const PROGRAMS = {
  'slow-server.mjs': SLOW_SERVER,
  // The fixed server: stops accepting on the signal, finishes the request, dies of the signal.
  'graceful.mjs': `import { closeServer, runMain } from './graceful-shutdown.mjs';
import { listenSlowly } from './slow-server.mjs';

runMain(async ({ shutdown }) => {
  const server = listenSlowly();
  await shutdown;
  await closeServer(server);
});
`,
  // The classic mistake: exit at once, whatever is in flight.
  'abrupt.mjs': `import { listenSlowly } from './slow-server.mjs';

listenSlowly();
process.on('SIGTERM', () => process.exit(0));
`,
  // No signal listener at all: SIGTERM kills it outright.
  'plain.mjs': `import { listenSlowly } from './slow-server.mjs';

listenSlowly();
`,
  // Closes its server on SIGTERM but never clears its interval: the process never exits.
  'hang.mjs': `import { listenSlowly } from './slow-server.mjs';

const server = listenSlowly();
setInterval(() => {}, 1000);
process.on('SIGTERM', () => server.close());
`,
  // A CLI that starts a worker process and exits on SIGTERM without stopping it.
  'cli-child.mjs': `import { spawn } from 'node:child_process';

spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
setInterval(() => {}, 1000);
process.on('SIGTERM', () => process.exit(0));
console.log('started');
`,
  // Under runMain with work that never finishes: the helper's deadline names it.
  'stuck-upload.mjs': `import { runMain } from './graceful-shutdown.mjs';

runMain(
  async ({ track }) => {
    track(new Promise(() => setInterval(() => {}, 1000)), 'upload');
    console.log('uploading');
  },
  { timeoutMs: Number(process.argv[2]) },
);
`,
  // On SIGTERM: prints an error with its stack, writes a lot and exits before it is flushed.
  'sloppy.mjs': `setInterval(() => {}, 1000);
process.on('SIGTERM', () => {
  console.error(new Error('cleanup failed'));
  process.stdout.write('x'.repeat(4_000_000) + '\\n');
  process.exit(0);
});
console.log('ready');
`,
  // Counts what arrives on stdin; exits on SIGTERM.
  'reader.mjs': `let bytes = 0;
process.stdin.on('data', (chunk) => (bytes += chunk.length));
process.on('SIGTERM', () => {
  console.log(\`read \${bytes} bytes\`);
  process.exit(0);
});
console.log('reading');
`,
  'input.txt': Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join(''),
};

const READY_LINE = ['--ready-line', 'listening on http://127\\.0\\.0\\.1:(\\d+)'];
const SLOW_REQUEST = ['--request', 'http://127.0.0.1:{port}/slow'];

let cwd: string;

beforeAll(() => {
  ensureBuilt();
  const helper = readFileSync(
    path.join(repoRoot, 'packages', 'graceful-shutdown-cli', 'dist', 'helper', 'graceful-shutdown.esm.js'),
    'utf8',
  );
  cwd = makeProject({ ...PROGRAMS, 'graceful-shutdown.mjs': helper });
});
afterAll(removeProjects);

function probeJson(
  args: readonly string[],
  command: readonly string[],
  env: Record<string, string> = {},
): { json: ProbeJson; status: number | null } {
  const result = runCli(['probe', '--format', 'json', ...args, '--', process.execPath, ...command], { cwd, env });
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stdout, result.stderr).toMatch(/^\{/);
  return { json: JSON.parse(result.stdout) as ProbeJson, status: result.status };
}

const check = (json: ProbeJson, label: string): Check => {
  const found = json.checks.find((entry) => entry.label === label);
  if (found === undefined) throw new Error(`no "${label}" row in ${JSON.stringify(json.checks)}`);
  return found;
};

/** Alive and not a zombie (a killed orphan waits a moment for init to reap it). */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe.skipIf(process.platform === 'win32')('graceful-shutdown probe', () => {
  it('a graceful server under runMain: the request completes, new connections are refused, it dies of SIGTERM', () => {
    const { json, status } = probeJson([...READY_LINE, ...SLOW_REQUEST], ['graceful.mjs']);
    expect(status).toBe(0);
    expect(json.graceful).toBe(true);
    expect(json.ready.ok).toBe(true);
    expect(json.signal).toEqual({ name: 'SIGTERM', to: 'process' });
    expect(json.exit).toMatchObject({ code: null, signal: 'SIGTERM', status: 143, killedByProbe: false });
    expect(json.requests).toEqual([
      expect.objectContaining({
        url: `http://127.0.0.1:${json.ready.port}/slow`,
        outcome: 'completed',
        status: 200,
        bytes: 5,
      }),
    ]);
    expect(json.newConnections?.refusedAfterMs).toBeLessThan(1000);
    expect(json.childrenLeft).toEqual([]);
    expect(json.helperLines).toEqual(['SIGTERM received: shutting down (send it again to force)']);
    expect(check(json, 'pending (runMain)').status).toBe('ok');
    expect(json.checks.filter((row) => row.status === 'fail')).toEqual([]);
  });

  it('--ready-port: ready once the port accepts, and {port} is that port', async () => {
    const port = await freePort();
    const { json, status } = probeJson(['--ready-port', String(port), ...SLOW_REQUEST], ['graceful.mjs'], {
      PROBE_TEST_PORT: String(port),
    });
    expect(status, JSON.stringify(json.checks)).toBe(0);
    expect(json.ready).toMatchObject({ ok: true, port });
    expect(json.requests).toEqual([
      expect.objectContaining({ url: `http://127.0.0.1:${port}/slow`, outcome: 'completed', status: 200 }),
    ]);
    expect(json.newConnections).toMatchObject({ port });
  });

  it('prints the verdict as a table', () => {
    const result = runCli(['probe', ...READY_LINE, ...SLOW_REQUEST, '--', process.execPath, 'graceful.mjs'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^probe: .*graceful\.mjs \(pid \d+\)$/m);
    expect(result.stdout).toMatch(/^ {2}✔ +exit +\d+ ms after SIGTERM: died of SIGTERM \(143\)$/m);
    expect(result.stdout).toMatch(
      /^ {2}✔ +request +GET http:\/\/127\.0\.0\.1:\d+\/slow: completed 200, 5 bytes, \d+ ms after SIGTERM$/m,
    );
    expect(result.stdout).toMatch(/^ {2}✔ +new connections +refused \d+ ms after SIGTERM \(port \d+\)$/m);
    expect(result.stdout).toMatch(/^✔ graceful: shut down in \d+ ms \(deadline 10000 ms\)$/m);
  });

  it('a server that exits on SIGTERM at once: the in-flight request is cut, and the preload saw what was open', () => {
    const { json, status } = probeJson([...READY_LINE, ...SLOW_REQUEST], ['abrupt.mjs']);
    expect(status).toBe(1);
    expect(json.graceful).toBe(false);
    expect(json.exit).toMatchObject({ code: 0, signal: null, killedByProbe: false });
    expect(json.requests).toEqual([expect.objectContaining({ outcome: 'cut', error: 'ECONNRESET', bytes: 0 })]);
    expect(check(json, 'request').status).toBe('fail');
    // Exit 0 itself is fine: the cut request is what makes it not graceful.
    expect(check(json, 'exit').status).toBe('ok');
    const [main] = json.handles ?? [];
    expect(main).toMatchObject({ pid: json.pid, at: 'exit' });
    expect(main!.details).toContain(`server on 127.0.0.1:${json.ready.port}`);
    expect(main!.details.some((detail) => detail.startsWith(`socket 127.0.0.1:${json.ready.port} ↔ 127.0.0.1:`))).toBe(
      true,
    );
  });

  it('the preload adds no signal listener: a program without one still dies of SIGTERM at once', () => {
    const { json, status } = probeJson([...READY_LINE, ...SLOW_REQUEST], ['plain.mjs']);
    expect(status).toBe(1);
    expect(json.exit).toMatchObject({ code: null, signal: 'SIGTERM', status: 143, killedByProbe: false });
    expect(json.exit.afterSignalMs).toBeLessThan(1000);
    expect(json.requests).toEqual([expect.objectContaining({ outcome: 'cut' })]);
    // No exit event runs on a signal death: what it held is its last snapshot, not shown as "open at exit".
    expect(json.handles).toEqual([expect.objectContaining({ pid: json.pid, at: 'running' })]);
    expect(json.checks.map((row) => row.label)).not.toContain('open at exit');
  });

  it('--no-preload: the same verdict, without the handles', () => {
    const { json, status } = probeJson([...READY_LINE, ...SLOW_REQUEST, '--no-preload'], ['abrupt.mjs']);
    expect(status).toBe(1);
    expect(json.handles).toBeNull();
    expect(json.requests).toEqual([expect.objectContaining({ outcome: 'cut' })]);
  });

  it('a program that hangs on an open handle: killed at the deadline, and what kept it alive is named', () => {
    const { json, status } = probeJson([...READY_LINE, '--deadline', '2500'], ['hang.mjs']);
    expect(status).toBe(1);
    expect(json.exit).toMatchObject({ signal: 'SIGKILL', killedByProbe: true, afterSignalMs: null });
    expect(check(json, 'exit')).toEqual({
      label: 'exit',
      status: 'fail',
      detail: 'still running 2500 ms after SIGTERM: killed',
    });
    // It did close its server: new connections were refused; the interval is what is left.
    expect(check(json, 'new connections').status).toBe('ok');
    expect(check(json, 'kept alive by').detail).toMatch(/^pid \d+ node .*hang\.mjs: Timeout$/);
    expect(isAlive(json.pid)).toBe(false);
  });

  it('a CLI that leaves its child process running: reported, then killed', () => {
    const { json, status } = probeJson(['--ready-line', '^started$'], ['cli-child.mjs']);
    expect(status).toBe(1);
    expect(json.exit).toMatchObject({ code: 0, killedByProbe: false });
    expect(json.childrenLeft).toEqual([
      { pid: expect.any(Number) as number, command: expect.stringContaining('setInterval') as string },
    ]);
    expect(check(json, 'children left')).toMatchObject({ status: 'fail' });
    const [child] = json.childrenLeft;
    expect(isAlive(child!.pid)).toBe(false);
  });

  it('--group: the signal reaches the child too, and nothing is left', () => {
    const { json, status } = probeJson(['--ready-line', '^started$', '--group'], ['cli-child.mjs']);
    expect(json.signal?.to).toBe('group');
    expect(json.childrenLeft).toEqual([]);
    expect(status).toBe(0);
  });

  it('a program under runMain whose work never ends: the helper deadline line says what was pending', () => {
    const { json, status } = probeJson(['--ready-line', '^uploading$'], ['stuck-upload.mjs', '1000']);
    expect(status).toBe(1);
    // runMain gives up at its own deadline and dies of the signal: within the probe's deadline.
    expect(json.exit).toMatchObject({ signal: 'SIGTERM', killedByProbe: false });
    const pending = check(json, 'pending (runMain)');
    expect(pending.status).toBe('fail');
    expect(pending.detail).toMatch(
      /^shutdown deadline \(1000 ms\) passed; still pending: track "upload" \(\d+\.\ds\); active resources: .*Timeout/,
    );
  });

  it('--again: the second signal forces the exit runMain would otherwise wait for', () => {
    const { json, status } = probeJson(
      ['--ready-line', '^uploading$', '--again', '1000'],
      ['stuck-upload.mjs', '30000'],
    );
    expect(json.signal).toMatchObject({ name: 'SIGTERM', againAfterMs: expect.any(Number) as number });
    expect(json.helperLines).toContain('SIGTERM received again: exiting now');
    expect(json.exit).toMatchObject({ signal: 'SIGTERM', killedByProbe: false });
    expect(json.exit.afterSignalMs).toBeGreaterThanOrEqual(1000);
    expect(check(json, 'pending (runMain)')).toMatchObject({ status: 'info' });
    expect(status).toBe(0);
  });

  it('a stack trace after the signal and stdout cut by process.exit are both reported', () => {
    const { json, status } = probeJson(['--ready-line', '^ready$'], ['sloppy.mjs']);
    expect(status).toBe(1);
    expect(json.stackTraces).toEqual([{ stream: 'stderr', headline: 'Error: cleanup failed', afterSignal: true }]);
    expect(check(json, 'stack traces').status).toBe('fail');
    expect(json.stdout.endsWithNewline).toBe(false);
    expect(json.stdout.bytes).toBeLessThan(4_000_000);
    expect(check(json, 'stdout').status).toBe('fail');
  });

  it('--stdin feeds the file slowly: part of it has arrived when the signal comes', () => {
    const { json, status } = probeJson(
      ['--ready-line', '^reading$', '--stdin', 'input.txt', '--signal-after', '300'],
      ['reader.mjs'],
    );
    expect(status).toBe(0);
    expect(json.stdin?.totalBytes).toBe(PROGRAMS['input.txt'].length);
    expect(json.stdin?.fedBytes).toBeGreaterThan(0);
    expect(json.stdin?.fedBytes).toBeLessThan(PROGRAMS['input.txt'].length);
  });

  it('a program that exits before it is ready: not graceful, nothing signalled', () => {
    const { json, status } = probeJson(['--ready-line', 'never'], ['-e', 'process.exit(3)']);
    expect(status).toBe(1);
    expect(json.ready).toMatchObject({ ok: false, reason: 'it exited with status 3 before it was ready' });
    expect(json.signal).toBeUndefined();
  });

  it('a ready line whose group is not a port, with a request that needs the port: not ready, and nothing is left', () => {
    const { json, status } = probeJson(
      ['--ready-line', '^(started)$', '--request', 'http://127.0.0.1:{port}/'],
      ['cli-child.mjs'],
    );
    expect(status).toBe(1);
    expect(json.ready).toMatchObject({
      ok: false,
      reason: 'the ready line "started" holds no port for http://127.0.0.1:{port}/',
    });
    expect(json.requests).toEqual([]);
    expect(json.exit.killedByProbe).toBe(true);
    expect(isAlive(json.pid)).toBe(false);
  });

  it.each([
    [['--request', 'http://example.com/'], 'only connects to loopback addresses'],
    [['--request', 'https://127.0.0.1/'], 'only http: URLs'],
    [['--request', 'http://127.0.0.1:{port}/'], 'nothing learns the port'],
    [['--ready-port', '3000', '--ready-after', '100'], 'give one of --ready-port, --ready-line and --ready-after'],
    [['--ready-line', '('], '--ready-line: Invalid regular expression'],
    [['--stdin', 'missing.txt'], '--stdin missing.txt: ENOENT'],
    [['--signal', 'SIGKILL'], "argument 'SIGKILL' is invalid"],
    [['--ready-port', '70000'], 'expected a port number'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const result = runCli(['probe', ...args, '--', process.execPath, 'graceful.mjs'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('a command that cannot start is a usage error naming it', () => {
    const result = runCli(['probe', '--', 'no-such-program-here'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('cannot start "no-such-program-here": ENOENT');
  });

  it('--help describes the options and the criteria', () => {
    const result = runCli(['probe', '--help'], { cwd });
    expect(result.status).toBe(0);
    for (const flag of [
      '--ready-port',
      '--ready-line',
      '--ready-after',
      '--request',
      '--stdin',
      '--signal',
      '--again',
      '--deadline',
    ])
      expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain('Graceful means');
  });
});
