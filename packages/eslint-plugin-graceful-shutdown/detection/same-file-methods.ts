/**
 * Without types, the methods a call on a receiver of unknown origin may run (docs/architecture.md §4,
 * "a promise that cannot reject"): `e.realpath()` on a loop variable or a callback's parameter, in a
 * file (often a bundle) that declares `realpath` itself.
 *
 * The criterion is a closed world by property name, as field-based call graphs use: such a call may
 * run any function the file stores under that name (a class method or function-valued field, an
 * object literal's method or function-valued property, `x.name = fn`), and nothing else, unless the
 * receiver is evidently another object. It is not resolved when:
 * - the receiver is rooted at an import, a `require`, a global or a call of one (through `const`
 *   aliases and `new Imported()`), at `this` or `this.field` holding such values, at a class or a
 *   function, or at a member the code computes (`list[i]`);
 * - its member chain (or its root's name, `const { promises } = fs`) names a property under which
 *   an object literal of the file holds another object literal declaring the name (`promises:
 *   { lstat: fsp.lstat }`): that inner literal is reached only through such a chain, which is
 *   therefore never resolved, and so it is not a candidate of a bare receiver;
 * - any value the file stores under the name is not a function the analysis can read (an imported
 *   function, a getter, `Object.defineProperty`), or no function is stored under it at all.
 * A value that is not callable (`this.realpath = !!options.realpath`) is no candidate: calling it
 * throws synchronously, a bug rather than a rejection. The residual risk is the closed world itself:
 * an object from another module, handed in as a parameter, whose method has a name this file also
 * declares.
 *
 * `x.#name()` needs no presumption: a private name is the enclosing class's. The same presumption
 * also says which values are the file's objects, and so no thenables when the file declares no
 * `then` on its classes or literals: a variable the code calls such a method on, and a variable or
 * field it reads a private member of (which throws on any other object).
 */
import {
  type AnyNode,
  child,
  children,
  isCallExpression,
  isFunctionNode,
  isMemberExpression,
  keyName,
  propertyName,
  unwrap,
  walk,
  VALUE_EXPRESSION_TYPES,
} from './syntax/ast.js';
import type { NameResolver } from './syntax/names.js';
import { isRequireCall } from './syntax/require.js';

/** What the file stores under one property name. */
interface NameDefinitions {
  readonly functions: AnyNode[];
  /** A value that may be a function the analysis cannot read. */
  opaque: boolean;
}

/** One index per Program: every name the file stores a value under, and where object literals nest. */
interface MemberIndex {
  readonly definitions: Map<string, NameDefinitions>;
  /** Per name: the keys under which an object literal holds an object literal declaring that name. */
  readonly nestedUnder: Map<string, Set<string>>;
  /** Per class body: the fields `f` it reads a private member of (`this.parent.#fs`). */
  readonly privatelyReadFields: Map<AnyNode, Set<string>>;
  /**
   * Whether the file declares `then` on its classes or object literals (a member, `this.then = …`,
   * `X.prototype.then = …`). `request.then = promise.then.bind(promise)` makes that one object
   * thenable, not the file's classes or literals.
   */
  declaresThen: boolean;
  /** The file's names, to read a value stored under a name (`fullpath: path` of a local string). */
  readonly resolve: NameResolver;
}

const indexes = new WeakMap<AnyNode, MemberIndex>();

const CLASS_MEMBERS = new Set([
  'MethodDefinition',
  'PropertyDefinition',
  'AccessorProperty',
  'TSAbstractMethodDefinition',
  'ClassMethod',
  'ClassProperty',
  'ClassAccessorProperty',
]);

const OBJECT_PROPERTIES = new Set(['Property', 'ObjectProperty', 'ObjectMethod']);

/** Values that are certainly not functions (calling one throws synchronously). */
const NOT_CALLABLE = new Set(VALUE_EXPRESSION_TYPES);

/** The file's index of member names, built on first use (one walk per Program). */
function memberIndex(program: AnyNode, resolve: NameResolver): MemberIndex {
  let index = indexes.get(program);
  if (!index) {
    index = buildIndex(program, resolve);
    indexes.set(program, index);
  }
  return index;
}

function buildIndex(program: AnyNode, resolve: NameResolver): MemberIndex {
  const index: MemberIndex = {
    definitions: new Map(),
    nestedUnder: new Map(),
    privatelyReadFields: new Map(),
    declaresThen: false,
    resolve,
  };
  walk(program, (node, parent) => {
    if (isPrivateMember(node)) indexPrivateRead(index, node);
    else if (CLASS_MEMBERS.has(node.type)) indexClassMember(index, node);
    else if (OBJECT_PROPERTIES.has(node.type) && parent?.type === 'ObjectExpression')
      indexProperty(index, node, parent);
    else if (node.type === 'AssignmentExpression') indexAssignment(index, node);
    else if (isCallExpression(node)) indexDefineProperty(index, node);
  });
  return index;
}

