/**
 * What each export of a parsed module is, as far as running it goes: the code that runs when the
 * export is called or constructed (a function's body, a class's constructor), or the module it is
 * re-exported from. ESM (`export function`, `export { a as b }`, `export default`, `export … from`)
 * and CommonJS (`module.exports = …`, `module.exports.x = …`, `exports.x = …`). An export of any
 * other shape (`export const x = create()`) is absent: callers then judge the whole module.
 */
import {
  type AnyNode,
  child,
  children,
  isFunctionNode,
  keyName,
  memberPath,
  stringValue,
  unwrap,
} from './syntax/ast.js';
import { topLevelBinding } from './process-listeners.js';

export type ModuleExport =
  /** Code that runs when the export is called or constructed; `value` is the function or class itself. */
  | { readonly kind: 'code'; readonly roots: readonly AnyNode[]; readonly value: AnyNode }
  /** `export { name as exported } from 'source'`. */
  | { readonly kind: 're-export'; readonly source: string; readonly imported: string };

export interface ModuleExports {
  /** By exported name; `default` (ESM default or `module.exports`), `*` (what `require(…)()` calls), `name.member` for an object's members. */
  readonly named: ReadonlyMap<string, ModuleExport>;
  /** `export * from 'source'`: where a name missing from `named` may come from. */
  readonly starSources: readonly string[];
}

const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);

/** The exports of a module. */
export function moduleExports(program: AnyNode): ModuleExports {
  const named = new Map<string, ModuleExport>();
  const starSources: string[] = [];
  const add = (name: string, value: AnyNode | undefined): void => addValue(named, name, value, program);
  for (const statement of children(program, 'body')) {
    if (statement.type === 'ExportAllDeclaration') {
      const source = stringValue(child(statement, 'source'));
      const exported = exportedName(child(statement, 'exported'));
      if (source !== undefined && exported === undefined) starSources.push(source);
    } else if (statement.type === 'ExportNamedDeclaration') addNamedExport(statement, named, add);
    else if (statement.type === 'ExportDefaultDeclaration') add('default', child(statement, 'declaration'));
    else if (statement.type === 'ExpressionStatement') addCommonJsExport(child(statement, 'expression'), add);
  }
  return { named, starSources };
}

function addNamedExport(
  statement: AnyNode,
  named: Map<string, ModuleExport>,
  add: (name: string, value: AnyNode | undefined) => void,
): void {
  const source = stringValue(child(statement, 'source'));
  for (const specifier of children(statement, 'specifiers')) {
    const local = exportedName(child(specifier, 'local'));
    const exported = exportedName(child(specifier, 'exported')) ?? local;
    if (local === undefined || exported === undefined) continue;
    if (source !== undefined) named.set(exported, { kind: 're-export', source, imported: local });
    else add(exported, child(specifier, 'local'));
  }
  const declaration = child(statement, 'declaration');
  if (!declaration) return;
  const id = child(declaration, 'id');
  if (id?.type === 'Identifier') add(String(id.name), declaration);
  else if (declaration.type === 'VariableDeclaration')
    for (const declarator of children(declaration, 'declarations')) {
      const declared = child(declarator, 'id');
      if (declared?.type === 'Identifier') add(String(declared.name), child(declarator, 'init'));
    }
}

/** `module.exports = value`, `module.exports.name = value`, `exports.name = value`. */
function addCommonJsExport(
  expression: AnyNode | undefined,
  add: (name: string, value: AnyNode | undefined) => void,
): void {
  if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=') return;
  const target = memberPath(child(expression, 'left'));
  const value = child(expression, 'right');
  if (target === 'module.exports') {
    add('default', value);
    add('*', value);
    const object = unwrap(value);
    if (object?.type === 'ObjectExpression')
      for (const property of children(object, 'properties')) {
        const key = propertyKey(property);
        if (key !== undefined) add(key, child(property, 'value'));
      }
    return;
  }
  const name = /^(?:module\.)?exports\.([^.]+)$/.exec(target ?? '')?.[1];
  if (name !== undefined) add(name, value);
}

/** Records what an export's value runs; an object's function members also as `name.member`. */
function addValue(named: Map<string, ModuleExport>, name: string, value: AnyNode | undefined, program: AnyNode): void {
  const resolved = resolveValue(value, program);
  if (!resolved) return;
  const roots = codeRoots(resolved);
  if (roots) named.set(name, { kind: 'code', roots, value: resolved });
  if (resolved.type !== 'ObjectExpression') return;
  for (const property of children(resolved, 'properties')) {
    const key = propertyKey(property);
    const member = key === undefined ? undefined : resolveValue(child(property, 'value'), program);
    const memberRoots = codeRoots(member);
    if (key !== undefined && member && memberRoots)
      named.set(`${name}.${key}`, { kind: 'code', roots: memberRoots, value: member });
  }
}

/** An identifier resolved to its top-level function, class or initialiser. */
function resolveValue(value: AnyNode | undefined, program: AnyNode): AnyNode | undefined {
  const target = unwrap(value);
  if (target?.type !== 'Identifier' || typeof target.name !== 'string') return target;
  const name = target.name;
  for (const raw of children(program, 'body')) {
    const statement =
      raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration'
        ? child(raw, 'declaration')
        : raw;
    if (statement && CLASS_TYPES.has(statement.type) && child(statement, 'id')?.name === name) return statement;
  }
  return unwrap(topLevelBinding(program, name));
}

/**
 * The code that runs when a value is called or constructed: a function's body; a class's
 * constructor and field initialisers. Undefined for any other value (an object's function
 * members are exports of their own, `name.member`).
 */
function codeRoots(value: AnyNode | undefined): AnyNode[] | undefined {
  if (!value) return undefined;
  if (isFunctionNode(value)) {
    const body = child(value, 'body');
    return body ? [body] : [];
  }
  if (CLASS_TYPES.has(value.type)) return children(child(value, 'body') ?? value, 'body').flatMap(memberRoots);
  return undefined;
}

/**
 * What of a class runs when it is constructed: the constructor's body, field initialisers, static
 * blocks. Other methods run only when called on the instance, which is not the construction.
 */
function memberRoots(member: AnyNode): AnyNode[] {
  if (member.type === 'StaticBlock') return [member];
  if (member.kind === 'constructor') {
    const constructor = isFunctionNode(member) ? member : unwrap(child(member, 'value'));
    return codeRoots(constructor) ?? [];
  }
  if (member.type !== 'PropertyDefinition' && member.type !== 'ClassProperty') return [];
  const value = unwrap(child(member, 'value'));
  return value && !isFunctionNode(value) ? [value] : [];
}

/** `{ run }`, `{ run: … }`, `{ 'run': … }`: the key of an object literal's property. */
function propertyKey(property: AnyNode): string | undefined {
  if (property.type !== 'Property' && property.type !== 'ObjectProperty') return undefined;
  return keyName(property);
}

const exportedName = (node: AnyNode | undefined): string | undefined =>
  node?.type === 'Identifier' ? String(node.name) : stringValue(node);
