/**
 * Where a rule's ESTree nodes meet the detection layer's dialect-neutral `AnyNode`
 * (docs/architecture.md §8): the one place that converts between them, by type guards rather than
 * casts (typescript-estree's node interfaces carry no index signature, so TypeScript cannot see that
 * each is an `AnyNode` until it is checked).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { type AnyNode, isNode } from '../detection/syntax/ast.js';

/** An ESTree node, handed to the detection layer. */
export function anyNode(node: TSESTree.Node | AnyNode): AnyNode {
  if (isNode(node)) return node;
  throw new TypeError('not an AST node');
}

/** A node of the tree ESLint parsed (it has `range` and `loc`). */
const isEstree = (node: TSESTree.Node | AnyNode): node is TSESTree.Node =>
  Array.isArray(node.range) && typeof node.loc === 'object' && node.loc !== null;

/** A node the detection layer returned from an ESTree tree, back in its ESTree type. */
export function estreeNode(node: TSESTree.Node | AnyNode): TSESTree.Node {
  if (isEstree(node)) return node;
  throw new TypeError(`not a node of the parsed tree: ${node.type}`);
}