function definitionsOf(index: MemberIndex, name: string): NameDefinitions {
  let definitions = index.definitions.get(name);
  if (!definitions) {
    definitions = { functions: [], opaque: false };
    index.definitions.set(name, definitions);
  }
  return definitions;
}

/** Records a value stored under `name`: a function, nothing callable, or an opaque value. */
function addValue(index: MemberIndex, name: string, value: AnyNode | undefined): void {
  const definitions = definitionsOf(index, name);
  const node = unwrap(value);
  if (isNotCallable(node, index.resolve)) return;
  const fn = isFunctionNode(node) ? node : localFunction(node!, index.resolve);
  if (fn) definitions.functions.push(fn);
  else definitions.opaque = true;
}

const ARITHMETIC_ASSIGNMENTS = new Set(['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=']);

/** A value that is certainly no function: a literal, an operator's result, a local `const` of one. */
function isNotCallable(value: AnyNode | undefined, resolve: NameResolver, depth = 0): boolean {
  const node = unwrap(value);
  if (node === undefined || NOT_CALLABLE.has(node.type)) return true;
  if (depth > MAX_ORIGIN_DEPTH) return false;
  switch (node.type) {
    case 'Identifier': {
      if (node.name === 'undefined') return true;
      const resolution = resolve(node);
      return resolution.kind === 'value' && isNotCallable(resolution.init, resolve, depth + 1);
    }
    case 'ConditionalExpression':
      return (
        isNotCallable(child(node, 'consequent'), resolve, depth + 1) &&
        isNotCallable(child(node, 'alternate'), resolve, depth + 1)
      );
    case 'LogicalExpression':
      return (
        isNotCallable(child(node, 'left'), resolve, depth + 1) &&
        isNotCallable(child(node, 'right'), resolve, depth + 1)
      );
    case 'AssignmentExpression':
      // `total += part` is a number or a string; `a = b` and `a ||= b` are (or may be) `b`.
      return (
        ARITHMETIC_ASSIGNMENTS.has(String(node.operator)) || isNotCallable(child(node, 'right'), resolve, depth + 1)
      );
    default:
      return false;
  }
}

/** `{ lstat }` of a function declared in this file. */
function localFunction(node: AnyNode, resolve: NameResolver): AnyNode | undefined {
  if (node.type !== 'Identifier') return undefined;
  const resolution = resolve(node);
  return resolution.kind === 'function' ? resolution.node : undefined;
}

const isPrivateKey = (node: AnyNode): boolean => {
  const type = child(node, 'key')?.type;
  return type === 'PrivateIdentifier' || type === 'PrivateName';
};

function indexClassMember(index: MemberIndex, member: AnyNode): void {
  const name = keyName(member);
  if (name === undefined || isPrivateKey(member) || member.kind === 'constructor') return;
  if (name === 'then') index.declaresThen = true;
  // An overload signature or an abstract method has no body: the implementation is indexed.
  if (child(member, 'value')?.type === 'TSEmptyBodyFunctionExpression') return;
  if (member.kind === 'get' || member.kind === 'set') definitionsOf(index, name).opaque = true;
  else if (member.type === 'ClassMethod' || member.type === 'TSAbstractMethodDefinition') {
    // Babel's method is the function; an abstract method has no body (its subclasses' are indexed).
    if (member.type === 'ClassMethod') definitionsOf(index, name).functions.push(member);
  } else addValue(index, name, child(member, 'value'));
}

function indexProperty(index: MemberIndex, property: AnyNode, object: AnyNode): void {
  const name = keyName(property);
  if (name === undefined) return;
  if (name === 'then') index.declaresThen = true;
  if (nestingKey(object) !== undefined) return void addNesting(index, name, nestingKey(object)!);
  if (property.kind === 'get' || property.kind === 'set') definitionsOf(index, name).opaque = true;
  else addValue(index, name, property.type === 'ObjectMethod' ? property : child(property, 'value'));
}

/** `promises` for the inner literal of `{ promises: { lstat } }`. */
function nestingKey(object: AnyNode): string | undefined {
  const holder = child(object, 'parent');
  if (!holder || !OBJECT_PROPERTIES.has(holder.type) || unwrap(child(holder, 'value')) !== object) return undefined;
  return child(holder, 'parent')?.type === 'ObjectExpression' ? keyName(holder) : undefined;
}

function addNesting(index: MemberIndex, name: string, key: string): void {
  let keys = index.nestedUnder.get(name);
  if (!keys) index.nestedUnder.set(name, (keys = new Set()));
  keys.add(key);
}

