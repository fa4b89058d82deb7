/**
 * Which local names refer to which module exports: `import { readFile } from 'node:fs/promises'`,
 * `import * as fsp from 'fs/promises'`, `const { once } = require('events')`,
 * `const fs = require('fs').promises`. Module names are normalised without `node:`, and the
 * `fs.promises` / `dns.promises` / `stream.promises` / `readline.promises` / `timers.promises`
 * namespaces are normalised to their `x/promises` module, so tables need one row per API.
 */
import {
  type AnyNode,
  argument,
  child,
  children,
  keyName,
  memberChainRoot,
  memberPath,
  propertyName,
  stringValue,
  unwrap,
} from './syntax/ast.js';

export interface ModuleBinding {
  /** Normalised module specifier: `fs/promises`, `events`, `undici`, `./graceful-shutdown.js`. */
  readonly source: string;
  /** The export this name refers to: a name, `default`, or `*` for a namespace / whole-module require. */
  readonly imported: string;
}

export type ImportMap = ReadonlyMap<string, ModuleBinding>;

/** Module names normalised: `node:fs` → `fs`. */
export const normalizeModule = (specifier: string): string =>
  specifier.startsWith('node:') ? specifier.slice(5) : specifier;

/** Modules that expose a `promises` namespace equivalent to `<module>/promises`. */
const PROMISES_NAMESPACES = new Set(['fs', 'dns', 'stream', 'readline', 'timers']);

/** The module a call loads whole: `require('x')`, `process.getBuiltinModule('x')`, `await import('x')`. */
function requireSource(node: AnyNode | undefined): string | undefined {
  let call = unwrap(node);
  if (call?.type === 'AwaitExpression') {
    // `await import('x')`: ESTree `ImportExpression`, Babel `CallExpression` with an `Import` callee.
    const awaited = unwrap(child(call, 'argument'));
    if (awaited?.type === 'ImportExpression') {
      const source = stringValue(child(awaited, 'source'));
      return source === undefined ? undefined : normalizeModule(source);
    }
    if (awaited?.type !== 'CallExpression' || child(awaited, 'callee')?.type !== 'Import') return undefined;
    call = awaited;
  } else {
    if (!call || call.type !== 'CallExpression') return undefined;
    const callee = memberPath(child(call, 'callee'));
    if (callee !== 'require' && callee !== 'process.getBuiltinModule') return undefined;
  }
  const source = stringValue(argument(call, 0));
  return source === undefined ? undefined : normalizeModule(source);
}

/** A binding to `imported` of `source`, with `{ promises }` of fs/dns/… normalised to the `x/promises` namespace. */
function exportBinding(source: string, imported: string): ModuleBinding {
  return imported === 'promises' && PROMISES_NAMESPACES.has(source)
    ? { source: `${source}/promises`, imported: '*' }
    : { source, imported };
}

/** What a `require(...)`-based initialiser binds: `require('fs')`, `require('fs').promises`, `require('events').once`. */
function requireBinding(init: AnyNode | undefined): ModuleBinding | undefined {
  const node = unwrap(init);
  if (!node) return undefined;
  const direct = requireSource(node);
  if (direct !== undefined) return { source: direct, imported: '*' };
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const object = requireSource(child(node, 'object'));
    const property = propertyName(node);
    if (object === undefined || property === undefined) return undefined;
    return exportBinding(object, property);
  }
  return undefined;
}

function bindPattern(pattern: AnyNode | undefined, base: ModuleBinding, into: Map<string, ModuleBinding>): void {
  if (!pattern) return;
  if (pattern.type === 'Identifier' && typeof pattern.name === 'string') {
    into.set(pattern.name, base);
    return;
  }
  if (pattern.type !== 'ObjectPattern' || base.imported !== '*') return;
  for (const property of children(pattern, 'properties')) {
    if (property.type !== 'Property' && property.type !== 'ObjectProperty') continue;
    const name = keyName(property);
    if (name === undefined) continue;
    let value = child(property, 'value');
    if (value?.type === 'AssignmentPattern') value = child(value, 'left');
    const binding = exportBinding(base.source, name);
    if (binding.imported === '*') bindPattern(value, binding, into);
    else if (value?.type === 'Identifier' && typeof value.name === 'string') into.set(value.name, binding);
  }
}

/** `const fsp = fs.promises`, `const { once } = events`: an initialiser that is a (member of a) module binding. */
function aliasBinding(init: AnyNode | undefined, bindings: ImportMap): ModuleBinding | undefined {
  const node = unwrap(init);
  if (node?.type !== 'Identifier' && node?.type !== 'MemberExpression' && node?.type !== 'OptionalMemberExpression')
    return undefined;
  const binding = resolveReference(node, bindings);
  // A namespace's `default` is the namespace again (`import fs from 'fs'` is treated like `* as fs`).
  return binding?.imported === 'default' ? { source: binding.source, imported: '*' } : binding;
}

