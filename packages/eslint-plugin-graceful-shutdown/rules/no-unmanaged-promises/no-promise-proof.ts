/**
 * Calls whose syntax proves their value is no promise nor an array of promises, so that typed mode
 * answers them without asking the checker (docs/architecture.md §4): `list.push(x)`, `list.unshift(x)`
 * and `list.forEach(fn)` on an own array, `f()` for an own function that returns nothing, and
 * whether a callback written in place returns a promise (not when it returns nothing). The
 * checker would type these `number`, `void` or `undefined` too, so no-floating-promises agrees; but
 * it gets there by resolving the call, which for an array built by `push` runs its control-flow
 * analysis at every push.
 *
 * "Own" means nothing but this declaration gives the binding its type: one declaration, no type
 * annotation, no JSDoc, no type assertion or parenthesised cast around the initialiser, never
 * written again, and not a global another script file of the program could declare too.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { child, someOwnReturn } from '../../detection/syntax/ast.js';
import { anyNode } from '../estree-nodes.js';

/** Array methods that return `number` or `void` whatever the elements are. */
const ARRAY_METHODS_WITHOUT_PROMISE = new Set(['push', 'unshift', 'forEach']);

/** Return type annotations that say "nothing". */
const NOTHING_TYPES = new Set(['TSVoidKeyword', 'TSUndefinedKeyword']);

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface NoPromiseProofFile {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** JSDoc types JavaScript declarations (TypeScript files ignore it). */
  readonly javaScript: boolean;
  /**
   * Whether the program's other files cannot declare the file's top-level names too: TypeScript
   * merges the top-level declarations of every script file (no import, export or CommonJS use) into one
   * global scope.
   */
  readonly topLevelIsPrivate: boolean;
}

export interface NoPromiseProof {
  /** The call's value is no promise nor an array of promises (see the module comment). */
  callValue(node: TSESTree.Node): boolean;
  /**
   * A function written here (a callback) whose calls return nothing, so `returnsPromise` is false
   * without typing it (which resolves the call it is passed to and infers its body's return type).
   */
  functionReturnsNothing(fn: TSESTree.Node): boolean;
}

export function noPromiseProof(file: NoPromiseProofFile): NoPromiseProof {
  const returnsNothingCache = new WeakMap<TSESTree.Node, boolean>();
  const returnsNothing = (fn: FunctionNode): boolean => {
    let verdict = returnsNothingCache.get(fn);
    if (verdict === undefined) {
      verdict = hasNoReturnValue(fn);
      returnsNothingCache.set(fn, verdict);
    }
    return verdict;
  };
  return {
    callValue(node) {
      if (node.type !== 'CallExpression' || node.optional) return false;
      const callee = node.callee;
      if (callee.type === 'Identifier') {
        const fn = ownFunction(file, callee);
        return fn !== undefined && returnsNothing(fn);
      }
      return (
        callee.type === 'MemberExpression' &&
        !callee.computed &&
        !callee.optional &&
        callee.property.type === 'Identifier' &&
        ARRAY_METHODS_WITHOUT_PROMISE.has(callee.property.name) &&
        callee.object.type === 'Identifier' &&
        ownArrayLiteral(file, callee.object)
      );
    },
    functionReturnsNothing(fn) {
      if (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return false;
      // In JavaScript, JSDoc before the function or a JSDoc cast around it can give it a return type.
      if (file.javaScript && (hasJSDoc(file, fn) || isParenthesised(file, fn))) return false;
      return returnsNothing(fn);
    },
  };
}

/** The variable an identifier names, when this declaration alone gives it its type. */
function ownVariable(file: NoPromiseProofFile, identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(identifier), identifier);
  if (!variable || variable.defs.length !== 1) return undefined;
  if (!file.topLevelIsPrivate && variable.scope.block.type === 'Program') return undefined;
  if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return variable;
}

/** A `VariableDeclarator` whose initialiser is the raw expression (no annotation, cast or JSDoc). */
function plainDeclarator(file: NoPromiseProofFile, variable: TSESLint.Scope.Variable): TSESTree.Expression | undefined {
  const def = variable.defs[0]!;
  const declarator = def.node;
  if (String(def.type) !== 'Variable' || declarator.type !== 'VariableDeclarator') return undefined;
  if (declarator.id.type !== 'Identifier' || declarator.id.typeAnnotation || declarator.definite) return undefined;
  const init = declarator.init;
  if (!init || isParenthesised(file, init)) return undefined;
  const statement =
    declarator.parent.parent?.type === 'ExportNamedDeclaration' ? declarator.parent.parent : declarator.parent;
  return hasJSDoc(file, statement) || hasJSDoc(file, declarator) ? undefined : init;
}

function ownArrayLiteral(file: NoPromiseProofFile, identifier: TSESTree.Identifier): boolean {
  const variable = ownVariable(file, identifier);
  return variable !== undefined && plainDeclarator(file, variable)?.type === 'ArrayExpression';
}

/** A same-file function an identifier is bound to: a declaration, or a `const f = function/arrow`. */
function ownFunction(file: NoPromiseProofFile, identifier: TSESTree.Identifier): FunctionNode | undefined {
  const variable = ownVariable(file, identifier);
  if (!variable) return undefined;
  const def = variable.defs[0]!;
  if (String(def.type) === 'FunctionName') {
    const declaration = def.node;
    if (declaration.type !== 'FunctionDeclaration') return undefined; // `declare function`, an overload
    const statement = declaration.parent.type === 'ExportNamedDeclaration' ? declaration.parent : declaration;
    return hasJSDoc(file, statement) ? undefined : declaration;
  }
  const init = plainDeclarator(file, variable);
  if (init?.type !== 'FunctionExpression' && init?.type !== 'ArrowFunctionExpression') return undefined;
  return hasJSDoc(file, init) ? undefined : init;
}

/** Not async, not a generator, no return type but `void`/`undefined`, and no `return <value>` of its own. */
function hasNoReturnValue(fn: FunctionNode): boolean {
  if (fn.async || fn.generator || fn.body?.type !== 'BlockStatement') return false;
  if (fn.returnType && !NOTHING_TYPES.has(fn.returnType.typeAnnotation.type)) return false;
  return !someOwnReturn(anyNode(fn.body), (statement) => child(statement, 'argument') !== undefined);
}

/** `(expr)`: in JavaScript a JSDoc cast (`/** @type {T} *\/ (expr)`) gives it another type. */
function isParenthesised(file: NoPromiseProofFile, node: TSESTree.Node): boolean {
  return file.sourceCode.getTokenBefore(node)?.value === '(' && file.sourceCode.getTokenAfter(node)?.value === ')';
}

/** In JavaScript, a `/** … *\/` comment right before the node: JSDoc, which can type a declaration. */
function hasJSDoc(file: NoPromiseProofFile, node: TSESTree.Node): boolean {
  return (
    file.javaScript &&
    file.sourceCode.getCommentsBefore(node).some((comment) => comment.type === 'Block' && comment.value.startsWith('*'))
  );
}
