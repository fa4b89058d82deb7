/**
 * THE tsconfig reader: a tsconfig.json with its relative `extends` applied (a string or an array,
 * one depth bound), for every tool that needs a compiler option without loading TypeScript
 * (entrypoint detection maps build output to sources; the codemod picks its import suffix).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** How many `extends` levels are followed below the file asked for; deeper parents (and cycles) are ignored. */
export const TSCONFIG_EXTENDS_DEPTH = 4;

/** `compilerOptions` that hold paths, resolved against the directory of the file that sets them (as tsc does). */
const PATH_OPTIONS = new Set(['outDir', 'rootDir', 'baseUrl', 'declarationDir']);

export interface Tsconfig {
  /**
   * `compilerOptions` merged as tsc merges them: later entries of an `extends` array win over earlier
   * ones, and a file's own options win over all of its parents. Path options are absolute.
   */
  readonly compilerOptions: Readonly<Record<string, unknown>>;
  /** The nearest `include` in the chain (tsc does not merge it), with the directory its patterns are relative to. */
  readonly include: { readonly dir: string; readonly patterns: readonly string[] } | undefined;
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

/**
 * `file` with its relative `extends` applied (`"./base"`, `["./a.json", "../b"]`; package names such
 * as `@tsconfig/node20` are not followed). Throws when `file` itself cannot be read or parsed; a parent
 * that cannot be read contributes nothing, so the file's own options still count.
 */
export function readTsconfig(file: string): Tsconfig {
  return readLevel(file, 0, true)!;
}

function readLevel(file: string, depth: number, required: boolean): Tsconfig | undefined {
  let json: unknown;
  try {
    json = parseJsonc(readFileSync(file, 'utf8'));
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
  const record = isRecord(json) ? json : {};
  const dir = path.dirname(file);
  // Without a prototype: option names come from the user's file (`"__proto__"` is a key like any other).
  const compilerOptions: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let include: Tsconfig['include'];
  if (depth < TSCONFIG_EXTENDS_DEPTH) {
    for (const parent of relativeExtends(record.extends)) {
      const inherited = readLevel(
        path.resolve(dir, parent.endsWith('.json') ? parent : `${parent}.json`),
        depth + 1,
        false,
      );
      if (!inherited) continue;
      Object.assign(compilerOptions, inherited.compilerOptions);
      include = inherited.include ?? include;
    }
  }
  const own = isRecord(record.compilerOptions) ? record.compilerOptions : {};
  for (const [key, value] of Object.entries(own)) {
    compilerOptions[key] = PATH_OPTIONS.has(key) && typeof value === 'string' ? path.resolve(dir, value) : value;
  }
  if (Array.isArray(record.include)) {
    include = { dir, patterns: record.include.filter((item): item is string => typeof item === 'string') };
  }
  return { compilerOptions, include };
}

/** The relative entries of `extends`, whether it is a string or an array. */
function relativeExtends(value: unknown): string[] {
  const entries = Array.isArray(value) ? (value as unknown[]) : [value];
  return entries.filter((item): item is string => typeof item === 'string' && item.startsWith('.'));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
