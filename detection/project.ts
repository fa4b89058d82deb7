/**
 * Project files that decide whether a file is an entrypoint: the nearest package.json (`bin`,
 * `scripts`) and the tsconfig that maps build output back to sources. Lookups are cached per
 * directory and re-read when the file's mtime changes, so editors see edits without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

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
  readonly mtimeMs: number;
  readonly value: T;
}

const packageCache = new Map<string, Cached<PackageInfo | undefined>>();
const nearestCache = new Map<string, string | null>();
const tsconfigCache = new Map<string, Cached<TsconfigDirs | undefined>>();

function mtime(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/** Strips comments and trailing commas so tsconfig-style JSON parses. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1')) as unknown;
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
    if (mtime(path.join(current, 'package.json')) !== undefined) {
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

const RUNNERS = new Set(['node', 'tsx', 'ts-node', 'ts-node-esm', 'bun', 'nodemon', 'node-dev', 'ts-node-dev', 'esno', 'esrun', 'vite-node', 'deno']);
/** Runner flags that take the next token as their value. */
const FLAGS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-P', '--project', '-C', '--conditions', '--env-file', '--watch-path', '--tsconfig', '--title', '--cwd']);
/** Runner sub-commands that are not files: `bun run build`, `tsx watch x` (watch is skipped, x kept). */
const RUNNER_SUBCOMMANDS = new Set(['watch', 'run']);

/** Files a `scripts` command runs: `node --enable-source-maps dist/cli.js && tsx scripts/x.ts`. */
export function scriptTargets(command: string): string[] {
  const files: string[] = [];
  for (const segment of command.split(/&&|\|\||[;|&]/)) {
    const tokens = segment.trim().split(/\s+/).filter(Boolean);
    let i = 0;
    // Skip env assignments (`NODE_ENV=production node x`) and wrappers (`cross-env A=b node x`, `npx tsx x`).
    while (i < tokens.length && (/^[A-Z_][A-Z0-9_]*=/i.test(tokens[i]!) || ['cross-env', 'npx', 'exec', 'env', 'dotenv', '--'].includes(tokens[i]!))) i++;
    const runner = tokens[i];
    if (runner === undefined || !RUNNERS.has(path.basename(runner))) continue;
    for (i++; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.startsWith('-')) {
        if (FLAGS_WITH_VALUE.has(token)) i++;
        if (token === '-e' || token === '--eval' || token === '-p' || token === '--print') break;
        continue;
      }
      if (RUNNER_SUBCOMMANDS.has(token)) continue;
      files.push(token.replace(/^['"]|['"]$/g, ''));
      break;
    }
  }
  return files;
}

/** Reads the nearest package.json's entrypoint-relevant fields (cached; re-read when it changes). */
export function readPackage(packageDir: string): PackageInfo | undefined {
  const file = path.join(packageDir, 'package.json');
  const stamp = mtime(file);
  if (stamp === undefined) return undefined;
  const cached = packageCache.get(packageDir);
  if (cached && cached.mtimeMs === stamp) return cached.value;
  let value: PackageInfo | undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const bins: string[] = [];
    if (typeof json.bin === 'string') bins.push(path.resolve(packageDir, json.bin));
    else if (typeof json.bin === 'object' && json.bin !== null) {
      for (const target of Object.values(json.bin)) if (typeof target === 'string') bins.push(path.resolve(packageDir, target));
    }
    const targets: Array<{ script: string; file: string }> = [];
    if (typeof json.scripts === 'object' && json.scripts !== null) {
      for (const [script, command] of Object.entries(json.scripts)) {
        if (typeof command !== 'string') continue;
        for (const target of scriptTargets(command)) targets.push({ script, file: path.resolve(packageDir, target) });
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
  packageCache.set(packageDir, { mtimeMs: stamp, value });
  return value;
}

export interface TsconfigDirs {
  readonly outDir: string;
  readonly rootDir: string;
}

/** `compilerOptions.outDir`/`rootDir` of `<packageDir>/tsconfig.json` (following a relative `extends` once). */
export function readTsconfigDirs(packageDir: string): TsconfigDirs | undefined {
  const file = path.join(packageDir, 'tsconfig.json');
  const stamp = mtime(file);
  if (stamp === undefined) return undefined;
  const cached = tsconfigCache.get(packageDir);
  if (cached && cached.mtimeMs === stamp) return cached.value;
  let value: TsconfigDirs | undefined;
  try {
    const options = (file: string, depth: number): Record<string, unknown> => {
      const json = parseJsonc(readFileSync(file, 'utf8')) as { extends?: unknown; compilerOptions?: Record<string, unknown> };
      const own = json.compilerOptions ?? {};
      const resolved: Record<string, unknown> = {};
      for (const key of ['outDir', 'rootDir']) {
        if (typeof own[key] === 'string') resolved[key] = path.resolve(path.dirname(file), own[key]);
      }
      if (depth < 3 && typeof json.extends === 'string' && json.extends.startsWith('.')) {
        const parentFile = path.resolve(path.dirname(file), json.extends.endsWith('.json') ? json.extends : `${json.extends}.json`);
        return { ...options(parentFile, depth + 1), ...resolved };
      }
      return resolved;
    };
    const compiler = options(file, 0);
    if (typeof compiler.outDir === 'string') {
      value = { outDir: compiler.outDir, rootDir: typeof compiler.rootDir === 'string' ? compiler.rootDir : packageDir };
    }
  } catch {
    value = undefined;
  }
  tsconfigCache.set(packageDir, { mtimeMs: stamp, value });
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
 * and, when it lies in the build output, its source (tsconfig `outDir` → `rootDir`; without a
 * tsconfig the common `dist|build|lib|out` → `src` layout).
 */
export function candidateSources(target: string, packageDir: string): string[] {
  const ext = path.extname(target);
  const known = ext in SOURCE_EXTENSIONS && ext !== '';
  const stem = known ? target.slice(0, -ext.length) : target;
  const candidates = new Set<string>([target]);
  for (const extension of SOURCE_EXTENSIONS[known ? ext : '']!) candidates.add(stem + extension);
  const mapped: string[] = [];
  const dirs = readTsconfigDirs(packageDir);
  if (dirs && (stem + path.sep).startsWith(dirs.outDir + path.sep)) {
    mapped.push(path.join(dirs.rootDir, path.relative(dirs.outDir, stem)));
  } else {
    const relative = path.relative(packageDir, stem);
    const match = /^(dist|build|lib|out)[\\/](.*)$/.exec(relative);
    if (match) mapped.push(path.join(packageDir, 'src', match[2]!));
  }
  for (const base of mapped) for (const extension of SOURCE_EXTENSIONS[known ? ext : '']!) candidates.add(base + extension);
  return [...candidates];
}

/** Test hook: forget every cached lookup. */
export function clearProjectCaches(): void {
  packageCache.clear();
  nearestCache.clear();
  tsconfigCache.clear();
}
