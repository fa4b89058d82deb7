// graceful-main outputs run as real processes under SIGINT/SIGTERM: work in flight drains, naive
// handlers' cleanup runs (as closers, after the drain, only on the handler's signals), servers
// finish in-flight requests, and the process ends by the signal (a shell sees 130/143). Run with no
// signal, an output prints exactly what its input prints. TypeScript outputs run through tsx's
// loader (Node 20 cannot run .ts). POSIX signals: skipped on Windows.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureHelper, gracefulMain } from '../../packages/graceful-shutdown-cli/codemods/graceful-main.js';
import { type FixtureCase, isTypeScript, loadCases, repoRoot } from './graceful-main-fixtures.js';

const cases = new Map(loadCases().map((fixture) => [fixture.name, fixture]));
let temp = '';
const running = new Set<ChildProcess>();

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

class Run {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly waiters = new Set<() => void>();

  constructor(file: string) {
    const args = isTypeScript(path.extname(file)) ? ['--import', 'tsx', file] : [file];
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    delete env.NODE_OPTIONS;
    this.child = spawn(process.execPath, args, { cwd: path.dirname(file), env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this.child);
    this.child.stdout!.on('data', (chunk: Buffer) => this.append('stdout', chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.append('stderr', chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.waiters.forEach((waiter) => waiter()));
  }

  private append(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString('utf8');
    this.waiters.forEach((waiter) => waiter());
  }

  /** Resolves with the match once stdout matches; fails with the output so far on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(this.stdout);
        if (match) return finish(undefined, match);
        if (this.child.exitCode !== null || this.child.signalCode !== null)
          finish(new Error(`exited before ${String(pattern)}\n${this.describe()}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${String(pattern)}\n${this.describe()}`)),
        timeoutMs,
      );
      const finish = (error?: Error, match?: RegExpExecArray): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve(match!);
      };
      this.waiters.add(check);
      check();
    });
  }

  async exit(timeoutMs = 30_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }
}

/** Copies a case to the temp dir with its helper written as the codemod would, and starts one of its files. */
function start(fixture: FixtureCase, which: 'output' | 'input' = 'output'): Run {
  const dir = path.join(temp, fixture.name);
  const file = path.join(dir, `${which}${fixture.ext}`);
  return new Run(file);
}

function request(port: number, urlPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a process of that id still runs (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Node sets `import.meta.main` from 22.18 and 24.2; before, it is undefined (`npm run test:node-matrix` runs both). */
const hasImportMetaMain = ((): boolean => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 2) || (major === 22 && minor >= 18);
})();

describe.skipIf(process.platform === 'win32')('graceful-main outputs as real processes', () => {
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'graceful-main-run-'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(temp, 'node_modules'), 'dir');
    for (const fixture of cases.values()) {
      if (fixture.output === undefined) continue;
      const dir = path.join(temp, fixture.name);
      cpSync(fixture.dir, dir, { recursive: true });
      const { helper } = gracefulMain(fixture.inputPath, fixture.input);
      ensureHelper({ path: path.join(dir, path.basename(helper!.path)), variant: helper!.variant });
    }
  });

  afterEach(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    running.clear();
  });

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  // Each one's naive signal handler became a closer: with no signal it must stay silent, as before.
  it.each([
    'ts-design-example',
    'ts-imported-main',
    'ts-cli-run',
    'esm-naive-handler',
    'cjs-commander',
    'ts-named-handler',
  ])('%s, no signal: the output prints exactly what the input prints, with the same exit', async (name) => {
    const observe = async (run: Run) => ({ exit: await run.exit(), stdout: run.stdout, stderr: run.stderr });
    const inputRun = start(cases.get(name)!, 'input');
    const [input, output] = await Promise.all([observe(inputRun), observe(start(cases.get(name)!))]);
    expect(input.exit, inputRun.describe()).toEqual({ code: 0, signal: null });
    expect(output).toEqual(input);
  });

  it.each([
    ['ts-design-example', 'SIGINT', /fetching/, 'fetching\nsaved 2\n', 'bye\n'],
    ['ts-design-example', 'SIGTERM', /fetching/, 'fetching\nsaved 2\n', ''],
    ['ts-imported-main', 'SIGINT', /started/, 'started\nargs: \ninterrupted\n', ''],
    ['ts-imported-main', 'SIGTERM', /started/, 'started\nargs: \n', ''],
  ] as const)(
    "%s, %s: the work finishes, the SIGINT handler's cleanup runs only on SIGINT; ends by the signal",
    async (name, sig, ready, stdout, stderr) => {
      const run = start(cases.get(name)!);
      await run.waitFor(ready);
      run.child.kill(sig);
      expect(await run.exit(), run.describe()).toEqual({ code: null, signal: sig });
      expect(run.stdout).toBe(stdout);
      expect(run.stderr).toBe(
        `${sig} received: shutting down (${sig === 'SIGINT' ? 'Ctrl+C' : 'send it'} again to force)\n${stderr}`,
      );
    },
  );

  it('TS CLI (tsx), SIGINT: the batch finishes, then the naive handler runs as a closer; ends by SIGINT', async () => {
    const run = start(cases.get('ts-cli-run')!);
    await run.waitFor(/started/);
    await sleep(200);
    run.child.kill('SIGINT');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGINT' });
    expect(run.stderr).toContain('SIGINT received: shutting down');
    expect(run.stdout).toMatch(/processed 8\n[^]*cleanup: flushing log/);
  });

  it('TS server (tsx), SIGTERM: an in-flight request completes, then the server closes and cleanup runs', async () => {
    const run = start(cases.get('ts-server')!);
    const port = Number((await run.waitFor(/listening (\d+)/))[1]);
    const response = request(port, '/slow?ms=800');
    await sleep(250);
    run.child.kill('SIGTERM');
    expect(await response).toBe('done /slow?ms=800\n');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.stdout).toContain('cleanup: server');
  });

