/**
 * Functions of other modules of the same package, for the cannot-reject analysis without types
 * (docs/architecture.md §4): `sleep(ms)` with `const sleep = require('./sleep')`, `utils.wait()`,
 * `import { wait } from './wait.js'`, and `queue.drain()` / `this.queue.drain()` where the receiver
 * only ever holds `new Queue(…)` of an imported class. Only relative specifiers inside the package
 * are followed; each module is read and parsed once per version (path + mtime + size) for the whole
 * lint run, and its names are resolved in its own scope (`scopeFromProgram`), never the caller's.
 * A module that is missing, too large or does not parse is unknown: its functions "may reject".
 */
import path from 'node:path';
import { type AnyNode, child, isMemberExpression, propertyName, unwrap } from './syntax/ast.js';
import { type ModuleFunction, type RejectionResolver, localFunctionOf } from './cannot-reject.js';
import { type ModuleParser, parseModuleFile, relativeModuleFile } from './imported-modules.js';
import { type ModuleExport, moduleExports } from './module-exports.js';
import { fileStamp, projectCacheGeneration } from './project.js';
import {
  type PromiseScope,
  classMethod,
  isSyntacticFunctionHandler,
  moduleExportOf,
  scopeFromProgram,
} from './promise-apis.js';

export interface ModuleFunctionLookup {
  /** The (absolute) file whose code names the callee. */
  readonly file: string;
  readonly parse: ModuleParser;
  /** Names of that file. */
  readonly scope: PromiseScope;
  /** Every value a local variable or `this.x` is given, when all are known (`RejectionResolver.valuesOf`). */
  readonly valuesOf?: (target: AnyNode) => readonly AnyNode[] | undefined;
}

/** A module read for its functions: its exports, and the resolver of its own names. */
interface ParsedModule {
  readonly file: string;
  readonly exports: ReadonlyMap<string, ModuleExport>;
  readonly starSources: readonly string[];
  readonly scope: PromiseScope;
  readonly resolver: RejectionResolver;
}

const isClass = (node: AnyNode): boolean => node.type === 'ClassDeclaration' || node.type === 'ClassExpression';

/** How many re-exports (`export { x } from './y'`, `export * from`) are followed to find an export. */
const MAX_REEXPORTS = 4;

/** The function a callee runs in another module of the package, with that module's resolver. */
export function importedFunctionOf(callee: AnyNode, lookup: ModuleFunctionLookup): ModuleFunction | undefined {
  const node = unwrap(callee);
  if (!node || !path.isAbsolute(lookup.file)) return undefined;
  const binding = moduleExportOf(node, lookup.scope);
  if (binding) {
    const found = exportedValue(lookup.file, binding.source, binding.imported, lookup.parse);
    return found && !isClass(found.value) ? { fn: found.value, resolver: found.module.resolver } : undefined;
  }
  return isMemberExpression(node) ? importedInstanceMethod(node, lookup) : undefined;
}

/** `queue.drain()` / `this.queue.drain()`: every value the receiver holds is `new Queue(…)` of one imported class. */
function importedInstanceMethod(member: AnyNode, lookup: ModuleFunctionLookup): ModuleFunction | undefined {
  const name = propertyName(member);
  const receiver = unwrap(child(member, 'object'));
  if (name === undefined || !receiver || member.computed === true) return undefined;
  const isVariable = receiver.type === 'Identifier';
  const isThisField = isMemberExpression(receiver) && unwrap(child(receiver, 'object'))?.type === 'ThisExpression';
  const values = isVariable || isThisField ? lookup.valuesOf?.(receiver) : undefined;
  if (!values || values.length === 0) return undefined;
  let method: ModuleFunction | undefined;
  for (const value of values) {
    const created = unwrap(value);
    const binding =
      created?.type === 'NewExpression' ? moduleExportOf(child(created, 'callee'), lookup.scope) : undefined;
    const found = binding && exportedValue(lookup.file, binding.source, binding.imported, lookup.parse);
    const fn = found && isClass(found.value) && classMethod(found.value, name, false, found.module.scope.resolve);
    if (!found || !fn || (method && method.fn !== fn)) return undefined;
    method = { fn, resolver: found.module.resolver };
  }
  return method;
}

/** What export `imported` of the module `source` names from `fromFile` is (a function or a class), following re-exports. */
function exportedValue(
  fromFile: string,
  source: string,
  imported: string,
  parse: ModuleParser,
  depth = 0,
): { readonly module: ParsedModule; readonly value: AnyNode } | undefined {
  const file = relativeModuleFile(fromFile, source);
  const module = file === undefined ? undefined : parsedModule(file, parse);
  if (!module || depth > MAX_REEXPORTS) return undefined;
  const entry = module.exports.get(imported);
  if (entry?.kind === 'code') return { module, value: entry.value };
  if (entry?.kind === 're-export') return exportedValue(module.file, entry.source, entry.imported, parse, depth + 1);
  if (imported === 'default' || imported === '*') return undefined;
  for (const star of module.starSources) {
    const found = exportedValue(module.file, star, imported, parse, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Parsed modules kept for the lint run, least recently used first: a tree is large, and a run over
 * a big package would otherwise hold one per module it ever asked about.
 */
const MAX_CACHED_MODULES = 256;
const modules = new Map<string, { readonly stamp: string; readonly module: ParsedModule | undefined }>();
let cachedGeneration = projectCacheGeneration();

/** A module read, parsed and indexed once per version of the file. */
function parsedModule(file: string, parse: ModuleParser): ParsedModule | undefined {
  if (cachedGeneration !== projectCacheGeneration()) {
    modules.clear();
    cachedGeneration = projectCacheGeneration();
  }
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const cached = modules.get(file);
  modules.delete(file);
  if (cached?.stamp === stamp) {
    modules.set(file, cached);
    return cached.module;
  }
  const parsed = parseModuleFile(file, stamp, parse);
  let module: ParsedModule | undefined;
  try {
    module = parsed ? indexModule(file, parsed.program, parse) : undefined;
  } catch {
    module = undefined; // a tree the readers cannot index: unknown
  }
  if (modules.size >= MAX_CACHED_MODULES) modules.delete(modules.keys().next().value!);
  modules.set(file, { stamp, module });
  return module;
}

function indexModule(file: string, program: AnyNode, parse: ModuleParser): ParsedModule {
  const { named, starSources } = moduleExports(program);
  const scope = scopeFromProgram(program);
  // Without parent links (a parse of our own), `this.x` and variable values stay unknown: "may reject".
  const resolver: RejectionResolver = {
    functionOf: (callee) => localFunctionOf(callee, scope),
    isFunctionHandler: (node) => isSyntacticFunctionHandler(node, scope),
    importedFunctionOf: (callee) => importedFunctionOf(callee, { file, parse, scope }),
  };
  return { file, exports: named, starSources, scope, resolver };
}
