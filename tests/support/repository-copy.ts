/**
 * A copy of the repository as a fresh clone of the working tree would have it: the files git lists
 * (tracked or new, not ignored; so no dist/ and no node_modules), uncommitted edits included.
 * The package tests pack it, the pre-commit test installs its hook from it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's files, relative paths. */
export function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return listed.split('\0').filter((file) => file !== '' && existsSync(path.join(repoRoot, file)));
}

/** Copies the repository's files into `dir`. */
export function copyRepository(dir: string): void {
  for (const file of repositoryFiles()) cpSync(path.join(repoRoot, file), path.join(dir, file));
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Runs git in `dir` with a fixed identity; its stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_IDENTITY } });
}

/** The repository's files as a new git repository in `dir`, all committed; its commit SHA. */
export function cloneWorkingTree(dir: string): string {
  copyRepository(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'working tree');
  return git(dir, 'rev-parse', 'HEAD').trim();
}
