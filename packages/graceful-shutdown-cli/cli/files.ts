/**
 * Which files a command looks at. Paths named on the command line must exist (else a usage
 * error naming them). Folders are walked: inside a git repository with git's own listing (so
 * `.gitignore` is honoured exactly), elsewhere with a glob; node_modules and build output are
 * always skipped. Files reached twice (a symlink and its target) are looked at once. Besides JS/TS
 * sources by extension, extensionless scripts count when their `#!` line runs a JavaScript runtime
 * or package.json `bin` names them (see `extensionless.ts`).
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from './errors.js';
import { classifyExtensionless, isExtensionless } from './extensionless.js';
import { gitListFiles, gitRoot } from './git.js';
import { skipReasonFor } from './source.js';

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;
export const TS_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'] as const;

/** Folders never walked into: dependencies and build output. */
export const SKIPPED_FOLDERS = ['node_modules', 'dist', 'build', 'coverage'] as const;

export const isTypeScriptFile = (file: string): boolean =>
  (TS_EXTENSIONS as readonly string[]).includes(path.extname(file));

/** `types.d.ts`, `x.d.mts`, `x.d.cts`: type declarations, no code. */
export const isDeclarationFile = (file: string): boolean => /\.d\.[cm]?ts$/.test(path.basename(file));

/** A JS/TS source by its name; declaration files (`.d.ts`) hold no code to check or rewrite. */
export function isSourceFile(file: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(path.extname(file)) && !isDeclarationFile(file);
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface CollectedFiles {
  /** Absolute paths, sorted, one per real file. */
  readonly files: readonly string[];
  /** Named or found, but not looked at. */
  readonly skipped: readonly SkippedFile[];
  /** Whether any folder was walked outside a git repository (so `.gitignore` was not consulted). */
  readonly walkedOutsideGit: boolean;
}

const inSkippedFolder = (relative: string): boolean =>
  relative
    .split(/[\\/]/)
    .slice(0, -1)
    .some((segment) => (SKIPPED_FOLDERS as readonly string[]).includes(segment));

/** A file a walk keeps: a source by its name, or an extensionless script by its first bytes. */
const isWalkedSource = (file: string): boolean =>
  isSourceFile(file) || (isExtensionless(file) && classifyExtensionless(file).kind === 'script');

async function walk(dir: string): Promise<{ files: string[]; git: boolean }> {
  if (gitRoot(dir) !== undefined) {
    const files = gitListFiles(dir).filter(
      (file) => !inSkippedFolder(path.relative(dir, file)) && isWalkedSource(file),
    );
    return { files, git: true };
  }
  const files = await glob(
    // Every file: extensionless scripts have no pattern of their own.
    ['**/*'],
    {
      cwd: dir,
      absolute: true,
      onlyFiles: true,
      // Symlinks are followed only when named: a walk must not wander out of the tree or loop.
      followSymbolicLinks: false,
      ignore: [...SKIPPED_FOLDERS.map((folder) => `**/${folder}/**`), '**/.git/**'],
      expandDirectories: false,
    },
  );
  return { files: files.map((file) => path.resolve(file)).filter(isWalkedSource), git: false };
}

function realKey(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file; // loops and dangling links are reported when read
  }
}

/** Resolves the command line's paths (default: the current folder) to the files to look at. */
export async function collectFiles(paths: readonly string[], cwd: string): Promise<CollectedFiles> {
  const inputs = paths.length > 0 ? paths : ['.'];
  const missing = inputs.filter((input) => {
    try {
      lstatSync(path.resolve(cwd, input));
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR';
    }
  });
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.length === 1 ? 'path does not exist' : 'paths do not exist'}: ${missing.join(', ')}`,
    );
  }

  const found: string[] = [];
  const skipped: SkippedFile[] = [];
  let walkedOutsideGit = false;
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      skipped.push({
        file: absolute,
        reason: skipReasonFor(error) ?? `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      continue;
    }
    if (!isDirectory) {
      if (isSourceFile(absolute)) found.push(absolute);
      else if (isDeclarationFile(absolute))
        skipped.push({ file: absolute, reason: 'a TypeScript declaration file (types only, no code)' });
      else if (!isExtensionless(absolute))
        skipped.push({ file: absolute, reason: 'not a JavaScript or TypeScript file' });
      else {
        const verdict = classifyExtensionless(absolute);
        if (verdict.kind === 'script') found.push(absolute);
        else skipped.push({ file: absolute, reason: verdict.reason });
      }
      continue;
    }
    const walked = await walk(absolute);
    if (!walked.git) walkedOutsideGit = true;
    found.push(...walked.files);
  }

  // One name per real file: the first in sorted order, but a name with a source extension before an
  // extensionless link to it (`bin/tool` → `../lib/cli.js` is looked at as lib/cli.js).
  const byKey = new Map<string, string>();
  for (const file of found.sort(comparePaths)) {
    const key = realKey(file);
    const kept = byKey.get(key);
    if (kept === undefined || (isExtensionless(kept) && !isExtensionless(file))) byKey.set(key, file);
  }
  const files = [...byKey.values()].sort(comparePaths);
  return { files, skipped, walkedOutsideGit };
}

/** Sorted path order, the order the codemod contract relies on (the first changed file hosts the helper). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How a path is shown to the user: relative to the current folder when that is shorter. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  if (relative === '') return '.';
  return relative.startsWith(`..${path.sep}..${path.sep}`) || path.isAbsolute(relative) ? file : relative;
}
