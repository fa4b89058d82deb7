/**
 * Project files that decide whether a file is an entrypoint: the nearest package.json (`bin`,
 * `scripts`) and the tsconfig that maps build output back to sources. Lookups are cached per
 * directory and re-read when the file's mtime or size changes (checked at most once per `STAMP_TTL_MS`),
 * so editors see edits without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scriptTargets } from './script-commands.js';
import { readTsconfig } from './tsconfig.js';

export interface PackageInfo {
  readonly dir: string;
  readonly name: string | undefined;
  readonly type: 'module' | 'commonjs';
  /** Absolute paths named by `bin` (string or map). */
  readonly bins: readonly string[];
  /** Absolute paths run by a `scripts` command, with the script's name. */
  readonly scriptTargets: ReadonlyArray<{ readonly script: string; readonly file: string }>;
}

interface Cached<T> {
  /** mtime and size: a rewrite within the clock's resolution still shows as a change in size. */
  readonly stamp: string;
  readonly value: T;
}

const packageCache = new Map<string, Cached<PackageInfo | undefined>>();
const nearestCache = new Map<string, string | null>();
const tsconfigCache = new Map<string, Cached<TsconfigDirs | undefined>>();

/**
 * How long a file's stamp is trusted before it is checked again. A lint run asks for the same
 * package.json and tsconfig.json for every file in the package, and one stat per file showed in
 * profiles (a stat is tens of µs on a VM); an edit in an editor is seen a second later at most.
 */
export const STAMP_TTL_MS = 1000;

const stampCache = new Map<string, { readonly checkedAt: number; readonly stamp: string | undefined }>();

export function fileStamp(file: string): string | undefined {
  const now = Date.now();
  const cached = stampCache.get(file);
  // `now < checkedAt`: the clock went back; check again rather than trust a stamp from the future.
  if (cached !== undefined && now - cached.checkedAt < STAMP_TTL_MS && now >= cached.checkedAt) return cached.stamp;
  let stamp: string | undefined;
  try {
    // No throw-and-catch for the common "no tsconfig.json here" case: it showed in profiles.
    const stat = statSync(file, { throwIfNoEntry: false });
    stamp = stat?.isFile() ? `${stat.mtimeMs}:${stat.size}` : undefined;
  } catch {
    stamp = undefined;
  }
  stampCache.set(file, { checkedAt: now, stamp });
  return stamp;
}

/** The directory of the nearest package.json at or above `dir`, if any. */
export function findPackageDir(dir: string): string | undefined {
  const visited: string[] = [];
  let current = dir;
  for (;;) {
    const cached = nearestCache.get(current);
    if (cached !== undefined) {
      for (const seen of visited) nearestCache.set(seen, cached);
      return cached ?? undefined;
    }
    visited.push(current);
    if (fileStamp(path.join(current, 'package.json')) !== undefined) {
      for (const seen of visited) nearestCache.set(seen, current);
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      for (const seen of visited) nearestCache.set(seen, null);
      return undefined;
    }
    current = parent;
  }
}

/** Reads the nearest package.json's entrypoint-relevant fields (cached; re-read when it changes). */
export function readPackage(packageDir: string): PackageInfo | undefined {
  const file = path.join(packageDir, 'package.json');
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const cached = packageCache.get(packageDir);
  if (cached?.stamp === stamp) return cached.value;
  let value: PackageInfo | undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const bins: string[] = [];
    if (typeof json.bin === 'string') bins.push(path.resolve(packageDir, json.bin));
    else if (typeof json.bin === 'object' && json.bin !== null) {
      for (const target of Object.values(json.bin))
        if (typeof target === 'string') bins.push(path.resolve(packageDir, target));
    }
    const targets: Array<{ script: string; file: string }> = [];
    if (typeof json.scripts === 'object' && json.scripts !== null) {
      for (const [script, command] of Object.entries(json.scripts)) {
        if (typeof command !== 'string') continue;
        for (const target of scriptTargets(command)) {
          // `node .` runs the package's `main` (or index.js).
          const file = path.resolve(packageDir, target);
          const main = typeof json.main === 'string' ? json.main : 'index.js';
          targets.push({ script, file: file === packageDir ? path.resolve(packageDir, main) : file });
        }
      }
    }
    value = {
      dir: packageDir,
      name: typeof json.name === 'string' ? json.name : undefined,
      type: json.type === 'module' ? 'module' : 'commonjs',
      bins,
      scriptTargets: targets,
    };
  } catch {
    value = undefined; // An unreadable package.json names no entrypoints; ESLint is not the tool to report it.
  }
  packageCache.set(packageDir, { stamp, value });
  return value;
}