/** `x.name = value` (not `this.#name`): a value stored under `name`. */
function indexAssignment(index: MemberIndex, assignment: AnyNode): void {
  const target = child(assignment, 'left');
  if (!target || !isMemberExpression(target) || child(target, 'property')?.type === 'PrivateIdentifier') return;
  const name = propertyName(target);
  if (name === undefined) return;
  if (name === 'then' && definesOnClass(unwrap(child(target, 'object')))) index.declaresThen = true;
  if (assignment.operator === '=') addValue(index, name, child(assignment, 'right'));
  else definitionsOf(index, name).opaque = true;
}

/** `this` or `X.prototype`: an assignment there defines a member of a class. */
const definesOnClass = (object: AnyNode | undefined): boolean =>
  object?.type === 'ThisExpression' ||
  (object !== undefined && isMemberExpression(object) && propertyName(object) === 'prototype');

/** `Object.defineProperty(x, 'name', …)`: a value nobody reads here. */
function indexDefineProperty(index: MemberIndex, call: AnyNode): void {
  const callee = unwrap(child(call, 'callee'));
  if (!callee || !isMemberExpression(callee) || propertyName(callee) !== 'defineProperty') return;
  const key = children(call, 'arguments')[1];
  const name = key && (key.type === 'Literal' || key.type === 'StringLiteral') ? key.value : undefined;
  if (typeof name !== 'string') return;
  definitionsOf(index, name).opaque = true;
  if (name === 'then') index.declaresThen = true;
}

const isPrivateMember = (node: AnyNode | undefined): boolean => {
  const type = node && isMemberExpression(node) ? child(node, 'property')?.type : undefined;
  return type === 'PrivateIdentifier' || type === 'PrivateName';
};

/** `this.f.#x`: the class body around it reads a private member of its field `f`. */
function indexPrivateRead(index: MemberIndex, member: AnyNode): void {
  const object = unwrap(child(member, 'object'));
  const field = object && isMemberExpression(object) && object.computed !== true ? propertyName(object) : undefined;
  if (field === undefined || unwrap(child(object!, 'object'))?.type !== 'ThisExpression') return;
  const body = enclosingClassBody(member);
  if (!body) return;
  let fields = index.privatelyReadFields.get(body);
  if (!fields) index.privatelyReadFields.set(body, (fields = new Set()));
  fields.add(field);
}

function enclosingClassBody(node: AnyNode): AnyNode | undefined {
  for (let at = child(node, 'parent'); at; at = child(at, 'parent')) if (at.type === 'ClassBody') return at;
  return undefined;
}

/** How many `const` aliases are followed back to a receiver's root. */
const MAX_ORIGIN_DEPTH = 8;

/**
 * Whether the value of `node` may be an object of this file: false when it is evidently another
 * (rooted at an import, a require, a global, `this`, a class or a function, or reached through a
 * key in `blocked`); true when nothing says where it comes from.
 */
function mayBeOwnObject(
  node: AnyNode | undefined,
  blocked: ReadonlySet<string> | undefined,
  resolve: NameResolver,
  depth = 0,
): boolean {
  const value = unwrap(node);
  if (!value || depth > MAX_ORIGIN_DEPTH) return false;
  switch (value.type) {
    case 'Identifier': {
      if (typeof value.name !== 'string' || blocked?.has(value.name) === true) return false;
      const resolution = resolve(value);
      if (resolution.kind === 'unknown') return true;
      return resolution.kind === 'value' && mayBeOwnObject(resolution.init, blocked, resolve, depth + 1);
    }
    case 'MemberExpression': {
      const key = propertyName(value);
      if (key === undefined || value.computed === true || blocked?.has(key) === true) return false;
      const object = unwrap(child(value, 'object'));
      // `this.field`: a field of unknown origin (its values are checked by the caller when known).
      return object?.type === 'ThisExpression' || mayBeOwnObject(object, blocked, resolve, depth);
    }
    case 'AwaitExpression':
      return mayBeOwnObject(child(value, 'argument'), blocked, resolve, depth);
    case 'ConditionalExpression':
      return ['consequent', 'alternate'].every((key) => mayBeOwnObject(child(value, key), blocked, resolve, depth));
    case 'LogicalExpression':
      return ['left', 'right'].every((key) => mayBeOwnObject(child(value, key), blocked, resolve, depth));
    case 'NewExpression':
    case 'CallExpression': {
      if (isRequireCall(value)) return false;
      const callee = unwrap(child(value, 'callee'));
      if (callee?.type === 'Identifier') {
        const kind = resolve(callee).kind;
        return kind !== 'import' && kind !== 'global';
      }
      return callee !== undefined && isMemberExpression(callee) && mayBeOwnObject(callee, blocked, resolve, depth);
    }
    default:
      return false;
  }
}

