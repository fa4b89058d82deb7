// The README's husky-only pre-commit recipe, run as husky runs it (`sh`), in a scratch git
// repository where `npx graceful-shutdown` is the built CLI: it checks the staged files only,
// names with spaces included, and exits with `check`'s own status (1 on a finding, as the README
// says; `xargs` would have turned that into 123).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRYPOINT, LIBRARY, cliPath, ensureBuilt, git, makeProject, removeProjects, repoRoot } from './helpers.js';

/** The first ```sh block after "or husky alone" in the README. */
function huskyRecipe(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('or husky alone'));
  const block = /```sh\n([^]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md: no ```sh block after "or husky alone"');
  return block;
}

const FLOATING = `async function main() { await fetch('https://example.com'); }
main();
`;

/** A git repository whose `npx graceful-shutdown` runs the built CLI (as after `npm i -D`). */
function scratchRepository(): string {
  const dir = makeProject({ 'package.json': '{ "name": "scratch", "private": true, "type": "module" }\n' });
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  // What npm links there on install (the built main.js itself is not executable in the repo).
  writeFileSync(
    path.join(dir, 'node_modules/.bin/graceful-shutdown'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} "$@"\n`,
    { mode: 0o755 },
  );
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

function runHook(dir: string): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
  delete env.NODE_OPTIONS;
  const result = spawnSync('sh', ['-c', huskyRecipe()], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(ensureBuilt);
afterAll(removeProjects);

describe.skipIf(process.platform === 'win32')("the README's husky-only recipe", () => {
  it('fails the commit with exit 1 and the finding when a staged file (its name with a space) has one', () => {
    const dir = scratchRepository();
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/my job.js'), FLOATING);
    writeFileSync(path.join(dir, 'src/add.js'), LIBRARY);
    git(dir, 'add', 'src');
    const { status, output } = runHook(dir);
    expect(status, output).toBe(1);
    expect(output).toContain(path.join('src', 'my job.js'));
    expect(output).toContain('graceful-shutdown/no-unmanaged-promises');
  });

  it('passes (exit 0) with only clean files staged, whatever the unstaged ones hold', () => {
    const dir = scratchRepository();
    writeFileSync(path.join(dir, 'add.js'), LIBRARY);
    writeFileSync(path.join(dir, 'cli.js'), ENTRYPOINT); // not staged: not checked
    git(dir, 'add', 'add.js');
    const { status, output } = runHook(dir);
    expect(status, output).toBe(0);
    expect(output).not.toContain('cli.js');
  });

  it('passes (exit 0) without running check when no JS/TS file is staged', () => {
    const dir = scratchRepository();
    writeFileSync(path.join(dir, 'notes.md'), '# notes\n');
    writeFileSync(path.join(dir, 'cli.js'), FLOATING);
    git(dir, 'add', 'notes.md');
    const { status, output } = runHook(dir);
    expect(status, output).toBe(0);
    expect(output).toBe('');
  });
});
