/**
 * Helpers for the CLI tests: they spawn the built CLI (`node dist/cli/main.js`), as users run it.
 * `ensureBuilt()` builds once when dist/ is missing or older than the sources; test files run in
 * parallel, so a lock folder makes the others wait for the one that builds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { STACK_LINE } from '../../packages/graceful-shutdown-cli/cli/probe/stack-traces.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pluginDir = path.join(repoRoot, 'packages', 'eslint-plugin-graceful-shutdown');
const cliPackageDir = path.join(repoRoot, 'packages', 'graceful-shutdown-cli');
export const cliPath = path.join(cliPackageDir, 'dist', 'cli', 'main.js');

/** The sources both packages build from; the CLI package builds last, so its main.js is the newest output. */
const SOURCE_DIRS = [
  path.join(cliPackageDir, 'cli'),
  path.join(cliPackageDir, 'codemods'),
  path.join(pluginDir, 'detection'),
  path.join(pluginDir, 'rules'),
];

function newestSourceMtime(): number {
  let newest = statSync(path.join(pluginDir, 'index.ts')).mtimeMs;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(dir);
  return newest;
}

const isFresh = (): boolean => {
  try {
    return statSync(cliPath).mtimeMs >= newestSourceMtime();
  } catch {
    return false;
  }
};

/** Builds both packages' dist/ (`npm run build`) unless they are up to date. */
export function ensureBuilt(): void {
  if (isFresh()) return;
  const lock = path.join(
    os.tmpdir(),
    `graceful-shutdown-cli-build-${Buffer.from(repoRoot).toString('hex').slice(-24)}.lock`,
  );
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than the deadline is stale.
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      if (isFresh()) return;
    }
  }
  try {
    if (isFresh()) return;
    // Other engineers' files may not type-check mid-edit; tsc still emits, which is all we need.
    spawnSync('npm', ['run', '--silent', 'build'], {
      cwd: repoRoot,
      stdio: 'ignore',
      shell: process.platform === 'win32',
    });
    if (!statSync(cliPath, { throwIfNoEntry: false })) throw new Error(`npm run build did not produce ${cliPath}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.GRACEFUL_SHUTDOWN_DEBUG;
  Object.assign(env, { NO_COLOR: '1' }, options.env);
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** A stack trace line, which must never reach the user (the probe's own definition). */
export { STACK_LINE };

/** `fix --format json` in `cwd`: its parsed report (shaped as the test declares it), status and stderr, which never holds a stack trace. */
export function runFixJson<Report>(
  cwd: string,
  ...args: string[]
): { json: Report; status: number | null; stderr: string } {
  const result = runCli(['fix', '--format', 'json', ...args], { cwd });
  expect(result.stderr).not.toMatch(STACK_LINE);
  return { json: JSON.parse(result.stdout) as Report, status: result.status, stderr: result.stderr };
}

export const readText = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');

/** Every file's bytes below `dir` (not following links, skipping .git), to prove that nothing was written. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (sub: string): void => {
    for (const item of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, item.name);
      if (item.name === '.git') continue;
      if (item.isDirectory()) visit(relative);
      else if (item.isFile()) files.set(relative, readFileSync(path.join(dir, relative)).toString('base64'));
    }
  };
  visit('');
  return files;
}

export type Tree = Record<string, string | Buffer>;

const tempDirs: string[] = [];

/** Writes `files` into a new temp folder (real path, so macOS's /var → /private/var does not matter). */
export function makeProject(files: Tree): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gs-cli-')));
  tempDirs.push(dir);
  writeTree(dir, files);
  return dir;
}

export function writeTree(dir: string, files: Tree): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

export function removeProjects(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function link(dir: string, from: string, to: string): void {
  symlinkSync(to, path.join(dir, from));
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

/** Makes `dir` a git repository with everything committed. */
export function gitCommitAll(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'initial');
}

/** A small ESM package: an entrypoint `graceful-main` will rewrite, and a library module it will not. */
export const ENTRYPOINT = `#!/usr/bin/env node
import { setTimeout as sleep } from 'node:timers/promises';

async function main() {
  await sleep(10);
  console.log('done');
}

main().catch(() => process.exit(1));
`;

export const LIBRARY = `export function add(a, b) {
  return a + b;
}
`;

export const PACKAGE_JSON = JSON.stringify(
  { name: 'fixture', private: true, type: 'module', bin: { fixture: './bin/cli.js' } },
  null,
  2,
);

/** A port the OS just handed out and took back: in the ephemeral range, and nothing listens on it now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
