/**
 * Extensionless scripts (`bin/mytool`, run through a `#!/usr/bin/env node` line or npm's `bin`
 * link) are entrypoints too (docs/architecture.md §3), but nothing in their name says JavaScript. One counts as
 * a source when its `#!` line runs a JavaScript runtime, or, without a `#!` line, when the nearest
 * package.json `bin` names it. Only the first bytes are read: most extensionless files in a tree
 * are LICENSEs, Makefiles, shell scripts and binaries.
 */
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { findPackageDir, readPackage } from 'eslint-plugin-graceful-shutdown/detection/project';
import { skipReasonFor } from './source.js';

/** Runtimes that run JavaScript from a file of any name. */
const JS_RUNTIMES = new Set(['node', 'nodejs', 'node-dev', 'babel-node', 'zx']);
/** Runtimes that also run TypeScript: such a script may be written in it. */
const TS_RUNTIMES = new Set([
  'tsx',
  'ts-node',
  'ts-node-esm',
  'ts-node-script',
  'ts-node-transpile-only',
  'esno',
  'esr',
  'jiti',
  'vite-node',
  'bun',
  'deno',
]);
/** Words that run the next word (`#!/usr/bin/env -S npx tsx`), with their own flags before it. */
const LAUNCHERS = new Set(['npx', 'pnpx', 'bunx']);
/** `env` flags that take the next word. */
const ENV_VALUE_FLAGS = new Set(['-u', '--unset', '-C', '--chdir', '-P', '--path']);

/** Linux reads at most 256 bytes of a `#!` line; the interpreter is at its start anyway. */
const HEAD_BYTES = 256;

export interface ShebangRuntime {
  /** The runtime's name as written: `node`, `tsx`, `bun`… */
  readonly runtime: string;
  /** Whether it runs TypeScript too (tsx, ts-node, bun, deno…). */
  readonly typescript: boolean;
}

export const isExtensionless = (file: string): boolean => path.extname(path.basename(file)) === '';

/** The command a `#!` line runs, past `env`, its flags and assignments, and `npx`-like launchers. */
function shebangCommand(line: string): string | undefined {
  const words = line.slice(2).trim().split(/\s+/).filter(Boolean);
  let i = 0;
  if (words[0] !== undefined && path.posix.basename(words[0]) === 'env') {
    for (i = 1; i < words.length; i++) {
      const word = words[i]!;
      if (/^-S./.test(word)) {
        words[i] = word.slice(2); // `-Snode`: the split string glued to its flag
        break;
      }
      if (ENV_VALUE_FLAGS.has(word)) i++;
      else if (!word.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) break;
    }
  }
  while (words[i] !== undefined && LAUNCHERS.has(path.posix.basename(words[i]!))) {
    for (i++; words[i]?.startsWith('-'); i++) if (words[i] === '-p' || words[i] === '--package') i++;
  }
  const command = words[i];
  return command === undefined ? undefined : path.posix.basename(command);
}

/** The JavaScript runtime a `#!` line (the text's first line) runs, if it runs one. */
export function shebangRuntime(text: string): ShebangRuntime | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.startsWith('#!')) return undefined;
  const command = shebangCommand(body.split(/\r?\n/, 1)[0]!);
  if (command === undefined) return undefined;
  // `node20`, `nodejs18`: versioned installs.
  const name = command.replace(/^(nodejs|node)[\d.]+$/, '$1');
  if (JS_RUNTIMES.has(name)) return { runtime: command, typescript: false };
  if (TS_RUNTIMES.has(name)) return { runtime: command, typescript: true };
  return undefined;
}

export type ExtensionlessVerdict =
  { readonly kind: 'script'; readonly runtime: ShebangRuntime } | { readonly kind: 'other'; readonly reason: string };

function readHead(file: string): Buffer | undefined {
  // Opening a named pipe would wait for a writer; devices and sockets are no scripts either.
  if (!statSync(file).isFile()) return undefined;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const length = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

const sameFile = (a: string, b: string): boolean => {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/** Whether the nearest package.json's `bin` names the file. */
function isNamedByBin(file: string): boolean {
  const packageDir = findPackageDir(path.dirname(file));
  const bins = packageDir === undefined ? [] : (readPackage(packageDir)?.bins ?? []);
  return bins.some((bin) => sameFile(bin, file));
}

/** Whether an extensionless file is a JavaScript (or TypeScript) script, or why it is not. */
export function classifyExtensionless(file: string): ExtensionlessVerdict {
  let head: Buffer | undefined;
  try {
    head = readHead(file);
  } catch (error) {
    return {
      kind: 'other',
      reason: skipReasonFor(error) ?? `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  if (head === undefined) return { kind: 'other', reason: 'not a regular file' };
  if (head.includes(0)) return { kind: 'other', reason: 'binary file' };
  const text = head.toString('utf8');
  const runtime = shebangRuntime(text);
  if (runtime) return { kind: 'script', runtime };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.startsWith('#!')) {
    const interpreter = shebangCommand(body.split(/\r?\n/, 1)[0]!);
    return {
      kind: 'other',
      reason: `no extension, and its #! line runs ${interpreter ?? 'nothing'}, not a JavaScript runtime`,
    };
  }
  // npm links a `bin` without a `#!` line all the same; it is the package's word that it is JavaScript.
  if (isNamedByBin(file)) return { kind: 'script', runtime: { runtime: 'node', typescript: false } };
  return { kind: 'other', reason: 'no extension, no #! line, and not named by package.json "bin"' };
}

/** The runtime of an extensionless file that is a script, else undefined (also for files with an extension). */
export function extensionlessRuntime(file: string): ShebangRuntime | undefined {
  if (!isExtensionless(file)) return undefined;
  const verdict = classifyExtensionless(file);
  return verdict.kind === 'script' ? verdict.runtime : undefined;
}
