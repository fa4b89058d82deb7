// Test harness for the runtime helper: materialises the ESM and CommonJS variants of the helper
// (generated from the template, so the tests always run the current source) and the fixture
// programs into a temp dir, spawns them as real processes, and waits for their output.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { generateHelperVariant } from '../../packages/graceful-shutdown-cli/codemods/helper/variants.js';

export type Variant = 'esm' | 'cjs';
export const variants: Variant[] = ['esm', 'cjs'];

export const root = new URL('../../', import.meta.url);
const IMPORT_LINE = /^import \{ ([^}]+) \} from '\.\/graceful-shutdown\.mjs';$/m;
let dir = '';
const children = new Set<ChildProcess>();

export interface WorkdirOptions {
  /** Folder of the fixture programs (default `tests/runtime/programs/`). */
  programs?: URL;
  /**
   * Parent of the temp dir (default the OS temp dir). Programs that import real libraries need one
   * inside the repository (`node_modules/.cache/`), so Node resolves them from its `node_modules`.
   */
  parent?: string;
}

/** Call once at the top of a test file: creates the temp dir and kills leftovers after each test. */
export function useWorkdir({
  programs = new URL('tests/runtime/programs/', root),
  parent = tmpdir(),
}: WorkdirOptions = {}): void {
  beforeAll(async () => {
    await mkdir(parent, { recursive: true });
    dir = await mkdtemp(join(parent, 'graceful-shutdown-runtime-'));
    const template = await readFile(
      new URL('packages/graceful-shutdown-cli/codemods/helper/graceful-shutdown.ts', root),
      'utf8',
    );
    const { version } = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string };
    await writeFile(join(dir, 'graceful-shutdown.mjs'), generateHelperVariant('esm', template, version));
    await writeFile(join(dir, 'graceful-shutdown.cjs'), generateHelperVariant('cjs', template, version));
    for (const name of await readdir(programs)) {
      if (!name.endsWith('.mjs')) continue;
      const text = await readFile(new URL(name, programs), 'utf8');
      if (!IMPORT_LINE.test(text)) throw new Error(`${name}: no helper import line`);
      const cjs = text.replace(
        IMPORT_LINE,
        "import { createRequire } from 'node:module';\nconst { $1 } = createRequire(import.meta.url)('./graceful-shutdown.cjs');",
      );
      await writeFile(join(dir, name.replace(/\.mjs$/, '.esm.mjs')), text);
      await writeFile(join(dir, name.replace(/\.mjs$/, '.cjs.mjs')), cjs);
    }
  });
  afterEach(() => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.spawnargs[0] === 'bash' ? -(child.pid ?? 0) : (child.pid ?? 0), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    children.clear();
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
}

/** Path of a fixture program for a variant (inside the temp dir). */
export function programPath(variant: Variant, name: string): string {
  return join(dir, `${name}.${variant}.mjs`);
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  args?: string[];
  options?: Record<string, unknown>; // RunMainOptions, passed as JSON in the OPTIONS env var
  env?: Record<string, string>;
}

/** A spawned process with its output collected as text. */
export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  stdoutBytes = 0;
  readonly exited: Promise<Exit>;
  private readonly waiters = new Set<() => void>();

  constructor(
    command: string,
    args: string[],
    options: SpawnOptions & { binaryStdout?: boolean; stdinPipe?: boolean },
  ) {
    const env = { ...process.env, ...options.env };
    delete env.NODE_OPTIONS;
    this.child = spawn(command, args, {
      ...options,
      env,
      stdio: [options.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    children.add(this.child);
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.stdoutBytes += chunk.length;
      if (!options.binaryStdout) this.stdout += chunk.toString('utf8');
      this.notify();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.notify();
        resolve({ code, signal });
      });
    });
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  get done(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves once `stream` matches `pattern`; rejects (with the output so far) on timeout or exit. */
  waitFor(stream: 'stdout' | 'stderr', pattern: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const matches = () => (typeof pattern === 'string' ? this[stream].includes(pattern) : pattern.test(this[stream]));
    return new Promise((resolve, reject) => {
      const check = () => {
        if (matches()) finish();
        else if (this.done && this.child.stdout?.readableEnded && this.child.stderr?.readableEnded) {
          finish(new Error(`process ended before ${stream} matched ${String(pattern)}\n${this.describe()}`));
        }
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${String(pattern)} on ${stream}\n${this.describe()}`)),
        timeoutMs,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.waiters.add(check);
      void this.exited.then(check);
      check();
    });
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Waits for exit, failing (with the output) if it takes longer than `timeoutMs`. */
  async exit(timeoutMs = 30_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`process did not exit within ${timeoutMs} ms\n${this.describe()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  describe(): string {
    const out = this.stdout.length > 4000 ? `${this.stdout.slice(0, 4000)}…` : this.stdout;
    return `--- stdout ---\n${out}\n--- stderr ---\n${this.stderr}`;
  }
}

/** Starts a fixture program with the given variant of the helper. */
export function start(
  variant: Variant,
  name: string,
  { args = [], options, env = {} }: StartOptions = {},
  spawnOptions: { binaryStdout?: boolean; stdinPipe?: boolean } = {},
): Proc {
  const fullEnv = { ...env, ...(options ? { OPTIONS: JSON.stringify(options) } : {}) };
  return new Proc(process.execPath, [programPath(variant, name), ...args], { cwd: dir, env: fullEnv, ...spawnOptions });
}

/** Starts `bash -c script` as the leader of a new process group, as a terminal runs a job. */
export function startShell(script: string): Proc {
  return new Proc('bash', ['-c', script], { cwd: dir, detached: true });
}

/** Lines of stderr (without the trailing empty one). */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const SHUTDOWN_LINE = (sig: string): string =>
  `${sig} received: shutting down (${sig === 'SIGINT' ? 'Ctrl+C' : 'send it'} again to force)`;
