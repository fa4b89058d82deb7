/**
 * What a binding says about holding an AbortSignal, before any use is looked at: its TypeScript or
 * Flow annotation, the type checker's answer (through `SignalTypeHooks`), and `{ signal }` in a
 * pattern (docs/architecture.md §5).
 */
import { type AnyNode, child, children, keyName, memberPath, stringValue, unwrap } from '../syntax/ast.js';

/** The signal to pass at a call. */
export interface SignalInScope {
  /** The expression to pass, built from names: `signal`, `ctx.signal`, `options?.signal`, `abortSignal`. */
  readonly expression: string;
  /** What to add to an options object: `signal` (shorthand) or `signal: ctx.signal`. */
  readonly property: string;
  /** Where it comes from. */
  readonly source: 'parameter' | 'destructured-parameter' | 'context-parameter' | 'local';
  /** The binding that provides it (identifier, pattern property, declarator). */
  readonly node: AnyNode;
}

/** Answers from type information (the rule's type-aware mode); `undefined` means "decide syntactically". */
export interface SignalTypeHooks {
  /** Whether a binding identifier (parameter, destructured name, const) holds an AbortSignal. */
  isAbortSignal?(binding: AnyNode): boolean | undefined;
  /** Whether an identifier parameter is an object whose `signal` property is an AbortSignal (→ `param.signal`). */
  hasSignalProperty?(parameter: AnyNode): boolean | undefined;
}

export const signalProperty = (expression: string): string =>
  expression === 'signal' ? 'signal' : `signal: ${expression}`;

/** Names that hold a finished process or an error, whose `.signal` is a signal name (`err.signal === 'SIGTERM'`). */
export const NOT_A_CONTROLLER =
  /^(?:e|err|error|ex|exc|exception|reason|cause|result|res|child|proc|process|subprocess|cp|exit|status)$/i;

/** The annotation's type node of a binding (TS and Flow). */
export function annotationType(binding: AnyNode): AnyNode | undefined {
  const annotation = child(binding, 'typeAnnotation');
  if (!annotation) return undefined;
  return child(annotation, 'typeAnnotation') ?? annotation;
}

const NULLISH_TYPES = new Set([
  'TSUndefinedKeyword',
  'TSNullKeyword',
  'NullLiteralTypeAnnotation',
  'VoidTypeAnnotation',
  'TSVoidKeyword',
]);

/** `AbortSignal`, `globalThis.AbortSignal`, `AbortSignal | undefined`, `?AbortSignal` (Flow). */
export function isAbortSignalType(type: AnyNode | undefined): boolean {
  if (!type) return false;
  if (type.type === 'TSTypeReference') return memberPath(child(type, 'typeName'))?.split('.').pop() === 'AbortSignal';
  if (type.type === 'GenericTypeAnnotation') return memberPath(child(type, 'id'))?.split('.').pop() === 'AbortSignal';
  if (type.type === 'NullableTypeAnnotation' || type.type === 'TSParenthesizedType')
    return isAbortSignalType(child(type, 'typeAnnotation'));
  if (type.type === 'TSUnionType' || type.type === 'UnionTypeAnnotation') {
    const members = children(type, 'types').filter((member) => !NULLISH_TYPES.has(member.type));
    return members.length > 0 && members.every(isAbortSignalType);
  }
  return false;
}

export function typeReferenceName(type: AnyNode | undefined): string | undefined {
  if (type?.type === 'TSTypeReference') return memberPath(child(type, 'typeName'))?.split('.').pop();
  if (type?.type === 'GenericTypeAnnotation') return memberPath(child(type, 'id'))?.split('.').pop();
  return undefined;
}

/** The `signal` member of an inline object type (`{ signal: AbortSignal }`), if any. */
export function typeLiteralSignalMember(type: AnyNode | undefined): AnyNode | undefined {
  if (!type) return undefined;
  const members =
    type.type === 'TSTypeLiteral'
      ? children(type, 'members')
      : type.type === 'ObjectTypeAnnotation'
        ? children(type, 'properties')
        : [];
  return members.find((member) => keyName(member) === 'signal');
}

