/**
 * The rule's one consultation of `detection/cannot-reject.ts` (docs/architecture.md §4, "a promise
 * that cannot reject"): the analysis is built on first use, once per file, over this file's names
 * (without types) or the type checker's declarations (with them).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, child, children, unwrap } from '../../detection/syntax/ast.js';
import {
  type CannotRejectAnalysis,
  type RejectionResolver,
  cannotRejectAnalysis,
  localFunctionOf,
} from '../../detection/cannot-reject.js';
import { classFieldValues } from '../../detection/class-fields.js';
import { importedFunctionOf } from '../../detection/module-functions.js';
import { isSameFileObject, isSameFileObjectField, sameFileMethodsOf } from '../../detection/same-file-methods.js';
import { classifyFloating, isSyntacticFunctionHandler } from '../../detection/promise-apis.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import { moduleParserFor } from '../module-parser.js';
import { type PromiseFile, perFile } from './promise-file.js';
import { thisOwner } from './this-owner.js';

const cannotReject = perFile((file): CannotRejectAnalysis => cannotRejectAnalysis(rejectionResolver(file)));

/**
 * A discarded value floats every item of a sequence and both branches of a ternary or `&&`/`||`,
 * and with `ignoreVoid: false` what `void` discards. Only the parts that float an unhandled promise
 * are asked: `stream.off('data', f), finish()` leaves nothing unhandled when `finish()` cannot reject,
 * whatever the plain call beside it returns.
 */
export function discardedCannotReject(file: PromiseFile, expression: AnyNode): boolean {
  const node = unwrap(expression)!;
  const parts = discardedParts(node);
  if (parts) return parts.every((part) => !floatsUnhandled(file, part) || discardedCannotReject(file, part));
  if (node.type === 'UnaryExpression' && node.operator === 'void')
    return discardedCannotReject(file, child(node, 'argument')!);
  return cannotReject(file).droppedValueIsHandled(node);
}

/** The parts of a discarded expression whose values are discarded with it, when it has parts. */
function discardedParts(node: AnyNode): AnyNode[] | undefined {
  switch (node.type) {
    case 'SequenceExpression':
      return children(node, 'expressions');
    case 'ConditionalExpression':
      return [child(node, 'consequent'), child(node, 'alternate')].filter((part) => part !== undefined);
    case 'LogicalExpression':
      return [child(node, 'left'), child(node, 'right')].filter((part) => part !== undefined);
    default:
      return undefined;
  }
}

const floatsUnhandled = (file: PromiseFile, part: AnyNode): boolean =>
  classifyFloating(part, file.predicates, file.options)?.kind === 'unhandled';

/** A callback that catches its own errors leaves nothing unhandled. */
export const callbackCannotReject = (file: PromiseFile, callback: TSESTree.Node): boolean =>
  cannotReject(file).callbackCannotReject(anyNode(callback));

/** Promises that need no rejection handler (their callee catches its own errors). */
function rejectionResolver(file: PromiseFile): RejectionResolver {
  const valuesOf = (target: AnyNode): AnyNode[] | undefined =>
    target.type === 'Identifier'
      ? valuesOfVariable(file, estreeNode(target))
      : thisFieldValues(file, estreeNode(target));
  const lookup = { file: file.context.filename, parse: moduleParserFor(file.context), scope: file.scope, valuesOf };
  return {
    ...(file.typed?.rejectionResolver ?? {
      functionOf: (callee) => localFunctionOf(callee, file.scope),
      isFunctionHandler: (node) => isSyntacticFunctionHandler(node, file.scope),
      methodsByName: (callee) => sameFileMethodsOf(callee, program(file), file.scope.resolve, fieldValuesOf(file)),
      isNotThenable: (node) => holdsSameFileObject(file, node),
      importedFunctionOf: (callee) => importedFunctionOf(callee, lookup),
    }),
    valuesOf,
    readsOf: (identifier) =>
      ownVariableOf(file, identifier)?.references.flatMap((ref) => (ref.isRead() ? [anyNode(ref.identifier)] : [])),
    parameterOf(identifier) {
      const def = ownVariableOf(file, identifier)?.defs[0];
      return def?.type === 'Parameter' ? anyNode(def.node) : undefined;
    },
  };
}

const program = (file: PromiseFile): AnyNode => anyNode(file.sourceCode.ast);

const fieldValuesOf =
  (file: PromiseFile) =>
  (member: AnyNode): AnyNode[] | undefined =>
    thisFieldValues(file, estreeNode(member));

/** A variable never reassigned, or a field, that holds objects of this file (detection/same-file-methods.ts). */
function holdsSameFileObject(file: PromiseFile, node: AnyNode): boolean {
  if (node.type === 'MemberExpression') return isSameFileObjectField(node, program(file), file.scope.resolve);
  if (node.type !== 'Identifier') return false;
  const kind = file.scope.resolve(node).kind;
  const variable = kind === 'unknown' || kind === 'value' ? ownVariableOf(file, node) : null;
  if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init)) return false;
  const reads = variable.references.flatMap((reference) => (reference.isRead() ? [anyNode(reference.identifier)] : []));
  return isSameFileObject(reads, kind === 'unknown', program(file), file.scope.resolve, fieldValuesOf(file));
}

/** A variable of this file (not of a function parsed again from another file, typeAware). */
function ownVariableOf(file: PromiseFile, identifier: AnyNode): TSESLint.Scope.Variable | null {
  const node = estreeNode(identifier);
  if (node.type !== 'Identifier' || (file.typed && !file.typed.isOwnNode(node))) return null;
  return file.variableOf(node);
}

/** `this.x` in a class: what the class stores there (detection/class-fields.ts). */
function thisFieldValues(file: PromiseFile, member: TSESTree.Node): AnyNode[] | undefined {
  const owner = file.typed && !file.typed.isOwnNode(member) ? undefined : thisOwner(member);
  return owner?.kind === 'class'
    ? classFieldValues(anyNode(owner.node), anyNode(member), file.scope.resolve)
    : undefined;
}

/** Every value a local `let`/`const` is given, when each write is a plain assignment (not a parameter, loop or destructuring). */
function valuesOfVariable(file: PromiseFile, identifier: TSESTree.Node): AnyNode[] | undefined {
  // A function parsed again from another file (typeAware) is not in this file's scopes.
  if (identifier.type !== 'Identifier' || (file.typed && !file.typed.isOwnNode(identifier))) return undefined;
  const variable = file.variableOf(identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || String(def?.type) !== 'Variable' || def?.node.type !== 'VariableDeclarator') return undefined;
  const declarator = def.node;
  const declaration = declarator.parent;
  // `declare const p: Promise<void>` has a value nobody here wrote; a loop variable takes the iterated values.
  if (!declarator.init && declaration.declare) return undefined;
  const loop = declaration.parent;
  if (loop?.type === 'ForOfStatement' || loop?.type === 'ForInStatement') return undefined;
  const values: AnyNode[] = declarator.init ? [anyNode(declarator.init)] : [];
  for (const reference of variable.references) {
    if (!reference.isWrite() || reference.init) continue;
    const write = reference.identifier.parent;
    if (write?.type !== 'AssignmentExpression' || write.left !== reference.identifier) return undefined;
    values.push(anyNode(write.operator === '=' ? write.right : write));
  }
  return values;
}
