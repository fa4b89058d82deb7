// End to end: `graceful-main` then `thread-signal` on a CLI whose work is a 60 s pause
// and a request to a local server that never answers, with a 30 s shutdown deadline. After
// SIGINT, the threaded program exits in under 5 s; the program without thread-signal reaches the
// deadline instead. Real processes, real signals (sent to the process group, as a terminal does):
// POSIX only.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHelper, gracefulMain } from '../../packages/graceful-shutdown-cli/codemods/graceful-main.js';
import { threadSignal } from '../../packages/graceful-shutdown-cli/codemods/thread-signal.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(repo, 'fixtures/thread-signal/cli');
const tsx = path.join(repo, 'node_modules/.bin/tsx');
const DEADLINE_MS = 30_000;

/** A copy of the fixture, rewritten by graceful-main, with the 30 s deadline a user would set. */
function gracefulCopy(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `thread-signal-e2e-${name}-`));
  cpSync(fixture, dir, { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const entry = path.join(dir, 'bin/cli.ts');
  const rewritten = gracefulMain(entry, readFileSync(entry, 'utf8'));
  expect(rewritten.status).toBe('changed');
  ensureHelper(rewritten.helper!);
  const calls = rewritten.output.match(/runMain\(main\);/g) ?? [];
  expect(calls).toHaveLength(1);
  writeFileSync(entry, rewritten.output.replace('runMain(main);', `runMain(main, { timeoutMs: ${DEADLINE_MS} });`));
  return dir;
}

interface Run {
  readonly child: ChildProcess;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function start(dir: string, url: string): Run {
  // detached: its own process group, so the SIGINT reaches tsx and the program as Ctrl+C would.
  const child = spawn(tsx, ['bin/cli.ts', url], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = {
    child,
    stderr: '',
    exited: new Promise((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, at: performance.now() })),
    ),
  };
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
  child.stdout.resume();
  return run;
}

describe.skipIf(process.platform === 'win32')('thread-signal end to end', () => {
  let server: Server;
  let base = '';
  const arrived = new Map<string, () => void>();
  const dirs: string[] = [];
  const children: ChildProcess[] = [];

  const expectRequest = (run: string): Promise<void> => new Promise<void>((resolve) => arrived.set(run, resolve));

  beforeAll(async () => {
    // Slow to answer: it never does. Only an aborted request ends early.
    server = createServer((request: IncomingMessage) => {
      const run = new URL(request.url ?? '/', 'http://x').searchParams.get('run') ?? '';
      arrived.get(run)?.();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'after SIGINT, exits in under 5 s with thread-signal; without it, the deadline message appears',
    { timeout: 120_000 },
    async () => {
      const plain = gracefulCopy('plain');
      const threaded = gracefulCopy('threaded');
      dirs.push(plain, threaded);

      const result = threadSignal({ tsconfigPath: path.join(threaded, 'tsconfig.json') });
      expect(result.reverted).toEqual([]);
      expect(result.diagnostics).toEqual({ before: 0, after: 0 });
      const changed = result.files
        .filter((file) => file.status === 'changed')
        .map((file) => path.relative(threaded, file.file))
        .sort();
      expect(changed).toEqual(['bin/cli.ts', 'lib/download.ts', 'lib/sync.ts']);
      const cli = readFileSync(path.join(threaded, 'bin/cli.ts'), 'utf8');
      expect(cli).toContain('async function main({ signal }: MainContext): Promise<void> {');
      expect(cli).toContain('await syncAll(url, signal);');
      expect(readFileSync(path.join(threaded, 'lib/sync.ts'), 'utf8')).toContain(
        'pause(60_000, signal), download(url, { signal })',
      );
      // Idempotent on disk too.
      expect(threadSignal({ tsconfigPath: path.join(threaded, 'tsconfig.json') }).edits).toEqual([]);

      const plainArrived = expectRequest('plain');
      const threadedArrived = expectRequest('threaded');
      const runs = { plain: start(plain, `${base}?run=plain`), threaded: start(threaded, `${base}?run=threaded`) };
      children.push(runs.plain.child, runs.threaded.child);
      await Promise.all([plainArrived, threadedArrived]);

      const sentAt = performance.now();
      for (const run of Object.values(runs)) process.kill(-run.child.pid!, 'SIGINT');

      const threadedExit = await runs.threaded.exited;
      expect(runs.threaded.stderr).toContain('SIGINT received: shutting down');
      expect(threadedExit.at - sentAt).toBeLessThan(5_000);
      expect(runs.threaded.stderr).not.toContain('deadline');
      expect(threadedExit.signal === 'SIGINT' || threadedExit.code === 130).toBe(true);

      const plainExit = await runs.plain.exited;
      expect(runs.plain.stderr).toContain('SIGINT received: shutting down');
      expect(runs.plain.stderr).toMatch(/shutdown deadline \(30000 ms\) passed; still pending: main/);
      expect(plainExit.at - sentAt).toBeGreaterThan(DEADLINE_MS - 1_000);
    },
  );
});
