/** CommonJS `require` as written, in both AST dialects. */
import { type AnyNode, child, isCallExpression, memberChainRoot, memberPath } from './ast.js';

/** A call of `require` (`require('x')`, `(require)('x')`); not `require.resolve('x')`. */
export const isRequireCall = (node: AnyNode | undefined): boolean =>
  isCallExpression(node) && memberPath(child(node!, 'callee')) === 'require';

/**
 * `require('x')` or a member chain on it: `require('fs').promises`, `require('x')?.y`,
 * `require('x') as typeof import('x')` (type assertions and `!` change no value).
 */
export const isRequireExpression = (node: AnyNode | undefined): boolean => isRequireCall(memberChainRoot(node));
