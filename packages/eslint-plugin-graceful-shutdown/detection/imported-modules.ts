/**
 * What an entrypoint's own modules do: a thin bin (`await import('./cli.js')`, `require('../lib/run')`)
 * or a `main()` handed to a runner leaves the signal handling, and the work, to modules it imports.
 * Relative imports are followed within the entrypoint's package, transitively and bounded; each
 * file is read and parsed once per version (path + mtime + size), so one lint run pays once per
 * file whatever the number of rules and entrypoints that ask.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type AnyNode,
  ancestorsVia,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  parentLinks,
  stringValue,
  unwrap,
  walkWithAncestors,
} from './syntax/ast.js';
import { type ImportMap, collectImports, mayNameModuleExport, resolveReference } from './imports.js';
import { isProcessListenerCall, processListenerInScope } from './process-listeners.js';
import { candidateSources, fileStamp, findPackageDir } from './project.js';
import { RUN_MAIN, isHelperSpecifier, shutdownLibrary } from './shutdown-helpers.js';
import { analyseListener } from './listener-effects.js';
import { isRequireCall } from './syntax/require.js';
import { type ModuleExport, moduleExports } from './module-exports.js';
import { damagingWorkOf, findDamagingWorkIn } from './work-starters.js';

/** Parses a module's text, or returns undefined when it cannot (the module then counts as unknown). */
export type ModuleParser = (text: string, file: string) => AnyNode | undefined;

export interface ModuleFacts {
  /** Installs SIGINT/SIGTERM handling: a listener that may cancel, `runMain`, a shutdown library. */
  readonly handlesSignals: boolean;
  /** The first work, somewhere in its code, that an interruption damages (`damagingWorkOf`), if any. */
  readonly damagingWork: WorkSite | undefined;
  /** Its relative module specifiers: imports, re-exports, `import()`, `require()`. */
  readonly relativeImports: readonly string[];
  /** What calling (or constructing) each export runs, in order, up to its first damaging work (`moduleExports` names). */
  readonly exports: ReadonlyMap<string, readonly WorkStep[]>;
  /** `export * from './x'`: where an export missing from `exports` may be. */
  readonly starSources: readonly string[];
}

/** A relative module that a node runs: the module loaded (`exported` undefined), or one export called or constructed. */
export interface ModuleReference {
  readonly source: string;
  readonly exported: string | undefined;
}

/** One thing an export does, in order: damaging work of its own, or code of another module it runs. */
export type WorkStep =
  { readonly kind: 'work'; readonly site: WorkSite } | { readonly kind: 'runs'; readonly reference: ModuleReference };

/** Where a module starts work: the call's label for messages, and its line in that file. */
export interface WorkSite {
  readonly label: string;
  readonly line: number | undefined;
}

/** Damaging work found in an imported module: the file, and where in it. */
export interface ImportedWork extends WorkSite {
  readonly file: string;
}

export interface ImportedModulesOptions {
  readonly parse: ModuleParser;
  /** Module specifiers of the user's own copy of the runtime helper (`runMain` there is handling). */
  readonly helpers?: readonly string[];
}

/** How far imports are followed from an entrypoint: levels, and files in all. */
const MAX_DEPTH = 4;
const MAX_FILES = 40;
/** Skipped unread: a generated bundle is not where a maintainer wires signals. */
const MAX_BYTES = 512 * 1024;

const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/** Recursion depth past which a module's tree is not searched further (generated code). */
const MAX_TREE_DEPTH = 400;