/** Collects the module bindings declared at the top level of a program (ESM imports and CJS requires). */
export function collectImports(program: AnyNode): ImportMap {
  const bindings = new Map<string, ModuleBinding>();
  for (const statement of children(program, 'body')) {
    if (statement.type === 'ImportDeclaration') {
      const source = stringValue(child(statement, 'source'));
      if (source === undefined) continue;
      const module = normalizeModule(source);
      // Type-only imports bind no runtime value.
      if (statement.importKind === 'type' || statement.importKind === 'typeof') continue;
      for (const specifier of children(statement, 'specifiers')) {
        const local = child(specifier, 'local')?.name;
        if (typeof local !== 'string' || specifier.importKind === 'type' || specifier.importKind === 'typeof') continue;
        if (specifier.type === 'ImportDefaultSpecifier') bindings.set(local, { source: module, imported: 'default' });
        else if (specifier.type === 'ImportNamespaceSpecifier') bindings.set(local, { source: module, imported: '*' });
        else {
          const imported = child(specifier, 'imported');
          const name = (imported?.name as string | undefined) ?? stringValue(imported) ?? local;
          bindings.set(local, exportBinding(module, name));
        }
      }
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of children(statement, 'declarations')) {
        const init = child(declarator, 'init');
        // `require(…)`, `await import(…)`, or an alias of a binding made above (`const fsp = fs.promises`).
        const binding = requireBinding(init) ?? aliasBinding(init, bindings);
        if (binding) bindPattern(child(declarator, 'id'), binding, bindings);
      }
    } else if (statement.type === 'TSImportEqualsDeclaration') {
      // import fs = require('fs');
      const reference = child(statement, 'moduleReference');
      const source = stringValue(child(reference ?? statement, 'expression'));
      const local = child(statement, 'id')?.name;
      if (source !== undefined && typeof local === 'string')
        bindings.set(local, { source: normalizeModule(source), imported: '*' });
    }
  }
  return bindings;
}

const importsByProgram = new WeakMap<AnyNode, ImportMap>();

/**
 * `collectImports` once per parsed file, shared by every rule that lints it. Only for ASTs that
 * are never edited (ESLint's): the codemods add imports to theirs, so they call `collectImports`.
 */
export function programImports(program: AnyNode): ImportMap {
  let imports = importsByProgram.get(program);
  if (imports === undefined) {
    imports = collectImports(program);
    importsByProgram.set(program, imports);
  }
  return imports;
}

/**
 * Resolves a callee (or any reference) to the module export it names, if it does:
 * `readFile` → fs/promises#readFile; `fsp.readFile` → fs/promises#readFile;
 * `fs.promises.readFile` → fs/promises#readFile; `require('timers/promises').setTimeout` too.
 * A `default` import of a module is treated like its namespace (`import fs from 'fs'`).
 */
export function resolveReference(node: AnyNode | undefined, imports: ImportMap): ModuleBinding | undefined {
  const target = unwrap(node);
  if (!target) return undefined;
  if (target.type === 'Identifier' && typeof target.name === 'string') return imports.get(target.name);
  if (target.type !== 'MemberExpression' && target.type !== 'OptionalMemberExpression') {
    const inline = requireBinding(target);
    return inline;
  }
  const property = propertyName(target);
  if (property === undefined) return undefined;
  const object = child(target, 'object');
  const base = resolveReference(object, imports) ?? requireBinding(object);
  if (!base) return undefined;
  if (base.imported === '*' || base.imported === 'default') return exportBinding(base.source, property);
  // `import { promises } from 'fs'` then `promises.readFile`.
  if (base.imported === 'promises' && PROMISES_NAMESPACES.has(base.source))
    return { source: `${base.source}/promises`, imported: property };
  return { source: base.source, imported: `${base.imported}.${property}` };
}

/**
 * Whether `resolveReference` can resolve `node` at all: its root is an imported name or an inline
 * `require(…)`. A cheap test for code that looks at every call of a file, before the resolution
 * (which builds a binding for each member step).
 */
export function mayNameModuleExport(node: AnyNode | undefined, imports: ImportMap): boolean {
  const current = memberChainRoot(node);
  if (!current) return false;
  if (current.type === 'Identifier') return typeof current.name === 'string' && imports.has(current.name);
  return requireBinding(current) !== undefined;
}
