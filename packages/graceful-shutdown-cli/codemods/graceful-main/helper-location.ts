/**
 * Where the runtime helper goes and how an entrypoint imports it: one helper per package, in the
 * flavour the package runs (TypeScript, ES module, CommonJS), imported with the suffix the
 * project's module resolution wants (`./graceful-shutdown.js` under NodeNext, extensionless when
 * the file's own relative imports are).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findPackageDir, readPackage } from 'eslint-plugin-graceful-shutdown/detection/project';
import { readTsconfig } from 'eslint-plugin-graceful-shutdown/detection/tsconfig';
import { HELPER_BASENAME } from 'eslint-plugin-graceful-shutdown/detection/shutdown-helpers';
import { type HelperVariant, readHelperVariant } from '../helper/variants.js';

export type { HelperVariant };

const TS_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts']);

function packageType(dir: string): 'module' | 'commonjs' {
  const packageDir = findPackageDir(dir);
  return (packageDir === undefined ? undefined : readPackage(packageDir)?.type) ?? 'commonjs';
}

/** The helper's file name for an entrypoint: the same family of extension (`.ts`, `.mts`, `.mjs`, `.cjs`, `.js`). */
function helperExtension(filePath: string): string {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.tsx') return '.ts';
  if (ext === '.jsx' || !['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(ext)) return '.js';
  return ext;
}

/** The helper a file would use if none is configured and none exists: beside the file. */
export function defaultHelperPath(filePath: string): string {
  return path.join(path.dirname(path.resolve(filePath)), `${HELPER_BASENAME}${helperExtension(filePath)}`);
}

/** Which variant a helper path needs: TypeScript by extension, else the module system its package runs. */
export function helperVariantOf(helperPath: string): HelperVariant {
  const ext = path.extname(helperPath).toLowerCase();
  if (TS_EXTENSIONS.has(ext)) return 'ts';
  if (ext === '.mjs') return 'esm';
  if (ext === '.cjs') return 'cjs';
  return packageType(path.dirname(helperPath)) === 'module' ? 'esm' : 'cjs';
}

/** The helper an entrypoint needs: TypeScript for a TypeScript file, else JavaScript of the module system Node runs the file with. */
export function helperKindOf(filePath: string): HelperVariant {
  return isTs(filePath) ? 'ts' : helperVariantOf(defaultHelperPath(filePath));
}

/** TypeScript can import any helper; a JavaScript file run by Node only a JavaScript helper of its own module system. */
export function canImportHelper(filePath: string, helperPath: string): boolean {
  const kind = helperKindOf(filePath);
  return kind === 'ts' || helperVariantOf(helperPath) === kind;
}

// The JavaScript file tsc emits for a TypeScript source: a hand-written helper must not sit where it would go.
const EMITTED_FROM: Record<string, readonly string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/**
 * The JavaScript helper a JavaScript entrypoint uses instead of `anchor`, a helper it cannot import
 * (TypeScript, or the other module system): beside it with the same name and the extension the
 * entrypoint's own helper would have, else the explicit `.mjs`/`.cjs`; never where tsc would emit
 * one of `tsHelpers` (or an existing TypeScript file).
 */
export function jsHelperBeside(anchor: string, entrypoint: string, tsHelpers: readonly string[] = []): string {
  const variant = helperKindOf(entrypoint);
  const stem = anchor.slice(0, anchor.length - path.extname(anchor).length);
  const candidates = [
    ...new Set([path.extname(defaultHelperPath(entrypoint)), '.js', variant === 'cjs' ? '.cjs' : '.mjs']),
  ].filter((ext) => helperVariantOf(stem + ext) === variant);
  const collides = (ext: string): boolean =>
    (EMITTED_FROM[ext] ?? []).some((source) => tsHelpers.includes(stem + source) || existsSync(stem + source));
  return stem + (candidates.find((ext) => !collides(ext)) ?? candidates.at(-1)!);
}

/** The helper `filePath` imports when told to use `requested` (`--helper`): it, or its JavaScript variant beside it. */
export function helperForEntrypoint(filePath: string, requested: string): string {
  return canImportHelper(filePath, requested)
    ? requested
    : jsHelperBeside(requested, filePath, isTs(requested) ? [requested] : []);
}

// A TypeScript file can import either kind; a JavaScript file run by Node only a JavaScript helper.
const HELPER_FILE_ORDER_TS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const HELPER_FILE_ORDER_JS = ['.js', '.mjs', '.cjs'];

/** An existing helper of the file's package it can import: beside the file, then in the package's `src/`, then its root. */
export function findExistingHelper(filePath: string): string | undefined {
  const dir = path.dirname(path.resolve(filePath));
  const packageDir = findPackageDir(dir);
  const dirs = [dir, ...(packageDir === undefined ? [] : [path.join(packageDir, 'src'), packageDir])];
  const order = TS_EXTENSIONS.has(path.extname(filePath).toLowerCase()) ? HELPER_FILE_ORDER_TS : HELPER_FILE_ORDER_JS;
  for (const candidateDir of new Set(dirs)) {
    for (const ext of order) {
      const candidate = path.join(candidateDir, `${HELPER_BASENAME}${ext}`);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

interface ModuleOptions {
  readonly module?: string;
  readonly moduleResolution?: string;
  readonly allowImportingTsExtensions?: boolean;
}

/** `compilerOptions` module settings of the nearest tsconfig.json up to the package root (following relative `extends`: see `readTsconfig`). */
function tsconfigModuleOptions(filePath: string): ModuleOptions | undefined {
  const packageDir = findPackageDir(path.dirname(filePath));
  let dir = path.dirname(filePath);
  for (;;) {
    const file = path.join(dir, 'tsconfig.json');
    if (existsSync(file)) return readModuleOptions(file);
    if (dir === packageDir || path.dirname(dir) === dir) return undefined;
    dir = path.dirname(dir);
  }
}

function readModuleOptions(file: string): ModuleOptions {
  let compilerOptions: Readonly<Record<string, unknown>>;
  try {
    compilerOptions = readTsconfig(file).compilerOptions;
  } catch {
    return {};
  }
  const text = (key: string): string | undefined => {
    const value = compilerOptions[key];
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  };
  const module = text('module');
  const moduleResolution = text('moduleResolution');
  const { allowImportingTsExtensions } = compilerOptions;
  return {
    ...(module === undefined ? {} : { module }),
    ...(moduleResolution === undefined ? {} : { moduleResolution }),
    ...(typeof allowImportingTsExtensions === 'boolean' ? { allowImportingTsExtensions } : {}),
  };
}

/** Node16/NodeNext resolution requires the emitted file's extension in relative imports. */
function requiresJsSuffix(options: ModuleOptions | undefined): boolean {
  if (!options) return false;
  const resolution = options.moduleResolution ?? (options.module?.startsWith('node') ? options.module : undefined);
  return resolution === 'node16' || resolution === 'nodenext' || resolution === 'node18' || resolution === 'node20';
}

export type SuffixStyle = 'js' | 'ts' | 'none';

/** How the file writes relative imports today, if it has any: `.js`, `.ts` or no extension. */
export function relativeImportStyle(specifiers: readonly string[]): SuffixStyle | undefined {
  const relative = specifiers.filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'));
  if (relative.length === 0) return undefined;
  if (relative.some((specifier) => /\.[cm]?js$/.test(specifier))) return 'js';
  if (relative.some((specifier) => /\.[cm]?tsx?$/.test(specifier))) return 'ts';
  if (relative.every((specifier) => path.extname(specifier) === '')) return 'none';
  return undefined;
}

/**
 * The specifier `fromFile` imports the helper with. A JavaScript helper is named as it is. A
 * TypeScript helper: `.js` (`.mjs`/`.cjs`) when the tsconfig's resolution needs it; otherwise the
 * style of the file's own relative imports; `.js` when there is nothing to follow (tsc, tsx and
 * bundlers all map it to the `.ts` source).
 */
export function helperSpecifier(fromFile: string, helperPath: string, existingSpecifiers: readonly string[]): string {
  let relative = path.relative(path.dirname(fromFile), helperPath).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const ext = path.extname(helperPath);
  if (!TS_EXTENSIONS.has(ext.toLowerCase())) return relative;
  const stem = relative.slice(0, -ext.length);
  const jsExt = ext === '.mts' ? '.mjs' : ext === '.cts' ? '.cjs' : '.js';
  const options = isTs(fromFile) ? tsconfigModuleOptions(path.resolve(fromFile)) : undefined;
  if (requiresJsSuffix(options)) return stem + jsExt;
  const style = relativeImportStyle(existingSpecifiers);
  if (style === 'none') return stem;
  if (style === 'ts' && options?.allowImportingTsExtensions) return stem + (ext === '.tsx' ? '.ts' : ext);
  return stem + jsExt;
}

const isTs = (file: string): boolean => TS_EXTENSIONS.has(path.extname(file).toLowerCase());

/**
 * Writes the helper unless a file is already there (`wx`: several jscodeshift workers may race;
 * the user's edited helper is never overwritten). Returns what happened.
 */
export function ensureHelper(helper: { path: string; variant: HelperVariant }): 'written' | 'exists' {
  if (existsSync(helper.path)) return 'exists';
  mkdirSync(path.dirname(helper.path), { recursive: true });
  try {
    writeFileSync(helper.path, readHelperVariant(helper.variant), { flag: 'wx' });
    return 'written';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
}
