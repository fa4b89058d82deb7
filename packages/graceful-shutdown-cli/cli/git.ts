/**
 * The little of git the CLI needs: which repository a folder is in, which files git would list
 * (tracked plus untracked-but-not-ignored, so `.gitignore` is honoured exactly as git does, nested
 * ignore files and global excludes included), and which files have uncommitted changes.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Pathspecs are file names, never globs: a file called `[id].ts` must match itself only.
const GIT_ENV = { ...process.env, GIT_LITERAL_PATHSPECS: '1', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };

function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

const rootCache = new Map<string, string | null>();

/** The work tree root containing `dir`, or undefined outside a repository (or without git). */
export function gitRoot(dir: string): string | undefined {
  const cached = rootCache.get(dir);
  if (cached !== undefined) return cached ?? undefined;
  let root: string | null;
  try {
    root = path.resolve(git(dir, ['rev-parse', '--show-toplevel']).trim());
  } catch {
    root = null;
  }
  rootCache.set(dir, root);
  return root ?? undefined;
}

/** Files under `dir` that git tracks or would track (not ignored), as absolute paths. */
export function gitListFiles(dir: string): string[] {
  const out = git(dir, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  return [...new Set(out.split('\0').filter(Boolean))].map((relative) => path.resolve(dir, relative));
}

export type UncommittedKind = 'modified' | 'staged' | 'untracked' | 'ignored' | 'conflicted';

export interface UncommittedFile {
  readonly file: string;
  readonly kind: UncommittedKind;
}

function kindOf(code: string): UncommittedKind {
  if (code === '??') return 'untracked';
  if (code === '!!') return 'ignored';
  if (code.includes('U') || code === 'AA' || code === 'DD') return 'conflicted';
  return code[1] !== ' ' ? 'modified' : 'staged';
}

/**
 * The files among `files` (absolute, all inside `root`) whose content git could not give back:
 * modified, staged, untracked, ignored or conflicted. Overwriting any of them loses work.
 */
export function uncommittedFiles(root: string, files: readonly string[]): UncommittedFile[] {
  const found: UncommittedFile[] = [];
  const chunkSize = 200; // keeps the command line well below every platform's limit
  for (let start = 0; start < files.length; start += chunkSize) {
    const chunk = files.slice(start, start + chunkSize);
    const out = git(root, [
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--ignored=matching',
      '--',
      ...chunk.map((file) => path.relative(root, file)),
    ]);
    // Entries name files, or folders (`!! dist/`) when a whole ignored folder matched.
    const entries = new Map<string, UncommittedKind>();
    const fields = out.split('\0');
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (field.length < 4) continue;
      const code = field.slice(0, 2);
      entries.set(path.resolve(root, field.slice(3)) + (field.endsWith('/') ? path.sep : ''), kindOf(code));
      if (code[0] === 'R' || code[0] === 'C') i++; // a rename is followed by its source path
    }
    for (const file of chunk) {
      const exact = entries.get(file);
      if (exact !== undefined) {
        found.push({ file, kind: exact });
        continue;
      }
      for (const [entry, kind] of entries) {
        if (entry.endsWith(path.sep) && file.startsWith(entry)) {
          found.push({ file, kind });
          break;
        }
      }
    }
  }
  return found;
}
