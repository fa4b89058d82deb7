/** How `require-signal-propagation` names and underlines a call, and sees through expression wrappers. */
import type { TSESTree } from '@typescript-eslint/utils';
import { memberPath, propertyName, unwrap } from '../../detection/syntax/ast.js';
import { anyNode, estreeNode } from '../estree-nodes.js';

/** A short name for the callee in messages: `fsp.readFile`, `fetch`, `map`. */
export function calleeLabel(call: TSESTree.CallExpression): string {
  const callee = anyNode(call.callee);
  const path = memberPath(callee);
  if (path !== undefined) return path;
  const target = unwrap(callee);
  return (target && (target.type === 'MemberExpression' ? propertyName(target) : undefined)) ?? 'this call';
}

/** The node to underline when the options are missing: the method name, or the callee. */
export function calleeReportNode(call: TSESTree.CallExpression): TSESTree.Node {
  let callee: TSESTree.Node = call.callee;
  while (
    callee.type === 'TSNonNullExpression' ||
    callee.type === 'TSAsExpression' ||
    callee.type === 'TSInstantiationExpression'
  )
    callee = callee.expression;
  return callee.type === 'MemberExpression' ? callee.property : callee;
}

/** Strips type assertions, `!`, parentheses and optional-chain wrappers (`unwrap`), on ESLint's tree. */
export const unwrapExpression = (node: TSESTree.Node): TSESTree.Node => {
  const inner = unwrap(anyNode(node));
  return inner ? estreeNode(inner) : node;
};

/** The method name a member callee calls: `addEventListener` of `signal.addEventListener(…)`. */
export const calleeMethod = (call: TSESTree.CallExpression): string | undefined =>
  call.callee.type === 'MemberExpression' ? propertyName(anyNode(call.callee)) : undefined;

/** Wrappers that leave the value as it is (a stream in `pipeline(src as Readable, …)` is still that stream). */
export const TS_WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
]);