/**
 * The functions a call `receiver.name(…)` may run, when its receiver may be an object of this file
 * and every value the file stores under `name` is a function it declares (see the file comment);
 * undefined when the call is not resolved by name. `fieldValues` gives what a class stores in
 * `this.field`, when known: each value must itself be of unknown origin.
 */
export function sameFileMethodsOf(
  callee: AnyNode,
  program: AnyNode,
  resolve: NameResolver,
  fieldValues?: (member: AnyNode) => readonly AnyNode[] | undefined,
): readonly AnyNode[] | undefined {
  const member = unwrap(callee);
  if (!member || !isMemberExpression(member) || member.computed === true) return undefined;
  const property = child(member, 'property');
  if (property?.type === 'PrivateIdentifier' || property?.type === 'PrivateName') return privateMethodOf(member);
  if (property?.type !== 'Identifier') return undefined;
  const name = propertyName(member);
  const index = memberIndex(program, resolve);
  const definitions = name === undefined ? undefined : index.definitions.get(name);
  if (!definitions || definitions.opaque || definitions.functions.length === 0) return undefined;
  const receiver = unwrap(child(member, 'object'));
  const blocked = index.nestedUnder.get(name!);
  if (!receiver || !mayBeOwnObject(receiver, blocked, resolve)) return undefined;
  const field = thisField(receiver);
  if (field && fieldValues) {
    const values = fieldValues(field);
    if (values?.some((value) => !mayBeOwnObject(value, blocked, resolve)) === true) return undefined;
  }
  return definitions.functions;
}

/**
 * `x.#name()`: a private name is the lexically enclosing class's, whatever the receiver (any other
 * object throws a TypeError, synchronously), so the call runs that class's private method.
 */
function privateMethodOf(member: AnyNode): readonly AnyNode[] | undefined {
  const name = propertyName(member);
  for (let node: AnyNode | undefined = enclosingClassBody(member); node; node = enclosingClassBody(node)) {
    const declared = children(node, 'body').find(
      (classMember) => isPrivateKey(classMember) && keyName(classMember) === name,
    );
    if (!declared) continue;
    if (declared.kind !== 'method') return undefined;
    const fn = declared.type === 'ClassPrivateMethod' ? declared : unwrap(child(declared, 'value'));
    return isFunctionNode(fn) ? [fn!] : undefined;
  }
  return undefined;
}

/** `this.field` at the root of a receiver chain (`this.path` of `this.path.parent`). */
function thisField(receiver: AnyNode): AnyNode | undefined {
  let current: AnyNode | undefined = receiver;
  while (current && isMemberExpression(current)) {
    const object = unwrap(child(current, 'object'));
    if (object?.type === 'ThisExpression') return current;
    current = object;
  }
  return undefined;
}

/** Promise methods: calling one is no evidence that the receiver is an object of this file. */
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * Whether a variable holds objects of this file, and therefore no thenable (when the file declares
 * no `then` on its classes or object literals): some read of it reads a private member (`e.#name`,
 * which throws on any other object), or, for a variable of unknown origin (`unknownOrigin`), calls
 * a method of this file on it (`e.lstat()`, resolved by name as above: the same closed-world
 * presumption). `reads` are the variable's reads (with parent links); the caller checks the
 * variable is never reassigned.
 */
export function isSameFileObject(
  reads: readonly AnyNode[],
  unknownOrigin: boolean,
  program: AnyNode,
  resolve: NameResolver,
  fieldValues?: (member: AnyNode) => readonly AnyNode[] | undefined,
): boolean {
  if (memberIndex(program, resolve).declaresThen) return false;
  return reads.some((read) => {
    const member = child(read, 'parent');
    if (!member || !isMemberExpression(member) || child(member, 'object') !== read) return false;
    if (isPrivateMember(member)) return true;
    if (!unknownOrigin) return false;
    const call = child(member, 'parent');
    const name = propertyName(member);
    return (
      call !== undefined &&
      isCallExpression(call) &&
      child(call, 'callee') === member &&
      name !== undefined &&
      !PROMISE_METHODS.has(name) &&
      sameFileMethodsOf(member, program, resolve, fieldValues) !== undefined
    );
  });
}

/** `this.parent` in a class that reads `this.parent.#fs`: the field holds objects of that class (when the file declares no `then`). */
export function isSameFileObjectField(member: AnyNode, program: AnyNode, resolve: NameResolver): boolean {
  const index = memberIndex(program, resolve);
  if (index.declaresThen || !isMemberExpression(member) || member.computed === true) return false;
  const name = propertyName(member);
  const body = unwrap(child(member, 'object'))?.type === 'ThisExpression' ? enclosingClassBody(member) : undefined;
  return name !== undefined && body !== undefined && index.privatelyReadFields.get(body)?.has(name) === true;
}
