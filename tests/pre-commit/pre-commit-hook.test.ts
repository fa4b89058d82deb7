// The pre-commit hooks with the real tool, as users install them: pre-commit installs a `repo:`
// hook by `npm install` + `npm pack` of the repository and reads the tarball's name from npm's
// stdout, so anything the build prints there breaks every commit. From a git copy of the working
// tree, in a scratch repository:
// - the README's .pre-commit-config.yaml (rev: the copy's commit SHA): a clean staged file
//   passes, a bad one fails the commit with the finding printed;
// - `pre-commit try-repo <copy> graceful-shutdown`, as pre-commit's docs say to try a hook.
// Each install builds the package, so this suite has its own script (`npm run test:pre-commit`,
// run by .ci/run). It skips itself only when pre-commit is not installed and CI is not set.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneWorkingTree, git, repoRoot } from '../support/repository-copy.js';

const installed = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const INSTALL_TIMEOUT = 900_000;

const CLEAN = `export function add(a, b) {
  return a + b;
}
`;
const FLOATING = `async function main() { await fetch('https://example.com'); }
main();
`;

let temp = '';
let plugin = '';
let sha = '';
const running = new Set<ChildProcess>();

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** pre-commit in `cwd` with its store in `home`, colourless; resolves with its status and output. */
function preCommit(cwd: string, home: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRE_COMMIT_HOME: home,
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn('pre-commit', [...args, '--color', 'never'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      running.delete(child);
      resolve({ status, output });
    });
  });
}

/** A scratch git repository holding `files` (nothing staged yet). */
function scratchRepository(name: string, files: Record<string, string>): string {
  const dir = path.join(temp, name);
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The README's pre-commit config, pointed at the copy and pinned to its commit, as the README says to pin. */
function readmeConfig(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('With [pre-commit](https://pre-commit.com)'));
  const yaml = /```yaml\n([^]*?)```/.exec(section)?.[1];
  if (yaml === undefined) throw new Error('README.md: no ```yaml block in the pre-commit section');
  expect(yaml).toMatch(/^\s+rev: [0-9a-f]{40}\b/m); // a full SHA, as a user pins one
  return yaml.replace(/(repo: )\S+/, `$1${plugin}`).replace(/(rev: )\S+/, `$1${sha}`);
}

describe.skipIf(!installed && !process.env.CI)('pre-commit hooks from a copy of this repository', () => {
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'graceful-shutdown-pre-commit-'));
    plugin = path.join(temp, 'plugin');
    sha = cloneWorkingTree(plugin);
  });

  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it.concurrent(
    "the README's config: the hook installs, a clean staged file passes, a bad one fails with the finding",
    async () => {
      const project = scratchRepository('readme-config', { 'clean.js': CLEAN, 'job.js': FLOATING });
      writeFileSync(path.join(project, '.pre-commit-config.yaml'), readmeConfig());
      const home = path.join(temp, 'home');
      git(project, 'add', 'clean.js', '.pre-commit-config.yaml');
      const clean = await preCommit(project, home, ['run']);
      expect(clean.status, clean.output).toBe(0);
      expect(clean.output).toMatch(/graceful-shutdown check\.+Passed/);

      git(project, 'add', 'job.js');
      const bad = await preCommit(project, home, ['run']);
      expect(bad.status, bad.output).toBe(1);
      expect(bad.output).toMatch(/graceful-shutdown check\.+Failed/);
      expect(bad.output).toMatch(/job\.js\n\s+2:1\s+error\s+.*graceful-shutdown\/no-unmanaged-promises/);
      expect(bad.output).not.toContain('clean.js');
    },
    INSTALL_TIMEOUT,
  );

  it.concurrent(
    'try-repo: the hook fails on the staged file with a finding and names only that one',
    async () => {
      const project = scratchRepository('try-repo', { 'clean.js': CLEAN, 'job.js': FLOATING });
      git(project, 'add', 'clean.js', 'job.js');
      const result = await preCommit(project, path.join(temp, 'try-repo-home'), [
        'try-repo',
        plugin,
        'graceful-shutdown',
      ]);
      expect(result.status, result.output).toBe(1);
      expect(result.output).not.toContain('An unexpected error has occurred');
      expect(result.output).toMatch(/graceful-shutdown check\.+Failed/);
      expect(result.output).toMatch(/job\.js\n\s+2:1\s+error\s+.*graceful-shutdown\/no-unmanaged-promises/);
      expect(result.output).not.toContain('clean.js');
    },
    INSTALL_TIMEOUT,
  );
});