const PRIMITIVE_TYPES = new Set([
  'TSStringKeyword',
  'TSNumberKeyword',
  'TSBooleanKeyword',
  'TSBigIntKeyword',
  'TSSymbolKeyword',
  'TSLiteralType',
  'TSTemplateLiteralType',
  ...NULLISH_TYPES,
]);

/** The global `AbortSignal` by its bare name, possibly with `| undefined | null`. */
function isGlobalAbortSignalType(type: AnyNode): boolean {
  if (type.type === 'TSUnionType') {
    const members = children(type, 'types').filter((member) => !NULLISH_TYPES.has(member.type));
    return members.length > 0 && members.every(isGlobalAbortSignalType);
  }
  const name = child(type, 'typeName');
  return (
    type.type === 'TSTypeReference' &&
    name?.type === 'Identifier' &&
    name.name === 'AbortSignal' &&
    !child(type, 'typeArguments')
  );
}

/**
 * What a binding's TypeScript annotation alone says about its type, so that the checker is asked
 * only about the rest (giving the answer the checker would give): `AbortSignal` is a signal;
 * primitives (`string`, `'SIGINT' | 'SIGTERM'`, `undefined`) neither are one nor carry one;
 * `any` / `unknown` leave the decision to syntax.
 */
function annotationVerdict(type: AnyNode | undefined): 'abort-signal' | 'primitive' | 'untyped' | undefined {
  if (!type) return undefined;
  if (type.type === 'TSParenthesizedType') return annotationVerdict(child(type, 'typeAnnotation'));
  if (type.type === 'TSAnyKeyword' || type.type === 'TSUnknownKeyword') return 'untyped';
  const members = type.type === 'TSUnionType' ? children(type, 'types') : [type];
  if (members.every((member) => PRIMITIVE_TYPES.has(member.type))) return 'primitive';
  return isGlobalAbortSignalType(type) ? 'abort-signal' : undefined;
}

/** A string / number default (`signal = 'SIGTERM'`) says the parameter is a signal *name*. */
export function hasPrimitiveDefault(param: AnyNode): boolean {
  if (param.type !== 'AssignmentPattern') return false;
  const right = unwrap(child(param, 'right'));
  return (
    stringValue(right) !== undefined ||
    right?.type === 'NumericLiteral' ||
    (right?.type === 'Literal' && typeof right.value === 'number')
  );
}

/** The checker's answer, unless the binding's annotation settles it (`isAbortSignal` hook). */
export function typedIsAbortSignal(hooks: SignalTypeHooks, binding: AnyNode): boolean | undefined {
  if (!hooks.isAbortSignal) return undefined;
  switch (annotationVerdict(annotationType(binding))) {
    case 'abort-signal':
      return true;
    case 'primitive':
      return false;
    case 'untyped':
      return undefined;
    default:
      return hooks.isAbortSignal(binding);
  }
}

/** The checker's answer, unless the parameter's annotation settles it (`hasSignalProperty` hook). */
export function typedHasSignalProperty(hooks: SignalTypeHooks, param: AnyNode): boolean | undefined {
  if (!hooks.hasSignalProperty) return undefined;
  switch (annotationVerdict(annotationType(param))) {
    case 'primitive':
      return false;
    case 'untyped':
      return undefined;
    default:
      return hooks.hasSignalProperty(param);
  }
}

/** `{ signal }` / `{ signal: s }` in a pattern (unless the inline type says `signal` is something else). */
export function destructuredSignal(
  hooks: SignalTypeHooks,
  pattern: AnyNode,
  type: AnyNode | undefined,
): Omit<SignalInScope, 'source'> | undefined {
  for (const property of children(pattern, 'properties')) {
    if (property.type === 'RestElement') continue;
    if (keyName(property) !== 'signal') continue;
    let value = child(property, 'value');
    if (value?.type === 'AssignmentPattern') value = child(value, 'left');
    if (value?.type !== 'Identifier' || typeof value.name !== 'string') return undefined;
    const typed = typedIsAbortSignal(hooks, value);
    if (typed === false) return undefined;
    if (typed === undefined) {
      const member = typeLiteralSignalMember(type);
      if (member && !isAbortSignalType(annotationType(member))) return undefined;
    }
    return { expression: value.name, property: signalProperty(value.name), node: property };
  }
  return undefined;
}