/** What one parsed module does. */
export function moduleFacts(program: AnyNode, text: string, helpers: readonly string[] = []): ModuleFacts {
  const imports = collectImports(program);
  const relative = new Set<string>();
  for (const { source } of imports.values()) if (isRelative(source)) relative.add(source);
  const mayListen = /SIG(?:INT|TERM)|\.on\(\s*[^'"`]/.test(text);
  let handlesSignals = false;
  let damagingWork: WorkSite | undefined;
  walkWithAncestors(program, (node, ancestors) => {
    if (ancestors.length > MAX_TREE_DEPTH) return false;
    const source = moduleSource(node);
    if (source !== undefined && isRelative(source)) relative.add(source);
    if (isCallExpression(node) || node.type === 'NewExpression') {
      if (!handlesSignals && installsHandling(node, imports, helpers)) handlesSignals = true;
      if (
        !handlesSignals &&
        mayListen &&
        isProcessListenerCall(node) &&
        cancelsOnSignal(node, ancestors, program, imports)
      )
        handlesSignals = true;
      damagingWork ??= workSite(node, imports);
    } else damagingWork ??= workSite(node, imports);
    return undefined;
  });
  const { named, starSources } = moduleExports(program);
  const exports = new Map<string, readonly WorkStep[]>();
  for (const [name, entry] of named) exports.set(name, exportSteps(entry, program, imports));
  return { handlesSignals, damagingWork, relativeImports: [...relative], exports, starSources };
}

/** What calling an export runs, up to its first damaging work: local code is followed, other modules are referenced. */
function exportSteps(entry: ModuleExport, program: AnyNode, imports: ImportMap): WorkStep[] {
  if (entry.kind === 're-export')
    return [{ kind: 'runs', reference: { source: entry.source, exported: entry.imported } }];
  const references = new Map<AnyNode, ModuleReference>();
  const found = findDamagingWorkIn(entry.roots, program, {
    imports,
    importedWork: (node, parent) => {
      const reference = moduleReference(node, parent, imports);
      if (reference) references.set(node, reference);
      return reference !== undefined;
    },
  });
  const steps: WorkStep[] = [];
  for (const work of found) {
    const reference = work.kind === 'imported' ? references.get(work.node) : undefined;
    if (reference) steps.push({ kind: 'runs', reference });
    else {
      steps.push({ kind: 'work', site: { label: work.label, line: lineOf(work.node) } });
      break;
    }
  }
  return steps;
}

const lineOf = (node: AnyNode): number | undefined =>
  (node.loc as { start?: { line?: number } } | undefined)?.start?.line;

function workSite(node: AnyNode, imports: ImportMap): WorkSite | undefined {
  const work = damagingWorkOf(node, imports);
  return work ? { label: work.label, line: lineOf(node) } : undefined;
}

/** The module a node loads: `import … from`, `export … from`, `import('x')`, `require('x')`. */
function moduleSource(node: AnyNode): string | undefined {
  if (
    node.type === 'ImportDeclaration' ||
    node.type === 'ExportNamedDeclaration' ||
    node.type === 'ExportAllDeclaration' ||
    node.type === 'ImportExpression'
  )
    return stringValue(child(node, 'source'));
  if (isCallExpression(node)) {
    const callee = unwrap(child(node, 'callee'));
    if (callee?.type === 'Import' || isRequireCall(node)) return stringValue(children(node, 'arguments')[0]);
  }
  return undefined;
}

/** `runMain(main)` from the helper, or a call of a shutdown library (http-terminator included: it is wired here). */
function installsHandling(call: AnyNode, imports: ImportMap, helpers: readonly string[]): boolean {
  const callee = unwrap(child(call, 'callee'));
  if (!mayNameModuleExport(callee, imports)) return false;
  const binding = resolveReference(callee, imports);
  if (!binding) return false;
  if (
    (binding.imported === RUN_MAIN || binding.imported.endsWith(`.${RUN_MAIN}`)) &&
    isHelperSpecifier(binding.source, helpers)
  )
    return true;
  return shutdownLibrary(binding.source, binding.imported) !== undefined;
}

/**
 * A SIGINT/SIGTERM registration whose listener may cancel: it does more than log, exit and set
 * `process.exitCode`. A listener we cannot see (imported, computed) or an event name we cannot
 * read is trusted, as the rule trusts it in the entrypoint itself.
 */
function cancelsOnSignal(call: AnyNode, ancestors: readonly AnyNode[], program: AnyNode, imports: ImportMap): boolean {
  const listener = processListenerInScope(call, ancestors, program);
  if (!listener) return stringValue(children(call, 'arguments')[0]) === undefined;
  if (!listener.events.some((event) => event === 'SIGINT' || event === 'SIGTERM')) return false;
  const fn = listener.listenerFunction;
  if (fn === undefined) return true;
  const parentOf = parentLinks(program);
  const ancestorsOf = (node: AnyNode): AnyNode[] => ancestorsVia(node, parentOf);
  return !analyseListener(fn, { program, imports, ancestorsOf, parentOf }).inert;
}

const factsCache = new Map<string, { readonly key: string; readonly facts: ModuleFacts | undefined }>();

/** A module's facts, read and parsed once per file version (and per helper list). */
export function factsOfFile(file: string, options: ImportedModulesOptions): ModuleFacts | undefined {
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const helpers = options.helpers ?? [];
  const key = `${stamp}\0${helpers.join('\0')}`;
  const cached = factsCache.get(file);
  if (cached?.key === key) return cached.facts;
  const parsed = parseModuleFile(file, stamp, options.parse);
  let facts: ModuleFacts | undefined;
  try {
    facts = parsed ? moduleFacts(parsed.program, parsed.text, helpers) : undefined;
  } catch {
    facts = undefined; // a tree the walkers cannot read: unknown, like a module outside the package
  }
  factsCache.set(file, { key, facts });
  return facts;
}

/**
 * A module of the package read and parsed (`stamp` from `fileStamp`); undefined when it is too
 * large, unreadable or unparsable: it is then unknown, like a module outside the package.
 */
export function parseModuleFile(
  file: string,
  stamp: string,
  parse: ModuleParser,
): { readonly program: AnyNode; readonly text: string } | undefined {
  if (Number(stamp.split(':')[1]) > MAX_BYTES) return undefined;
  try {
    const text = readFileSync(file, 'utf8');
    const program = parse(text, file);
    return program ? { program, text } : undefined;
  } catch {
    return undefined;
  }
}

/** The source file a relative specifier names (`./cli.js` → `cli.ts` too, `../lib/run` → `run.js`, a folder's index). */
export function resolveRelativeModule(fromFile: string, specifier: string, packageDir: string): string | undefined {
  const target = path.resolve(path.dirname(fromFile), specifier);
  if (!(target + path.sep).startsWith(packageDir + path.sep)) return undefined;
  const candidates = [
    ...candidateSources(target, packageDir),
    ...candidateSources(path.join(target, 'index'), packageDir),
  ];
  return candidates.find((candidate) => fileStamp(candidate) !== undefined);
}

/** The modules an entrypoint imports (relative, within its package), breadth first, with their facts. */
export function importedModules(
  file: string,
  entryImports: readonly string[],
  options: ImportedModulesOptions,
): Array<{ readonly file: string; readonly facts: ModuleFacts }> {
  if (!path.isAbsolute(file)) return [];
  const packageDir = findPackageDir(path.dirname(file)) ?? path.dirname(file);
  const seen = new Set<string>([path.normalize(file)]);
  const out: Array<{ file: string; facts: ModuleFacts }> = [];
  let level: Array<{ from: string; specifiers: readonly string[] }> = [{ from: file, specifiers: entryImports }];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { from, specifiers } of level) {
      for (const specifier of specifiers) {
        if (seen.size > MAX_FILES) return out;
        const resolved = resolveRelativeModule(from, specifier, packageDir);
        if (resolved === undefined || seen.has(resolved)) continue;
        seen.add(resolved);
        const facts = factsOfFile(resolved, options);
        if (!facts) continue;
        out.push({ file: resolved, facts });
        next.push({ from: resolved, specifiers: facts.relativeImports });
      }
    }
    level = next;
  }
  return out;
}