export interface TsconfigDirs {
  readonly outDir: string;
  /** `rootDir` as configured; the package directory when unset (see `sourceRoots`). */
  readonly rootDir: string;
  /**
   * Where sources may live: `[rootDir]` when configured; otherwise tsc infers the inputs' common
   * directory, so the static roots of `include`, then `src/`, then the package directory.
   */
  readonly sourceRoots?: readonly string[];
}

/** The static leading directory of an `include` pattern: `src/**\/*.ts` → `src`, `**\/*` → ''. */
function staticRoot(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?[\]{}]/.test(segment)) break;
    out.push(segment);
  }
  // A last segment without a wildcard or an extension is a directory too (`"include": ["src"]`).
  const last = segments[segments.length - 1];
  if (out.length === segments.length - 1 && last !== undefined && !/[*?[\]{}.]/.test(last)) out.push(last);
  return out.join('/');
}

/** `compilerOptions.outDir`/`rootDir` of `<packageDir>/tsconfig.json` (following relative `extends`: see `readTsconfig`). */
export function readTsconfigDirs(packageDir: string): TsconfigDirs | undefined {
  const file = path.join(packageDir, 'tsconfig.json');
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const cached = tsconfigCache.get(packageDir);
  if (cached?.stamp === stamp) return cached.value;
  let value: TsconfigDirs | undefined;
  try {
    const { compilerOptions: compiler, include } = readTsconfig(file);
    if (typeof compiler.outDir === 'string') {
      if (typeof compiler.rootDir === 'string') {
        value = { outDir: compiler.outDir, rootDir: compiler.rootDir, sourceRoots: [compiler.rootDir] };
      } else {
        const includeRoots = (include?.patterns ?? []).map((pattern) =>
          path.resolve(include!.dir, staticRoot(pattern)),
        );
        const common =
          includeRoots.length > 0 && includeRoots.every((root) => root === includeRoots[0]) ? [includeRoots[0]!] : [];
        const sourceRoots = [...new Set([...common, path.join(packageDir, 'src'), packageDir])];
        value = { outDir: compiler.outDir, rootDir: packageDir, sourceRoots };
      }
    }
  } catch {
    value = undefined;
  }
  tsconfigCache.set(packageDir, { stamp, value });
  return value;
}

const SOURCE_EXTENSIONS: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '': ['.ts', '.tsx', '.js', '.mts', '.cts', '.mjs', '.cjs'],
};

/**
 * The files a path named in package.json may stand for: itself, itself with an extension added,
 * and, when it lies in the build output, its source (tsconfig `outDir` → `rootDir`, or the roots
 * tsc would infer; without a tsconfig the common `dist|build|lib|out` → `src` layout).
 */
export function candidateSources(target: string, packageDir: string): string[] {
  const ext = path.extname(target);
  const known = ext !== '' && Object.hasOwn(SOURCE_EXTENSIONS, ext);
  const stem = known ? target.slice(0, -ext.length) : target;
  const candidates = new Set<string>([target]);
  for (const extension of SOURCE_EXTENSIONS[known ? ext : '']!) candidates.add(stem + extension);
  const mapped: string[] = [];
  const dirs = readTsconfigDirs(packageDir);
  if (dirs && (stem + path.sep).startsWith(dirs.outDir + path.sep)) {
    for (const root of dirs.sourceRoots ?? [dirs.rootDir])
      mapped.push(path.join(root, path.relative(dirs.outDir, stem)));
  } else {
    const relative = path.relative(packageDir, stem);
    const match = /^(dist|build|lib|out)[\\/](.*)$/.exec(relative);
    if (match) mapped.push(path.join(packageDir, 'src', match[2]!));
  }
  for (const base of mapped)
    for (const extension of SOURCE_EXTENSIONS[known ? ext : '']!) candidates.add(base + extension);
  return [...candidates];
}

/** Test hook: forget every cached lookup. */
let generation = 0;
/** Bumped by `clearProjectCaches`, so verdicts memoised per parsed file are dropped with it. */
export const projectCacheGeneration = (): number => generation;

export function clearProjectCaches(): void {
  generation++;
  stampCache.clear();
  packageCache.clear();
  nearestCache.clear();
  tsconfigCache.clear();
}
