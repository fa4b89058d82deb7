/**
 * The rule's one consultation of `detection/cannot-reject.ts` (docs/architecture.md §4, "a promise
 * that cannot reject"): the analysis is built on first use, once per file, over this file's names
 * (without types) or the type checker's declarations (with them).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, child, children, unwrap } from '../../detection/ast.js';
import {
  type CannotRejectAnalysis,
  type RejectionResolver,
  cannotRejectAnalysis,
  localFunctionOf,
} from '../../detection/cannot-reject.js';
import { isSyntacticFunctionHandler } from '../../detection/promise-apis.js';
import { anyNode, estreeNode } from '../estree-nodes.js';
import { type PromiseFile, perFile } from './promise-file.js';

const cannotReject = perFile((file): CannotRejectAnalysis => cannotRejectAnalysis(rejectionResolver(file)));

/** A discarded value floats every item of a sequence, and with `ignoreVoid: false` what `void` discards. */
export function discardedCannotReject(file: PromiseFile, expression: AnyNode): boolean {
  const node = unwrap(expression)!;
  if (node.type === 'SequenceExpression')
    return children(node, 'expressions').every((item) => discardedCannotReject(file, item));
  if (node.type === 'UnaryExpression' && node.operator === 'void')
    return discardedCannotReject(file, child(node, 'argument')!);
  return cannotReject(file).valueCannotReject(node);
}

/** A callback that catches its own errors leaves nothing unhandled. */
export const callbackCannotReject = (file: PromiseFile, callback: TSESTree.Node): boolean =>
  cannotReject(file).callbackCannotReject(anyNode(callback));

/** Promises that need no rejection handler (their callee catches its own errors). */
function rejectionResolver(file: PromiseFile): RejectionResolver {
  return {
    ...(file.typed?.rejectionResolver ?? {
      functionOf: (callee) => localFunctionOf(callee, file.scope),
      isFunctionHandler: (node) => isSyntacticFunctionHandler(node, file.scope),
    }),
    valuesOf: (identifier) => valuesOfVariable(file, estreeNode(identifier)),
  };
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