/** The relative specifiers of a program already parsed (the entrypoint itself, by ESLint). */
export const relativeImportsOf = (program: AnyNode, text: string): readonly string[] =>
  /['"`]\.\.?\//.test(text) ? moduleFacts(program, text).relativeImports : [];

/**
 * The imported module (relative, within the package) that installs SIGINT/SIGTERM handling for
 * this entrypoint, if one does.
 */
export function handlingModule(
  file: string,
  program: AnyNode,
  text: string,
  options: ImportedModulesOptions,
): string | undefined {
  return importedModules(file, relativeImportsOf(program, text), options).find((module) => module.facts.handlesSignals)
    ?.file;
}

/** The first damaging work a module starts, in its own code or in one it imports (within the package). */
export function damagingWorkInModule(file: string, options: ImportedModulesOptions): ImportedWork | undefined {
  const facts = factsOfFile(file, options);
  if (!facts) return undefined;
  if (facts.damagingWork) return { file, ...facts.damagingWork };
  const found = importedModules(file, facts.relativeImports, options).find((module) => module.facts.damagingWork);
  return found?.facts.damagingWork ? { file: found.file, ...found.facts.damagingWork } : undefined;
}

/** Whether a module (or one it imports, within the package) starts damaging work. */
export const moduleStartsDamagingWork = (file: string, options: ImportedModulesOptions): boolean =>
  damagingWorkInModule(file, options) !== undefined;

/**
 * The relative module code a node runs: a call or `new` of an imported export (`run()`,
 * `attorney.getConfig()`, `new Db()`, `require('./x')()`) is that export; `import('./x')`,
 * `require('./x')` and a side-effect `import './x'` load the module. A `require('./x')` that is
 * bound to a name, called, or read a member of (`parent`) is judged by the calls of its exports.
 */
export function moduleReference(
  node: AnyNode,
  parent: AnyNode | undefined,
  imports: ImportMap,
): ModuleReference | undefined {
  let reference: ModuleReference | undefined;
  if (node.type === 'ImportDeclaration') {
    const source = children(node, 'specifiers').length === 0 ? moduleSource(node) : undefined;
    reference = source === undefined ? undefined : { source, exported: undefined };
  } else if (node.type === 'ImportExpression') {
    const source = moduleSource(node);
    reference = source === undefined ? undefined : { source, exported: undefined };
  } else if (isCallExpression(node) || node.type === 'NewExpression') {
    reference = callReference(node, parent, imports);
  }
  return reference !== undefined && isRelative(reference.source) ? reference : undefined;
}

function callReference(node: AnyNode, parent: AnyNode | undefined, imports: ImportMap): ModuleReference | undefined {
  const loaded = node.type === 'NewExpression' ? undefined : moduleSource(node);
  if (loaded !== undefined) {
    // `const x = require('./x')` binds the module like an `import` declaration: its calls are judged.
    const usedByParent =
      parent !== undefined &&
      (child(parent, 'callee') === node ||
        (isMemberExpression(parent) && child(parent, 'object') === node) ||
        (parent.type === 'VariableDeclarator' && child(parent, 'init') === node));
    return usedByParent ? undefined : { source: loaded, exported: undefined };
  }
  const callee = unwrap(child(node, 'callee'));
  const binding = mayNameModuleExport(callee, imports) ? resolveReference(callee, imports) : undefined;
  return binding ? { source: binding.source, exported: binding.imported } : undefined;
}

/**
 * The damaging work that a node of the entrypoint starts by running a relative module's code: for
 * an export called or constructed, what that export runs (`exportWork`); for a module loaded,
 * anything the module starts.
 */
export function importedDamagingWork(
  node: AnyNode,
  imports: ImportMap,
  file: string,
  options: ImportedModulesOptions,
  parent?: AnyNode,
): ImportedWork | undefined {
  const reference = moduleReference(node, parent, imports);
  if (reference === undefined || !path.isAbsolute(file)) return undefined;
  return referencedWork(file, reference, options, new Set());
}

/** Whether a node of the entrypoint starts damaging work in a relative module it runs (`importedDamagingWork`). */
export const importedNodeStartsDamagingWork = (
  node: AnyNode,
  imports: ImportMap,
  file: string,
  options: ImportedModulesOptions,
  parent?: AnyNode,
): boolean => importedDamagingWork(node, imports, file, options, parent) !== undefined;

/** What a reference made from `fromFile` runs; an export that cannot be read is judged by its whole module. */
function referencedWork(
  fromFile: string,
  reference: ModuleReference,
  options: ImportedModulesOptions,
  seen: Set<string>,
): ImportedWork | undefined {
  const target = relativeModuleFile(fromFile, reference.source);
  if (target === undefined) return undefined;
  if (reference.exported === undefined) return damagingWorkInModule(target, options);
  const work = exportWork(target, reference.exported, options, seen);
  return work === undefined ? damagingWorkInModule(target, options) : (work ?? undefined);
}

/**
 * The first damaging work that calling (or constructing) an export runs, following the modules it
 * calls in turn; null when it runs none; undefined when the module has no export of that name we
 * can read (`export const run = make()`, a computed `module.exports`).
 */
function exportWork(
  file: string,
  exported: string,
  options: ImportedModulesOptions,
  seen: Set<string>,
): ImportedWork | null | undefined {
  const key = `${file}#${exported}`;
  if (seen.has(key) || seen.size > MAX_FILES) return null;
  seen.add(key);
  const facts = factsOfFile(file, options);
  if (!facts) return undefined;
  const steps = facts.exports.get(exported) ?? facts.exports.get(exported.split('.')[0] ?? exported);
  if (steps) return stepsWork(file, steps, options, seen);
  for (const source of facts.starSources) {
    const target = relativeModuleFile(file, source);
    const work = target === undefined ? undefined : exportWork(target, exported, options, seen);
    if (work !== undefined) return work;
  }
  return undefined;
}

function stepsWork(
  file: string,
  steps: readonly WorkStep[],
  options: ImportedModulesOptions,
  seen: Set<string>,
): ImportedWork | null {
  for (const step of steps) {
    if (step.kind === 'work') return { file, ...step.site };
    const work = referencedWork(file, step.reference, options, seen);
    if (work) return work;
  }
  return null;
}

/** The file a relative specifier of `fromFile` names, within its package. */
export function relativeModuleFile(fromFile: string, specifier: string): string | undefined {
  if (!isRelative(specifier)) return undefined;
  const packageDir = findPackageDir(path.dirname(fromFile)) ?? path.dirname(fromFile);
  return resolveRelativeModule(fromFile, specifier, packageDir);
}

/** Test hook: forget every module read. */
export function clearImportedModuleCache(): void {
  factsCache.clear();
}
