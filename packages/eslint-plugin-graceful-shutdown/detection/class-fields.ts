/**
 * What a class stores in one of its fields (`this.ready`, `this.#fn`), read from the class body
 * alone (docs/architecture.md §4, promises that cannot reject): the field's initialiser and every
 * `this.name = …` written anywhere in the class. Writes from outside the class (`agenda.ready = …`)
 * are not seen; a subclass or code that replaces a public field of another class is assumed away.
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isMemberExpression,
  keyName,
  memberPath,
  propertyName,
  pushChildNodes,
  rootIdentifier,
  unwrap,
} from './syntax/ast.js';
import type { NameResolver } from './syntax/names.js';

/** `this.#x` (ESTree `PrivateIdentifier`, Babel `PrivateName`) rather than `this.x`. */
const isPrivateMember = (member: AnyNode): boolean => {
  const type = child(member, 'property')?.type;
  return type === 'PrivateIdentifier' || type === 'PrivateName';
};

const FIELD_TYPES = new Set(['PropertyDefinition', 'ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty']);

/** `this.x++`, `[this.x] = …`, `({ a: this.x } = …)`, `for (this.x of …)`: a write whose value cannot be read off the code. */
function isOpaqueWrite(member: AnyNode, parent: AnyNode): boolean {
  switch (parent.type) {
    case 'UpdateExpression':
    case 'ArrayPattern':
    case 'RestElement':
      return true;
    case 'AssignmentPattern':
    case 'ForOfStatement':
    case 'ForInStatement':
      return child(parent, 'left') === member;
    case 'Property':
    case 'ObjectProperty':
      return child(parent, 'value') === member && child(parent, 'parent')?.type === 'ObjectPattern';
    default:
      return false;
  }
}

function memberKey(member: AnyNode): { name: string; isPrivate: boolean } | undefined {
  const name = propertyName(member);
  return name === undefined ? undefined : { name, isPrivate: isPrivateMember(member) };
}

/** The name a class member declares, when static (`ready`, `#fn`, `['ready']`). */
function declaredKey(member: AnyNode): { name: string; isPrivate: boolean } | undefined {
  const key = child(member, 'key');
  const name = keyName(member);
  if (!key || name === undefined) return undefined;
  return { name, isPrivate: key.type === 'PrivateIdentifier' || key.type === 'PrivateName' };
}

const sameKey = (a: { name: string; isPrivate: boolean }, b: { name: string; isPrivate: boolean }): boolean =>
  a.name === b.name && a.isPrivate === b.isPrivate;

/** A declaration of the field itself: its initialiser (a field without one holds `undefined`, which cannot reject). */
function declarationValues(member: AnyNode, key: { name: string; isPrivate: boolean }): AnyNode[] | 'opaque' | 'none' {
  const declared = declaredKey(member);
  if (!declared || !sameKey(declared, key)) return 'none';
  if (!FIELD_TYPES.has(member.type)) return 'opaque'; // a method, getter or setter of that name
  const value = child(member, 'value');
  return value ? [value] : [];
}

/** `constructor(private ready: Promise<void>)`: the field holds whatever the caller passes. */
function isParameterProperty(member: AnyNode, key: { name: string; isPrivate: boolean }): boolean {
  if (member.kind !== 'constructor') return false;
  const fn = child(member, 'value') ?? member;
  return children(fn, 'params').some((param) => {
    if (param.type !== 'TSParameterProperty') return false;
    const target = child(param, 'parameter');
    const id = target?.type === 'AssignmentPattern' ? child(target, 'left') : target;
    return !key.isPrivate && id?.name === key.name;
  });
}

/**
 * Every value the class gives the field `this.name` names, or undefined when one cannot be read
 * off the code: a destructuring or update write, `this[key] = …` (unless `resolve` shows the key is
 * a symbol, which names no field), `Object.assign(this, …)`, a getter or method of that name, a
 * parameter property.
 */
export function classFieldValues(classNode: AnyNode, member: AnyNode, resolve?: NameResolver): AnyNode[] | undefined {
  const key = memberKey(member);
  const body = child(classNode, 'body');
  if (!key || !body) return undefined;
  const values: AnyNode[] = [];
  for (const classMember of children(body, 'body')) {
    const declared = declarationValues(classMember, key);
    if (declared === 'opaque' || isParameterProperty(classMember, key)) return undefined;
    if (declared !== 'none') values.push(...declared);
  }
  return collectWrites(body, key, values, resolve) ? values : undefined;
}