  it('ESM naive handler, SIGINT: main drains before the handler body closes the db', async () => {
    const run = start(cases.get('esm-naive-handler')!);
    await run.waitFor(/started/);
    run.child.kill('SIGINT');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGINT' });
    expect(run.stdout).toMatch(/work finished\n[^]*cleanup: db closed/);
  });

  it('… where the input exited at once with status 0, cutting the work short', async () => {
    const run = start(cases.get('esm-naive-handler')!, 'input');
    await run.waitFor(/started/);
    run.child.kill('SIGINT');
    const exit = await run.exit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.stdout).not.toContain('work finished');
  });

  it('ESM top-level-await worker, SIGTERM: the loop finishes and tracked saves drain', async () => {
    const run = start(cases.get('esm-tla-worker')!);
    await run.waitFor(/started/);
    run.child.kill('SIGTERM');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.stdout).toContain('all batches queued');
    expect(run.stdout).toContain('saved batch 3');
  });

  it('CJS server, SIGTERM: in-flight request served, no new connections, cleanup, ends by SIGTERM', async () => {
    const run = start(cases.get('cjs-server')!);
    const port = Number((await run.waitFor(/listening (\d+)/))[1]);
    const response = request(port, '/slow?ms=600');
    await sleep(250);
    run.child.kill('SIGTERM');
    expect(await response).toBe('done /slow?ms=600\n');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.stdout).toContain('cleanup: bye');
    await expect(request(port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('TS server with a child process, SIGTERM: the deferred close kills the child and waits for it', async () => {
    const run = start(cases.get('ts-res-child-process')!);
    const [, port, pid] = (await run.waitFor(/listening (\d+) ticker (\d+)/)).map(Number);
    await sleep(300);
    expect(await request(port!, '/')).toMatch(/^ticks: \d+\n$/);
    run.child.kill('SIGTERM');
    const exit = await run.exit();
    try {
      expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGTERM' });
      expect(isAlive(pid!)).toBe(false); // killed and waited for before the program died
    } finally {
      if (isAlive(pid!)) process.kill(pid!, 'SIGKILL');
    }
  });

  it('… where the input died at once and left the child running', async () => {
    const run = start(cases.get('ts-res-child-process')!, 'input');
    const pid = Number((await run.waitFor(/listening \d+ ticker (\d+)/))[1]);
    run.child.kill('SIGTERM');
    expect(await run.exit()).toEqual({ code: null, signal: 'SIGTERM' });
    try {
      await sleep(500); // the orphan keeps ticking into the closed pipe
      expect(isAlive(pid)).toBe(true);
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('CJS interval worker, SIGTERM: stops promptly, the cleanup clears the interval', async () => {
    const run = start(cases.get('cjs-worker')!);
    await run.waitFor(/working/);
    const sent = Date.now();
    run.child.kill('SIGTERM');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(run.stdout).toContain('cleanup: worker stopped after some ticks');
    expect(Date.now() - sent).toBeLessThan(5_000);
  });

  it('CJS commander CLI, SIGINT: the action completes, then the handler body runs', async () => {
    const run = start(cases.get('cjs-commander')!);
    await run.waitFor(/started/);
    run.child.kill('SIGINT');
    const exit = await run.exit();
    expect(exit, run.describe()).toEqual({ code: null, signal: 'SIGINT' });
    expect(run.stdout).toMatch(/report written\n[^]*cleanup: interrupted/);
  });

  it(
    hasImportMetaMain
      ? `TS import.meta.main (tsx, Node ${process.versions.node}), SIGINT: main finishes its work, then ends by SIGINT; the input was cut short`
      : `TS import.meta.main (tsx, Node ${process.versions.node}): the guard is false there, so neither input nor output runs main`,
    async () => {
      const fixture = cases.get('ts-import-meta-main')!;
      if (!hasImportMetaMain) {
        for (const which of ['input', 'output'] as const) {
          const run = start(fixture, which);
          expect(await run.exit(), run.describe()).toEqual({ code: 0, signal: null });
          expect(run.stdout).toBe('');
        }
        return;
      }
      const output = start(fixture);
      await output.waitFor(/started/);
      output.child.kill('SIGINT');
      expect(await output.exit(), output.describe()).toEqual({ code: null, signal: 'SIGINT' });
      expect(output.stdout).toBe('started\ndone\n');
      expect(output.stderr).toContain('SIGINT received: shutting down');

      const input = start(fixture, 'input');
      await input.waitFor(/started/);
      input.child.kill('SIGINT');
      expect(await input.exit()).toEqual({ code: null, signal: 'SIGINT' });
      expect(input.stdout).toBe('started\n');
    },
  );

  it('TS, no signal: the status main returns is the exit status', async () => {
    const run = start(cases.get('ts-then-exit')!);
    expect(await run.exit()).toEqual({ code: 2, signal: null });
  });

  it('ESM top-level-await script, no signal: an early exit becomes an exit code; a normal run ends with 0', async () => {
    const run = start(cases.get('esm-tla-script')!);
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.stdout).toMatch(/^\d+ lines\n$/);
  });
});