/** Adds the value of every `this.name = …` in the class body to `values`; false on a write that cannot be read. */
function collectWrites(
  body: AnyNode,
  key: { name: string; isPrivate: boolean },
  values: AnyNode[],
  resolve: NameResolver | undefined,
): boolean {
  const nodes: AnyNode[] = [body];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (isCallExpression(node) && assignsToThis(node)) return false;
    if (isMemberExpression(node) && child(node, 'object')?.type === 'ThisExpression') {
      const verdict = writeOf(node, key, resolve);
      if (verdict === 'opaque') return false;
      if (verdict) values.push(verdict);
    }
    pushChildNodes(node, nodes);
  }
  return true;
}

/** `Object.assign(this, …)`, `Object.defineProperty(this, …)`: writes with names nobody can read here. */
function assignsToThis(call: AnyNode): boolean {
  const callee = child(call, 'callee');
  const object = callee && isMemberExpression(callee) ? child(callee, 'object') : undefined;
  return (
    object?.type === 'Identifier' &&
    object.name === 'Object' &&
    children(call, 'arguments')[0]?.type === 'ThisExpression'
  );
}

/** The value `this.name` is given at this member expression, `'opaque'` when it is written unreadably, undefined when not written. */
function writeOf(
  member: AnyNode,
  key: { name: string; isPrivate: boolean },
  resolve: NameResolver | undefined,
): AnyNode | 'opaque' | undefined {
  const parent = child(member, 'parent');
  if (!parent) return 'opaque'; // no parent links: nothing here can be proven
  const opaque = isOpaqueWrite(member, parent);
  const isTarget = opaque || (parent.type === 'AssignmentExpression' && child(parent, 'left') === member);
  if (!isTarget) return undefined;
  const written = memberKey(member);
  // `this[name] = …` may write any field; `this[kState] = …` with `const kState = Symbol()` none.
  if (!written)
    return member.computed === true && !isSymbolKey(child(member, 'property'), resolve) ? 'opaque' : undefined;
  if (!sameKey(written, key)) return undefined;
  if (opaque) return 'opaque';
  // `this.x ||= p` keeps the old value or takes `p`: its value is the assignment itself.
  return parent.operator === '=' ? child(parent, 'right') : parent;
}

/** A call `Symbol(…)` / `Symbol.for(…)`, or a well-known symbol (`Symbol.iterator`). */
const isSymbolValue = (node: AnyNode | undefined, resolve: NameResolver): boolean => {
  const value = unwrap(node);
  const target = isCallExpression(value) ? unwrap(child(value!, 'callee')) : value;
  const path = memberPath(target);
  const root = rootIdentifier(target);
  if (path === undefined || root === undefined || resolve(root).kind !== 'global') return false;
  return isCallExpression(value) ? path === 'Symbol' || path === 'Symbol.for' : path.startsWith('Symbol.');
};

/** A computed key that holds a symbol: `kState` (`const kState = Symbol('state')`), `PRIVATE.STATE` of a const object of symbols. */
function isSymbolKey(key: AnyNode | undefined, resolve: NameResolver | undefined): boolean {
  const node = unwrap(key);
  if (!node || !resolve) return false;
  if (isSymbolValue(node, resolve)) return true;
  if (node.type === 'Identifier') {
    const resolution = resolve(node);
    return resolution.kind === 'value' && isSymbolValue(resolution.init, resolve);
  }
  const object = isMemberExpression(node) && node.computed !== true ? unwrap(child(node, 'object')) : undefined;
  const name = object?.type === 'Identifier' ? propertyName(node) : undefined;
  const resolution = object && name !== undefined ? resolve(object) : undefined;
  const init = resolution?.kind === 'value' ? unwrap(resolution.init) : undefined;
  if (init?.type !== 'ObjectExpression') return false;
  const property = children(init, 'properties').find((entry) => keyName(entry) === name);
  return property !== undefined && isSymbolValue(child(property, 'value'), resolve);
}
